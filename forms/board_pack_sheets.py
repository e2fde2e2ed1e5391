"""The Board pack as spreadsheet sheets, one per section: the same figures as the printable
page. Numbers stay numbers so the Board can chart them; a suppressed count is the text
"fewer than N", never the count. `learning.reports.spreadsheet.workbook_bytes` writes them,
every text cell formula-safe."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from forms.charts import QUESTIONS, period_words, rate_words, share_words
from learning.evaluation.figures import Figure, ReportCard, Unit
from learning.evaluation.kirkpatrick import Rollup, Share

Sheet = tuple[str, list[Sequence[object]]]
UNIT_WORDS = {Unit.COUNT: "number", Unit.PERCENT: "percent", Unit.WORKING_DAYS: "working days"}
SHEET_NAMES = {"how_much": "How much", "how_well": "How well", "better_off": "Better off"}


def card_sheets(card: ReportCard) -> list[Sheet]:
    """A sheet for each of the three questions, then training compliance."""
    sheets: list[Sheet] = []
    for question, heading in QUESTIONS:
        rows: list[Sequence[object]] = [[heading], [_scope(card)], []]
        for figure in card.answering(question):
            rows.extend(_figure_rows(figure, card))
        sheets.append((SHEET_NAMES[question.value], rows))
    sheets.append(("Training compliance", _training_rows(card)))
    return sheets


def rollup_sheet(rollup: Rollup, card: ReportCard) -> Sheet:
    smallest = card.smallest_shown
    rows: list[Sequence[object]] = [
        ["Kirkpatrick levels of the learning sent in the period"], [_scope(card)], [],
        ["learning", "sent on", "1 found it useful", "2 right first time",
         "2 right when asked again", "3 used it in practice", "3 said not relevant",
         "4 reports on its themes"]]
    for levels in rollup.items:
        rows.append([
            levels.learning.title,
            levels.learning.sent_on.isoformat() if levels.learning.sent_on else "",
            _share(levels.reaction, smallest), _share(levels.right_first_time, smallest),
            _share(levels.right_after_reask, smallest),
            _share(levels.used_in_practice, smallest),
            _value(levels.not_relevant, 0 < levels.not_relevant < smallest, smallest),
            "; ".join(rate_words(rate, smallest_shown=smallest) for rate in levels.results)])
    return "Kirkpatrick levels", rows


def _scope(card: ReportCard) -> str:
    return (f"{card.agency or 'The whole partnership'}, {period_words(card.period)}, "
            f"compared with {period_words(card.previous)}")


def _figure_rows(figure: Figure, card: ReportCard) -> Iterator[Sequence[object]]:
    smallest = card.smallest_shown
    percent = figure.unit is Unit.PERCENT
    yield [figure.title, f"({UNIT_WORDS[figure.unit]})"]
    yield ["", "this period", "the period before",
           *(["of how many", "of how many before"] if percent else [])]
    for row in figure.rows:
        now = _value(row.value, row.suppressed, smallest)
        before = _value(row.previous, row.previous_suppressed, smallest)
        yield [row.label, now, before,
               *([_value(row.out_of, row.suppressed, smallest),
                  _value(row.previous_out_of, row.previous_suppressed, smallest)]
                 if percent else [])]
    if figure.note:
        yield [figure.note]
    yield []


def _value(value: float | None, suppressed: bool, smallest: int) -> object:
    if suppressed:
        return f"fewer than {smallest}"
    return "" if value is None else value


def _share(share: Share | None, smallest: int) -> str:
    return "no check question" if share is None else share_words(
        share.count, share.out_of, smallest_shown=smallest)


def _training_rows(card: ReportCard) -> list[Sequence[object]]:
    rows: list[Sequence[object]] = [
        [f"Training compliance on {card.period.end.day} {card.period.end:%B %Y}"],
        [_scope(card)], [],
        ["agency", "completed", "due", "overdue", "no record", "in date (percent)", "of how many"]]
    for row in card.training:
        counts = [row.completed, row.due, row.overdue, row.no_record, row.percentage,
                  row.out_of]
        rows.append([row.agency, *(_value(count, row.suppressed and count is None,
                                          card.smallest_shown) for count in counts)])
    return rows
