"""Every PDF and text file in ../shared ingests with status ok or partial: none failed, none
crashing. The papers are ingested once per session (one `kentparse ingest` run over them all);
what was recognised in each is printed at the end of the test run.

../shared is found next to the repository (as in tests/golden.py) or at $KENTPARSE_SHARED.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from corpus_report import REPORT
from golden import SHARED
from kentparse.cli import app
from kentparse.store.ddl import record_models

CORPUS = Path(os.environ.get("KENTPARSE_SHARED", SHARED))
PAPERS = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", ".txt"))
BOOKKEEPING = {"findings", "rejects", "coverage"}

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not PAPERS, reason=f"no papers at {CORPUS} (set KENTPARSE_SHARED to the shared folder)"),
]


@dataclass(frozen=True)
class CorpusRun:
    exit_code: int
    stderr: str
    seconds: float
    db: Path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> CorpusRun:
    db = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["ingest", *map(str, PAPERS), "--db", str(db)])
    run = CorpusRun(result.exit_code, result.stderr, time.perf_counter() - started, db)
    request.config.stash[REPORT] = _report(run)
    return run


def _report(run: CorpusRun) -> list[str]:
    record_tables = [m.table for m in record_models() if m.table not in BOOKKEEPING]
    lines = [
        f"{len(PAPERS)} papers, {_total_pages(run.db)} pages, "
        f"ingested in {run.seconds:.0f} s (exit code {run.exit_code})",
        f"{'status':8} {'pages':>5} {'records':>7} {'rejects':>7} {'findings':>8}  kinds / records per table / paper",
    ]
    with duckdb.connect(str(run.db), read_only=True) as con:
        for doc_id, path, status, pages, kinds in con.execute(
            "SELECT doc_id, path, status, pages, kinds FROM documents ORDER BY path"
        ).fetchall():
            per_table = {t: _count(con, t, doc_id) for t in record_tables}
            found = ", ".join(f"{t} {n}" for t, n in per_table.items() if n) or "-"
            lines.append(
                f"{status:8} {pages:>5} {sum(per_table.values()):>7} {_count(con, 'rejects', doc_id):>7} "
                f"{_count(con, 'findings', doc_id):>8}  {kinds or '(none recognised)'} / {found} / "
                f"{Path(path).relative_to(CORPUS.resolve())}"
            )
    return lines


def _count(con: duckdb.DuckDBPyConnection, table: str, doc_id: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?", [doc_id]).fetchone()
    return int(row[0]) if row else 0


def _total_pages(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT sum(pages) FROM documents").fetchone()
    return int(row[0] or 0) if row else 0


def test_corpus_ingests_without_failures(corpus: CorpusRun) -> None:
    failures = [line for line in corpus.stderr.splitlines() if "warning:" not in line]
    assert (corpus.exit_code, failures) == (0, [])


@pytest.mark.parametrize("paper", PAPERS, ids=[str(p.relative_to(CORPUS)) for p in PAPERS])
def test_paper_is_ok_or_partial(corpus: CorpusRun, paper: Path) -> None:
    with duckdb.connect(str(corpus.db), read_only=True) as con:
        rows = con.execute(
            "SELECT status, pages > 0, error FROM documents WHERE path = ? AND status <> 'superseded'",
            [str(paper.resolve())],
        ).fetchall()
        lines = con.execute(
            "SELECT count(*) FROM raw_lines JOIN documents USING (doc_id) WHERE path = ?", [str(paper.resolve())]
        ).fetchone()
    assert len(rows) == 1 and rows[0][0] in ("ok", "partial") and rows[0][1:] == (True, None), rows
    assert lines and lines[0] > 0  # its text is in the raw layer
