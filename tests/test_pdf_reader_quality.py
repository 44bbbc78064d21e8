"""The PDF reader's character and word preparation: duplicate and ghost characters dropped,
gradient strips ignored by the table finder, words with their x positions."""

from __future__ import annotations

from typing import Any

import pytest

from golden import KCC, parsed
from kentparse.model import Word
from kentparse.sources.pdf_chars import hidden_chars
from kentparse.sources.pdf_shading import gradient_strips

REGISTER = KCC / "cabinet" / "2025-01-30" / "originals" / "Appendix I Budget Risk Register 22.01.25.pdf"
needs_register = pytest.mark.skipif(not REGISTER.exists(), reason=f"{REGISTER} absent (../shared not mounted)")


def _run(text: str, x0: float, top: float, size: float, font: str = "Arial") -> list[dict[str, Any]]:
    """Characters of one text run, each `size * 0.6` wide."""
    width = size * 0.6
    return [
        {
            "text": letter,
            "x0": x0 + i * width,
            "x1": x0 + (i + 1) * width,
            "top": top,
            "bottom": top + size,
            "fontname": font,
            "size": size,
            "upright": True,
        }
        for i, letter in enumerate(text)
    ]


def _texts(chars: list[dict[str, Any]]) -> str:
    return "".join(char["text"] for char in chars)


def test_a_heading_printed_over_two_runs_is_the_ghost() -> None:
    heading = _run("Significant Risks", 20, 100, 14, "Bold")
    first = _run("ALL", 20, 98, 11)
    second = _run("Income", 60, 98, 11)
    below = _run("Other text", 20, 130, 11)
    assert _texts(hidden_chars(heading + first + second + below)) == "Significant Risks"


def test_text_that_does_not_overlap_is_kept() -> None:
    line = _run("Total", 20, 100, 11) + _run("Total", 60, 100, 11, "Bold") + _run("next line", 20, 113, 11)
    assert hidden_chars(line) == []


def test_a_page_stamp_over_a_line_of_text_is_dropped_not_the_line() -> None:
    body = _run("There are 330 young adults in this service", 36, 790, 12)
    stamp = _run("Page 14", 100, 794, 12, "Helvetica")
    assert _texts(hidden_chars(body + stamp)) == "Page 14"


def test_a_character_painted_twice_is_dropped_once() -> None:
    word = _run("Bold", 20, 100, 11)
    again = [dict(char, x0=char["x0"] + 0.3, x1=char["x1"] + 0.3) for char in word]
    assert _texts(hidden_chars(word + again)) == "Bold"


def _strip(top: float, bottom: float, colour: float, x0: float = 23.0, x1: float = 93.0) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "fill": True,
        "stroke": False,
        "non_stroking_color": (colour,),
    }


def test_a_stack_of_thin_strips_is_a_gradient_but_rules_and_row_backgrounds_are_not() -> None:
    gradient = [_strip(176 + 1.6 * i, 177.6 + 1.6 * i, 0.5 + i / 100) for i in range(10)]
    rule = _strip(304.0, 305.0, 0.0, 23.0, 1144.0)
    zebra = [_strip(400 + 15 * i, 415 + 15 * i, 0.9 - (i % 2) / 10) for i in range(4)]
    pair = [_strip(500, 501.5, 0.2), _strip(501.5, 503, 0.3)]
    triple_rule = [_strip(600 + 0.96 * i, 600.48 + 0.96 * i, 0.0) for i in range(3)]
    same_colour_stack = [_strip(700 + 1.5 * i, 701.5 + 1.5 * i, 0.0) for i in range(4)]
    others = [rule, *zebra, *pair, *triple_rule, *same_colour_stack]
    assert gradient_strips([*gradient, *others]) == gradient


@needs_register
def test_register_heading_no_longer_garbles_the_first_row_of_each_page() -> None:
    lines = parsed(REGISTER).document.lines
    page_two = [line.text for line in lines if line.page == 2]
    assert page_two[7].startswith("ASCH / Market The long term impact of Covid-19 is still If staffing")
    assert [line.page for line in lines if "Significant Risks" in line.text] == [1]


@needs_register
def test_register_gradient_cell_does_not_split_its_row() -> None:
    tables = [table for table in parsed(REGISTER).document.tables if table.page == 10]
    titles = [row.cells[1].text for table in tables for row in table.rows if len(row.cells) > 1]
    reduction = "Reduction in\nDFE grants for\ncentral services\nfor schools and\nreview of school\nservices\n"
    assert reduction + "provided by the\nLocal Authority" in titles
    assert "Uplift in Public\nHealth Grant" in titles


@needs_register
def test_pdf_lines_carry_their_words_with_x_positions() -> None:
    lines = parsed(REGISTER).document.lines
    assert all(" ".join(word.text for word in line.words) == line.text for line in lines)
    total = next(line for line in lines if line.text.startswith("TOTAL £m"))
    assert [word.text for word in total.words] == ["TOTAL", "£m", "334.7", "290.0"]
    assert all(isinstance(word, Word) and word.x0 < word.x1 for word in total.words)
    assert [word.x0 for word in total.words] == sorted(word.x0 for word in total.words)
