"""Is anyone better off: found learning useful, check questions right, used in practice,
reporters who would report again, and themes reported less after their learning went out.

All but the reporters' answers come from the Kirkpatrick roll-up, the one computation of
levels 1 to 4 (learning.evaluation.kirkpatrick).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.evaluation.comparing import FigureKind, Measured, compared, share
from learning.evaluation.figures import Figure, Question, Unit
from learning.evaluation.kirkpatrick import KIND_NAMES, Rollup, Share
from learning.evaluation.periods import Window
from learning.evaluation.scope import reports_in_scope
from learning.evaluation.theme_rates import RATE_MONTHS
from storage.models.evaluation import ReportAgain, ReporterFeedback

USEFUL = FigureKind(
    "found_useful", "Found the learning useful", Question.BETTER_OFF, Unit.PERCENT,
    note="Of those who said whether it was useful: learning sent in the period (a course: "
    "those who came to a session in the period).")
CHECK = FigureKind(
    "check_right", "Check questions answered right", Question.BETTER_OFF, Unit.PERCENT,
    note="Nuggets sent in the period: right the first time asked, and right when asked again "
    "after a wrong answer.")
USED = FigureKind(
    "used_in_practice", "Used it in their practice", Question.BETTER_OFF, Unit.PERCENT,
    note="Answers to \"have you used this in your practice?\" weeks later: \"yes\" of \"yes\" "
    "and \"not yet\". \"Not relevant\" is left out of that, and shown on its own row as a share "
    "of every answer.")
AGAIN = FigureKind(
    "would_report_again", "Reporters who would report again", Question.BETTER_OFF,
    Unit.PERCENT, note="Reporters' answers given in the period to \"would you report "
    "something like this again?\", after they heard what changed.")
THEMES = FigureKind(
    "theme_report_rates", "Reports a month on a theme, after its learning went out",
    Question.BETTER_OFF, Unit.COUNT,
    note=f"For each theme whose learning first went out in the period: reports a month in the "
    f"{RATE_MONTHS} whole months after that month, beside the {RATE_MONTHS} before it.")
FIRST_TIME, AFTER_REASK = "Right first time", "Right when asked again"
USED_ROW, NOT_RELEVANT = "Used it in practice", "Said it was not relevant to their work"


def better_off(session: Session, now: Window, before: Window, rolled: Rollup,
               rolled_before: Rollup, *, smallest: int) -> list[Figure]:
    return [
        compared(USEFUL, _reaction(rolled), _reaction(rolled_before), smallest=smallest,
                 labels=list(KIND_NAMES.values())),
        compared(CHECK, _checks(rolled), _checks(rolled_before), smallest=smallest),
        compared(USED, _used(rolled), _used(rolled_before), smallest=smallest),
        compared(AGAIN, {"Reporters": _again(session, now)},
                 {"Reporters": _again(session, before)}, smallest=smallest),
        _themes(rolled, smallest),
    ]


def _measured(part: Share) -> Measured:
    return share(part.count, part.out_of)


def _reaction(rolled: Rollup) -> dict[str, Measured]:
    return {name: _measured(part) for name, part in rolled.reaction.items()}


def _checks(rolled: Rollup) -> dict[str, Measured]:
    return {FIRST_TIME: _measured(rolled.right_first_time),
            AFTER_REASK: _measured(rolled.right_after_reask)}


def _used(rolled: Rollup) -> dict[str, Measured]:
    used, not_relevant = rolled.used_in_practice, rolled.not_relevant
    return {USED_ROW: _measured(used),
            NOT_RELEVANT: share(not_relevant, used.out_of + not_relevant)}


def _again(session: Session, window: Window) -> Measured:
    yes, answered = session.execute(
        select(func.count().filter(ReporterFeedback.would_report_again == ReportAgain.YES),
               func.count())
        .where(window.holds(ReporterFeedback.answered_at),
               reports_in_scope(window.agency_id, ReporterFeedback.report_id))).one()
    return share(yes, answered)


def _themes(rolled: Rollup, smallest: int) -> Figure:
    # Each row is "after" beside "before" (not the period before); each is out of the reports
    # it counts, so a theme with two reports after its learning names nobody.
    after = {rate.theme: Measured(rate.after_a_month, rate.reports_after)
             for rate in rolled.results}
    before = {rate.theme: Measured(rate.before_a_month, rate.reports_before)
              for rate in rolled.results}
    return compared(THEMES, after, before, smallest=smallest,
                    compared_with=f"the {RATE_MONTHS} months before the learning went out")
