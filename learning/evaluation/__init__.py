"""Evaluating the learning: the outcomes-based accountability report card, Kirkpatrick levels
for every nugget, bulletin and course, pulses, and the figures of the Board pack."""
