"""Run every benchmark and write their figures to bench/RESULTS.md.

  python -m bench            every bench at a small size (a couple of minutes), as CI runs it
  python -m bench --full     the published sizes
  python -m bench --postgres postgresql://postgres@127.0.0.1:5432/test
                             also the PostgreSQL runs, each in a scratch database of its own
  python -m bench --full --only evaluation themes_page
                             those benches only: their sections are rewritten, the rest kept

Each section of RESULTS.md says when its bench last ran, at which size, on what machine and
under what load; the table at the top gathers every section's ratio lines.

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
RUN = re.compile(r"^Run (\d{4}-\d\d-\d\d) [0-9:]+ UTC at (the \w+ size)", re.M)
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


def section(bench: Bench, command: list[str], output: str, skipped: str | None, *,
            full: bool, load: str) -> str:
    about = (importlib.import_module(f"bench.{bench.module}").__doc__ or "").strip()
    body = f"not run: {skipped}" if skipped else f"```\n{output}\n```"
    size = "the published size" if full else "the small size"
    ran = (f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at {size} on {machine()}; load average "
           f"{load} as it started.")
    return f"## {bench.module}\n\n{about}\n\n{ran}\n\n`{' '.join(command)}`\n\n{body}\n"


def kept_sections() -> dict[str, str]:
    """RESULTS.md's sections as last written, by bench name."""
    if not RESULTS.exists():
        return {}
    parts = re.split(r"^## ", RESULTS.read_text(), flags=re.M)[1:]
    return {part.split("\n", 1)[0].strip(): f"## {part.rstrip()}\n" for part in parts}


def summary_row(text: str) -> list[str]:
    when = RUN.search(text)
    ran = f"{when.group(1)}, {when.group(2)}" if when else "an earlier run"
    return [f"| `{name}` | {ratio}x | {ran} |" for name, ratio in RATIO.findall(text)]


def write_results(sections: dict[str, str]) -> None:
    ordered = [sections[b.module] for b in BENCHES if b.module in sections]
    rows = "\n".join(row for text in ordered for row in summary_row(text))
    RESULTS.write_text(
        "# Benchmark results\n\nWritten by `python -m bench` (`--full` for the published "
        "sizes, `--only NAME...` to re-run some and keep the rest). Every figure is a ratio "
        "against a baseline measured in the same run; each section says when it ran, at which "
        "size and under what load. At the small sizes a fixed cost (rendering a page, starting "
        "a process) weighs more than at the published ones, so the ratios read higher. Re-run "
        "a bench after a change to the path it measures.\n\n"
        f"| ratio | against its baseline | run |\n|---|---|---|\n{rows}\n\n"
        + "\n".join(ordered))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the published sizes")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"),
                        help="a PostgreSQL server URL (scratch databases are made on it)")
    parser.add_argument("--only", nargs="+", choices=[b.module for b in BENCHES],
                        help="these benches only: their sections are rewritten, the rest kept")
    options = parser.parse_args()
    done: dict[str, str] = {}
    for bench in BENCHES:
        if not options.only or bench.module in options.only:
            done[bench.module] = measured(bench, full=options.full, server=options.postgres)
            # Written after each bench, so a long run that is stopped keeps what it measured.
            write_results({**kept_sections(), **done})
    print(f"wrote {RESULTS}")


def measured(bench: Bench, *, full: bool, server: str | None) -> str:
    """The bench's section of RESULTS.md, from a run now."""
    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    if bench.postgres_only and not server:
        return section(bench, ["python", "-m", f"bench.{bench.module}"], "",
                       "needs PostgreSQL (--postgres URL)", full=full, load=load)
    command, output, elapsed = run(bench, full=full, server=server)
    found = RATIO.findall(output)
    if not found:
        raise SystemExit(f"bench.{bench.module} printed no ratio line")
    print(f"{bench.module} ({elapsed:.0f} s): " +
          ", ".join(f"{name} {ratio}x" for name, ratio in found), flush=True)
    return section(bench, command, output, None, full=full, load=load)


if __name__ == "__main__":
    main()
