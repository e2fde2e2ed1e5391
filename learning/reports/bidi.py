"""Text a person typed, shown so its direction controls do nothing.

Unicode's explicit direction controls (embeddings, overrides, isolates, marks) can make text
read differently from what it says: an override can turn "pay 100" into "001 yap" on screen,
and can run past the end of the report into the page around it. Shown, each becomes a
visible marker such as [U+202E], on every page and in chat. Pages also isolate the text
(<bdi>), so right-to-left writing in it never reorders what follows. What was typed is
stored unchanged.
"""

from __future__ import annotations

CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def controls_shown(text: str) -> str:
    """The text with every direction control replaced by a visible, inert marker."""
    return "".join(f"[U+{ord(ch):04X}]" if ch in CONTROLS else ch for ch in text)

