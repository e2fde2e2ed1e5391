"""What the running application hands to every adapter: settings, database, messengers,
and the threads for work done after answering."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from learning.background import BackgroundWork
from learning.messaging import Messenger, NuggetNotice
from learning.settings import Settings
from storage.database import Database
from storage.vocabulary import Platform


@dataclass(frozen=True)
class Services:
    """Built once by `app.create_app`; found at `current_app.extensions["learnloop"]`."""

    settings: Settings
    database: Database
    # The configured channels' outbound messengers (chat platforms, email); empty when none is.
    messengers: dict[Platform, Messenger] = field(default_factory=dict)
    # Each chat platform's own rendering of a nugget (Slack's blocks, Teams' card), handed in
    # by app.py so the dashboard preview shows what they will really show: forms can't
    # import bot/. Set whether or not the platform is configured.
    nugget_renderings: dict[str, Callable[[NuggetNotice], Any]] = field(default_factory=dict)
    # Posts made after the reporter has their answer; drained when the app stops.
    background: BackgroundWork = field(default_factory=BackgroundWork)
