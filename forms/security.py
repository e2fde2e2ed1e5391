"""Security for every page: CSRF on every form, a strict content security policy, safe headers."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def csp_nonce() -> str:
    """One nonce per request, for the few script tags our own pages carry."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def secure(app: Flask, *, production: bool = False) -> None:
    # A token lasts as long as the browser's session, not an hour: a report written slowly,
    # or left open over lunch, must still send. A refused one shows the page again, kept.
    app.config["WTF_CSRF_TIME_LIMIT"] = None
    # Our pages send no Referer (Referrer-Policy: no-referrer), so Flask-WTF's HTTPS check that
    # one names this site would refuse every form behind HTTPS; the session-bound token and the
    # SameSite=Lax cookie are the protection.
    app.config["WTF_CSRF_SSL_STRICT"] = False
    csrf.init_app(app)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(_headers)
    if production:
        app.after_request(_strict_transport)


def _strict_transport(response: Response) -> Response:
    # Production runs behind HTTPS only: browsers must never try plain HTTP again.
    response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


def _headers(response: Response) -> Response:
    nonce = g.get("csp_nonce")
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    # A case key or reference must never leave in a Referer header.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    # Pages and exports hold report details: never kept by a browser or a proxy.
    if response.mimetype in ("text/html", "text/csv") or "attachment" in response.headers.get(
            "Content-Disposition", ""):
        response.headers["Cache-Control"] = "no-store"
    return response
