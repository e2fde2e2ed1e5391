"""One unit of work a request for what it only reads: who is signed in, the navigation's
count of unread replies and a page's own figures share one connection and one transaction,
instead of taking a connection from the pool (and checking it) three times.

Nothing is written through it but the sign-in check's own last-use mark, which commits
itself. A page that writes still opens its own unit of work. The request's end closes it,
whatever happened.
"""

from __future__ import annotations

from flask import Flask, g

from forms import services
from storage.database import UnitOfWork


def request_reads() -> UnitOfWork:
    """This request's unit of work for reading, opened on first use."""
    if "reads" not in g:
        g.reads = services().database.unit_of_work().__enter__()
    return g.reads


def _close_reads(_error: BaseException | None) -> None:
    reads = g.pop("reads", None)
    if reads is not None:
        reads.__exit__(None, None, None)


def close_reads_after_each_request(app: Flask) -> None:
    app.teardown_request(_close_reads)
