"""Privacy: the personal-details guard, masking and retention."""
