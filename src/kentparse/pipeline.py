"""Parse one document: read → segment → extract → validate. A pure function of the bytes."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kentparse.extractors.base import Context, ExtractResult, LogicalTable
from kentparse.extractors.registry import Route, route, table_extractors, text_extractors
from kentparse.model import Document
from kentparse.records import Finding
from kentparse.segment import logical_tables
from kentparse.sources import read_document
from kentparse.text_layer import CHECK as NEEDS_OCR
from kentparse.text_layer import text_layer_findings
from kentparse.validate import run_checks
from kentparse.validate.coverage import coverage_findings

if TYPE_CHECKING:
    from kentparse.sources.pdf_source import PdfInput

UNRECOGNISED = "unrecognised"


@dataclass(slots=True)
class ParseResult:
    document: Document
    tables: list[LogicalTable]
    #: kind of each recognised logical table, by table_no
    table_kinds: dict[int, str]
    extracted: ExtractResult = field(default_factory=ExtractResult)

    @property
    def kinds(self) -> list[str]:
        return sorted(set(self.table_kinds.values()) | self.text_kinds)

    @property
    def text_kinds(self) -> set[str]:
        return {c.kind for c in self.extracted.coverage if c.table_no < 0}

    @property
    def status(self) -> str:
        scanned = any(finding.check == NEEDS_OCR for finding in self.extracted.findings)
        return "partial" if self.extracted.rejects or scanned else "ok"

    def records_per_table(self) -> dict[str, int]:
        return dict(Counter(record.table for record in self.extracted.records))


def parse_bytes(path: str, data: bytes, max_pages: int | None = None, workers: int = 1) -> ParseResult:
    """Pure: the same bytes give the same result, whatever `workers` (processes reading a PDF's pages).

    The ParseResult is picklable, so this can run in a worker process or on another machine.
    """
    document = read_document(path, data, max_pages=max_pages, workers=workers, meanwhile=load_extractors)
    return parse_document(document)


def parse_part(path: str, data: PdfInput, sha256: str, start: int, stop: int) -> ParseResult:
    """Pure, like `parse_bytes`: pages [start, stop) of the PDF `data` (its bytes, or the file
    holding the bytes whose SHA-256 is `sha256`) parsed as a document of their own (one paper
    of a long pack: `sources.part_ranges`)."""
    from kentparse.sources.pdf_pages import read_pdf_part

    return parse_document(read_pdf_part(path, data, sha256, start, stop))


def load_extractors() -> None:
    """Import every extractor (spaCy among them): done while a PDF's pages are read elsewhere,
    it costs no waiting."""
    table_extractors()
    text_extractors()


def parse_document(document: Document) -> ParseResult:
    tables = logical_tables(document)
    extractors = table_extractors()
    routes = {table.table_no: found for table in tables if (found := route(table, extractors))}
    result = ParseResult(document, tables, {no: r.extractor.kind for no, r in routes.items()})
    titles = _titles_by_kind(tables, routes)
    for table in tables:
        if table.table_no in routes:
            found = routes[table.table_no]
            context = Context(document.doc_id, document, titles[found.extractor.kind])
            result.extracted.extend(found.extractor.extract(table, found.header, context))
    for extractor in text_extractors():
        result.extracted.extend(extractor.extract_text(document, Context(document.doc_id, document)))
    result.extracted.findings.extend(run_checks(result.extracted.records))
    result.extracted.findings.extend(coverage_findings(document.doc_id, result.table_kinds, result.extracted))
    result.extracted.findings.extend(text_layer_findings(document))
    result.extracted.findings.extend(_unrecognised(result))
    return result


def _unrecognised(result: ParseResult) -> list[Finding]:
    """An info finding for a document no extractor recognised: only the raw layer holds it."""
    if result.kinds:
        return []
    message = "no extractor recognised any table or text block: only raw_lines, raw_tables and raw_cells hold it"
    return [Finding(doc_id=result.document.doc_id, check=UNRECOGNISED, severity="info", message=message)]


def _titles_by_kind(tables: list[LogicalTable], routes: dict[int, Route]) -> dict[str, tuple[str, ...]]:
    titles: dict[str, list[str]] = defaultdict(list)
    for table in tables:
        if table.table_no in routes and table.title:
            titles[routes[table.table_no].extractor.kind].append(table.title)
    return {kind: tuple(names) for kind, names in titles.items()}
