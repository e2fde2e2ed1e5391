"""bench/RESULTS.md: a re-run of some benches rewrites their sections and keeps the rest."""

from __future__ import annotations

import bench.__main__ as runner


def test_a_bench_run_alone_rewrites_its_section_and_the_table_and_keeps_the_others(
        tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "RESULTS", tmp_path / "RESULTS.md")
    by_name = {b.module: b for b in runner.BENCHES}

    def section(name, output, *, full):
        return runner.section(by_name[name], ["python", "-m", f"bench.{name}"], output, None,
                              full=full, load="0.5 0.4 0.3")

    runner.write_results({
        "pii_guard": section("pii_guard", "pii_guard: 1.0x the baseline's time", full=False),
        "queue_page": section("queue_page", "queue_page_sqlite_2000: 22.6x the baseline's time",
                              full=False)})
    runner.write_results({**runner.kept_sections(), "queue_page": section(
        "queue_page", "queue_page_sqlite_100000: 1.2x the baseline's time", full=True)})

    written = runner.RESULTS.read_text()
    kept = runner.kept_sections()
    assert list(kept) == ["queue_page", "pii_guard"], "in the benches' own order"
    assert "22.6x" not in written and "queue_page_sqlite_100000: 1.2x" in kept["queue_page"]
    assert "pii_guard: 1.0x" in kept["pii_guard"]
    rows = [line for line in written.splitlines() if line.startswith("| `")]
    assert [row.split(" | ")[0:2] for row in rows] == [
        ["| `queue_page_sqlite_100000`", "1.2x"], ["| `pii_guard`", "1.0x"]]
    assert rows[0].endswith("the published size |") and rows[1].endswith("the small size |")
    assert "load average 0.5 0.4 0.3 as it started" in kept["pii_guard"]
