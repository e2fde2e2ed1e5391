"""The app manifest asks for exactly the scopes the install flow asks for, and no more."""

from pathlib import Path

from bot.slack.ids import Callback
from bot.slack.oauth import BOT_SCOPES

MANIFEST = Path(__file__).parents[2] / "slack" / "manifest.yml"


def listed_under(key: str) -> list[str]:
    """The `- item` lines of the YAML list under `key:` (PyYAML is not a dependency)."""
    lines = [line for line in MANIFEST.read_text().splitlines()
             if not line.lstrip().startswith("#")]
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    items = []
    for line in lines[start + 1:]:
        if not line.strip().startswith("- "):
            break
        items.append(line.strip()[2:])
    return items


def test_the_manifest_asks_for_the_least_scopes_and_wires_every_feature():
    assert listed_under("bot") == list(BOT_SCOPES)
    assert "    user:" not in MANIFEST.read_text()
    assert set(listed_under("bot_events")) == {"app_home_opened", "message.im"}
    text = MANIFEST.read_text()
    assert f"callback_id: {Callback.REPORT_MESSAGE_SHORTCUT}" in text
    assert "command: /nearmiss" in text
    assert text.count("url: https://learnloop.example/slack/events") == 3
