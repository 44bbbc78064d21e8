"""The text reader: tab and pipe tables, HTML fragments, line numbers, encodings."""

from __future__ import annotations

import hashlib

import pytest

from kentparse.errors import InputError
from kentparse.segment import logical_tables
from kentparse.sources.html import strip_html
from kentparse.sources.text import read_text


def _read(text: str | bytes) -> object:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_text("paper.txt", data, hashlib.sha256(data).hexdigest())


def test_tab_table_rows_keep_line_numbers() -> None:
    doc = _read("Title\n\nA\tB\n1\t2\n3\t4\nafter\n")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [row.texts for row in table.rows] == [["A", "B"], ["1", "2"], ["3", "4"]]
    assert [row.line for row in table.rows] == [3, 4, 5]
    assert [line.text for line in doc.lines[table.end_index :]] == ["after"]


def test_pipe_table_skips_separator_row() -> None:
    doc = _read("| Risk | Score |\n|---|---|\n| CRR0001 | 25 |\n")
    assert [row.texts for row in doc.tables[0].rows] == [["Risk", "Score"], ["CRR0001", "25"]]
    assert doc.tables[0].rows[1].line == 3


def test_html_in_cells_becomes_plain_text_with_bullets() -> None:
    doc = _read("<p>Intro</p><ul><li>one</li><li>two</li></ul>\tx\n")
    assert doc.tables[0].rows[0].texts == ["Intro\n• one\n• two", "x"]


@pytest.mark.parametrize(
    ("fragment", "plain"),
    [
        ("<p>Para one</p><p>Para <i>two</i></p>", "Para one\nPara two"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<u>Heading</u>: text &amp; more", "Heading: text & more"),
        ("no tags at all", "no tags at all"),
        ("<ul><li>x</li><li></li></ul>", "• x"),
    ],
)
def test_strip_html(fragment: str, plain: str) -> None:
    assert strip_html(fragment) == plain


def test_prose_html_line_gives_one_line_per_block_with_same_line_number() -> None:
    doc = _read("first\n<p>a</p><p>b</p>\n")
    assert [(line.text, line.line) for line in doc.lines] == [("first", 1), ("a", 2), ("b", 2)]


def test_form_feed_starts_a_new_page() -> None:
    doc = _read("page one\n\fpage two\n")
    assert doc.n_pages == 2
    assert [line.page for line in doc.lines] == [1, 2]


@pytest.mark.parametrize(
    ("data", "first_line"),
    [
        ("Café costs £5".encode("cp1252"), "Café costs £5"),
        ("Café costs £5".encode("utf-16"), "Café costs £5"),
        ("\ufeffCafé costs £5".encode(), "Café costs £5"),
    ],
)
def test_encodings(data: bytes, first_line: str) -> None:
    assert _read(data).lines[0].text == first_line


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "paper.txt: empty file"),
        (b"   \n\n", "paper.txt: empty file"),
        (bytes(range(256)) * 4, "paper.txt: not a text file (binary content)"),
    ],
)
def test_unreadable_text_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as error:
        _read(data)
    assert str(error.value) == message


def test_pieces_separated_only_by_blank_lines_are_stitched_and_repeated_header_dropped() -> None:
    doc = _read("Plan\nNo\tText\n1\ta\n\n2\tb\n\nNo\tText\n3\tc\n\tc continued\n\nOther heading\nNo\tText\n9\tz\n")
    tables = logical_tables(doc)
    assert [len(t.pieces) for t in tables] == [3, 1]
    first = tables[0]
    assert first.title == "Plan"
    assert [row.texts for row in first.rows] == [
        ["No", "Text"],
        ["1", "a"],
        ["2", "b"],
        ["3", "c"],
        ["", "c continued"],
    ]
    assert first.repeated_headers == 1
    assert tables[1].title == "Other heading"


@pytest.mark.parametrize(
    ("above", "title"),
    [
        ("Children in Care\n\nThe number of children in care decreased by 177 in the Quarter.\n", "Children in Care"),
        (
            "Intro paragraph ends here.\nThe table below shows the number of risks.\n",
            "The table below shows the number of risks.",
        ),
        ("Savings\n- £9.0m of alternative savings have been identified\n", "Savings"),
        (
            "- £9.0m of alternative savings have been identified\n",
            "- £9.0m of alternative savings have been identified",
        ),
        ("", None),
    ],
)
def test_table_title_prefers_a_nearby_heading_to_the_sentence_above(above: str, title: str | None) -> None:
    doc = _read(above + "A\tB\n1\t2\n")
    assert logical_tables(doc)[0].title == title
