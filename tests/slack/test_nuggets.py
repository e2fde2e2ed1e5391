"""A learning nugget in Slack: sent through the outbox, with buttons that record and re-render."""

from __future__ import annotations

import json

from sqlalchemy import select

from learning.nudges.nuggets import schedule_due_nuggets
from learning.nudges.outbox import Outbox
from storage.models.nudges import Delivery, DeliveryKind
from storage.vocabulary import Platform
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget, a_person
from tests.slack.conftest import PRIYA


def a_sent_nugget(app, database, settings, fake_slack) -> tuple[int, dict]:
    a_person(database, "Priya Shah", slack_user_id=PRIYA)
    a_nugget(database, send_at=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    messengers = app.extensions["learnloop"].messengers
    Outbox(database, {Platform.SLACK: messengers[Platform.SLACK]}, settings,
           clock=lambda: TUESDAY_10AM).send_due()
    [post] = fake_slack.posts_to(PRIYA)
    with database.unit_of_work() as uow:
        delivery = uow.session.scalar(select(Delivery))
    return delivery.id, post


def buttons(blocks: list[dict]) -> dict[str, str]:
    return {element["text"]["text"]: element.get("value", "")
            for block in blocks if block["type"] == "actions" for element in block["elements"]}


def test_a_nugget_arrives_with_its_buttons_and_check_question(app, database, settings, fake_slack):
    delivery_id, post = a_sent_nugget(app, database, settings, fake_slack)
    text = json.dumps(post["blocks"])
    assert "Bruising in babies who are not yet mobile" in text
    assert "Who should see a bruised non-mobile baby?" in text
    assert {"Read", "Useful", "Not useful", "Discussed with my team", "Only the GP",
            "Refer to children's social care"} <= set(buttons(post["blocks"]))
    assert buttons(post["blocks"])["Read"] == f"{delivery_id}:"


def test_pressing_read_and_answering_the_check_are_recorded_and_shown(slack, app, database,
                                                                       settings, fake_slack):
    delivery_id, post = a_sent_nugget(app, database, settings, fake_slack)
    message = {"ts": "1700000001.000100", "blocks": post["blocks"]}
    slack.press("nugget_read", f"{delivery_id}:", message=message)
    [update] = fake_slack.wait_for("chat.update")
    assert "Read" not in buttons(update.args["blocks"])
    slack.press("nugget_answer:0", f"{delivery_id}:0", message=message)
    updates = fake_slack.wait_for("chat.update", count=2)
    after = json.dumps(updates[-1].args["blocks"])
    assert "The protocol applies to everyone." in after and "Only the GP" not in after
    with database.unit_of_work() as uow:
        delivery = uow.session.get(Delivery, delivery_id)
        assert delivery.read_at is not None and delivery.check_correct is False
        rechecks = uow.session.scalars(select(Delivery).where(
            Delivery.kind == DeliveryKind.NUGGET_RECHECK)).all()
        assert len(rechecks) == 1  # asked again in 2 days


def test_someone_else_cannot_press_a_persons_nugget(slack, app, database, settings, fake_slack):
    delivery_id, post = a_sent_nugget(app, database, settings, fake_slack)
    slack.press("nugget_useful", f"{delivery_id}:yes", user="U0STRANGER",
                message={"ts": "1700000001.000100", "blocks": post["blocks"]})
    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.args["user"] == "U0STRANGER"
    assert fake_slack.calls_to("chat.update") == []
    with database.unit_of_work() as uow:
        assert uow.session.get(Delivery, delivery_id).useful is None
