"""Run every benchmark and write their figures to bench/RESULTS.md.

  python -m bench            every bench at a small size (a couple of minutes), as CI runs it
  python -m bench --full     the published sizes
  python -m bench --postgres postgresql://postgres@127.0.0.1:5432/test
                             also the PostgreSQL runs, each in a scratch database of its own

Each bench prints ratio lines `NAME: N.Nx the baseline's time`, measured against a baseline in
the same run; nothing here judges a time. The command fails only when a bench itself fails.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import re
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.scratch import scratch_postgres

RESULTS = Path(__file__).with_name("RESULTS.md")
RATIO = re.compile(r"^([a-z0-9_]+): ([0-9.]+)x the baseline's time", re.M)
SERVER = "{server}"  # the PostgreSQL server's URL: the bench makes its own databases on it
SCRATCH = "{scratch}"  # a scratch PostgreSQL database, emptied by the bench


@dataclass(frozen=True)
class Bench:
    module: str
    small: tuple[str, ...]
    full: tuple[str, ...]
    # How the bench is told about PostgreSQL, if it runs there: (flag, SERVER or SCRATCH).
    postgres: tuple[str, str] | None = None
    # True: it runs on PostgreSQL only, and is left out without a server.
    postgres_only: bool = False


BENCHES = [
    Bench("form_submission", ("--reports", "60"), ("--reports", "200")),
    Bench("queue_page", ("--sizes", "2000"), ("--sizes", "10000", "100000"),
          postgres=("--postgres", SERVER)),
    Bench("slack_ack", ("--requests", "100"), ("--requests", "300")),
    Bench("nudge_fanout", ("--people", "400", "--rate", "100"),
          ("--people", "10000", "--rate", "100"), postgres=("--database", SCRATCH)),
    Bench("pii_guard", ("--runs", "10"), ("--runs", "50")),
    Bench("clock_nightly", ("--reports", "5000", "--deliveries", "25000"),
          ("--reports", "1000000", "--deliveries", "5000000"), postgres=("--database", SCRATCH)),
    Bench("themes_page", ("--sizes", "2000"), ("--sizes", "100000"),
          postgres=("--postgres", SCRATCH)),
    Bench("actions_page", ("--reports", "5000", "--actions", "1000"),
          ("--reports", "100000", "--actions", "20000"), postgres=("--postgres", SCRATCH)),
    Bench("evaluation", ("--reports", "5000", "--deliveries", "25000"),
          ("--reports", "100000", "--deliveries", "500000"), postgres=("--postgres", SCRATCH)),
    Bench("three_channel_fanout", ("--people", "300", "--rate", "30"),
          ("--people", "10000", "--rate", "10"), postgres=("--database", SCRATCH)),
    Bench("scale_out", ("--reporters", "40"), ("--reporters", "200"),
          postgres=("--database", SCRATCH), postgres_only=True),
]


def machine() -> str:
    cpu = platform.processor() or "unknown processor"
    info = Path("/proc/cpuinfo")
    if info.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in info.read_text().splitlines()
                    if line.startswith("model name")), cpu)
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}")


def run(bench: Bench, *, full: bool, server: str | None) -> tuple[list[str], str, float]:
    """The command as written in RESULTS.md, its output, and how long it took."""
    arguments = list(bench.full if full else bench.small)
    with ExitStack() as stack:
        if bench.postgres and server:
            flag, kind = bench.postgres
            url = stack.enter_context(scratch_postgres(server)) if kind == SCRATCH else server
            arguments += [flag, url]
            shown = [*arguments[:-1], "SERVER" if kind == SERVER else "SCRATCH_DATABASE"]
        else:
            shown = arguments
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", f"bench.{bench.module}", *arguments],
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"bench.{bench.module} failed (exit {done.returncode})")
    return ["python", "-m", f"bench.{bench.module}", *shown], done.stdout.strip(), elapsed


def section(bench: Bench, command: list[str], output: str, skipped: str | None) -> str:
    about = (importlib.import_module(f"bench.{bench.module}").__doc__ or "").strip()
    body = f"not run: {skipped}" if skipped else f"```\n{output}\n```"
    return f"## {bench.module}\n\n{about}\n\n`{' '.join(command)}`\n\n{body}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the published sizes")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"),
                        help="a PostgreSQL server URL (scratch databases are made on it)")
    parser.add_argument("--only", nargs="+", help="these benches only (RESULTS.md not written)")
    options = parser.parse_args()
    sections, ratios = [], []
    for bench in BENCHES:
        if options.only and bench.module not in options.only:
            continue
        if bench.postgres_only and not options.postgres:
            sections.append(section(bench, ["python", "-m", f"bench.{bench.module}"], "",
                                    "needs PostgreSQL (--postgres URL)"))
            continue
        command, output, elapsed = run(bench, full=options.full, server=options.postgres)
        found = RATIO.findall(output)
        if not found:
            raise SystemExit(f"bench.{bench.module} printed no ratio line")
        ratios += found
        print(f"{bench.module} ({elapsed:.0f} s): " +
              ", ".join(f"{name} {ratio}x" for name, ratio in found), flush=True)
        sections.append(section(bench, command, output, None))
    if options.only:
        return
    size = ("the published sizes (--full)" if options.full
            else "small sizes (the default; --full runs the published ones)")
    summary = "\n".join(f"| `{name}` | {ratio}x |" for name, ratio in ratios)
    RESULTS.write_text(
        f"# Benchmark results\n\nWritten by `python -m bench` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {size}, on {machine()}. PostgreSQL: "
        f"{'yes' if options.postgres else 'not run'}. Every figure is a ratio against a "
        f"baseline measured in the same run; re-run after a change to a measured path. At the "
        f"small sizes a fixed cost (rendering a page, starting a process) weighs more than at "
        f"the published ones, so the ratios read higher.\n\n"
        f"| ratio | against its baseline |\n|---|---|\n{summary}\n\n" + "\n".join(sections))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
