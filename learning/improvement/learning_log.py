"""The learning log: what the partnership learned, where from, and every edit kept.

A learning item is written once and edited many times; each save is a new numbered version,
so the log's history is never overwritten. Service functions take the unit of work, make the
whole change and commit it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from learning.reports import timeline
from learning.reports.access import (NotAllowed, Permission, acting_account, allowed, require,
                                     visible_reports)
from learning.reports.themes import normalise_themes
from learning.reports.triage import find_report
from storage.database import UnitOfWork
from storage.models import Account, Agency, Report
from storage.models.improvement import (Action, LearningItem, LearningItemVersion,
                                        LearningStatus, learning_item_reports)
from storage.models.nudges import Nugget
from storage.vocabulary import EventKind

TITLE_MAX = 200
LEARNING_MAX = 5000
TRAINING_MAX = 2000
THEMES_MOST = 10


class LearningRefused(ValueError):
    """What was wrong, by field, in words the lead can act on."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(". ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class LearningDraft:
    title: str
    what_was_learned: str
    themes: list[str] = field(default_factory=list)
    status: str = LearningStatus.IDENTIFIED.value
    training: str = ""


def check_learning(draft: LearningDraft) -> dict[str, str]:
    problems = {}
    if not draft.title.strip():
        problems["title"] = "Give the learning a short title"
    elif len(draft.title.strip()) > TITLE_MAX:
        problems["title"] = f"The title must be {TITLE_MAX} characters or fewer"
    if not draft.what_was_learned.strip():
        problems["what_was_learned"] = "Write what the partnership learned"
    elif len(draft.what_was_learned.strip()) > LEARNING_MAX:
        problems["what_was_learned"] = (f"What was learned must be {LEARNING_MAX} characters "
                                        "or fewer")
    if len(normalise_themes(draft.themes)) > THEMES_MOST:
        problems["themes"] = f"Give at most {THEMES_MOST} themes"
    if draft.status not in {s.value for s in LearningStatus}:
        problems["status"] = "Choose where this learning has got to"
    if len(draft.training.strip()) > TRAINING_MAX:
        problems["training"] = f"Training must be {TRAINING_MAX} characters or fewer"
    return problems


def record_learning(uow: UnitOfWork, draft: LearningDraft, *, by: Account, now: datetime,
                    report_reference: str | None = None) -> LearningItem:
    """A new learning item (version 1), from a report when one is named."""
    session = uow.session
    me = acting_account(session, by)
    require(me, Permission.TRIAGE)
    report = _report_for(session, me, report_reference) if report_reference else None
    problems = check_learning(draft)
    if problems:
        raise LearningRefused(problems)
    item = LearningItem(created_by=me.id, version=0)
    session.add(item)
    _apply(session, item, draft, by=me, now=now)
    if report is not None:
        _link(session, item, report, by=me, now=now)
    uow.commit()
    return item


def learn_from_report(session: Session, report: Report, *, by: Account, now: datetime,
                      item_id: str, draft: LearningDraft) -> LearningItem:
    """"Record learning" on a report: link it to an item already in the log (`item_id`), or
    start a new item from `draft`. The caller commits (learning.reports.changes)."""
    require(by, Permission.TRIAGE, report)
    if item_id.strip():
        item = session.get(LearningItem, int(item_id)) if item_id.isdigit() else None
        if item is None:
            raise LearningRefused({"learning_item_id": "Choose learning from the log's list"})
        if report not in item.reports:
            _link(session, item, report, by=by, now=now)
        return item
    problems = check_learning(draft)
    if problems:
        raise LearningRefused(problems)
    item = LearningItem(created_by=by.id, version=0)
    session.add(item)
    _apply(session, item, draft, by=by, now=now)
    _link(session, item, report, by=by, now=now)
    return item


def edit_learning(uow: UnitOfWork, item_id: int, draft: LearningDraft, *, by: Account,
                  now: datetime) -> LearningItem:
    """Save an edit as the next version; the earlier versions stay as they were."""
    session = uow.session
    me = acting_account(session, by)
    require(me, Permission.TRIAGE)
    item = session.get(LearningItem, item_id)
    if item is None:
        raise LookupError(item_id)
    problems = check_learning(draft)
    if problems:
        raise LearningRefused(problems)
    _apply(session, item, draft, by=me, now=now)
    uow.commit()
    return item


def link_report(uow: UnitOfWork, item_id: int, reference: str, *, by: Account,
                now: datetime) -> LearningItem:
    """Learning seen again in another report: one item, many reports."""
    session = uow.session
    me = acting_account(session, by)
    item = session.get(LearningItem, item_id)
    if item is None:
        raise LookupError(item_id)
    report = _report_for(session, me, reference)
    if report not in item.reports:
        _link(session, item, report, by=me, now=now)
    uow.commit()
    return item


def link_nugget(uow: UnitOfWork, item_id: int, nugget_id: int, *, by: Account) -> None:
    """The nugget that disseminates this learning."""
    session = uow.session
    require(acting_account(session, by), Permission.TRIAGE)
    item, nugget = session.get(LearningItem, item_id), session.get(Nugget, nugget_id)
    if item is None or nugget is None:
        raise LearningRefused({"nugget_id": "Choose a learning nugget from the list"})
    nugget.learning_item_id = item.id
    uow.commit()


def _report_for(session: Session, me: Account, reference: str) -> Report:
    report = find_report(session, reference)
    if report is None or not allowed(me, Permission.VIEW_REPORT, report):
        raise LearningRefused({"reference": "There is no report with that reference"})
    require(me, Permission.TRIAGE, report)
    return report


def _apply(session: Session, item: LearningItem, draft: LearningDraft, *, by: Account,
           now: datetime) -> None:
    item.title = draft.title.strip()
    item.what_was_learned = draft.what_was_learned.strip()
    item.themes = normalise_themes(draft.themes)
    item.status = LearningStatus(draft.status)
    item.training = draft.training.strip() or None
    item.version = (item.version or 0) + 1
    item.updated_at = now
    session.add(LearningItemVersion(
        item=item, number=item.version, title=item.title, what_was_learned=item.what_was_learned,
        themes=list(item.themes), status=item.status, training=item.training, edited_by=by.id,
        edited_at=now))


def _link(session: Session, item: LearningItem, report: Report, *, by: Account,
          now: datetime) -> None:
    item.reports.append(report)
    session.flush()
    timeline.record(session, report, EventKind.LEARNING_RECORDED,
                    actor=timeline.account_actor(by.id), at=now, learning_item=item.id)


@dataclass(frozen=True)
class LogFilters:
    search: str = ""
    theme: str | None = None
    agency_id: int | None = None
    status: str | None = None


def learning_log(session: Session, account: Account | None, filters: LogFilters,
                 *, limit: int = 200) -> list[LearningItem]:
    """The log as this account may read it, newest change first."""
    if not allowed(account, Permission.VIEW_LEARNING_LOG):
        raise NotAllowed()
    query = select(LearningItem).order_by(LearningItem.updated_at.desc(), LearningItem.id.desc())
    if filters.search.strip():
        words = f"%{filters.search.strip().lower()}%"
        query = query.where(or_(func.lower(LearningItem.title).like(words),
                                func.lower(LearningItem.what_was_learned).like(words)))
    if filters.theme:
        themes = normalise_themes([filters.theme])
        if themes:
            # Themes are a JSON list of strings: match one whole, quoted entry.
            query = query.where(cast(LearningItem.themes, String).like(f'%"{themes[0]}"%'))
    if filters.status in {s.value for s in LearningStatus}:
        query = query.where(LearningItem.status == LearningStatus(filters.status))
    if filters.agency_id is not None:
        from_reports = (select(learning_item_reports.c.learning_item_id)
                        .join(Report, Report.id == learning_item_reports.c.report_id)
                        .where(Report.agencies.any(Agency.id == filters.agency_id)))
        from_actions = select(Action.learning_item_id).where(Action.agency_id == filters.agency_id)
        query = query.where(or_(LearningItem.id.in_(from_reports),
                                LearningItem.id.in_(from_actions)))
    return list(session.scalars(query.limit(limit)))


@dataclass(frozen=True)
class LearningItemPage:
    item: LearningItem
    reports: list[Report]
    nuggets: list[Nugget]
    all_nuggets: list[Nugget]
    editors: dict[int, str]


def learning_item_page(session: Session, item_id: int, *, by: Account | None
                       ) -> LearningItemPage | None:
    """The item with what this account may see of the reports behind it."""
    if not allowed(by, Permission.VIEW_LEARNING_LOG):
        raise NotAllowed()
    item = session.scalar(select(LearningItem).where(LearningItem.id == item_id).options(
        selectinload(LearningItem.versions), selectinload(LearningItem.reviews),
        selectinload(LearningItem.actions).selectinload(Action.agency)))
    if item is None:
        return None
    reports = list(session.scalars(
        select(Report).join(learning_item_reports, learning_item_reports.c.report_id == Report.id)
        .where(learning_item_reports.c.learning_item_id == item.id, visible_reports(by))
        .order_by(Report.id)))
    nuggets = list(session.scalars(select(Nugget).where(Nugget.learning_item_id == item.id)))
    every_nugget = list(session.scalars(select(Nugget).order_by(Nugget.id.desc()).limit(100)))
    editors = {a.id: a.display_name or a.email for a in session.scalars(select(Account))}
    return LearningItemPage(item=item, reports=reports, nuggets=nuggets, all_nuggets=every_nugget,
                            editors=editors)


def learning_for_report(session: Session, report: Report) -> list[LearningItem]:
    """The learning items a report contributed to, for its page."""
    return list(session.scalars(
        select(LearningItem).join(learning_item_reports)
        .where(learning_item_reports.c.report_id == report.id)
        .options(selectinload(LearningItem.actions)).order_by(LearningItem.id)))


def learning_choices(session: Session) -> list[tuple[str, str]]:
    """(id, title) of recent learning items, for "link to learning already in the log"."""
    rows = session.execute(select(LearningItem.id, LearningItem.title)
                           .order_by(LearningItem.updated_at.desc()).limit(200))
    return [(str(i), title) for i, title in rows]
