"""Tables printed without rules, rebuilt from word positions (PDF lines carry each word's x0/x1).

Numbers are right-aligned under their column header: a number belongs to the header column whose
right edge its own right edge meets (within `ALIGN` points), whatever line it was printed on. The
header is the stack of lines above the first line of numbers that stands over those numbers; a
word a narrow column broke ("Revenu" over "e") is joined again. Everything left of the first
number column is the label zone, where a label may wrap over lines above and below its numbers:
label lines and number lines closer together than `_ROW_PITCH` line heights form one row. Text
printed across the number columns (commentary) is prose and belongs to no row; text right of the
number columns (a "Summary"/"Detail" column) is not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kentparse.budget.common import unit_of
from kentparse.extractors.document_memo import per_document
from kentparse.model import Document, Line, Word
from kentparse.numbers import parse_number
from kentparse.segment import is_furniture

#: points by which a number's right edge may miss its column header's
ALIGN = 4.0
#: words closer than this (points) are one phrase; column gaps are wider
_PHRASE_GAP = 6.0
_MAX_HEADER_LINES = 10
#: header lines are stacked closer than this (points)
_HEADER_GAP = 24.0
#: lines of one row follow each other within this many line heights
_ROW_PITCH = 1.3
#: a numbers-only line this close (line heights) under a labelled one finishes it (a cell set low)
_SAME_ROW = 0.8
#: lines between a table's header and its first row of numbers (labels wrapped above it)
_MAX_LEAD_LINES = 16
_MIN_NUMBERS = 2
_PROSE_WORDS = 6
UNIT_LINE = re.compile(r"^\s*all figures (?:are )?in\b", re.I)
HEADING = re.compile(r"^\s*\d{1,2}[a-z]?\s*\|\s*\S")
_SIGNS = ("+", "-", "−", "–")


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    x0: float
    x1: float

    @property
    def is_number(self) -> bool:
        return " " not in self.text and parse_number(self.text).status in ("number", "nil")

    def overlaps(self, x0: float, x1: float) -> bool:
        return min(self.x1, x1) - max(self.x0, x0) > 0


@dataclass(slots=True)
class HeaderColumn:
    fragments: list[Phrase] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(f.x0 for f in self.fragments)

    @property
    def x1(self) -> float:
        return max(f.x1 for f in self.fragments)

    @property
    def text(self) -> str:
        return join_fragments([f.text for f in self.fragments])


@dataclass(slots=True)
class LaidRow:
    """One row: its label text per label column, its printed numbers per number column."""

    labels: dict[int, str]
    values: dict[int, str]
    page: int
    top: float
    #: indexes into `Document.lines` of the lines the row was read from
    lines: list[int]
    #: numbers standing under no column header
    unplaced: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " ".join(text for _, text in sorted(self.labels.items()) if text)


@dataclass(slots=True)
class LaidTable:
    columns: list[HeaderColumn]
    #: indexes of the number columns and of the label columns (left of the numbers)
    numeric: list[int]
    label_columns: list[int]
    unit: str | None
    header_lines: list[int]
    rows: list[LaidRow]
    start: int
    end: int

    @property
    def headers(self) -> list[str]:
        return [column.text for column in self.columns]

    @property
    def page(self) -> int:
        return self.rows[0].page if self.rows else 0


def join_fragments(fragments: list[str]) -> str:
    """Header words stacked in one column: "Revenu" + "e" → "Revenue", "Un-" + "deliverable"."""
    text = ""
    for fragment in fragments:
        glued = (len(fragment) == 1 and fragment.islower()) or (text.endswith("-") and fragment[:1].islower())
        text = f"{text}{fragment}" if glued else f"{text} {fragment}".strip()
    return text


def phrases(line: Line) -> tuple[Phrase, ...]:
    """The line's words grouped by gaps narrower than a column gap (a sign printed apart from its
    number, "+ 23.3", is joined to it)."""
    return _line_phrases(line)[0]


def number_phrases(line: Line) -> tuple[Phrase, ...]:
    """The line's phrases that are one number each."""
    return _line_phrases(line)[1]


LinePhrases = dict[int, tuple[tuple[Phrase, ...], tuple[Phrase, ...]]]

#: phrases and number phrases of the lines by id, while `laid_tables` runs: finding tables asks
#: for them of each line many times over, and both budget extractors find the tables of one
#: document. The lines' document's memo (`per_document`) holds them: it is dropped when another
#: document comes, so an id is always its line's. Outside `laid_tables` nothing is kept.
_phrases_of: list[LinePhrases] = []


def _line_phrases(line: Line) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    known = _phrases_of[-1] if _phrases_of else {}
    cached = known.get(id(line))
    if cached is None:
        found = _grouped_phrases(line)
        cached = known[id(line)] = (found, tuple(phrase for phrase in found if phrase.is_number))
    return cached


def _grouped_phrases(line: Line) -> tuple[Phrase, ...]:
    found: list[Phrase] = []
    for word in _signed_words(line.words):
        previous = found[-1] if found else None
        if previous is not None and word.x0 - previous.x1 < _PHRASE_GAP:
            found[-1] = Phrase(f"{previous.text} {word.text}", previous.x0, word.x1)
        else:
            found.append(Phrase(word.text, word.x0, word.x1))
    return tuple(found)


def _signed_words(words: Sequence[Word]) -> list[Word]:
    joined: list[Word] = []
    for word in words:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.text in _SIGNS
            and word.x0 - previous.x1 < _PHRASE_GAP
            and parse_number(word.text).status == "number"
        ):
            joined[-1] = Word(f"{previous.text}{word.text}", previous.x0, word.x1)
        else:
            joined.append(word)
    return joined


# ---------------------------------------------------------------- finding tables


def laid_tables(document: Document, skip: set[int]) -> list[LaidTable]:
    """Every table without rules in the document's lines (lines in `skip` belong to tables the
    reader found)."""
    _phrases_of.append(per_document(document, "laid_tables:phrases", LinePhrases))
    try:
        return _find_tables(document.lines, skip)
    finally:
        _phrases_of.pop()


def _find_tables(lines: list[Line], skip: set[int]) -> list[LaidTable]:
    tables: list[LaidTable] = []
    index = 0
    previous_units: dict[tuple[str, ...], str | None] = {}
    while index < len(lines):
        table = _table_at(lines, index, skip, previous_units)
        if table is None and tables:
            table = _continuation(lines, index, skip, tables[-1])
        if table is None:
            index += 1
            continue
        if tables and _ends_page(lines, tables[-1]) and table.rows and not table.rows[0].values:
            _finish_row(tables[-1].rows[-1], table.rows.pop(0))  # a label cut by the page break
        tables.append(table)
        previous_units[tuple(table.headers)] = table.unit
        index = table.end
    return tables


def _ends_page(lines: list[Line], table: LaidTable) -> bool:
    return bool(table.rows) and 0 < table.end < len(lines) and lines[table.end].page != lines[table.end - 1].page


def _finish_row(row: LaidRow, rest: LaidRow) -> None:
    for position, text in rest.labels.items():
        row.labels[position] = f"{row.labels.get(position, '')} {text}".strip()
    row.lines.extend(rest.lines)


def _continuation(lines: list[Line], index: int, skip: set[int], previous: LaidTable) -> LaidTable | None:
    """Rows at the top of the page after a table that ran to its page's end, under no header of
    their own, whose numbers stand in the previous table's number columns."""
    line = lines[index]
    if index in skip or not _ends_page(lines, previous) or line.page != lines[previous.end].page:
        return None
    placed = _place(number_phrases(line), previous.columns)
    if len(placed) < _MIN_NUMBERS or not set(placed) <= set(previous.numeric):
        return None
    body_end = _body_end(lines, index, skip)
    body = list(range(previous.end, body_end))
    spans = _column_spans(lines, body, previous.columns, previous.numeric)
    label_limit = min(x0 for x0, _ in spans) - 1
    rows = _rows(lines, body, previous.columns, (previous.numeric, spans), previous.label_columns, label_limit)
    columns, numeric, labels = previous.columns, previous.numeric, previous.label_columns
    return LaidTable(columns, numeric, labels, previous.unit, [], rows, previous.end, body_end)


def _table_at(
    lines: list[Line], index: int, skip: set[int], units: dict[tuple[str, ...], str | None]
) -> LaidTable | None:
    line = lines[index]
    if index in skip or not line.words or len(number_phrases(line)) < _MIN_NUMBERS:
        return None
    found = _header_above(lines, index, skip)
    if found is None:
        return None
    header_lines, unit_text = found
    columns = header_columns([lines[i] for i in header_lines])
    placed = _place(number_phrases(line), columns)
    if len(placed) < _MIN_NUMBERS:
        return None
    body_end = _body_end(lines, index, skip)
    body = list(range(header_lines[-1] + 1, body_end))
    numeric = _numeric_columns(lines, body, columns)
    if not numeric:
        return None
    spans = _column_spans(lines, body, columns, numeric)
    label_limit = min(x0 for x0, _ in spans) - 1
    label_columns = [i for i, column in enumerate(columns) if column.x1 <= label_limit + ALIGN]
    headers = tuple(column.text for column in columns)
    unit = unit_of([unit_text]) if unit_text else units.get(headers)
    rows = _rows(lines, body, columns, (numeric, spans), label_columns, label_limit)
    return LaidTable(columns, numeric, label_columns, unit, header_lines, rows, header_lines[0], body_end)


def _header_above(lines: list[Line], index: int, skip: set[int]) -> tuple[list[int], str | None] | None:
    """Indexes of the header lines above the first line of numbers, top first, and the unit line."""
    anchors = number_phrases(lines[index])
    header: list[int] = []
    unit_text: str | None = None
    lead = 0
    below = lines[index]
    for k in range(index - 1, -1, -1):
        line = lines[k]
        if k in skip or HEADING.match(line.text):
            break
        if is_furniture(line):
            continue
        if UNIT_LINE.match(line.text):
            unit_text = line.text
            break
        if not line.words or _numbers_over(line, anchors):
            break
        over = _stands_over(line, anchors)
        if ((over or header) and _is_prose(line)) or (header and _far_above(line, below)):
            break
        if over or header:
            header.insert(0, k)
            if len(header) >= _MAX_HEADER_LINES:
                break
        else:
            lead += 1
            if lead > _MAX_LEAD_LINES:
                return None
        below = line
    while header and not _stands_over(lines[header[0]], anchors):
        header.pop(0)
    return (header, unit_text) if header else None


def _stands_over(line: Line, anchors: Sequence[Phrase]) -> bool:
    return any(p.overlaps(a.x0 - ALIGN, a.x1 + ALIGN) for p in phrases(line) for a in anchors)


def _numbers_over(line: Line, anchors: Sequence[Phrase]) -> bool:
    """Whether the line prints a number in the anchors' columns (another row, not a header)."""
    return any(abs(number.x1 - anchor.x1) <= ALIGN for number in number_phrases(line) for anchor in anchors)


def _far_above(line: Line, below: Line) -> bool:
    if line.page != below.page or not (line.bbox and below.bbox):
        return False
    return below.bbox[1] - line.bbox[1] > _HEADER_GAP


def _is_prose(line: Line) -> bool:
    return any(len(phrase.text.split()) >= _PROSE_WORDS for phrase in phrases(line))


def _body_end(lines: list[Line], index: int, skip: set[int]) -> int:
    """The table runs to the end of its page, a heading, a unit line or a table the reader found."""
    page = lines[index].page
    end = index + 1
    while end < len(lines):
        line = lines[end]
        if end in skip or line.page != page or HEADING.match(line.text) or UNIT_LINE.match(line.text):
            break
        end += 1
    return end


def header_columns(header: list[Line]) -> list[HeaderColumn]:
    """Header words stacked into columns: a phrase joins the column it overlaps (or shares an edge with)."""
    columns: list[HeaderColumn] = []
    for line in header:
        for phrase in phrases(line):
            column = _column_for(phrase, columns)
            if column is None:
                columns.append(HeaderColumn([phrase]))
            else:
                column.fragments.append(phrase)
    return sorted(columns, key=lambda column: column.x0)


def _column_for(phrase: Phrase, columns: list[HeaderColumn]) -> HeaderColumn | None:
    best: tuple[float, HeaderColumn] | None = None
    for column in columns:
        overlap = min(phrase.x1, column.x1) - max(phrase.x0, column.x0)
        aligned = abs(phrase.x1 - column.x1) <= ALIGN or abs(phrase.x0 - column.x0) <= ALIGN
        if (overlap > 0 or aligned) and (best is None or overlap > best[0]):
            best = (overlap, column)
    return best[1] if best else None


def _place(numbers: Sequence[Phrase], columns: list[HeaderColumn]) -> dict[int, Phrase]:
    """Each number under the column whose right edge it meets (or whose span holds it)."""
    placed: dict[int, Phrase] = {}
    for number in numbers:
        position = column_of(number, columns)
        if position is not None and position not in placed:
            placed[position] = number
    return placed


def column_of(number: Phrase, columns: list[HeaderColumn]) -> int | None:
    spans = [(column.x0, column.x1) for column in columns]
    distance, position = min((abs(number.x1 - x1), i) for i, (_, x1) in enumerate(spans))
    if distance <= ALIGN:
        return position
    centre = (number.x0 + number.x1) / 2
    inside = [i for i, (x0, x1) in enumerate(spans) if x0 - ALIGN <= centre <= x1 + ALIGN]
    return inside[0] if len(inside) == 1 else None


def _numeric_columns(lines: list[Line], body: list[int], columns: list[HeaderColumn]) -> list[int]:
    """Columns holding a number right-aligned under them on a line with two such numbers or more."""
    found: set[int] = set()
    for index in body:
        aligned = {_aligned_column(number, columns) for number in number_phrases(lines[index])} - {None}
        if len(aligned) >= _MIN_NUMBERS:
            found.update(position for position in aligned if position is not None)
    return sorted(found)


def _aligned_column(number: Phrase, columns: list[HeaderColumn]) -> int | None:
    distance, position = min((abs(number.x1 - column.x1), i) for i, column in enumerate(columns))
    return position if distance <= ALIGN else None


def _column_spans(
    lines: list[Line], body: list[int], columns: list[HeaderColumn], positions: list[int]
) -> list[tuple[float, float]]:
    """Each column's extent widened by the numbers placed under it (`column_of`) in the body."""
    spans = {position: (columns[position].x0, columns[position].x1) for position in positions}
    for index in body:
        for number in number_phrases(lines[index]):
            position = column_of(number, columns)
            if position in spans:
                x0, x1 = spans[position]
                spans[position] = (min(x0, number.x0), max(x1, number.x1))
    return [spans[position] for position in positions]


# ---------------------------------------------------------------- rows


@dataclass(slots=True)
class _Item:
    index: int
    line: Line
    labels: list[Phrase]
    numbers: dict[int, str]
    unplaced: list[str]

    @property
    def top(self) -> float:
        return self.line.bbox[1] if self.line.bbox else 0.0

    @property
    def height(self) -> float:
        return (self.line.bbox[3] - self.line.bbox[1]) if self.line.bbox else 10.0


def _rows(
    lines: list[Line],
    body: list[int],
    columns: list[HeaderColumn],
    numeric_spans: tuple[list[int], list[tuple[float, float]]],
    label_columns: list[int],
    label_limit: float,
) -> list[LaidRow]:
    """The body's rows; `numeric_spans` holds the number columns and their extents (`_column_spans`)."""
    numeric, spans = numeric_spans
    numbers_end = max(x1 for _, x1 in spans) + ALIGN
    items = _items(lines, body, columns, numeric, spans, (label_limit, numbers_end))
    rows: list[LaidRow] = []
    for block in _blocks(items):
        rows.extend(_block_rows(block, columns, label_columns))
    return _pair_labels(rows)


def _pair_labels(rows: list[LaidRow]) -> list[LaidRow]:
    """A row of numbers with no label takes the label printed alone just above it (a label set at
    the top of a tall row whose numbers sit in its middle), else just below it."""
    paired: list[LaidRow] = []
    pending = list(rows)
    while pending:
        row = pending.pop(0)
        if row.values and not row.label:
            if paired and not paired[-1].values and paired[-1].label and paired[-1].page == row.page:
                label = paired.pop()
                _finish_row(label, row)
                label.values, label.unplaced, label.page, label.top = row.values, row.unplaced, row.page, row.top
                row = label
            elif pending and not pending[0].values and pending[0].label and pending[0].page == row.page:
                _finish_row(row, pending.pop(0))
        paired.append(row)
    return paired


def _items(
    lines: list[Line],
    body: list[int],
    columns: list[HeaderColumn],
    numeric: list[int],
    spans: list[tuple[float, float]],
    zone: tuple[float, float],
) -> list[_Item]:
    """Body lines holding labels or numbers; prose (text across the number columns, and the lines
    of its paragraph that follow it at its indent) is left out, and so is text (numbers included)
    right of the number columns."""
    items: list[_Item] = []
    prose: Line | None = None
    label_limit, numbers_end = zone
    for index in body:
        line = lines[index]
        if is_furniture(line):
            continue
        found = [p for p in phrases(line) if p.x0 < numbers_end]
        texts = [p for p in found if not p.is_number]
        if any(p.overlaps(x0, x1) for p in texts for x0, x1 in spans):
            prose = line
            continue
        labels = [p for p in texts if p.x1 <= label_limit]
        if labels and prose is not None and _continues_prose(prose, line):
            prose = line
            continue
        prose = None
        numbers: dict[int, str] = {}
        unplaced: list[str] = []
        for number in (p for p in found if p.is_number and p.x0 > label_limit):
            position = column_of(number, columns)
            if position in numeric and position not in numbers:
                numbers[position] = number.text
            else:
                unplaced.append(number.text)
        labels += [p for p in found if p.is_number and p.x1 <= label_limit]
        if labels or numbers or unplaced:
            items.append(_Item(index, line, sorted(labels, key=lambda p: p.x0), numbers, unplaced))
    return items


def _continues_prose(prose: Line, line: Line) -> bool:
    if not (prose.bbox and line.bbox and line.words and prose.words) or prose.page != line.page:
        return False
    close = line.bbox[1] - prose.bbox[1] <= _ROW_PITCH * (prose.bbox[3] - prose.bbox[1])
    return close and abs(line.words[0].x0 - prose.words[0].x0) <= ALIGN


def _blocks(items: list[_Item]) -> list[list[_Item]]:
    blocks: list[list[_Item]] = []
    for item in items:
        last = blocks[-1][-1] if blocks else None
        if last is not None and last.line.page == item.line.page and item.top - last.top <= _ROW_PITCH * last.height:
            blocks[-1].append(item)
        else:
            blocks.append([item])
    return blocks


def _block_rows(block: list[_Item], columns: list[HeaderColumn], label_columns: list[int]) -> list[LaidRow]:
    """A block's rows: one per line of numbers (a numbers-only line just under another joins it);
    label-only lines go to the nearest line of numbers."""
    anchors = _anchors(block)
    if not anchors:
        return [_row([item for item in block if item.labels], columns, label_columns)]
    members: dict[int, list[_Item]] = {id(anchor): [anchor] for anchor in anchors}
    for item in block:
        if id(item) not in members:
            members[id(_nearest(item, anchors))].append(item)
    return [_row(sorted(members[id(anchor)], key=lambda i: i.index), columns, label_columns) for anchor in anchors]


def _anchors(block: list[_Item]) -> list[_Item]:
    anchors: list[_Item] = []
    for item in block:
        if not (item.numbers or item.unplaced):
            continue
        if anchors and not item.labels and _joins(item, anchors):
            continue
        anchors.append(item)
    return anchors


def _joins(item: _Item, anchors: list[_Item]) -> bool:
    """A numbers-only line set just under (or over) another row's line, in columns that row left empty."""
    nearest = _nearest(item, anchors)
    if nearest is item:
        return False
    close = abs(item.top - nearest.top) <= _SAME_ROW * nearest.height
    return close and not set(item.numbers) & set(nearest.numbers)


def _nearest(item: _Item, anchors: list[_Item]) -> _Item:
    others = [anchor for anchor in anchors if anchor is not item] or anchors
    return min(others, key=lambda anchor: (abs(anchor.top - item.top), anchor.index))


def _row(items: list[_Item], columns: list[HeaderColumn], label_columns: list[int]) -> LaidRow:
    labels: dict[int, list[str]] = {}
    values: dict[int, str] = {}
    unplaced: list[str] = []
    for item in items:
        for phrase in item.labels:
            labels.setdefault(_label_column(phrase, columns, label_columns), []).append(phrase.text)
        for position, text in item.numbers.items():
            if position in values:
                unplaced.append(text)
            else:
                values[position] = text
        unplaced.extend(item.unplaced)
    anchor = next((item for item in items if item.numbers or item.unplaced), items[0])
    return LaidRow(
        {position: " ".join(texts) for position, texts in labels.items()},
        values,
        anchor.line.page,
        anchor.top,
        [item.index for item in items],
        unplaced,
    )


def _label_column(phrase: Phrase, columns: list[HeaderColumn], label_columns: list[int]) -> int:
    """The label column a label phrase sits under (-1 when the label zone has no header)."""
    if not label_columns:
        return -1
    scored = [
        (min(phrase.x1, columns[i].x1) - max(phrase.x0, columns[i].x0), -abs(phrase.x1 - columns[i].x1), i)
        for i in label_columns
    ]
    overlapping = [s for s in scored if s[0] > 0]
    if overlapping:
        return max(overlapping)[2]
    return max(scored, key=lambda s: s[1])[2]
