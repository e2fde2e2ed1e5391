"""The report page for each state: one primary action, words for what happened, read-only when
closed, views on request, and the rationale where it belongs."""

import html
import re

from sqlalchemy import select

from learning.reports.changes import _ACTIONS
from learning.reports.confirmations import confirmation, reported_changes
from storage.models import Report
from storage.vocabulary import EventKind
from tests.dashboard.reports import a_report
from tests.web import token


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def act(client, reference, action, **form):
    return client.post(f"/dashboard/reports/{reference}/{action}",
                       data={**form, "csrf_token": token(client, "/report")})


def buttons(page: str) -> dict[str, str]:
    """Each button's words and its classes."""
    return {html.unescape(words.strip()): classes for classes, words in re.findall(
        r'<button[^>]*class="([^"]*govuk-button[^"]*)"[^>]*>\s*([^<]+)', page)}


def primary(page: str) -> list[str]:
    return [words for words, classes in buttons(page).items()
            if "govuk-button--secondary" not in classes and "govuk-button--warning" not in classes]


def test_each_state_has_one_primary_action_its_usual_next_step(settings, database, signed_in):
    lead = signed_in("learning_lead")
    reference = a_report(database, settings)
    path = f"/dashboard/reports/{reference}"
    assert primary(text(lead.get(path))) == ["Acknowledge"]
    act(lead, reference, "acknowledge")
    assert primary(text(lead.get(path))) == ["Start review"]
    act(lead, reference, "start-review")
    assert primary(text(lead.get(path))) == ["Learning identified"]
    act(lead, reference, "identify-learning")
    assert primary(text(lead.get(path))) == ["Close with this outcome"]


def test_each_change_says_what_happened(settings, database, signed_in):
    lead = signed_in("learning_lead")
    reference = a_report(database, settings)
    acknowledged = act(lead, reference, "acknowledge")
    assert "done=acknowledge" in acknowledged.location
    assert "Report acknowledged" in text(lead.get(acknowledged.location))
    sent = act(lead, reference, "message", message="Which meeting was it?")
    page = text(lead.get(sent.location))
    assert "Message sent to the reporter" in page and "Saved." not in page
    made_up = text(lead.get(f"/dashboard/reports/{reference}?done=<b>you+won</b>"))
    assert "you won" not in made_up and "govuk-notification-banner--success" not in made_up


def test_every_report_change_has_its_own_words():
    assert reported_changes() == set(_ACTIONS)
    assert all(confirmation(action) for action in _ACTIONS)


def test_a_closed_report_is_read_only_until_reopened(settings, database, signed_in):
    lead = signed_in("learning_lead")
    reference = a_report(database, settings)
    act(lead, reference, "close-no-further-action", reason="Handled by the school")
    page = text(lead.get(f"/dashboard/reports/{reference}"))
    assert "This report is closed, so it cannot be changed" in page
    for form in ("classify", "learning-response", "learning", "action", "assign"):
        assert f"/{reference}/{form}\"" not in page, form
    assert "Reopen" in buttons(page) and "Send message" in buttons(page)

    refused = act(lead, reference, "classify", kind="good_practice")
    assert refused.status_code == 400 and "Reopen it to change it" in text(refused)
    assert 'href="#read-only"' in text(refused)
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report.kind).where(
            Report.reference == reference)).value == "near_miss"
    assert act(lead, reference, "message", message="Thank you again.").status_code == 303
    assert act(lead, reference, "reopen").status_code == 303
    assert f"/{reference}/classify\"" in text(lead.get(f"/dashboard/reports/{reference}"))


def test_views_stay_in_the_audit_log_and_show_in_the_timeline_only_on_request(
        settings, database, signed_in):
    lead = signed_in("learning_lead")
    reference = a_report(database, settings)
    for _ in range(3):
        lead.get(f"/dashboard/reports/{reference}")
    page = text(lead.get(f"/dashboard/reports/{reference}"))
    timeline = page.split('id="timeline"')[1]
    assert "Viewed" not in timeline and "Submitted" in timeline
    assert "Show who viewed this report (4 views)" in timeline
    shown = text(lead.get(f"/dashboard/reports/{reference}?views=shown")).split('id="timeline"')[1]
    assert shown.count("Viewed") == 5 and "Hide who viewed this report" in shown
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report).where(Report.reference == reference))
        assert [e.kind for e in report.events].count(EventKind.VIEWED) == 5


def test_a_missing_rationale_is_shown_on_the_rationale_and_a_saved_one_is_shown_again(
        settings, database, signed_in):
    lead = signed_in("learning_lead")
    reference = a_report(database, settings)
    refused = act(lead, reference, "learning-response", learning_response="practitioner_huddle")
    page = text(refused)
    assert refused.status_code == 400 and 'href="#rationale"' in page
    assert 'id="rationale-error"' in page and 'id="learning-response-error"' not in page
    assert 'value="practitioner_huddle" checked' in page

    act(lead, reference, "learning-response", learning_response="practitioner_huddle",
        rationale="One team, one missed step: a huddle is enough.")
    page = text(lead.get(f"/dashboard/reports/{reference}"))
    assert re.search(r"Why this response\s*</dt>\s*<dd[^>]*>\s*One team, one missed step", page)
    assert re.search(r'<textarea[^>]*id="rationale"[^>]*>One team, one missed step', page)


def test_the_report_page_links_back_to_the_queue(settings, database, signed_in):
    page = text(signed_in("agency_lead").get(f"/dashboard/reports/{a_report(database, settings)}"))
    assert re.search(r'<a href="/dashboard" class="govuk-back-link">Back to reports</a>', page)
