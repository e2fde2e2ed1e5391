"""The 7-minute briefing's one Markdown source, rendered as HTML (web, email) and plain text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from learning.nudges.briefing import (Briefing, briefing_html, briefing_parts, briefing_text,
                                      sanitised)
from tests.briefings import HOSTILE, hostile_briefing, longest_briefing


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would parse them."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_parts_come_in_briefing_order_with_their_headings_and_empty_ones_left_out():
    parts = briefing_parts(Briefing(what_happened="A", do_differently="B",
                                    further_reading="https://www.gov.uk/x"))
    assert [p.heading for p in parts] == ["What happened", "What to do differently",
                                          "Further reading"]


def test_markdown_becomes_bold_lists_and_further_reading_links_in_html():
    shown = briefing_html(Briefing(
        what_happened="A **locum** nearly _missed_ it.\n\n1. one\n2. two",
        further_reading="- [Working Together 2023](https://www.gov.uk/wt)\n- https://www.gov.uk/p"))
    assert "<strong>locum</strong>" in shown and "<em>missed</em>" in shown
    assert '<ol class="govuk-list govuk-list--number"><li>one</li><li>two</li></ol>' in shown
    hrefs = [a.get("href") for tag, a in Elements(shown).tags if tag == "a"]
    assert hrefs == ["https://www.gov.uk/wt", "https://www.gov.uk/p"]


def test_script_and_javascript_links_in_the_markdown_come_out_inert_in_html():
    shown = briefing_html(hostile_briefing())
    tags = Elements(shown).tags
    assert {tag for tag, _ in tags} <= {"h2", "p", "ul", "ol", "li", "strong", "em", "a"}
    assert all(not name.startswith("on") for _, attributes in tags for name in attributes)
    assert [a["href"] for tag, a in tags if tag == "a"] == ["https://www.gov.uk/safe"]
    assert "&lt;script&gt;" in shown and "javascript:" not in re.sub(r">[^<]*<", "><", shown)


def test_links_outside_further_reading_keep_their_words_but_not_the_link():
    shown = briefing_html(Briefing(what_happened="See [the protocol](https://www.gov.uk/p)."))
    assert "the protocol" in shown and "<a" not in shown


def test_the_sanitiser_behind_our_escaping_can_fail():
    # If our escaping ever let markup through, nh3 is the second wall: it must actually hold.
    assert sanitised('<p onclick="x()">hi<script>bad()</script></p>') == "<p>hi</p>"
    assert sanitised('<a href="javascript:alert(1)">x</a>') == '<a rel="noopener noreferrer">x</a>'


def test_the_email_text_has_every_part_and_spells_out_links():
    text = briefing_text(Briefing(what_happened="**Any** bruise.",
                                  reflect_questions="1. Would you know?",
                                  further_reading="- [Working Together](https://www.gov.uk/wt)"))
    assert text.splitlines() == [
        "What happened", "-------------", "Any bruise.", "",
        "Questions to reflect on", "-----------------------", "1. Would you know?", "",
        "Further reading", "---------------", "• Working Together (https://www.gov.uk/wt)"]


def test_the_email_text_keeps_hostile_text_as_typed_and_links_only_https():
    text = briefing_text(hostile_briefing())
    assert HOSTILE.split(" & ")[0] in text  # the markup as typed: text/plain shows it as text
    links = [run.link for part in briefing_parts(hostile_briefing())
             for paragraph in part.paragraphs for run in paragraph.runs if run.link]
    assert links == ["https://www.gov.uk/safe"]
    assert "Plain http (http://insecure.example/)" not in text


def test_the_longest_briefing_renders_every_part_in_full():
    briefing = longest_briefing()
    shown, text = briefing_html(briefing), briefing_text(briefing)
    assert shown.count("<h2") == 5
    assert "chapter 5 &amp; &lt;annex&gt;" in shown
    assert briefing.why_it_matters.strip()[-40:] in text
