"""The themes pages: theme and factor counts with signals, and the admins' vocabulary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from forms.reads import request_reads
from forms.themes_figures import FIGURES_HERE, with_figures
from learning.improvement import themes as vocabulary
from learning.improvement.clusters import (
    PeriodRefused,
    last_twelve_months,
    period_from,
    themes_picture,
)
from learning.improvement.signal_decisions import (
    KIND_WORDS,
    SignalRefused,
    accept_signal,
    dismiss_signal,
    signals_for,
)
from learning.improvement.signals import subject_label
from forms.templating import agency_choices
from learning.people.directory import agency_names
from learning.reports.access import NotAllowed, Permission

blueprint = Blueprint("themes", __name__)
MONTHS_OFFERED = 36


@blueprint.get("/dashboard/themes")
@requires(Permission.VIEW_REPORT)
def themes_page() -> ResponseReturnValue:
    return _page()


@blueprint.post("/dashboard/themes/signals/<int:signal_id>/<decision>")
@requires(Permission.TRIAGE)
def decide(signal_id: int, decision: str) -> ResponseReturnValue:
    if decision not in ("accept", "dismiss"):
        abort(404)
    form, now = request.form, datetime.now(UTC)
    try:
        with services().database.unit_of_work() as uow:
            if decision == "accept":
                accept_signal(uow, by=current_account(), signal_id=signal_id, now=now,
                              accepted_as=form.get("accepted_as", ""))
            else:
                dismiss_signal(uow, by=current_account(), signal_id=signal_id, now=now,
                               reason=form.get("reason", ""))
    except LookupError:
        abort(404)
    except (SignalRefused, NotAllowed) as refused:
        return _page(problem=(f"{decision}-{signal_id}", str(refused)), typed=form.to_dict())
    return redirect(url_for("themes.themes_page", decided=signal_id) + f"#signal-{signal_id}",
                    303)


def _page(*, problem: tuple[str, str] | None = None,
          typed: dict[str, str] | None = None) -> ResponseReturnValue:
    account, zone = current_account(), services().settings.timezone
    today = datetime.now(UTC).astimezone(zone).date()
    args = request.args
    period, period_problem = last_twelve_months(today), None
    if args.get("from") or args.get("to"):
        try:
            period = period_from(args.get("from", ""), args.get("to", ""), today=today)
        except PeriodRefused as refused:
            period_problem = str(refused)
    agency = args.get("agency", "")
    agency_id = int(agency) if agency.isdigit() else None
    uow = request_reads()
    names = agency_names(uow.session)
    picture = themes_picture(uow.session, account, period, timezone=zone,
                             agency_id=agency_id, names=names)
    signals = signals_for(uow.session, account)
    problems = dict([problem]) if problem else {}
    if period_problem:
        problems["from"] = period_problem
    html = render_template(
        "themes/index.html", picture=picture, signals=signals, account=account,
        problems=problems, typed=typed or {}, agency_choices=agency_choices(names),
        chosen={"from": args.get("from", f"{period.first:%Y-%m}"),
                "to": args.get("to", f"{period.last:%Y-%m}"), "agency": agency},
        months=_months_offered(today), kind_words=KIND_WORDS,
        figures_here=FIGURES_HERE,
        subject_label=subject_label,
        decided=args.get("decided"))
    return current_app.response_class(with_figures(html, picture, agency_id),
                                      status=400 if problems else 200, mimetype="text/html")


@lru_cache(maxsize=2)
def _months_offered(today: date) -> tuple[tuple[str, str], ...]:
    # The same all day, so written once a day (and shared, so a tuple), not on every page.
    month, found = today.replace(day=1), []
    for _ in range(MONTHS_OFFERED):
        found.append((f"{month:%Y-%m}", f"{month:%B %Y}"))
        month = (month - timedelta(days=1)).replace(day=1)
    return tuple(found)


@blueprint.get("/dashboard/themes/vocabulary")
@requires(Permission.ADMINISTER)
def vocabulary_page() -> ResponseReturnValue:
    return _vocabulary()


@blueprint.post("/dashboard/themes/vocabulary")
@requires(Permission.ADMINISTER)
def add_theme() -> ResponseReturnValue:
    form = request.form
    try:
        with services().database.unit_of_work() as uow:
            vocabulary.add_theme(uow, by=current_account(), name=form.get("name", ""),
                                 synonyms=form.get("synonyms", ""))
    except vocabulary.ThemeError as refused:
        return _vocabulary(problem=("name", str(refused)), typed=form.to_dict())
    return redirect(url_for("themes.vocabulary_page", done="added"), 303)


CHANGES = {
    "rename": lambda uow, by, theme_id, form: vocabulary.rename_theme(
        uow, by=by, theme_id=theme_id, name=form.get("name", "")),
    "synonyms": lambda uow, by, theme_id, form: vocabulary.add_synonyms(
        uow, by=by, theme_id=theme_id, synonyms=form.get("synonyms", "")),
    "retire": lambda uow, by, theme_id, form: vocabulary.retire_theme(
        uow, by=by, theme_id=theme_id),
    "restore": lambda uow, by, theme_id, form: vocabulary.retire_theme(
        uow, by=by, theme_id=theme_id, retired=False),
    "accept": lambda uow, by, theme_id, form: vocabulary.accept_proposal(
        uow, by=by, theme_id=theme_id),
    "merge": lambda uow, by, theme_id, form: vocabulary.merge_theme(
        uow, by=by, theme_id=theme_id,
        into_id=int(form["into"]) if form.get("into", "").isdigit() else None),
}


@blueprint.post("/dashboard/themes/vocabulary/<int:theme_id>/<change>")
@requires(Permission.ADMINISTER)
def change_theme(theme_id: int, change: str) -> ResponseReturnValue:
    if change not in CHANGES:
        abort(404)
    try:
        with services().database.unit_of_work() as uow:
            CHANGES[change](uow, current_account(), theme_id, request.form)
    except vocabulary.ThemeError as refused:
        return _vocabulary(problem=(f"{change}-{theme_id}", str(refused)),
                           typed=request.form.to_dict())
    return redirect(url_for("themes.vocabulary_page", done=change), 303)


def _vocabulary(*, problem: tuple[str, str] | None = None,
                typed: dict[str, str] | None = None) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        page = vocabulary.vocabulary(uow.session)

        def merge_choices(theme_id: int) -> list[tuple[str, str]]:
            return [(str(t.id), t.name) for t in page.current if t.id != theme_id]

        html = render_template("themes/vocabulary.html", page=page, account=current_account(),
                               merge_choices=merge_choices,
                               problems=dict([problem]) if problem else {}, typed=typed or {},
                               done=request.args.get("done"))
    return html, 400 if problem else 200
