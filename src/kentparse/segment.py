"""Stitch page pieces of a table back together, and find each table's title.

A table piece continues the one before it when nothing but blank lines or page furniture
(page numbers) stands between them and it has as many columns. A continued piece that opens
with the header again loses that row; a continued piece whose first row has an empty first
cell finishes the row the page break cut (its cells are appended to the row above).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from kentparse.extractors.base import LogicalTable, normalise_header
from kentparse.model import Cell, Document, Line, Row, Table

_FURNITURE = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_TITLE_LOOKBACK = 4
_HEADING_MAX_CHARS = 90
_LIST_MARKS = ("-", "–", "•", "*", "·", "▪", "o ")
_HEADER_REPEAT_SCORE = 90.0


def is_furniture(line: Line) -> bool:
    return not line.text.strip() or bool(_FURNITURE.match(line.text))


def logical_tables(document: Document) -> list[LogicalTable]:
    stitched: list[LogicalTable] = []
    for table_no, piece in enumerate(document.tables):
        previous = stitched[-1] if stitched else None
        if previous and _continues(previous, piece, document.lines):
            _append_piece(previous, piece)
        else:
            title = table_title(document.lines, piece.start_index)
            piece.title = title
            stitched.append(LogicalTable(table_no, [piece], list(piece.rows), title))
    return stitched


def table_title(lines: list[Line], start_index: int) -> str | None:
    """The heading above a table: the nearest heading-like line among the few lines above it,
    else the nearest line of prose (a sentence introducing the table), if any is close."""
    nearby = _lines_above(lines, start_index)
    heading = next((text for text in nearby if _looks_like_heading(text)), None)
    return heading or (nearby[0] if nearby else None)


def _lines_above(lines: list[Line], start_index: int) -> list[str]:
    """The prose lines among the _TITLE_LOOKBACK non-furniture lines above a table, nearest first."""
    found: list[str] = []
    seen = 0
    for line in reversed(lines[max(0, start_index - 40) : start_index]):
        if is_furniture(line):
            continue
        seen += 1
        if seen > _TITLE_LOOKBACK:
            break
        if " | " not in line.text:
            found.append(line.text.strip())
    return found


def _looks_like_heading(text: str) -> bool:
    """Short, not a sentence, a list item or a footnote."""
    return (
        0 < len(text) <= _HEADING_MAX_CHARS
        and not text.endswith((".", ":", ",", ";"))
        and not text[0].islower()
        and not text.startswith(_LIST_MARKS)
    )


def _continues(previous: LogicalTable, piece: Table, lines: list[Line]) -> bool:
    last = previous.pieces[-1]
    if piece.n_cols != last.n_cols:
        return False
    between = lines[last.end_index : piece.start_index]
    return all(is_furniture(line) for line in between)


def _append_piece(table: LogicalTable, piece: Table) -> None:
    rows = list(piece.rows)
    if rows and _same_header(table.rows[0], rows[0]):
        rows = rows[1:]
        table.repeated_headers += 1
    if rows and table.rows and _is_broken_row(rows[0]):
        table.rows[-1] = merge_rows(table.rows[-1], rows[0])
        rows = rows[1:]
        table.merged_rows += 1
    table.rows.extend(rows)
    table.pieces.append(piece)
    piece.title = table.title


def _same_header(first: Row, candidate: Row) -> bool:
    left = " ".join(normalise_header(text) for text in first.texts)
    right = " ".join(normalise_header(text) for text in candidate.texts)
    return bool(left) and fuzz.ratio(left, right) >= _HEADER_REPEAT_SCORE


def _is_broken_row(row: Row) -> bool:
    texts = row.texts
    return bool(texts) and not texts[0].strip() and any(text.strip() for text in texts[1:])


def merge_rows(upper: Row, lower: Row) -> Row:
    """The row above with each cell of the row below appended on a new line."""
    width = max(len(upper.cells), len(lower.cells))
    cells = []
    for index in range(width):
        top = upper.cells[index].text if index < len(upper.cells) else ""
        bottom = lower.cells[index].text if index < len(lower.cells) else ""
        bbox = upper.cells[index].bbox if index < len(upper.cells) else None
        cells.append(Cell("\n".join(part for part in (top, bottom) if part), bbox))
    return Row(tuple(cells), upper.page, upper.line, upper.bbox)
