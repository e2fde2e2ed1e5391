"""An agency lead's report card is their own agency's; another agency's, or the whole
partnership's, is refused with a message the page can show. Small counts are suppressed
unless the partnership turns that off."""

from datetime import date

import pytest

from learning.evaluation.figures import Period
from learning.reports.access import NotAllowed
from learning.settings import SettingsError, load_settings
from tests.evaluation.seed import card, made, row, rows
from tests.people import an_account, an_agency

DECEMBER = Period(date(2026, 12, 1), date(2026, 12, 31))


@pytest.fixture
def partnership(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    for on, agencies in [(date(2026, 12, 1), [police]), (date(2026, 12, 2), [police, school]),
                         (date(2026, 12, 3), [school]), (date(2026, 11, 3), [police])]:
        made(database, settings, lead, on=on, agencies=agencies,
             acknowledged=on)
    for _ in range(5):
        made(database, settings, lead, on=date(2026, 12, 7), agencies=[school],
             acknowledged=date(2026, 12, 8))
    return {"police": police, "school": school, "lead": lead,
            "police_lead": an_account(database, "police.lead@riverside.example",
                                      "agency_lead", "Riverside Police"),
            "admin": an_account(database, "admin@riverside.example", "admin")}


def test_an_agency_lead_sees_their_own_agencys_figures(database, settings, partnership):
    found = card(database, settings, partnership["police_lead"], period=DECEMBER)
    assert found.agency == "Riverside Police"
    assert rows(found, "reports_by_kind")["Near miss"] == (2, 1)
    assert rows(found, "reports_by_agency") == {"Riverside Police": (2, 1)}
    asked = card(database, settings, partnership["police_lead"], period=DECEMBER,
                 agency_id=partnership["police"])
    assert asked == found


def test_another_agency_or_the_whole_partnership_is_refused(database, settings, partnership):
    with pytest.raises(NotAllowed, match="Ask a learning lead"):
        card(database, settings, partnership["police_lead"], period=DECEMBER,
             agency_id=partnership["school"])
    with pytest.raises(NotAllowed):
        card(database, settings, partnership["admin"], period=DECEMBER)


def test_a_learning_lead_can_choose_one_agency(database, settings, partnership):
    found = card(database, settings, partnership["lead"], period=DECEMBER,
                 agency_id=partnership["school"])
    assert found.agency == "Meadowbank"
    assert rows(found, "reports_by_kind")["Near miss"] == (7, 0)


def test_counts_under_five_are_suppressed(environ, database, partnership):
    settings = load_settings({**environ, "EVALUATION_SMALLEST_COUNT": "5"})
    found = card(database, settings, partnership["lead"], period=DECEMBER)
    assert found.smallest_shown == 5
    police = row(found, "reports_by_agency", "Riverside Police")
    # 2 this month and 1 the month before: neither shown; the school's 7 are.
    assert (police.value, police.suppressed, police.previous, police.previous_suppressed) == (
        None, True, None, True)
    school = row(found, "reports_by_agency", "Meadowbank")
    assert (school.value, school.suppressed) == (7, False)
    # Nought identifies nobody.
    good = row(found, "reports_by_kind", "Good practice")
    assert (good.value, good.suppressed) == (0, False)
    # A percentage of 8 is shown; of the 1 the month before (fewer than 5), it is not.
    acknowledged = row(found, "acknowledged_in_time", "Reports")
    assert (acknowledged.value, acknowledged.out_of) == (100.0, 8)
    assert (acknowledged.previous, acknowledged.previous_out_of,
            acknowledged.previous_suppressed) == (None, None, True)


def test_suppression_can_be_turned_off(environ, database, partnership):
    settings = load_settings({**environ, "EVALUATION_SMALLEST_COUNT": "0"})
    found = card(database, settings, partnership["lead"], period=DECEMBER)
    police = row(found, "reports_by_agency", "Riverside Police")
    assert (police.value, police.previous, police.suppressed) == (2, 1, False)
    assert found.smallest_shown == 0


def test_the_smallest_count_is_five_unless_set(environ):
    del environ["EVALUATION_SMALLEST_COUNT"]
    assert load_settings(environ).evaluation_smallest_count == 5
    with pytest.raises(SettingsError, match="EVALUATION_SMALLEST_COUNT must be a whole number"):
        load_settings({**environ, "EVALUATION_SMALLEST_COUNT": "few"})


def test_an_unknown_agency_says_what_to_do(database, settings, partnership):
    with pytest.raises(LookupError, match="choose one from the list"):
        card(database, settings, partnership["lead"], period=DECEMBER, agency_id=9999)
