"""The themes page's tables, worked out before rendering: each row's label, and each cell's
count, heat and link, so the template prints them. A year's page has some five hundred
numbers; asking for each one's pieces from the template was most of the page's time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from learning.improvement.clusters import Counts, Period


@dataclass(frozen=True)
class Cell:
    count: int
    # The queue filtered to the reports behind the number; "" for none (0 opens nothing).
    href: str
    # 0 for none, then 1 to 4 by quarters of the busiest month (the heat map's shade).
    level: int


@dataclass(frozen=True)
class Row:
    label: str
    by_month: list[Cell]
    total: Cell
    by_agency: list[Cell]


def heat_level(count: int, peak: int) -> int:
    """0 for none, then 1 to 4 by quarters of the busiest cell."""
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // peak)


def table_rows(counts: Counts, period: Period, agencies: list[tuple[int, str]], *, kind: str,
               label_of: Callable[[str], str], drill: Callable[..., str],
               agency_id: int | None) -> list[Row]:
    peak = counts.peak

    def cell(name: str, count: int, **where: object) -> Cell:
        href = drill(period=period, **{kind: name}, **where) if count else ""
        return Cell(count=count, href=href, level=heat_level(count, peak))

    return [Row(label=label_of(name),
                by_month=[cell(name, counts.by_month.get((name, n), 0), month=month,
                               agency_id=agency_id) for n, month in enumerate(period.months)],
                by_agency=[cell(name, counts.by_agency.get((name, agency), 0), agency_id=agency)
                           for agency, _ in agencies],
                total=cell(name, counts.totals[name], agency_id=agency_id))
            for name in counts.names]
