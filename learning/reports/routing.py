"""Which chat channels hear about a new report: the routing rules, and the default channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.reports.access import Permission, acting_account, require
from learning.reports.labels import label
from learning.reports.themes import canonical_themes, normalise_themes
from learning.reports.channel_ids import ChannelIdError, channel_id
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Account, Agency, Report, RoutingRule
from storage.vocabulary import CHAT_PLATFORMS, Platform, ReportKind


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
        and (not rule.themes or bool(set(normalise_themes(report.themes))
                                     & set(normalise_themes(rule.themes))))
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
        mention = rule.mention if report.urgent else None
        destination = Destination(rule.platform, rule.address, mention)
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
    if platform not in {p.value for p in CHAT_PLATFORMS}:
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
    rule.themes = canonical_themes(session, themes)
    rule.urgent_only, rule.notifiable_only = urgent_only, notifiable_only
    rule.mention = mention.strip() or None
    session.add(rule)
    return rule


class RoutingError(ValueError):
    """A routing rule that cannot be saved as asked; the message says what to fix."""


def preview(session: Session, sample: Report) -> list[RoutingRule]:
    """Which active rules a sample report (not saved) would match, in order."""
    rules = session.scalars(
        select(RoutingRule).where(RoutingRule.active)
        .order_by(RoutingRule.position, RoutingRule.id))
    return [rule for rule in rules if rule_matches(rule, sample)]


@dataclass(frozen=True)
class Sample:
    """The admin's made-up report for trying the rules: never saved."""

    kind: str = ReportKind.NEAR_MISS.value
    agency_ids: tuple[int, ...] = ()
    themes: tuple[str, ...] = ()
    urgent: bool = False
    notifiable: bool = False


def preview_sample(session: Session, sample: Sample) -> list[int]:
    """The ids of the active rules the sample would match, in order."""
    kind = sample.kind if sample.kind in {k.value for k in ReportKind} else ReportKind.NEAR_MISS
    agencies = list(session.scalars(select(Agency).where(Agency.id.in_(sample.agency_ids))))
    report = Report(kind=ReportKind(kind), urgent=sample.urgent, notifiable=sample.notifiable,
                    themes=canonical_themes(session, sample.themes), agencies=agencies)
    return [rule.id for rule in preview(session, report)]


def rules_in_order(session: Session) -> list[RoutingRule]:
    """Every rule, active or not, in the order they are tried."""
    return list(session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)))


def rule_conditions(session: Session, rule: RoutingRule) -> str:
    """The rule's conditions in words, for the admin's list."""
    names = [a.name for a in session.scalars(select(Agency).where(Agency.id.in_(rule.agency_ids)))]
    parts = [", ".join(label(ReportKind(k)) for k in rule.kinds) or "Any kind",
             ", ".join(names) or "any agency", ", ".join(rule.themes) or "any theme"]
    if rule.urgent_only:
        parts.append("urgent only")
    if rule.notifiable_only:
        parts.append("notifiable only")
    return "; ".join(parts)


def add_rule(uow: UnitOfWork, *, by: Account, **fields: Any) -> int:
    """Save an admin's rule (fields as `save_rule` takes them); returns its id."""
    rule = save_rule(uow.session, by=acting_account(uow.session, by), **fields)
    uow.commit()
    return rule.id


def switch_rule(uow: UnitOfWork, *, by: Account, rule_id: int) -> bool | None:
    """Turn a rule off, or back on; returns whether it is on now (None: the rule is gone)."""
    require(acting_account(uow.session, by), Permission.ADMINISTER)
    rule = uow.session.get(RoutingRule, rule_id)
    if rule is None:
        return None
    rule.active = not rule.active
    uow.commit()
    return rule.active
