"""A real outbox worker in its own process, for the test that kills it with SIGKILL.

python -m tests.jobs.worker_process DATABASE_URL PLATFORM_URL INSTANCE_PATH
"""

from __future__ import annotations

import sys

from learning.nudges.outbox import Outbox
from learning.nudges.send_rate import SendRate
from learning.settings import load_settings
from storage.database import Database
from storage.vocabulary import Platform
from tests.jobs.platform import HttpMessenger
from tests.jobs.test_outbox import FAST_LIMITS


def main(database_url: str, platform_url: str, instance: str) -> None:
    settings = load_settings({"DATABASE_URL": database_url, "SECRET_KEY": "test",
                              "LEARNLOOP_INSTANCE_PATH": instance})
    database = Database(settings.database_url)
    outbox = Outbox(database, {Platform.SLACK: HttpMessenger(platform_url)}, settings,
                    send_rate=SendRate(FAST_LIMITS))
    while True:
        outbox.send_due(batch=20)


if __name__ == "__main__":
    main(*sys.argv[1:4])
