"""A real `learnloop clock` in its own process, sending to the stand-in platform, for the test
that runs two and kills the leader.

python -m tests.jobs.clock_process DATABASE_URL PLATFORM_URL INSTANCE_PATH
"""

from __future__ import annotations

import logging
import sys

from jobs.leadership import lead_when_possible
from learning.settings import load_settings
from storage.database import Database
from storage.vocabulary import Platform
from tests.jobs.platform import HttpMessenger


def main(database_url: str, platform_url: str, instance: str) -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    settings = load_settings({"DATABASE_URL": database_url, "SECRET_KEY": "test",
                              "LEARNLOOP_INSTANCE_PATH": instance})
    sys.exit(0 if lead_when_possible(settings, Database(settings.database_url),
                                     {Platform.SLACK: HttpMessenger(platform_url)},
                                     poll_seconds=1.0) else 1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
