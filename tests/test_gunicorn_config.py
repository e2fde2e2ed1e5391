"""The web workers gunicorn starts are ready for the first reporter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_web_worker_reads_the_given_names_before_its_first_request():
    # A fresh interpreter, as a freshly forked worker has never run the PII guard.
    script = (
        "import runpy\n"
        "from learning.privacy.pii.given_names import known_given_names\n"
        "hooks = runpy.run_path('gunicorn.conf.py')\n"
        "before = known_given_names.cache_info().currsize\n"
        "hooks['post_worker_init'](None)\n"
        "print(before, known_given_names.cache_info().currsize)\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                           text=True, check=True)
    assert shown.stdout.split() == ["0", "1"]
