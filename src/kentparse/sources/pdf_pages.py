"""Read the pages of one large PDF in several processes.

The parent opens the PDF (`pdf_source.PdfSource`) for its page count and title, then forks the
worker processes once, while it is still small; they inherit the file's bytes. Each task opens
the PDF afresh and reads a contiguous range of pages with the serial reader's own page function
(`pdf._read_page`) into a partial `Document`, then closes it, so no engine cache outlives a
range and a worker's memory stays flat however long the document. The parts
are concatenated in page order and every table's line span is shifted by the number of lines
before its part: the result is the same `Document` the serial `read_pdf` gives (checked by
tests/test_parallel.py).

Ranges are small (`CHUNK_PAGES`) so that the load balances, and every page is closed once read
(its objects are dropped). Linux only in effect: it relies on the "fork" start
method; elsewhere callers use one worker.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from kentparse.errors import InputError
from kentparse.model import Document, Line, Page, Table
from kentparse.sources import pdf
from kentparse.sources.pdf_chars import share_anew
from kentparse.sources.pdf_source import PdfInput, PdfSource

#: pages per task: small enough to balance the load and bound a worker's memory
CHUNK_PAGES = 16
#: below this many pages per worker the serial reader is faster than starting processes
MIN_PAGES_PER_WORKER = 24

#: the bytes of the PDF being read, set in the parent before the workers are forked (they inherit them)
_data: bytes = b""


@dataclass(slots=True)
class _Part:
    """The pages of one range, with line spans relative to the range's first line."""

    pages: list[Page] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def worth_splitting(n_pages: int, workers: int) -> bool:
    forks = "fork" in multiprocessing.get_all_start_methods()
    return forks and workers > 1 and n_pages >= MIN_PAGES_PER_WORKER * 2


def read_pdf_pages(
    path: str,
    data: bytes,
    sha256: str,
    max_pages: int | None,
    workers: int,
    meanwhile: Callable[[], object] | None = None,
) -> Document:
    """`pdf.read_pdf` with the pages read by `workers` processes; the same Document. `meanwhile`
    runs in this process once they are reading."""
    global _data
    try:
        with PdfSource(data) as opened:
            n_pages = len(opened)
            pdf._check_page_count(path, n_pages, max_pages)
            if not worth_splitting(n_pages, workers):
                return pdf.read_pdf(path, data, sha256, max_pages=max_pages)
            document = Document(path=path, sha256=sha256, media_type=pdf.MEDIA_TYPE, pages=[])
            document.title = pdf._title(opened.metadata())
        _data = data  # the forked workers inherit the bytes
        try:
            parts = _read_parts(n_pages, workers, meanwhile)
        finally:
            _data = b""
    except pdf._PDF_ERRORS as exc:
        raise InputError(path, pdf._problem(exc)) from exc
    for part in parts:
        _append(document, part)
    return document


def _read_parts(n_pages: int, workers: int, meanwhile: Callable[[], object] | None) -> list[_Part]:
    """The parts in page order, read by one pool of `workers` processes."""
    ranges = [(start, min(start + CHUNK_PAGES, n_pages)) for start in range(0, n_pages, CHUNK_PAGES)]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        futures: list[Future[_Part]] = [pool.submit(_read_range, start, stop) for start, stop in ranges]
        if meanwhile is not None:  # the workers are forked by now (all at the first submit)
            meanwhile()
        return [future.result() for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def read_pdf_part(path: str, data: PdfInput, sha256: str, start: int, stop: int) -> Document:
    """Pages [start, stop) (0-based) of the PDF (its bytes, or the file holding them) as a
    Document of their own (`Document.part`): one paper of a long pack (`sources.pdf_papers`)."""
    document = Document(path=path, sha256=sha256, media_type=pdf.MEDIA_TYPE, pages=[], part=(start + 1, stop))
    try:
        _read_into(document, data, start, stop)
    except pdf._PDF_ERRORS as exc:
        raise InputError(path, pdf._problem(exc)) from exc
    return document


def _read_range(start: int, stop: int) -> _Part:
    """Pages [start, stop) (0-based) of the inherited PDF, read as the serial reader reads them."""
    scratch = Document(path="", sha256="", media_type=pdf.MEDIA_TYPE, pages=[])
    _read_into(scratch, _data, start, stop)
    return _Part(scratch.pages, scratch.lines, scratch.tables)


def _read_into(document: Document, data: PdfInput, start: int, stop: int) -> None:
    """Pages [start, stop) (0-based) of the PDF `data` (bytes or a file) appended to `document`."""
    share_anew()
    with PdfSource(data) as opened:
        for index in range(start, stop):
            page = opened.page(index)
            pdf._read_page(page, document)
            page.close()


def _append(document: Document, part: _Part) -> None:
    offset = len(document.lines)
    for table in part.tables:
        table.start_index += offset
        table.end_index += offset
    document.pages.extend(part.pages)
    document.lines.extend(part.lines)
    document.tables.extend(part.tables)
