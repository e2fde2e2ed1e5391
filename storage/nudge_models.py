"""Tables for pushing learning back: nuggets, training, and the delivery outbox."""
