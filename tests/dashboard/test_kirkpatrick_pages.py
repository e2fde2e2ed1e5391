"""Kirkpatrick's four levels on a nugget's and a sent bulletin's own page, from the answers
their recipients gave."""

import html
import re
from datetime import date

from storage.models.nudges import DeliveryKind
from tests.dashboard.test_access_matrix import bulletins
from tests.evaluation.seed import a_delivery, a_person
from tests.jobs.people import a_nugget


def levels_on(page: str) -> dict[str, str]:
    section = page.split('id="kirkpatrick"', 1)[1]
    pairs = re.findall(r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*'
                       r'<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>', section, re.S)
    return {key: re.sub(r"<[^>]+>", "", value).strip() for key, value in pairs}


def test_a_nugget_s_page_shows_its_four_levels(signed_in, database):
    nugget = a_nugget(database, send_at=None)
    with database.unit_of_work() as uow:
        for n, (useful, right) in enumerate([(True, True), (True, False), (True, True),
                                             (False, False)]):
            person = a_person(uow.session, f"Staff{n}", None)
            a_delivery(uow.session, DeliveryKind.NUGGET, f"nugget:{nugget}", person,
                       sent=date(2026, 10, 5), useful=useful, check_correct=right)
        uow.commit()
    page = html.unescape(signed_in("learning_lead").get(f"/dashboard/learning/{nugget}")
                         .get_data(as_text=True))
    assert levels_on(page) == {
        "1 Reaction: found it useful": "75% (3 of 4 who answered)",
        "2 Learning: check question right first time": "50% (2 of 4 who answered)",
        "2 Learning: right when asked again": "nobody has answered yet",
        "3 Behaviour: used it in practice": "nobody has answered yet",
        "4 Results: reports on its themes": "No themes to measure.",
    }


def test_a_sent_bulletin_s_page_shows_its_levels_and_a_draft_has_none(signed_in, database):
    draft, sent = bulletins(database)
    with database.unit_of_work() as uow:
        for n, useful in enumerate([True, False, None]):
            person = a_person(uow.session, f"Reader{n}", None)
            a_delivery(uow.session, DeliveryKind.BULLETIN, f"bulletin:{sent}", person,
                       sent=date(2026, 9, 30), useful=useful)
        uow.commit()
    lead = signed_in("learning_lead")
    page = html.unescape(lead.get(f"/dashboard/bulletins/{sent}").get_data(as_text=True))
    levels = levels_on(page)
    assert levels["1 Reaction: found it useful"] == "50% (1 of 2 who answered)"
    assert levels["2 Learning"] == "No check question"
    assert 'id="kirkpatrick"' not in lead.get(f"/dashboard/bulletins/{draft}").get_data(
        as_text=True)
