"""The one way LearnLoop writes a spreadsheet a person will open: every cell formula-safe.

A cell a spreadsheet would read as a formula (starting = + - @, a tab or a line break, or
their full-width forms) is written with a leading apostrophe, so an agency called
`=HYPERLINK(...)` or a theme `=1+2` is shown as text, never run, when the Board opens it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Excel refuses a sheet title over 31 characters or holding any of these.
SHEET_TITLE_REFUSES = re.compile(r"[\\/?*\[\]:]")
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


def workbook_bytes(sheets: Iterable[tuple[str, Iterable[Sequence[object]]]]) -> bytes:
    """An .xlsx file of the named sheets: numbers stay numbers, every other cell is formula-safe
    text, without the control characters a spreadsheet file cannot hold."""
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(SHEET_TITLE_REFUSES.sub(" ", title)[:31])
        for row in rows:
            sheet.append([_cell(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(cell: object) -> object:
    if cell is None:
        return None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    return ILLEGAL_CHARACTERS_RE.sub("", formula_safe(cell))
