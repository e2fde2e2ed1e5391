"""The period a report card is for: the last full quarter unless two real dates were typed."""

from datetime import date

import pytest

from learning.evaluation.figures import Period
from learning.evaluation.choosing import chosen_period, last_full_quarter


def typed(start: str = "", end: str = "") -> dict[str, str]:
    boxes = {}
    for name, value in (("from", start), ("to", end)):
        day, month, year = (value.split() + ["", "", ""])[:3]
        boxes.update({f"{name}-day": day, f"{name}-month": month, f"{name}-year": year})
    return boxes


@pytest.mark.parametrize(("today", "quarter"), [
    (date(2026, 12, 1), Period(date(2026, 7, 1), date(2026, 9, 30))),
    (date(2026, 10, 1), Period(date(2026, 7, 1), date(2026, 9, 30))),
    (date(2026, 9, 30), Period(date(2026, 4, 1), date(2026, 6, 30))),
    (date(2027, 2, 14), Period(date(2026, 10, 1), date(2026, 12, 31))),
])
def test_the_default_is_the_last_full_quarter(today, quarter):
    assert last_full_quarter(today) == quarter
    assert chosen_period(typed(), today=today) == (quarter, {})


def test_two_real_dates_are_the_period():
    assert chosen_period(typed("1 4 2026", "31 12 2026"), today=date(2026, 12, 1)) == (
        Period(date(2026, 4, 1), date(2026, 12, 31)), {})


@pytest.mark.parametrize(("start", "end", "problems"), [
    ("31 2 2026", "1 3 2026", {"from": "Start date must be a real date, like 27 3 2026"}),
    ("1 3", "1 4 2026", {"from": "Start date must include a day, month and year"}),
    ("1 5 2026", "1 4 2026",
     {"to": "End date must be the same as or after start date (1 May 2026)"}),
    ("1 5 2026", "", {"to": "Enter the end date too, like 30 9 2026"}),
    ("", "1 5 2026", {"from": "Enter the start date too, like 30 9 2026"}),
])
def test_wrong_dates_say_what_to_correct(start, end, problems):
    period, found = chosen_period(typed(start, end), today=date(2026, 12, 1))
    assert found == problems
    assert period == last_full_quarter(date(2026, 12, 1))
