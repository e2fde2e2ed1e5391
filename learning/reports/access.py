"""Who may do what: the one place access is decided. Deny by default.

Every view, export and chat action asks `allowed` (or `require`) here; nothing checks roles
on its own.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from storage.models import Account, Agency, Report
from storage.vocabulary import IdentityMode, Role


class Permission(StrEnum):
    VIEW_REPORT = "view_report"
    TRIAGE = "triage"
    MESSAGE_REPORTER = "message_reporter"
    SEE_REPORTER_IDENTITY = "see_reporter_identity"
    EXPORT = "export"
    ADMINISTER = "administer"


_GRANTS: dict[Role, set[Permission]] = {
    Role.LEARNING_LEAD: {Permission.VIEW_REPORT, Permission.TRIAGE, Permission.MESSAGE_REPORTER,
                         Permission.EXPORT},
    Role.BUSINESS_UNIT: {Permission.VIEW_REPORT, Permission.TRIAGE, Permission.MESSAGE_REPORTER,
                         Permission.EXPORT, Permission.SEE_REPORTER_IDENTITY},
    Role.AGENCY_LEAD: {Permission.VIEW_REPORT, Permission.EXPORT},
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
        if role is Role.AGENCY_LEAD and report is not None and not _involves_agency(report, account):
            continue
        return True
    return False


def require(account: Account | None, permission: Permission, report: Report | None = None) -> None:
    if not allowed(account, permission, report):
        raise NotAllowed()


def _involves_agency(report: Report, account: Account) -> bool:
    return account.agency_id is not None and any(a.id == account.agency_id for a in report.agencies)


def account_by_email(session: Session, email: str | None) -> Account | None:
    """The active account a chat user acts as, matched on their verified work email."""
    if not email:
        return None
    return session.scalar(
        select(Account).where(func.lower(Account.email) == email.strip().lower(), Account.active)
    )


def visible_reports(account: Account | None) -> ColumnElement[bool]:
    """The SQL condition for the reports an account may see: the same rule as `allowed`.

    Every list, search and export filters by this, so an agency lead can never reach another
    agency's report by any route.
    """
    if account is None or not account.active:
        return false()
    roles = set(account.roles)
    if roles & {Role.LEARNING_LEAD, Role.BUSINESS_UNIT}:
        return true()
    if Role.AGENCY_LEAD in roles and account.agency_id is not None:
        return Report.agencies.any(Agency.id == account.agency_id)
    return false()


def may_see_identity(account: Account | None, report: Report) -> bool:
    """Named: whoever triages. Confidential: the business unit only. Anonymous: nobody, ever."""
    if report.identity_mode is IdentityMode.ANONYMOUS:
        return False
    if report.identity_mode is IdentityMode.CONFIDENTIAL:
        return allowed(account, Permission.SEE_REPORTER_IDENTITY, report)
    return allowed(account, Permission.TRIAGE, report)
