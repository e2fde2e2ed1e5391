"""The Teams app package: manifest.json and two icons, zipped, ready to upload to Teams.

`learnloop teams manifest` writes it for the configured MICROSOFT_APP_ID; the app id is
also the bot id, as Teams expects for a single-bot app.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.teams.icons import ACCENT, colour_icon, outline_icon
from learning.settings import Settings

MANIFEST_VERSION = "1.17"
APP_VERSION = "1.0.0"
APP_NAME = "LearnLoop"
# The manifest schema's own limits: an app id is a GUID; developer name 32, full name 100.
_GUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
DEVELOPER_NAME_MAX = 32
FULL_NAME_MAX = 100


def manifest(settings: Settings) -> dict[str, Any]:
    if not settings.microsoft_app_id:
        raise ValueError("MICROSOFT_APP_ID is not set: the package names the bot by it")
    if not _GUID.match(settings.microsoft_app_id):
        raise ValueError("MICROSOFT_APP_ID must be the bot's Microsoft App ID, a GUID such as "
                         "00000000-0000-0000-0000-000000000000")
    site = settings.base_url.rstrip("/")
    partnership = settings.partnership_name
    return {
        "$schema": "https://developer.microsoft.com/en-us/json-schemas/teams/"
                   f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json",
        "manifestVersion": MANIFEST_VERSION,
        "version": APP_VERSION,
        "id": settings.microsoft_app_id,
        "developer": {"name": _in_words(partnership, DEVELOPER_NAME_MAX), "websiteUrl": site,
                      "privacyUrl": site, "termsOfUseUrl": site},
        "name": {"short": APP_NAME, "full": _full_name(partnership)},
        "description": {
            "short": "Report near misses and good practice, without blame."[:80],
            "full": (f"Report a near miss, a concerning incident or good practice to "
                     f"{settings.partnership_name}'s learning group, named, confidentially or "
                     f"anonymously, in about two minutes. If a child is at immediate risk, "
                     f"call 999 or make a referral first."),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [{
            "botId": settings.microsoft_app_id,
            "scopes": ["personal", "team"],
            "isNotificationOnly": False,
            "supportsFiles": False,
            "commandLists": [{"scopes": ["personal"], "commands": [
                {"title": "report", "description": "Report, one question at a time"},
                {"title": "form", "description": "Report with a form"},
                {"title": "cancel", "description": "Stop the report you are writing"},
            ]}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [urlsplit(site).hostname or ""],
    }


def _full_name(partnership: str) -> str:
    """"Riverside Safeguarding Partnership LearnLoop"; just "LearnLoop" when they are one."""
    if partnership.strip().casefold().endswith(APP_NAME.casefold()):
        return _in_words(partnership, FULL_NAME_MAX)
    return _in_words(partnership, FULL_NAME_MAX - len(APP_NAME) - 1) + f" {APP_NAME}"


def _in_words(text: str, most: int) -> str:
    """`text` cut to `most` characters at a space, never mid-word (a lone long word is cut)."""
    text = " ".join(text.split())
    if len(text) <= most:
        return text
    cut = text[: most + 1].rsplit(" ", 1)[0]
    return cut if len(cut) <= most and cut else text[:most]


def write_app_package(settings: Settings, path: Path) -> Path:
    """Write the zip to `path` (parents made as needed) and return where it went."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest(settings), indent=2))
        package.writestr("color.png", colour_icon())
        package.writestr("outline.png", outline_icon())
    return path
