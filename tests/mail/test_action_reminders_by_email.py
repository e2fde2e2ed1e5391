"""An action's owner who has only email hears about it by email, escaped, with a link to it."""

from bot.mail.compose import email_message, pieces_for
from learning.messaging import ActionReminder


def test_an_action_reminder_becomes_a_mail_with_its_words_escaped_and_its_link():
    reminder = ActionReminder(action_id=7, stage="before", heading="Due in 7 days: <b>audit</b>",
                              text="Update the template & tell the MASH.",
                              link="http://127.0.0.1:8000/dashboard/actions/7")
    message = email_message(pieces_for(reminder, lambda *_: "unused"), sender="a@b.example",
                            to="owner@riverside.example", unsubscribe=None,
                            partnership="Riverside")
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    assert message["Subject"] == "Due in 7 days: <b>audit</b>"
    assert "Update the template & tell the MASH." in text
    assert "&lt;b&gt;audit&lt;/b&gt;" in page and "<b>audit</b>" not in page
    assert "Update the template &amp; tell the MASH." in page
    assert "http://127.0.0.1:8000/dashboard/actions/7" in text and reminder.link in page
