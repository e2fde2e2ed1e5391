"""Every cell of the Board's export is formula-safe, and the export is never cached."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select, update

from learning.reports.spreadsheet import formula_safe
from storage.models import Agency, Report
from tests.dashboard.reports import a_report
from tests.people import an_agency


def test_agency_names_and_themes_never_run_as_formulas(settings, database, signed_in):
    an_agency(database, '=HYPERLINK("http://evil.example","Open")')
    reference = a_report(database, settings, agency='=HYPERLINK("http://evil.example","Open")')
    with database.unit_of_work() as uow:
        uow.session.execute(update(Report).where(Report.reference == reference)
                            .values(themes=["=1+2"], contributing_factors=["@SUM(A1)"]))
        uow.commit()
    response = signed_in("learning_lead").get("/dashboard/export.csv?status=all")
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    for row in rows:
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@")), cell
    [row] = [r for r in rows if r[0] == reference]
    assert "'=HYPERLINK(" in row[9] and row[10] == "'=1+2" and row[11] == "'@SUM(A1)"
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Agency.name).where(Agency.name.startswith("=")))


def test_formula_safe_leaves_ordinary_text_alone():
    assert formula_safe("Riverside Police") == "Riverside Police"
    assert formula_safe(" -1") == "' -1" and formula_safe("\uff1d1+2") == "'\uff1d1+2"
    assert formula_safe(None) == "" and formula_safe(3) == "3"
