"""Property and fuzz tests (hypothesis): the text-table reader, the HTML-fragment stripper and
the number parser's printed forms of money."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kentparse.errors import InputError
from kentparse.model import Document
from kentparse.numbers import parse_number
from kentparse.sources.html import BULLET, has_html, strip_html
from kentparse.sources.text import read_text

#: cell text with no table, page or markup syntax in it
CELL = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters=".,£%()-/'"), max_size=12
)
WORD = st.text(alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8)
#: a prose line: starts with a letter, has no tab and no pipe
PROSE = st.builds(lambda first, rest: first + rest, st.sampled_from("ABCxyz"), CELL)


def _read(data: bytes) -> Document:
    return read_text("paper.txt", data, hashlib.sha256(data).hexdigest())


def _grid(min_rows: int = 1) -> st.SearchStrategy[list[list[str]]]:
    """Rows of 2-5 cells; not all blank (a file of tabs and spaces only is an empty file)."""
    return (
        st.integers(min_value=2, max_value=5)
        .flatmap(
            lambda n_cols: st.lists(st.lists(CELL, min_size=n_cols, max_size=n_cols), min_size=min_rows, max_size=6)
        )
        .filter(lambda grid: any(cell.strip() for row in grid for cell in row))
    )


@given(_grid())
def test_tab_separated_grid_reads_back_cell_for_cell(grid: list[list[str]]) -> None:
    document = _read(("\n".join("\t".join(row) for row in grid) + "\n").encode("utf-8"))
    [table] = document.tables
    assert [row.texts for row in table.rows] == [[cell.strip() for cell in row] for row in grid]
    assert [row.line for row in table.rows] == list(range(1, len(grid) + 1))
    assert (table.start_index, table.end_index) == (0, len(grid)) == (0, len(document.lines))


@given(_grid())
def test_pipe_grid_reads_back_cell_for_cell(grid: list[list[str]]) -> None:
    header = "| " + " | ".join(f"H{n}" for n in range(len(grid[0]))) + " |"
    separator = "|" + "---|" * len(grid[0])
    body = ["| " + " | ".join(row) + " |" for row in grid]
    document = _read("\n".join([header, separator, *body]).encode("utf-8"))
    [table] = document.tables
    assert table.rows[0].texts == [f"H{n}" for n in range(len(grid[0]))]
    assert [row.texts for row in table.rows[1:]] == [[cell.strip() for cell in row] for row in grid]
    assert [row.line for row in table.rows] == [1, *range(3, len(grid) + 3)]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_grid(), PROSE), min_size=1, max_size=4))
def test_prose_lines_split_tables_and_every_line_is_kept(blocks: list[list[list[str]] | str]) -> None:
    lines: list[str] = []
    for block in blocks:
        lines.extend([block] if isinstance(block, str) else ["\t".join(row) for row in block])
    document = _read(("\n".join(lines) + "\n").encode("utf-8"))
    expected_tables = sum(
        1 for n, block in enumerate(blocks) if not isinstance(block, str) and (n == 0 or isinstance(blocks[n - 1], str))
    )
    assert len(document.tables) == expected_tables
    assert [line.line for line in document.lines] == list(range(1, len(lines) + 1))
    assert sum(table.n_rows for table in document.tables) == sum(1 for line in lines if "\t" in line)


@given(st.binary(max_size=300))
def test_any_bytes_read_or_refused_with_input_error(data: bytes) -> None:
    try:
        document = _read(data)
    except InputError as error:
        assert error.path == "paper.txt"
        assert error.problem in ("empty file", "not a text file (binary content)")
        return
    numbers = [line.line for line in document.lines]
    assert numbers == sorted(numbers)
    for table in document.tables:
        assert 0 <= table.start_index <= table.end_index <= len(document.lines)
        assert all(row.cells for row in table.rows)


@given(st.text(max_size=200))
def test_any_text_reads_with_page_and_line_provenance(text: str) -> None:
    try:
        document = _read(text.encode("utf-8"))
    except InputError:
        return
    assert all(1 <= line.page <= document.n_pages for line in document.lines)
    assert all(line.line is not None and line.line >= 1 for line in document.lines)


# --- the HTML-fragment stripper -------------------------------------------------------------

TAGS = ("p", "b", "i", "u", "em", "strong", "span", "div")


@st.composite
def fragments(draw: st.DrawFn) -> tuple[str, list[str]]:
    """An HTML fragment of nested inline/block tags around words, and its words in order."""
    words = draw(st.lists(WORD, min_size=1, max_size=8))
    parts = []
    for word in words:
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(("", ' class="x"', ' style="color: red"')))
        parts.append(f"<{tag}{attrs}>{word}</{tag}>" if draw(st.booleans()) else word)
        parts.append(draw(st.sampled_from((" ", "<br>", "<br/>", " &nbsp;"))))
    return "<p>" + "".join(parts) + "</p>", words  # (entities are decoded only in text that has tags)


@given(fragments())
def test_stripping_removes_every_tag_and_keeps_every_word_in_order(fragment: tuple[str, list[str]]) -> None:
    text, words = fragment
    plain = strip_html(text)
    assert not has_html(plain) and "<" not in plain and ">" not in plain
    assert re.findall(r"\w+", plain) == words


@given(fragments())
def test_stripping_is_idempotent(fragment: tuple[str, list[str]]) -> None:
    plain = strip_html(fragment[0])
    assert strip_html(plain) == plain


@given(st.lists(WORD, min_size=1, max_size=6))
def test_list_items_become_bullet_lines(words: list[str]) -> None:
    fragment = "<ul>" + "".join(f"<li>{word}</li>" for word in words) + "</ul>"
    assert strip_html(fragment).split("\n") == [BULLET + word for word in words]


@given(st.text(alphabet=st.characters(blacklist_characters="<"), max_size=100))
def test_text_without_tags_is_unchanged(text: str) -> None:
    assert strip_html(text) == text


@given(st.text(max_size=200))
def test_stripper_never_raises_and_leaves_no_known_tag(text: str) -> None:
    plain = strip_html(text)
    assert isinstance(plain, str)
    if has_html(text) and "&" not in text:
        assert not has_html(plain)


# --- the number parser: money as council papers print it ------------------------------------

UNITS = st.sampled_from(("m", "k", "bn"))
AMOUNTS = st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False, allow_infinity=False)


@given(AMOUNTS, UNITS)
def test_pounds_with_units_and_signs(amount: Decimal, unit: str) -> None:
    printed = f"£{amount:,}{unit}"
    assert (parse_number(printed).value, parse_number(printed).unit) == (amount, f"£{unit}")
    assert parse_number(f"({printed})").value == -amount
    assert parse_number(f"-{printed}").value == -amount
    assert parse_number(f"  {printed} ").value == amount


@given(st.sampled_from(("nil", "Nil", "NIL", "-", "–")))
def test_nil_forms_are_zero(text: str) -> None:
    assert (parse_number(text).status, parse_number(text).value) == ("nil", Decimal(0))


@given(st.sampled_from(("TBC", "tbc", "N/A", "n/a", "Not known")))
def test_placeholders_are_text_not_numbers(text: str) -> None:
    assert (parse_number(text).status, parse_number(text).value) == ("text", None)


@pytest.mark.parametrize(
    ("text", "plain"),
    [("<B", "<B"), ("a <p", "a <p"), ("<<b>b>", ""), ("<<b>b>x", "x")],
)
def test_a_cut_off_tag_is_text_and_nested_tags_go(text: str, plain: str) -> None:
    """Found by the property above: "<B" (no ">") is not a tag; a tag a removal leaves is removed."""
    assert (strip_html(text), has_html(strip_html(text))) == (plain, False)


_STREAM_OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(-1, 40), st.just(0)),
        st.tuples(st.just("seek"), st.integers(-50, 50), st.sampled_from([0, 1, 2])),
        st.tuples(st.just("readline"), st.just(-1), st.just(0)),
    ),
    max_size=30,
)


@given(data=st.binary(max_size=60), operations=_STREAM_OPERATIONS)
def test_the_paper_scans_stream_reads_as_bytesio_reads(data: bytes, operations: list[tuple[str, int, int]]) -> None:
    """The scan for papers reads the pack through a stream that copies only what is read
    (`pdf_papers._BytesReader`); pypdf must see exactly what a BytesIO would give it."""
    import io

    from kentparse.sources.pdf_papers import _BytesReader

    ours, theirs = io.BufferedReader(_BytesReader(data)), io.BytesIO(data)
    for name, number, whence in operations:
        if name == "seek":
            if whence == 0 and number < 0:
                continue  # a negative absolute position is an error for both
            assert ours.seek(number, whence) == theirs.seek(number, whence)
        else:
            assert getattr(ours, name)(number) == getattr(theirs, name)(number)
        assert ours.tell() == theirs.tell()
