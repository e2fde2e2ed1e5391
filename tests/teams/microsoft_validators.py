"""Microsoft's own checks, run by Node: Adaptive Cards through the `adaptivecards` library and
the app manifest through the official Teams schema (tests/teams/validator). One Node process
answers a whole test run, one JSON line per question.

When Node or the validator's node_modules are missing (`npm ci --prefix tests/teams/validator`),
the tests that need them are skipped, saying why; CI has both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent / "validator"


def unavailable() -> str | None:
    """Why Microsoft's validators cannot run here, or None when they can."""
    if shutil.which("node") is None:
        return "Node is not installed, so Microsoft's card and manifest validators cannot run"
    if not (FOLDER / "node_modules" / "adaptivecards").is_dir():
        return "Microsoft's validators are not installed: npm ci --prefix tests/teams/validator"
    return None


class MicrosoftValidators:
    def __init__(self) -> None:
        self._node = subprocess.Popen(
            [shutil.which("node") or "node", str(FOLDER / "validate.js")], cwd=FOLDER,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self._lock = threading.Lock()

    def card_problems(self, card: dict[str, Any]) -> list[str]:
        """What the adaptivecards library finds wrong with `card`; empty when it is valid."""
        return self._ask({"card": card})

    def manifest_problems(self, manifest: dict[str, Any]) -> list[str]:
        """What the Teams schema for the manifest's manifestVersion finds wrong with it."""
        return self._ask({"manifest": manifest})

    def close(self) -> None:
        if self._node.stdin:
            self._node.stdin.close()
        self._node.wait(timeout=10)

    def _ask(self, request: dict[str, Any]) -> list[str]:
        with self._lock:
            assert self._node.stdin and self._node.stdout
            self._node.stdin.write(json.dumps(request) + "\n")
            self._node.stdin.flush()
            answer = self._node.stdout.readline()
        if not answer:
            raise RuntimeError("the Node validator stopped")
        return json.loads(answer)["problems"]
