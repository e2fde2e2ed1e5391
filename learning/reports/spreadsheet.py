"""The one way LearnLoop writes a spreadsheet a person will open: every cell formula-safe.

A cell a spreadsheet would read as a formula (starting = + - @, a tab or a line break, or
their full-width forms) is written with a leading apostrophe, so an agency called
`=HYPERLINK(...)` or a theme `=1+2` is shown as text, never run, when the Board opens it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def formula_safe(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV file's text, the header and every cell of every row formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow([formula_safe(cell) for cell in row])
    return out.getvalue()
