"""Readers: bytes of a file → the source-neutral `Document`. The file's type is sniffed
from its bytes, not trusted from its name."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from kentparse.errors import InputError
from kentparse.model import Document

PDF_MAGIC = b"%PDF-"
_FOREIGN_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP or Word/Excel (OOXML) file"),
    (b"\xd0\xcf\x11\xe0", "a Word/Excel (OLE) file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)
SUFFIXES = (".pdf", ".txt")


def sniff(path: str, data: bytes) -> str:
    """The media type the bytes hold, or InputError when it is none we read."""
    suffix = Path(path).suffix.lower()
    if not data:
        raise InputError(path, "empty file")
    if PDF_MAGIC in data[:1024]:
        return "application/pdf"
    for magic, name in _FOREIGN_SIGNATURES:
        if data.startswith(magic):
            raise InputError(path, f"not a PDF or text file: it is {name}")
    head = data[:512].lstrip().lower()
    if suffix == ".pdf" and head.startswith((b"<!doctype html", b"<html")):
        raise InputError(path, "not a PDF: it is an HTML page")
    if suffix == ".pdf":
        raise InputError(path, "not a PDF: no %PDF header")
    return "text/plain"


def part_ranges(
    path: str, data: bytes, max_pages: int | None = None, meanwhile: Callable[[], object] | None = None
) -> list[tuple[int, int]]:
    """The page ranges ([start, stop), 0-based) in which the file is read: the papers of a long
    PDF pack (`sources.pdf_papers`), otherwise one range for the whole file ((0, 0) for text).
    `meanwhile` is called while a long PDF's structure is scanned in another process."""
    if sniff(path, data) != "application/pdf":
        return [(0, 0)]
    from kentparse.sources import pdf
    from kentparse.sources.pdf_papers import paper_ranges
    from kentparse.sources.pdf_source import PdfSource

    try:
        with PdfSource(data) as opened:
            n_pages = len(opened)
    except pdf._PDF_ERRORS as exc:
        raise InputError(path, pdf._problem(exc)) from exc
    pdf._check_page_count(path, n_pages, max_pages)
    return paper_ranges(data, n_pages, meanwhile=meanwhile)


def read_document(
    path: str,
    data: bytes,
    max_pages: int | None = None,
    workers: int = 1,
    meanwhile: Callable[[], object] | None = None,
) -> Document:
    """The Document of `data`; a long PDF's pages are read by `workers` processes (same result).

    `meanwhile` is called while those processes read (the caller's own preparation, which would
    otherwise wait for them); it is not called when the pages are read in this process.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    media_type = sniff(path, data)
    if media_type == "application/pdf":
        from kentparse.sources.pdf import read_pdf
        from kentparse.sources.pdf_pages import read_pdf_pages
        from kentparse.text_layer import refuse_if_no_text

        if workers > 1:
            document = read_pdf_pages(path, data, sha256, max_pages, workers, meanwhile)
        else:
            document = read_pdf(path, data, sha256, max_pages=max_pages)
        refuse_if_no_text(document)
        return document
    from kentparse.sources.text import read_text

    return read_text(path, data, sha256)
