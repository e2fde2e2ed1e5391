"""Hashing what people keep secret: slow Argon2id for passwords, a keyed SHA-256 for case keys.

Passwords have little entropy, so each guess must cost time. A case key's secret is random,
so a keyed hash (HMAC-SHA256 with a server-side key) is as safe, and costs microseconds
instead of ~200 ms and 64 MiB on every report sent.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

KEYED = "hmac-sha256$"
_hasher = PasswordHasher()


def hash_secret(secret: str) -> str:
    """An Argon2id hash of a password."""
    return _hasher.hash(secret)


def secret_matches(stored_hash: str | None, secret: str) -> bool:
    """Whether `secret` is the password (or an old case key) behind an Argon2 hash.

    Always costs one Argon2 check, so a missing account takes as long as a wrong password.
    """
    try:
        return _hasher.verify(stored_hash or _decoy(), secret) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def keyed_hash(key: str, secret: str) -> str:
    return KEYED + hmac.new(key.encode(), secret.encode(), hashlib.sha256).hexdigest()


def keyed_hash_matches(stored_hash: str | None, key: str, secret: str) -> bool:
    """Constant-time comparison with a keyed hash; a missing hash costs the same and fails."""
    typed = keyed_hash(key, secret)
    return hmac.compare_digest(stored_hash or KEYED + "0" * 64, typed) and stored_hash is not None


def is_keyed(stored_hash: str) -> bool:
    return stored_hash.startswith(KEYED)


@cache
def _decoy() -> str:
    # Made on first use, not at import: checked when there is no account, so a miss costs
    # as long as a hit.
    return _hasher.hash("decoy: never matches anything a person can type")
