"""The Board pack for a period: the report card, training compliance, the Kirkpatrick levels
of everything sent, and the learning log's items and actions, as plain tables.

De-identified by construction: no reporter identity is read, free text is masked
(learning.privacy.masking.deidentified), and every count of one to four people is
suppressed (learning.evaluation.suppression). The printable page and the spreadsheet (one
sheet per section) are both made from these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from learning.evaluation.figures import Period, ReportCard
from learning.evaluation.kirkpatrick import KIND_NAMES, Levels, Rollup, Share
from learning.evaluation.periods import Window
from learning.evaluation.report_card import card_and_rollup
from learning.evaluation.suppression import cell
from learning.privacy.masking import deidentified
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Account, Agency, report_agencies
from storage.models.improvement import Action, ActionStatus, LearningItem, learning_item_reports

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    # A spreadsheet sheet's name: 31 characters at most (Excel's limit), unique in the pack.
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class BoardPack:
    card: ReportCard
    sections: tuple[Table, ...]

    @property
    def period(self) -> Period:
        return self.card.period


def board_pack(uow: UnitOfWork, *, period: Period, by: Account, settings: Settings,
               agency_id: int | None = None, today: date | None = None) -> BoardPack:
    """Access as the report card's (an agency lead: their own agency's pack)."""
    today = today or datetime.now(settings.timezone).date()
    card, rolled = card_and_rollup(uow, period=period, agency_id=agency_id, by=by,
                                   settings=settings, today=today)
    smallest = card.smallest_shown
    agency = _agency_id(uow.session, card.agency)
    window = Window(card.period, settings.timezone, agency)
    return BoardPack(card=card, sections=(
        figures_table(card),
        training_table(card),
        kirkpatrick_table(rolled, smallest),
        learning_log_table(uow.session, window, smallest, today=today),
        actions_table(uow.session, window, smallest),
    ))


def figures_table(card: ReportCard) -> Table:
    rows = []
    for figure in card.figures:
        for row in figure.rows:
            rows.append((figure.question.value.replace("_", " "), figure.title, row.label,
                         _hidden(row.value, row.suppressed, row.withheld), row.out_of,
                         _hidden(row.previous, row.previous_suppressed, row.previous_withheld),
                         row.previous_out_of, figure.unit.value.replace("_", " ")))
    return Table("Report card", "The report card", (
        "Question", "Figure", "Row", "This period", "Out of", "Compared with", "Out of",
        "Unit"), tuple(rows), note="\"Compared with\" is the period before, except a theme's "
        "report rate, which compares the months before its learning went out.")


def _hidden(value: float | None, suppressed: bool, withheld: bool) -> object:
    """A figure's number for the pack's table, or why it is not shown."""
    if withheld:
        return "withheld"
    return "suppressed" if suppressed else value


def training_table(card: ReportCard) -> Table:
    return Table("Training compliance", "Training compliance by agency", (
        "Agency", "Completed", "Due", "Overdue", "No record", "Percentage valid"), tuple(
        (t.agency, *(("suppressed" if n is None and t.suppressed else n)
                     for n in (t.completed, t.due, t.overdue, t.no_record)),
         "suppressed" if t.percentage is None and t.suppressed else t.percentage)
        for t in card.training), note="Each person counted once per course they must hold.")


def kirkpatrick_table(rolled: Rollup, smallest: int) -> Table:
    rows = [_levels_row(each, smallest) for each in rolled.items]
    return Table("Kirkpatrick", "Kirkpatrick levels of the learning sent in the period", (
        "Learning", "Kind", "Sent on", "Found useful", "Answered", "Right first time",
        "Answered", "Right when asked again", "Answered", "Used in practice",
        "Answered yes or not yet", "Not relevant", "Themes: reports a month before",
        "Themes: reports a month after"), tuple(rows))


def _levels_row(each: Levels, smallest: int) -> tuple[Cell, ...]:
    def pair(part: Share | None) -> tuple[Cell, Cell]:
        if part is None:
            return None, None
        return cell(part.count, smallest), cell(part.out_of, smallest)

    learning = each.learning
    before = "; ".join(f"{r.theme}: {_rate(r.before_a_month, r.reports_before, smallest)}"
                       for r in each.results)
    after = "; ".join(f"{r.theme}: {_rate(r.after_a_month, r.reports_after, smallest)}"
                      for r in each.results)
    return (learning.title, KIND_NAMES[learning.kind], learning.sent_on, *pair(each.reaction),
            *pair(each.right_first_time), *pair(each.right_after_reask),
            *pair(each.used_in_practice), cell(each.not_relevant, smallest), before or None,
            after or None)


def _rate(rate: float | None, reports: int, smallest: int) -> str:
    if cell(reports, smallest) == "suppressed":
        return "suppressed"
    return "not yet measured" if rate is None else f"{rate:g}"


def learning_log_table(session: Session, window: Window, smallest: int, *,
                       today: date) -> Table:
    """Learning recorded or changed in the period, with how many reports it came from and
    where its actions stand: masked text, never a report's own words."""
    reports = (select(func.count()).where(
        learning_item_reports.c.learning_item_id == LearningItem.id)
        .correlate(LearningItem).scalar_subquery())
    query = (select(LearningItem, reports)
             .where(or_(window.holds(LearningItem.created_at),
                        window.holds(LearningItem.updated_at)))
             .order_by(LearningItem.created_at, LearningItem.id))
    if window.agency_id is not None:
        query = query.where(or_(
            LearningItem.id.in_(select(learning_item_reports.c.learning_item_id)
                                .join(report_agencies, report_agencies.c.report_id
                                      == learning_item_reports.c.report_id)
                                .where(report_agencies.c.agency_id == window.agency_id)),
            LearningItem.id.in_(select(Action.learning_item_id)
                                .where(Action.agency_id == window.agency_id))))
    found = session.execute(query).all()
    actions = _actions_by_item(session, [item.id for item, _ in found], window.agency_id)
    rows = tuple((deidentified(item.title, today=today),
                  deidentified(item.what_was_learned, today=today), ", ".join(item.themes),
                  item.status.value.replace("_", " "), cell(n, smallest),
                  *(cell(actions.get((item.id, s), 0), smallest) for s in ActionStatus))
                 for item, n in found)
    return Table("Learning log", "Learning recorded or changed in the period", (
        "Learning", "What was learned", "Themes", "Status", "Reports it came from",
        *(f"Actions {s.value.replace('_', ' ')}" for s in ActionStatus)), rows)


def _actions_by_item(session: Session, ids: list[int], agency_id: int | None
                     ) -> dict[tuple[int, ActionStatus], int]:
    if not ids:
        return {}
    query = (select(Action.learning_item_id, Action.status, func.count())
             .where(Action.learning_item_id.in_(ids))
             .group_by(Action.learning_item_id, Action.status))
    if agency_id is not None:
        query = query.where(Action.agency_id == agency_id)
    return {(item, status): n for item, status, n in session.execute(query)}


def actions_table(session: Session, window: Window, smallest: int) -> Table:
    """Actions due in the period by owning agency: where they stand, and how many were done
    late or are overdue at the end of the period."""
    end = window.period.end
    late = case(((Action.status == ActionStatus.DONE) & (Action.done_on > Action.due_on), 1))
    overdue = case((Action.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
                    & (Action.due_on < end), 1))
    query = (select(func.coalesce(Agency.name, "The partnership"), Action.status, func.count(),
                    func.count(late), func.count(overdue))
             .outerjoin(Agency, Agency.id == Action.agency_id)
             .where(Action.due_on.between(window.period.start, end))
             .group_by(Agency.name, Action.status))
    if window.agency_id is not None:
        query = query.where(Action.agency_id == window.agency_id)
    tally: dict[str, list[int]] = {}
    for agency, status, n, done_late, due_past in session.execute(query):
        counts = tally.setdefault(agency, [0] * (len(ActionStatus) + 2))
        counts[list(ActionStatus).index(status)] += n
        counts[-2] += done_late
        counts[-1] += due_past
    return Table("Actions", "Actions due in the period, by agency", (
        "Agency", *(s.value.replace("_", " ").capitalize() for s in ActionStatus),
        "Done late", "Overdue"), tuple(
        (agency, *(cell(n, smallest) for n in counts)) for agency, counts in sorted(
            tally.items())))


def _agency_id(session: Session, name: str | None) -> int | None:
    return session.scalar(select(Agency.id).where(Agency.name == name)) if name else None
