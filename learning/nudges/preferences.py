"""A person's own say over their nudges: pause them all until a date, quiet hours, and the
channel they would rather hear on. Slack's App Home, a Teams card and a web page reached by
a signed link all call these; `time_for_people` and `recipients` honour what is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from learning.nudges.one_click import Link, expiry, link_token, new_nonce, page_link_subject
from learning.nudges.recipients import reachable_on
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Person
from storage.models.nudges import Preference

# A pause longer than this is leave, which an admin records; the scheduler looks a year ahead.
LONGEST_PAUSE_DAYS = 365
CHANNEL_NAMES = {"slack": "Slack", "teams": "Microsoft Teams", "email": "Email"}
NO_PREFERENCE = ""
LINK_PURPOSE = "preferences"


@dataclass(frozen=True)
class Typed:
    """What the person entered, as text, so any channel can show it back after an error."""

    paused_until: str = ""  # YYYY-MM-DD, or empty for no pause
    quiet_from: str = ""  # HH:MM
    quiet_until: str = ""
    preferred_channel: str = NO_PREFERENCE


@dataclass(frozen=True)
class YourPreferences:
    person_id: int
    name: str
    typed: Typed
    # (value, words) the person may choose from, "no preference" first.
    channels: list[tuple[str, str]]
    problems: dict[str, str] = field(default_factory=dict)
    # The day they used an unsubscribe link: no learning reaches them until they start again.
    unsubscribed_on: date | None = None


class PreferencesRefused(ValueError):
    """Not saved: `preferences.problems` says what to fix; `preferences.typed` is kept."""

    def __init__(self, preferences: YourPreferences) -> None:
        super().__init__("; ".join(preferences.problems.values()))
        self.preferences = preferences


def your_preferences(uow: UnitOfWork, person_id: int, settings: Settings) -> YourPreferences | None:
    """What the person has saved, ready to show; None for someone LearnLoop does not know."""
    person = uow.session.get(Person, person_id)
    if person is None or not person.active:
        return None
    saved = person.preference
    typed = Typed() if saved is None else Typed(
        paused_until=saved.paused_until.isoformat() if saved.paused_until else "",
        quiet_from=_clock(saved.quiet_from), quiet_until=_clock(saved.quiet_until),
        preferred_channel=saved.preferred_channel or NO_PREFERENCE)
    stopped = saved.unsubscribed_at if saved else None
    return YourPreferences(person.id, person.name, typed, channel_choices(person, settings),
                           unsubscribed_on=stopped and stopped.astimezone(settings.timezone).date())


def start_learning_again(uow: UnitOfWork, person_id: int, settings: Settings) -> YourPreferences:
    """Undo an unsubscribe link: learning messages reach the person again from now on."""
    if your_preferences(uow, person_id, settings) is None:
        raise LookupError("We could not find you in LearnLoop. Ask your agency's admin.")
    saved = uow.session.get(Person, person_id).preference
    if saved is not None:
        saved.unsubscribed_at = None
    uow.commit()
    return your_preferences(uow, person_id, settings)


def save_preferences(uow: UnitOfWork, person_id: int, typed: Typed, *, settings: Settings,
                     now: datetime) -> YourPreferences:
    """Check and save; raises PreferencesRefused with every problem and what was typed."""
    current = your_preferences(uow, person_id, settings)
    if current is None:
        raise LookupError("We could not find you in LearnLoop. Ask your agency's admin.")
    today = now.astimezone(settings.timezone).date()
    problems = check_preferences(typed, today=today,
                                 channels={value for value, _ in current.channels})
    if problems:
        raise PreferencesRefused(replace(current, typed=typed, problems=problems))
    saved = uow.session.get(Person, person_id).preference or Preference(person_id=person_id)
    saved.paused_until = _day(typed.paused_until)
    saved.quiet_from, saved.quiet_until = _time(typed.quiet_from), _time(typed.quiet_until)
    saved.preferred_channel = typed.preferred_channel or None
    uow.session.add(saved)
    uow.commit()
    return replace(current, typed=typed)


def check_preferences(typed: Typed, *, today: date, channels: set[str]) -> dict[str, str]:
    """Every problem with what was typed, by field, in words the person can act on."""
    problems: dict[str, str] = {}
    if typed.paused_until.strip():
        paused = _day(typed.paused_until)
        if paused is None:
            problems["paused_until"] = "Enter the date to pause until, like 2027-01-04"
        elif paused < today:
            problems["paused_until"] = (f"{paused:%-d %B %Y} has passed: enter today or a later "
                                        "date, or leave it empty to get nudges as usual")
        elif paused > today + timedelta(days=LONGEST_PAUSE_DAYS):
            problems["paused_until"] = ("You can pause for up to a year. For longer leave, ask "
                                        "your agency's admin to record it")
    problems.update(_quiet_problems(typed))
    if typed.preferred_channel and typed.preferred_channel not in channels:
        problems["preferred_channel"] = (
            "Choose one of the channels listed" if len(channels) > 2 else
            "You can be reached on one channel here now, so there is no channel to choose: "
            "save again to keep your other choices")
    return problems


def _quiet_problems(typed: Typed) -> dict[str, str]:
    start, end = typed.quiet_from.strip(), typed.quiet_until.strip()
    if not start and not end:
        return {}
    found = {}
    for name, text in (("quiet_from", start), ("quiet_until", end)):
        if not text:
            found[name] = "Enter both times for quiet hours, or leave both empty"
        elif _time(text) is None:
            found[name] = "Enter a time like 18:00 (hours and minutes, 24-hour clock)"
    if found:
        return found
    begin, finish = _time(start), _time(end)
    if begin == finish:
        return {"quiet_until": "Quiet hours must end at a different time from when they start"}
    # Ending before starting is fine overnight (18:00 to 08:00); 11:00 to 10:00 is a slip.
    if finish < begin and not (begin >= time(12) and finish <= time(12)):
        return {"quiet_until": f"Quiet hours from {start} until {end} would last all night and "
                               "most of the day: enter an end time later than the start, or an "
                               "evening start and a morning end for overnight quiet hours"}
    return {}


def channel_choices(person: Person, settings: Settings) -> list[tuple[str, str]]:
    choices = [(NO_PREFERENCE, "No preference")]
    for where in reachable_on(person, settings):
        value = where.platform.value if where.platform else ""
        choices.append((value, CHANNEL_NAMES.get(value, value.title())))
    return choices


def preferences_link(settings: Settings, person_id: int, *, now: datetime | None = None) -> str:
    """The signed web address of one person's preferences page, made like every link in a
    message (`learning.nudges.one_click`): it lasts ONE_CLICK_LINK_DAYS and opens as often as
    they like. Links made before (itsdangerous tokens) are answered as expired, with the way
    to a new one."""
    link = Link(LINK_PURPOSE, person_id, None, expiry(settings, now or datetime.now(UTC)),
                new_nonce())
    return f"{settings.base_url.rstrip('/')}/preferences/{link_token(settings, link)}"


def person_from_link(settings: Settings, token: str, *, now: datetime) -> int | None:
    """The person a preferences link was made for; None when it is forged or out of date."""
    return page_link_subject(settings, token, LINK_PURPOSE, now=now)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _time(text: str) -> time | None:
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        return None


def _clock(moment: time | None) -> str:
    return f"{moment:%H:%M}" if moment else ""
