"""Slow, salted hashing for case keys and local passwords (Argon2id via argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Checked when there is nothing to check against, so a miss costs as long as a hit.
_DECOY = _hasher.hash("decoy: never matches anything a person can type")


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def secret_matches(stored_hash: str | None, secret: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DECOY, secret) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
