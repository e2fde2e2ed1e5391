"""The learning log, actions and review pages over HTTP: what shows, what is kept on an error,
and that every user string is escaped."""

import html
import re
from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import Agency
from storage.models.improvement import Action, LearningItem, StatutoryNotification
from tests.dashboard.reports import a_report
from tests.improvement.loop import learning_loop_for
from storage.vocabulary import AgencyType
from tests.web import token


def post(client, url, **form):
    return client.post(url, data={**form, "csrf_token": token(client, "/report")})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_new_learning_is_logged_searched_and_its_history_shown(database, settings, signed_in):
    lead = signed_in("learning_lead")
    made = post(lead, "/dashboard/learning-log/new", title="<b>Invitations</b> to named inboxes",
                what_was_learned="Shared mailboxes lose invitations.", themes="Information Sharing",
                status="identified")
    assert made.status_code == 303
    item_url = made.location.split("?")[0]
    assert post(lead, f"{item_url}/edit", title="Invitations to named inboxes",
                what_was_learned="Now in the MASH procedure.", themes="information sharing",
                status="embedded").status_code == 303
    page = lead.get(item_url).get_data(as_text=True)
    assert "&lt;b&gt;Invitations&lt;/b&gt;" in page and "<b>Invitations" not in page
    assert "Shared mailboxes lose invitations." in page and "Now in the MASH procedure." in page
    listed = text(lead.get("/dashboard/learning-log?theme=information+sharing&status=embedded"))
    assert "Invitations to named inboxes" in listed and "1 learning item." in listed
    assert "0 learning items." in text(lead.get("/dashboard/learning-log?q=bruising"))


def test_a_refused_new_learning_keeps_what_was_typed(database, settings, signed_in):
    lead = signed_in("learning_lead")
    refused = post(lead, "/dashboard/learning-log/new", title="", themes="neglect",
                   what_was_learned="Early help was offered within a week.")
    page = text(refused)
    assert refused.status_code == 400 and "<title>Error: " in page
    assert "Give the learning a short title" in page and 'href="#title"' in page
    assert "Early help was offered within a week." in page and 'value="neglect"' in page


def test_an_action_is_added_and_its_owner_agency_moves_it_on(database, settings, signed_in):
    reference = a_report(database, settings)
    ids = learning_loop_for(database, reference)
    lead = signed_in("learning_lead")
    refused = post(lead, f"/dashboard/learning-log/{ids['item']}/actions", what="Audit invites",
                   owner_name="", agency_id=str(ids["agency"]), due_on="31/01/2099")
    assert refused.status_code == 400 and 'value="Audit invites"' in text(refused)
    assert "Give the date the action is due" in text(refused)
    police = signed_in("agency_lead")
    listed = text(police.get("/dashboard/actions"))
    assert "Update the template" in listed
    # Each line: status, due date, owner, agency and the learning it serves, and its page.
    assert ("Open, due 31 Jan 2099. MASH manager, Riverside Police. For: Invitations to named "
            "inboxes") in listed and f'href="/dashboard/actions/{ids["action"]}"' in listed
    dropped = post(police, f"/dashboard/actions/{ids['action']}", status="dropped",
                   evidence="", dropped_reason="")
    assert dropped.status_code == 400 and "Give the reason the action is dropped" in text(dropped)
    assert post(police, f"/dashboard/actions/{ids['action']}", status="done",
                evidence="New template in use from 1 March").status_code == 303
    with database.unit_of_work() as uow:
        action = uow.session.get(Action, ids["action"])
        assert action.status.value == "done" and action.evidence.startswith("New template")
    assert "Update the template" not in text(signed_in("other_agency_lead").get(
        "/dashboard/actions"))


def test_the_report_page_records_learning_into_the_log_and_links_existing(database, settings,
                                                                         signed_in):
    first, second = a_report(database, settings), a_report(database, settings)
    lead = signed_in("learning_lead")
    assert post(lead, f"/dashboard/reports/{first}/learning", title="Named inboxes",
                learning="Invitations go to named duty inboxes.").status_code == 303
    with database.unit_of_work() as uow:
        item_id = uow.session.scalar(select(LearningItem.id))
    assert post(lead, f"/dashboard/reports/{second}/learning",
                learning_item_id=str(item_id)).status_code == 303
    with database.unit_of_work() as uow:
        item = uow.session.get(LearningItem, item_id)
        assert sorted(r.reference for r in item.reports) == sorted([first, second])
    assert "Named inboxes" in text(lead.get(f"/dashboard/reports/{second}"))


def test_a_notifiable_report_records_its_notification_and_shows_the_clocks(database, settings,
                                                                          signed_in):
    reference = a_report(database, settings, child_died_or_seriously_harmed=True,
                         abuse_or_neglect_suspected=True)
    lead = signed_in("business_unit")
    refused = post(lead, f"/dashboard/reports/{reference}/notification",
                   recipient="national_panel", notified_on="", made_by="LADO, Riverside CSC")
    assert refused.status_code == 400 and 'value="LADO, Riverside CSC"' in text(refused)
    today = datetime.now(UTC).astimezone(settings.timezone).date().isoformat()
    assert post(lead, f"/dashboard/reports/{reference}/notification", recipient="ofsted",
                notified_on=today, made_by="LADO, Riverside CSC").status_code == 303
    page = text(lead.get(f"/dashboard/reports/{reference}"))
    assert "Statutory clocks" in page and "Notified Ofsted on" in page and "Met" in page
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(StatutoryNotification.made_by)) == "LADO, Riverside CSC"


def test_a_review_page_keeps_what_was_typed_on_an_error(database, settings, signed_in):
    ids = learning_loop_for(database, a_report(database, settings))
    lead = signed_in("learning_lead")
    refused = post(lead, f"/dashboard/reviews/{ids['review']}/terms", scope="",
                   method="<i>Systems</i> approach", complete_by="soon")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "&lt;i&gt;Systems&lt;/i&gt; approach" in page
    assert "Say what the review will look at" in text(refused)
    assert post(lead, f"/dashboard/reviews/{ids['review']}/terms", scope="Six months",
                panel_roles="Designated nurse, DCI").status_code == 303
    assert "Designated nurse, DCI" in text(lead.get(f"/dashboard/reviews/{ids['review']}"))


def test_the_actions_list_escapes_every_word_and_marks_the_overdue(database, settings,
                                                                  signed_in):
    ids = learning_loop_for(database, a_report(database, settings))
    with database.unit_of_work() as uow:
        action = uow.session.get(Action, ids["action"])
        action.what = "Brief <script>alert(1)</script> & " + "every team " * 20
        action.owner_name = "<b>MASH</b> manager"
        action.due_on = datetime(2020, 1, 6, tzinfo=UTC).date()
        uow.session.get(LearningItem, ids["item"]).title = "Named <i>inboxes</i>"
        uow.session.add(Agency(name='Youth "Offending" <Team> & Co', agency_type=AgencyType.OTHER))
        uow.commit()
    page = signed_in("learning_lead").get("/dashboard/actions").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<b>MASH" not in page
    # The agency filter's options are written in Python (forms.templating.option_tags).
    assert re.search(
        r'<option value="\d+">Youth &#34;Offending&#34; &lt;Team&gt; &amp; Co</option>', page)
    assert "Brief &lt;script&gt;alert(1)&lt;/script&gt; &amp; every team" in page
    assert "every team every...</a>" in page  # shortened at a word, as truncate does
    assert "&lt;b&gt;MASH&lt;/b&gt; manager" in page and "Named &lt;i&gt;inboxes&lt;/i&gt;" in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert "due 6 Jan 2020." in page
