"""The themes page's tables, worked out before rendering: each row's label, its table cells
and its heat map cells, so the template prints them. A year's page has some seven hundred
numbers; a template loop over them, or asking for each one's pieces from the template, was
most of the page's time."""

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
class Row:
    label: str
    # The row's table cells (<td>), each number a link to the reports behind it (the queue
    # filtered to them) and a 0 plain (none opens nothing): by month then the period's total,
    # and by agency.
    month_cells: Markup
    agency_cells: Markup
    # The row's shaded cells in the heat map, each with its number.
    heat: Markup


class Addresses(Protocol):
    """Where a number's link goes: a row's part, then a column's
    (`forms.themes_figures.DrillDown`)."""

    def row(self, kind: str, name: object) -> str: ...

    def column(self, *, agency_id: int | None = None, month: date | None = None) -> str: ...


# A column's words (what its heading says) and its part of a number's address, both escaped.
Column = tuple[Markup, Markup]
NUMBER = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def heat_level(count: int, peak: int) -> int:
    """0 for none, then 1 to 4 by quarters of the busiest cell."""
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // peak)


@dataclass(frozen=True)
class Columns:
    """The tables' columns, the same for themes and factors: months then the whole period,
    and agencies."""

    months: list[Column]
    whole: Column
    agency_ids: list[int]
    agencies: list[Column]


def columns(period: Period, agencies: list[tuple[int, str]], *, drill: Addresses,
            agency_id: int | None) -> Columns:
    """Each column's words and address, escaped once for the page: a number's link is its
    row's part and its column's, so escaping each part is escaping the link."""
    return Columns(
        months=[(escape(m.strftime("%B %Y")), escape(drill.column(month=m, agency_id=agency_id)))
                for m in period.months],
        whole=(Markup("whole period"), escape(drill.column(agency_id=agency_id))),
        agency_ids=[a for a, _ in agencies],
        agencies=[(escape(name), escape(drill.column(agency_id=a))) for a, name in agencies])


def table_rows(counts: Counts, columns: Columns, *, kind: str, label_of: Callable[[str], str],
               drill: Addresses) -> list[Row]:
    months = [*columns.months, columns.whole]
    rows: list[Row] = []
    for name in counts.names:
        label, href = escape(label_of(name)), escape(drill.row(kind, name))
        by_month = [counts.by_month.get((name, n), 0) for n in range(len(columns.months))]
        rows.append(Row(
            label=label_of(name),
            month_cells=_cells([*by_month, counts.totals[name]], label, href, months),
            agency_cells=_cells([counts.by_agency.get((name, a), 0) for a in columns.agency_ids],
                                label, href, columns.agencies),
            heat=_heat_row(by_month, counts.peak, HEAD_H + CELL_H * len(rows))))
    return rows


def _cells(numbers: list[int], label: Markup, href: Markup, columns: list[Column]) -> Markup:
    """Each number links to its reports and says in words what it counts (for screen
    readers: the column's heading is far away)."""
    return Markup("".join(
        f'{NUMBER}<a class="govuk-link" href="{href}{rest}">{count:d}<span '
        f'class="govuk-visually-hidden"> reports, {label}, {words}</span></a></td>'
        if count else f"{NUMBER}0</td>"
        for count, (words, rest) in zip(numbers, columns, strict=True)))


def _heat_row(numbers: list[int], peak: int, y: int) -> Markup:
    """One row of the heat map: numbers only, nothing a user typed (the label is the
    template's, escaped there)."""
    drawn = []
    for n, count in enumerate(numbers):
        x, level = LABEL_W + CELL_W * n, heat_level(count, peak)
        drawn.append(f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
                     f'fill="{HEAT[level]}" stroke="#b1b4b6" stroke-width="1"/>')
        if count:
            ink = "#ffffff" if level >= 3 else "#0b0c0c"
            drawn.append(f'<text x="{x + (CELL_W - 2) / 2}" y="{y + CELL_H / 2 + 4}" '
                         f'text-anchor="middle" font-size="13" fill="{ink}">{count:d}</text>')
    return Markup("\n".join(drawn))
