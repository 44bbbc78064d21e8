"""Read the pages of one large PDF in several processes.

The parent opens the PDF (`pdf_source.PdfSource`: parsing its xref and page tree once) and forks the
worker processes, which inherit the open file; each task reads a contiguous range of pages with
the serial reader's own page function (`pdf._read_page`) into a partial `Document`. The parts
are concatenated in page order and every table's line span is shifted by the number of lines
before its part: the result is the same `Document` the serial `read_pdf` gives (checked by
tests/test_parallel.py).

Ranges are small (`CHUNK_PAGES`) so that the load balances, and every page is closed once read
(its objects are dropped). Linux only in effect: it relies on the "fork" start
method; elsewhere callers use one worker.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kentparse.errors import InputError
from kentparse.model import Document, Line, Page, Table
from kentparse.sources import pdf
from kentparse.sources.pdf_source import PdfSource

#: pages per task: small enough to balance the load and bound a worker's memory
CHUNK_PAGES = 16
#: ranges each worker process reads before it is replaced by a fresh fork of the parent
RANGES_PER_WORKER = 6
#: below this many pages per worker the serial reader is faster than starting processes
MIN_PAGES_PER_WORKER = 24

#: the PDF being read, set in the parent before the workers are forked (they inherit it)
_opened: Any = None


@dataclass(slots=True)
class _Part:
    """The pages of one range, with line spans relative to the range's first line."""

    pages: list[Page] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def worth_splitting(n_pages: int, workers: int) -> bool:
    forks = "fork" in multiprocessing.get_all_start_methods()
    return forks and workers > 1 and n_pages >= MIN_PAGES_PER_WORKER * 2


def read_pdf_pages(path: str, data: bytes, sha256: str, max_pages: int | None, workers: int) -> Document:
    """`pdf.read_pdf` with the pages read by `workers` processes; the same Document."""
    global _opened
    try:
        with PdfSource(data) as opened:
            n_pages = len(opened)
            pdf._check_page_count(path, n_pages, max_pages)
            if not worth_splitting(n_pages, workers):
                return pdf.read_pdf(path, data, sha256, max_pages=max_pages)
            document = Document(path=path, sha256=sha256, media_type=pdf.MEDIA_TYPE, pages=[])
            document.title = pdf._title(opened.metadata())
            _opened = opened  # the forked workers inherit the open file: no re-parsing of its xref
            try:
                parts = _read_parts(n_pages, workers)
            finally:
                _opened = None
    except pdf._PDF_ERRORS as exc:
        raise InputError(path, pdf._problem(exc)) from exc
    for part in parts:
        _append(document, part)
    return document


def _read_parts(n_pages: int, workers: int) -> list[_Part]:
    """The parts in page order; a fresh pool per `RANGES_PER_WORKER × workers` ranges, so that no
    worker's pdfminer object cache (which grows with every page it reads) outlives ~100 pages."""
    ranges = [(start, min(start + CHUNK_PAGES, n_pages)) for start in range(0, n_pages, CHUNK_PAGES)]
    batch = RANGES_PER_WORKER * workers
    return [
        part for first in range(0, len(ranges), batch) for part in _read_batch(ranges[first : first + batch], workers)
    ]


def _read_batch(ranges: list[tuple[int, int]], workers: int) -> list[_Part]:
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        futures: list[Future[_Part]] = [pool.submit(_read_range, start, stop) for start, stop in ranges]
        return [future.result() for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read_range(start: int, stop: int) -> _Part:
    """Pages [start, stop) (0-based) of the inherited open PDF, read as the serial reader reads them."""
    scratch = Document(path="", sha256="", media_type=pdf.MEDIA_TYPE, pages=[])
    for index in range(start, stop):
        page = _opened.page(index)
        pdf._read_page(page, scratch)
        page.close()
    return _Part(scratch.pages, scratch.lines, scratch.tables)


def _append(document: Document, part: _Part) -> None:
    offset = len(document.lines)
    for table in part.tables:
        table.start_index += offset
        table.end_index += offset
    document.pages.extend(part.pages)
    document.lines.extend(part.lines)
    document.tables.extend(part.tables)
