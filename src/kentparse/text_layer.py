"""Pages without a text layer: scanned images that need OCR, which kentparse does not do.

A page counts as scanned when it draws images and holds no text characters; a page with
neither is simply blank. A document whose every page is blank or scanned (and at least one
scanned) is refused; a document with some scanned pages is read as `partial`, with a
`needs_ocr` finding per scanned page.
"""

from __future__ import annotations

from kentparse.errors import InputError
from kentparse.model import Document
from kentparse.records import Finding

CHECK = "needs_ocr"


def pages_needing_ocr(document: Document) -> list[int]:
    return [page.number for page in document.pages if page.text_chars == 0 and page.images > 0]


def describe_pages(numbers: list[int]) -> str:
    """'page 3' or 'pages 1-3, 7'."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    text = ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)
    return ("page " if len(numbers) == 1 else "pages ") + text


def ocr_warning(document: Document) -> str | None:
    """The one-line warning for a document with scanned pages, None when it has none."""
    scanned = pages_needing_ocr(document)
    if not scanned:
        return None
    verb = "has" if len(scanned) == 1 else "have"
    return f"{document.path}: warning: {describe_pages(scanned)} {verb} no text layer (scanned): needs OCR"


NO_TEXT = "no text layer on any page (scanned images): needs OCR"


def refuse_if_no_text(document: Document) -> None:
    """InputError for a document with no text at all whose pages are scans."""
    if any(page.text_chars for page in document.pages):
        return
    if pages_needing_ocr(document):
        raise InputError(document.path, NO_TEXT)


def text_layer_findings(document: Document) -> list[Finding]:
    return [
        Finding(
            doc_id=document.doc_id,
            check=CHECK,
            severity="warning",
            message=f"page {number} has no text layer (scanned image): needs OCR; nothing on it was read",
            page=number,
        )
        for number in pages_needing_ocr(document)
    ]
