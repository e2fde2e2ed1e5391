"""Sending a web report: no question the database is asked twice, and a clash of a random
reference or case-key locator redone out of the reporter's sight (learning.reports.sending).

A clash is made real (tests/clashes.py): the database itself refuses the row.
"""

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, func, select

from storage.models import Agency, CaseKey, Report, ReportEvent, WebReportDraft
from tests.clashes import taken
from tests.outages import try_again
from tests.people import an_agency
from tests.web import DETAILS, post_details, report_through_the_form, send_from_check_page

REFERENCE = re.compile(r"LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")
CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")


def stored(database, what):
    with database.unit_of_work() as uow:
        return list(uow.session.scalars(select(what)))


def count(database, model) -> int:
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_a_reference_drawn_twice_is_drawn_again_and_the_reporter_never_knows(client, database):
    first = REFERENCE.search(report_through_the_form(client)).group(0)
    with taken(Report, "reference", first, times=1) as clashed:
        done = report_through_the_form(client, what_happened="A second near miss.")
    second = REFERENCE.search(done).group(0)
    assert clashed and second != first
    assert {r.reference for r in stored(database, Report)} == {first, second}
    assert count(database, CaseKey) == 2 and count(database, ReportEvent) == 2
    assert count(database, WebReportDraft) == 0


def test_a_case_key_locator_drawn_twice_is_drawn_again(client, database):
    report_through_the_form(client, identity_mode="anonymous")
    (existing,) = stored(database, CaseKey)
    with taken(CaseKey, "locator", existing.locator, times=1) as clashed:
        done = html.unescape(report_through_the_form(client, identity_mode="anonymous"))
    shown = CASE_KEY.search(done).group(0).replace("-", "")
    locators = {k.locator for k in stored(database, CaseKey)}
    assert clashed and locators == {existing.locator, shown[:8]}
    assert count(database, Report) == 2


def test_a_refusal_that_keeps_coming_back_keeps_the_answers_and_the_draft(client, database):
    first = REFERENCE.search(report_through_the_form(client)).group(0)
    check = post_details(client, what_happened="Typed once, and not to be lost.")
    with taken(Report, "reference", first, times=99) as clashed:
        refused = send_from_check_page(client, check.get_data(as_text=True))
    assert refused.status_code == 503 and len(clashed) == 3
    assert "Typed once, and not to be lost." in html.unescape(refused.get_data(as_text=True))
    assert count(database, Report) == 1 and count(database, WebReportDraft) == 1
    # Once the database takes it again, Try again sends it.
    sent = try_again(client, refused)
    assert sent.status_code == 303 and sent.location.endswith("/report/done")
    assert count(database, Report) == 2 and count(database, WebReportDraft) == 0


@contextmanager
def statements(app) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_connection, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    engine = app.extensions["learnloop"].database.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_sending_asks_the_database_only_about_the_agencies_chosen(app, client, database):
    check = post_details(client)
    with statements(app) as seen:
        assert send_from_check_page(client, check.get_data(as_text=True)).status_code == 303
    assert not [s for s in seen if s.startswith("SELECT")], seen

    police = an_agency(database)
    check = post_details(client, agency_ids=str(police))
    with statements(app) as seen:
        assert send_from_check_page(client, check.get_data(as_text=True)).status_code == 303
    asked = [s for s in seen if s.startswith("SELECT")]
    assert len(asked) == 1 and "FROM agencies" in asked[0], seen
    with database.unit_of_work() as uow:
        chosen = [[a.id for a in r.agencies] for r in uow.session.scalars(select(Report))]
    assert sorted(chosen) == [[], [police]]


def test_an_agency_retired_before_sending_is_refused_with_the_answers_kept(client, database):
    police = an_agency(database)
    check = post_details(client, agency_ids=str(police))
    with database.unit_of_work() as uow:
        uow.session.get(Agency, police).active = False
        uow.commit()
    refused = send_from_check_page(client, check.get_data(as_text=True))
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 400 and "Select agencies from the list" in page
    assert DETAILS["what_happened"] in page and count(database, Report) == 0
