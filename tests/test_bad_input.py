"""Bad input: one clear line on stderr naming the file and the problem, a non-zero exit, and the
database exactly as before (single file); a `failed` documents row and the run carrying on
(several files)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import badfiles
from golden import SAMPLES
from kentparse.cli import app

PLANS_TXT = SAMPLES / "recovery_action_plans_appendix_b.txt"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _snapshot(db: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    """A database already holding one good paper."""
    db = tmp_path / "k.duckdb"
    assert _run("ingest", str(PLANS_TXT), "--db", str(db))[0] == 0
    return db


#: (file name, how to build its bytes, the problem reported, extra options)
BAD_FILES: list[tuple[str, Callable[[], bytes], str, tuple[str, ...]]] = [
    ("empty.pdf", lambda: b"", "empty file", ()),
    ("empty.txt", lambda: b"", "empty file", ()),
    ("blank.txt", lambda: b" \r\n\n\t\n", "empty file", ()),
    ("truncated.pdf", badfiles.truncated_pdf, "not a readable PDF (corrupt or truncated)", ()),
    ("encrypted.pdf", badfiles.encrypted_pdf, "encrypted PDF: cannot read without a password", ()),
    ("page.pdf", lambda: badfiles.HTML_PAGE, "not a PDF: it is an HTML page", ()),
    ("word97.pdf", lambda: badfiles.OLE_WORD, "not a PDF or text file: it is a Word/Excel (OLE) file", ()),
    ("word.pdf", lambda: badfiles.OOXML_WORD, "not a PDF or text file: it is a ZIP or Word/Excel (OOXML) file", ()),
    ("garbage.txt", badfiles.garbage, "not a text file (binary content)", ()),
    ("zero.pdf", badfiles.zero_pages_pdf, "PDF has no pages", ()),
    ("scan.pdf", lambda: badfiles.scanned_pdf(scanned=2), "no text layer on any page (scanned images): needs OCR", ()),
    (
        "long.pdf",
        lambda: badfiles.many_pages_pdf(2000),
        "PDF has 2000 pages, more than the limit of 1999 (--max-pages)",
        ("--max-pages", "1999"),
    ),
]
BAD_IDS = [case[0] for case in BAD_FILES]


@pytest.mark.parametrize(("name", "build", "problem", "options"), BAD_FILES, ids=BAD_IDS)
def test_bad_file_fails_with_one_line_and_leaves_database_unchanged(
    seeded_db: Path, tmp_path: Path, name: str, build: Callable[[], bytes], problem: str, options: tuple[str, ...]
) -> None:
    bad = tmp_path / name
    bad.write_bytes(build())
    before = _snapshot(seeded_db)
    code, stdout, stderr = _run("ingest", str(bad), "--db", str(seeded_db), *options)
    assert (code, stderr) == (1, f"kentparse: {bad}: {problem}\n")
    assert "Traceback" not in stdout
    assert _snapshot(seeded_db) == before


@pytest.mark.parametrize(("name", "build", "problem", "options"), BAD_FILES[:4], ids=BAD_IDS[:4])
def test_bad_file_never_creates_a_database(
    tmp_path: Path, name: str, build: Callable[[], bytes], problem: str, options: tuple[str, ...]
) -> None:
    bad = tmp_path / name
    bad.write_bytes(build())
    db = tmp_path / "new" / "k.duckdb"
    assert _run("ingest", str(bad), "--db", str(db), *options)[:1] == (1,)
    assert not db.exists()


def test_validate_reports_bad_file_the_same_way(tmp_path: Path) -> None:
    bad = tmp_path / "encrypted.pdf"
    bad.write_bytes(badfiles.encrypted_pdf())
    code, _, stderr = _run("validate", str(bad))
    assert (code, stderr) == (1, f"kentparse: {bad}: encrypted PDF: cannot read without a password\n")


def test_pdf_readable_without_a_user_password_is_read(tmp_path: Path) -> None:
    paper = tmp_path / "owner_only.pdf"
    paper.write_bytes(badfiles.encrypted_pdf(user_password=""))
    db = tmp_path / "k.duckdb"
    assert _run("ingest", str(paper), "--db", str(db))[0] == 0
    assert _rows(db, "SELECT text FROM raw_lines") == [("Confidential",)]


def test_missing_path_leaves_database_unchanged(seeded_db: Path, tmp_path: Path) -> None:
    before = _snapshot(seeded_db)
    missing = tmp_path / "no" / "such.pdf"
    code, _, stderr = _run("ingest", str(missing), "--db", str(seeded_db))
    assert (code, stderr) == (2, f"kentparse: {missing}: no such file or folder\n")
    assert _snapshot(seeded_db) == before


def test_missing_path_among_good_ones_stops_before_anything_is_read(seeded_db: Path, tmp_path: Path) -> None:
    before = _snapshot(seeded_db)
    good = tmp_path / "good.txt"
    good.write_text("Just prose.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, _, stderr = _run("ingest", str(good), str(missing), "--db", str(seeded_db))
    assert (code, stderr) == (2, f"kentparse: {missing}: no such file or folder\n")
    assert _snapshot(seeded_db) == before


def test_folder_without_papers_leaves_database_unchanged(seeded_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "minutes.docx").write_bytes(badfiles.OOXML_WORD)
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n")
    before = _snapshot(seeded_db)
    code, _, stderr = _run("ingest", str(folder), "--db", str(seeded_db))
    assert (code, stderr) == (2, f"kentparse: {folder}: folder holds no papers (.pdf or .txt)\n")
    assert _snapshot(seeded_db) == before


TEXT = "Kent County Council – revenue budget £1.5m, café provision ‘agreed’\n"


@pytest.mark.parametrize(
    ("name", "encoded"),
    [
        ("cp1252.txt", TEXT.encode("cp1252")),
        ("utf16le.txt", TEXT.encode("utf-16")),  # with its BOM, as Windows "Unicode" writes it
        ("utf16be.txt", b"\xfe\xff" + TEXT.encode("utf-16-be")),
        ("utf8bom.txt", TEXT.encode("utf-8-sig")),
    ],
)
def test_legacy_text_encodings_are_read(tmp_path: Path, name: str, encoded: bytes) -> None:
    paper = tmp_path / name
    paper.write_bytes(encoded)
    db = tmp_path / "k.duckdb"
    code, _, stderr = _run("ingest", str(paper), "--db", str(db))
    assert (code, stderr) == (0, "")
    assert _rows(db, "SELECT status, media_type FROM documents") == [("ok", "text/plain")]
    assert _rows(db, "SELECT text FROM raw_lines") == [(TEXT.strip(),)]


def test_scanned_page_among_text_pages_is_reported_as_needing_ocr(tmp_path: Path) -> None:
    paper = tmp_path / "part_scanned.pdf"
    paper.write_bytes(badfiles.scanned_pdf(text_pages=("Cabinet report", "Appendix A"), scanned=1))
    db = tmp_path / "k.duckdb"
    code, _, stderr = _run("ingest", str(paper), "--db", str(db))
    assert (code, stderr) == (0, f"kentparse: {paper}: warning: page 3 has no text layer (scanned): needs OCR\n")
    assert _rows(db, "SELECT status, pages FROM documents") == [("partial", 3)]
    assert _rows(db, "SELECT severity, page, message FROM findings WHERE \"check\" = 'needs_ocr'") == [
        ("warning", 3, "page 3 has no text layer (scanned image): needs OCR; nothing on it was read")
    ]


def test_blank_page_is_not_a_scan(tmp_path: Path) -> None:
    paper = tmp_path / "with_blank.pdf"
    paper.write_bytes(badfiles.text_pdf("Cabinet report", ""))
    db = tmp_path / "k.duckdb"
    assert _run("ingest", str(paper), "--db", str(db))[:1] == (0,)
    assert _rows(db, "SELECT status, pages FROM documents") == [("ok", 2)]


def test_several_files_failures_get_failed_rows_and_the_run_carries_on(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "a_good.txt").write_bytes(PLANS_TXT.read_bytes())
    (folder / "b_encrypted.pdf").write_bytes(badfiles.encrypted_pdf())
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "d_cp1252.txt").write_bytes(TEXT.encode("cp1252"))
    db = tmp_path / "k.duckdb"
    code, stdout, stderr = _run("ingest", str(folder), "--db", str(db))
    assert code == 1
    assert stderr == (
        f"kentparse: {folder / 'b_encrypted.pdf'}: encrypted PDF: cannot read without a password\n"
        f"kentparse: {folder / 'c_empty.txt'}: empty file\n"
    )
    assert "FAILED: empty file" in stdout
    rows = _rows(db, "SELECT regexp_extract(path, '[^/]+$'), status, pages, error FROM documents ORDER BY path")
    assert rows == [
        ("a_good.txt", "ok", 1, None),
        ("b_encrypted.pdf", "failed", 0, "encrypted PDF: cannot read without a password"),
        ("c_empty.txt", "failed", 0, "empty file"),
        ("d_cp1252.txt", "ok", 1, None),
    ]
    assert _rows(db, "SELECT count(*) FROM actions") == [(155,)]


def test_failed_file_is_retried_and_replaced_once_it_can_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "a.txt").write_text("Prose.\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(badfiles.garbage())
    db = tmp_path / "k.duckdb"
    assert _run("ingest", str(folder), "--db", str(db))[0] == 1
    assert _run("ingest", str(folder), "--db", str(db))[0] == 1  # the same failure again: still one row
    assert _rows(db, "SELECT count(*) FROM documents WHERE status = 'failed'") == [(1,)]
    (folder / "b.txt").write_text("Now readable.\n", encoding="utf-8")
    assert _run("ingest", str(folder), "--db", str(db))[0] == 0
    assert _rows(db, "SELECT status, error IS NOT NULL FROM documents WHERE path LIKE '%b.txt' ORDER BY status") == [
        ("ok", False),
        ("superseded", True),  # the failure, superseded by the readable version
    ]


def test_time_limit_stops_a_hanging_parse(monkeypatch: pytest.MonkeyPatch, seeded_db: Path, tmp_path: Path) -> None:
    def spin(path: str, data: bytes, max_pages: int | None = None, workers: int = 1) -> None:
        while True:  # a parser stuck in a loop
            time.monotonic()

    monkeypatch.setattr("kentparse.guard.parse_bytes", spin)
    paper = tmp_path / "hostile.txt"
    paper.write_text("anything\n", encoding="utf-8")
    before = _snapshot(seeded_db)
    code, _, stderr = _run("ingest", str(paper), "--db", str(seeded_db), "--timeout", "0.2")
    assert (code, stderr) == (
        1,
        f"kentparse: {paper}: gave up after 0.2 s (--timeout): the file takes too long to parse\n",
    )
    assert _snapshot(seeded_db) == before


def test_time_limit_in_a_batch_fails_that_file_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kentparse import guard

    real = guard.parse_bytes

    def hang_on_hostile(path: str, data: bytes, max_pages: int | None = None, workers: int = 1) -> object:
        while path.endswith("hostile.txt"):
            time.monotonic()
        return real(path, data, max_pages=max_pages)

    monkeypatch.setattr("kentparse.guard.parse_bytes", hang_on_hostile)
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "hostile.txt").write_text("anything\n", encoding="utf-8")
    (folder / "plans.txt").write_bytes(PLANS_TXT.read_bytes())
    db = tmp_path / "k.duckdb"
    code, _, stderr = _run("ingest", str(folder), "--db", str(db), "--timeout", "3")
    hostile = folder / "hostile.txt"
    assert (code, stderr) == (
        1,
        f"kentparse: {hostile}: gave up after 3 s (--timeout): the file takes too long to parse\n",
    )
    assert _rows(db, "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status") == [
        ("failed", 1),
        ("ok", 1),
    ]


def test_crash_inside_the_parser_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, seeded_db: Path, tmp_path: Path
) -> None:
    def crash(path: str, data: bytes, max_pages: int | None = None, workers: int = 1) -> None:
        raise ValueError("unexpected layout")

    monkeypatch.setattr("kentparse.guard.parse_bytes", crash)
    paper = tmp_path / "odd.txt"
    paper.write_text("anything\n", encoding="utf-8")
    before = _snapshot(seeded_db)
    code, stdout, stderr = _run("ingest", str(paper), "--db", str(seeded_db))
    assert (code, stderr) == (1, f"kentparse: {paper}: kentparse failed on this file (ValueError: unexpected layout)\n")
    assert "Traceback" not in stdout
    assert _snapshot(seeded_db) == before
