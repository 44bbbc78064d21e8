"""The contract between segmentation and the extractors.

A table extractor declares the header signature of the tables it reads; segmentation routes a
table to the extractor whose signature its header row matches best (rapidfuzz, not exact
strings). A text extractor reads the lines of a document itself. Extractors see only the
source-neutral model: never a PDF, never the database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz

from kentparse.model import Document, Row, Table
from kentparse.records import Coverage, Finding, Record, Reject

_NON_WORD = re.compile(r"[^\w£%]+")


@lru_cache(maxsize=1 << 16)  # routing normalises every alias for every header cell: memoised
def normalise_header(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


@dataclass(frozen=True, slots=True)
class Column:
    """One expected column: the field it fills and the header wordings it goes by."""

    field: str
    aliases: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    row_index: int
    columns: dict[str, int]
    score: float


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: the memos below key on it
class HeaderSignature:
    columns: tuple[Column, ...]
    min_score: float = 80.0
    #: how many leading rows may hold the header
    search_rows: int = 3

    def match(self, table: Table) -> HeaderMatch | None:
        return self.match_rows(table.rows)

    def match_rows(self, rows: list[Row]) -> HeaderMatch | None:
        """The best header among the leading rows, if one matches every required column."""
        best: HeaderMatch | None = None
        for index, row in enumerate(rows[: self.search_rows]):
            found = self._match_row(index, row)
            if found and (best is None or found.score > best.score):
                best = found
        return best

    def _match_row(self, index: int, row: Row) -> HeaderMatch | None:
        found = _header_columns(self, tuple(row.texts))
        if found is None:
            return None
        assigned, mean = found
        return HeaderMatch(index, dict(assigned), mean)

    @staticmethod
    def _score(column: Column, cell: str) -> float:
        """How well a normalised header cell matches a column: its best alias score."""
        return max(_alias_score(normalise_header(alias), cell) for alias in column.aliases)


#: a header row's columns, (field, cell position) each, and its mean score
_FoundColumns = tuple[tuple[tuple[str, int], ...], float]


#: header rows probed again and again (every signature tries the leading rows of every table,
#: and the laid-out table finder probes candidate header lines): memoised by signature and row.
#: The memos are small (the recent rows and cells) so that a worker parsing part after part of a
#: long pack holds about as much whatever the pack's length; larger ones were hardly faster
@lru_cache(maxsize=1 << 11)
def _header_columns(signature: HeaderSignature, texts: tuple[str, ...]) -> _FoundColumns | None:
    """Each column's cell (field, position) and the mean score of the required ones, when the
    row matches every required column: the best scores are assigned first, one cell per column."""
    scored = sorted(
        (
            (score, column.field, position)
            for position, cell in enumerate(map(normalise_header, texts))
            if cell
            for column, score in zip(signature.columns, _cell_scores(signature, cell), strict=True)
        ),
        reverse=True,
    )
    assigned: dict[str, int] = {}
    scores: dict[str, float] = {}
    for score, name, position in scored:
        if score < signature.min_score or name in assigned or position in assigned.values():
            continue
        assigned[name] = position
        scores[name] = score
    required = [column.field for column in signature.columns if column.required]
    if any(name not in assigned for name in required):
        return None
    mean = sum(scores[name] for name in required) / len(required)
    return tuple(assigned.items()), mean


@lru_cache(maxsize=1 << 12)
def _cell_scores(signature: HeaderSignature, cell: str) -> tuple[float, ...]:
    """The signature's score of a normalised header cell for each of its columns."""
    return tuple(signature._score(column, cell) for column in signature.columns)


def _alias_score(alias: str, cell: str) -> float:
    """How well a header cell matches an alias: whole-cell similarity, or the cell opening with it.
    Not memoised: it runs only for a cell `_cell_scores` has not met, and a memo of it was hit
    about once in eight calls while holding the most memory of the three."""
    whole = fuzz.ratio(alias, cell)
    opening = fuzz.ratio(alias, cell[: len(alias)]) if len(cell) > len(alias) else 0.0
    return max(whole, opening * 0.95)


@dataclass(slots=True)
class LogicalTable:
    """A table as the reader meant it: page pieces stitched, repeated headers dropped."""

    table_no: int
    pieces: list[Table]
    rows: list[Row]
    title: str | None
    #: rows dropped as repeated headers, and rows merged into the row above (page breaks)
    repeated_headers: int = 0
    merged_rows: int = 0

    @property
    def page(self) -> int:
        return self.pieces[0].page

    @property
    def line(self) -> int | None:
        return self.pieces[0].line


def table_coverage(
    doc_id: str,
    kind: str,
    table: LogicalTable,
    *,
    header_rows: int,
    structural_rows: int,
    records: int,
    rejects: int,
    rows_seen: int | None = None,
) -> Coverage:
    """The coverage row of one recognised table (rows_seen defaults to every row of it)."""
    return Coverage(
        doc_id=doc_id,
        table_no=table.table_no,
        kind=kind,
        title=table.title,
        page=table.page,
        rows_seen=len(table.rows) if rows_seen is None else rows_seen,
        header_rows=header_rows,
        structural_rows=structural_rows,
        records=records,
        rejects=rejects,
    )


def text_coverage(doc_id: str, kind: str, title: str | None, records: Sequence[Record]) -> Coverage:
    """The coverage row of a text extractor whose every block found became a record."""
    return Coverage(
        doc_id=doc_id,
        table_no=-1,
        kind=kind,
        title=title,
        page=getattr(records[0], "page", 1),
        rows_seen=len(records),
        header_rows=0,
        structural_rows=0,
        records=len(records),
        rejects=0,
    )


@dataclass(slots=True)
class ExtractResult:
    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)

    def extend(self, other: ExtractResult) -> None:
        self.records.extend(other.records)
        self.rejects.extend(other.rejects)
        self.findings.extend(other.findings)
        self.coverage.extend(other.coverage)


@dataclass(frozen=True, slots=True)
class Context:
    """What an extractor may know about where a table sits."""

    doc_id: str
    document: Document
    #: titles of every recognised table of this kind in the document (for cross-references)
    sibling_titles: tuple[str, ...] = ()


class TableExtractor(Protocol):
    kind: str
    signature: HeaderSignature

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult: ...


class TextExtractor(Protocol):
    kind: str

    def extract_text(self, document: Document, context: Context) -> ExtractResult: ...
