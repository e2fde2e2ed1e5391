"""The evaluation page and the Board pack over HTTP: the report card for a chosen period and
agency, an agency lead's own agency only, wrong dates kept as typed, and the pack as a
printable page and a spreadsheet opened with openpyxl."""

import html
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from forms.charts import period_words
from learning.evaluation.choosing import last_full_quarter
from storage.models import Agency
from tests.dashboard.reports import a_report
from tests.improvement.loop import learning_loop_for
from tests.people import an_agency



def around_today() -> dict[str, str]:
    """A period holding today's reports, asked for when the test runs (a run may pass
    midnight): last month and this one, to tomorrow."""
    today = datetime.now(UTC).date()
    return {"from": (today.replace(day=1) - timedelta(days=1)).replace(day=1).isoformat(),
            "to": (today + timedelta(days=1)).isoformat()}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def cell_after(page: str, table_id: str, row: str) -> list[str]:
    """The cells of one row of a figure's table, as text."""
    table = re.search(rf'<table class="govuk-table" id="{table_id}">(.*?)</table>', page,
                      re.S).group(1)
    found = re.search(rf">{re.escape(row)}</th>(.*?)</tr>", table, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                    found, re.S)]


@pytest.fixture
def reports(database, settings, accounts):
    """This month: six near misses with the police, two good practice with the school."""
    for _ in range(6):
        a_report(database, settings)
    for _ in range(2):
        a_report(database, settings, kind="good_practice", agency="Meadowbank Primary School")


def test_a_lead_reads_the_report_card_for_a_period(signed_in, reports):
    response = signed_in("learning_lead").get("/dashboard/evaluation", query_string=around_today())
    page = text(response)
    assert response.status_code == 200, page[:500]
    assert "The whole partnership" in page
    for heading in ("How much did we do?", "How well did we do it?", "Is anyone better off?",
                    "Training compliance"):
        assert f">{heading}</h2>" in page
    # Two is too few to show without pointing at someone: never the count. The six beside
    # them are hidden too, or the eight by channel less six would give the two away.
    assert cell_after(page, "table-reports_by_kind", "Good practice") == ["fewer than 5", "0"]
    assert cell_after(page, "table-reports_by_kind", "Near miss") == ["hidden", "0"]
    assert cell_after(page, "table-reports_by_channel", "Web form") == ["8", "0"]
    chart = re.search(r'id="chart-reports_by_kind-title".*?</svg>', page, re.S).group(0)
    assert ">hidden<" in chart and ">fewer than 5<" in chart and ">6<" not in chart
    assert 'role="img"' in page and "<script" not in page.split("</header>")[1].split(
        "<footer")[0]


def test_the_default_is_the_last_full_quarter(signed_in, reports, settings):
    page = text(signed_in("learning_lead").get("/dashboard/evaluation"))
    quarter = last_full_quarter(datetime.now(UTC).astimezone(settings.timezone).date())
    assert f"The whole partnership, {period_words(quarter)}</h2>" in page
    assert 'aria-current="page">Evaluation' in page
    # Today's reports are in this quarter, not the last full one.
    assert cell_after(page, "table-reports_by_kind", "Near miss") == ["0", "0"]


def test_an_agency_lead_sees_their_own_agency_only(signed_in, reports, database):
    client = signed_in("agency_lead")
    page = text(client.get("/dashboard/evaluation", query_string=around_today()))
    assert "Riverside Police, " in page and "The whole partnership" not in page
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]+)</option>', page)
    assert [name for _, name in options] == ["Riverside Police"]
    assert cell_after(page, "table-reports_by_kind", "Near miss") == ["6", "0"]
    # The school's good practice is not the police's.
    assert cell_after(page, "table-reports_by_kind", "Good practice") == ["0", "0"]
    with database.unit_of_work() as uow:
        school = uow.session.scalar(select(Agency.id).where(
            Agency.name == "Meadowbank Primary School"))
    refused = client.get("/dashboard/evaluation", query_string={**around_today(), "agency": school})
    assert refused.status_code == 403
    assert "There is a problem" in text(refused) and "table-reports_by_kind" not in text(refused)


def test_wrong_dates_are_said_and_kept_as_typed(signed_in, reports):
    typed = {"from-day": "31", "from-month": "2", "from-year": "2026",
             "to-day": "1", "to-month": "3", "to-year": "20x6"}
    response = signed_in("learning_lead").get("/dashboard/evaluation", query_string=typed)
    page = text(response)
    assert response.status_code == 400
    assert page.count("Start date must be a real date, like 27 3 2026") == 2  # summary, field
    assert 'href="#from-day"' in page and "End date must be a real date" in page
    assert 'value="31"' in page and 'value="20x6"' in page
    assert "<title>Error: Evaluation" in page


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "=1+2"])
def test_an_agency_s_name_is_shown_as_text(signed_in, database, settings, accounts, name):
    an_agency(database, name)
    for _ in range(5):
        a_report(database, settings, agency=name)
    client = signed_in("learning_lead")
    raw = client.get("/dashboard/evaluation", query_string=around_today()).get_data(as_text=True)
    assert "<script>alert" not in raw
    assert html.escape(name, quote=False) in raw
    pack = client.get("/dashboard/board-pack.xlsx", query_string=around_today())
    book = load_workbook(io.BytesIO(pack.data))
    cells = [c for row in book["How much"].iter_rows() for c in row if c.value is not None]
    by_name = [c for c in cells if isinstance(c.value, str) and name in c.value]
    assert by_name, [c.value for c in cells]
    assert all(c.data_type == "s" for c in by_name)
    if name.startswith("="):
        assert all(c.value.startswith("'") for c in by_name)


def test_the_board_pack_prints_each_section_on_its_own_page(signed_in, reports):
    response = signed_in("learning_lead").get("/dashboard/board-pack", query_string=around_today())
    page = text(response)
    assert response.status_code == 200
    sections = re.findall(r'<section class="learnloop-pack-section".*?<h2[^>]*>([^<]+)</h2>',
                          page, re.S)
    assert sections == ["How much did we do?", "How well did we do it?",
                        "Is anyone better off?", "Training compliance",
                        "Kirkpatrick levels of the learning sent in the period",
                        "Learning recorded or changed in the period",
                        "Actions due in the period, by agency"]
    assert "learnloop-no-print" in page  # the chooser and the download link stay on screen
    assert "Priya Shah" not in page and "old shared mailbox" not in page
    assert cell_after(page, "table-reports_by_channel", "Web form") == ["8", "0"]
    assert cell_after(page, "table-reports_by_kind", "Near miss") == ["hidden", "0"]


def test_the_board_pack_spreadsheet_has_a_sheet_per_section(signed_in, reports):
    response = signed_in("learning_lead").get("/dashboard/board-pack.xlsx",
                                              query_string=around_today())
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment; filename=learnloop-board-pack-" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["How much", "How well", "Better off", "Training compliance",
                               "Kirkpatrick", "Learning log", "Actions"]
    rows = [list(row) for row in book["How much"].iter_rows(values_only=True)]
    assert rows[0][0] == "How much did we do?"
    web = next(row for row in rows if row[0] == "Web form")
    assert web[1:3] == [8, 0]  # numbers, so the Board can chart them
    good_practice = next(row for row in rows if row[0] == "Good practice")
    assert good_practice[1] == "fewer than 5"
    near_miss = next(row for row in rows if row[0] == "Near miss")
    assert near_miss[1:3] == ["hidden", 0]
    everything = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True)
                          for c in row if c is not None)
    assert "Priya Shah" not in everything and "old shared mailbox" not in everything


def test_a_spreadsheet_for_wrong_dates_is_the_page_saying_why(signed_in, reports):
    response = signed_in("learning_lead").get(
        "/dashboard/board-pack.xlsx", query_string={"from": "2026-09-30", "to": "2026-07-01"})
    assert response.status_code == 400
    assert "End date must be the same as or after start date (30 September 2026)" in text(
        response)


@pytest.mark.parametrize(("role", "shown"), [("learning_lead", True), ("agency_lead", True),
                                             ("admin", False)])
def test_the_navigation_offers_evaluation_to_who_may_see_it(signed_in, role, shown):
    page = text(signed_in(role).get("/dashboard/learning-log" if role != "admin"
                                    else "/dashboard/rules"))
    assert ('href="/dashboard/evaluation"' in page) is shown


def test_the_pack_s_learning_log_says_fewer_than_and_masks_what_was_learned(
        signed_in, database, settings, accounts):
    reference = a_report(database, settings)
    learning_loop_for(database, reference)
    client = signed_in("learning_lead")
    page = text(client.get("/dashboard/board-pack", query_string=around_today()))
    log = re.search(r"Learning recorded or changed in the period</h2>(.*?)</section>", page,
                    re.S).group(1)
    assert "Invitations to named inboxes" in log and "Named duty inboxes only." in log
    assert "fewer than 5" in log and "suppressed" not in log  # one report it came from
    book = load_workbook(io.BytesIO(client.get("/dashboard/board-pack.xlsx",
                                               query_string=around_today()).data))
    rows = [row for row in book["Learning log"].iter_rows(values_only=True)]
    item = next(row for row in rows if row[0] == "Invitations to named inboxes")
    assert item[4] == "fewer than 5"
    assert not any(c == "suppressed" for row in rows for c in row)
