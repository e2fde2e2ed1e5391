"""Which chat channels hear about a new report: the routing rules, and the default channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.reports.access import Permission, require
from learning.reports.channel_ids import ChannelIdError, channel_id
from learning.settings import Settings
from storage.models import Account, Report, RoutingRule
from storage.vocabulary import Platform, ReportKind


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


def save_rule(session: Session, *, by: Account, name: str, platform: str, destination: str,
              kinds: list[str], agency_ids: list[int], themes: list[str], urgent_only: bool,
              notifiable_only: bool, mention: str = "", rule_id: int | None = None) -> RoutingRule:
    """An admin's routing rule; the destination is a Slack channel id or a Teams channel id."""
    require(by, Permission.ADMINISTER)
    if not name.strip():
        raise RoutingError("Give the rule a name")
    if platform not in {p.value for p in Platform}:
        raise RoutingError("Choose Slack or Teams")
    if not destination.strip():
        raise RoutingError("Enter the channel to send reports to")
    try:
        destination = channel_id(platform, destination)
    except ChannelIdError as problem:
        raise RoutingError(str(problem)) from None
    if any(k not in {kind.value for kind in ReportKind} for k in kinds):
        raise RoutingError("Choose kinds from the list")
    rule = session.get(RoutingRule, rule_id) if rule_id else RoutingRule()
    if rule is None:
        raise RoutingError("That rule no longer exists")
    rule.name, rule.platform = name.strip()[:200], Platform(platform)
    key = "channel" if rule.platform is Platform.SLACK else "channel_id"
    rule.address = {**(rule.address or {}), key: destination.strip()}
    rule.kinds, rule.agency_ids = sorted(set(kinds)), sorted(set(agency_ids))
    rule.themes = sorted({t.strip().lower() for t in themes if t.strip()})
    rule.urgent_only, rule.notifiable_only = urgent_only, notifiable_only
    rule.mention = mention.strip() or None
    session.add(rule)
    return rule


class RoutingError(ValueError):
    """A routing rule that cannot be saved as asked; the message says what to fix."""


def preview(session: Session, sample: Report) -> list[RoutingRule]:
    """Which active rules a sample report (not saved) would match, in order."""
    rules = session.scalars(
        select(RoutingRule).where(RoutingRule.active).order_by(RoutingRule.position, RoutingRule.id))
    return [rule for rule in rules if rule_matches(rule, sample)]
