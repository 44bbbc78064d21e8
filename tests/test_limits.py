"""Limits: a 2,000-page PDF is read page by page in bounded memory, or refused by --max-pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb

import badfiles

PEAK_MEMORY = Path(__file__).resolve().parent / "helpers" / "peak_memory.py"


def _ingest_peak_mb(paper: Path, db: Path) -> int:
    done = subprocess.run(
        [sys.executable, str(PEAK_MEMORY), "ingest", str(paper), "--db", str(db), "--max-pages", "2000"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    found = re.search(r"peak_mb=(\d+)\n$", done.stderr)
    assert found, done.stderr
    return int(found.group(1))


def test_two_thousand_pages_load_in_the_memory_of_three(tmp_path: Path) -> None:
    small, large = tmp_path / "small.pdf", tmp_path / "large.pdf"
    small.write_bytes(badfiles.many_pages_pdf(3))
    large.write_bytes(badfiles.many_pages_pdf(2000))
    small_peak = _ingest_peak_mb(small, tmp_path / "small.duckdb")
    large_peak = _ingest_peak_mb(large, tmp_path / "large.duckdb")
    with duckdb.connect(str(tmp_path / "large.duckdb"), read_only=True) as con:
        assert con.execute("SELECT pages, status FROM documents").fetchall() == [(2000, "ok")]
        assert con.execute("SELECT count(*), count(DISTINCT page) FROM raw_lines").fetchall() == [(2000, 2000)]
    assert large_peak - small_peak < 64, (small_peak, large_peak)
