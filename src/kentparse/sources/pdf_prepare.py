"""Clean a pdfplumber page before text and table extraction.

Drops duplicate and ghost characters (`pdf_chars.hidden_chars`) and gradient strips that the
table finder would take for rules (`pdf_shading.gradient_strips`); everything else is kept.
"""

from __future__ import annotations

from typing import Any

from pdfplumber.page import Page as PlumberPage

from kentparse.sources.pdf_chars import hidden_chars
from kentparse.sources.pdf_shading import gradient_strips


def prepared_page(page: PlumberPage) -> PlumberPage:
    """`page` without duplicate or ghost characters and without gradient strips."""
    unwanted = {id(obj) for obj in hidden_chars(page.chars)} | {id(obj) for obj in gradient_strips(page.rects)}
    if not unwanted:
        return page

    def wanted(obj: dict[str, Any]) -> bool:
        return id(obj) not in unwanted

    return page.filter(wanted)
