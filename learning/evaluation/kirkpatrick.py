"""Kirkpatrick's four levels for a nugget, a bulletin or a course, and rolled up over a period.

1 reaction: did people who answered find it useful; 2 learning: the check question right first
time, and right when asked again; 3 behaviour: a pulse weeks later, "have you used this in your
practice?"; 4 results: reports on the learning's themes a month, before and after it went out.
Counted with one GROUP BY per level over every item at once, so a period's roll-up costs the
same few queries as one nugget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from learning.evaluation.periods import Window
from learning.evaluation.scope import people_in_scope
from learning.evaluation.theme_rates import ThemeRate, theme_rates
from learning.settings import Settings
from learning.reports.access import acting_account, evaluated_agency
from storage.database import UnitOfWork
from storage.models import Account
from storage.models.evaluation import AnswerCount, Pulse, PulseAnswer
from storage.models.improvement import LearningItem
from storage.models.nudges import Bulletin, DeliveryKind, Nugget
from storage.models.training import Booking, Course, TrainingEvent

NUGGET, BULLETIN, COURSE = "nugget", "bulletin", "course"
KIND_NAMES = {NUGGET: "Learning nuggets", BULLETIN: "Learning bulletins", COURSE: "Courses"}


@dataclass(frozen=True)
class Share:
    count: int = 0
    out_of: int = 0

    @property
    def percent(self) -> float | None:
        return round(self.count * 100 / self.out_of, 1) if self.out_of else None

    def __add__(self, other: Share) -> Share:
        return Share(self.count + other.count, self.out_of + other.out_of)


@dataclass(frozen=True)
class Learning:
    """A nugget, bulletin or course as the levels name it: `item` as the outbox does."""

    item: str
    kind: str
    title: str
    sent_on: date | None
    themes: tuple[str, ...] = ()
    sent_at: datetime | None = None


@dataclass(frozen=True)
class Levels:
    learning: Learning
    # 1 reaction: found it useful, of those who answered.
    reaction: Share = Share()
    # 2 learning: the check question; None when the item has no check (bulletins, courses).
    right_first_time: Share | None = None
    right_after_reask: Share | None = None
    # 3 behaviour: "yes" of "yes" and "not yet"; "not relevant" is counted apart.
    used_in_practice: Share = Share()
    not_relevant: int = 0
    # 4 results: one per theme of the learning.
    results: tuple[ThemeRate, ...] = ()


@dataclass(frozen=True)
class Rollup:
    """Every nugget, bulletin and course sent in a period, and the levels over them all."""

    items: tuple[Levels, ...]
    # Reaction by what the learning was ("Learning nuggets", "Learning bulletins", "Courses").
    reaction: dict[str, Share] = field(default_factory=dict)
    right_first_time: Share = Share()
    right_after_reask: Share = Share()
    used_in_practice: Share = Share()
    not_relevant: int = 0
    # Each theme once, measured from the first learning on it sent in the period.
    results: tuple[ThemeRate, ...] = ()


def nugget_levels(uow: UnitOfWork, nugget_id: int, *, by: Account, settings: Settings,
                  agency_id: int | None = None, today: date | None = None) -> Levels:
    """One nugget's four levels (an agency lead: their agency's people's answers)."""
    session, agency = _checked(uow, by, agency_id)
    nugget = session.get(Nugget, nugget_id)
    if nugget is None:
        raise LookupError("That learning nugget no longer exists.")
    return levels(session, [_nugget(session, nugget, settings.timezone)], agency_id=agency,
                  timezone=settings.timezone, today=_today(today, settings))[0]


def bulletin_levels(uow: UnitOfWork, bulletin_id: int, *, by: Account, settings: Settings,
                    agency_id: int | None = None, today: date | None = None) -> Levels:
    session, agency = _checked(uow, by, agency_id)
    bulletin = session.get(Bulletin, bulletin_id)
    if bulletin is None:
        raise LookupError("That learning bulletin no longer exists.")
    return levels(session, [_bulletin(bulletin, settings.timezone)], agency_id=agency,
                  timezone=settings.timezone, today=_today(today, settings))[0]


def course_levels(uow: UnitOfWork, course_id: int, *, by: Account, settings: Settings,
                  agency_id: int | None = None, today: date | None = None) -> Levels:
    session, agency = _checked(uow, by, agency_id)
    course = session.get(Course, course_id)
    if course is None:
        raise LookupError("That course no longer exists.")
    first = session.scalar(select(func.min(TrainingEvent.starts_at))
                           .where(TrainingEvent.course_id == course.id))
    return levels(session, [_course(course, first, settings.timezone)], agency_id=agency,
                  timezone=settings.timezone, today=_today(today, settings))[0]


def rollups(session: Session, now: Window, before: Window, *, today: date
            ) -> tuple[Rollup, Rollup]:
    """The levels of everything sent in this period and in the period before, and over each
    period's all; the period before's without level 4 (its card compares levels 1 to 3
    only). Each item's answers are counted in one pass for both. Access is the caller's
    (the report card and the Board pack check it)."""
    sent_now, sent_before = sent_in(session, now), sent_in(session, before)
    items = sorted({each.item for each in (*sent_now, *sent_before)})
    answered = {"answers": _delivery_answers(session, items, now.agency_id),
                "pulses": _pulse_answers(session, items, now.agency_id)}
    return (_rolled(now, levels(session, sent_now, agency_id=now.agency_id,
                                timezone=now.timezone, today=today, events_in=now,
                                **answered)),
            _rolled(before, levels(session, sent_before, agency_id=before.agency_id,
                                   timezone=before.timezone, today=today, events_in=before,
                                   results=False, **answered)))


def _rolled(window: Window, found: list[Levels]) -> Rollup:
    reaction = {name: Share() for name in KIND_NAMES.values()}
    first, again, used, not_relevant = Share(), Share(), Share(), 0
    for each in found:
        name = KIND_NAMES[each.learning.kind]
        reaction[name] += each.reaction
        first += each.right_first_time or Share()
        again += each.right_after_reask or Share()
        used += each.used_in_practice
        not_relevant += each.not_relevant
    seen: dict[str, ThemeRate] = {}
    for each in sorted(found, key=lambda e: e.learning.sent_at or window.end):
        for rate in each.results:
            seen.setdefault(rate.theme, rate)
    return Rollup(items=tuple(found), reaction=reaction, right_first_time=first,
                  right_after_reask=again, used_in_practice=used, not_relevant=not_relevant,
                  results=tuple(sorted(seen.values(), key=lambda r: r.theme)))


def sent_in(session: Session, window: Window) -> list[Learning]:
    """Nuggets first sent, bulletins sent and courses run (a training event) in the window."""
    nuggets = session.scalars(select(Nugget).where(window.holds(Nugget.first_sent_at))
                              .order_by(Nugget.first_sent_at, Nugget.id)).all()
    item_themes = _learning_item_themes(session, [n.learning_item_id for n in nuggets])
    bulletins = session.scalars(select(Bulletin).where(window.holds(Bulletin.sent_at))
                                .order_by(Bulletin.sent_at, Bulletin.id)).all()
    courses = session.execute(
        select(Course, func.min(TrainingEvent.starts_at)).join(TrainingEvent)
        .where(window.holds(TrainingEvent.starts_at)).group_by(Course.id)
        .order_by(func.min(TrainingEvent.starts_at), Course.id)).all()
    tz = window.timezone
    return [*(_nugget(session, n, tz, item_themes) for n in nuggets),
            *(_bulletin(b, tz) for b in bulletins),
            *(_course(c, first, tz) for c, first in courses)]


def levels(session: Session, learning: list[Learning], *, agency_id: int | None,
           timezone: ZoneInfo, today: date, events_in: Window | None = None,
           results: bool = True, answers: dict[str, dict[str, Share]] | None = None,
           pulses: dict[str, dict[PulseAnswer, int]] | None = None) -> list[Levels]:
    """Each item's levels, in the order given; `events_in` limits a course to its sessions
    in that window (the roll-up), otherwise every session counts. `answers` and `pulses`,
    when given, are those items' already counted (`rollups`)."""
    items = [each.item for each in learning]
    if answers is None:
        answers = _delivery_answers(session, items, agency_id)
    if pulses is None:
        pulses = _pulse_answers(session, items, agency_id)
    courses = _course_reactions(session, [int(i.split(":")[1]) for i in items
                                          if i.startswith("course:")], agency_id, events_in)
    rates = theme_rates(session, [(each.themes, each.sent_at) for each in learning
                                  if each.themes and each.sent_at and results],
                        agency_id=agency_id,
                        timezone=timezone, today=today)
    found = []
    for each in learning:
        got = answers.get(each.item, {})
        pulse = pulses.get(each.item, {})
        yes, not_yet = pulse.get(PulseAnswer.YES, 0), pulse.get(PulseAnswer.NOT_YET, 0)
        checked = each.kind == NUGGET
        found.append(Levels(
            learning=each,
            reaction=courses.get(each.item, Share()) if each.kind == COURSE
            else got.get("useful", Share()),
            right_first_time=got.get("first", Share()) if checked else None,
            right_after_reask=got.get("again", Share()) if checked else None,
            used_in_practice=Share(yes, yes + not_yet),
            not_relevant=pulse.get(PulseAnswer.NOT_RELEVANT, 0),
            results=tuple(rates[(theme, each.sent_at)] for theme in each.themes
                          if (theme, each.sent_at) in rates)))
    return found


def _delivery_answers(session: Session, items: list[str], agency_id: int | None
                      ) -> dict[str, dict[str, Share]]:
    """From the kept answer counts (learning.evaluation.kept_counts)."""
    if not items:
        return {}
    kept = AnswerCount
    query = (select(kept.item, kept.kind, func.sum(kept.useful), func.sum(kept.not_useful),
                    func.sum(kept.check_right), func.sum(kept.check_wrong))
             .where(kept.item.in_(items)).group_by(kept.item, kept.kind))
    if agency_id is not None:
        query = query.where(kept.agency_id == agency_id)
    found: dict[str, dict[str, Share]] = {}
    for item, kind, useful, not_useful, right, wrong in session.execute(query):
        got = found.setdefault(item, {})
        checked = Share(right, right + wrong)
        if kind == DeliveryKind.NUGGET_RECHECK:
            got["again"] = got.get("again", Share()) + checked
        else:
            # A re-ask asks the check again, not whether it was useful: one answer a person.
            got["useful"] = got.get("useful", Share()) + Share(useful, useful + not_useful)
            got["first"] = got.get("first", Share()) + checked
    return found


def _pulse_answers(session: Session, items: list[str], agency_id: int | None
                   ) -> dict[str, dict[PulseAnswer, int]]:
    if not items:
        return {}
    found: dict[str, dict[PulseAnswer, int]] = {}
    for item, answer, n in session.execute(
            select(Pulse.item, Pulse.answer, func.count())
            .where(Pulse.item.in_(items), Pulse.answer.is_not(None),
                   people_in_scope(agency_id, Pulse.person_id))
            .group_by(Pulse.item, Pulse.answer)):
        found.setdefault(item, {})[answer] = n
    return found


def _course_reactions(session: Session, course_ids: list[int], agency_id: int | None,
                      events_in: Window | None) -> dict[str, Share]:
    """Kirkpatrick level 1 for a course: those who came and said whether it was useful."""
    if not course_ids:
        return {}
    query = (select(TrainingEvent.course_id, func.count(Booking.useful),
                    func.count(case((Booking.useful.is_(True), 1))))
             .join(TrainingEvent, Booking.event_id == TrainingEvent.id)
             .where(TrainingEvent.course_id.in_(course_ids), Booking.attended.is_(True),
                    people_in_scope(agency_id, Booking.person_id))
             .group_by(TrainingEvent.course_id))
    if events_in is not None:
        query = query.where(events_in.holds(TrainingEvent.starts_at))
    return {f"course:{course}": Share(useful, answered)
            for course, answered, useful in session.execute(query)}


def _learning_item_themes(session: Session, ids: list[int | None]) -> dict[int, list[str]]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {item_id: themes for item_id, themes in session.execute(
        select(LearningItem.id, LearningItem.themes).where(LearningItem.id.in_(wanted)))}


def _nugget(session: Session, nugget: Nugget, tz: ZoneInfo,
            item_themes: dict[int, list[str]] | None = None) -> Learning:
    # A nugget's own themes; failing those, the themes of the learning it disseminates.
    if item_themes is None:
        item_themes = _learning_item_themes(session, [nugget.learning_item_id])
    themes = nugget.themes or item_themes.get(nugget.learning_item_id or 0, [])
    sent = nugget.first_sent_at
    return Learning(item=f"nugget:{nugget.id}", kind=NUGGET, title=nugget.title,
                    sent_on=_day(sent, tz), themes=tuple(themes), sent_at=sent)


def _bulletin(bulletin: Bulletin, tz: ZoneInfo) -> Learning:
    sent = bulletin.sent_at
    return Learning(item=f"bulletin:{bulletin.id}", kind=BULLETIN, title=bulletin.title,
                    sent_on=_day(sent, tz), sent_at=sent)


def _course(course: Course, first: datetime | None, tz: ZoneInfo) -> Learning:
    return Learning(item=f"course:{course.id}", kind=COURSE, title=course.name,
                    sent_on=_day(first, tz), sent_at=first)


def _day(moment: datetime | None, tz: ZoneInfo) -> date | None:
    return moment.astimezone(tz).date() if moment else None


def _checked(uow: UnitOfWork, by: Account, agency_id: int | None
             ) -> tuple[Session, int | None]:
    """Per item every answer counts, whenever given; an agency lead, their agency's only."""
    return uow.session, evaluated_agency(acting_account(uow.session, by), agency_id)


def _today(today: date | None, settings: Settings) -> date:
    return today or datetime.now(settings.timezone).date()
