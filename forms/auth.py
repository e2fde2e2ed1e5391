"""Who is signed in to the dashboard, and the guard every dashboard view wears.

The decision itself is `learning.reports.access`; this only finds the account and turns a refusal
into a page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from flask import abort, g, redirect, request, session, url_for

from forms import services
from forms.reads import request_reads
from learning.people.accounts import signed_in_account
from learning.people.sessions import end_session, start_session
from learning.reports.access import Permission, allowed, permissions
from storage.models import Account

# The cookie's only sign-in content: the token of a server-side session.
DASHBOARD = "dashboard_session"


def sign_in_as(account: Account) -> None:
    """Start a fresh session for the account (a new session, so no fixation)."""
    with services().database.unit_of_work() as uow:
        end_session(uow.session, session.get(DASHBOARD))
        token = start_session(uow.session, now=datetime.now(UTC), account_id=account.id)
        uow.commit()
    # Only the sign-in's own key changes (the session row is new, so nothing is fixed): a
    # report being written in another tab keeps its security token and draft.
    session[DASHBOARD] = token
    session.permanent = True


def sign_out() -> None:
    with services().database.unit_of_work() as uow:
        end_session(uow.session, session.get(DASHBOARD))
        uow.commit()
    session.clear()


def current_account() -> Account | None:
    """The signed-in, active account, or None once the session has ended or expired.

    Checked on the server on every request, so a session ended anywhere (sign-out, a new
    password, a role change, "sign out everywhere") is ended for every copy of the cookie.
    """
    if "account" in g:
        return g.account
    g.account = None
    token = session.get(DASHBOARD)
    if token is not None:
        account = signed_in_account(request_reads(), token, now=datetime.now(UTC))
        if account is not None:
            g.account = account
        else:
            session.pop(DASHBOARD, None)
    return g.account


def home_page(account: Account | None) -> str | None:
    """The first dashboard page this account may use, or None when it may use none.

    Reports for whoever sees them, else learning nuggets, else the admin pages."""
    can = permissions(account)
    for allowed_here, endpoint in ((can.see_reports, "dashboard.queue"),
                                   (can.write_nuggets, "dashboard_learning.nuggets"),
                                   (can.administer, "admin.rules")):
        if allowed_here:
            return url_for(endpoint)
    return None


def requires(permission: Permission, *, or_home: bool = False
             ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed out: go and sign in. Signed in without the permission: 403, or (`or_home`, for the
    dashboard's front door) on to the account's own first page. Checked per report again
    inside the view, with `learning.reports.access.require`."""

    def guard(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None:
                return redirect(url_for("sign_in.start", next=request.full_path))
            if not allowed(account, permission):
                home = home_page(account) if or_home else None
                if home is None or home == request.path:
                    abort(403)
                return redirect(home, 303)
            return view(*args, **kwargs)

        return guarded

    return guard
