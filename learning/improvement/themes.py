"""The theme vocabulary, as admins manage it: add, rename, synonyms, retire, merge, proposals.

A rename or merge rewrites the old name wherever a theme name is stored, in one function
(`rename_theme_everywhere`), so reports, rules and nuggets never point at a name that is gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from learning.reports.access import Permission, acting_account, require
from learning.reports.tags import tag_report
from learning.reports.themes import normalise_theme, normalise_themes, theme_names
from storage.database import UnitOfWork
from storage.models import Account, Report, RoutingRule
from storage.models.nudges import Nugget
from storage.models.themes import Theme, ThemeState

# Every table whose `themes` column is a list of theme names. The learning log's items and
# actions join this list when they land.
TAGGED = (Report, RoutingRule, Nugget)


class ThemeError(ValueError):
    """A change to the vocabulary that cannot be made; the message says what to do."""


@dataclass(frozen=True)
class VocabularyPage:
    current: list[Theme]
    proposed: list[Theme]
    retired: list[Theme]


def vocabulary(session: Session) -> VocabularyPage:
    themes = list(session.scalars(select(Theme).where(Theme.state != ThemeState.MERGED)
                                  .order_by(Theme.name)))
    return VocabularyPage(
        current=[t for t in themes if t.state is ThemeState.ACTIVE],
        proposed=[t for t in themes if t.state is ThemeState.PROPOSED],
        retired=[t for t in themes if t.state is ThemeState.RETIRED])


def rename_theme_everywhere(session: Session, old: str, new: str) -> int:
    """Write `new` in place of `old` in every stored theme list; how many rows changed."""
    changed = 0
    for model in TAGGED:
        # Themes are a short JSON list; a quoted match finds the rows on both databases.
        rows = session.scalars(select(model).where(cast(model.themes, Text).contains(f'"{old}"')))
        for row in rows.all():
            if old in row.themes:
                renamed = sorted({new if t == old else t for t in row.themes})
                if isinstance(row, Report):
                    tag_report(session, row, themes=renamed, factors=row.contributing_factors,
                               agencies=row.agencies)
                else:
                    row.themes = renamed
                changed += 1
    return changed


def add_theme(uow: UnitOfWork, *, by: Account, name: str, synonyms: str = "") -> int:
    session = _as_admin(uow, by)
    written = _free_name(session, name)
    theme = Theme(name=written, state=ThemeState.ACTIVE)
    session.add(theme)
    _add_synonyms(session, theme, synonyms.split(","))
    uow.commit()
    return theme.id


def rename_theme(uow: UnitOfWork, *, by: Account, theme_id: int, name: str) -> None:
    """The old name becomes a synonym, so people who still type it reach the theme."""
    session = _as_admin(uow, by)
    theme = _theme(session, theme_id)
    written = normalise_theme(name)
    if written == theme.name:
        raise ThemeError("That is the theme's name already: type the new name")
    written = _free_name(session, name)
    old, theme.name = theme.name, written
    theme.synonyms = sorted({*theme.synonyms, old} - {written})
    session.flush()
    rename_theme_everywhere(session, old, written)
    uow.commit()


def add_synonyms(uow: UnitOfWork, *, by: Account, theme_id: int, synonyms: str) -> None:
    session = _as_admin(uow, by)
    theme = _theme(session, theme_id)
    if not normalise_themes(synonyms.split(",")):
        raise ThemeError("Type at least one other way people write this theme")
    _add_synonyms(session, theme, synonyms.split(","))
    uow.commit()


def retire_theme(uow: UnitOfWork, *, by: Account, theme_id: int, retired: bool = True) -> None:
    """Retired themes stay on the reports that have them; they are no longer offered."""
    session = _as_admin(uow, by)
    theme = _theme(session, theme_id)
    theme.state = ThemeState.RETIRED if retired else ThemeState.ACTIVE
    uow.commit()


def accept_proposal(uow: UnitOfWork, *, by: Account, theme_id: int) -> None:
    session = _as_admin(uow, by)
    theme = _theme(session, theme_id)
    if theme.state is not ThemeState.PROPOSED:
        raise ThemeError(f"'{theme.name}' is not waiting to be accepted")
    theme.state = ThemeState.ACTIVE
    uow.commit()


def merge_theme(uow: UnitOfWork, *, by: Account, theme_id: int, into_id: int | None) -> None:
    """Fold a theme (or a proposal) into another: its name and synonyms become the other's."""
    session = _as_admin(uow, by)
    theme = _theme(session, theme_id)
    if into_id is None:
        raise ThemeError("Choose the theme to merge it into")
    target = _theme(session, into_id)
    if target.id == theme.id:
        raise ThemeError("Choose a different theme to merge it into")
    if target.state is not ThemeState.ACTIVE:
        raise ThemeError("Merge into a current theme")
    target.synonyms = sorted({*target.synonyms, theme.name, *theme.synonyms} - {target.name})
    theme.state, theme.merged_into_id, theme.synonyms = ThemeState.MERGED, target.id, []
    session.flush()
    rename_theme_everywhere(session, theme.name, target.name)
    uow.commit()


def _as_admin(uow: UnitOfWork, by: Account) -> Session:
    require(acting_account(uow.session, by), Permission.ADMINISTER)
    return uow.session


def _theme(session: Session, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None or theme.state is ThemeState.MERGED:
        raise ThemeError("That theme is no longer in the vocabulary")
    return theme


def _free_name(session: Session, name: str) -> str:
    written = normalise_theme(name)
    if not written:
        raise ThemeError("Type the theme's name")
    if "," in written:
        raise ThemeError("A theme's name cannot contain a comma")
    if written in theme_names(session) or session.scalar(select(Theme.id).where(
            Theme.name == written)) is not None:
        raise ThemeError(f"'{written}' is already in the vocabulary")
    return written


def _add_synonyms(session: Session, theme: Theme, synonyms: Iterable[str]) -> None:
    """A synonym already written on reports as a theme of its own is rewritten to this one."""
    taken = theme_names(session)
    wanted = set(normalise_themes(synonyms)) - {theme.name}
    for synonym in sorted(wanted):
        if taken.get(synonym, theme.name) != theme.name:
            raise ThemeError(f"'{synonym}' already belongs to the theme '{taken[synonym]}': "
                             "merge the two themes instead")
    theme.synonyms = sorted({*theme.synonyms, *wanted})
    session.flush()
    for synonym in wanted:
        rename_theme_everywhere(session, synonym, theme.name)
