"""What a new reporter met on the web (issue 14 items 4 to 11 and 20), through real HTTP."""

import html
import re

from sqlalchemy import select

from storage.models import Report
from tests.web import hidden_answers, post_details, report_through_the_form, send_from_check_page

CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_check_your_answers_shows_the_role_that_is_sent(client):
    page = text(post_details(client))
    assert re.search(r"Your role</dt>\s*<dd[^>]*><bdi>Health visitor</bdi>", page)


def test_each_identity_gets_its_own_words_with_the_case_key(client):
    confidential = report_through_the_form(client, identity_mode="confidential")
    assert "Only the partnership business unit knows who you are" in html.unescape(confidential)
    assert "nobody can link you" not in confidential


def test_the_case_key_is_in_groups_that_never_break_with_a_copy_button(client):
    done = report_through_the_form(client, identity_mode="anonymous")
    key = CASE_KEY.search(done).group(0)
    groups = re.findall(r'<span class="learnloop-case-key__group">([^<]+)</span>', done)
    assert "-".join(groups) == key and len(groups) == 6
    assert re.search(r'<button type="button"[^>]*data-copy-from="case-key"', done)


def test_the_reporters_details_sit_in_a_block_revealed_under_named_and_confidential(client):
    page = client.get("/report/details?immediate_risk=no").get_data(as_text=True)
    block = page.split('id="reporter-details"')[1].split("</fieldset>")[0]
    assert 'name="reporter_name"' in block and 'name="reporter_job_title"' in block
    assert "/static/reporter-forms.js" in page


def test_back_after_sending_never_shows_the_sent_report_again(client, database):
    check = post_details(client)
    check_url = check.request.full_path
    refreshed = client.get(check_url)  # refresh: the same page, nothing asked again
    assert refreshed.status_code == 200 and "Check your answers before sending" in text(refreshed)
    sent = send_from_check_page(client, check.get_data(as_text=True))
    assert sent.location.endswith("/report/done")
    back = client.get(check_url)
    assert back.status_code == 303 and back.location.endswith("/report")
    with database.unit_of_work() as uow:
        assert len(uow.session.scalars(select(Report)).all()) == 1


def test_back_from_check_your_answers_shows_the_answers_as_typed(client):
    check = post_details(client)
    draft = hidden_answers(check.get_data(as_text=True))["draft"][0]
    details = text(client.get(f"/report/details?draft={draft}"))
    assert "The strategy discussion invitation went to an old shared mailbox." in details
    assert "There is a problem" not in details


def test_two_tabs_keep_two_reports_apart(client):
    first = post_details(client, what_happened="First tab: the mailbox.")
    second = post_details(client, what_happened="Second tab: the referral.")
    assert "First tab: the mailbox." in text(client.get(first.request.full_path))
    assert "Second tab: the referral." in text(client.get(second.request.full_path))


def test_a_draft_is_sealed_in_the_database(client, database):
    from storage.models import WebReportDraft

    post_details(client)
    with database.unit_of_work() as uow:
        [draft] = uow.session.scalars(select(WebReportDraft)).all()
        assert "mailbox" not in draft.sealed and "Priya" not in draft.sealed


def test_the_public_footer_links_to_learning(client):
    page = client.get("/report").get_data(as_text=True)
    assert re.search(r'<a class="govuk-footer__link" href="/learning">', page)


def test_the_check_question_without_an_answer_has_an_error_summary(client, database, settings):
    from tests.jobs.test_learning_pages import shared_nugget
    from tests.web import token

    url = f"/learning/{shared_nugget(database, settings)}"
    response = client.post(url, data={"csrf_token": token(client, url)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert 'href="#choice">Choose an answer' in page


def test_a_closed_reports_timeline_points_to_you_said_we_did(app, client, database):
    from datetime import UTC, datetime

    from learning.reports import triage
    from tests.people import an_account, load_account
    from tests.web import token

    done = report_through_the_form(client, identity_mode="anonymous")
    lead = an_account(database, "lead@x.example", "learning_lead")
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        by = load_account(uow.session, lead)
        for step in (triage.acknowledge, triage.start_review, triage.identify_learning):
            step(uow.session, report, by=by, now=datetime.now(UTC))
        triage.close(uow.session, report, by=by, now=datetime.now(UTC),
                     you_said_we_did="Invitations now go to named people.")
        uow.commit()
    reader = app.test_client()
    reader.post("/follow-up", data={"case_key": CASE_KEY.search(done).group(0),
                                    "csrf_token": token(reader, "/follow-up")})
    page = text(reader.get("/follow-up/report"))
    assert "See what changed below" not in page
    assert "What changed is under “You said, we did”" in page
