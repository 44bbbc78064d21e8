"""Where text resumes after a page break in a risk block's head, and where a PDF paragraph ends (synthetic)."""

from __future__ import annotations

import pytest

from kentparse.extractors.risk_continuation import Column, is_cut, place_cells, place_prose
from kentparse.extractors.risk_updates import ends_paragraph
from kentparse.model import Line, Word


def _head(cause: str, event: str, consequence: str, owner: str = "Jane Doe, Director") -> list[Column]:
    texts = {"cause": cause, "event": event, "consequence": consequence, "owner": owner}
    columns = [Column(index, role, text) for index, (role, text) in enumerate(texts.items())]
    return [*columns, Column(4, "likelihood", "Likely (4)"), Column(5, "impact", "Major (5)")]


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("funding systems,", True),
        ("will be included in", True),
        ("Corporate and", True),
        ("Assistant Director –", True),
        ("the school estate.", False),
        ("Loss of trust in automated decisions", False),
        ("", False),
    ],
)
def test_is_cut(text: str, cut: bool) -> None:
    assert is_cut(text) is cut


def test_cell_in_its_own_position_when_that_column_is_open() -> None:
    head = _head("Costs are rising and", "Overspend.", "Reserves fall.")
    assert place_cells({0: "more so in winter."}, head) == {0: "more so in winter."}


def test_lower_case_cell_moves_off_a_closed_column() -> None:
    head = _head("Fraud is a risk.", "A change of bank", "Loss.")
    assert place_cells({0: "details is submitted."}, head) == {1: "details is submitted."}


def test_cut_column_takes_a_cell_of_its_own() -> None:
    head = _head("Data is held.", "Processes fail.", "Loss of trust", owner="Member for Finance, Corporate and")
    cells = {0: "There is a dependency.", 1: "Poor data quality", 2: "Traded Services"}
    assert place_cells(cells, head) == {0: "There is a dependency.", 2: "Poor data quality", 3: "Traded Services"}


def test_new_paragraph_stays_in_position_on_a_closed_column() -> None:
    head = _head("Staff are scarce.", "Roles unfilled.", "Low staff morale")
    assert place_cells({0: "London pay is higher."}, head) == {0: "London pay is higher."}


def test_lower_case_prose_goes_to_the_cut_or_open_column() -> None:
    head = _head("Demand rises.", "Plans fail when confronted by", "Harm.")
    assert place_prose("several emergencies at once.", head, None, [0, 1, 2]) == [(1, "several emergencies at once.")]


def test_prose_running_two_columns_together_is_split() -> None:
    head = _head("Demand rises.", "winter pressures /cost of living", "duties under the Act and/or other")
    placed = place_prose("challenges add strain. associated legislation.", head, None, [0, 1, 2, 3])
    assert placed == [(1, "challenges add strain."), (2, "associated legislation.")]


def test_upper_case_prose_is_a_new_paragraph_of_the_column_continued_last() -> None:
    head = _head("Funding was cut. Reviews were delayed.", "Overspend.", "Reserves fall.")
    assert place_prose("Inflation persists.", head, 0, [0, 1, 2]) == [(0, "Inflation persists.")]


def test_upper_case_prose_after_a_cut_continues_it() -> None:
    head = _head("Provision funded by the", "Overspend.", "Reserves fall.")
    assert place_prose("Dedicated Schools Grant.", head, 0, [0, 1, 2, 3]) == [(0, "Dedicated Schools Grant.")]


def test_running_column_prints_its_paragraph_between_halves_of_the_cut_one() -> None:
    head = _head("Information regarding performance of", "Collapse.", "Buildings are not safe.")
    assert place_prose("Potential loss of life.", head, 0, [2]) == [(2, "Potential loss of life.")]
    head = _head("Information regarding performance of", "Collapse.", "Buildings are not safe. Loss of life.")
    assert place_prose("RAAC material has failed.", head, 2, [2]) == [(0, "RAAC material has failed.")]


def test_prose_with_nowhere_to_go() -> None:
    head = [Column(4, "likelihood", "Likely (4)")]
    assert place_prose("Something else.", head, None, []) == []


def _line(text: str, x0: float, page: int = 1) -> Line:
    words, x = [], x0
    for word in text.split():
        words.append(Word(word, x, x + 5 * len(word)))
        x += 5 * len(word) + 3
    return Line(text, page, None, (x0, 0.0, words[-1].x1, 10.0), tuple(words))


@pytest.mark.parametrize(
    ("previous", "following", "ends"),
    [
        ("Data Mapping Exercise", "The data mapping capture form is in place.", True),
        ("a line that runs all the way to the right margin of the text", "continues here", False),
        ("a line that stops one long word short of the margin", "Interdependencies follow", False),
    ],
)
def test_pdf_line_ends_its_paragraph_when_the_next_word_would_have_fitted(
    previous: str, following: str, ends: bool
) -> None:
    margins = {1: 72.0 + 5 * 48 + 3 * 12}  # the right edge of the longest line above
    assert ends_paragraph(_line(previous, 72.0), _line(following, 72.0), margins) is ends


def test_no_paragraph_end_across_pages_or_without_words() -> None:
    margins = {1: 500.0, 2: 500.0}
    assert not ends_paragraph(_line("Short title", 72.0), _line("Text on the next page", 72.0, page=2), margins)
    assert not ends_paragraph(Line("Short title", 1), Line("Text", 1), margins)
