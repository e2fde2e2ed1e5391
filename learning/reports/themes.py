"""How a theme is written, and which of the partnership's themes a written one means.

Every theme stored on a report, routing rule or nugget is the canonical name of a `Theme` in
the vocabulary: a synonym typed anywhere becomes its theme's name here, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Account
from storage.models.themes import Theme, ThemeState

# Long enough for "non-mobile babies with bruising"; short enough to read as a tag.
THEME_MAX = 40


class ThemeRefused(ValueError):
    """A theme that cannot be used as written; the message says what to choose instead."""


def normalise_theme(theme: str, synonyms: Mapping[str, str] | None = None) -> str:
    """Lower case, single spaces, at most THEME_MAX characters, and a synonym as its theme's
    name when `synonyms` (from `theme_names`) is given: the form every theme is kept in."""
    written = " ".join(theme.split()).lower()[:THEME_MAX].strip()
    return (synonyms or {}).get(written, written)


def normalise_themes(themes: Iterable[str], synonyms: Mapping[str, str] | None = None
                     ) -> list[str]:
    """Each theme once, normalised and sorted; empty entries dropped."""
    return sorted({normalise_theme(t, synonyms) for t in themes} - {""})


def theme_names(session: Session) -> dict[str, str]:
    """Every name and synonym in the vocabulary -> the canonical name it stands for."""
    found: dict[str, str] = {}
    for theme in session.scalars(select(Theme).where(Theme.state != ThemeState.MERGED)):
        found[theme.name] = theme.name
        for synonym in theme.synonyms:
            found.setdefault(synonym, theme.name)
    return found


def canonical_themes(session: Session, themes: Iterable[str]) -> list[str]:
    """Themes as the vocabulary names them; one it does not know is kept as written."""
    return normalise_themes(themes, theme_names(session))


def themes_for_classifying(session: Session, themes: Iterable[str], *, by: Account,
                           already: Iterable[str] = ()) -> list[str]:
    """The canonical names a lead's chosen and typed themes stand for.

    A theme the vocabulary has never seen is proposed to the admins (and used meanwhile); a
    retired one stays on a report that already has it but is not added anew.
    """
    names = theme_names(session)
    chosen = normalise_themes(themes, names)
    states = {t.name: t.state for t in session.scalars(select(Theme).where(Theme.name.in_(chosen)))}
    kept = set(already)
    for name in chosen:
        if states.get(name) is ThemeState.RETIRED and name not in kept:
            raise ThemeRefused(f"The theme '{name}' has been retired: choose a current theme")
        if name not in states:
            session.add(Theme(name=name, state=ThemeState.PROPOSED, proposed_by=by.id))
    return chosen


def themes_to_choose(session: Session) -> list[Theme]:
    """What a lead chooses from when classifying: active themes, then those proposed."""
    return list(session.scalars(
        select(Theme).where(Theme.state.in_([ThemeState.ACTIVE, ThemeState.PROPOSED]))
        .order_by(Theme.state, Theme.name)))
