"""Realistic demo data for a fictional partnership, put in through the same rules as real
reports."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from sqlalchemy import select

from learning.nudges.bulletins import (draft_bulletin, period_containing, send_bulletin,
                                       share_in_bulletin)
from learning.demo.evaluation import seed_evaluation
from learning.demo.year import seed_year_of_reports
from learning.improvement.demo_loop import seed_learning_loop
from learning.demo.month import work_the_month
from learning.people.accounts import add_account
from learning.reports.intake import ReportDraft, Reporter, submit_report
from learning.nudges.nugget_writing import NuggetDraft, save_nugget
from learning.nudges.nuggets import schedule_due_nuggets
from learning.settings import Settings
from storage.database import Database, UnitOfWork
from storage.models import Account, Agency, Person, Report
from storage.models.nudges import Bulletin
from storage.vocabulary import AgencyType, Channel, ReportStatus, Role

DEMO_LEAD_EMAIL = "learning.lead@riverside-partnership.example"
DEMO_ADMIN_EMAIL = "admin@riverside-partnership.example"
# The demo's own settings, unless the environment sets them: the header names the
# partnership, and "act now" gives its front door's number (Ofcom's drama range: not real).
DEMO_SETTINGS = {
    "PARTNERSHIP_NAME": "Riverside Safeguarding Children Partnership",
    "EMERGENCY_CONTACTS": (
        "If a child is at immediate risk of harm, call 999 now. Otherwise call the Riverside "
        "Children's Services Front Door on 01632 960 450 (out of hours 01632 960 999) "
        "straight away."),
}

AGENCIES = [
    ("Riverside Children's Social Care", AgencyType.CHILDRENS_SOCIAL_CARE),
    ("Riverside Police Public Protection Unit", AgencyType.POLICE),
    ("Riverside Community Health NHS Trust", AgencyType.HEALTH),
    ("Riverside General Hospital NHS Foundation Trust", AgencyType.HEALTH),
    ("Meadowbank Primary School", AgencyType.EDUCATION),
    ("Riverside Early Years Service", AgencyType.EARLY_YEARS),
    ("Riverside Housing Options", AgencyType.HOUSING),
]

PEOPLE = [
    ("Priya Shah", "Health visitor", 2),
    ("Tom Okafor", "Designated safeguarding lead", 4),
    ("Hannah Lewis", "Detective constable", 1),
    ("Gareth Price", "Social worker", 0),
    ("Amira Haddad", "Paediatric nurse", 3),
    ("Joanne Fielding", "Early years practitioner", 5),
]

# (days ago, kind, setting, severity, agencies, identity, immediate risk, notifiable, what happened,
#  what stopped harm)
REPORTS = [
    (1, "near_miss", "health_setting", "severe", [2, 0], "confidential", False, False,
     "A baby of four months was seen with a small bruise on the ear at a routine contact. The "
     "bruising protocol for non-mobile babies was not known to the locum who saw the family, and "
     "the referral was nearly not made.",
     "A colleague overheard the discussion and checked the protocol with the named nurse."),
    (3, "concerning_incident", "multi_agency_meeting", "severe", [0, 1, 2], "named", False, False,
     "A strategy discussion went ahead without police because the invitation went to an old "
     "shared mailbox. Decisions about a joint visit were delayed by two days.",
     "The social worker escalated to the team manager, who phoned the police duty sergeant."),
    (6, "good_practice", "school_or_early_years", "moderate", [4, 0], "named", False, False,
     "The class teacher noticed a pattern of late arrivals and hunger on Mondays and used the "
     "neglect toolkit with the family. Early help was offered and accepted within a week.",
     "Early, curious conversation with the parent and a clear record of what was seen."),
    (9, "near_miss", "hospital", "severe", [3, 0], "anonymous", False, False,
     "A young person who attended the emergency department after self-harm was nearly discharged "
     "without the paediatric liaison referral because the form sits in a different system at "
     "weekends.",
     "The discharging nurse asked whether the liaison health visitor had been told."),
    (12, "concerning_incident", "home_visit", "catastrophic", [0, 2, 1],
     "confidential", False, True,
     "A child was admitted with serious injuries after three missed health appointments were not "
     "shared with children's social care. Neglect had been suspected by the school.",
     ""),
    (15, "near_miss", "childrens_social_care", "moderate", [0, 6], "anonymous", False, False,
     "A family moved to temporary accommodation out of area and the receiving authority was not "
     "told for three weeks. The children's school place lapsed in that time.",
     "Housing options flagged the move when the family asked about school transport."),
    (20, "good_practice", "police", "moderate", [1, 0], "named", False, False,
     "Officers attending a domestic abuse call spoke to the children on their own and recorded "
     "their words in the notification, which made the voice of the child clear at the MASH.",
     "Training on the voice of the child delivered last term."),
]


DEMO_NUGGET = NuggetDraft(
    title="7-minute briefing: bruising in babies who are not yet mobile",
    what_happened=("A health visitor saw a small bruise on the cheek of a 4-month-old at a "
                   "routine visit. A locum GP, told of it, suggested reviewing it at the next "
                   "appointment: the protocol for **non-mobile babies** was not in their "
                   "induction. The health visitor challenged this and referred the same day."),
    why_it_matters=("Bruising is rare in a baby who cannot move on their own and can be the "
                    "first sign of abuse. Reviews of serious harm to babies often find an "
                    "earlier bruise that was explained away."),
    do_differently=("- Any bruise on a non-mobile baby means a referral to children's social "
                    "care and a paediatric assessment, **whoever sees it** and whatever the "
                    "explanation.\n- Put the protocol in every locum and agency induction.\n"
                    "- Use the escalation procedure if a colleague disagrees."),
    reflect_questions=("1. Would every locum in your team know the protocol on their first "
                       "day?\n2. When did you last use professional challenge, and what "
                       "helped you do it?"),
    further_reading=("- [Working Together to Safeguard Children 2023]"
                     "(https://www.gov.uk/government/publications/working-together-to-safeguard-children--2)\n"
                     "- Riverside partnership bruising protocol (in the procedures manual)"),
    source="Near-miss report and rapid review, Riverside 2026",
    themes=["bruising", "non-mobile babies"],
    check_question="A health visitor sees a small bruise on a 4-month-old. What should happen?",
    check_options=["Note it and review at the next visit",
                   "Refer to children's social care and arrange a paediatric assessment"],
    check_answer=1,
    check_explanation="The protocol applies to every bruise on a non-mobile baby, every time.",
)


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    password: str
    seeded_now: bool
    admin_email: str = DEMO_ADMIN_EMAIL
    admin_password: str = ""


def seed_demo(database: Database, settings: Settings, *, now: datetime) -> DemoSignIn:
    """Seed the demo partnership once; every call gives the demo lead and admin fresh
    passwords."""
    with database.unit_of_work() as uow:
        seeded = uow.session.scalar(select(Agency.id).where(Agency.name == AGENCIES[0][0])) is None
        if seeded:
            agencies = [Agency(name=name, agency_type=kind) for name, kind in AGENCIES]
            uow.session.add_all(agencies)
            people = [
                Person(name=name, job_title=title, agency=agencies[agency],
                       email=name.lower().replace(" ", ".") + "@riverside-partnership.example")
                for name, title, agency in PEOPLE
            ]
            uow.session.add_all(people)
            uow.commit()
            agency_ids = [a.id for a in agencies]
            sent = [_submit(database, settings, report, agency_ids, people[index % len(people)],
                            now) for index, report in enumerate(REPORTS)]
            with database.unit_of_work() as lead_uow:
                lead_id = add_account(lead_uow, DEMO_LEAD_EMAIL, Role.LEARNING_LEAD,
                                      password=None, display_name="Demo learning lead").id
            seed_year_of_reports(database, settings, agency_ids=agency_ids, people=people,
                                 lead_id=lead_id, now=now)

    password, admin_password = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    with database.unit_of_work() as uow:
        lead = add_account(uow, DEMO_LEAD_EMAIL, Role.LEARNING_LEAD, password=password,
                           display_name="Demo learning lead")
        add_account(uow, DEMO_ADMIN_EMAIL, Role.ADMIN, password=admin_password,
                    display_name="Demo partnership admin")
    if seeded:
        work_the_month(database, [reference for reference, _ in sent],
                       [at for _, at in sent], lead=lead, now=now)
    with database.unit_of_work() as uow:
        if seeded:
            save_nugget(uow.session, replace(DEMO_NUGGET, send_at=now), by=lead)
            schedule_due_nuggets(uow.session, settings, now=now)
            uow.commit()
            _sent_bulletin(uow, settings, lead, now)
    if seeded:
        seed_learning_loop(database, lead, now=now, references=[r for r, _ in sent])
        seed_evaluation(database, settings, DEMO_NUGGET, lead=lead, agency_ids=agency_ids,
                        now=now)
    return DemoSignIn(email=DEMO_LEAD_EMAIL, password=password, seeded_now=seeded,
                      admin_password=admin_password)


DEMO_OUTCOME = ("You said the children's own words made the risk clear at the MASH. We did: "
                "shared the notification as an example in the next police briefing, and added "
                "speaking to children alone to the domestic abuse call checklist.")


def _sent_bulletin(uow: UnitOfWork, settings: Settings, lead: Account, now: datetime) -> None:
    """This month's bulletin, already sent: a closed report's story (the month's work closed
    it with its "you said, we did") and the nugget."""
    report = uow.session.scalar(select(Report).where(Report.status == ReportStatus.CLOSED,
                                                     Report.outcome.is_not(None))
                                .order_by(Report.id))
    if report is not None:
        share_in_bulletin(uow.session, report, by=lead, share=True)
    _, end = period_containing(now.astimezone(settings.timezone).date(),
                               settings.bulletin_every_months)
    after = datetime.combine(end + timedelta(days=1), time(6), settings.timezone)
    draft_bulletin(uow.session, settings, now=after)
    bulletin = uow.session.scalars(select(Bulletin)).one()
    bulletin.introduction = ("Thank you to everyone who reported this month. **Every report** "
                             "helps the partnership learn.")
    send_bulletin(uow.session, bulletin, settings, by_id=lead.id, now=now)
    uow.commit()


def _submit(database: Database, settings: Settings, report: tuple, agency_ids: list[int],
            person: Person, now: datetime) -> tuple[str, datetime]:
    (days_ago, kind, setting, severity, agencies, mode, risk, notifiable, what, stopped) = report
    submitted = now - timedelta(days=days_ago)
    draft = ReportDraft(
        immediate_risk=risk,
        kind=kind,
        what_happened=what,
        occurred_on=(submitted - timedelta(days=1)).date(),
        setting=setting,
        agency_ids=[agency_ids[i] for i in agencies],
        what_stopped_harm=stopped,
        potential_severity=severity,
        child_died_or_seriously_harmed=notifiable,
        abuse_or_neglect_suspected=notifiable,
        identity_mode=mode,
        reporter=Reporter(name=person.name, email=person.email, job_title=person.job_title,
                          agency_id=person.agency_id, person_id=person.id),
    )
    with database.unit_of_work() as uow:
        reference = submit_report(uow, draft, channel=Channel.WEB, settings=settings,
                                  now=submitted).reference
    return reference, submitted
