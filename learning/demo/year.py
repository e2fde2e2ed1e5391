"""The demo partnership's year of reports: themes across agencies, closed with what changed,
so the themes page, prior learning and two signals (one rising theme, one theme across
agencies) show something real. Everything goes in through the same rules as real reports.

Agencies are indexes into `learning.demo.AGENCIES`.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from learning.improvement.signal_decisions import detect_signals
from learning.people.directory import agencies_with_ids
from learning.reports import triage
from learning.reports.intake import ReportDraft, Reporter, submit_report
from learning.settings import Settings
from storage.database import Database
from storage.models import Account, Person
from storage.models.themes import Theme
from storage.vocabulary import Channel, ReportKind

VOCABULARY = {
    "bruising in non-mobile babies": ["bruising", "non-mobile babies"],
    "missed health appointments": ["was not brought", "missed appointments"],
    "strategy discussion invitations": [],
    "information sharing at weekends": [],
    "neglect": ["neglect toolkit"],
    "voice of the child": [],
    "domestic abuse": ["dv", "domestic violence"],
    "school moves": ["children missing education"],
    "self-harm": [],
    # Only the evaluation's story reports this (learning.demo.evaluation): never at random.
    "parental mental health": ["maternal mental health"],
    "early help": ["team around the family"],
}

# theme: (what happened, the setting, what changed because of it)
STORIES = {
    "strategy discussion invitations": (
        "The strategy discussion invitation went to a shared mailbox nobody checks on Fridays.",
        "multi_agency_meeting",
        "Invitations now go to named duty inboxes and are confirmed by phone."),
    "information sharing at weekends": (
        "A discharge summary reached the health visitor four days late because the weekend "
        "team uses a different system.", "hospital",
        "Weekend discharges now trigger a same-day secure email to the health visiting hub."),
    "neglect": (
        "Concerns about a child's hygiene and hunger were noted by three staff but not put "
        "together until the half-term review.", "school_or_early_years",
        "The neglect toolkit is now started at the first concern, not the third."),
    "voice of the child": (
        "The child's own words were not recorded in the referral, only the parent's account.",
        "childrens_social_care",
        "Referral forms now ask what the child said, in their words."),
    "domestic abuse": (
        "A domestic abuse notification did not say children were in the house, so the school "
        "was not told before the next morning.", "police",
        "Notifications now ask who else lives at the address, including children."),
    "school moves": (
        "A family moved across the county boundary and the new school was not told about the "
        "child protection plan for two weeks.", "school_or_early_years",
        "Transfer of records now includes a call between designated safeguarding leads."),
    "self-harm": (
        "A young person who attended after self-harm left before the liaison nurse arrived.",
        "hospital", "Liaison nurses are now paged at triage, not at discharge."),
    "parental mental health": (
        "A mother's postnatal depression was known to her GP but not to the health visitor, "
        "who found the baby's feeds were being missed.", "health_setting",
        "Perinatal mental health referrals now copy the health visiting hub."),
    "early help": (
        "The school, the health visitor and the family's housing officer met within a week of "
        "the first worry and the family took up early help before things got worse.",
        "multi_agency_meeting",
        "Shared as an example at the designated safeguarding leads' network."),
    "missed health appointments": (
        "Three missed appointments for a toddler were recorded as 'did not attend' with no "
        "follow-up to the family or the GP.", "health_setting",
        "'Was not brought' replaces 'did not attend', with a follow-up call each time."),
    "bruising in non-mobile babies": (
        "A small bruise on a baby who is not yet mobile was explained by the parent and not "
        "referred at first.", "health_setting",
        "The bruising protocol is now in every induction, including for locums and agency staff."),
}
USUAL = ["strategy discussion invitations", "information sharing at weekends", "neglect",
         "voice of the child", "domestic abuse", "school moves", "self-harm"]
FACTORS = ["information_sharing", "communication_between_agencies", "recording",
           "knowledge_and_training", "policy_and_procedure", "workload_and_capacity"]


def seed_year_of_reports(database: Database, settings: Settings, *, agency_ids: list[int],
                         people: list[Person], lead_id: int, now: datetime) -> int:
    """Reports over the last year, and the clock's look for signals; how many it found."""
    with database.unit_of_work() as uow:
        uow.session.add_all(Theme(name=name, synonyms=synonyms)
                            for name, synonyms in VOCABULARY.items())
        uow.commit()
    for plan in year_of_reports():
        seed_report(database, settings, plan, agency_ids=agency_ids, people=people, lead_id=lead_id,
                now=now)
    with database.unit_of_work() as uow:
        found = detect_signals(uow.session, settings, now=now)
        uow.commit()
    return found


def year_of_reports() -> list[tuple[int, str, list[str], list[int]]]:
    """(days ago, theme, factors, agencies): a steady year, then two clusters in 30 days.
    The same every time, so the demo always shows the same two signals."""
    rng, plans = random.Random(2026), []
    for days_ago in range(35, 365, 9):
        theme = rng.choice(USUAL)
        plans.append((days_ago, theme, rng.sample(FACTORS, 2), rng.sample(range(7), 2)))
    for days_ago in range(60, 365, 61):  # the usual rate: about one every two months
        plans.append((days_ago, "bruising in non-mobile babies", ["knowledge_and_training"],
                      [2, 0]))
        plans.append((days_ago + 20, "missed health appointments", ["information_sharing"],
                      [2, 0]))
    # The last 30 days: six bruising reports from health and children's social care (a rise),
    spike_factors = ["information_sharing", "knowledge_and_training", "recording"]
    for n, days_ago in enumerate((2, 5, 9, 14, 19, 25)):
        plans.append((days_ago, "bruising in non-mobile babies", [spike_factors[n % 3]], [2, 0]))
    # and missed appointments from police, a school and early years (across agencies).
    for days_ago, agency in ((4, 1), (11, 4), (22, 5)):
        plans.append((days_ago, "missed health appointments",
                      ["communication_between_agencies"], [agency]))
    return plans


def seed_report(database: Database, settings: Settings, plan: tuple, *, agency_ids: list[int],
                people: list[Person], lead_id: int, now: datetime,
                kind: ReportKind = ReportKind.NEAR_MISS) -> None:
    """One named chat report (days ago, theme, factors, agencies), classified on its theme,
    and closed with what changed when it is over 40 days old."""
    days_ago, theme, factors, agencies = plan
    what, setting, outcome = STORIES[theme]
    person = people[days_ago % len(people)]
    submitted = now - timedelta(days=days_ago, hours=3)
    draft = ReportDraft(
        immediate_risk=False, kind=kind.value, what_happened=what,
        occurred_on=(submitted - timedelta(days=1)).date(), setting=setting,
        agency_ids=[agency_ids[i] for i in agencies], what_stopped_harm="",
        potential_severity="severe" if "bruising" in theme else "moderate",
        identity_mode="named",
        reporter=Reporter(name=person.name, email=person.email, job_title=person.job_title,
                          agency_id=person.agency_id, person_id=person.id))
    with database.unit_of_work() as uow:
        # Named chat reports, as most are: they carry no case key, so seeding stays quick.
        channel = Channel.SLACK if days_ago % 2 else Channel.TEAMS
        reference = submit_report(uow, draft, channel=channel, settings=settings,
                                  now=submitted).reference
    with database.unit_of_work() as uow:
        _classify_and_close(uow.session, reference, theme, factors, lead_id=lead_id,
                            when=submitted + timedelta(days=1), close=days_ago > 40,
                            outcome=outcome)
        uow.commit()


def _classify_and_close(session: Session, reference: str, theme: str, factors: list[str], *,
                        lead_id: int, when: datetime, close: bool, outcome: str) -> None:
    report = triage.find_report(session, reference)
    me = session.get(Account, lead_id)
    triage.classify(session, report, by=me, now=when, kind=report.kind, themes=[theme],
                    contributing_factors=factors,
                    agencies=agencies_with_ids(session, [a.id for a in report.agencies]))
    triage.acknowledge(session, report, by=me, now=when)
    if close:
        for move in (triage.start_review, triage.identify_learning):
            move(session, report, by=me, now=when)
        triage.close(session, report, by=me, now=when + timedelta(days=7),
                     you_said_we_did=outcome)
