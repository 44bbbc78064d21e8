"""Small text normalisers shared by extractors."""

from __future__ import annotations

import re

_WRAP_HYPHEN = re.compile(r"(?<=\w)-\n(?=\w)")
_WHITESPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Cell text with wrapping undone: line breaks and runs of spaces become one space.

    A line that ends in a hyphen right after a letter was broken inside a hyphenated word
    ("Holt-" / "Castle"), so the hyphen is kept and no space is added.
    """
    return _WHITESPACE.sub(" ", _WRAP_HYPHEN.sub("-", text)).strip()


def or_none(text: str) -> str | None:
    cleaned = one_line(text)
    return cleaned or None
