"""Footnote marks set as small raised digits become superscript characters."""

from __future__ import annotations

from typing import Any

from kentparse.sources.pdf_superscripts import mark_superscripts


def _char(text: str, x0: float, size: float = 12.0, bottom: float = 105.0) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + size * 0.55, "size": size, "bottom": bottom}


def _line(*chars: dict[str, Any]) -> str:
    return "".join(char["text"] for char in chars)


def test_raised_small_digits_after_a_number_are_a_footnote_mark() -> None:
    three, eight = _char("3", 100.0), _char("8", 106.6)
    one = _char("1", 113.2, size=8.0, bottom=100.6)
    two = _char("2", 117.6, size=8.0, bottom=100.6)
    chars = [three, eight, one, two, _char(" ", 122.0), _char("i", 125.0)]
    assert mark_superscripts(chars) == 2
    assert _line(*chars) == "38¹² i"


def test_digits_at_the_same_size_or_baseline_are_left_alone() -> None:
    same_size = [_char("3", 100.0), _char("8", 106.6), _char("1", 113.2)]
    small_not_raised = [_char("3", 100.0), _char("1", 106.6, size=8.0, bottom=105.0)]
    apart = [_char("3", 100.0), _char("1", 120.0, size=8.0, bottom=100.6)]
    for chars in (same_size, small_not_raised, apart):
        before = _line(*chars)
        assert mark_superscripts(chars) == 0
        assert _line(*chars) == before
