"""A used one-click link is remembered only as long as the link itself could work."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.nudges.outbox_upkeep import prune_outbox
from storage.models.nudges import UsedLink
from tests.mail.conftest import links
from tests.mail.test_email_channel import a_nugget_by_email, press

def test_the_nightly_prune_forgets_used_links_once_they_would_have_expired(
        database, settings, mail_server, client):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    press(client, links(message)["Read"])
    with database.unit_of_work() as uow:
        (used,) = uow.session.scalars(select(UsedLink)).all()
        prune_outbox(uow.session, settings, now=used.used_at + timedelta(days=29))
        assert uow.session.scalars(select(UsedLink)).all() != []
        prune_outbox(uow.session, settings, now=used.used_at + timedelta(days=31))
        assert uow.session.scalars(select(UsedLink)).all() == []
