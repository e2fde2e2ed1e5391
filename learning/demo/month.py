"""The demo partnership's last month of work on its reports, so every page has something to show.

The demo reports arrive over four weeks; here the learning lead works them as a real group
would: acknowledged within a day or two, reviewed, answered, closed with "you said, we did".
Every step goes through the same change service as the dashboard, at the time it happened.
Each report ends in a different triage state, and two reporters have replied (one after their
report closed) without anybody reading it yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from learning.reports.changes import Change, change_report
from learning.reports.follow_up import reply_from_reporter
from learning.reports.triage import find_report
from storage.database import Database
from storage.models import Account

REPLY = "reporter replies"

# Per demo report, in the order of learning.demo.REPORTS: (days after it was sent, action,
# what the lead typed). REPLY is the reporter writing back.
WORK: Sequence[Sequence[tuple[float, str, dict[str, str]]]] = (
    # Yesterday's report: still new, and not yet due.
    (),
    # The strategy discussion without police: acknowledged, and a question to the reporter.
    ((0.2, "acknowledge", {}),
     (0.3, "message", {"message": "Thank you for raising this. Which mailbox did the invitation "
                                  "go to, and do you know who else still uses it?"}),
     (1.1, REPLY, {"message": "It was the old CID referrals mailbox. I think the front door "
                              "admin team still has it in their address book."})),
    # The teacher's good practice: thanked and shared, nothing more for the group to do.
    ((1.0, "acknowledge", {}),
     (2.0, "close-no-further-action",
      {"reason": "Good practice recognised and thanked; shared with the designated "
                 "safeguarding leads' network."})),
    # The weekend discharge: in review, with a huddle chosen.
    ((1.0, "acknowledge", {}),
     (2.0, "start-review", {}),
     (2.1, "learning-response",
      {"learning_response": "practitioner_huddle",
       "rationale": "One pathway between two teams; a huddle with the emergency department "
                    "and the liaison health visitors can fix the weekend form."}),
     (2.2, "message", {"message": "Thank you. We are holding a huddle with the emergency "
                                  "department and the liaison health visitors next week."})),
    # The serious injury: notifiable, referred for rapid review consideration.
    ((0.1, "acknowledge", {}),
     (1.0, "refer", {})),
    # The out-of-area move: learning identified from a single-agency review.
    ((1.0, "acknowledge", {}),
     (3.0, "start-review", {}),
     (3.1, "learning-response",
      {"learning_response": "single_agency_review",
       "rationale": "The gap is in one service's transfer-out checklist."}),
     (9.0, "identify-learning", {})),
    # The officers' good practice: closed with what changed, and a thank-you after.
    ((1.0, "acknowledge", {}),
     (2.0, "start-review", {}),
     (2.1, "learning-response",
      {"learning_response": "good_practice_recognised",
       "rationale": "A clear example of the child's voice reaching the front door."}),
     (5.0, "identify-learning", {}),
     (7.0, "close", {"you_said_we_did": "You said officers' notes of the children's own words "
                                       "made the difference at the front door. We shared your "
                                       "example in this month's learning bulletin, and the "
                                       "domestic abuse training now uses it."}),
     (9.0, REPLY, {"message": "Thank you, the team were really pleased to hear it was "
                              "shared."})),
)


def work_the_month(database: Database, references: Sequence[str], sent: Sequence[datetime], *,
                   lead: Account, now: datetime) -> None:
    """Replay each report's month of work, one unit of work per step, never after `now`."""
    for reference, sent_at, steps in zip(references, sent, WORK, strict=False):
        for days_after, action, typed in steps:
            at = min(sent_at + timedelta(days=days_after), now)
            with database.unit_of_work() as uow:
                if action == REPLY:
                    report = find_report(uow.session, reference)
                    if report is not None:
                        reply_from_reporter(uow.session, report, typed["message"], now=at)
                        uow.commit()
                    continue
                change_report(uow, reference, Change(action=action, fields=typed), by=lead,
                              now=at, messengers={})
