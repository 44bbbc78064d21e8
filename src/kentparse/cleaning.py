"""Small text normalisers shared by extractors."""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Cell text with wrapping undone: line breaks and runs of spaces become one space.

    A line that ends in a hyphen keeps it and still gets a space: from the layout alone a
    compound broken at its hyphen ("Holt-" / "Castle") cannot be told from a dash before a
    space ("issues-" / "more"), and no character of the paper is ever dropped.
    """
    return _WHITESPACE.sub(" ", text).strip()


def or_none(text: str) -> str | None:
    cleaned = one_line(text)
    return cleaned or None


_FOOTNOTE_MARKS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def without_footnote_marks(text: str) -> str:
    """Text without footnote marks (superscript digits, as the PDF reader reads them: "38¹")."""
    return _FOOTNOTE_MARKS.sub("", text)
