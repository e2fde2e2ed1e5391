"""Theme and contributing-factor counts by month and agency, as each account may see them."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from learning.improvement.clusters import Period, PeriodRefused, period_from, themes_picture
from tests.improvement.reports import classified
from tests.people import an_account, an_agency, load_account

LONDON = ZoneInfo("Europe/London")
PERIOD = Period(first=date(2026, 9, 1), last=date(2026, 11, 1))


@pytest.fixture
def partnership(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    police_lead = an_account(database, "police.lead@riverside.example", "agency_lead",
                             "Riverside Police")
    for on, themes, factors, agencies in [
        (date(2026, 9, 3), ["neglect"], ["recording"], [police, school]),
        (date(2026, 9, 30), ["neglect", "bruising"], [], [school]),
        (date(2026, 11, 2), ["neglect"], ["recording", "supervision"], [police]),
        (date(2026, 8, 31), ["neglect"], [], [police]),  # before the period
    ]:
        classified(database, settings, lead, on=on, themes=themes, factors=factors,
                   agencies=agencies)
    return {"police": police, "school": school, "lead": lead, "police_lead": police_lead}


def picture_for(database, account_id, **options):
    with database.unit_of_work() as uow:
        return themes_picture(uow.session, load_account(uow.session, account_id), PERIOD,
                              timezone=LONDON, **options)


def test_themes_are_counted_by_month_and_by_agency(database, partnership):
    picture = picture_for(database, partnership["lead"])
    themes, police, school = picture.themes, partnership["police"], partnership["school"]
    assert themes.names == ["neglect", "bruising"]
    assert themes.by_month == {("neglect", 0): 2, ("bruising", 0): 1, ("neglect", 2): 1}
    assert themes.totals == {"neglect": 3, "bruising": 1}
    # A report involving two agencies counts once for each.
    assert themes.by_agency == {("neglect", police): 2, ("neglect", school): 2,
                                ("bruising", school): 1}
    assert picture.factors.by_month == {("recording", 0): 1, ("recording", 2): 1,
                                        ("supervision", 2): 1}
    assert [name for _, name in picture.agencies] == ["Meadowbank", "Riverside Police"]


def test_an_agency_lead_counts_only_their_agencys_reports(database, partnership):
    themes = picture_for(database, partnership["police_lead"]).themes
    assert themes.totals == {"neglect": 2}


def test_one_agency_can_be_chosen(database, partnership):
    themes = picture_for(database, partnership["lead"], agency_id=partnership["school"]).themes
    assert themes.totals == {"neglect": 2, "bruising": 1}


@pytest.mark.parametrize(("first", "last", "message"), [
    ("2026-11", "2026-09", "same as or before the last month"),
    ("2027-01", "2027-02", "must not be in the future"),
    ("2023-01", "2026-11", "at most 24 months"),
    ("2026-13", "2026-11", "Choose the first and last month"),
])
def test_an_impossible_period_says_what_to_change(first, last, message):
    with pytest.raises(PeriodRefused, match=message):
        period_from(first, last, today=date(2026, 11, 30))


def test_a_period_is_whole_months_in_the_partnerships_time_zone():
    period = period_from("2026-10", "2026-11", today=date(2026, 11, 30))
    assert period.months == [date(2026, 10, 1), date(2026, 11, 1)]
    # 1 October is still summer time in London: the month starts at 23:00 UTC the day before.
    assert period.bounds(LONDON)[0].utcoffset().total_seconds() == 3600
