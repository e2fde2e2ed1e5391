"""Which chat channels hear about a new report: the routing rules, and the default channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.settings import Settings
from storage.models import Report, RoutingRule
from storage.vocabulary import Platform


@dataclass(frozen=True)
class Destination:
    platform: Platform
    address: dict[str, Any]
    mention: str | None = None


def rule_matches(rule: RoutingRule, report: Report) -> bool:
    """Every condition the rule sets must hold; a condition left empty matches any report."""
    agency_ids = {a.id for a in report.agencies}
    return (
        (not rule.kinds or report.kind.value in rule.kinds)
        and (not rule.agency_ids or bool(agency_ids & set(rule.agency_ids)))
        and (not rule.themes or bool(set(report.themes) & set(rule.themes)))
        and (not rule.urgent_only or report.urgent)
        and (not rule.notifiable_only or report.notifiable)
    )


def destinations_for(session: Session, report: Report, settings: Settings) -> list[Destination]:
    """The matching rules' destinations, each once; the default Slack channel if none match."""
    rules = session.scalars(
        select(RoutingRule).where(RoutingRule.active).order_by(RoutingRule.position, RoutingRule.id)
    )
    found: list[Destination] = []
    for rule in rules:
        destination = Destination(rule.platform, rule.address, rule.mention if report.urgent else None)
        if rule_matches(rule, report) and all(d.address != destination.address for d in found):
            found.append(destination)
    if not found and settings.slack_learning_channel:
        found.append(Destination(Platform.SLACK, {"channel": settings.slack_learning_channel}))
    return found
