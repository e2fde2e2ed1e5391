"""Writing a nugget: the draft a lead types, its checks, saving, and editing until it is sent."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy.orm import Session

from learning.messaging import NuggetNotice
from learning.nudges.briefing import PART_HEADINGS, Briefing, briefing_length, briefing_of
from learning.nudges.delivery_notices import nugget_notice
from learning.reports.access import Permission, require
from learning.reports.themes import canonical_themes
from learning.settings import Settings
from storage.models import Account
from storage.models.improvement import LearningItem
from storage.models.nudges import Delivery, Nugget, NuggetState

TITLE_MAX = 200
# One part fits one Slack section; the whole is about seven minutes' reading (~1,300 words).
PART_MAX = 3000
BRIEFING_MAX = 8000
QUESTION_MAX = 300


class UnknownLearningItem(ValueError):
    """The learning log entry a nugget names is not in the log."""


class AlreadySent(Exception):
    """A nugget that has gone out is read-only: what people received stays what it says."""

    def __init__(self) -> None:
        super().__init__("This nugget has been sent, so it can no longer be changed. "
                         "Withdraw it and write a new one if it needs correcting.")


@dataclass
class NuggetDraft:
    title: str = ""
    what_happened: str = ""
    why_it_matters: str = ""
    do_differently: str = ""
    reflect_questions: str = ""
    further_reading: str = ""
    source: str = ""
    learning_item_id: int | None = None
    themes: list[str] = field(default_factory=list)
    agency_ids: list[int] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    send_at: datetime | None = None
    repeat_every_days: int | None = None
    check_question: str = ""
    check_options: list[str] = field(default_factory=list)
    check_answer: int | None = None
    check_explanation: str = ""


def is_editable(nugget: Nugget) -> bool:
    """Editable until it first goes out, and never once withdrawn."""
    return nugget.first_sent_at is None and nugget.state in (NuggetState.DRAFT,
                                                             NuggetState.SCHEDULED)


def check_nugget(draft: NuggetDraft) -> dict[str, str]:
    """Problems to fix, by field; empty when the nugget can be saved."""
    problems: dict[str, str] = {}
    if not draft.title.strip():
        problems["title"] = "Enter a title"
    elif len(draft.title) > TITLE_MAX:
        problems["title"] = f"Title must be {TITLE_MAX} characters or fewer"
    problems |= _briefing_problems(draft) | _check_problems(draft)
    if draft.repeat_every_days is not None and not 7 <= draft.repeat_every_days <= 366:
        problems["repeat_every_days"] = "Repeat every 7 to 366 days, or leave it empty"
    return problems


def _briefing_problems(draft: NuggetDraft) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not draft.what_happened.strip():
        problems["what_happened"] = "Say what happened: the practice the learning comes from"
    for name, heading in PART_HEADINGS.items():
        if name not in problems and len(getattr(draft, name)) > PART_MAX:
            problems[name] = f"{heading}: keep it to {PART_MAX} characters"
    if not problems and briefing_length(briefing_of(draft)) > BRIEFING_MAX:
        problems["what_happened"] = (f"The whole briefing must be {BRIEFING_MAX} characters or "
                                     "fewer: about seven minutes' reading")
    return problems


def _check_problems(draft: NuggetDraft) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not draft.check_question.strip():
        return problems
    options = [o.strip() for o in draft.check_options if o.strip()]
    if len(draft.check_question) > QUESTION_MAX:
        problems["check_question"] = f"Question must be {QUESTION_MAX} characters or fewer"
    if len(options) < 2:
        problems["check_options"] = "Give at least two answers to choose from"
    elif draft.check_answer is None or not 0 <= draft.check_answer < len(options):
        problems["check_answer"] = "Choose which answer is right"
    return problems


def save_nugget(session: Session, draft: NuggetDraft, *, by: Account,
                nugget: Nugget | None = None) -> Nugget:
    """Create or edit; with a send time it is scheduled, without one it stays a draft.
    Editing one already sent raises AlreadySent."""
    require(by, Permission.TRIAGE)
    if nugget is not None and not is_editable(nugget):
        raise AlreadySent()
    if check_nugget(draft):
        raise ValueError("check_nugget found problems: show them before saving")
    if draft.learning_item_id and session.get(LearningItem, draft.learning_item_id) is None:
        raise UnknownLearningItem(f"There is no learning log entry {draft.learning_item_id}: "
                                  "check its number in the learning log, or leave it empty")
    nugget = nugget or Nugget(created_by=by.id)
    _fill(nugget, draft)
    nugget.themes = canonical_themes(session, draft.themes)  # the vocabulary's names
    nugget.state = NuggetState.SCHEDULED if draft.send_at else NuggetState.DRAFT
    session.add(nugget)
    return nugget


def _fill(nugget: Nugget, draft: NuggetDraft) -> None:
    has_check = bool(draft.check_question.strip())
    options = [o.strip() for o in draft.check_options if o.strip()] if has_check else []
    nugget.title = draft.title.strip()
    for part in fields(Briefing):
        setattr(nugget, part.name, getattr(draft, part.name).strip())
    nugget.source = draft.source.strip() or None
    nugget.learning_item_id = draft.learning_item_id
    nugget.themes = list(draft.themes)
    nugget.audience_agency_ids = list(draft.agency_ids)
    nugget.audience_roles = [r.strip() for r in draft.roles if r.strip()]
    nugget.send_at, nugget.repeat_every_days = draft.send_at, draft.repeat_every_days
    nugget.check_question = draft.check_question.strip() or None
    nugget.check_options = options
    nugget.check_answer = draft.check_answer if options else None
    nugget.check_explanation = draft.check_explanation.strip() or None


def draft_of(nugget: Nugget) -> NuggetDraft:
    """A saved nugget back as the draft its edit page starts from."""
    return NuggetDraft(
        title=nugget.title, source=nugget.source or "", learning_item_id=nugget.learning_item_id,
        **{part.name: getattr(nugget, part.name) or "" for part in fields(Briefing)},
        themes=list(nugget.themes), agency_ids=list(nugget.audience_agency_ids),
        roles=list(nugget.audience_roles), send_at=nugget.send_at,
        repeat_every_days=nugget.repeat_every_days,
        check_question=nugget.check_question or "", check_options=list(nugget.check_options),
        check_answer=nugget.check_answer, check_explanation=nugget.check_explanation or "")


def preview_notice(draft: NuggetDraft, settings: Settings) -> NuggetNotice:
    """The notice exactly as every channel receives it, before anything is saved."""
    nugget = Nugget(id=0, state=NuggetState.DRAFT)
    _fill(nugget, draft)
    return nugget_notice(nugget, Delivery(id=0), settings)
