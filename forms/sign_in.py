"""Signing in to the dashboard: Microsoft Entra ID single sign-on, and local accounts."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlsplit

import msal
from flask import (Blueprint, abort, redirect, render_template, request, session,
                   url_for)
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, home_page, sign_in_as, sign_out
from forms.unavailable import kept_when_unavailable
from learning.people.accounts import (FIRST_ACCOUNT_COMMAND, account_from_entra, no_account_yet,
                                      sign_in_with_password)
from storage.models import Account
from learning.settings import Settings

log = logging.getLogger(__name__)
blueprint = Blueprint("sign_in", __name__)
WRONG = "Enter a correct email address and password. After 5 wrong tries, wait 15 minutes."
# Rate limits: forms/throttle.py.
BUSY = ("There have been a lot of sign-in tries from your organisation's network or this "
        "browser in the last hour. Wait 10 minutes, then try again.")


@blueprint.route("/sign-in", methods=["GET", "POST"])
@kept_when_unavailable("Sorry, you could not be signed in just now", email="Email address")
def start() -> ResponseReturnValue:
    settings = services().settings
    if request.method == "GET":
        if current_account() is not None:
            return redirect(_next_page(current_account()))
        return _page(settings)
    if not settings.local_accounts:
        abort(404)
    email = request.form.get("email", "")[:320]
    if not email.strip() or not request.form.get("password"):
        return _page(settings, problem="Enter your email address and password", email=email), 400
    with services().database.unit_of_work() as uow:
        result = sign_in_with_password(uow, email, request.form.get("password", "")[:500],
                                       now=datetime.now(UTC))
    if result.account is None:
        log.info("a local sign-in was refused")
        return _page(settings, problem=WRONG, email=email), 400
    sign_in_as(result.account)
    return redirect(_next_page(result.account), 303)


@blueprint.errorhandler(429)
def too_many_tries(_: Exception) -> ResponseReturnValue:
    return _page(services().settings, problem=BUSY, email=request.form.get("email", "")[:320]), 429


@blueprint.get("/sign-in/microsoft")
def microsoft() -> ResponseReturnValue:
    settings = services().settings
    if not settings.entra_enabled:
        abort(404)
    # PKCE, state and nonce are made and later checked by msal; the flow waits in the session.
    # The answer comes back as a query string: a cross-site form_post would arrive without
    # the SameSite=Lax session cookie that holds the flow.
    flow = _entra(settings).initiate_auth_code_flow(
        scopes=[], redirect_uri=_callback_url(settings), response_mode="query")
    session["entra_flow"] = flow
    session["entra_next"] = own_path(request.values.get("next", "")) or ""
    return redirect(flow["auth_uri"])


@blueprint.get("/sign-in/microsoft/callback")
def microsoft_callback() -> ResponseReturnValue:
    settings = services().settings
    flow = session.pop("entra_flow", None)
    next_page = session.pop("entra_next", "")
    if not settings.entra_enabled or flow is None:
        return _page(settings, problem="Your sign-in expired. Try again."), 400
    try:
        result = _entra(settings).acquire_token_by_auth_code_flow(flow, request.args.to_dict())
    except (ValueError, RuntimeError):
        # msal refuses a state (ValueError) or an ID token nonce (RuntimeError) that does not
        # match what this browser started with.
        log.warning("an Entra ID sign-in was refused: state or nonce did not match")
        return _page(settings, problem="Your sign-in could not be checked. Try again."), 400
    if "error" in result:
        log.warning("an Entra ID sign-in failed: %s", result.get("error"))
        return _page(settings, problem="Microsoft did not sign you in. Try again."), 400
    claims = result.get("id_token_claims", {})
    with services().database.unit_of_work() as uow:
        account = account_from_entra(
            uow, object_id=str(claims.get("oid", "")),
            email=claims.get("preferred_username") or claims.get("email"),
            name=claims.get("name"), app_roles=list(claims.get("roles", [])))
    if account is None or not claims.get("oid"):
        return _page(settings, problem="Your Microsoft account has no LearnLoop role. Ask your "
                                       "partnership admin for access."), 403
    sign_in_as(account)
    return redirect(own_path(next_page) or _home(account), 303)


@blueprint.post("/sign-out")
def leave() -> ResponseReturnValue:
    sign_out()
    return redirect(url_for("sign_in.start"), 303)


def _page(settings: Settings, *, problem: str | None = None, email: str = "") -> str:
    with services().database.unit_of_work() as uow:
        first_start = no_account_yet(uow)
    return render_template("sign_in.html", problem=problem, email=email,
                           local=settings.local_accounts, entra=settings.entra_enabled,
                           next_page=own_path(request.values.get("next", "")) or "",
                           first_account_command=FIRST_ACCOUNT_COMMAND if first_start else None)


def _next_page(account: Account) -> str:
    """Where the sign-in was heading, else the account's own first page."""
    return own_path(request.values.get("next", "")) or _home(account)


def _home(account: Account) -> str:
    # An account with no dashboard right at all meets the one page that says so.
    return home_page(account) or url_for("dashboard.queue")


def own_path(wanted: str) -> str | None:
    """`wanted` if it is a path on this site, judged as a browser would read it; else None.

    Browsers drop tabs and newlines anywhere in a URL, trim spaces and control characters
    at its ends, and read a backslash as a slash, so `/<tab>/evil.example` and `/\\evil.example`
    both mean //evil.example. Judge the URL the browser will follow, never the one typed.
    """
    seen = "".join(ch for ch in wanted if ch not in "\t\n\r").strip("\x00- ").replace("\\", "/")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in seen):
        return None
    parts = urlsplit(seen)
    if parts.scheme or parts.netloc or not seen.startswith("/") or seen.startswith("//"):
        return None
    return seen


def _callback_url(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + url_for("sign_in.microsoft_callback")


def _entra(settings: Settings) -> msal.ConfidentialClientApplication:
    return msal.ConfidentialClientApplication(
        settings.entra_client_id,
        client_credential=settings.entra_client_secret,
        authority=f"{settings.microsoft_login_url.rstrip('/')}/{settings.entra_tenant_id}",
        instance_discovery=False,
    )
