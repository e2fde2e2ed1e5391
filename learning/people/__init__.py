"""People: dashboard accounts, the directory of agencies and staff, lockout, hashing."""
