"""The demo partnership's learning loop: learning items from its reports, actions in every
state (one overdue, one done and awaiting "has it stuck?"), reviews, and a rapid review of
the notifiable incident with its notification recorded. Put in through the same services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from learning.improvement.actions import ActionDraft, add_action, answer_stuck, set_status
from learning.improvement.learning_log import LearningDraft, record_learning
from learning.improvement.notifications import record_notification, record_rapid_review
from learning.improvement.reviews import ReviewChange, change_review
from learning.reports.triage import choose_learning_response
from storage.database import Database
from storage.models import Account, Agency, Person, Report
from storage.models.improvement import Action, ActionStatus, Review, ReviewKind, StuckAnswer
from storage.vocabulary import LearningResponse

# (report number in learning.demo.REPORTS, title, what was learned, themes, status)
LEARNING = [
    (1, "Strategy discussion invitations go to named inboxes",
     "Invitations sent to an old shared mailbox delayed a joint visit by two days. Every agency "
     "now sends strategy discussion invitations to a named duty inbox that is checked hourly.",
     ["information sharing", "strategy discussions"], "being_disseminated"),
    (0, "Bruising in babies who are not yet mobile",
     "A locum did not know the bruising protocol. Any bruise on a non-mobile baby means a "
     "referral to children's social care and a paediatric assessment, whoever sees it.",
     ["bruising", "non-mobile babies"], "embedded"),
    (4, "Missed health appointments are shared with children's social care",
     "Three missed appointments were not shared before a child was seriously injured. Was not "
     "brought is now a safeguarding trigger in every health setting.",
     ["was not brought", "neglect"], "identified"),
]


def seed_learning_loop(database: Database, lead: Account, *, now: datetime,
                       references: list[str]) -> None:
    today = now.date()
    with database.unit_of_work() as uow:
        session = uow.session
        agencies = {a.name: a.id for a in session.scalars(select(Agency))}
        people = {p.name: p.id for p in session.scalars(select(Person))}
    items = []
    for number, title, learned, themes, status in LEARNING:
        with database.unit_of_work() as uow:
            items.append(record_learning(uow, LearningDraft(title, learned, themes, status),
                                         by=lead, now=now, report_reference=references[number]).id)
    plan = [  # (item, what, agency, owner, due in days, state, started days ago)
        (0, "Replace shared mailboxes with named duty inboxes in every agency",
         "Riverside Police Public Protection Unit", "Hannah Lewis", 30, "in_progress", 20),
        (0, "Add the named-inbox rule to the strategy discussion procedure",
         "Riverside Children's Social Care", "Gareth Price", 45, "open", 5),
        (1, "Put the bruising protocol in every locum's induction",
         "Riverside Community Health NHS Trust", "Priya Shah", -10, "open", 60),
        (1, "Brief emergency department staff on the bruising protocol",
         "Riverside General Hospital NHS Foundation Trust", "Amira Haddad", -100, "done", 130),
        (1, "Audit bruising referrals from health visiting",
         "Riverside Community Health NHS Trust", "Priya Shah", -150, "stuck", 200),
        (2, "Write a partnership 'was not brought' policy",
         "Riverside Children's Social Care", "Gareth Price", 60, "dropped", 10),
    ]
    for item, what, agency, owner, due_in, state, started in plan:
        with database.unit_of_work() as uow:
            action_id = add_action(uow, items[item], ActionDraft(
                what=what, owner_name=owner, agency_id=agencies[agency], owner_id=people[owner],
                due_on=today + timedelta(days=due_in)), by=lead,
                today=today - timedelta(days=started)).id
        _move(database, action_id, state, today=today, due_in=due_in)
    _reviews(database, lead, references, now=now)


def _move(database: Database, action_id: int, state: str, *, today: date, due_in: int) -> None:
    with database.unit_of_work() as uow:
        action = uow.session.get(Action, action_id)
        done_on = today + timedelta(days=due_in - 5)
        if state == "in_progress":
            set_status(action, ActionStatus.IN_PROGRESS, today=today)
        elif state in ("done", "stuck"):
            set_status(action, ActionStatus.DONE, today=done_on)
            action.evidence = "Briefing delivered; attendance list kept by the safeguarding team."
            if state == "stuck":
                answer_stuck(action, StuckAnswer.STUCK, today=today,
                             note="Re-audit: every bruised non-mobile baby referred.")
        elif state == "dropped":
            set_status(action, ActionStatus.DROPPED, today=today)
            action.dropped_reason = "Covered by the regional neglect strategy instead."
        uow.commit()


def _reviews(database: Database, lead: Account, references: list[str], *, now: datetime) -> None:
    with database.unit_of_work() as uow:
        session = uow.session
        me = session.get(Account, lead.id)
        huddle = session.scalar(select(Report).where(Report.reference == references[1]))
        choose_learning_response(session, huddle, by=me, now=now,
                                 response=LearningResponse.PRACTITIONER_HUDDLE,
                                 rationale="One meeting, quickly fixed: a huddle is enough.")
        notifiable = session.scalar(select(Report).where(Report.reference == references[4]))
        submitted = notifiable.submitted_at.date()
        record_notification(session, notifiable, by=me, recipient="national_panel",
                            notified_on=submitted + timedelta(days=3),
                            made_by="LA designated officer, Riverside Children's Social Care",
                            now=now, today=now.date())
        record_rapid_review(session, notifiable, by=me,
                            completed_on=min(submitted + timedelta(days=10), now.date()),
                            decision="Refer to the practice review group for a local review.",
                            now=now, today=now.date())
        choose_learning_response(session, notifiable, by=me, now=now,
                                 response=LearningResponse.REFER_TO_PRACTICE_REVIEW_GROUP,
                                 rationale="Serious harm and concerns about joint working.")
        uow.commit()
        review_id = session.scalar(select(Review.id).where(
            Review.report_id == notifiable.id,
            Review.kind == ReviewKind.PRACTICE_REVIEW_GROUP_REFERRAL))
    with database.unit_of_work() as uow:
        change_review(uow, review_id, ReviewChange("terms", {
            "scope": "Agency contact with the family in the six months before the injury",
            "method": "Systems approach with a practitioner learning event",
            "panel_roles": "Designated nurse, DCI public protection, CSC head of service"}),
            by=lead, today=now.date(), now=now)
