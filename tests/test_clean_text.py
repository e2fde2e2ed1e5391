"""Text pasted from other systems is stored the same way on SQLite and PostgreSQL (issue 13.4)."""

import re

from sqlalchemy import select

from learning.reports.clean_text import clean_text
from storage.models import Report, ReportMessage
from learning.people.accounts import add_account
from tests.dashboard.conftest import PASSWORD, sign_in
from tests.test_conversation import Chat, complete_report
from tests.web import report_through_the_form, token

REFERENCE = re.compile(r"LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")
CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")
# A form post can carry NUL and control characters; only JSON (chat platforms) a lone surrogate.
PASTED = "The referral\x00 form\x1b[0m was\r\nsent twice to the old mailbox."
CLEAN = "The referral form[0m was\nsent twice to the old mailbox."


def stored_text(database) -> list[str]:
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        messages = [m.body for m in uow.session.scalars(select(ReportMessage))]
        return [report.what_happened, report.what_stopped_harm or "", *messages]


def test_clean_text_keeps_words_and_line_breaks_and_drops_what_cannot_be_stored():
    assert clean_text(PASTED) == CLEAN
    assert clean_text("broken \ud83d emoji") == "broken  emoji"
    assert clean_text("tab\tand\nnew line, é, 😀") == "tab\tand\nnew line, é, 😀"


def test_a_web_report_with_a_nul_byte_is_sent_and_stored_clean(client, database):
    done = report_through_the_form(client, what_happened=PASTED, what_stopped_harm="Rang\x00 her")
    assert "Report sent" in done
    assert stored_text(database)[:2] == [CLEAN, "Rang her"]


def test_a_follow_up_reply_and_a_lead_message_are_stored_clean(app, client, database):
    done = report_through_the_form(client, identity_mode="anonymous")
    reference = REFERENCE.search(done).group(0)
    reader = app.test_client()
    reader.post("/follow-up", data={"case_key": CASE_KEY.search(done).group(0),
                                    "csrf_token": token(reader, "/follow-up")})
    sent = reader.post("/follow-up/report", data={"reply": "Yes\x00, the Tuesday one.",
                                                  "csrf_token": token(reader, "/follow-up/report")})
    assert sent.status_code == 303
    with database.unit_of_work() as uow:
        add_account(uow, "lead@riverside.example", "learning_lead", password=PASSWORD)
    lead = app.test_client()
    assert sign_in(lead, "lead@riverside.example").status_code == 303
    page = f"/dashboard/reports/{reference}"
    said = lead.post(f"{page}/message", data={"message": "Thank you\x00 for this.",
                                              "csrf_token": token(lead, page)})
    assert said.status_code == 303
    assert stored_text(database)[2:] == ["Yes, the Tuesday one.", "Thank you for this."]


def test_a_chat_report_with_a_nul_byte_is_stored_clean(database, settings):
    chat = Chat(database, settings)
    complete_report(chat, what="The invitation\x00 went to an \ud83dold mailbox.")
    chat.say("send")
    assert stored_text(database)[0] == "The invitation went to an old mailbox."
