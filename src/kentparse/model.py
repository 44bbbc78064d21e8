"""The source-neutral document model.

Every reader (text, PDF) produces a `Document`; everything downstream reads only this.
Provenance travels with every piece: page number (1-based), line number (1-based, text
sources) and bbox (PDF points, top-left origin: x0, top, x1, bottom).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

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


class Words(Sequence[Word]):
    """A line's words, packed: their texts in one string, where each ends in one array, and
    their x0/x1 in another.

    A long PDF has hundreds of thousands of words; as one object each they were most of a
    `Document`'s memory and of the time spent pickling pages between processes. A `Words`
    compares equal to any sequence of the same `Word`s.
    """

    __slots__ = ("_edges", "_ends", "_text")

    def __init__(self, words: Iterable[Word]) -> None:
        listed = list(words)
        self._text = "".join(word.text for word in listed)
        ends = array("I")
        end = 0
        for word in listed:
            end += len(word.text)
            ends.append(end)
        self._ends = ends
        self._edges = array("d", [edge for word in listed for edge in (word.x0, word.x1)])

    def __len__(self) -> int:
        return len(self._ends)

    def __iter__(self) -> Iterator[Word]:
        text, edges, start = self._text, self._edges, 0
        for index, end in enumerate(self._ends):
            yield Word(text[start:end], edges[2 * index], edges[2 * index + 1])
            start = end

    @overload
    def __getitem__(self, index: int) -> Word: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Word, ...]: ...

    def __getitem__(self, index: int | slice) -> Word | tuple[Word, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        position = range(len(self._ends))[index]  # IndexError as a tuple raises it
        start = self._ends[position - 1] if position else 0
        edges = self._edges
        return Word(self._text[start : self._ends[position]], edges[2 * position], edges[2 * position + 1])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Words):
            return (self._text, self._ends, self._edges) == (other._text, other._ends, other._edges)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Words({list(self)!r})"

    def __reduce__(self) -> tuple[object, tuple[str, bytes, bytes]]:
        return _unpack_words, (self._text, self._ends.tobytes(), self._edges.tobytes())


def _unpack_words(text: str, ends: bytes, edges: bytes) -> Words:
    words = Words.__new__(Words)
    words._text = text
    words._ends = array("I", ends)
    words._edges = array("d", edges)
    return words


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    page: int
    line: int | None = None
    bbox: BBox | None = None
    #: the line's words left to right with their x positions (PDF sources; empty for text),
    #: stored packed (`Words`) whatever sequence was given
    words: Sequence[Word] = ()

    def __post_init__(self) -> None:
        if self.words and not isinstance(self.words, Words):
            object.__setattr__(self, "words", Words(self.words))

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # positional, not a dict of slots: a PDF's lines cross between processes by the ten thousand
        return Line, (self.text, self.page, self.line, self.bbox, self.words)


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
    #: the pages (1-based, inclusive) of the file this Document holds when the file was read in
    #: parts (the papers of a long pack, `sources.pdf_papers`); None: the whole file
    part: tuple[int, int] | None = None

    @property
    def doc_id(self) -> str:
        """The first 16 hex digits of the file's SHA-256; for a part, of the SHA-256 of the file's
        digest and the part's pages, so each part of a file is a document of its own."""
        if self.part is None:
            return self.sha256[:16]
        first, last = self.part
        return hashlib.sha256(f"{self.sha256}:{first}-{last}".encode()).hexdigest()[:16]

    @property
    def file_id(self) -> str:
        """The doc_id of the whole file (the same as doc_id unless this is a part of it)."""
        return self.sha256[:16]

    @property
    def first_page(self) -> int:
        return self.part[0] if self.part else 1

    @property
    def last_page(self) -> int:
        return self.part[1] if self.part else len(self.pages)

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    def text_lines(self) -> list[str]:
        return [line.text for line in self.lines]
