"""The architecture, checked: dependencies point inward (forms, bot, jobs -> learning ->
storage; app.py wires them), adapters never import each other, Slack and Teams stay apart,
the web forms and chat listeners leave queries to `learning/`, and no module keeps state.

Each rule is a function of a source tree, so each is shown failing on a small tree made here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
ADAPTERS = {"forms", "bot", "jobs"}
WEB_AND_CHAT_LIBRARIES = {"flask", "flask_wtf", "slack_bolt", "slack_sdk", "requests", "msal",
                          "waitress", "werkzeug", "smtplib"}
# package -> the modules (and their sub-modules) it may not import
LAYERS = {
    "storage": {"learning", "app", *ADAPTERS, *WEB_AND_CHAT_LIBRARIES},
    "learning": {"app", *ADAPTERS, *WEB_AND_CHAT_LIBRARIES},
    "forms": {"app", "bot", "jobs"},
    "bot": {"app", "forms", "jobs"},
    "jobs": {"app", "forms", "bot"},
    "bot/slack": {"bot.teams"},
    "bot/teams": {"bot.slack"},
}
# Where a query would be an adapter doing `learning/`'s work: it calls a service instead.
NO_QUERIES = ["forms/**/*.py", "bot/slack/*_listeners.py", "bot/teams/handlers.py",
              "bot/teams/channel_actions.py", "bot/teams/nugget_actions.py",
              "bot/teams/personal_chat.py", "bot/conversation*.py", "bot/conversation/*.py"]
STATEFUL_PACKAGES = ["learning", "bot", "forms", "jobs"]
MUTABLE_MAKERS = {"dict", "list", "set", "defaultdict", "deque", "OrderedDict", "Counter"}
MUTATING_METHODS = {"add", "append", "clear", "discard", "extend", "insert", "pop", "popitem",
                    "remove", "setdefault", "update"}


def python_files(root: Path, patterns: Iterable[str]) -> Iterator[Path]:
    for pattern in patterns:
        yield from sorted(root.glob(pattern))


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(root: Path, path: Path) -> set[str]:
    """Every module the file imports, relative imports resolved to their absolute names.

    `from a import b` counts as importing both `a` and `a.b`, since b may be a module."""
    package = module_name(root, path).split(".")
    if path.name != "__init__.py":
        package.pop()
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = [*base, *([node.module] if node.module else [])]
            if module:
                found.add(".".join(module))
            found |= {".".join([*module, alias.name]) for alias in node.names}
    return found


def is_within(module: str, forbidden: str) -> bool:
    return module == forbidden or module.startswith(forbidden + ".")


def layer_violations(root: Path, layers: dict[str, set[str]]) -> dict[str, list[str]]:
    """file -> the forbidden modules it imports."""
    offenders = {}
    for package, forbidden in layers.items():
        for path in python_files(root, [f"{package}/**/*.py"]):
            bad = sorted(m for m in imported_modules(root, path)
                         if any(is_within(m, f) for f in forbidden))
            if bad:
                offenders[str(path.relative_to(root))] = bad
    return offenders


def query_violations(root: Path, patterns: Iterable[str]) -> set[str]:
    """Files that build a query: a call of `select(...)`, however it was imported."""
    offenders = set()
    for path in python_files(root, patterns):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            called = getattr(node, "func", None) if isinstance(node, ast.Call) else None
            name = getattr(called, "id", None) or getattr(called, "attr", None)
            if name == "select":
                offenders.add(str(path.relative_to(root)))
    return offenders


def _mutable_module_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        value = getattr(node, "value", None)
        maker = getattr(getattr(value, "func", None), "id", None)
        if isinstance(value, ast.Dict | ast.List | ast.Set) or maker in MUTABLE_MAKERS:
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _global_names(tree: ast.Module) -> set[str]:
    return {name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}


def _mutated_names(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MUTATING_METHODS and isinstance(node.func.value, ast.Name):
            yield node.func.value.id
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del) \
                and isinstance(node.value, ast.Name):
            yield node.value.id


def module_state_violations(root: Path, packages: Iterable[str]) -> dict[str, list[str]]:
    """file -> module-level names it changes after import (or declares `global`)."""
    offenders = {}
    for path in python_files(root, [f"{package}/**/*.py" for package in packages]):
        tree = ast.parse(path.read_text(), str(path))
        mutable = _mutable_module_names(tree)
        changed = sorted({n for n in _mutated_names(tree) if n in mutable} | _global_names(tree))
        if changed:
            offenders[str(path.relative_to(root))] = changed
    return offenders


def test_dependencies_point_inward_and_chat_platforms_stay_apart():
    assert layer_violations(ROOT, LAYERS) == {}


def test_web_forms_and_chat_listeners_leave_queries_to_learning():
    assert query_violations(ROOT, NO_QUERIES) == set()


def test_no_module_keeps_state_between_requests_or_jobs():
    assert module_state_violations(ROOT, STATEFUL_PACKAGES) == {}


# Each rule, shown failing on a tree that breaks it.

def write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root


@pytest.mark.parametrize("files, offender, module", [
    ({"bot/__init__.py": "", "bot/slack/__init__.py": "", "bot/teams/__init__.py": "",
      "bot/slack/home.py": "from ..teams import cards\n"}, "bot/slack/home.py", "bot.teams.cards"),
    ({"bot/__init__.py": "", "bot/teams/__init__.py": "", "bot/slack/__init__.py": "",
      "bot/teams/cards.py": "from bot.slack.blocks import section\n"},
     "bot/teams/cards.py", "bot.slack.blocks"),
    ({"forms/__init__.py": "", "forms/report.py": "from bot.slack import receipt\n"},
     "forms/report.py", "bot.slack"),
    ({"bot/__init__.py": "", "bot/mail.py": "import forms.templating\n"},
     "bot/mail.py", "forms.templating"),
    ({"learning/__init__.py": "", "learning/reports/__init__.py": "",
      "learning/reports/post.py": "from ... import app\n"}, "learning/reports/post.py", "app"),
])
def test_a_forbidden_import_is_reported_relative_or_not(tmp_path, files, offender, module):
    violations = layer_violations(write(tmp_path, files), LAYERS)
    assert module in violations[offender]


def test_a_relative_import_resolves_to_its_absolute_module(tmp_path):
    write(tmp_path, {"bot/slack/home.py": "from . import blocks\nfrom .ids import Action\n"})
    found = imported_modules(tmp_path, tmp_path / "bot/slack/home.py")
    assert {"bot.slack", "bot.slack.blocks", "bot.slack.ids", "bot.slack.ids.Action"} <= found


@pytest.mark.parametrize("name, source", [
    ("forms/queue.py", "from sqlalchemy import select\nrows = select(Report)\n"),
    ("bot/slack/triage_listeners.py", "import sqlalchemy as sa\nrows = sa.select(Report)\n"),
    ("bot/teams/handlers.py", "def handle(s):\n    return s.scalars(select(Report))\n"),
    ("bot/conversation_steps.py", "q = select(Report)\n"),
])
def test_a_query_in_a_form_or_chat_listener_is_reported(tmp_path, name, source):
    assert query_violations(write(tmp_path, {name: source}), NO_QUERIES) == {name}


def test_a_query_elsewhere_in_bot_is_not_a_listeners_business(tmp_path):
    write(tmp_path, {"bot/slack/oauth.py": "q = select(Installation)\n"})
    assert query_violations(tmp_path, NO_QUERIES) == set()


@pytest.mark.parametrize("source, name", [
    ("_context: dict[str, object] = {}\ndef use(x):\n    _context.update(x=x)\n", "_context"),
    ("_running = set()\ndef start(t):\n    _running.add(t)\n", "_running"),
    ("_cache = {}\ndef remember(k, v):\n    _cache[k] = v\n", "_cache"),
    ("_app = None\ndef build():\n    global _app\n    _app = object()\n", "_app"),
])
def test_module_level_state_is_reported(tmp_path, source, name):
    write(tmp_path, {"jobs/tasks.py": source})
    assert module_state_violations(tmp_path, ["jobs"]) == {"jobs/tasks.py": [name]}


def test_a_constant_table_is_not_state(tmp_path):
    write(tmp_path, {"learning/words.py": "WORDS = {'a': 1}\ndef word(k):\n    return WORDS[k]\n"})
    assert module_state_violations(tmp_path, ["learning"]) == {}
