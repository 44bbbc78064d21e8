"""Read the pages of one large PDF in several processes.

Each worker process gets the PDF's bytes once (pool initializer), opens them with pdfplumber
and reads a contiguous range of pages with the serial reader's own page function
(`pdf._read_page`) into a partial `Document`; the parts are concatenated in page order and
every table's line span is shifted by the number of lines before its part. The result is the
same `Document` the serial `read_pdf` gives (tests/test_parallel.py checks that).

Ranges are small (`CHUNK_PAGES`) and each is read from a freshly opened file that is closed
afterwards, so that memory does not grow with the page count: pdfminer caches every object it
resolves for as long as the file is open.
"""

from __future__ import annotations

import io
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

import pdfplumber

from kentparse.errors import InputError
from kentparse.model import Document, Line, Page, Table
from kentparse.sources import pdf

#: pages per task: small enough to balance the load and bound a worker's memory
CHUNK_PAGES = 16
#: below this many pages per worker the serial reader is faster than starting processes
MIN_PAGES_PER_WORKER = 24

_data: bytes = b""


@dataclass(slots=True)
class _Part:
    """The pages of one range, with line spans relative to the range's first line."""

    pages: list[Page] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def worth_splitting(n_pages: int, workers: int) -> bool:
    return workers > 1 and n_pages >= MIN_PAGES_PER_WORKER * 2


def read_pdf_pages(path: str, data: bytes, sha256: str, max_pages: int | None, workers: int) -> Document:
    """`pdf.read_pdf` with the pages read by `workers` processes; the same Document."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as opened:
            n_pages = len(opened.pages)
            pdf._check_page_count(path, n_pages, max_pages)
            title = pdf._title(opened.metadata)
    except pdf._PDF_ERRORS as exc:
        raise InputError(path, pdf._problem(exc)) from exc
    if not worth_splitting(n_pages, workers):
        return pdf.read_pdf(path, data, sha256, max_pages=max_pages)
    document = Document(path=path, sha256=sha256, media_type=pdf.MEDIA_TYPE, pages=[], title=title)
    for part in _read_parts(path, data, n_pages, workers):
        _append(document, part)
    return document


def _read_parts(path: str, data: bytes, n_pages: int, workers: int) -> list[_Part]:
    ranges = [(start, min(start + CHUNK_PAGES, n_pages)) for start in range(0, n_pages, CHUNK_PAGES)]
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_remember,
        initargs=(data,),
    )
    try:
        futures: list[Future[_Part]] = [pool.submit(_read_range, start, stop) for start, stop in ranges]
        return [future.result() for future in futures]
    except pdf._PDF_ERRORS as exc:
        raise InputError(path, pdf._problem(exc)) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _remember(data: bytes) -> None:
    global _data
    _data = data


def _read_range(start: int, stop: int) -> _Part:
    """Pages [start, stop) of the remembered PDF (0-based), read as the serial reader reads them."""
    scratch = Document(path="", sha256="", media_type=pdf.MEDIA_TYPE, pages=[])
    with pdfplumber.open(io.BytesIO(_data), pages=list(range(start + 1, stop + 1))) as opened:
        for plumber_page in opened.pages:
            pdf._read_page(plumber_page, scratch)
            plumber_page.close()
    return _Part(scratch.pages, scratch.lines, scratch.tables)


def _append(document: Document, part: _Part) -> None:
    offset = len(document.lines)
    for table in part.tables:
        table.start_index += offset
        table.end_index += offset
    document.pages.extend(part.pages)
    document.lines.extend(part.lines)
    document.tables.extend(part.tables)
