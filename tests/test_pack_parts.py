"""A long pack (PDFs joined by pypdf) is parsed paper by paper: where the parts fall, and that
each part gives the records its paper gives on its own."""

from __future__ import annotations

import gc
import hashlib
import os
import tempfile
import time
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from golden import KCC
from kentparse.cli import app
from kentparse.pipeline import ParseResult
from kentparse.sources.pdf_papers import font_runs, group_runs, paper_ranges

QPR = KCC / "cabinet" / "2025-03-04" / "originals" / "QPR Q3 Cabinet appendix 1.pdf"
FINANCE = (
    KCC / "cabinet" / "2025-01-30" / "originals" / ("24-00108 - Finance Monitoring Report - Q3 - November 2024-25.pdf")
)


def test_a_page_sharing_no_font_with_the_run_before_starts_a_new_run() -> None:
    fonts = [frozenset({1}), frozenset({1, 2}), frozenset(), frozenset({2}), frozenset({7}), frozenset({7, 8})]
    assert font_runs(fonts) == [(0, 4), (4, 6)]


def test_runs_are_grouped_into_parts_of_the_minimum_and_a_short_tail_joins_the_last() -> None:
    runs = [(0, 10), (10, 40), (40, 45), (45, 90), (90, 95)]
    assert group_runs(runs, 32) == [(0, 40), (40, 95)]
    assert group_runs([(0, 20), (20, 30)], 32) == [(0, 30)]


def test_a_pdf_shorter_than_two_parts_is_one_part_without_being_scanned() -> None:
    assert paper_ranges(b"not even a PDF", 63) == [(0, 63)]


def test_an_unreadable_structure_is_one_part() -> None:
    assert paper_ranges(b"%PDF-1.7 broken", 200) == [(0, 200)]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    for paper in (QPR, FINANCE):
        if not paper.exists():
            pytest.skip(f"{paper} is absent (set KENTPARSE_SHARED to the shared folder)")
    writer = PdfWriter()
    for paper in (QPR, FINANCE):
        writer.append(str(paper))
    joined = tmp_path / "pack.pdf"
    with joined.open("wb") as out:
        writer.write(out)
    return joined


def test_a_joined_pack_splits_where_its_papers_meet(pack: Path) -> None:
    assert paper_ranges(pack.read_bytes(), 125) == [(0, 71), (71, 125)]


def test_the_scan_for_papers_runs_meanwhile_once_and_only_when_it_scans(pack: Path) -> None:
    """`meanwhile` (the CLI imports the extractors there) runs while a long PDF is scanned, and
    not for a PDF too short to split."""
    calls: list[str] = []
    assert paper_ranges(pack.read_bytes(), 125, meanwhile=lambda: calls.append("long")) == [(0, 71), (71, 125)]
    assert paper_ranges(b"not even a PDF", 63, meanwhile=lambda: calls.append("short")) == [(0, 63)]
    assert calls == ["long"]


def test_each_part_is_a_document_of_the_pack_with_its_papers_records(pack: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    alone, joined = tmp_path / "alone.duckdb", tmp_path / "joined.duckdb"
    for paper in (QPR, FINANCE):
        assert runner.invoke(app, ["ingest", str(paper), "--db", str(alone)]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(pack), "--db", str(joined)]).exit_code == 0
    pack_id = hashlib.sha256(pack.read_bytes()).hexdigest()[:16]
    with duckdb.connect(str(joined), read_only=True) as con:
        sql = "SELECT pack_id, first_page, last_page, pages FROM documents ORDER BY first_page"
        parts = con.execute(sql).fetchall()
        joined_counts = _counts(con, "ORDER BY d.first_page")
    assert parts == [(pack_id, 1, 71, 71), (pack_id, 72, 125, 54)]
    with duckdb.connect(str(alone), read_only=True) as con:
        alone_counts = _counts(con, "ORDER BY d.pages DESC")
    assert joined_counts == alone_counts


def _counts(con: duckdb.DuckDBPyConnection, order: str) -> list[tuple[object, ...]]:
    """Per document (in `order`): its KPI, budget line and savings line counts."""
    return con.execute(
        "SELECT d.pages, "
        "(SELECT count(*) FROM kpis k WHERE k.doc_id = d.doc_id), "
        "(SELECT count(*) FROM budget_lines b WHERE b.doc_id = d.doc_id), "
        "(SELECT count(*) FROM savings_lines s WHERE s.doc_id = d.doc_id) "
        f"FROM documents d {order}"
    ).fetchall()


def test_a_part_that_fails_leaves_the_database_as_it_was(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first part is loaded, the second fails: the one transaction of the file rolls back."""
    from kentparse import parallel
    from kentparse.errors import InputError

    db = tmp_path / "k.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(QPR), "--db", str(db)]).exit_code == 0
    before = _snapshot(db)
    parse_part = parallel.parse_file_part

    def failing_second(path: Path, data: bytes, sha256: str, pages: tuple[int, int], timeout: float | None) -> object:
        if pages[0] > 0:
            raise InputError(str(path), "broken on purpose")
        return parse_part(path, data, sha256, pages, timeout)

    monkeypatch.setattr(parallel, "parse_file_part", failing_second)
    result = runner.invoke(app, ["ingest", str(pack), "--db", str(db), "--workers", "1"])
    assert (result.exit_code, result.stderr) == (1, f"kentparse: {pack}: broken on purpose\n")
    assert _snapshot(db) == before


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in tables}


def test_a_part_is_read_from_the_file_and_gives_what_its_bytes_give(
    pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker reads a part from the pack's file (once checked to hold the bytes split), never
    the whole file into memory: the part's result is the one its bytes give."""
    from kentparse import parallel
    from kentparse.guard import parse_file_part
    from kentparse.pipeline import ParseResult

    data = pack.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    expected = parse_file_part(pack, data, sha256, (71, 125), None)

    def whole_file_read(path: Path) -> bytes:
        raise AssertionError(f"{path} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole_file_read)
    parallel._checked.clear()
    found = parallel._parse_part(pack, sha256, (71, 125), None)
    assert isinstance(found, ParseResult)
    assert [line.text for line in found.document.lines] == [line.text for line in expected.document.lines]
    assert found.extracted.records == expected.extracted.records
    assert len(found.extracted.records) > 100


@pytest.mark.parametrize("change", ["touched", "removed", "replaced"])
def test_a_pack_that_changes_after_its_check_is_refused(pack: Path, tmp_path: Path, change: str) -> None:
    """The file is checked before and after each part: touched, removed or replaced (even by
    the same bytes) after the first part, the next is refused."""
    from kentparse import parallel

    copy = tmp_path / "copy.pdf"
    copy.write_bytes(pack.read_bytes())
    sha256 = hashlib.sha256(copy.read_bytes()).hexdigest()
    parallel._checked.clear()
    assert not isinstance(parallel._parse_part(copy, sha256, (71, 72), None), str)
    if change == "touched":
        status = copy.stat()
        os.utime(copy, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    elif change == "removed":
        copy.unlink()
    else:
        other = tmp_path / "other.pdf"
        other.write_bytes(copy.read_bytes())
        other.replace(copy)
    assert parallel._parse_part(copy, sha256, (72, 73), None) == parallel.CHANGED_WHILE_READ


def test_the_same_bytes_at_another_path_are_checked_there_not_refused(pack: Path, tmp_path: Path) -> None:
    from kentparse import parallel
    from kentparse.pipeline import ParseResult

    copies = [tmp_path / "one.pdf", tmp_path / "two.pdf"]
    for copy in copies:
        copy.write_bytes(pack.read_bytes())
    sha256 = hashlib.sha256(pack.read_bytes()).hexdigest()
    parallel._checked.clear()
    assert [type(parallel._parse_part(copy, sha256, (71, 72), None)) for copy in copies] == [ParseResult] * 2


def test_a_pack_that_changes_while_its_parts_are_read_is_refused(tmp_path: Path) -> None:
    from kentparse import parallel
    from kentparse.errors import InputError

    pack = tmp_path / "pack.pdf"
    pack.write_bytes(b"%PDF-1.7 the bytes read after the split")
    with pytest.raises(InputError) as refused:
        parallel._checked_pack(pack, hashlib.sha256(b"%PDF-1.7 the bytes split").hexdigest())
    assert str(refused.value) == f"{pack}: changed while it was being read: try again once it is complete"


def test_a_part_done_while_another_is_taken_waits_on_disk_not_in_the_writer(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two workers, the part that finishes while the first is held is spooled to a file and
    read back only when taken: the writer holds one part's result at a time, and the spool is
    removed once the parts are taken."""
    from kentparse import parallel

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    sha256 = hashlib.sha256(pack.read_bytes()).hexdigest()
    results = parallel._parse_parts(pack, sha256, [(0, 71), (71, 125)], None, 2)
    first = next(results)
    spooled = _appearing(lambda: list(tmp_path.glob("kentparse-parts-*/*.pickle")))
    assert _results_of(sha256) == [first.document.part]
    second = next(results)
    assert not spooled[0].exists()
    assert sorted([first.document.part, second.document.part]) == [(1, 71), (72, 125)]
    assert next(results, None) is None
    assert list(tmp_path.glob("kentparse-parts-*")) == []


def _results_of(sha256: str) -> list[tuple[int, int] | None]:
    """The parts of the pack with this SHA-256 whose results are alive in this process."""
    alive = [found for found in gc.get_objects() if isinstance(found, ParseResult)]
    return [result.document.part for result in alive if result.document.sha256 == sha256]


def _appearing(found: Callable[[], list[Path]], seconds: float = 120.0) -> list[Path]:
    """What `found` gives once it gives something (within `seconds`)."""
    give_up = time.monotonic() + seconds
    while not (paths := found()):
        assert time.monotonic() < give_up, "no part was spooled"
        time.sleep(0.05)
    return paths


def test_each_part_is_let_go_of_once_loaded(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No part's result is held while the next part is parsed: not by the CLI, the loader or the
    pack's own loop (`itertools.chain([first], ...)` held the first to the end, a `for` loop's
    variable each last one until the next came)."""
    from kentparse import parallel

    parse_parts = parallel._parse_parts
    alive_when_next_asked: list[bool] = []

    def watched(*arguments: object) -> Iterator[object]:
        previous = None
        for result in parse_parts(*arguments):  # type: ignore[arg-type]
            if previous is not None:
                alive_when_next_asked.append(previous() is not None)
            previous = weakref.ref(result.document)
            yield result
            del result

    monkeypatch.setattr(parallel, "_parse_parts", watched)
    result = CliRunner().invoke(app, ["ingest", str(pack), "--db", str(tmp_path / "k.duckdb"), "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    assert alive_when_next_asked == [False]


def test_prepended_gives_the_first_then_the_rest_holding_none_given() -> None:
    from kentparse.iterate import prepended
    from kentparse.model import Document

    first = Document("a.pdf", "0" * 64, "application/pdf", [])
    watched = weakref.ref(first)
    items = prepended(first, iter([Document("b.pdf", "1" * 64, "application/pdf", [])]))
    del first
    assert next(items).path == "a.pdf"
    assert watched() is None
    assert [item.path for item in items] == ["b.pdf"]


def test_a_file_among_several_is_spooled_whole_and_read_back_when_taken(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Among several files, a worker parses a one-part file whole, without splitting it again (the
    writer has), and pickles its document to the spool (keeping none, sending no bytes back); the
    writer reads it back only when it takes it."""
    from kentparse import parallel

    def split_again(*arguments: object) -> object:
        raise AssertionError("the file was split again")

    monkeypatch.setattr(parallel, "file_parts", split_again)

    sha256 = hashlib.sha256(FINANCE.read_bytes()).hexdigest()
    spool = tmp_path / "spool"
    spool.mkdir()
    alive = _results_of(sha256)  # those other tests keep
    spooled = parallel._spool_file(FINANCE, None, None, str(spool))
    assert (spooled.problem, spooled.data, _results_of(sha256)) == (None, None, alive)
    assert spooled.file is not None and spooled.file.exists()
    results = iter(parallel._taken(spooled).results)
    assert ([result.document.n_pages for result in results], list(spool.iterdir())) == ([54], [])


def test_a_pack_among_several_files_is_loaded_part_by_part(pack: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(pack), str(FINANCE), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 0, result.stderr
    pack_id = hashlib.sha256(pack.read_bytes()).hexdigest()[:16]
    with duckdb.connect(str(db), read_only=True) as con:
        sql = "SELECT pack_id = ?, first_page, last_page, pages FROM documents ORDER BY pack_id = ? DESC, first_page"
        documents = con.execute(sql, [pack_id, pack_id]).fetchall()
    assert documents == [(True, 1, 71, 71), (True, 72, 125, 54), (False, 1, 54, 54)]


class _SynchronousPool:
    """Runs each job when it is submitted, and records it: (the function's name, its file, the pages)."""

    def __init__(self) -> None:
        self.submitted: list[tuple[str, str, object]] = []

    def submit(self, function: Callable[..., object], *arguments: object) -> Future[object]:
        path = arguments[0]
        assert isinstance(path, Path)
        self.submitted.append((function.__name__, path.name, arguments[-1] if len(arguments) == 5 else None))
        future: Future[object] = Future()
        future.set_result(function(*arguments))
        return future


def test_a_pack_among_several_files_is_given_to_the_workers_part_by_part(pack: Path, tmp_path: Path) -> None:
    """Files are planned and their jobs submitted in input order (a long pack's parts each a job of
    its own, the longest first; a short file one job), never more than the window (2) ahead of
    what the writer has taken; each outcome holds the file's documents in turn."""
    from kentparse import parallel

    spool = tmp_path / "spool"
    spool.mkdir()
    pool = _SynchronousPool()
    files = [FINANCE, pack, tmp_path / "missing.pdf"]
    outcomes = parallel._FileJobs(pool, str(spool), 2, (None, None), files).outcomes()  # type: ignore[arg-type]
    finance = next(outcomes)  # its job taken, the window is filled again
    assert pool.submitted == [
        ("_spool_file", FINANCE.name, None),
        ("_spooled_part", "pack.pdf", (0, 71)),
        ("_spooled_part", "pack.pdf", (71, 125)),
    ]
    assert [result.document.n_pages for result in finance.results] == [54]
    joined = next(outcomes)
    assert [result.document.part for result in joined.results] == [(1, 71), (72, 125)]
    missing = next(outcomes)
    unread = "cannot read: No such file or directory"
    assert (missing.problem, next(outcomes, None), list(spool.iterdir())) == (unread, None, [])


def test_a_pack_that_fails_among_several_files_is_a_failure_and_the_next_file_loads(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack's second part fails in its worker: the pack is rolled back to a `failed` row, what
    remains of its jobs is dropped, the next file is loaded, and the spool is gone."""
    from kentparse import parallel
    from kentparse.errors import InputError

    parse_part = parallel.parse_file_part

    def failing_second(path: Path, data: bytes, sha256: str, pages: tuple[int, int], timeout: float | None) -> object:
        if pages[0] > 0:
            raise InputError(str(path), "broken on purpose")
        return parse_part(path, data, sha256, pages, timeout)

    monkeypatch.setattr(parallel, "parse_file_part", failing_second)  # the forked workers inherit it
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    db = tmp_path / "k.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(pack), str(FINANCE), "--db", str(db), "--workers", "2"])
    assert (result.exit_code, f"kentparse: {pack}: broken on purpose\n" in result.stderr) == (1, True)
    with duckdb.connect(str(db), read_only=True) as con:
        documents = con.execute("SELECT status, pages, error FROM documents ORDER BY pages").fetchall()
    assert documents == [("failed", 0, "broken on purpose"), ("ok", 54, None)]
    assert list(tmp_path.glob("kentparse-parts-*")) == []
