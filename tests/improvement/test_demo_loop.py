"""The demo partnership shows the whole learning loop in use."""

from datetime import UTC, datetime

from sqlalchemy import select

from learning.demo import seed_demo
from learning.improvement.action_reminders import reminder_stage
from learning.improvement.notifications import statutory_clocks
from storage.models import Report
from storage.models.improvement import Action, LearningItem, Review, ReviewKind


def test_the_demo_has_learning_actions_in_every_state_and_a_rapid_review(database, settings):
    now = datetime.now(UTC)
    seed_demo(database, settings, now=now)
    today = now.astimezone(settings.timezone).date()
    with database.unit_of_work() as uow:
        session = uow.session
        actions = session.scalars(select(Action)).all()
        assert {a.status.value for a in actions} == {"open", "in_progress", "done", "dropped"}
        stages = {reminder_stage(a, today, settings) for a in actions}
        assert {"after", "stuck"} <= stages  # one overdue, one awaiting "has it stuck?"
        assert len(session.scalars(select(LearningItem)).all()) == 3
        notifiable = session.scalar(select(Report).where(Report.notifiable))
        clocks = statutory_clocks(session, notifiable)
        assert clocks.notification.met and clocks.rapid_review.met
        kinds = {r.kind for r in session.scalars(select(Review))}
        assert {ReviewKind.RAPID_REVIEW, ReviewKind.PRACTICE_REVIEW_GROUP_REFERRAL} <= kinds
