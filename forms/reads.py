"""One unit of work a request for what it only reads: who is signed in, the navigation's
count of unread replies and a page's own figures share one session, and most requests one
connection and one transaction, instead of taking a connection from the pool (and checking
it) three times.

Nothing is written through it but the sign-in check's change to its own session row (its
last use, at most once a minute, or its end), which commits at once; the reads after that
take a connection again. A page that writes still opens its own unit of work. The request's
end closes it, whatever happened.
"""

from __future__ import annotations

import logging

from flask import Flask, g
from sqlalchemy.exc import SQLAlchemyError

from forms import services
from storage.database import UnitOfWork

log = logging.getLogger(__name__)


def request_reads() -> UnitOfWork:
    """This request's unit of work for reading, opened on first use."""
    if "reads" not in g:
        g.reads = services().database.unit_of_work().__enter__()
    return g.reads


def _close_reads(_error: BaseException | None) -> None:
    reads = g.pop("reads", None)
    if reads is None:
        return
    try:
        reads.__exit__(None, None, None)
    except SQLAlchemyError as failed:
        # The page is already answered; a database gone away mid-request only loses the
        # connection. The class only: an error's text could quote what was read.
        log.warning("closing a request's reads failed: %s", type(failed).__name__)


def close_reads_after_each_request(app: Flask) -> None:
    app.teardown_request(_close_reads)
