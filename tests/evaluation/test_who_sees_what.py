"""An agency lead's report card is their own agency's; another agency's, or the whole
partnership's, is refused with a message the page can show. Small counts are suppressed
unless the partnership turns that off."""

from datetime import date

import pytest

from learning.evaluation.figures import Period, Row
from learning.evaluation.suppression import shown, withheld_beside
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
    # 2 this month and 1 the month before: neither shown.
    assert (police.value, police.suppressed, police.previous, police.previous_suppressed) == (
        None, True, None, True)
    assert not police.withheld
    # The school's 7 are withheld beside them this month, or the 8 reports less 7 would say
    # roughly how many the police had; the month before the school had none to hide.
    school = row(found, "reports_by_agency", "Meadowbank")
    assert (school.value, school.suppressed, school.withheld) == (None, True, True)
    assert (school.previous, school.previous_suppressed, school.previous_withheld) == (
        0, False, False)
    assert row(found, "reports_by_month", "Dec 2026").value == 8
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


def counts(*values, before=()):
    before = list(before) or [None] * len(values)
    return [shown(Row(f"row {n}", value, previous), 5)
            for n, (value, previous) in enumerate(zip(values, before, strict=True))]


def test_one_small_count_among_parts_has_the_next_smallest_withheld_beside_it():
    rows = withheld_beside(counts(3, 12, 7, 0, before=(9, 2, 0, 1)))
    assert [(r.value, r.suppressed, r.withheld) for r in rows] == [
        (None, True, False), (12, False, False), (None, True, True), (0, False, False)]
    # The period before has two small counts already: only their sum could be worked out.
    assert [(r.previous, r.previous_withheld) for r in rows] == [
        (9, False), (None, False), (0, False), (None, False)]


def test_no_small_count_or_nothing_to_hide_it_among_leaves_the_parts_alone():
    assert withheld_beside(counts(6, 12)) == tuple(counts(6, 12))
    alone = withheld_beside(counts(2, 0, 0))
    assert [(r.value, r.withheld) for r in alone] == [(None, False), (0, False), (0, False)]
