"""A notice as an email: a plain-text part and an HTML part, from the same pieces.

Every string from a person (a nugget's title and body, a course, a digest line) is escaped
for HTML and goes in as text; buttons are one-click links (learning.nudges.one_click) that
open a page with one button, because mail scanners follow every link. A report card is
never mailed: report text stays behind the dashboard's sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from html import escape

from learning.improvement import action_links
from learning.nudges import booking_links
from learning.nudges.briefing import briefing_html, briefing_text
from learning.messaging import (
    ActionReminder,
    CourseReaction,
    DeliveryError,
    Digest,
    Notice,
    NuggetNotice,
    PulseQuestion,
    TextNotice,
    TrainingReminder,
)
from learning.evaluation import course_reaction, pulse_answers

# (purpose, subject id, choice) -> the link's address.
LinkMaker = Callable[[str, int, "str | None"], str]
# Outlook and Gmail clip long lines and subjects; a subject says what it is in a glance.
SUBJECT_MAX = 150
PREFERENCES_WORDS = "Pause these, set quiet hours or choose where they reach you"


@dataclass
class Pieces:
    """What a mail says, as text; both parts are rendered from these."""

    subject: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    # (words, address): a button in HTML, a labelled link in text.
    buttons: list[tuple[str, str]] = field(default_factory=list)
    question: str | None = None
    answers: list[tuple[str, str]] = field(default_factory=list)
    small_print: list[str] = field(default_factory=list)
    # A nugget's 7-minute briefing, rendered (and sanitised) by learning.nudges.briefing.
    briefing_html: str = ""
    briefing_text: str = ""


def paragraphs_of(text: str) -> list[str]:
    """Plain text as paragraphs (a text notice from the learning group)."""
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def pieces_for(notice: Notice, link: LinkMaker, person_id: int | None = None) -> Pieces:
    """`person_id`: whom the mail is for; links that act for a person (Mark done, Book) are
    good for them only, and a mail without one carries a link to the page instead."""
    if isinstance(notice, NuggetNotice):
        return _nugget(notice, link)
    if isinstance(notice, TrainingReminder):
        return _training_reminder(notice, link, person_id)
    if isinstance(notice, Digest):
        paragraphs = []
        for section in notice.sections:
            paragraphs.append(section.heading)
            paragraphs += [f"• {line}" for line in section.lines]
        return Pieces(notice.title, notice.title, paragraphs, [("Open in LearnLoop", notice.link)])
    if isinstance(notice, ActionReminder):
        return _action_reminder(notice, link, person_id)
    if isinstance(notice, PulseQuestion):
        return _pulse(notice, link)
    if isinstance(notice, CourseReaction):
        question = course_reaction.question_words(notice)
        return Pieces(question, question, buttons=[
            (words, link("course_useful", notice.booking_id, answer))
            for answer, words in course_reaction.CHOICES])
    if isinstance(notice, TextNotice):
        return Pieces("A message from the learning group", "A message from the learning group",
                      paragraphs_of(notice.text))
    # Permanent, not a crash: the outbox records it and moves on to the next delivery.
    raise DeliveryError(f"a {type(notice).__name__} is never sent by email", permanent=True)


def _nugget(notice: NuggetNotice, link: LinkMaker) -> Pieces:
    subject = (f"A question again: {notice.title}" if notice.recheck
               else f"Learning nugget: {notice.title}")
    pieces = Pieces(subject, notice.title)
    subject_id = notice.delivery_id
    if not notice.recheck:
        # One Markdown source for every channel: the same rendering as the web page's.
        pieces.briefing_html = briefing_html(notice.briefing, heading_level=2)
        pieces.briefing_text = briefing_text(notice.briefing)
        about = [f"From {notice.source}"] if notice.source else []
        if notice.themes:
            about.append("Themes: " + ", ".join(notice.themes))
        pieces.small_print = [" · ".join(about)] if about else []
        pieces.buttons = [("Read", link("read", subject_id, None)),
                          ("Useful", link("useful", subject_id, "yes")),
                          ("Not useful", link("useful", subject_id, "no")),
                          ("Discussed with my team", link("discussed", subject_id, None))]
    if notice.check_question:
        pieces.question = notice.check_question
        pieces.answers = [(option, link("answer", subject_id, str(number)))
                          for number, option in enumerate(notice.check_options)]
    pieces.buttons.append(("Read it on the web", notice.web_url))
    return pieces


def _action_reminder(notice: ActionReminder, link: LinkMaker, person_id: int | None) -> Pieces:
    """The chat buttons (Mark done, or It has stuck / Not yet), as links for the owner."""
    pieces = Pieces(notice.heading, notice.heading, [notice.text])
    if person_id is not None and not notice.answered:
        presses = ([("It has stuck", "stuck"), ("Not yet", "not_stuck")]
                   if notice.stage == "stuck" else [("Mark done", "done")])
        pieces.buttons = [(words, link(action_links.PURPOSE, notice.action_id,
                                       action_links.link_choice(press, person_id)))
                          for words, press in presses]
    pieces.buttons.append(("Update it in LearnLoop", notice.link))
    return pieces


def _training_reminder(notice: TrainingReminder, link: LinkMaker,
                       person_id: int | None) -> Pieces:
    """A Book link for each session with places, as the chat reminder has a Book button."""
    heading = f"Overdue: {notice.heading}" if notice.overdue else notice.heading
    pieces = Pieces(heading, heading, [notice.text])
    if person_id is not None:
        pieces.buttons = [(f"Book {words}", link(booking_links.PURPOSE, event_id,
                                                 str(person_id)))
                          for event_id, words in notice.places]
    pieces.buttons.append(("Open in LearnLoop", notice.link))
    return pieces


def _pulse(notice: PulseQuestion, link: LinkMaker) -> Pieces:
    question = pulse_answers.question_words(notice)
    pieces = Pieces(question, question, [pulse_answers.why_asked(notice)])
    pieces.buttons = [(words, link("pulse", notice.pulse_id, answer.value))
                      for answer, words in pulse_answers.CHOICES]
    return pieces


def email_message(pieces: Pieces, *, sender: str, to: str, unsubscribe: str | None,
                  partnership: str, preferences: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = " ".join(pieces.subject.split())[:SUBJECT_MAX]
    message["From"] = sender
    message["To"] = to
    if unsubscribe:
        # RFC 2369 and RFC 8058: mail clients show their own unsubscribe button, which POSTs.
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(plain_text(pieces, unsubscribe, partnership, preferences))
    message.add_alternative(html(pieces, unsubscribe, partnership, preferences), subtype="html")
    return message


def plain_text(pieces: Pieces, unsubscribe: str | None, partnership: str,
               preferences: str | None = None) -> str:
    lines = [pieces.heading, "", *[f"{p}\n" for p in pieces.paragraphs]]
    lines += [pieces.briefing_text, ""] if pieces.briefing_text else []
    lines += pieces.small_print
    if pieces.question:
        lines += ["", f"Check your understanding: {pieces.question}",
                  "Choose your answer (each link opens a page with one button):"]
        lines += [f"  {number}. {words}: {address}"
                  for number, (words, address) in enumerate(pieces.answers, start=1)]
    if pieces.buttons:
        lines += ["", *[f"{words}: {address}" for words, address in pieces.buttons]]
    lines += ["", "--", f"From {partnership}, through LearnLoop."]
    if preferences:
        lines.append(f"{PREFERENCES_WORDS}: {preferences}")
    if unsubscribe:
        lines.append(f"To stop these emails: {unsubscribe}")
    return "\n".join(lines) + "\n"


BUTTON_STYLE = ("display:inline-block;margin:0 8px 8px 0;padding:8px 12px;background:#00703c;"
                "color:#ffffff;text-decoration:none;font-weight:bold")


def html(pieces: Pieces, unsubscribe: str | None, partnership: str,
         preferences: str | None = None) -> str:
    def anchor(words: str, address: str, style: str = BUTTON_STYLE) -> str:
        return f'<a href="{escape(address)}" style="{style}">{escape(words)}</a>'

    parts = [f"<h1 style=\"font-size:22px\">{escape(pieces.heading)}</h1>"]
    parts += [f"<p>{escape(p)}</p>" for p in pieces.paragraphs]
    parts += [pieces.briefing_html] if pieces.briefing_html else []
    parts += [f'<p style="color:#505a5f">{escape(p)}</p>' for p in pieces.small_print]
    if pieces.question:
        parts.append(f"<h2 style=\"font-size:18px\">Check your understanding: "
                     f"{escape(pieces.question)}</h2>")
        parts.append("<ol>" + "".join(f"<li>{anchor(words, address, '')}</li>"
                                      for words, address in pieces.answers) + "</ol>")
    if pieces.buttons:
        parts.append("<p>" + "".join(anchor(w, a) for w, a in pieces.buttons) + "</p>")
    footer = f"From {escape(partnership)}, through LearnLoop."
    if preferences:
        footer += f" {anchor(PREFERENCES_WORDS, preferences, 'color:#505a5f')}."
    if unsubscribe:
        footer += f" {anchor('Stop these emails', unsubscribe, 'color:#505a5f')}"
    parts.append(f'<hr><p style="color:#505a5f;font-size:14px">{footer}</p>')
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{escape(pieces.subject)}</title></head>"
            '<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.4;'
            'color:#0b0c0c">' + "".join(parts) + "</body></html>\n")
