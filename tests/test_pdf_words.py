"""`pdf_words` gives pdfplumber's own words, cell text and text lines for upright characters.

Checked on every page and table of the real papers by the engine and golden tests; here on
small hand-made pages with the cases that matter: ligatures, blanks, tight and wide gaps, a
character stepping back, lines within and beyond the y tolerance, and the fallback cases.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import pytest
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import chars_to_textmap, extract_text

from kentparse.sources import pdf_words

Char = dict[str, Any]


def _chars(text: str, x0: float, top: float, size: float = 10.0, advance: float = 5.0) -> list[Char]:
    found = []
    for index, letter in enumerate(text):
        left = x0 + index * advance
        found.append(
            {"text": letter, "x0": left, "x1": left + advance, "top": top, "bottom": top + size, "size": size}
            | {"upright": True, "doctop": top}
        )
    return found


PAGES = {
    "two words": _chars("Total spend", 10, 100),
    "ligature": _chars("e\ufb03cient", 10, 100),
    "tight gap joins": _chars("ab", 10, 100) + _chars("cd", 21.4, 100),
    "wide gap splits": _chars("ab", 10, 100) + _chars("cd", 21.6, 100),
    "step back": _chars("abc", 50, 100) + _chars("xy", 40, 100.5),
    "two lines": _chars("first line", 10, 100) + _chars("second", 10, 114),
    "within tolerance": _chars("low", 10, 100) + _chars("high", 60, 102.5),
    "beyond tolerance": _chars("low", 10, 100) + _chars("high", 60, 103.5),
    "out of order": _chars("second", 10, 114) + _chars("first", 10, 100) + _chars("again", 60, 114),
}
SETTINGS: list[dict[str, Any]] = [{"x_tolerance_ratio": 0.15}, {}, {"x_tolerance": 1, "y_tolerance": 1}]


@pytest.mark.parametrize("settings", SETTINGS, ids=str)
@pytest.mark.parametrize("name", list(PAGES))
def test_text_is_pdfplumbers(name: str, settings: dict[str, Any]) -> None:
    chars = PAGES[name]
    assert pdf_words.upright_only(chars)
    assert pdf_words.text(chars, **settings) == extract_text(chars, **settings)


@pytest.mark.parametrize("name", list(PAGES))
def test_text_lines_are_pdfplumbers(name: str) -> None:
    chars = PAGES[name]
    expected = chars_to_textmap(chars, x_tolerance_ratio=0.15, layout_bbox=(0, 0, 600, 800)).extract_text_lines()
    found = [line for line, _ in pdf_words.text_lines(chars, x_tolerance_ratio=0.15)]
    assert [(line["text"], line["x0"], line["top"], line["x1"], line["bottom"]) for line in found] == [
        (line["text"], line["x0"], line["top"], line["x1"], line["bottom"]) for line in expected
    ]


def test_expected_words() -> None:
    assert pdf_words.text(PAGES["wide gap splits"], x_tolerance_ratio=0.15) == "ab cd"
    assert pdf_words.text(PAGES["ligature"]) == "efficient"
    assert pdf_words.text(PAGES["out of order"]) == "first\nsecond again"


def test_rotated_or_odd_characters_go_to_pdfplumber() -> None:
    rotated = [dict(char, upright=False) for char in _chars("up", 10, 100)]
    assert not pdf_words.upright_only(rotated)
    assert not pdf_words.upright_only([*_chars("a", 10, 100), dict(_chars("b", 20, 100)[0], text="")])
    assert not pdf_words.upright_only([dict(_chars("b", 20, 100)[0], text="a b")])
    assert pdf_words.upright_only([dict(_chars("b", 20, 100)[0], text="(cid:3)")])


CLUSTER_CASES = {
    "chained within tolerance": [5.0, 1.0, 3.0, 9.5, 7.0, 20.0],
    "repeats and ties": [2.0, 2.0, 8.0, 2.0, 5.5, 8.0],
    "descending": [30.0, 20.0, 10.0, 0.0],
    "one": [4.0],
    "none": [],
}


@pytest.mark.parametrize("tolerance", [0, 1, 3])
@pytest.mark.parametrize("name", list(CLUSTER_CASES))
def test_clusters_are_pdfplumbers_cluster_objects(name: str, tolerance: float) -> None:
    items = [{"top": top, "order": index} for index, top in enumerate(CLUSTER_CASES[name])]
    top = itemgetter("top")
    assert pdf_words.clusters(items, top, tolerance) == cluster_objects(items, top, tolerance)
