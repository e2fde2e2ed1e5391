from datetime import date

import pytest

from learning.nudges.calendar import is_working_day, working_days_after


@pytest.mark.parametrize("start, days, due", [
    # Christmas 2026: Friday 25th, Boxing Day Saturday observed Monday 28th.
    (date(2026, 12, 23), 1, date(2026, 12, 24)),
    (date(2026, 12, 24), 1, date(2026, 12, 29)),
    (date(2026, 12, 18), 5, date(2026, 12, 29)),
    (date(2026, 12, 18), 15, date(2027, 1, 13)),  # New Year's Day, Friday 1st, too
    # Christmas 2027: Saturday and Sunday, observed Monday 27th and Tuesday 28th.
    (date(2027, 12, 24), 1, date(2027, 12, 29)),
    (date(2027, 12, 20), 5, date(2027, 12, 29)),
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    (date(2026, 4, 2), 1, date(2026, 4, 7)),
    (date(2026, 3, 30), 5, date(2026, 4, 8)),
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    (date(2027, 3, 25), 1, date(2027, 3, 30)),
    (date(2027, 3, 22), 15, date(2027, 4, 14)),
    # Late-May (spring) bank holiday: 25 May 2026 and 31 May 2027.
    (date(2026, 5, 22), 1, date(2026, 5, 26)),
    (date(2027, 5, 28), 5, date(2027, 6, 7)),
    # An ordinary week, and a weekend start.
    (date(2026, 11, 16), 5, date(2026, 11, 23)),
    (date(2026, 11, 21), 1, date(2026, 11, 23)),
    (date(2026, 11, 16), 0, date(2026, 11, 16)),
])
def test_working_days_after_skip_weekends_and_bank_holidays(start, days, due):
    assert working_days_after(start, days) == due


@pytest.mark.parametrize("day", [date(2026, 12, 25), date(2026, 12, 28), date(2027, 12, 27),
                                 date(2027, 12, 28), date(2026, 4, 3), date(2026, 4, 6),
                                 date(2026, 5, 25), date(2027, 5, 31), date(2026, 11, 22)])
def test_bank_holidays_and_weekends_are_not_working_days(day):
    assert not is_working_day(day)


def test_an_ordinary_weekday_is_a_working_day():
    assert is_working_day(date(2026, 11, 23))


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        working_days_after(date(2026, 1, 5), -1)
