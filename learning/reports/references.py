"""Report references and anonymous case keys: random, unguessable, easy to read aloud."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L: a reference is read over the phone and copied from paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _groups(count: int, size: int = 4) -> list[str]:
    return ["".join(secrets.choice(ALPHABET) for _ in range(size)) for _ in range(count)]


def new_reference() -> str:
    """e.g. LL-7KQ3-92XD: 8 random characters, about 40 bits, never sequential."""
    return "LL-" + "-".join(_groups(2))


def new_case_key() -> tuple[str, str, str]:
    """A 24-character case key as (key, locator, secret).

    The first two groups locate the report; the last four (about 79 bits) are the secret,
    which is stored only as a keyed hash. A key is found by its locator, so the follow-up
    page never has to try a hash against every report.
    """
    groups = _groups(6)
    return "-".join(groups), "".join(groups[:2]), "".join(groups[2:])


def split_case_key(typed: str) -> tuple[str, str] | None:
    """(locator, secret) from what a reporter typed, forgiving spaces, dashes and case."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(cleaned) != 24 or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned[:8], cleaned[8:]
