"""The PII guard's as-you-type check on a 5,000-character report, against the guard as it was.

Baseline: learning/privacy/pii.py at commit 7982c7f (before issue 15), read from git and
loaded as a module of its own, so both run in the same process on the same text. The text
is report sentences from tests/pii_corpus (names, dates, numbers and the field's capitalised
vocabulary) joined to 5,000 characters. Each guard is warmed up once (the new one reads its
given-name dictionary then), and the time is the median of the runs.
Memory: in a fresh interpreter for each guard, RSS before importing it and after importing
it and checking the text once; the difference is what it adds to a worker.
Run from the repository root: .venv/bin/python -m bench.pii_guard [--runs N]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from types import ModuleType

BASELINE_COMMIT = "7982c7f"
TODAY = date(2026, 5, 1)
LENGTH = 5_000


def report_text() -> str:
    from tests.pii_corpus.build import build_corpus

    corpus = build_corpus()
    random.Random(10).shuffle(corpus)  # a mix of every kind of detail and of clean texts
    text = ""
    for item in corpus:
        if len(text) >= LENGTH:
            break
        text += item.text + " "
    return text[:LENGTH]


def baseline_guard() -> ModuleType:
    source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:learning/privacy/pii.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "pii_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("pii_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["pii_baseline"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def new_guard() -> ModuleType:
    import learning.privacy.pii

    return learning.privacy.pii


def median_time(guard: ModuleType, text: str, runs: int) -> float:
    guard.find_personal_details(text, today=TODAY)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        guard.find_personal_details(text, today=TODAY)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kb / 1024


def fresh_worker(which: str) -> tuple[float, float]:
    """MB a fresh interpreter grows by, loading one guard and checking the text once, and
    the seconds that first check takes (the new guard reads its dictionary then)."""
    answer = subprocess.run([sys.executable, "-m", "bench.pii_guard", "--worker", which],
                            check=True, capture_output=True, text=True)
    megabytes, seconds = answer.stdout.split()
    return float(megabytes), float(seconds)


def worker(which: str) -> None:
    text = report_text()
    before = rss_mb()
    guard = new_guard() if which == "new" else baseline_guard()
    started = time.perf_counter()
    guard.find_personal_details(text, today=TODAY)
    print(f"{rss_mb() - before:.1f} {time.perf_counter() - started:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--worker", choices=["new", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    text = report_text()
    baseline, new = baseline_guard(), new_guard()
    then, now = median_time(baseline, text, args.runs), median_time(new, text, args.runs)
    (then_mb, then_first), (now_mb, now_first) = fresh_worker("baseline"), fresh_worker("new")
    print(f"text: {len(text)} characters, {len(new.find_personal_details(text, today=TODAY))} "
          f"findings now, {len(baseline.find_personal_details(text, today=TODAY))} before")
    print(f"baseline {then * 1000:.1f} ms, now {now * 1000:.1f} ms (median of {args.runs})")
    print(f"pii_guard: {now / then:.1f}x the baseline's time")
    print(f"memory added to a fresh worker: baseline {then_mb:.1f} MB, now {now_mb:.1f} MB "
          f"({now_mb - then_mb:+.1f} MB)")
    print(f"first check in a fresh worker: baseline {then_first:.2f} s, now {now_first:.2f} s")


if __name__ == "__main__":
    main()
