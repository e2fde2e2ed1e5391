"""Dashboard accounts: who may sign in, with which roles."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from learning.hashing import hash_secret
from storage.database import UnitOfWork
from storage.models import Account, Agency
from storage.vocabulary import Role

PASSWORD_MIN = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
        agency = session.scalar(select(Agency).where(func.lower(Agency.name) == agency_name.lower()))
        if agency is None:
            raise AccountError(f"no agency is called {agency_name!r}")
    if role == Role.AGENCY_LEAD and agency is None:
        raise AccountError("an agency lead needs --agency, the agency whose reports they see")

    account = session.scalar(select(Account).where(Account.email == email))
    if account is None:
        account = Account(email=email, roles=[])
        session.add(account)
    account.roles = sorted({*account.roles, role})
    account.display_name = display_name or account.display_name
    account.agency = agency or account.agency
    if password is not None:
        account.password_hash = hash_secret(password)
        account.failed_sign_ins = 0
        account.locked_until = None
    uow.commit()
    return account
