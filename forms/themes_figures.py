"""The themes page's pictures and tables as one piece of HTML, and each worker's copy of the
last few.

A year's page has some seven hundred numbers, each a link, in two heat maps and four tables:
building and rendering them was most of the page's time. The HTML is a function of the
counts alone (with the period, the agencies' names, the agency filter and where the queue
is), so the same counts give the same HTML: it is kept under exactly those, and a new report
(which changes a count) is a new key. Nothing is kept that the counts did not say, so a
kept copy is only ever shown to someone whose own counts are the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, timedelta
from urllib.parse import urlencode

from flask import current_app, render_template, url_for
from markupsafe import Markup

from forms.themes_tables import CELL_H, CELL_W, HEAD_H, LABEL_W, Row, columns, table_rows
from learning.improvement.clusters import Counts, Period, ThemesPicture, next_month
from learning.reports.labels import label
from storage.vocabulary import ContributingFactor

# Each one is some 100 to 300 KB: a few periods and agency filters, for each worker.
KEPT = 16
# Where each app keeps them (its `extensions`).
KEPT_FIGURES = "learnloop_themes_figures"
# A worker may answer several requests at once (waitress's threads).
_KEEPING = threading.Lock()


# Where the page's template leaves room for the figures. Only a template can write it: what
# anyone typed is escaped, so never holds a "<".
FIGURES_HERE = Markup("<!-- the themes page's figures -->")


def with_figures(page: str, picture: ThemesPicture, agency_id: int | None) -> bytes:
    """The page (rendered with `FIGURES_HERE` where the figures go), the figures put in its
    place, as the UTF-8 it is sent as. The figures are kept already encoded: they are most of
    the page, and encoding them afresh for every view cost more than drawing the rest of it."""
    head, found, tail = page.partition(FIGURES_HERE)
    if not found:
        raise ValueError("the themes page's template must write figures_here once")
    return b"".join((head.encode(), _figures_utf8(picture, agency_id), tail.encode()))


def _figures_utf8(picture: ThemesPicture, agency_id: int | None) -> bytes:
    queue = url_for("dashboard.queue")
    key = (queue, picture.period, agency_id, tuple(picture.agencies),
           _counted(picture.themes), _counted(picture.factors))
    kept: OrderedDict[tuple[object, ...], bytes] = current_app.extensions.setdefault(
        KEPT_FIGURES, OrderedDict())
    with _KEEPING:
        html = kept.get(key)
        if html is not None:
            kept.move_to_end(key)
            return html
    html = render_template("themes/figures.html", picture=picture,
                           rows=_rows(picture, agency_id),
                           heat_sizes=(LABEL_W, CELL_W, CELL_H, HEAD_H)).encode()
    with _KEEPING:
        kept[key] = html
        while len(kept) > KEPT:
            kept.popitem(last=False)
    return html


def _counted(counts: Counts) -> tuple[object, ...]:
    # Each count whatever order its row was read in (the names and totals follow from them).
    return frozenset(counts.by_month.items()), frozenset(counts.by_agency.items())


def _rows(picture: ThemesPicture, agency_id: int | None) -> dict[str, list[Row]]:
    drill = DrillDown(picture.period)
    shared = columns(picture.period, picture.agencies, drill=drill, agency_id=agency_id)
    return {kind: table_rows(counts, shared, kind=kind, label_of=label_of, drill=drill)
            for kind, counts, label_of in (("theme", picture.themes, str),
                                           ("factor", picture.factors, _factor_label))}


FACTORS = {f.value for f in ContributingFactor}


def _factor_label(value: str) -> str:
    return label(ContributingFactor(value)) if value in FACTORS else value


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


