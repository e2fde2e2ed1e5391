"""What the running application hands to every adapter: settings, database, messengers,
and the threads for work done after answering."""

from __future__ import annotations

from dataclasses import dataclass, field

from learning.background import BackgroundWork
from learning.messaging import Messenger
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
    # Posts made after the reporter has their answer; drained when the app stops.
    background: BackgroundWork = field(default_factory=BackgroundWork)
