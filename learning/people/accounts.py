"""Dashboard accounts: who may sign in, with which roles."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.people.hashing import hash_secret, secret_matches
from learning.people.sessions import end_sessions_of, open_with_account
from learning.people.lockout import Lockout, answer_refusal_evenly
from storage.database import UnitOfWork
from storage.models import Account, Agency
from storage.vocabulary import Role

PASSWORD_MIN = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# How whoever runs LearnLoop makes the first account: printed at start and shown on /sign-in
# while no account exists, so a fresh install never leaves its admin guessing.
FIRST_ACCOUNT_COMMAND = "learnloop users add EMAIL --role admin"


class AccountError(ValueError):
    """An account that cannot be made as asked; the message says what to change."""


def add_account(
    uow: UnitOfWork,
    email: str,
    role: str,
    *,
    password: str | None,
    display_name: str | None = None,
    agency_name: str | None = None,
) -> Account:
    """Create an account, or give an existing one this role and (if given) a new password.

    Without a password the account can only sign in through Entra ID single sign-on.
    """
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise AccountError(f"{email!r} is not an email address")
    if role not in {r.value for r in Role}:
        raise AccountError(f"role must be one of: {', '.join(r.value for r in Role)}")
    if password is not None and len(password) < PASSWORD_MIN:
        raise AccountError(f"the password must be at least {PASSWORD_MIN} characters")
    session = uow.session
    agency = None
    if agency_name:
        agency = session.scalar(
            select(Agency).where(func.lower(Agency.name) == agency_name.lower()))
        if agency is None:
            raise AccountError(f"no agency is called {agency_name!r}")
    if role == Role.AGENCY_LEAD and agency is None:
        raise AccountError("an agency lead needs --agency, the agency whose reports they see")

    account = session.scalar(select(Account).where(Account.email == email))
    if account is None:
        account = Account(email=email, roles=[])
        session.add(account)
    roles_before = list(account.roles)
    account.roles = sorted({*account.roles, role})
    account.display_name = display_name or account.display_name
    account.agency = agency or account.agency
    if password is not None:
        account.password_hash = hash_secret(password)
        account.failed_sign_ins = 0
        account.locked_until = None
    if account.id is not None and (password is not None or account.roles != roles_before):
        # A new password or new roles: sessions signed in under the old ones end now.
        end_sessions_of(session, account.id)
    uow.commit()
    return account


def no_account_yet(uow: UnitOfWork) -> bool:
    """True until the first active dashboard account exists."""
    return uow.session.scalar(select(Account.id).where(Account.active).limit(1)) is None


def sign_out_everywhere(uow: UnitOfWork, email: str) -> None:
    """End every session of the account (an admin's answer to a lost laptop)."""
    account = uow.session.scalar(select(Account).where(Account.email == email.strip().lower()))
    if account is None:
        raise AccountError(f"no account has the email address {email.strip().lower()!r}")
    end_sessions_of(uow.session, account.id)
    uow.commit()


MAX_FAILED_SIGN_INS = 5
SIGN_IN_LOCKOUT = timedelta(minutes=15)
_LOCKOUT = Lockout(limit=MAX_FAILED_SIGN_INS, period=SIGN_IN_LOCKOUT)


@dataclass(frozen=True)
class SignIn:
    account: Account | None
    locked_until: datetime | None = None


def sign_in_with_password(uow: UnitOfWork, email: str, password: str, *,
                          now: datetime) -> SignIn:
    """Check a local password; repeated failures lock the account for a while. A wrong try
    counts even though it is refused, and every refusal is answered in the same time."""
    started = time.monotonic()
    result = _check_password(uow.session, email, password, now=now)
    uow.commit()
    if result.account is None:
        answer_refusal_evenly(started)
    return result


def _check_password(session: Session, email: str, password: str, *, now: datetime) -> SignIn:
    """The password is checked on every try, even for an unknown or locked account, so how long
    the answer takes says nothing about which accounts exist or are locked.
    """
    # No address holds a NUL, and PostgreSQL refuses one in a query.
    account = None if "\x00" in email else session.scalar(
        select(Account).where(Account.email == email.strip().lower()))
    matches = secret_matches(account.password_hash if account else None, password)
    if account is not None and _LOCKOUT.is_locked(account.locked_until, now):
        return SignIn(account=None, locked_until=account.locked_until)
    if account is not None and matches and account.active:
        account.failed_sign_ins = 0
        account.locked_until = None
        return SignIn(account=account)
    if account is not None:
        account.failed_sign_ins, account.locked_until = _LOCKOUT.after_wrong_try(
            account.failed_sign_ins, now)
        return SignIn(account=None, locked_until=account.locked_until)
    return SignIn(account=None)


def account_from_entra(uow: UnitOfWork, *, object_id: str, email: str | None,
                       name: str | None, app_roles: list[str]) -> Account | None:
    """The account for an Entra ID sign-in, its roles taken from the token's app roles.

    No LearnLoop app role means no access. An agency lead must already have an account that
    an admin tied to their agency; the token cannot say which agency.
    """
    account = _entra_account(uow.session, object_id=object_id, email=email, name=name,
                             app_roles=app_roles)
    uow.commit()
    return account


def signed_in_account(uow: UnitOfWork, token: object, *, now: datetime) -> Account | None:
    """The account whose dashboard session this token opens, with its agency, while the
    session lasts and the account is active; the session's last use (or its end) is saved
    when it changed.

    The account comes back detached, as if its unit of work had closed: `uow` may go on to
    read a page, and the account may be handed to another unit of work that writes."""
    account, changed = open_with_account(uow.session, token, now=now)
    if changed:
        uow.commit()
    return account if account is not None and account.active else None


def _entra_account(session: Session, *, object_id: str, email: str | None, name: str | None,
                   app_roles: list[str]) -> Account | None:
    roles = sorted({r for r in app_roles if r in {role.value for role in Role}})
    if not roles:
        return None
    account = session.scalar(select(Account).where(Account.entra_object_id == object_id))
    if account is None and email:
        account = session.scalar(select(Account).where(Account.email == email.strip().lower()))
    if account is None:
        if not email:
            return None
        account = Account(email=email.strip().lower(), roles=[], active=True)
        session.add(account)
    if not account.active:
        return None
    account.entra_object_id = object_id
    account.display_name = name or account.display_name
    roles_before = list(account.roles)
    account.roles = roles
    if Role.AGENCY_LEAD in roles and account.agency_id is None:
        account.roles = [r for r in roles if r != Role.AGENCY_LEAD]
    if account.id is not None and account.roles != roles_before:
        end_sessions_of(session, account.id)
    return account if account.roles else None
