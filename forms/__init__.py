"""The web pages: the public report form, anonymous follow-up, the dashboard and sign-in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from learning.services import Services


def services() -> Services:
    """The settings and database the app was created with."""
    return current_app.extensions["learnloop"]
