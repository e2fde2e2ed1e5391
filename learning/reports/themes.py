"""How a theme is written, so triage, routing and the queue compare the same words."""

from __future__ import annotations

from collections.abc import Iterable

# Long enough for "non-mobile babies with bruising"; short enough to read as a tag.
THEME_MAX = 40


def normalise_theme(theme: str) -> str:
    """Lower case, single spaces, at most THEME_MAX characters: the form every theme is kept in."""
    return " ".join(theme.split()).lower()[:THEME_MAX].strip()


def normalise_themes(themes: Iterable[str]) -> list[str]:
    """Each theme once, normalised and sorted; empty entries dropped."""
    return sorted({normalise_theme(t) for t in themes} - {""})
