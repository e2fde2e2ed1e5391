"""A partnership's November for the bulletin tests: reports closed, nuggets sent, training ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from learning.nudges.bulletins import share_in_bulletin
from learning.nudges.nuggets import schedule_due_nuggets, withdraw_nugget
from learning.reports import triage
from learning.reports.intake import submit_report
from storage.models import Agency
from storage.models.nudges import Nugget
from storage.models.training import TrainingEvent
from storage.vocabulary import Channel
from tests.drafts import a_draft
from tests.jobs.people import a_nugget, a_person
from tests.people import an_account, an_agency, load_account

NOVEMBER = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
# The clock's morning run after November ended.
DECEMBER_2ND = datetime(2026, 12, 2, 6, 50, tzinfo=UTC)
SAID = "The invite went to an old mailbox, and mum rang from 07911 123456 to ask why."
DID = "Invites now go to the new duty mailbox; see LL-7KQ3-92XD. Ring 07700 900123 with questions."


def closed_report(database, settings, agency_id: int, *, closed_at: datetime, share: bool,
                  outcome: str = DID, what: str = SAID) -> str:
    with database.unit_of_work() as uow:
        submitted = closed_at - timedelta(days=3)
        draft = a_draft(agency_ids=[agency_id], what_happened=what,
                        occurred_on=(submitted - timedelta(days=1)).date())
        reference = submit_report(uow, draft,
                                  channel=Channel.WEB, settings=settings,
                                  now=submitted).reference
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        by = load_account(uow.session, lead)
        for move in (triage.acknowledge, triage.start_review, triage.identify_learning):
            move(uow.session, report, by=by, now=closed_at)
        triage.close(uow.session, report, by=by, now=closed_at, you_said_we_did=outcome)
        if share:
            share_in_bulletin(uow.session, report, by=by, share=True)
        uow.commit()
    return reference


def agency_called(database, name: str) -> int:
    """The agency of that name, added if the test's accounts have not added it already."""
    with database.unit_of_work() as uow:
        found = uow.session.scalar(select(Agency.id).where(Agency.name == name))
    return found or an_agency(database, name)


def a_partnerships_november(database, settings) -> dict[str, object]:
    police = agency_called(database, "Riverside Police")
    school = agency_called(database, "Meadowbank Primary School")
    day = timedelta(days=1)
    shared = [closed_report(database, settings, police, closed_at=NOVEMBER + n * day, share=True)
              for n in range(2)]
    for n in range(4):  # Police reach 6 reports this year: big enough to be named
        closed_report(database, settings, police, closed_at=NOVEMBER + (n + 2) * day,
                      share=False)
    small = closed_report(database, settings, school, closed_at=NOVEMBER, share=True,
                          outcome="The school now checks the register daily.")
    october = closed_report(database, settings, school, closed_at=NOVEMBER - 30 * day,
                            share=True)
    a_person(database)
    sent = a_nugget(database, send_at=NOVEMBER, title="Invite the police")
    pulled = a_nugget(database, send_at=NOVEMBER, title="Withdrawn after sending")
    later = a_nugget(database, send_at=DECEMBER_2ND, title="December's nugget")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=NOVEMBER)
        withdraw_nugget(uow.session, uow.session.get(Nugget, pulled),
                        by=load_account(uow.session, lead))
        uow.session.add_all([
            TrainingEvent(title="Neglect toolkit & <GCP2> training",
                          starts_at=DECEMBER_2ND + 21 * day, location="Riverside Civic Centre"),
            TrainingEvent(title="Spring refresher", starts_at=DECEMBER_2ND + 120 * day,
                          location="Online")])
        uow.commit()
    return {"shared": shared, "small": small, "october": october, "sent": sent,
            "pulled": pulled, "later": later}

