"""The themes page's tables, worked out before rendering: each row's label, and each cell's
count, heat and link, so the template prints them. A year's page has some five hundred
numbers; asking for each one's pieces from the template was most of the page's time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from markupsafe import Markup, escape

from learning.improvement.clusters import Counts, Period

# ColorBrewer "Blues": one hue, light to dark, told apart without colour vision by the count
# printed in every cell. Text is dark on the light steps and white on the dark ones.
HEAT = ["#ffffff", "#deebf7", "#9ecae1", "#2171b5", "#08306b"]
# The heat map's label column, cell and heading sizes (SVG user units).
LABEL_W, CELL_W, CELL_H, HEAD_H = 240, 46, 30, 36


@dataclass(frozen=True)
class Cell:
    count: int
    # 0 for none, then 1 to 4 by quarters of the busiest month (the heat map's shade).
    level: int
    # What the table cell shows: the number as a link to the reports behind it (the queue
    # filtered to them), or a plain 0 (none opens nothing).
    html: Markup


@dataclass(frozen=True)
class Row:
    label: str
    by_month: list[Cell]
    total: Cell
    by_agency: list[Cell]
    # The row's shaded cells in the heat map, each with its number.
    heat: Markup


class Addresses(Protocol):
    """Where a number's link goes: a row's part, then a column's (`forms.themes.DrillDown`)."""

    def row(self, kind: str, name: object) -> str: ...

    def column(self, *, agency_id: int | None = None, month: date | None = None) -> str: ...


def heat_level(count: int, peak: int) -> int:
    """0 for none, then 1 to 4 by quarters of the busiest cell."""
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // peak)


def table_rows(counts: Counts, period: Period, agencies: list[tuple[int, str]], *, kind: str,
               label_of: Callable[[str], str], drill: Addresses,
               agency_id: int | None) -> list[Row]:
    peak = counts.peak
    # Each column's words and address escaped once, and each row's label and address: a
    # number's link is its row's part and its column's, so escaping each part is escaping it.
    months = [(escape(m.strftime("%B %Y")), escape(drill.column(month=m, agency_id=agency_id)))
              for m in period.months]
    by_agency = [(escape(name), escape(drill.column(agency_id=a))) for a, name in agencies]
    whole = (Markup("whole period"), escape(drill.column(agency_id=agency_id)))

    def cell(count: int, row: tuple[Markup, Markup], column: tuple[Markup, Markup]) -> Cell:
        if not count:
            return Cell(count=0, level=0, html=Markup("0"))
        (label, href), (words, rest) = row, column
        # The number says in words what it counts (for screen readers: the column's
        # heading is far away).
        return Cell(count=count, level=heat_level(count, peak), html=Markup(
            f'<a class="govuk-link" href="{href}{rest}">{count:d}<span '
            f'class="govuk-visually-hidden"> reports, {label}, {words}</span></a>'))

    rows: list[Row] = []
    for name in counts.names:
        row = (escape(label_of(name)), escape(drill.row(kind, name)))
        by_month = [cell(counts.by_month.get((name, n), 0), row, column)
                    for n, column in enumerate(months)]
        rows.append(Row(
            label=label_of(name), by_month=by_month,
            by_agency=[cell(counts.by_agency.get((name, a), 0), row, column)
                       for (a, _), column in zip(agencies, by_agency, strict=True)],
            total=cell(counts.totals[name], row, whole),
            heat=_heat_row(by_month, HEAD_H + CELL_H * len(rows))))
    return rows


def _heat_row(cells: list[Cell], y: int) -> Markup:
    """One row of the heat map: numbers only, nothing a user typed (the label is the
    template's, escaped there)."""
    drawn = []
    for n, cell in enumerate(cells):
        x = LABEL_W + CELL_W * n
        drawn.append(f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
                     f'fill="{HEAT[cell.level]}" stroke="#b1b4b6" stroke-width="1"/>')
        if cell.count:
            ink = "#ffffff" if cell.level >= 3 else "#0b0c0c"
            drawn.append(f'<text x="{x + (CELL_W - 2) / 2}" y="{y + CELL_H / 2 + 4}" '
                         f'text-anchor="middle" font-size="13" fill="{ink}">{cell.count:d}</text>')
    return Markup("\n".join(drawn))
