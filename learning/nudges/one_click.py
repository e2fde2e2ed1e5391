"""One-click links: an email's buttons, signed, expiring, and good for one use.

A link names a purpose ("read", "unsubscribe", ...), a subject id (a delivery, a person, an
action) and optionally a choice ("yes", an answer's number). It is signed with a key derived
from SECRET_KEY, so nothing is stored when a mail is sent; using it stores a digest of
(purpose, subject, nonce) in `used_links`. Links minted for one mail share a nonce, so the
alternatives of one question (Useful yes / no, each check answer) are used up together.

Opening a link (GET) only describes what it will do: mail scanners fetch every link in a
message, so only the POST from the page (or a mail client's RFC 8058 one-click POST) acts.
New purposes join `KINDS`; an action reminder's presses (learning.improvement.action_links)
and a training reminder's Book (learning.nudges.booking_links) live beside their rules.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from learning.improvement import action_links
from learning.nudges import booking_links
from learning.evaluation.pulse_links import (answer_course_link, answer_pulse_link,
                                             describe_course_link, describe_pulse_link)
from learning.nudges.nuggets import NuggetAction, acknowledge_delivery
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Person
from storage.models.nudges import Delivery, Preference, UsedLink

SIGNATURE_BYTES = 16  # 128 bits: far beyond guessing, and a link short enough to print


class LinkState(StrEnum):
    READY = "ready"
    USED = "used"
    EXPIRED = "expired"
    BROKEN = "broken"  # not ours, altered, or what it was for is gone


@dataclass(frozen=True)
class Link:
    purpose: str
    subject: int
    choice: str | None
    expires: datetime
    nonce: str


@dataclass(frozen=True)
class LinkKind:
    # What pressing the button will do, in the person's words; None when the subject is gone.
    describe: Callable[[Session, Link], str | None]
    # Do it; returns what to tell them.
    carry_out: Callable[[Session, Link, datetime, Settings], str]
    # RFC 8058: a mail client may use it with one POST, without the page.
    one_click_post: bool = False


@dataclass(frozen=True)
class LinkView:
    state: LinkState
    purpose: str | None = None
    what: str | None = None
    done: str | None = None


def new_nonce() -> str:
    return secrets.token_urlsafe(6)


def expiry(settings: Settings, now: datetime) -> datetime:
    return now + timedelta(days=settings.one_click_link_days)


def link_token(settings: Settings, link: Link) -> str:
    payload = ".".join((link.purpose, str(link.subject), link.choice or "-",
                        str(int(link.expires.timestamp())), link.nonce))
    return f"{payload}.{_signature(settings, payload)}"


def read_link(settings: Settings, token: str, *,
              purposes: Collection[str] = ()) -> Link | None:
    """The link a token names, if we signed it for one of `purposes` (by default a button's,
    in KINDS); None for anything else."""
    parts = token.split(".")
    if len(parts) != 6:
        return None
    purpose, subject, choice, expires, nonce, signature = parts
    payload = ".".join(parts[:5])
    if not hmac.compare_digest(signature, _signature(settings, payload)):
        return None
    if purpose not in (purposes or KINDS) or not subject.isdigit() or not expires.isdigit():
        return None
    return Link(purpose, int(subject), None if choice == "-" else choice,
                datetime.fromtimestamp(int(expires), UTC), nonce)


def page_link_subject(settings: Settings, token: str, purpose: str, *,
                      now: datetime) -> int | None:
    """Whom a link to a page is for (a person's preferences), until it expires: signed like
    the buttons, but a page may be opened as often as they like, so no use is recorded."""
    link = read_link(settings, token, purposes=(purpose,))
    return link.subject if link is not None and now < link.expires else None


def look_up_link(session: Session, settings: Settings, token: str, *,
                 now: datetime) -> LinkView:
    """What a link will do, changing nothing: the page a GET shows."""
    link = read_link(settings, token)
    if link is None:
        return LinkView(LinkState.BROKEN)
    what = KINDS[link.purpose].describe(session, link)
    if what is None:
        return LinkView(LinkState.BROKEN, link.purpose)
    if session.get(UsedLink, _once_key(link)) is not None:
        return LinkView(LinkState.USED, link.purpose, what)
    if now >= link.expires:
        return LinkView(LinkState.EXPIRED, link.purpose, what)
    return LinkView(LinkState.READY, link.purpose, what)


def use_link(uow: UnitOfWork, settings: Settings, token: str, *, now: datetime,
             one_click_post: bool = False) -> LinkView:
    """Do what the link says, once; a second use (or a race with one) says it was used."""
    view = look_up_link(uow.session, settings, token, now=now)
    link = read_link(settings, token)
    if view.state is not LinkState.READY or link is None:
        return view
    kind = KINDS[link.purpose]
    if one_click_post and not kind.one_click_post:
        return LinkView(LinkState.BROKEN, link.purpose)
    if not _first_use(uow.session, link, now):
        return LinkView(LinkState.USED, link.purpose, view.what)
    done = kind.carry_out(uow.session, link, now, settings)
    uow.commit()
    return LinkView(LinkState.READY, link.purpose, view.what, done)


def forget_used_links(session: Session, settings: Settings, *, now: datetime) -> int:
    """Drop the record of links used longer ago than a link lasts: each has expired since,
    so its expiry refuses it without the record. Returns how many went."""
    cutoff = now - timedelta(days=settings.one_click_link_days)
    return session.execute(delete(UsedLink).where(UsedLink.used_at < cutoff)).rowcount


def _first_use(session: Session, link: Link, now: datetime) -> bool:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert
    added = session.execute(insert(UsedLink).values(
        once_key=_once_key(link), purpose=link.purpose, used_at=now)
        .on_conflict_do_nothing(index_elements=["once_key"]).returning(UsedLink.once_key))
    return added.first() is not None


def _once_key(link: Link) -> str:
    return hashlib.sha256(f"{link.purpose}:{link.subject}:{link.nonce}".encode()).hexdigest()


def _signature(settings: Settings, payload: str) -> str:
    key = hmac.new(settings.secret_key.encode(), b"learnloop one-click links",
                   hashlib.sha256).digest()
    mac = hmac.new(key, payload.encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


# The nugget buttons, and unsubscribing.

def _delivery(session: Session, link: Link) -> Delivery | None:
    delivery = session.get(Delivery, link.subject)
    return delivery if delivery is not None and delivery.nugget is not None else None


def _describe_nugget(words: Callable[[Delivery, str | None], str | None]) \
        -> Callable[[Session, Link], str | None]:
    def describe(session: Session, link: Link) -> str | None:
        delivery = _delivery(session, link)
        return words(delivery, link.choice) if delivery is not None else None
    return describe


def _answer_words(delivery: Delivery, choice: str | None) -> str | None:
    nugget = delivery.nugget
    if choice is None or not choice.isdigit() or int(choice) >= len(nugget.check_options):
        return None
    return f"Answer “{nugget.check_question}” with: {nugget.check_options[int(choice)]}"


def _useful_words(delivery: Delivery, choice: str | None) -> str | None:
    if choice not in ("yes", "no"):
        return None
    verdict = "useful" if choice == "yes" else "not useful"
    return f"Tell the learning group you found “{delivery.nugget.title}” {verdict}"


def _press(action: NuggetAction) -> Callable[[Session, Link, datetime, Settings], str]:
    def carry_out(session: Session, link: Link, now: datetime, settings: Settings) -> str:
        done = acknowledge_delivery(session, link.subject, action, link.choice, now=now,
                                    settings=settings)
        if action is NuggetAction.ANSWER and done.notice.check_feedback:
            return done.notice.check_feedback
        return "Thank you: that's recorded."
    return carry_out


def _describe_unsubscribe(session: Session, link: Link) -> str | None:
    if session.get(Person, link.subject) is None:
        return None
    return ("Stop LearnLoop's learning messages reaching you: nuggets, bulletins, training "
            "reminders and questions about them")


def _unsubscribe(session: Session, link: Link, now: datetime, settings: Settings) -> str:
    preference = session.scalar(select(Preference).where(Preference.person_id == link.subject))
    if preference is None:
        preference = Preference(person_id=link.subject)
        session.add(preference)
    if preference.unsubscribed_at is None:
        preference.unsubscribed_at = now
    return ("You're unsubscribed from LearnLoop's learning messages. What is about your own "
            "work still reaches you: a report you made, an action you own, a deadline you look "
            "after. Nuggets stay on the learning page. To start them again, open your preferences "
            "from the link at the foot of any email from LearnLoop.")


KINDS: dict[str, LinkKind] = {
    "read": LinkKind(_describe_nugget(lambda d, _: f"Mark “{d.nugget.title}” as read"),
                     _press(NuggetAction.READ)),
    "useful": LinkKind(_describe_nugget(_useful_words), _press(NuggetAction.USEFUL)),
    "discussed": LinkKind(
        _describe_nugget(lambda d, _: f"Record that you discussed “{d.nugget.title}” "
                                      "with your team"), _press(NuggetAction.DISCUSSED)),
    "answer": LinkKind(_describe_nugget(_answer_words), _press(NuggetAction.ANSWER)),
    "unsubscribe": LinkKind(_describe_unsubscribe, _unsubscribe, one_click_post=True),
    action_links.PURPOSE: LinkKind(action_links.describe_press, action_links.press_by_link),
    booking_links.PURPOSE: LinkKind(booking_links.describe_booking, booking_links.book_by_link),
    # "Have you used it in your practice?", weeks later (learning.evaluation).
    "pulse": LinkKind(describe_pulse_link, answer_pulse_link),
    "course_useful": LinkKind(describe_course_link, answer_course_link),
}
