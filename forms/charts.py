"""The geometry of the evaluation charts, drawn as SVG on the server by templates/evaluation/
charts.html: no script, so they work without JavaScript and print as they look.

Colour is never the only cue: this period is a solid bar and the period before a hatched one,
both outlined, and every bar prints its own number (a suppressed count prints "fewer than N",
never the count). The colours are Okabe and Ito's (blue and vermilion), told apart with any
colour vision, each over 3:1 against white for WCAG 2.2's non-text contrast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from learning.evaluation.figures import Figure, Period, Question, ReportCard, Row, Unit
from learning.evaluation.theme_rates import ThemeRate

THIS_PERIOD = "#0072b2"
PERIOD_BEFORE = "#d55e00"
INK = "#0b0c0c"
# Viewbox units; the SVG scales to its column, so these are proportions, not pixels.
WIDTH = 360
# TEXT_ROOM: right of a full-length bar, room for its number ("before: 12.5 days").
LABEL_HEIGHT, BAR_HEIGHT, BAR_GAP, ROW_GAP, TEXT_ROOM = 20, 16, 4, 14, 124
# Above a column, room for its number written upwards ("fewer than 5" is the longest).
COLUMN_AREA_HEIGHT, COLUMN_HEAD, COLUMN_FOOT = 160, 76, 36
LABEL_CHARACTERS = 42
# What learning.evaluation.suppression.cell writes in place of a count too small to show,
# and the Board pack's tables in place of one withheld beside it.
SUPPRESSED = "suppressed"
WITHHELD = "withheld"
HIDDEN = "hidden"
# Outcomes-based accountability's three questions, in the order the Board reads them.
QUESTIONS = ((Question.HOW_MUCH, "How much did we do?"),
             (Question.HOW_WELL, "How well did we do it?"),
             (Question.BETTER_OFF, "Is anyone better off?"))


def shown(value: float | None, unit: Unit, *, suppressed: bool, smallest_shown: int,
          short: bool = False, withheld: bool = False) -> str:
    """A value as the table prints it, or (`short`) as a chart prints it beside its bar."""
    if withheld:
        return HIDDEN
    if suppressed:
        return f"fewer than {smallest_shown}"
    if value is None:
        return "nothing to measure"
    if unit is Unit.PERCENT:
        return f"{value:.0f}%"
    if unit is Unit.WORKING_DAYS:
        return f"{value:.1f} {'days' if short else 'working days'}"
    return f"{value:,.0f}"


def training_count(count: int | None, *, suppressed: bool, smallest_shown: int) -> str:
    """A training compliance count: None is one too small to show when the row is suppressed."""
    if count is None:
        return f"fewer than {smallest_shown}" if suppressed else "nothing to measure"
    return f"{count:,}"


def suppressed_words(cell: object, smallest_shown: int) -> object:
    """A Board pack table's cell, with `learning.evaluation.suppression.cell`'s "suppressed"
    said as the page says it everywhere: "fewer than N" (and a withheld one "hidden")."""
    if cell == WITHHELD:
        return HIDDEN
    return f"fewer than {smallest_shown}" if cell == SUPPRESSED else cell


def pack_cell(cell: object, smallest_shown: int) -> str:
    """A Board pack table's cell as the printable page prints it."""
    cell = suppressed_words(cell, smallest_shown)
    if cell is None:
        return ""
    if isinstance(cell, date):
        return f"{cell.day} {cell:%B %Y}"
    if isinstance(cell, float):
        return f"{cell:,.1f}".removesuffix(".0")
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell)


def share_words(count: int, out_of: int, *, smallest_shown: int = 0, of_whom: str = "") -> str:
    """A Kirkpatrick share, "75% (30 of 40 who answered)"; resting on fewer people than the
    partnership shows, only that it was fewer."""
    if out_of == 0:
        return "nobody has answered yet"
    if 0 < out_of < smallest_shown:
        return f"fewer than {smallest_shown} answered"
    return f"{count * 100 / out_of:.0f}% ({count:,} of {out_of:,}{of_whom})"


def rate_words(rate: ThemeRate, *, smallest_shown: int = 0) -> str:
    """A theme's report rate either side of its learning going out (Kirkpatrick level 4)."""
    def side(reports: int, months: int) -> str:
        if 0 < reports < smallest_shown:
            return f"fewer than {smallest_shown} reports"
        return f"{reports / months:.1f} reports a month" if months else ""

    before = side(rate.reports_before, rate.months_before) or "no month to compare"
    after = side(rate.reports_after, rate.months_after)
    months = "month" if rate.months_after == 1 else "months"
    return (f"{rate.theme}: {before} in the {rate.months_before} months before "
            f"{rate.sent_in:%B %Y}, " + (f"{after} in the {rate.months_after} {months} after"
                                         if after else "no whole month after it yet"))


def period_words(period: Period) -> str:
    """"1 July to 30 September 2026": both days included, the year said once when it is one."""
    start, end = period.start, period.end
    first = f"{start.day} {start:%B}" + ("" if start.year == end.year else f" {start.year}")
    return f"{first} to {end.day} {end:%B %Y}"


def described(figure: Figure, card: ReportCard) -> str:
    """What the chart shows, for a screen reader: the two periods and where the numbers are."""
    before = (f"the period before, {period_words(card.previous)}"
              if figure.compared_with == "the period before" else figure.compared_with)
    return (f"{figure.title}, {period_words(card.period)} (solid bars) beside {before} "
            f"(hatched bars). The numbers are in the table beside the chart.")


def out_of(count: int | None, *, suppressed: bool) -> str:
    """A percentage's "of how many", beside it in the table (not when it is suppressed)."""
    return "" if count is None or suppressed else f" (of {count:,})"


@dataclass(frozen=True)
class Bar:
    """One value drawn as a bar from x=0: its length in viewbox units and its printed number."""

    length: float
    text: str


@dataclass(frozen=True)
class Line:
    """One row of a bar chart: its label, this period's bar and the period before's, at `y`."""

    label: str
    y: float
    now: Bar
    before: Bar


@dataclass(frozen=True)
class Column:
    """One month of a months chart: this month's column and the same month of the period
    before, `x` the left edge of the pair."""

    label: str
    x: float
    now: Bar
    before: Bar


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    kind: str
    width: float
    height: float
    lines: tuple[Line, ...] = ()
    columns: tuple[Column, ...] = ()
    column_width: float = 0.0


def chart_of(figure: Figure, card: ReportCard) -> Chart:
    """The figure's chart: one bar per row, or (`chart == "months"`) a column per month."""
    if figure.chart == "months":
        return _months(figure, card.smallest_shown)
    return _bars(figure, card.smallest_shown)


def _scale(figure: Figure) -> float:
    """The value a full-length bar stands for: 100 for percentages, else the largest shown."""
    if figure.unit is Unit.PERCENT:
        return 100.0
    values = [v for row in figure.rows for v, hidden in ((row.value, row.suppressed),
                                                         (row.previous, row.previous_suppressed))
              if v is not None and not hidden]
    return max([*values, 1.0])


def _bar(value: float | None, hidden: tuple[bool, bool], unit: Unit, full: float, scale: float,
         smallest_shown: int) -> Bar:
    suppressed, withheld = hidden
    length = 0.0 if suppressed or value is None else full * max(value, 0.0) / scale
    return Bar(length=round(length, 1),
               text=shown(value, unit, suppressed=suppressed, smallest_shown=smallest_shown,
                          short=True, withheld=withheld))


def _pair(row: Row, figure: Figure, full: float, scale: float, smallest: int
          ) -> tuple[Bar, Bar]:
    return (_bar(row.value, (row.suppressed, row.withheld), figure.unit, full, scale, smallest),
            _bar(row.previous, (row.previous_suppressed, row.previous_withheld), figure.unit,
                 full, scale, smallest))


def _bars(figure: Figure, smallest: int) -> Chart:
    step = LABEL_HEIGHT + 2 * BAR_HEIGHT + BAR_GAP + ROW_GAP
    scale, full = _scale(figure), WIDTH - TEXT_ROOM
    lines = tuple(
        Line(_short(row.label), index * step, *_pair(row, figure, full, scale, smallest))
        for index, row in enumerate(figure.rows))
    return Chart(id=f"chart-{figure.key}", title=figure.title, kind="bars", width=WIDTH,
                 height=max(step * len(lines), step), lines=lines)


def _months(figure: Figure, smallest: int) -> Chart:
    count = max(len(figure.rows), 1)
    slot = WIDTH / count
    scale = _scale(figure)
    columns = tuple(
        Column(row.label, index * slot,
               *_pair(row, figure, COLUMN_AREA_HEIGHT, scale, smallest))
        for index, row in enumerate(figure.rows))
    return Chart(id=f"chart-{figure.key}", title=figure.title, kind="months", width=WIDTH,
                 height=COLUMN_HEAD + COLUMN_AREA_HEIGHT + COLUMN_FOOT, columns=columns,
                 column_width=round(slot * 0.4, 1))


def _short(label: str) -> str:
    """A long label cut to fit the chart; the table beside it has it in full."""
    return label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1] + "…"
