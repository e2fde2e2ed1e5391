"""A labelled corpus of realistic near-miss report texts for measuring the PII guard.

Written for this project: templates in the voices of social workers, teachers, nurses, health
visitors and police officers, filled from name and detail lists of our own (`people.py`), so
the guard's own dictionary of given names is not what the corpus is made of.
"""
