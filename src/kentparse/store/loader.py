"""Load parse results into DuckDB: one transaction per document, nothing partial."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from kentparse import __version__
from kentparse.errors import KentparseError
from kentparse.iterate import prepended
from kentparse.pipeline import ParseResult
from kentparse.records import Record
from kentparse.store.ddl import all_ddl, record_models

Outcome = str  # "loaded" | "unchanged"


@dataclass(frozen=True, slots=True)
class LoadReport:
    doc_id: str
    outcome: Outcome
    superseded: tuple[str, ...] = ()


_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


class DatabaseBusyError(KentparseError):
    """Another process holds the database: DuckDB allows one writing process at a time."""


#: rows per row group written by the loader: DuckDB writes a transaction's full row groups to
#: the database file as it goes ("optimistic writes"), so with small groups the one transaction
#: of a long pack holds little in memory (with the default 122,880 rows, every row until commit)
ROW_GROUP_ROWS = 2048

#: the name the database file is attached under in a writing connection
CATALOG = "kentparse"

#: DuckDB's memory in the writing process: beyond it, blocks already written to the database
#: file are evicted and temporary data spills to `<database>.tmp`. Unbounded (DuckDB's default
#: is 80 % of RAM), the writer kept more of a long pack's blocks the longer the pack (peak +3 MB
#: per 584 pages); at 64 MiB it stays level from 584 to 2,336 pages. The least that loaded a
#: pack here was 12 MiB at 584 pages and 16 MiB at 2,336 (a part's rows and the transaction's
#: indexes must stay in memory): 64 MiB is four times what a 2,336-page file needs.
WRITER_MEMORY = "64MiB"


def connect(db_path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the database file; a writing one has the schema created or brought up to date."""
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path), read_only=True) if read_only else _attached(db_path)
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        holder = _LOCK_HOLDER.search(str(error))
        pid = f" (PID {holder.group(1)})" if holder else ""
        raise DatabaseBusyError(
            f"database {db_path} is in use by another kentparse process{pid}: try again when it has finished"
        ) from error
    if not read_only:
        for statement in all_ddl():
            con.execute(statement)
    return con


def _attached(db_path: Path) -> duckdb.DuckDBPyConnection:
    """The file attached for writing with small row groups (`ROW_GROUP_ROWS`) and made the default,
    in a DuckDB of bounded memory (`WRITER_MEMORY`)."""
    con = duckdb.connect()
    quoted = str(db_path).replace("'", "''")
    try:
        con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")
        con.execute(f"SET temp_directory = '{quoted}.tmp'")
        con.execute(f"ATTACH '{quoted}' AS {CATALOG} (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
        con.execute(f"USE {CATALOG}")
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def load(con: duckdb.DuckDBPyConnection, result: ParseResult, path: str) -> LoadReport:
    """Load one document (a whole file) in one transaction."""
    reports: list[LoadReport] = []
    load_file(con, [result], path, lambda _, report: reports.append(report))
    return reports[0]


def load_file(
    con: duckdb.DuckDBPyConnection,
    results: Iterable[ParseResult],
    path: str,
    loaded: Callable[[ParseResult, LoadReport], None],
) -> None:
    """Load the documents of one file (one, or the parts of a pack, taken from `results` as they
    are parsed) in one transaction: all of them or, if any fails, none. `loaded` is told of each
    document once it is written, so the caller keeps what it needs of the result, not the result.

    Bytes already loaded (under any path) are not loaded again: each document is reported
    `unchanged`. Earlier rows of the same bytes (a failure, or parts of an older split) are
    replaced; other files at the same path are superseded.
    """
    documents = iter(results)
    first = next(documents)
    sha256, first_id = first.document.sha256, first.document.doc_id
    documents = prepended(first, documents)
    # each document is let go of once loaded, not held while the next is parsed: for the parts
    # of a long pack, each one held longer raised the writer's peak memory by a part
    del first
    if _already_loaded(con, sha256):
        for result in documents:
            loaded(result, LoadReport(result.document.doc_id, "unchanged"))
            del result
        return
    with transaction(con):
        _delete_file(con, sha256)
        superseded = _supersede_older(con, path, sha256, first_id)
        for result in documents:
            _insert_document(con, result, path)
            _insert_raw(con, result)
            insert_records(
                con,
                [
                    *result.extracted.records,
                    *result.extracted.rejects,
                    *result.extracted.findings,
                    *result.extracted.coverage,
                ],
            )
            loaded(result, LoadReport(result.document.doc_id, "loaded", superseded))
            del result


def _already_loaded(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    found = con.execute("SELECT 1 FROM documents WHERE sha256 = ? AND status <> 'failed' LIMIT 1", [sha256])
    return found.fetchone() is not None


def _delete_file(con: duckdb.DuckDBPyConnection, sha256: str) -> None:
    """Every row of every document read from these bytes."""
    doc_ids = [row[0] for row in con.execute("SELECT doc_id FROM documents WHERE sha256 = ?", [sha256]).fetchall()]
    for doc_id in doc_ids:
        _delete_document(con, doc_id)


def _delete_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    for table in ["raw_lines", "raw_cells", "raw_tables", *(model.table for model in record_models()), "documents"]:
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])


def _supersede_older(con: duckdb.DuckDBPyConnection, path: str, sha256: str, by: str) -> tuple[str, ...]:
    """Mark the documents of other bytes at `path` superseded (by `by`); their doc_ids."""
    rows = con.execute(
        "SELECT doc_id FROM documents WHERE path = ? AND sha256 <> ? AND status <> 'superseded' ORDER BY doc_id",
        [path, sha256],
    ).fetchall()
    older = tuple(row[0] for row in rows)
    for old in older:
        con.execute("UPDATE documents SET status = 'superseded', superseded_by = ? WHERE doc_id = ?", [by, old])
    return older


_DOCUMENT_COLUMNS = (
    "doc_id, path, sha256, media_type, pages, title, status, kinds, ingested_at, kentparse_version, error, "
    "pack_id, first_page, last_page"
)


def _insert_document(con: duckdb.DuckDBPyConnection, result: ParseResult, path: str) -> None:
    document = result.document
    con.execute(
        f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
        [
            document.doc_id,
            path,
            document.sha256,
            document.media_type,
            document.n_pages,
            document.title,
            result.status,
            ",".join(result.kinds) or None,
            _now(),
            __version__,
            document.file_id,
            document.first_page,
            document.last_page,
        ],
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record_failure(con: duckdb.DuckDBPyConnection, path: str, data: bytes | None, problem: str) -> str:
    """A `failed` documents row for a file that could not be parsed; returns its doc_id.

    The doc_id is that of the bytes (of the path when they could not be read). A document
    already loaded from the same bytes is left alone; an older failure of them is replaced.
    """
    sha256 = hashlib.sha256(data if data is not None else path.encode()).hexdigest()
    doc_id = sha256[:16]
    with transaction(con):
        if _already_loaded(con, sha256):
            return doc_id
        con.execute("DELETE FROM documents WHERE sha256 = ?", [sha256])
        con.execute(
            f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, 0, NULL, 'failed', NULL, ?, ?, ?, ?, NULL, NULL)",
            [doc_id, path, sha256, _media_type(path, data), _now(), __version__, problem, doc_id],
        )
    return doc_id


def _media_type(path: str, data: bytes | None) -> str:
    from kentparse.sources import sniff

    try:
        return sniff(path, data) if data is not None else "unknown"
    except KentparseError:
        return "unknown"


def _insert_raw(con: duckdb.DuckDBPyConnection, result: ParseResult) -> None:
    document = result.document
    kinds = _piece_kinds(result)
    tables = [
        (document.doc_id, no, t.page, t.title, t.n_rows, t.n_cols, kinds.get(no))
        for no, t in enumerate(document.tables)
    ]
    cells = [
        (document.doc_id, no, r, c, cell.text, row.page, row.line)
        for no, t in enumerate(document.tables)
        for r, row in enumerate(t.rows)
        for c, cell in enumerate(row.cells)
    ]
    _insert_frame(con, "raw_tables", ["doc_id", "table_no", "page", "title", "n_rows", "n_cols", "kind"], tables)
    _insert_frame(con, "raw_cells", ["doc_id", "table_no", "row", "col", "text", "page", "line"], cells)
    lines = [(document.doc_id, no, line.page, line.line, line.text) for no, line in enumerate(document.lines)]
    _insert_frame(con, "raw_lines", ["doc_id", "line_no", "page", "line", "text"], lines)


def _piece_kinds(result: ParseResult) -> dict[int, str]:
    """The kind of every physical table, through the logical table it is a piece of."""
    index = {id(piece): no for no, piece in enumerate(result.document.tables)}
    kinds: dict[int, str] = {}
    for table in result.tables:
        kind = result.table_kinds.get(table.table_no)
        if kind:
            kinds.update({index[id(piece)]: kind for piece in table.pieces})
    return kinds


def insert_records(con: duckdb.DuckDBPyConnection, records: Sequence[Record]) -> None:
    """Insert records into their tables (one frame per table), inside the caller's transaction.

    Public for the cross-document checks (`kentparse.reconcile`), which write their findings after load.
    """
    by_table: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_table[record.table].append(record)
    for table, rows in by_table.items():
        columns = list(type(rows[0]).model_fields)
        _insert_frame(con, table, columns, [tuple(getattr(row, c) for c in columns) for row in rows])


def _insert_frame(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: Sequence[tuple[object, ...]]
) -> None:
    """Insert `rows` as one statement: each column a list parameter, unnested side by side.

    DuckDB copies list parameters into its own values. (A registered pandas frame of Python
    objects was the earlier way: the objects stayed referenced after the insert, so the
    writer's memory grew with every page loaded.)
    """
    if not rows:
        return
    quoted = ", ".join(f'"{column}"' for column in columns)
    unnested = ", ".join(f"unnest(${number})" for number in range(1, len(columns) + 1))
    values = [list(column) for column in zip(*rows, strict=True)]
    con.execute(f"INSERT INTO {table} ({quoted}) SELECT {unnested}", values)
