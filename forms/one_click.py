"""/m/<link>: an email's one-click links. Opening one shows what it will do and one button;
only pressing it (a POST, with CSRF) acts, since mail scanners open every link they see.

A mail client's own unsubscribe button (RFC 8058) POSTs `List-Unsubscribe=One-Click` with no
page and no cookie: the signed link is its proof, and only unsubscribe links accept it.
No sign-in: the link is the person's own, and nothing on these pages holds report text.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from forms import services
from forms.security import csrf
from learning.nudges.one_click import LinkState, LinkView, look_up_link, use_link

blueprint = Blueprint("one_click", __name__)
# Used and expired links are still links we made: they get a page, not a "not found".
STATUS = {LinkState.READY: 200, LinkState.USED: 200, LinkState.EXPIRED: 410,
          LinkState.BROKEN: 404}
TOKEN_MAX = 300


@blueprint.get("/m/<token>")
def confirm(token: str) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        view = look_up_link(uow.session, services().settings, token[:TOKEN_MAX],
                            now=datetime.now(UTC))
    return _page(view, token)


@blueprint.post("/m/<token>")
@csrf.exempt
def press(token: str) -> ResponseReturnValue:
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    if not one_click:
        csrf.protect()
    with services().database.unit_of_work() as uow:
        view = use_link(uow, services().settings, token[:TOKEN_MAX], now=datetime.now(UTC),
                        one_click_post=one_click)
    if one_click:
        done = view.done is not None or view.state is LinkState.USED
        return ("Unsubscribed.\n" if done else "That link does not work.\n",
                200 if done else STATUS[view.state], {"Content-Type": "text/plain"})
    return _page(view, token)


def _page(view: LinkView, token: str) -> ResponseReturnValue:
    return render_template("one_click/link.html", view=view, token=token,
                           state=view.state.value), STATUS[view.state]
