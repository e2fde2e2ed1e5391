"""The themes page's tables, worked out before rendering: each row's label, and each cell's
count, heat and link, so the template prints them. A year's page has some five hundred
numbers; asking for each one's pieces from the template was most of the page's time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    # The queue filtered to the reports behind the number; "" for none (0 opens nothing).
    href: str
    # 0 for none, then 1 to 4 by quarters of the busiest month (the heat map's shade).
    level: int
    # What the table cell shows: the number as that link, or a plain 0.
    html: Markup


@dataclass(frozen=True)
class Row:
    label: str
    by_month: list[Cell]
    total: Cell
    by_agency: list[Cell]
    # The row's shaded cells in the heat map, each with its number.
    heat: Markup


def heat_level(count: int, peak: int) -> int:
    """0 for none, then 1 to 4 by quarters of the busiest cell."""
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // peak)


def table_rows(counts: Counts, period: Period, agencies: list[tuple[int, str]], *, kind: str,
               label_of: Callable[[str], str], drill: Callable[..., str],
               agency_id: int | None) -> list[Row]:
    peak = counts.peak
    # Each part escaped once: a label per row, a month or agency per column.
    month_words = [escape(m.strftime("%B %Y")) for m in period.months]
    agency_words = [escape(name) for _, name in agencies]

    def cell(name: str, label: Markup, words: Markup, count: int, **where: object) -> Cell:
        if not count:
            return Cell(count=0, href="", level=0, html=Markup("0"))
        href = drill(period=period, **{kind: name}, **where)
        # The number links to its reports and says in words what it counts (for screen
        # readers: the column's heading is far away).
        html = Markup(f'<a class="govuk-link" href="{escape(href)}">{count:d}<span '
                      f'class="govuk-visually-hidden"> reports, {label}, {words}</span></a>')
        return Cell(count=count, href=href, level=heat_level(count, peak), html=html)

    rows: list[Row] = []
    for name in counts.names:
        label = escape(label_of(name))
        by_month = [cell(name, label, month_words[n], counts.by_month.get((name, n), 0),
                         month=month, agency_id=agency_id)
                    for n, month in enumerate(period.months)]
        rows.append(Row(
            label=label_of(name), by_month=by_month,
            by_agency=[cell(name, label, agency_words[n], counts.by_agency.get((name, a), 0),
                            agency_id=a) for n, (a, _) in enumerate(agencies)],
            total=cell(name, label, Markup("whole period"), counts.totals[name],
                       agency_id=agency_id),
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
