"""Small-number suppression: the one rule for which evaluation numbers may be shown.

A count of one to four people (or a percentage of fewer than five) can identify someone in a
partnership the size of a county, so it is shown as suppressed, unless the partnership turns
this off (`EVALUATION_SMALLEST_COUNT=0`). Nought identifies nobody and is shown.

A figure's counts add up to a total that another figure may show (reports by kind, by channel
and by month are the same reports), so one hidden count among shown ones could be worked out
by subtraction. Where a period has exactly one, the next smallest count beside it is withheld
too: then only the two's sum can be worked out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from learning.evaluation.figures import Row


def hidden(count: int | float | None, smallest: int) -> bool:
    return count is not None and 0 < count < smallest


def shown(row: Row, smallest: int) -> Row:
    """The row with each period's number blanked when it rests on too few: a percentage, a
    median or a rate on how many it is out of; a plain count on itself."""
    this = hidden(row.value if row.out_of is None else row.out_of, smallest)
    last = hidden(row.previous if row.previous_out_of is None else row.previous_out_of,
                  smallest)
    return replace(
        row, suppressed=this, previous_suppressed=last,
        value=None if this else row.value, out_of=None if this else row.out_of,
        previous=None if last else row.previous,
        previous_out_of=None if last else row.previous_out_of)


def cell(count: int | None, smallest: int) -> int | str | None:
    """One spreadsheet or table cell of a count: the count, or "suppressed"."""
    return "suppressed" if hidden(count, smallest) else count


def withheld_beside(rows: Sequence[Row]) -> tuple[Row, ...]:
    """Counts of one figure, with the next smallest withheld in each period that has exactly
    one suppressed (nought is never withheld: it hides nothing)."""
    rows = list(rows)
    for value, suppressed, flags in (("value", "suppressed", ("suppressed", "withheld")),
                                     ("previous", "previous_suppressed",
                                      ("previous_suppressed", "previous_withheld"))):
        if sum(getattr(row, suppressed) for row in rows) != 1:
            continue
        candidates = [(getattr(row, value), index) for index, row in enumerate(rows)
                      if not getattr(row, suppressed) and getattr(row, value)]
        if candidates:
            _, index = min(candidates)
            rows[index] = replace(rows[index], **{value: None, **dict.fromkeys(flags, True)})
    return tuple(rows)
