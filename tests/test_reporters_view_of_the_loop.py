"""The reporters' view of the loop on the follow-up page: after "you said, we did", one
optional question, "would you report something like this again?", kept with the report and
nothing else; an anonymous reporter stays anonymous."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select

from learning.reports import triage
from storage.models import Report
from storage.models.evaluation import ReportAgain, ReporterFeedback
from tests.people import an_account, load_account
from tests.test_web_follow_up import anonymous_report, open_with, page
from tests.web import token

QUESTION = "Would you report something like this again?"


def close(database, reference, *, outcome: str | None = "Strategy meetings now invite the "
                                                           "school nurse.") -> None:
    lead = an_account(database, "lead@x.example", "learning_lead")
    now = datetime.now(UTC)
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        by = load_account(uow.session, lead)
        triage.acknowledge(uow.session, report, by=by, now=now)
        if outcome is None:
            triage.close_no_further_action(uow.session, report, by=by, now=now,
                                           reason="Already in hand")
        else:
            triage.start_review(uow.session, report, by=by, now=now)
            triage.identify_learning(uow.session, report, by=by, now=now)
            triage.close(uow.session, report, by=by, now=now, you_said_we_did=outcome)
        uow.commit()


def answer(reader, choice: str):
    return reader.post("/follow-up/report-again",
                       data={"report_again": choice,
                             "csrf_token": token(reader, "/follow-up/report")})


def feedback(database) -> list[ReporterFeedback]:
    with database.unit_of_work() as uow:
        return list(uow.session.scalars(select(ReporterFeedback)))


def test_the_question_is_asked_only_after_you_said_we_did(app, client, database):
    case_key, reference = anonymous_report(client)
    reader = app.test_client()
    open_with(reader, case_key)
    assert QUESTION not in page(reader.get("/follow-up/report"))
    refused = answer(reader, "yes")
    assert refused.status_code == 400 and "out of date" in page(refused)
    assert feedback(database) == []

    close(database, reference)
    shown = page(reader.get("/follow-up/report"))
    assert QUESTION in shown
    assert "Answering is optional" in shown and "Anonymous reports stay anonymous" in shown


def test_a_close_with_no_further_action_does_not_ask(app, client, database):
    case_key, reference = anonymous_report(client)
    close(database, reference, outcome=None)
    reader = app.test_client()
    open_with(reader, case_key)
    assert QUESTION not in page(reader.get("/follow-up/report"))


def test_an_anonymous_answer_is_kept_with_the_report_and_nothing_that_identifies(
        app, client, database):
    case_key, reference = anonymous_report(client)
    close(database, reference)
    reader = app.test_client()
    open_with(reader, case_key)

    saved = answer(reader, "yes")
    assert saved.status_code == 303
    after = page(reader.get(saved.location))
    assert "your answer is saved with the report" in after
    assert 'value="yes" checked' in after and "You can change your answer." in after
    [row] = feedback(database)
    with database.unit_of_work() as uow:
        report_id = uow.session.scalar(select(Report.id).where(Report.reference == reference))
    assert (row.report_id, row.would_report_again) == (report_id, ReportAgain.YES)
    stored = {c.key: getattr(row, c.key) for c in ReporterFeedback.__table__.columns}
    assert set(stored) == {"id", "report_id", "would_report_again", "answered_at"}
    assert case_key not in json.dumps(stored, default=str)

    # One answer per report: a second replaces the first.
    assert answer(reader, "no").status_code == 303
    [changed] = feedback(database)
    assert changed.id == row.id and changed.would_report_again is ReportAgain.NO


def test_no_choice_says_what_to_do_and_keeps_the_page(app, client, database):
    case_key, reference = anonymous_report(client)
    close(database, reference)
    reader = app.test_client()
    open_with(reader, case_key)
    missing = answer(reader, "")
    assert missing.status_code == 400
    shown = page(missing)
    assert "Error: " in shown and "Choose yes, not sure or no" in shown and QUESTION in shown
    assert feedback(database) == []


def test_an_answer_after_the_follow_up_timed_out_asks_for_the_case_key(app, client, database):
    case_key, reference = anonymous_report(client)
    close(database, reference)
    stranger = app.test_client()
    refused = stranger.post("/follow-up/report-again",
                            data={"report_again": "yes", "csrf_token": token(stranger,
                                                                             "/follow-up")})
    assert "Enter your case key again" in page(refused)
    assert feedback(database) == []
