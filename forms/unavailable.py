"""When the database is away: every page answers 503 with what the person typed kept.

One mechanism for every page. A view that takes typed input says which of its fields the
person should see again, and what the page was for:

    @blueprint.post("/follow-up/report")
    @kept_when_unavailable("Sorry, your reply could not be sent just now", reply="Your reply")

The 503 page shows those fields as they were typed, and carries every posted field (shown or
not) in a Try again form that posts them, with a fresh CSRF token, to where they were going.
Passwords are never written into the page: they are asked for again. A page that was only
being read (a GET) gets a Try again link to the same address, query and all. Public pages,
where a reporter may be, also show the emergency contacts. Nothing here touches the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app, g, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DBAPIError, TimeoutError as PoolTimeout

from forms import services

log = logging.getLogger(__name__)
View = TypeVar("View", bound=Callable[..., Any])
# Pages only staff reach: no emergency contacts there. Everything else is public.
STAFF_PAGES = ("/dashboard", "/sign-in", "/sign-out")
NEVER_ECHOED = "password"
NOT_CARRIED = {"csrf_token"}
# Seconds a client (or a proxy) is told to wait before trying again.
RETRY_AFTER = "30"


@dataclass(frozen=True)
class Kept:
    """What a form page says when it cannot be saved, and the fields it shows again."""

    heading: str
    shown: tuple[tuple[str, str], ...] = ()


def kept_when_unavailable(heading: str, **shown: str) -> Callable[[View], View]:
    """Mark a view: `heading` for its 503 page, and field name = label for the fields the
    person sees again there (each posted field is carried, shown or not; for a GET, the
    query's fields are shown, and carried in the Try again link)."""

    def mark(view: View) -> View:
        view.kept_when_unavailable = Kept(heading, tuple(shown.items()))  # type: ignore[attr-defined]
        return view

    return mark


def answer_outages(app: Flask) -> None:
    """Register the one handler: a lost connection, a refused one, a statement or lock
    timeout (OperationalError), a broken driver (InterfaceError), a full pool."""
    app.register_error_handler(DBAPIError, database_unavailable)
    app.register_error_handler(PoolTimeout, database_unavailable)


def database_unavailable(failure: Exception) -> ResponseReturnValue:
    # The class only: a database error's text can quote what was typed.
    log.error("%s could not reach the database: %s", request.endpoint, type(failure).__name__)
    # Whoever is signed in cannot be looked up now; the page must not try again.
    g.account = getattr(g, "account", None)
    public = not request.path.startswith(STAFF_PAGES)
    kept = _kept_for_view()
    posted = request.method == "POST"
    heading = kept.heading if kept else (
        "Sorry, that could not be saved just now" if posted
        else "Sorry, this page cannot be shown just now")
    # A search typed into a page that was only being read travels in its address.
    typed = request.form if posted else request.args
    shown = [(name, label, typed.get(name, "")) for name, label in
             (kept.shown if kept else ()) if typed.get(name, "").strip()]
    html = render_template(
        "unavailable.html", heading=heading, posted=posted, shown=shown,
        carried=_carried() if posted else [], asked_again=_asked_again() if posted else [],
        retry=request.full_path.rstrip("?"),
        contacts=services().settings.emergency_contacts if public else None)
    return html, 503, {"Retry-After": RETRY_AFTER}


def _kept_for_view() -> Kept | None:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "kept_when_unavailable", None)


def _carried() -> list[tuple[str, str]]:
    """Every posted value, in order, to send again; never a password or the old token."""
    return [(name, value) for name in request.form
            if name not in NOT_CARRIED and NEVER_ECHOED not in name.lower()
            for value in request.form.getlist(name)]


def _asked_again() -> list[str]:
    return [name for name in request.form if NEVER_ECHOED in name.lower()]
