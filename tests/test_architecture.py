"""Dependencies point inward: forms, bot, jobs -> learning -> storage; app.py wires them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
ADAPTERS = {"forms", "bot", "jobs"}
WEB_AND_CHAT_LIBRARIES = {"flask", "flask_wtf", "slack_bolt", "slack_sdk", "requests", "msal",
                          "waitress", "werkzeug"}


def imported_top_levels(package: str) -> dict[str, set[str]]:
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize("package, forbidden", [
    ("storage", {"learning", "app", *ADAPTERS, *WEB_AND_CHAT_LIBRARIES}),
    ("learning", {"app", *ADAPTERS, *WEB_AND_CHAT_LIBRARIES}),
    ("forms", {"app", "bot", "jobs"}),
    ("bot", {"app", "forms", "jobs"}),
    ("jobs", {"app", "forms", "bot"}),
])
def test_dependencies_point_inward(package, forbidden):
    offenders = {path: sorted(names & forbidden)
                 for path, names in imported_top_levels(package).items() if names & forbidden}
    assert offenders == {}
