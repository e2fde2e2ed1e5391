"""Who may do what: the one place access is decided. Deny by default.

Every view, export and chat action asks `allowed` (or `require`) here; nothing checks roles
on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from storage.models import Account, Agency, Person, Report
from storage.models.improvement import Action
from storage.vocabulary import IdentityMode, Role


class Permission(StrEnum):
    VIEW_REPORT = "view_report"
    TRIAGE = "triage"
    MESSAGE_REPORTER = "message_reporter"
    SEE_REPORTER_IDENTITY = "see_reporter_identity"
    EXPORT = "export"
    ADMINISTER = "administer"
    # The training calendar and representatives; the register of who came.
    MANAGE_TRAINING = "manage_training"
    MARK_ATTENDANCE = "mark_attendance"
    VIEW_LEARNING_LOG = "view_learning_log"
    VIEW_ACTIONS = "view_actions"
    # Status, evidence and "has it stuck?" of an action; an agency lead's own agency's only.
    UPDATE_ACTION = "update_action"
    # The report card, Kirkpatrick levels and the Board pack; an agency lead's own agency's.
    VIEW_EVALUATION = "view_evaluation"


_LEARNING_LOOP = {Permission.VIEW_LEARNING_LOG, Permission.VIEW_ACTIONS, Permission.UPDATE_ACTION,
                  Permission.VIEW_EVALUATION}
_GRANTS: dict[Role, set[Permission]] = {
    Role.LEARNING_LEAD: {Permission.VIEW_REPORT, Permission.TRIAGE, Permission.MESSAGE_REPORTER,
                         Permission.EXPORT, Permission.MANAGE_TRAINING,
                         Permission.MARK_ATTENDANCE, *_LEARNING_LOOP},
    Role.BUSINESS_UNIT: {Permission.VIEW_REPORT, Permission.TRIAGE, Permission.MESSAGE_REPORTER,
                         Permission.EXPORT, Permission.SEE_REPORTER_IDENTITY,
                         Permission.MANAGE_TRAINING, Permission.MARK_ATTENDANCE, *_LEARNING_LOOP},
    # An agency lead is their agency's training representative on the dashboard: they mark
    # the register for their own agency's people (`visible_people`).
    Role.AGENCY_LEAD: {Permission.VIEW_REPORT, Permission.EXPORT, Permission.MARK_ATTENDANCE,
                       *_LEARNING_LOOP},
    Role.ADMIN: {Permission.ADMINISTER},
}


class NotAllowed(PermissionError):
    """Refused: the message is safe to show, and says nothing about the report."""

    def __init__(self) -> None:
        super().__init__("You do not have access to do that. Ask a learning lead if you need it.")


def allowed(account: Account | None, permission: Permission, report: Report | None = None) -> bool:
    if account is None or not account.active:
        return False
    for role_name in account.roles:
        try:
            role = Role(role_name)
        except ValueError:
            continue
        if permission not in _GRANTS[role]:
            continue
        outside_agency = report is not None and not _involves_agency(report, account)
        if role is Role.AGENCY_LEAD and outside_agency:
            continue
        return True
    return False


def allowed_for_agency(account: Account | None, permission: Permission,
                       agency_id: int | None) -> bool:
    """For a record one agency owns (an action): an agency lead only when it is their agency's;
    a record no agency owns is the partnership's, so not theirs either."""
    if account is None or not account.active:
        return False
    for role_name in account.roles:
        try:
            role = Role(role_name)
        except ValueError:
            continue
        if permission not in _GRANTS[role]:
            continue
        if role is Role.AGENCY_LEAD and (agency_id is None or agency_id != account.agency_id):
            continue
        return True
    return False


@dataclass(frozen=True)
class Permissions:
    """What one account may do, everywhere or on one report: what templates and listeners ask."""

    see_reports: bool = False
    # Change this report now. A closed report is read-only, so False on one until it is
    # reopened: every section of the report page that changes it asks this, and nothing else.
    triage: bool = False
    reopen: bool = False
    write_nuggets: bool = False
    message_reporter: bool = False
    reveal_identity: bool = False
    export: bool = False
    administer: bool = False
    # Training: whoever sees reports sees the calendar and compliance (agency leads, their own).
    see_training: bool = False
    manage_training: bool = False
    mark_attendance: bool = False
    see_learning_log: bool = False
    # Write and edit learning items, add actions, run reviews: the learning group's work.
    edit_learning: bool = False
    see_actions: bool = False
    update_actions: bool = False
    # The report card, Kirkpatrick levels and the Board pack (agency leads: their agency's).
    see_evaluation: bool = False


def permissions(account: Account | None, report: Report | None = None, *,
                action: Action | None = None) -> Permissions:
    """Every right of the account (on `report` or `action`, when given), decided by `allowed`."""
    # Imported here: triage asks this module who may move a report.
    from learning.reports.triage import is_closed

    def may(permission: Permission) -> bool:
        return allowed(account, permission, report)

    update_actions = (allowed_for_agency(account, Permission.UPDATE_ACTION, action.agency_id)
                      if action is not None else may(Permission.UPDATE_ACTION))
    closed = report is not None and is_closed(report)
    return Permissions(
        see_reports=may(Permission.VIEW_REPORT), triage=may(Permission.TRIAGE) and not closed,
        reopen=may(Permission.TRIAGE) and closed,
        # Nuggets are written by whoever triages: the learning group's own voice.
        write_nuggets=may(Permission.TRIAGE), message_reporter=may(Permission.MESSAGE_REPORTER),
        reveal_identity=may(Permission.SEE_REPORTER_IDENTITY), export=may(Permission.EXPORT),
        administer=may(Permission.ADMINISTER), see_training=may(Permission.VIEW_REPORT),
        manage_training=may(Permission.MANAGE_TRAINING),
        mark_attendance=may(Permission.MARK_ATTENDANCE),
        see_learning_log=may(Permission.VIEW_LEARNING_LOG), edit_learning=may(Permission.TRIAGE),
        see_actions=may(Permission.VIEW_ACTIONS), update_actions=update_actions,
        see_evaluation=may(Permission.VIEW_EVALUATION))


def require(account: Account | None, permission: Permission, report: Report | None = None) -> None:
    if not allowed(account, permission, report):
        raise NotAllowed()


def acting_account(session: Session, account: Account | None) -> Account:
    """The signed-in account as this unit of work sees it; gone or inactive is refused."""
    found = session.get(Account, account.id) if account is not None else None
    if found is None or not found.active:
        raise NotAllowed()
    return found


def _involves_agency(report: Report, account: Account) -> bool:
    return account.agency_id is not None and any(a.id == account.agency_id for a in report.agencies)


def account_by_email(session: Session, email: str | None) -> Account | None:
    """The active account a chat user acts as, matched on their verified work email."""
    if not email:
        return None
    return session.scalar(
        select(Account).where(func.lower(Account.email) == email.strip().lower(), Account.active)
    )


@dataclass(frozen=True)
class ReportScope:
    """The reports (or actions) an account may see, in terms a count or a statement can be
    kept by: every one, those involving one agency, or none (neither set)."""

    every: bool = False
    agency_id: int | None = None


def report_scope(account: Account | None) -> ReportScope:
    """The same rule as `allowed`, for lists and counts of many reports."""
    if account is None or not account.active:
        return ReportScope()
    roles = set(account.roles)
    if roles & {Role.LEARNING_LEAD, Role.BUSINESS_UNIT}:
        return ReportScope(every=True)
    if Role.AGENCY_LEAD in roles and account.agency_id is not None:
        return ReportScope(agency_id=account.agency_id)
    return ReportScope()


def visible_reports(account: Account | None) -> ColumnElement[bool]:
    """The SQL condition for the reports an account may see (`report_scope`).

    Every list, search and export filters by this, so an agency lead can never reach another
    agency's report by any route.
    """
    return reports_in_scope(report_scope(account))


def reports_in_scope(scope: ReportScope) -> ColumnElement[bool]:
    if scope.every:
        return true()
    if scope.agency_id is not None:
        return Report.agencies.any(Agency.id == scope.agency_id)
    return false()


def visible_people(account: Account | None) -> ColumnElement[bool]:
    """The SQL condition for the staff whose training an account may see: every agency's for
    the learning group, an agency lead's own agency only, nobody's for anyone else."""
    if account is None or not account.active:
        return false()
    roles = set(account.roles)
    if roles & {Role.LEARNING_LEAD, Role.BUSINESS_UNIT}:
        return true()
    if Role.AGENCY_LEAD in roles and account.agency_id is not None:
        return Person.agency_id == account.agency_id
    return false()


def may_see_identity(account: Account | None, report: Report) -> bool:
    """Named: whoever triages. Confidential: the business unit only. Anonymous: nobody, ever."""
    if report.identity_mode is IdentityMode.ANONYMOUS:
        return False
    if report.identity_mode is IdentityMode.CONFIDENTIAL:
        return allowed(account, Permission.SEE_REPORTER_IDENTITY, report)
    return allowed(account, Permission.TRIAGE, report)


def evaluated_agency(account: Account | None, agency_id: int | None) -> int | None:
    """The agency whose evaluation figures this account may see when it asks for `agency_id`
    (None: the whole partnership's). An agency lead asking for none gets their own agency;
    an agency lead asking for another agency, or for the whole partnership, is refused."""
    everyone = account is not None and bool(
        set(account.roles) & {Role.LEARNING_LEAD, Role.BUSINESS_UNIT})
    if agency_id is None and not everyone and account is not None:
        agency_id = account.agency_id
    if agency_id is None:
        if not (everyone and allowed(account, Permission.VIEW_EVALUATION)):
            raise NotAllowed()
    elif not allowed_for_agency(account, Permission.VIEW_EVALUATION, agency_id):
        raise NotAllowed()
    return agency_id


def action_scope(account: Account | None) -> ReportScope:
    """The actions an account may see: every agency's for the learning group, an agency
    lead's own agency's, none for anyone else (`actions_in_scope` is its SQL condition)."""
    if not allowed(account, Permission.VIEW_ACTIONS):
        return ReportScope()
    assert account is not None
    if set(account.roles) & {Role.LEARNING_LEAD, Role.BUSINESS_UNIT}:
        return ReportScope(every=True)
    return ReportScope(agency_id=account.agency_id)


def actions_in_scope(scope: ReportScope) -> ColumnElement[bool]:
    if scope.every:
        return true()
    if scope.agency_id is not None:
        return Action.agency_id == scope.agency_id
    return false()
