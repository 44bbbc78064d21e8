"""The command line, end to end in a subprocess-free runner: exit codes, messages, database state."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from golden import SAMPLES
from kentparse import __version__
from kentparse.cli import app

PLANS_TXT = SAMPLES / "recovery_action_plans_appendix_b.txt"
runner = CliRunner()
PLAN_HEADER = "\t".join(
    [
        "Action No.",
        "Action to be taken",
        "Mitigate or Opportunity",
        "Lead organisation",
        "Named Lead",
        "Timescale",
        "Resources",
        "Priority",
    ]
)


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _count(db: Path, sql: str) -> object:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql).fetchone()
    return row[0] if row else None


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}  # type: ignore[misc]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "k.duckdb"


def test_version() -> None:
    assert _run("--version")[:2] == (0, f"kentparse {__version__}\n")


def test_ingest_loads_actions_and_summarises(db: Path) -> None:
    code, stdout, _ = _run("ingest", str(PLANS_TXT), "--db", str(db))
    assert code == 0
    assert "actions 155" in stdout and "action_plan" in stdout and "loaded" in stdout
    assert _count(db, "SELECT count(*) FROM actions") == 155
    assert _count(db, "SELECT status FROM documents") == "ok"
    assert _count(db, "SELECT count(*) FROM raw_tables WHERE kind = 'action_plan'") == 24
    assert _count(db, "SELECT count(*) FROM coverage") == 7


def test_reingest_of_identical_bytes_is_a_noop_that_says_so(db: Path) -> None:
    _run("ingest", str(PLANS_TXT), "--db", str(db))
    before = _snapshot(db)
    code, stdout, _ = _run("ingest", str(PLANS_TXT), "--db", str(db))
    assert code == 0 and "unchanged (already ingested)" in stdout
    assert _snapshot(db) == before


def test_changed_file_at_same_path_supersedes_old_version(db: Path, tmp_path: Path) -> None:
    paper = tmp_path / "plans.txt"
    shutil.copy(PLANS_TXT, paper)
    _run("ingest", str(paper), "--db", str(db))
    paper.write_text(PLANS_TXT.read_text(encoding="utf-8") + "\nAppendix note\n", encoding="utf-8")
    code, stdout, _ = _run("ingest", str(paper), "--db", str(db))
    assert code == 0 and "supersedes" in stdout
    statuses = _count(db, "SELECT string_agg(status, ',' ORDER BY status) FROM documents")
    assert statuses == "ok,superseded"
    assert _count(db, "SELECT count(DISTINCT superseded_by) FROM documents WHERE status = 'superseded'") == 1


def test_ingest_folder_and_glob(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(PLANS_TXT, folder / "a.txt")
    (folder / "b.txt").write_text("Just prose, no tables.\n", encoding="utf-8")
    assert _run("ingest", str(folder), "--db", str(db))[0] == 0
    assert _count(db, "SELECT count(*) FROM documents") == 2
    code, stdout, _ = _run("ingest", str(folder / "*.txt"), "--db", str(db))
    assert code == 0 and stdout.count("unchanged") == 2


def test_empty_file_fails_with_one_line_and_leaves_database_unchanged(db: Path, tmp_path: Path) -> None:
    _run("ingest", str(PLANS_TXT), "--db", str(db))
    before = _snapshot(db)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, stdout, stderr = _run("ingest", str(empty), "--db", str(db))
    assert (code, stderr) == (1, f"kentparse: {empty}: empty file\n")
    assert "Traceback" not in stdout + stderr
    assert _snapshot(db) == before


def test_missing_path_is_a_usage_error(db: Path) -> None:
    code, _, stderr = _run("ingest", "no/such/paper.pdf", "--db", str(db))
    assert (code, stderr) == (2, "kentparse: no/such/paper.pdf: no such file or folder\n")
    assert not db.exists()


def test_folder_with_no_papers(db: Path, tmp_path: Path) -> None:
    code, _, stderr = _run("ingest", str(tmp_path), "--db", str(db))
    assert (code, stderr) == (2, f"kentparse: {tmp_path}: folder holds no papers (.pdf or .txt)\n")


def test_word_file_named_pdf(db: Path, tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    code, _, stderr = _run("ingest", str(fake), "--db", str(db))
    assert (code, stderr) == (1, f"kentparse: {fake}: not a PDF or text file: it is a ZIP or Word/Excel (OOXML) file\n")


def test_validate_passes_clean_paper() -> None:
    code, stdout, _ = _run("validate", str(PLANS_TXT))
    assert code == 0
    assert stdout.startswith(f"ok  {PLANS_TXT}: kinds action_plan; 679 records, 0 rejects, 0 findings")


def test_validate_fails_and_says_why_on_rejects(tmp_path: Path) -> None:
    paper = tmp_path / "plan.txt"
    header = PLAN_HEADER
    paper.write_text(
        f"Test - Recovery Action Plan\n{header}\n1\tDo a thing\tMitigate\tKCC\tn/a\tShort Term\tnone\tEssential\n"
        "2\tDo another\tMitigate\tKCC\tn/a\tSoon\tnone\tEssential\n",
        encoding="utf-8",
    )
    code, stdout, _ = _run("validate", str(paper))
    assert code == 1
    assert "FAIL" in stdout
    assert "reject page 1 line 4: unrecognised timescale 'Soon'" in stdout


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    paper = tmp_path / "plan.txt"
    header = PLAN_HEADER
    paper.write_text(
        f"Test - Recovery Action Plan\n{header}\n1\tDo a thing\tMitigate\tKCC\tn/a\tShort Term\tnone\tEssential\n"
        "3\tSkip one\tMitigate\tKCC\tn/a\tShort Term\tnone\tEssential\n",
        encoding="utf-8",
    )
    assert _run("validate", str(paper))[0] == 0
    code, stdout, _ = _run("validate", "--strict", str(paper))
    assert code == 1
    assert "warning action_numbering page 1 line 4: Test: action numbers jump from 1 to 3" in stdout


def test_usage_error_exits_2() -> None:
    assert _run("validate")[0] == 2
    assert _run("query", "SELECT 1", "--format", "xml")[0] == 2


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "plan,n\nEconomy,16\nFinance,17\n"),
        ("markdown", "| plan | n |\n|---|---|\n| Economy | 16 |\n| Finance | 17 |\n"),
    ],
)
def test_query_formats(db: Path, fmt: str, expected: str) -> None:
    _run("ingest", str(PLANS_TXT), "--db", str(db))
    sql = "SELECT plan, count(*) AS n FROM actions WHERE plan IN ('Economy', 'Finance') GROUP BY plan ORDER BY plan"
    code, stdout, _ = _run("query", sql, "--db", str(db), "--format", fmt)
    assert (code, stdout) == (0, expected)


def test_query_json_and_read_only(db: Path) -> None:
    _run("ingest", str(PLANS_TXT), "--db", str(db))
    code, stdout, _ = _run(
        "query",
        "SELECT action_no, priority FROM actions WHERE plan = 'Economy' LIMIT 1",
        "--db",
        str(db),
        "--format",
        "json",
    )
    assert code == 0 and json.loads(stdout) == [{"action_no": "1", "priority": "important"}]
    code, _, stderr = _run("query", "DELETE FROM actions", "--db", str(db))
    assert code == 1 and "read-only" in stderr
    assert _count(db, "SELECT count(*) FROM actions") == 155


def test_schema_writes_one_file_per_table(tmp_path: Path) -> None:
    code, _, _ = _run("schema", "--out", str(tmp_path))
    assert code == 0
    written = {path.name for path in tmp_path.iterdir()}
    assert {"actions.schema.json", "action_leads.schema.json", "findings.schema.json", "rejects.schema.json"} <= written
    actions = json.loads((tmp_path / "actions.schema.json").read_text())
    assert actions["properties"]["priority"]["anyOf"][0]["enum"] == ["essential", "important", "desirable"]


def test_query_output_cut_short_by_reader_is_quiet(db: Path) -> None:
    import subprocess
    import sys

    _run("ingest", str(PLANS_TXT), "--db", str(db))
    command = [
        sys.executable,
        "-m",
        "kentparse.cli",
        "query",
        "SELECT * FROM range(200000)",
        "--db",
        str(db),
        "--format",
        "csv",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"range\n"
    process.stdout.close()
    stderr = process.stderr.read()
    assert (process.wait(timeout=60), stderr) == (0, b"")
