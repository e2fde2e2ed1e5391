"""The checks a request to /slack/events passes before Bolt sees it.

Bolt parses the body before it checks the signature, so a malformed body from anyone would
reach its parser and fail as a 500. Here the signature is checked first, with slack_sdk's
verifier, and the body's shape second; a refusal is a plain 401 or 400 with nothing logged
but the reason's name.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs

from flask import Request, Response
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)


def refusal(request: Request, signing_secret: str) -> Response | None:
    """A 401 for an unsigned or badly signed request, a 400 for a malformed body, else None."""
    stamp = request.headers.get("X-Slack-Request-Timestamp", "")
    try:
        body = request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        return _refuse(400, "not UTF-8")
    if not stamp.isdigit() or not SignatureVerifier(signing_secret).is_valid(
            body, stamp, request.headers.get("X-Slack-Signature")):
        return _refuse(401, "signature missing or wrong")
    if not _well_formed(body, request.mimetype):
        return _refuse(400, "malformed body")
    return None


def _well_formed(body: str, mimetype: str) -> bool:
    try:
        if mimetype == "application/json":
            return isinstance(json.loads(body), dict)
        form = parse_qs(body, keep_blank_values=True)
        return "payload" not in form or isinstance(json.loads(form["payload"][0]), dict)
    except ValueError:  # json.JSONDecodeError is a ValueError
        return False


def _refuse(status: int, reason: str) -> Response:
    log.info("a request to /slack/events was refused: %s", reason)
    return Response(status=status)
