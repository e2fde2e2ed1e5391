"""The evaluation charts drawn from hand-built figures: bar lengths in proportion, the period
before beside each bar, suppressed counts never shown, every label escaped, the table beside."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
from markupsafe import Markup

from forms import charts
from learning.evaluation.figures import Figure, Question, Row, Unit
from tests.dashboard.evaluation_cards import a_card, by_kind, by_month, days_to_close, useful

SVG = "{http://www.w3.org/2000/svg}"


def drawn(app, figure, card=None) -> str:
    card = card or a_card(figure)
    with app.test_request_context():
        block = app.jinja_env.get_template("evaluation/charts.html").module.figure_block
        return str(block(figure, card, charts))


def svg_of(page: str) -> ElementTree.Element:
    return ElementTree.fromstring(re.search(r"<svg class=\"learnloop-chart\".*?</svg>", page,
                                            re.S).group(0))


def test_bars_are_in_proportion_with_the_period_before_beside_each(app):
    svg = svg_of(drawn(app, by_kind(near_misses=12, before=9)))
    lengths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("height") == "16"]
    full = charts.WIDTH - charts.TEXT_ROOM
    # Near miss 12 (the largest shown) and 9 before; good practice suppressed this period (7
    # before); nothing drawn for what is suppressed or missing.
    assert lengths == [full, round(full * 9 / 12, 1), 0, round(full * 7 / 12, 1), 0, 0]
    words = [t.text for t in svg.iter(f"{SVG}text")]
    assert words[:3] == ["Near miss", "12", "before: 9"]


def test_a_suppressed_count_says_fewer_than_and_never_the_count(app):
    page = drawn(app, by_kind())
    good_practice = re.search(r"Good practice</th>(.*?)</tr>", page, re.S).group(1)
    assert good_practice.count("fewer than 5") == 1
    assert ">3<" not in page and " 3 " not in good_practice
    # The period before was 7, not suppressed: shown.
    assert ">7<" in good_practice
    svg_words = [t.text for t in svg_of(page).iter(f"{SVG}text")]
    assert svg_words[3:6] == ["Good practice", "fewer than 5", "before: 7"]


def test_the_partnership_s_own_smallest_count_is_the_one_said(app):
    page = drawn(app, by_kind(), a_card(by_kind(), smallest_shown=10))
    assert "fewer than 10" in page and "fewer than 5" not in page


def test_nothing_to_measure_is_said_not_drawn_as_zero(app):
    page = drawn(app, by_kind())
    assert "Concerning incident" in page
    assert page.count("nothing to measure") == 4  # chart and table, both periods


def test_percentages_scale_to_a_hundred_and_say_of_how_many(app):
    page = drawn(app, useful())
    svg = svg_of(page)
    lengths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("height") == "16"]
    full = charts.WIDTH - charts.TEXT_ROOM
    assert lengths[:2] == [round(full * 0.75, 1), round(full * 0.5, 1)]
    assert "75% (of 40)" in page and "50% (of 20)" in page
    # A share of fewer than five people is suppressed, and so is its "of how many".
    assert "(of 3)" not in page and "100%" not in page


def test_working_days_print_as_days(app):
    page = drawn(app, days_to_close())
    assert ">4.5 days<" in svg_page(page) and ">4.5 working days<" in page


def svg_page(page: str) -> str:
    return re.search(r"<svg class=\"learnloop-chart\".*?</svg>", page, re.S).group(0)


def test_the_months_chart_draws_a_column_pair_per_month(app):
    svg = svg_of(drawn(app, by_month()))
    columns = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") != "#ffffff"
               and r.get("width") != "3" and r.get("width") != "6"]
    heights = [float(r.get("height")) for r in columns]
    area = charts.COLUMN_AREA_HEIGHT
    assert heights == [area, area * 10 / 20, 0, area * 14 / 20, area * 8 / 20, area * 6 / 20]
    words = [t.text for t in svg.iter(f"{SVG}text")]
    assert "fewer than 5" in words and "2" not in words
    assert words[2:4] == ["July", "2026"]


def test_every_chart_is_an_image_with_a_title_and_a_description(app):
    page = drawn(app, by_kind())
    svg = svg_of(page)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-reports-by-kind-title chart-reports-by-kind-desc"
    assert svg.find(f"{SVG}title").text == "Reports by kind"
    desc = svg.find(f"{SVG}desc").text
    assert "1 July to 30 September 2026" in desc and "1 April to 30 June 2026" in desc
    assert '<table class="govuk-table" id="table-reports-by-kind">' in page


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "=1+2", "Tom & Jerry's \"team\""])
def test_labels_and_titles_are_escaped(app, typed):
    figure = Figure(key="by-agency", title=f"Reports by agency {typed}",
                    question=Question.HOW_MUCH, unit=Unit.COUNT, rows=(Row(typed, 6, 5),),
                    note=typed)
    page = drawn(app, figure)
    assert "<script>" not in page
    assert str(Markup.escape(typed)) in page
    svg_of(page)  # still well-formed XML


def test_a_figure_with_no_rows_says_so(app):
    empty = Figure(key="empty", title="Bulletins delivered", question=Question.HOW_MUCH,
                   unit=Unit.COUNT, rows=())
    page = drawn(app, empty)
    assert "Nothing to show for this period." in page and "<svg" not in page
