"""The partnership's learning loop: the learning log, action plans, the theme vocabulary,
emerging clusters, reviews and referrals, statutory notifications."""
