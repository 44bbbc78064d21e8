"""Read a PDF into the source-neutral `Document` model with pdfplumber's algorithms.

Every page is parsed once: its characters give the page's text lines (all of them, table
text included) and, on pages that draw any rules, pdfplumber's ruled-table finder gives the
tables.  Coordinates are PDF points with a top-left origin: (x0, top, x1, bottom).

Why pdfplumber and not camelot for tables: docs/pdf-table-engines.md.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdfexceptions import PDFException
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page as PlumberPage
from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from kentparse.errors import InputError
from kentparse.model import BBox, Cell, Document, Line, Page, Row, Table
from kentparse.sources.pdf_arrows import mark_arrow_cells
from kentparse.sources.pdf_cells import cell_texts
from kentparse.sources.pdf_chars import TEXT_SETTINGS, share_anew, shared_point, text_lines
from kentparse.sources.pdf_prepare import prepared_page
from kentparse.sources.pdf_source import PdfSource

MEDIA_TYPE = "application/pdf"

ENCRYPTED = "encrypted PDF: cannot read without a password"
CORRUPT = "not a readable PDF (corrupt or truncated)"
NO_PAGES = "PDF has no pages"

#: a line whose top lies this far above a table's top edge still counts as inside it
_EDGE_TOLERANCE = 1.0

#: what pdfplumber/pdfminer raise on a file they cannot parse (pdfplumber wraps most
#: pdfminer errors in PdfminerException, keeping the original as args[0])
_PDF_ERRORS = (PdfminerException, MalformedPDFException, PDFException, PSException)


def read_pdf(path: str, data: bytes, sha256: str, max_pages: int | None = None) -> Document:
    """Parse `data` (the bytes of the PDF at `path`) into a `Document`.

    The pages are read by the engine `pdf_source` chooses (pdfium unless told otherwise).
    Raises `InputError` for an encrypted, corrupt, empty or over-long PDF.
    """
    share_anew()
    try:
        with PdfSource(data) as pdf:
            _check_page_count(path, len(pdf), max_pages)
            document = Document(
                path=path,
                sha256=sha256,
                media_type=MEDIA_TYPE,
                pages=[],
                title=_title(pdf.metadata()),
            )
            for index in range(len(pdf)):
                page = pdf.page(index)
                _read_page(page, document)
                page.close()
    except _PDF_ERRORS as exc:
        raise InputError(path, _problem(exc)) from exc
    return document


def _check_page_count(path: str, n_pages: int, max_pages: int | None) -> None:
    if n_pages == 0:
        raise InputError(path, NO_PAGES)
    if max_pages is not None and n_pages > max_pages:
        raise InputError(path, f"PDF has {n_pages} pages, more than the limit of {max_pages} (--max-pages)")


def _problem(exc: BaseException) -> str:
    """The user-facing problem text for a parser exception."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFEncryptionError):
        return ENCRYPTED
    return CORRUPT


def _title(metadata: dict[str, Any]) -> str | None:
    title = metadata.get("Title")
    if isinstance(title, bytes):
        title = title.decode("latin-1")
    if isinstance(title, str) and title.strip():
        return title.strip()
    return None


def _read_page(raw_page: PlumberPage, document: Document) -> None:
    """Append one page, its lines and its tables to `document`. The cleaned page made from
    `raw_page` is closed here (the caller closes `raw_page`): a pdfplumber page is in reference
    cycles (`get_textmap`), so unclosed it would keep every character until a full collection."""
    plumber_page = prepared_page(raw_page)
    try:
        _read_prepared(plumber_page, document)
    finally:
        if plumber_page is not raw_page:
            plumber_page.close()


def _read_prepared(plumber_page: PlumberPage, document: Document) -> None:
    number = plumber_page.page_number
    document.pages.append(
        Page(
            number=number,
            width=float(plumber_page.width),
            height=float(plumber_page.height),
            text_chars=len(plumber_page.chars),
            images=len(plumber_page.images),
        )
    )
    first_line = len(document.lines)
    document.lines.extend(_page_lines(plumber_page))
    if not _may_hold_table(plumber_page):
        return
    tops = [line.bbox[1] for line in document.lines[first_line:] if line.bbox is not None]
    for found in plumber_page.find_tables():
        table = _table(found, number)
        if table is None:
            continue
        mark_arrow_cells(table, plumber_page.curves, float(plumber_page.height))
        table.start_index, table.end_index = _line_span(tops, first_line, table.bbox)
        document.tables.append(table)


def _page_lines(plumber_page: PlumberPage) -> list[Line]:
    """Every visual text line of the page, top to bottom."""
    number = plumber_page.page_number
    lines = [
        Line(text=found["text"], page=number, bbox=_bbox(found), words=words)
        for found, words in text_lines(plumber_page)
    ]
    lines.sort(key=lambda line: (line.bbox[1], line.bbox[0]) if line.bbox else (0.0, 0.0))
    return lines


def _may_hold_table(plumber_page: PlumberPage) -> bool:
    """The lines strategy builds tables only from rects, lines and curves: no edges, no table."""
    return bool(plumber_page.rects or plumber_page.lines or plumber_page.curves)


def _table(found: PlumberTable, page: int) -> Table | None:
    """Map one pdfplumber table onto the model; None for a table with no text at all.

    Tables without text are drawings (logos made of curves, rows of colour swatches), not
    data: dropping them keeps downstream extractors from tripping over them.
    """
    rows = [
        Row(cells=_cells(plumber_row.cells, texts), page=page, bbox=_round_bbox(plumber_row.bbox))
        for plumber_row, texts in zip(found.rows, cell_texts(found, **TEXT_SETTINGS), strict=True)
    ]
    if all(row.is_blank() for row in rows):
        return None
    return Table(rows=rows, page=page, bbox=_round_bbox(found.bbox))


def _cells(bboxes: Sequence[BBox | None], texts: Sequence[str | None]) -> tuple[Cell, ...]:
    """A row's cells; a cell covered by a spanning neighbour (bbox None) comes back empty."""
    return tuple(
        Cell("", None) if bbox is None else Cell(text or "", _round_bbox(bbox))
        for bbox, text in zip(bboxes, texts, strict=True)
    )


def _line_span(tops: list[float], first_line: int, bbox: BBox | None) -> tuple[int, int]:
    """Half-open global span of the page's lines whose top falls inside `bbox`.

    `tops` are the tops of the page's lines (sorted), `first_line` the global index of the
    page's first line.
    """
    if bbox is None:
        return first_line, first_line
    start = bisect_left(tops, bbox[1] - _EDGE_TOLERANCE)
    end = max(start, bisect_left(tops, bbox[3]))
    return first_line + start, first_line + end


def _bbox(obj: dict[str, Any]) -> BBox:
    return _round_bbox((obj["x0"], obj["top"], obj["x1"], obj["bottom"]))


def _round_bbox(bbox: Iterable[float]) -> BBox:
    x0, top, x1, bottom = (shared_point(v) for v in bbox)
    return (x0, top, x1, bottom)
