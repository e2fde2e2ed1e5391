"""The Board pack as spreadsheet sheets, one per section, the same as the printable page: a
sheet for each of the report card's three questions, then the pack's own tables (training
compliance, Kirkpatrick levels, the learning log, actions). Numbers stay numbers so the Board
can chart them; a suppressed count is the text "fewer than N", never the count, and one
withheld beside it (learning.evaluation.suppression) the text "hidden".
`learning.reports.spreadsheet.workbook_bytes` writes them, every text cell formula-safe."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from forms.charts import HIDDEN, QUESTIONS, period_words, suppressed_words
from learning.evaluation.board_pack import BoardPack, Table
from learning.evaluation.figures import Figure, ReportCard, Unit

Sheet = tuple[str, list[Sequence[object]]]
UNIT_WORDS = {Unit.COUNT: "number", Unit.PERCENT: "percent", Unit.WORKING_DAYS: "working days"}
SHEET_NAMES = {"how_much": "How much", "how_well": "How well", "better_off": "Better off"}
# The pack's table of every figure at once: drawn instead as one sheet per question.
FIGURES_TABLE = "Report card"


def board_pack_sheets(pack: BoardPack) -> list[Sheet]:
    card = pack.card
    sheets: list[Sheet] = []
    for question, heading in QUESTIONS:
        rows: list[Sequence[object]] = [[heading], [scope_words(card)], []]
        for figure in card.answering(question):
            rows.extend(_figure_rows(figure, card))
        sheets.append((SHEET_NAMES[question.value], rows))
    for table in pack.sections:
        if table.key != FIGURES_TABLE:
            sheets.append((table.key, _table_rows(table, card)))
    return sheets


def scope_words(card: ReportCard) -> str:
    return (f"{card.agency or 'The whole partnership'}, {period_words(card.period)}, "
            f"compared with {period_words(card.previous)}")


def _figure_rows(figure: Figure, card: ReportCard) -> Iterator[Sequence[object]]:
    smallest = card.smallest_shown
    percent = figure.unit is Unit.PERCENT
    yield [figure.title, f"({UNIT_WORDS[figure.unit]})"]
    yield ["", "this period", figure.compared_with,
           *(["of how many", "of how many before"] if percent else [])]
    for row in figure.rows:
        now = _value(row.value, row.suppressed, smallest, withheld=row.withheld)
        before = _value(row.previous, row.previous_suppressed, smallest,
                        withheld=row.previous_withheld)
        yield [row.label, now, before,
               *([_value(row.out_of, row.suppressed, smallest),
                  _value(row.previous_out_of, row.previous_suppressed, smallest)]
                 if percent else [])]
    if figure.note:
        yield [figure.note]
    yield []


def _value(value: float | None, suppressed: bool, smallest: int, *,
           withheld: bool = False) -> object:
    if withheld:
        return HIDDEN
    if suppressed:
        return f"fewer than {smallest}"
    return "" if value is None else value


def _table_rows(table: Table, card: ReportCard) -> list[Sequence[object]]:
    smallest = card.smallest_shown
    rows: list[Sequence[object]] = [[table.title], [scope_words(card)], [], list(table.columns)]
    rows.extend([suppressed_words(cell, smallest) for cell in row] for row in table.rows)
    if table.note:
        rows.extend([[], [table.note]])
    return rows
