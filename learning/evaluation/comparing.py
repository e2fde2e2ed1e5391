"""One figure from two periods' numbers: each row this period beside the period before,
suppressed where too few people stand behind it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from learning.evaluation.figures import Figure, Question, Row, Unit
from learning.evaluation.suppression import shown, withheld_beside


@dataclass(frozen=True)
class Measured:
    """One row's number for one period: a count, or a share `count` of `out_of` (value is
    then the percentage), or a median of `out_of` values."""

    value: float | None
    out_of: int | None = None


NOTHING = Measured(None)


def count(n: int) -> Measured:
    return Measured(n)


def share(part: int, whole: int) -> Measured:
    return Measured(round(part * 100 / whole, 1) if whole else None, whole)


@dataclass(frozen=True)
class FigureKind:
    key: str
    title: str
    question: Question
    unit: Unit
    note: str = ""
    chart: str = "bars"
    # Counts that are parts of a whole (reports by kind...): a small one is not left alone.
    parts: bool = False


def compared(kind: FigureKind, now: Mapping[str, Measured], before: Mapping[str, Measured],
             *, smallest: int, labels: Iterable[str] | None = None,
             compared_with: str | None = None) -> Figure:
    """Rows in `labels` order (default: this period's, then any only the period before had)."""
    if labels is None:
        labels = [*now, *(label for label in before if label not in now)]
    rows = tuple(shown(Row(label, now.get(label, _zero(kind)).value,
                           before.get(label, _zero(kind)).value,
                           out_of=now.get(label, NOTHING).out_of,
                           previous_out_of=before.get(label, NOTHING).out_of),
                       smallest)
                 for label in labels)
    if kind.parts:
        rows = withheld_beside(rows)
    extra = {"compared_with": compared_with} if compared_with else {}
    return Figure(key=kind.key, title=kind.title, question=kind.question, unit=kind.unit,
                  rows=rows, note=kind.note, chart=kind.chart, **extra)


def _zero(kind: FigureKind) -> Measured:
    # A label with no reports this period counted nought; a share of nobody is nothing.
    return Measured(0) if kind.unit is Unit.COUNT else NOTHING
