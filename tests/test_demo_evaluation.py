"""The demo shows evaluation in use: for the default period (the last full quarter) and the one
before it, every "is anyone better off" figure has a number big enough to show, and the
numbers are the ones the demo planted (learning.demo.evaluation), counted by hand below."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from sqlalchemy import select

from app import create_app
from learning.demo import DEMO_LEAD_EMAIL, DEMO_SETTINGS, seed_demo
from learning.evaluation.choosing import last_full_quarter
from learning.evaluation.figures import Question
from learning.evaluation.report_card import report_card
from learning.settings import load_settings
from storage.models import Account
from tests.web import token

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def _card(database, settings):
    with database.unit_of_work() as uow:
        lead = uow.session.scalar(select(Account).where(Account.email == DEMO_LEAD_EMAIL))
        return report_card(uow, period=last_full_quarter(NOW.date()), agency_id=None, by=lead,
                           settings=settings, today=NOW.date())


def test_the_demo_s_better_off_figures_are_shown_and_are_the_ones_planted(database, settings):
    seed_demo(database, settings, now=NOW)
    card = _card(database, settings)
    rows = {(f.key, r.label): r for f in card.answering(Question.BETTER_OFF) for r in f.rows}
    assert not [key for key, row in rows.items() if row.suppressed or row.previous_suppressed]
    # 41 people (6 + 5 in each of 7 agencies), two nuggets a quarter; all but 8 of them answer
    # (places 3, 7, 13, 17, 23, 27, 33, 37), so 33 answers a nugget, 66 a quarter.
    useful = rows[("found_useful", "Learning nuggets")]
    # Not useful: places 4, 9, ... 39 (8) this quarter; before, those and 8, 18, 28, 38 (12).
    assert (useful.value, useful.out_of) == (75.8, 66)  # 50 of 66
    assert (useful.previous, useful.previous_out_of) == (63.6, 66)  # 42 of 66
    first = rows[("check_right", "Right first time")]
    # Wrong: places divisible by 3 that answered (11 a nugget); before, odd places (12).
    assert (first.value, first.out_of, first.previous, first.previous_out_of) == (
        66.7, 66, 63.6, 66)
    again = rows[("check_right", "Right when asked again")]
    # Each wrong answer asked again; the 2nd, 6th and 10th asked are wrong again.
    assert (again.value, again.out_of, again.previous, again.previous_out_of) == (
        72.7, 22, 75.0, 24)
    course = rows[("found_useful", "Courses")]
    # 14 booked a quarter, 13 came; two said it was not useful.
    assert (course.value, course.out_of) == (84.6, 13)
    theme = rows[("theme_report_rates", "parental mental health")]
    # Four a month for three months before its nugget, two a month for three months after.
    assert (theme.value, theme.out_of, theme.previous, theme.previous_out_of) == (2.0, 6, 4.0, 12)
    used = rows[("used_in_practice", "Used it in practice")]
    assert used.out_of >= 5 and used.previous_out_of >= 5 and used.value > 50
    reporters = rows[("would_report_again", "Reporters")]
    assert reporters.out_of >= 5 and reporters.previous_out_of >= 5
    assert reporters.value > reporters.previous > 50


def test_the_evaluation_page_shows_the_demo_s_figures(environ, database):
    settings = load_settings({**DEMO_SETTINGS, **environ})
    sign_in = seed_demo(database, settings, now=NOW)
    client = create_app(settings).test_client()
    signed = client.post("/sign-in", data={"email": DEMO_LEAD_EMAIL,
                                           "password": sign_in.password,
                                           "csrf_token": token(client, "/report")})
    assert signed.status_code == 303
    quarter = last_full_quarter(NOW.date())
    page = client.get("/dashboard/evaluation", query_string={
        "from": quarter.start.strftime("%-d %-m %Y"), "to": quarter.end.strftime("%-d %-m %Y")})
    assert page.status_code == 200
    words = html.unescape(page.get_data(as_text=True))
    better_off = words.split("better off")[-1]
    assert "parental mental health" in better_off
    assert "76% (of 66)</td>" in better_off and "64% (of 66)</td>" in better_off
    assert "fewer than 5" not in better_off.split("Training compliance")[0]
