"""The evaluation pages: the report card for a period and agency, and the Board pack as a
printable page and a spreadsheet. The figures are `learning.evaluation`'s; who may see which
agency's is `learning.reports.access`; this parses the choice, asks, and draws."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from forms import charts, services
from forms.auth import current_account, requires
from forms.board_pack_sheets import board_pack_sheets
from forms.dashboard import typed_dates
from forms.unavailable import kept_when_unavailable
from learning.evaluation.board_pack import board_pack
from learning.evaluation.choosing import AgencyChoices, agency_choices, chosen_period
from learning.evaluation.figures import Period
from learning.evaluation.periods import PeriodRefused
from learning.evaluation.report_card import card_and_rollup
from learning.reports.access import NotAllowed, Permission
from learning.reports.spreadsheet import workbook_bytes

blueprint = Blueprint("evaluation", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PACK = "evaluation/board_pack.html"


@blueprint.get("/dashboard/evaluation")
@kept_when_unavailable("Sorry, the report card cannot be shown just now")
@requires(Permission.VIEW_EVALUATION)
def report_card_page() -> ResponseReturnValue:
    return _page("evaluation/index.html", card_and_rollup)


@blueprint.get("/dashboard/board-pack")
@kept_when_unavailable("Sorry, the Board pack cannot be shown just now")
@requires(Permission.VIEW_EVALUATION)
def board_pack_page() -> ResponseReturnValue:
    return _page(PACK, board_pack)


@blueprint.get("/dashboard/board-pack.xlsx")
@kept_when_unavailable("Sorry, the Board pack cannot be made just now")
@requires(Permission.VIEW_EVALUATION)
def board_pack_download() -> ResponseReturnValue:
    """The pack's figures, one sheet per section: de-identified, every text cell formula-safe,
    and never kept by a browser or proxy cache. A refused choice gets the page, saying why."""
    chosen = _chosen(board_pack)
    if chosen.shown is None:
        return _shown(PACK, chosen)
    period = chosen.period
    name = f"learnloop-board-pack-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.xlsx"
    return Response(workbook_bytes(board_pack_sheets(chosen.shown)), mimetype=XLSX, headers={
        "Content-Disposition": f"attachment; filename={name}", "Cache-Control": "no-store"})


@dataclass
class _Chosen:
    """The period and agency asked for, as typed, and their figures or what was refused."""

    typed: dict[str, str]
    period: Period
    asked: int | None
    choices: AgencyChoices
    shown: object | None = None
    problems: dict[str, str] = field(default_factory=dict)
    status: int = 200


def _page(template: str, figures: Callable[..., object]) -> ResponseReturnValue:
    return _shown(template, _chosen(figures))


def _chosen(figures: Callable[..., object]) -> _Chosen:
    """Wrong dates, or an agency that is not theirs, become problems to say at the top."""
    account, settings = current_account(), services().settings
    typed = typed_dates()
    period, problems = chosen_period(typed, today=_today())
    asked = _agency_asked()
    with services().database.unit_of_work() as uow:
        chosen = _Chosen(typed, period, asked, agency_choices(uow.session, account),
                         problems=problems)
        try:
            if not problems:
                chosen.shown = figures(uow, period=period, agency_id=asked, by=account,
                                       settings=settings)
        except NotAllowed as refused:
            chosen.problems["agency"], chosen.status = str(refused), 403
        except PeriodRefused as refused:
            chosen.problems["to"] = str(refused)
    if chosen.problems and chosen.status == 200:
        chosen.status = 400
    return chosen


def _shown(template: str, chosen: _Chosen) -> ResponseReturnValue:
    """The page, with what was typed still in the boxes."""
    return render_template(template, shown=chosen.shown, problems=chosen.problems,
                           typed=chosen.typed, period=chosen.period, choices=chosen.choices,
                           asked=chosen.asked, charts=charts,
                           account=current_account()), chosen.status


def _agency_asked() -> int | None:
    agency = request.args.get("agency", "")
    return int(agency) if agency.isdigit() else None


def _today() -> date:
    return datetime.now(UTC).astimezone(services().settings.timezone).date()
