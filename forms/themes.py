"""The themes pages: theme and factor counts with signals, and the admins' vocabulary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from forms.reads import request_reads
from forms.themes_tables import CELL_H, CELL_W, HEAD_H, LABEL_W, Row, columns, table_rows
from learning.improvement import themes as vocabulary
from learning.improvement.clusters import (
    Period,
    PeriodRefused,
    ThemesPicture,
    last_twelve_months,
    next_month,
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
from learning.people.directory import all_agencies
from learning.reports.access import NotAllowed, Permission
from learning.reports.labels import label
from storage.vocabulary import ContributingFactor

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
    picture = themes_picture(uow.session, account, period, timezone=zone,
                             agency_id=agency_id)
    signals = signals_for(uow.session, account)
    agency_choices = [(str(a.id), a.name) for a in all_agencies(uow.session)]
    problems = dict([problem]) if problem else {}
    if period_problem:
        problems["from"] = period_problem
    html = render_template(
        "themes/index.html", picture=picture, signals=signals, account=account,
        problems=problems, typed=typed or {}, agency_choices=agency_choices,
        chosen={"from": args.get("from", f"{period.first:%Y-%m}"),
                "to": args.get("to", f"{period.last:%Y-%m}"), "agency": agency},
        months=_months_offered(today), kind_words=KIND_WORDS,
        heat_sizes=(LABEL_W, CELL_W, CELL_H, HEAD_H),
        rows=_rows(picture, agency_id),
        subject_label=subject_label,
        decided=args.get("decided"))
    return html, 400 if problems else 200


def _months_offered(today: date) -> list[tuple[str, str]]:
    month, found = today.replace(day=1), []
    for _ in range(MONTHS_OFFERED):
        found.append((f"{month:%Y-%m}", f"{month:%B %Y}"))
        month = (month - timedelta(days=1)).replace(day=1)
    return found


def _rows(picture: ThemesPicture, agency_id: int | None) -> dict[str, list[Row]]:
    drill = DrillDown(picture.period)
    shared = columns(picture.period, picture.agencies, drill=drill, agency_id=agency_id)
    return {kind: table_rows(counts, shared, kind=kind, label_of=label_of, drill=drill)
            for kind, counts, label_of in (("theme", picture.themes, str),
                                           ("factor", picture.factors, _factor_label))}


def _factor_label(value: str) -> str:
    return label(ContributingFactor(value)) if value in set(ContributingFactor) else value


class DrillDown:
    """The queue filtered to the reports behind one number (all statuses), for every number
    on one page. An address is a row's part (its theme or factor) and a column's part (its
    agency and dates), each encoded once: a year's page has some seven hundred numbers, and
    url_for for each was most of its time."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.queue = f"{url_for('dashboard.queue')}?{_encoded('status', 'all')}"

    def __call__(self, *, theme: str | None = None, factor: str | None = None,
                 agency_id: int | None = None, month: date | None = None) -> str:
        kind, name = ("theme", theme) if theme is not None else ("factor", factor)
        return self.row(kind, name) + self.column(agency_id=agency_id, month=month)

    def row(self, kind: str, name: object) -> str:
        """The address up to its column's part: `kind` is "theme" or "factor"."""
        return f"{self.queue}&{_encoded(kind, name)}"

    def column(self, *, agency_id: int | None = None, month: date | None = None) -> str:
        """The rest of the address: one month's reports, or the whole period's."""
        first, last = (month, month) if month else (self.period.first, self.period.last)
        parts = [] if agency_id is None else [_encoded("agency", agency_id)]
        parts += [_encoded("from", first.isoformat()),
                  _encoded("to", (next_month(last) - timedelta(days=1)).isoformat())]
        return "".join(f"&{part}" for part in parts)


def _encoded(name: str, value: object) -> str:
    # Encoded as url_for encodes query arguments (werkzeug's safe characters).
    return urlencode([(name, str(value))], safe="!$'()*,/:;?@")


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
