"""The source-neutral document model.

Every reader (text, PDF) produces a `Document`; everything downstream reads only this.
Provenance travels with every piece: page number (1-based), line number (1-based, text
sources) and bbox (PDF points, top-left origin: x0, top, x1, bottom).
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    page: int
    line: int | None = None
    bbox: BBox | None = None

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    def is_blank(self) -> bool:
        return all(not cell.text.strip() for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a PDF line and its horizontal extent (PDF points from the page's left edge)."""

    text: str
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    page: int
    line: int | None = None
    bbox: BBox | None = None
    #: the line's words left to right with their x positions (PDF sources; empty for text)
    words: tuple[Word, ...] = ()


@dataclass(slots=True)
class Table:
    """A table as found on one page (or a run of text lines)."""

    rows: list[Row]
    page: int
    line: int | None = None
    bbox: BBox | None = None
    title: str | None = None
    #: half-open span [start_index, end_index) of `Document.lines` the table covers; lines
    #: before start_index precede it in reading order (titles), lines from end_index follow it
    start_index: int = 0
    end_index: int = 0
    #: pages this table spans once continuation pieces are stitched on
    last_page: int | None = None

    @property
    def n_cols(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)

    @property
    def n_rows(self) -> int:
        return len(self.rows)


@dataclass(slots=True)
class Page:
    number: int
    width: float | None = None
    height: float | None = None
    #: characters of text found on the page; 0 on a scanned page with no text layer
    text_chars: int = 0
    #: images drawn on the page: a page with images and no text is a scan that needs OCR
    images: int = 0


@dataclass(slots=True, weakref_slot=True)
class Document:
    """One input file: its pages, all its text lines in reading order, and its tables.

    `lines` holds every line of text, table text included, so text-block extractors can read
    what the table finder saw too; tables point into it with their line span.
    """

    path: str
    sha256: str
    media_type: str
    pages: list[Page]
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    title: str | None = None

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    def text_lines(self) -> list[str]:
        return [line.text for line in self.lines]
