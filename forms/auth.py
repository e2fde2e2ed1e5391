"""Who is signed in to the dashboard, and the guard every dashboard view wears.

The decision itself is `learning.reports.access`; this only finds the account and turns a refusal
into a page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from flask import abort, g, redirect, request, session, url_for

from forms import services
from learning.people.accounts import signed_in_account
from learning.reports.access import Permission, allowed
from storage.models import Account

SESSION_LIFETIME = timedelta(hours=8)
IDLE_LIFETIME = timedelta(minutes=60)


def sign_in_as(account: Account) -> None:
    """Start a fresh session for the account (a new session, so no fixation)."""
    session.clear()
    now = datetime.now(UTC).isoformat()
    session.update(account_id=account.id, signed_in_at=now, seen_at=now)
    session.permanent = True


def sign_out() -> None:
    session.clear()


def current_account() -> Account | None:
    """The signed-in, active account, or None once the session has expired."""
    if "account" in g:
        return g.account
    g.account = None
    account_id = session.get("account_id")
    if account_id is not None and not _expired():
        with services().database.unit_of_work() as uow:
            account = signed_in_account(uow, account_id)
        if account is not None:
            g.account = account
            session["seen_at"] = datetime.now(UTC).isoformat()
    if g.account is None and account_id is not None:
        session.clear()
    return g.account


def _expired() -> bool:
    now = datetime.now(UTC)
    signed_in = datetime.fromisoformat(session.get("signed_in_at", "1970-01-01T00:00:00+00:00"))
    seen = datetime.fromisoformat(session.get("seen_at", "1970-01-01T00:00:00+00:00"))
    return now - signed_in > SESSION_LIFETIME or now - seen > IDLE_LIFETIME


def requires(permission: Permission) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed out: go and sign in. Signed in without the permission: 403. Checked per report
    again inside the view, with `learning.reports.access.require`."""

    def guard(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None:
                return redirect(url_for("sign_in.start", next=request.full_path))
            if not allowed(account, permission):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return guard
