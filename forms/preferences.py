"""Your preferences on the web: reached by the signed link in a message, no sign-in needed.

The link names the person (`learning.nudges.preferences.person_from_link`, a signed link made
like every one-click link); the page never shows anything but their own choices.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from forms import services
from learning.nudges.preferences import (
    PreferencesRefused,
    Typed,
    person_from_link,
    save_preferences,
    start_learning_again,
    your_preferences,
)

blueprint = Blueprint("preferences", __name__)
DATE_PARTS = ("day", "month", "year")


@blueprint.route("/preferences/<token>", methods=["GET", "POST"])
def page(token: str) -> ResponseReturnValue:
    settings, now = services().settings, datetime.now(UTC)
    person_id = person_from_link(settings, token, now=now)
    if person_id is None:
        return render_template("preferences/expired.html",
                               days=settings.one_click_link_days), 404
    with services().database.unit_of_work() as uow:
        shown = your_preferences(uow, person_id, settings) or abort(404)
    if request.method == "GET":
        return render_template("preferences/page.html", shown=shown,
                               pause=_date_parts(shown.typed.paused_until), saved=False)
    if request.form.get("action") == "start-again":
        with services().database.unit_of_work() as uow:
            shown = start_learning_again(uow, person_id, settings)
        return render_template("preferences/page.html", shown=shown,
                               pause=_date_parts(shown.typed.paused_until), saved=True)
    pause = {part: request.form.get(f"paused_until-{part}", "").strip() for part in DATE_PARTS}
    typed = Typed(paused_until=_joined(pause), quiet_from=request.form.get("quiet_from", ""),
                  quiet_until=request.form.get("quiet_until", ""),
                  preferred_channel=request.form.get("preferred_channel", ""))
    try:
        with services().database.unit_of_work() as uow:
            shown = save_preferences(uow, person_id, typed, settings=settings, now=now)
    except PreferencesRefused as refused:
        return render_template("preferences/page.html", shown=refused.preferences, pause=pause,
                               saved=False), 400
    return render_template("preferences/page.html", shown=shown, pause=pause, saved=True)


def _joined(parts: dict[str, str]) -> str:
    """YYYY-MM-DD from the three boxes; anything else is passed on to be refused with words."""
    if not any(parts.values()):
        return ""
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])).isoformat()
    except ValueError:
        return "/".join(parts[p] for p in DATE_PARTS)


def _date_parts(iso: str) -> dict[str, str]:
    if not iso:
        return dict.fromkeys(DATE_PARTS, "")
    day = date.fromisoformat(iso)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
