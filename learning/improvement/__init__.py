"""The partnership's learning loop: the theme vocabulary, emerging clusters, prior learning,
the learning log, action plans, reviews and referrals (DESIGN.md: Improvement)."""
