"""The themes pages over HTTP: counts that open their reports, signals decided, the vocabulary,
and classifying from the list with prior learning on the report page."""

import html
import re
from datetime import UTC, date, datetime

from flask import url_for
from sqlalchemy import select

from forms.themes_figures import KEPT_FIGURES, DrillDown
from learning.improvement.clusters import Period

from learning.reports.triage import find_report
from storage.models.themes import Signal, SignalKind, SignalState, Theme, ThemeState
from tests.dashboard.reports import a_report
from tests.web import token


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post(client, url, **form):
    return client.post(url, data={**form, "csrf_token": token(client, "/report")})


def classify(client, reference, *themes, new_themes="", factors=("recording",)):
    """Classified as a lead would, keeping the agencies the reporter named."""
    app = client.application
    with app.extensions["learnloop"].database.unit_of_work() as uow:
        agency_ids = [str(a.id) for a in find_report(uow.session, reference).agencies]
    response = post(client, f"/dashboard/reports/{reference}/classify", kind="near_miss",
                    themes=list(themes), new_themes=new_themes, agency_ids=agency_ids,
                    contributing_factors=list(factors))
    assert response.status_code == 303, text(response)[:300]
    return response


def links(page: str, label: str) -> list[str]:
    """The queue links behind the numbers whose hidden label starts with `label`."""
    return re.findall(rf'href="([^"]+)">\d+<span class="govuk-visually-hidden"> reports, '
                      rf'{re.escape(label)}', page)


def test_every_number_opens_the_reports_behind_it(database, settings, signed_in):
    lead = signed_in("learning_lead")
    police = [a_report(database, settings) for _ in range(2)]
    school = a_report(database, settings, agency="Meadowbank Primary School")
    for reference in [*police, school]:
        classify(lead, reference, new_themes="Missed appointments")
    page = text(lead.get("/dashboard/themes"))
    assert '<svg class="learnloop-heatmap"' in page and "Reports by theme and month" in page
    this_month = datetime.now(UTC).astimezone(settings.timezone).strftime("%B %Y")
    by_month = links(page, f"missed appointments, {this_month}")
    by_agency = links(page, "missed appointments, Riverside Police")
    assert len(by_month) == 1 and len(by_agency) == 1
    queue = text(lead.get(html.unescape(by_month[0])))
    assert all(r in queue for r in [*police, school]) and "3 reports." in queue
    queue = text(lead.get(html.unescape(by_agency[0])))
    assert all(r in queue for r in police) and school not in queue
    factor = links(page, f"Recording, {this_month}")
    assert "3 reports." in text(lead.get(html.unescape(factor[0])))


def test_a_theme_named_beyond_ascii_reaches_the_page_as_utf8(database, settings, signed_in):
    """The figures are kept as the UTF-8 they are sent as and put into the page's own."""
    lead = signed_in("learning_lead")
    classify(lead, a_report(database, settings), new_themes="Children’s voice – école")
    response = lead.get("/dashboard/themes")
    assert response.mimetype == "text/html" and response.mimetype_params["charset"] == "utf-8"
    page = text(response)
    this_month = datetime.now(UTC).astimezone(settings.timezone).strftime("%B %Y")
    assert len(links(page, f"children’s voice – école, {this_month}")) == 1
    assert page.count("<title>") == 1 and page.rstrip().endswith("</html>")


def test_an_agency_lead_sees_their_agencys_counts_and_no_signals(database, settings, signed_in):
    lead = signed_in("learning_lead")
    classify(lead, a_report(database, settings), new_themes="Neglect")
    classify(lead, a_report(database, settings, agency="Meadowbank Primary School"),
             new_themes="Neglect, Bruising")
    page = text(signed_in("agency_lead").get("/dashboard/themes"))
    assert links(page, "neglect, whole period") and not links(page, "bruising")
    assert "Emerging clusters" not in page


def figures(page: str) -> str:
    return page[page.index('<h2 class="govuk-heading-m" id="themes">'):page.index("</main>")]


def test_a_kept_picture_is_never_shown_once_a_count_changes(database, settings, signed_in):
    """Each worker keeps the figures' HTML for the counts it was drawn from: the same counts
    draw it once, and a newly classified report is a new picture."""
    lead = signed_in("learning_lead")
    classify(lead, a_report(database, settings), new_themes="Neglect")
    first = text(lead.get("/dashboard/themes"))
    assert figures(first) == figures(text(lead.get("/dashboard/themes")))
    kept = lead.application.extensions[KEPT_FIGURES]
    assert len(kept) == 1
    classify(lead, a_report(database, settings), new_themes="Neglect")
    second = text(lead.get("/dashboard/themes"))
    assert len(kept) == 2
    whole = re.compile(r'>(\d+)<span class="govuk-visually-hidden"> reports, neglect, whole')
    assert whole.findall(first) == ["1"] and whole.findall(second) == ["2"]
    # A school's report: the learning lead now counts 3, the police's agency lead still 2,
    # the same counts as the lead's picture before it, so that picture is the one they get.
    classify(lead, a_report(database, settings, agency="Meadowbank Primary School"),
             new_themes="Neglect")
    assert whole.findall(text(lead.get("/dashboard/themes"))) == ["3"]
    police = text(signed_in("agency_lead").get("/dashboard/themes"))
    assert whole.findall(police) == ["2"] and figures(police) == figures(second)
    assert "Meadowbank" not in figures(police) and len(kept) == 3


def test_an_impossible_period_says_so_and_keeps_the_months_chosen(signed_in):
    response = signed_in("learning_lead").get("/dashboard/themes?from=2026-11&to=2026-09")
    page = text(response)
    assert response.status_code == 400 and page.count("<title>Error: ") == 1
    assert "The first month must be the same as or before the last month" in page
    assert re.search(r'<option value="2026-11" selected>', page)


def a_signal(database) -> int:
    with database.unit_of_work() as uow:
        signal = Signal(kind=SignalKind.RISING_THEME, subject="bruising",
                        window_start=date(2026, 11, 1), window_end=date(2026, 11, 30),
                        report_ids=[], agency_ids=[], observed=7, expected=1.0, p_value=0.0001,
                        statistic="7 reports in 30 days against a usual 1.0")
        uow.session.add(signal)
        uow.commit()
        return signal.id


def test_a_lead_dismisses_a_signal_with_a_reason_and_what_they_typed_survives(database,
                                                                            signed_in):
    signal_id = a_signal(database)
    lead = signed_in("learning_lead")
    assert "Rising theme: bruising" in text(lead.get("/dashboard/themes"))
    refused = post(lead, f"/dashboard/themes/signals/{signal_id}/accept", accepted_as=" ")
    assert refused.status_code == 400 and "Say what accepting it opens" in text(refused)
    refused = post(lead, f"/dashboard/themes/signals/{signal_id}/dismiss", reason="",
                   accepted_as="kept?")
    assert refused.status_code == 400 and "Give the reason" in text(refused)
    done = post(lead, f"/dashboard/themes/signals/{signal_id}/dismiss",
                reason="Two families <b>already</b> in the audit")
    assert done.status_code == 303
    page = lead.get(done.location).get_data(as_text=True)
    assert "Dismissed: Two families &lt;b&gt;already&lt;/b&gt; in the audit" in page
    with database.unit_of_work() as uow:
        assert uow.session.get(Signal, signal_id).state is SignalState.DISMISSED


def test_an_accept_refused_keeps_what_was_typed(database, signed_in):
    signal_id = a_signal(database)
    lead = signed_in("learning_lead")
    with database.unit_of_work() as uow:
        uow.session.get(Signal, signal_id).state = SignalState.ACCEPTED
        uow.commit()
    refused = post(lead, f"/dashboard/themes/signals/{signal_id}/dismiss",
                   reason="Typed before someone else decided")
    assert refused.status_code == 400 and "already been decided" in text(refused)


def test_an_admin_adds_folds_and_retires_themes(database, settings, signed_in):
    admin, lead = signed_in("admin"), signed_in("learning_lead")
    refused = post(admin, "/dashboard/themes/vocabulary", name="  ",
                   synonyms="dv, domestic violence")
    assert refused.status_code == 400 and 'value="dv, domestic violence"' in text(refused)
    assert post(admin, "/dashboard/themes/vocabulary", name="Domestic abuse",
                synonyms="DV").status_code == 303
    reference = a_report(database, settings)
    classify(lead, reference, "domestic abuse", new_themes="Coercive control")
    with database.unit_of_work() as uow:
        ids = dict(uow.session.execute(select(Theme.name, Theme.id)).all())
    page = text(admin.get("/dashboard/themes/vocabulary"))
    assert "Proposed by leads" in page and "coercive control" in page
    duplicate = post(admin, f"/dashboard/themes/vocabulary/{ids['coercive control']}/rename",
                     name="DV")
    assert duplicate.status_code == 400 and "already in the vocabulary" in text(duplicate)
    assert post(admin, f"/dashboard/themes/vocabulary/{ids['coercive control']}/merge",
                into=str(ids["domestic abuse"])).status_code == 303
    with database.unit_of_work() as uow:
        assert find_report(uow.session, reference).themes == ["domestic abuse"]
    assert post(admin, f"/dashboard/themes/vocabulary/{ids['domestic abuse']}/retire"
                ).status_code == 303
    with database.unit_of_work() as uow:
        assert uow.session.get(Theme, ids["domestic abuse"]).state is ThemeState.RETIRED


def test_the_report_page_offers_the_list_and_shows_prior_learning(database, settings, signed_in):
    admin, lead = signed_in("admin"), signed_in("learning_lead")
    post(admin, "/dashboard/themes/vocabulary", name="Bruising")
    earlier = a_report(database, settings)
    classify(lead, earlier, "bruising")
    for action, form in [("acknowledge", {}), ("start-review", {}), ("identify-learning", {}),
                         ("close", {"you_said_we_did": "The protocol is now in every induction."})]:
        assert post(lead, f"/dashboard/reports/{earlier}/{action}", **form).status_code == 303
    later = a_report(database, settings)
    page = text(lead.get(f"/dashboard/reports/{later}"))
    assert 'name="themes" type="checkbox" value="bruising"' in page
    assert "Prior learning on this theme" not in page
    classify(lead, later, "bruising")
    page = text(lead.get(f"/dashboard/reports/{later}"))
    assert "Prior learning on this theme" in page and earlier in page
    assert "The protocol is now in every induction." in page
    # A refused classification keeps the ticks and the typed proposal.
    refused = post(lead, f"/dashboard/reports/{later}/classify", kind="", themes=["bruising"],
                   new_themes="Safe sleep")
    page = text(refused)
    assert refused.status_code == 400 and 'value="Safe sleep"' in page
    assert re.search(r'value="bruising" checked', page)



def test_a_numbers_link_is_the_address_url_for_gives(app):
    period = Period(first=date(2026, 1, 1), last=date(2026, 12, 1))
    with app.test_request_context():
        drill = DrillDown(period)
        for where, first, last in [
                ({"theme": "voice of the child"}, "2026-01-01", "2026-12-31"),
                ({"theme": "a&b / c+d?é", "agency_id": 7, "month": date(2026, 3, 1)},
                 "2026-03-01", "2026-03-31"),
                ({"factor": "recording", "agency_id": 2}, "2026-01-01", "2026-12-31")]:
            expected = url_for("dashboard.queue", status="all", theme=where.get("theme"),
                               factor=where.get("factor"), agency=where.get("agency_id"),
                               **{"from": first, "to": last})
            assert drill(**where) == expected
