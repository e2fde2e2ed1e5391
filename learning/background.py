"""Work done after the person who caused it has their answer, on a few threads the app owns.

Posting a new report to the learning group's channels, or refreshing those posts after a
triage step, waits on Slack or Teams; the reporter's confirmation page must not. Each app
builds one `BackgroundWork` (see `learning.services.Services`) and drains it as it stops, so
no post is cut off and nothing is left running between one test and the next. (Under
gunicorn, a worker's interpreter waits for the pool's threads as it exits, as it does for
every `concurrent.futures` pool.)

Why threads and not the outbox: a new report's post must reach the learning group at once
even where the clock runs as its own process, and it must record its message id at once so
the next triage step updates that same post in place.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

log = logging.getLogger(__name__)

# Enough for a burst of reports to reach both platforms without one slow connector
# holding up the rest; more would only queue on the platforms' rate limits.
WORKERS = 4


class BackgroundWork:
    """A bounded pool of threads whose work can be waited for: `drain`, then `shutdown`."""

    def __init__(self, workers: int = WORKERS) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="after-answer")
        self._pending: set[Future[None]] = set()
        self._lock = threading.Lock()

    def submit(self, work: Callable[..., object], /, *args: object, **kwargs: object) -> None:
        """Run `work(*args, **kwargs)` soon; a failure is logged by type only, since its
        message could quote a report."""
        def run() -> None:
            try:
                work(*args, **kwargs)
            except Exception as failure:  # noqa: BLE001 - no caller is left to tell
                log.error("work after answering failed: %s", type(failure).__name__)

        with self._lock:
            future = self._executor.submit(run)
            self._pending.add(future)
        future.add_done_callback(self._forget)

    def drain(self) -> None:
        """Wait until all work submitted so far, and any work it submitted, has finished."""
        while True:
            with self._lock:
                pending = {future for future in self._pending if not future.done()}
            if not pending:
                return
            wait(pending)

    def shutdown(self) -> None:
        """Finish what is under way, then stop: later work is refused."""
        self.drain()
        self._executor.shutdown(wait=True)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)
