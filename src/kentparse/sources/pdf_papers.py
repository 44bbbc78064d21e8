"""Where the papers of a merged PDF (an agenda pack) begin, from the file's structure alone.

A pack is made by joining the PDFs of its papers. Each paper's pages keep using that paper's
own font objects (a Word export shares one font dictionary across its pages), so a page that
uses none of the font objects of the pages before it is where one original file ended and
another began. The text is not read for this (pypdf looks at each page's /Resources only,
about 0.1 ms a page), so it costs nothing next to reading the pages.

The boundaries are grouped into parts of at least `MIN_PART_PAGES` pages: a part is never cut
inside a run of pages sharing fonts, a short paper joins the ones after it, and a short tail
joins the part before it. So every PDF shorter than twice that is one part, as is a long
paper made as one file, and a long pack becomes parts that can be parsed one at a time.
"""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

#: the fewest pages a part has (the last part may have up to twice as many)
MIN_PART_PAGES = 32

PageRange = tuple[int, int]
"""Pages [start, stop), 0-based."""


def paper_ranges(
    data: bytes, n_pages: int, min_pages: int = MIN_PART_PAGES, meanwhile: Callable[[], object] | None = None
) -> list[PageRange]:
    """The parts of the PDF in `data` ([0, n_pages) when it is not worth splitting, or its
    structure cannot be read). `meanwhile` is called while the structure is scanned (in
    another process), if it is."""
    if n_pages < 2 * min_pages:
        return [(0, n_pages)]
    fonts = _font_objects_apart(data, meanwhile or _nothing)
    if fonts is None or len(fonts) != n_pages:
        return [(0, n_pages)]
    return group_runs(font_runs(fonts), min_pages)


def font_runs(fonts: list[frozenset[int]]) -> list[PageRange]:
    """Runs of pages where each page uses a font object of the run so far (a page with no
    fonts, a scan or a blank page, stays in the run it follows)."""
    runs: list[PageRange] = []
    start, seen = 0, set[int]()
    for index, page_fonts in enumerate(fonts):
        if page_fonts and seen and not page_fonts & seen:
            runs.append((start, index))
            start, seen = index, set()
        seen |= page_fonts
    runs.append((start, len(fonts)))
    return runs


def group_runs(runs: list[PageRange], min_pages: int) -> list[PageRange]:
    """Consecutive runs joined into parts of at least `min_pages` pages; a short tail joins
    the part before it."""
    parts: list[PageRange] = []
    start = runs[0][0]
    for _, stop in runs:
        if stop - start >= min_pages:
            parts.append((start, stop))
            start = stop
    last = runs[-1][1]
    if start < last:
        if parts:
            parts[-1] = (parts[-1][0], last)
        else:
            parts.append((start, last))
    return parts


#: the bytes being scanned, set before the scanning process forks (it inherits them)
_scanning: bytes = b""


def _nothing() -> None:
    return None


def _font_objects_apart(data: bytes, meanwhile: Callable[[], object]) -> list[frozenset[int]] | None:
    """`_page_font_objects` in a forked process: pypdf's objects for a long pack take tens of MB,
    which this process would keep (as its peak, and as freed but unreturned memory) however
    long it runs afterwards."""
    if "fork" not in multiprocessing.get_all_start_methods():
        meanwhile()
        return _page_font_objects(data)
    global _scanning
    _scanning = data
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as scanner:
            scanned = scanner.submit(_scan_inherited)
            meanwhile()
            return scanned.result()
    except BrokenProcessPool:
        return None
    finally:
        _scanning = b""


def _scan_inherited() -> list[frozenset[int]] | None:
    return _page_font_objects(_scanning)


def _page_font_objects(data: bytes) -> list[frozenset[int]] | None:
    """The object numbers of the fonts each page's resources name; None if pypdf cannot tell."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    try:
        reader = PdfReader(io.BufferedReader(_BytesReader(data)))
        pages: list[frozenset[int]] = []
        for page in reader.pages:
            resources = page.get("/Resources")
            fonts = resources.get_object().get("/Font") if resources is not None else None
            named = fonts.get_object().values() if fonts is not None else ()
            pages.append(frozenset(ref.idnum for ref in named if isinstance(ref, IndirectObject)))
        return pages
    except Exception:  # a structure pypdf cannot follow: read the file as one part, as before
        return None


class _BytesReader(io.RawIOBase):
    """A seekable read-only stream over bytes that copies only what is read: pypdf on a
    `BytesIO` of a pack made the BytesIO copy the whole pack (40 MB for 2,336 pages)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._view = memoryview(data)
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        chunk = self._view[self._position : self._position + len(memoryview(buffer))]
        memoryview(buffer)[: len(chunk)] = chunk
        self._position += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        origin = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}[whence]
        self._position = max(0, origin + offset)
        return self._position

    def tell(self) -> int:
        return self._position
