"""Pushing learning back: nuggets, the outbox, send pace, people's time, training, digests."""
