"""Serving the web app from `learnloop serve`: the listening socket, and what start-up says.

Each refusal is one line an operator can act on, never a traceback.
"""

from __future__ import annotations

import errno
import os

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from learning.people.accounts import FIRST_ACCOUNT_COMMAND, no_account_yet
from storage.database import Database


class CannotListen(RuntimeError):
    """The port cannot be had; the message says why and what to do."""


def chosen_port(option: int | None, environment: str | None) -> int:
    """--port, else $PORT, else 8000."""
    if option is not None:
        return option
    text = (environment or "").strip() or "8000"
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise CannotListen(f"PORT must be a number from 1 to 65535, not {text!r}")
    return int(text)


def listening_server(app: Flask, *, host: str, port: int
                     ) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server already bound to host:port, to `run()` once the clock is going."""
    try:
        return create_server(app, host=host, port=port, threads=8, ident="LearnLoop")
    except OSError as problem:
        if problem.errno == errno.EADDRINUSE:
            why = ("another program is already using it: stop that program, or choose another "
                   "port with --port or PORT")
        else:
            why = os.strerror(problem.errno) if problem.errno else str(problem)
        raise CannotListen(f"cannot listen on {host}:{port}: {why}") from None


def first_account_advice(database: Database) -> str | None:
    """How to add the first account, while there is none; None once anyone can sign in."""
    try:
        with database.unit_of_work() as uow:
            empty = no_account_yet(uow)
    except SQLAlchemyError:
        return None  # an unreachable database is reported where it is used, not here
    if not empty:
        return None
    return ("No dashboard account exists yet. Add the first admin (you are asked for a "
            f"password) with:\n  {FIRST_ACCOUNT_COMMAND}")
