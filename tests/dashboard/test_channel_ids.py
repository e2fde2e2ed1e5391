"""The admin pages refuse a channel name where a channel id belongs, keeping what was typed."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Agency, RoutingRule
from storage.models.nudges import AgencyChannel
from tests.dashboard.test_admin import post, text


def test_a_routing_rule_to_a_channel_name_is_refused_with_what_an_id_looks_like(signed_in,
                                                                               database):
    admin = signed_in("admin")

    refused = post(admin, "/dashboard/rules", name="Urgent to leads", platform="slack",
                   destination="#safeguarding")

    page = text(refused)
    assert refused.status_code == 400
    assert "'#safeguarding' is not a Slack channel id" in page and "C0123ABCDE" in page
    assert 'value="#safeguarding"' in page and 'value="Urgent to leads"' in page
    teams = text(post(admin, "/dashboard/rules", name="Teams", platform="teams",
                      destination="Safeguarding leads"))
    assert "19:abc123…@thread.tacv2" in teams
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(RoutingRule)).all() == []


def test_an_agency_channel_name_is_refused_by_that_agency_keeping_what_was_typed(signed_in,
                                                                               database):
    admin = signed_in("admin")
    with database.unit_of_work() as uow:
        police = uow.session.scalar(select(Agency.id).where(Agency.name == "Riverside Police"))

    refused = post(admin, f"/dashboard/agencies/{police}/channel", platform="slack",
                   channel="general")

    page = text(refused)
    assert refused.status_code == 400
    assert "'general' is not a Slack channel id" in page
    assert f'href="#channel-{police}"' in page  # the error summary points at the field
    assert 'value="general"' in page
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(AgencyChannel)).all() == []
