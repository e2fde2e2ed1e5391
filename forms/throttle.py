"""Rate limits on the public forms (Flask-Limiter).

Counts live in memory, one count per worker, unless RATE_LIMIT_STORAGE_URI names a shared
store (e.g. redis://host:6379), which every worker then uses. Each form gets two limits: a
generous one per network address, because a council can send all its staff through one
outgoing address, and a tighter one per browser session. A client is known to the limiter
only by a keyed hash, never its address. Passwords and case keys also lock per account and
per key (learning.people.lockout), whatever the address.

A refusal is a 429 that each form's blueprint renders in its own words, keeping what was
typed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, current_app, request, session
from flask_limiter import Limiter


@dataclass(frozen=True)
class Limits:
    per_address: str
    per_session: str
    # Which answers count: e.g. only a report actually sent, not a page asking to fix one.
    counts: Callable[[Response], bool] = lambda response: True


LIMITS = {
    "report.send": Limits("600 per hour", "20 per hour",
                          counts=lambda response: response.status_code == 303),
    "follow_up.start": Limits("300 per hour", "30 per hour"),
    "sign_in.start": Limits("300 per hour", "30 per hour"),
}


# Every limit is on a form being sent.
LIMITED_METHODS = ("POST",)


def limit_rates(app: Flask, storage_uri: str) -> Limiter:
    """Put LIMITS on the app's views; call once the blueprints are registered."""
    limiter = Limiter(key_func=by_address, app=app, storage_uri=storage_uri,
                      strategy="moving-window", headers_enabled=False)
    # The limiter looks at every request; one no limit can apply to (every page viewed) is
    # passed over at once, not resolved against the limits (a twentieth of a page's time).
    limiter.request_filter(lambda: request.method not in LIMITED_METHODS)
    for endpoint, limits in LIMITS.items():
        view = app.view_functions[endpoint]
        limiter.limit(limits.per_address, key_func=by_address, methods=LIMITED_METHODS,
                      deduct_when=limits.counts)(view)
        app.view_functions[endpoint] = limiter.limit(
            limits.per_session, key_func=by_session, methods=LIMITED_METHODS,
            deduct_when=limits.counts)(view)
    return limiter


def by_address() -> str:
    return "address:" + _keyed(request.remote_addr or "")


def by_session() -> str:
    # The CSRF token is random per browser session; a request without one is refused by
    # the CSRF check anyway, and falls back to its address here.
    browser = session.get("csrf_token")
    return "session:" + _keyed(browser) if isinstance(browser, str) else by_address()


def _keyed(value: str) -> str:
    secret = current_app.extensions["learnloop"].settings.secret_key.encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]
