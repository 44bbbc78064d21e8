"""A pdfplumber `Page` whose objects come from pdfium (`pdfium_objects`), not pdfminer.

Everything pdfplumber computes from a page's objects (text lines, words, edges, the table
finder, `filter`, `crop`) works on it unchanged, so the PDF reader's page function
(`pdf._read_page`) reads it exactly as it reads a pdfplumber page. It has no pdfminer page
behind it: `layout`, `annots`, `structure_tree` and `to_image` are not available.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pdfplumber.page import Page as PlumberPage

from kentparse.sources.pdfium_objects import Frame, page_objects

#: pdfium gives the MediaBox as float32; pdfminer rounds the same numbers to 8 decimals
_MEDIABOX_DIGITS = 8


class PdfiumPage(PlumberPage):
    """One page read by pdfium, presented as a pdfplumber page."""

    def __init__(self, page_number: int, bbox: tuple[float, float, float, float], objects: dict[str, list[Any]]):
        # pdfplumber's Page.__init__ needs a pdfminer page; set what it would set instead
        self.pdf: Any = None
        self.root_page = self
        self.page_obj: Any = None
        self.page_number = page_number
        self.initial_doctop = 0
        self.rotation = 0
        self.mediabox = bbox
        self.cropbox = bbox
        self.bbox = bbox
        self.get_textmap = lru_cache()(self._get_textmap)
        self._objects = objects

    @property
    def objects(self) -> dict[str, list[Any]]:
        return self._objects


def read_page(document: Any, index: int) -> PdfiumPage | None:
    """Page `index` (0-based) of a pypdfium2 `PdfDocument`; None for a page this reader does not
    handle (a rotated page: pdfplumber reads it instead)."""
    page = document[index]
    try:
        if page.get_rotation() % 360:
            return None
        x0, y0, x1, y1 = (round(value, _MEDIABOX_DIGITS) for value in page.get_mediabox())
        height = y1 - y0
        frame = Frame(page_number=index + 1, top_of=height, doctop=0.0)
        textpage = page.get_textpage()
        try:
            objects = page_objects(page, textpage, frame)
        finally:
            textpage.close()
    finally:
        page.close()
    return PdfiumPage(index + 1, (x0, -y0, x1, height - y0), objects)
