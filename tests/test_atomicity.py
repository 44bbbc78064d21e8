"""Atomicity: a document is loaded whole or not at all — through a loader failure, a SIGKILL
mid-ingest, and a second writer on the same database."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from golden import SAMPLES
from kentparse.cli import app
from kentparse.records import Record
from kentparse.store import loader
from kentparse.store.ddl import all_table_names

PLANS_TXT = SAMPLES / "recovery_action_plans_appendix_b.txt"
HELPERS = Path(__file__).resolve().parent / "helpers"
KENTPARSE = Path(sys.executable).parent / "kentparse"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _snapshot(db: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def _rows_per_document(db: Path) -> dict[str, dict[str, int]]:
    """For every doc_id in the database, the number of its rows in every table."""
    counts: dict[str, dict[str, int]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in all_table_names():
            for doc_id, n in con.execute(f"SELECT doc_id, count(*) FROM {table} GROUP BY doc_id").fetchall():
                counts.setdefault(doc_id, {})[table] = n
    return counts


def _papers(folder: Path, n: int) -> list[Path]:
    """`n` distinct copies of the action-plans paper (a line apart, so each is its own document)."""
    folder.mkdir()
    text = PLANS_TXT.read_text(encoding="utf-8")
    papers = []
    for number in range(1, n + 1):
        paper = folder / f"plans_{number}.txt"
        paper.write_text(f"{text}\nCopy {number}\n", encoding="utf-8")
        papers.append(paper)
    return papers


def _doc_id(paper: Path) -> str:
    return hashlib.sha256(paper.read_bytes()).hexdigest()[:16]


# --- a failure inside the loader ----------------------------------------------------------


def _fail_loading(monkeypatch: pytest.MonkeyPatch, doc_id: str) -> list[int]:
    """Make the loader fail for `doc_id` after it has written that document's raw layer and records.

    Returns a list that receives the number of raw_lines rows of the document the connection
    saw just before the failure (proof that rows were written).
    """
    insert_records = loader.insert_records
    written: list[int] = []

    def insert_then_fail(con: duckdb.DuckDBPyConnection, records: Sequence[Record]) -> None:
        insert_records(con, records)
        if records and records[0].doc_id == doc_id:
            row = con.execute("SELECT count(*) FROM raw_lines WHERE doc_id = ?", [doc_id]).fetchone()
            written.append(row[0] if row else 0)
            raise RuntimeError("disk full (injected)")

    monkeypatch.setattr(loader, "insert_records", insert_then_fail)
    return written


def test_loader_failure_after_rows_are_written_leaves_none_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "k.duckdb"
    good = tmp_path / "good.txt"
    good.write_text("Just prose.\n", encoding="utf-8")
    assert _run("ingest", str(good), "--db", str(db))[0] == 0
    before = _snapshot(db)
    written = _fail_loading(monkeypatch, _doc_id(PLANS_TXT))
    code, _, stderr = _run("ingest", str(PLANS_TXT), "--db", str(db))
    expected = f"{PLANS_TXT}: could not be loaded, nothing of it was written (RuntimeError: disk full (injected))"
    assert (code, stderr) == (1, f"kentparse: {expected}\n")
    assert written and written[0] > 100  # the paper's lines were in the database when the failure came
    assert _snapshot(db) == before


def test_loader_failure_in_a_batch_fails_that_document_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "papers"
    prose, plans = folder / "a_prose.txt", folder / "b_plans.txt"
    folder.mkdir()
    prose.write_text("Just prose, no tables.\n", encoding="utf-8")
    plans.write_bytes(PLANS_TXT.read_bytes())
    clean = tmp_path / "clean.duckdb"
    assert _run("ingest", str(folder), "--db", str(clean))[0] == 0
    written = _fail_loading(monkeypatch, _doc_id(plans))
    db = tmp_path / "k.duckdb"
    code, _, stderr = _run("ingest", str(folder), "--db", str(db))
    problem = "could not be loaded, nothing of it was written (RuntimeError: disk full (injected))"
    assert (code, stderr) == (1, f"kentparse: {plans}: {problem}\n")
    assert written
    counts = _rows_per_document(db)
    assert counts[_doc_id(prose)] == _rows_per_document(clean)[_doc_id(prose)]
    assert counts[_doc_id(plans)] == {"documents": 1}  # only its `failed` row
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, error FROM documents WHERE path LIKE '%b_plans.txt'").fetchall() == [
            ("failed", problem)
        ]


# --- SIGKILL mid-ingest ---------------------------------------------------------------------


def _start_paused(db: Path, pause_at: int, release: Path, *paths: Path) -> subprocess.Popen[str]:
    """`kentparse ingest` in a subprocess, paused inside the load transaction of document `pause_at`."""
    process = subprocess.Popen(
        [sys.executable, str(HELPERS / "ingest_paused.py"), str(pause_at), str(release), "ingest"]
        + [str(p) for p in paths]
        + ["--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(db.parent)},  # a killed run leaves its spool of parsed files there
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line == "paused\n", process.stderr.read() if process.stderr else line
    return process


def test_sigkill_mid_ingest_leaves_only_complete_documents(tmp_path: Path) -> None:
    papers = _papers(tmp_path / "papers", 3)
    clean = tmp_path / "clean.duckdb"
    assert _run("ingest", str(tmp_path / "papers"), "--db", str(clean))[0] == 0
    expected = _rows_per_document(clean)
    db = tmp_path / "killed.duckdb"
    process = _start_paused(db, 2, tmp_path / "never", tmp_path / "papers")
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    survived = _rows_per_document(db)  # the database opens
    assert survived == {_doc_id(papers[0]): expected[_doc_id(papers[0])]}  # the first whole, the second not at all
    assert _run("ingest", str(tmp_path / "papers"), "--db", str(db))[0] == 0  # and a rerun completes the batch
    assert _rows_per_document(db) == expected


# --- two writers ------------------------------------------------------------------------------


def test_second_writer_exits_with_a_clear_message(tmp_path: Path) -> None:
    first, second = _papers(tmp_path / "papers", 2)
    db = tmp_path / "k.duckdb"
    release = tmp_path / "release"
    holder = _start_paused(db, 1, release, first)
    try:
        other = subprocess.run(
            [str(KENTPARSE), "ingest", str(second), "--db", str(db)], capture_output=True, text=True, timeout=120
        )
        busy = (
            f"database {db} is in use by another kentparse process (PID {holder.pid}): try again when it has finished"
        )
        assert (other.returncode, other.stderr) == (1, f"kentparse: {busy}\n")
        code, _, stderr = _run("query", "SELECT 1", "--db", str(db))
        assert (code, stderr) == (1, f"kentparse: {busy}\n")
    finally:
        release.touch()
        assert holder.wait(timeout=120) == 0
    assert set(_rows_per_document(db)) == {_doc_id(first)}  # the refused run wrote nothing
    assert _run("ingest", str(second), "--db", str(db))[0] == 0  # once the first has finished, it can run
    assert set(_rows_per_document(db)) == {_doc_id(first), _doc_id(second)}


def test_a_long_transaction_is_written_in_small_row_groups(tmp_path: Path) -> None:
    """The writing connection attaches the file with `ROW_GROUP_ROWS`-row groups, so a long file's
    one transaction goes to disk group by group (DuckDB's optimistic writes) instead of being
    held until commit: 5,000 lines make three groups, not one."""
    db = tmp_path / "k.duckdb"
    con = loader.connect(db)
    rows = [("doc", number, 1, number, f"line {number}") for number in range(5000)]
    with loader.transaction(con):
        loader._insert_frame(con, "raw_lines", ["doc_id", "line_no", "page", "line", "text"], rows)
    con.close()
    with duckdb.connect(str(db), read_only=True) as reopened:
        storage = "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('raw_lines')"
        groups = reopened.execute(storage).fetchone()
        stored = reopened.execute("SELECT count(*), max(line_no) FROM raw_lines").fetchone()
    assert (loader.ROW_GROUP_ROWS, groups, stored) == (2048, (3,), (5000, 4999))


def test_the_writer_works_in_bounded_memory_and_spills_next_to_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB in the writing process is held to `WRITER_MEMORY`: a join larger than that spills
    to `<database>.tmp` (not to the working directory) instead of failing, and the spill is gone
    once the connection closes."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "k.duckdb"
    con = loader.connect(db)
    settings = con.execute("SELECT current_setting('memory_limit'), current_setting('temp_directory')").fetchone()
    joined = con.execute("SELECT count(*) FROM range(3000000) a JOIN range(3000000) b ON a.range = b.range").fetchone()
    spilled = sorted(path.name for path in tmp_path.iterdir())
    con.close()
    assert (settings, joined) == (("64.0 MiB", f"{db}.tmp"), (3000000,))
    assert spilled == ["k.duckdb", "k.duckdb.tmp", "k.duckdb.wal"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["k.duckdb"]
