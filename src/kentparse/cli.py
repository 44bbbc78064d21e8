"""The `kentparse` command line."""

from __future__ import annotations

import csv
import gc
import json
import os
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table as RichTable

from kentparse import __version__
from kentparse.errors import InputError, KentparseError
from kentparse.guard import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT, read_bytes
from kentparse.inputs import NoInputError, expand_paths
from kentparse.iterate import prepended
from kentparse.parallel import Parsed, default_workers, parse_all, parse_lazily
from kentparse.pipeline import ParseResult
from kentparse.reconcile import reconcile
from kentparse.schemas import write_schemas
from kentparse.sources.pdf_source import ENGINE_VARIABLE, ENGINES
from kentparse.store.loader import LoadReport, connect, load_file, record_failure
from kentparse.text_layer import ocr_warning
from kentparse.validate.coverage import COVERAGE_CHECKS

DEFAULT_DB = Path("out/kentparse.duckdb")
app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Council cabinet papers into validated, queryable DuckDB tables."
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
if not out.is_terminal:
    out.width = 200

PathsArg = Annotated[list[str], typer.Argument(help="Files, folders or glob patterns (.pdf, .txt).")]
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks of errors.")]
MaxPagesOption = Annotated[
    int, typer.Option("--max-pages", help="Refuse PDFs with more pages than this (0: no limit).")
]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        "-j",
        help="Processes parsing documents, or the papers or pages of one long PDF (default: all cores).",
    ),
]
PdfEngineOption = Annotated[
    str,
    typer.Option(
        "--pdf-engine",
        help="What reads PDF pages: pdfium (fast, default) or pdfplumber (pdfminer, for comparison).",
        envvar="KENTPARSE_PDF_ENGINE",
    ),
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", help="Give up on a document after this many seconds (0: no limit).")
]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


def _version(value: bool) -> None:
    if value:
        out.print(f"kentparse {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Council cabinet papers into validated, queryable DuckDB tables."""
    gc.set_threshold(*GC_THRESHOLDS)


#: reading a PDF makes a dict per character and parsing keeps tens of thousands of lines alive,
#: almost none of them in reference cycles: Python's default young-generation threshold (700
#: allocations) had the collector running thousands of times a page for nothing (5 % of reading
#: and 9 % of parsing time, measured); worker processes inherit the setting
GC_THRESHOLDS = (50_000, 20, 20)


@contextmanager
def _errors_reported(verbose: bool) -> Iterator[None]:
    try:
        yield
    except NoInputError as error:
        _fail(error, verbose, code=2)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except (KentparseError, duckdb.Error, OSError) as error:
        _fail(error, verbose, code=1)


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (`kentparse query ... | head`): stop quietly, like cat."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(0)


def _fail(error: Exception, verbose: bool, code: int) -> None:
    if verbose:
        traceback.print_exception(error, file=sys.stderr)
    err.print(f"kentparse: {error}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code)


def _parse(path: Path, max_pages: int, timeout: float) -> Iterator[ParseResult]:
    """The file's documents (the papers of a long pack each on its own), parsed as they are taken."""
    parsed = parse_lazily(path, max_pages or None, timeout or None, workers=1)
    if parsed.error is not None:
        raise parsed.error
    yield from parsed.results


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOption = DEFAULT_DB,
    max_pages: MaxPagesOption = DEFAULT_MAX_PAGES,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    workers: WorkersOption = 0,
    verbose: VerboseOption = False,
    pdf_engine: PdfEngineOption = "pdfium",
) -> None:
    """Parse papers and load them into the DuckDB file, one transaction per document.

    A file that fails is reported on stderr; with one file nothing is written, with several it
    gets a `failed` documents row, the others are loaded, and the exit code is 1.
    """
    if pdf_engine not in ENGINES:
        raise typer.BadParameter(f"{pdf_engine!r}: one of {', '.join(ENGINES)}", param_hint="--pdf-engine")
    with _errors_reported(verbose), _pdf_engine(pdf_engine):
        files = expand_paths(paths)
        batch = _Batch(db, max_pages, timeout, verbose, single=len(files) == 1, workers=workers or default_workers())
        try:
            batch.run(files)
        finally:
            batch.close()
        _print_summary(batch.summaries, batch.failed)
        if batch.failed:
            raise typer.Exit(1)


@contextmanager
def _pdf_engine(engine: str) -> Iterator[None]:
    """`engine` reads PDF pages meanwhile (sources.pdf_source reads the variable; workers inherit it)."""
    before = os.environ.get(ENGINE_VARIABLE)
    os.environ[ENGINE_VARIABLE] = engine
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENGINE_VARIABLE, None)
        else:
            os.environ[ENGINE_VARIABLE] = before


@dataclass
class _Batch:
    """One `ingest` run: the connection, the loaded documents and the failed files."""

    db: Path
    max_pages: int
    timeout: float
    verbose: bool
    single: bool
    workers: int = 1
    con: duckdb.DuckDBPyConnection | None = None
    summaries: list[SummaryRow] = field(default_factory=list)
    failed: list[tuple[Path, InputError]] = field(default_factory=list)
    #: the database file did not exist before this run opened it
    created: bool = False

    def run(self, files: list[Path]) -> None:
        if not self.single or self.db.exists():
            self._connect()  # a busy database stops the run before any parsing
        with Progress(console=err, transient=True, disable=self.single or not err.is_terminal) as progress:
            task = progress.add_task("ingesting", total=len(files))
            limits = (self.max_pages or None, self.timeout or None)
            for parsed in parse_all(files, self.workers, *limits):
                progress.update(task, description=parsed.path.name[:40])
                self._one(parsed)
                progress.advance(task)

    def _one(self, parsed: Parsed) -> None:
        try:
            if parsed.error is not None:
                raise parsed.error
            self._load(parsed.path, parsed.results)
        except InputError as error:
            self._failure(parsed.path, parsed.data if parsed.data is not None else _bytes_or_none(parsed.path), error)

    def _load(self, path: Path, results: Iterable[ParseResult]) -> None:
        """Load the file's documents as they are parsed; the first is parsed before the database
        is opened, so a file that cannot be read leaves no database behind."""
        documents = iter(results)
        first = next(documents, None)
        if first is None:
            return
        documents = prepended(first, documents)
        del first  # `load_file` lets go of each document once loaded
        self._connect()
        assert self.con is not None
        rows: list[tuple[int, SummaryRow]] = []

        def loaded(result: ParseResult, report: LoadReport) -> None:
            _warn(ocr_warning(result.document))
            rows.append((result.document.first_page, _summary_row(path, result, report)))

        try:
            load_file(self.con, documents, str(path.resolve()), loaded)
        except InputError:
            raise
        except Exception as error:
            problem = f"could not be loaded, nothing of it was written ({type(error).__name__}: {error})"
            raise InputError(str(path), problem) from error
        self.summaries.extend(row for _, row in sorted(rows))

    def _connect(self) -> None:
        if self.con is None:
            self.created = not self.db.exists()
            self.con = connect(self.db)

    def _failure(self, path: Path, data: bytes | None, error: InputError) -> None:
        if self.single:
            self._forget_created()
            raise error
        if self.verbose:
            traceback.print_exception(error, file=sys.stderr)
        _warn(str(error))
        self.failed.append((path, error))
        assert self.con is not None
        record_failure(self.con, str(path.resolve()), data, error.problem)

    def _forget_created(self) -> None:
        """A database this run created for a file that then failed is removed: as if never run."""
        if self.con is not None and self.created:
            self.con.close()
            self.con = None
            for made in (self.db, self.db.with_name(self.db.name + ".wal")):
                made.unlink(missing_ok=True)

    def close(self) -> None:
        if self.con is not None:
            reconcile(self.con)  # checks across documents, over everything in the database
            self.con.close()


def _bytes_or_none(path: Path) -> bytes | None:
    """The file's bytes again (a parsed document's failure row is keyed by them), None if unreadable."""
    try:
        return read_bytes(path)
    except InputError:
        return None


def _warn(message: str | None) -> None:
    if message:
        err.print(f"kentparse: {message}", highlight=False, markup=False, soft_wrap=True)


SUMMARY_COLUMNS = ("document", "doc_id", "pages", "kinds", "records", "rejects", "findings", "outcome")
SummaryRow = tuple[str, str, str, str, str, str, str, str]


def _summary_row(path: Path, result: ParseResult, report: LoadReport) -> SummaryRow:
    """The summary line of a loaded document (kept instead of the parse result, so memory stays flat)."""
    extracted = result.extracted
    records = ", ".join(f"{name} {count}" for name, count in sorted(result.records_per_table().items()))
    document = result.document
    name = path.name if document.part is None else f"{path.name} pp {document.first_page}-{document.last_page}"
    return (
        name,
        report.doc_id,
        str(result.document.n_pages),
        ", ".join(result.kinds) or "(none recognised)",
        records or "-",
        str(len(extracted.rejects)),
        str(len(extracted.findings)),
        _outcome(report),
    )


def _print_summary(summaries: list[SummaryRow], failed: list[tuple[Path, InputError]]) -> None:
    table = RichTable(title="kentparse ingest")
    for column in SUMMARY_COLUMNS:
        table.add_column(column)
    for row in summaries:
        table.add_row(*row)
    for path, error in failed:
        table.add_row(path.name, "-", "-", "-", "-", "-", "-", f"FAILED: {error.problem}")
    out.print(table)


def _outcome(report: LoadReport) -> str:
    if report.outcome == "unchanged":
        return "unchanged (already ingested)"
    if report.superseded:
        return "loaded, supersedes " + ", ".join(report.superseded)
    return "loaded"


@app.command()
def validate(
    paths: PathsArg,
    strict: Annotated[bool, typer.Option("--strict", help="Also fail on warning and error findings.")] = False,
    max_pages: MaxPagesOption = DEFAULT_MAX_PAGES,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    verbose: VerboseOption = False,
) -> None:
    """Parse papers without loading them; exit 1 if any recognised table has rejects or lost rows
    (or, with --strict, warning and error findings)."""
    with _errors_reported(verbose):
        failed = False
        for path in expand_paths(paths):
            try:
                for result in _parse(path, max_pages, timeout):
                    _warn(ocr_warning(result.document))
                    failed |= _print_validation(path, result, strict)
            except KentparseError as error:
                _warn(str(error))
                failed = True
        if failed:
            raise typer.Exit(1)


def _print_validation(path: Path, result: ParseResult, strict: bool) -> bool:
    extracted = result.extracted
    serious = [f for f in extracted.findings if f.severity in ("warning", "error")]
    lost = [f for f in extracted.findings if f.check in COVERAGE_CHECKS]
    bad = bool(extracted.rejects) or bool(lost) or (strict and bool(serious))
    verdict = "FAIL" if bad else "ok"
    document = result.document
    where = f"{path}" if document.part is None else f"{path} pp {document.first_page}-{document.last_page}"
    out.print(
        f"{verdict}  {where}: kinds {', '.join(result.kinds) or '(none recognised)'}; "
        f"{len(extracted.records)} records, {len(extracted.rejects)} rejects, {len(extracted.findings)} findings",
        highlight=False,
        markup=False,
    )
    for reject in extracted.rejects:
        out.print(f"  reject page {reject.page} line {reject.line}: {reject.reason}", highlight=False, markup=False)
    for finding in serious:
        out.print(
            f"  {finding.severity} {finding.check} page {finding.page} line {finding.line}: {finding.message}",
            highlight=False,
            markup=False,
        )
    return bad


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the database (read-only).")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    verbose: VerboseOption = False,
) -> None:
    """Run SQL on the DuckDB file through a read-only connection and print the result."""
    with _errors_reported(verbose):
        if not db.exists():
            raise NoInputError(f"{db}: no such database (run kentparse ingest first)")
        con = connect(db, read_only=True)
        try:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
        finally:
            con.close()
        _print_rows(columns, rows, format)


def _print_rows(columns: list[str], rows: list[tuple[Any, ...]], format: Format) -> None:
    if format is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif format is Format.json:
        print(
            json.dumps(
                [dict(zip(columns, row, strict=True)) for row in rows], default=str, ensure_ascii=False, indent=2
            )
        )
    elif format is Format.markdown:
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for row in rows:
            print("| " + " | ".join("" if v is None else str(v).replace("|", "\\|") for v in row) + " |")
    else:
        table = RichTable()
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        out.print(table)


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of every record model, one file per table."""
    for written in write_schemas(out_dir):
        out.print(str(written), highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
