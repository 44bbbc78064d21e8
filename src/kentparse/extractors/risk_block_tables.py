"""The control and action tables of a detailed risk block, rows joined across page breaks.

A row cut by a page break goes on at the top of the next page. It finishes the row above when
it has an empty first cell, opens in lower case, has no owner after a control cut mid-text, or
when the owners' halves join into an owner printed elsewhere in the register ("Sarah Denson,
Assistant" + "Director – Strategic Safeguarding …") while the text above was left open. A prose
line (no cells) that opens in lower case finishes the text above; a short one without a full
stop after a page break finishes the owner; in an action table a date finishes the due date; a
whole sentence starts a row of its own; any other is a reject, except at the end of the last
block, where it ends the register.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kentparse.cleaning import one_line
from kentparse.extractors.risk_continuation import is_cut
from kentparse.model import Document, Line
from kentparse.records import Reject

KIND = "risk_block"
RISK_ID_CELL = re.compile(r"^\s*risk\s+id\b\s*:?\s*", re.I)
#: a control printed as a prose line (no owner cell) is a whole sentence at least this long
_MIN_SENTENCE = 40
_TERMINAL = (".", ";", ":", ")", "?", "!")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DUE = re.compile(rf"^((early|mid|late|end\s+of)\s+)?({_MONTHS}|spring|summer|autumn|winter)\s+\d{{4}}\b", re.I)
_OWNER, _DUE_AT = 1, 2
_WITHOUT_CELLS = "a line of a control or action table printed without its cells"


@dataclass(slots=True)
class Pending:
    """A control or action row being read: its cell texts (text, owner, due) and provenance."""

    texts: list[str]
    page: int
    line: int | None


@dataclass(slots=True)
class Tally:
    rows_seen: int = 0
    header_rows: int = 0
    structural_rows: int = 0
    controls: list[Pending] = field(default_factory=list)
    actions: list[Pending] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    """One control or action table of a block: where its rows go and how it may end."""

    into: list[Pending]
    ends_register: bool
    dated: bool
    #: the column the last prose line was joined to (0 text, 1 owner, 2 due), None after a row
    prose_column: int | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """What the whole register tells every block: page furniture, owners printed in its tables."""

    furniture: set[int]
    owners: Counter[str]


def reject(doc_id: str, line: Line, risk_id: str, reason: str) -> Reject:
    return Reject(
        doc_id=doc_id, kind=KIND, page=line.page, line=line.line, raw=line.text, reason=f"{risk_id}: {reason}"
    )


def table_owners(cells: list[list[str] | None], spans: list[range]) -> Counter[str]:
    """How often each owner cell is printed in the control and action tables."""
    owners: Counter[str] = Counter()
    for span in spans:
        for index in span:
            row = cells[index]
            if row and len(row) > 1:
                owners.update(one_line(cell) for cell in row[1:] if one_line(cell))
    return owners


def read_table(
    document: Document, cells: list[list[str] | None], span: range, tally: Tally, table: Table, risk_id: str, page: Page
) -> None:
    after_break = False
    for index in span:
        row, line = cells[index], document.lines[index]
        if (row is None and not line.text.strip()) or index in page.furniture:
            after_break = True
            continue
        tally.rows_seen += 1
        if row is None:
            if table.ends_register and not (line.text[:1].islower() and table.into):
                tally.rows_seen -= 1
                return
            _prose(line, table, tally, risk_id, document.doc_id, after_break)
        else:
            table.prose_column = None
            _row(row, line, table.into, tally, risk_id, document.doc_id, after_break, page.owners)
        after_break = False


def _prose(line: Line, table: Table, tally: Tally, risk_id: str, doc_id: str, after_break: bool) -> None:
    """A line without cells: the end of a cell above, a whole sentence, or a reject."""
    text = one_line(line.text)
    into = table.into
    column = _prose_column(text, table, after_break)
    if column is not None:
        previous = into[-1]
        previous.texts.extend([""] * (column + 1 - len(previous.texts)))
        previous.texts[column] = f"{previous.texts[column]} {text}".strip()
        table.prose_column = column
        tally.structural_rows += 1
    elif len(text) >= _MIN_SENTENCE and text.endswith(".") and text[:1].isupper():
        into.append(Pending([text], line.page, line.line))
        table.prose_column = 0
    else:
        tally.rejects.append(
            reject(doc_id, line, risk_id, "a line of a control or action table printed without its cells")
        )


def _prose_column(text: str, table: Table, after_break: bool) -> int | None:
    if not table.into:
        return None
    previous = table.into[-1]
    if text[:1].islower():
        return 0
    if table.dated and _DUE.match(text) and not _cell(previous, _DUE_AT):
        return _DUE_AT
    name_like = len(text) < _MIN_SENTENCE and not text.endswith(".")
    owner_goes_on = table.prose_column == _OWNER or not _cell(previous, _OWNER)
    if name_like and (owner_goes_on or (after_break and previous.texts[0].endswith(_TERMINAL))):
        return _OWNER
    return None


def _cell(pending: Pending, column: int) -> str:
    return pending.texts[column] if column < len(pending.texts) else ""


def _row(
    row: list[str],
    line: Line,
    into: list[Pending],
    tally: Tally,
    risk_id: str,
    doc_id: str,
    after_break: bool,
    owners: Counter[str],
) -> None:
    first = one_line(row[0])
    rest = [one_line(c) for c in row[1:]]
    while rest and not rest[-1]:
        rest.pop()
    if RISK_ID_CELL.match(first):
        tally.rejects.append(reject(doc_id, line, risk_id, "risk block header without a risk id"))
    elif not first and not rest:
        tally.structural_rows += 1
    elif into and (not first or (after_break and _continues(first, rest, into[-1], owners))):
        _merge(into[-1], [first, *rest])
        tally.structural_rows += 1
    else:
        into.append(Pending([first, *rest], line.page, line.line))


def _continues(first: str, rest: list[str], previous: Pending, owners: Counter[str]) -> bool:
    if first[:1].islower():
        return True
    text_open = not previous.texts[0].rstrip().endswith(_TERMINAL)
    if not any(rest):
        return text_open
    return text_open and _owner_split(_cell(previous, _OWNER), next(c for c in rest if c), owners)


def _owner_split(before: str, after: str, owners: Counter[str]) -> bool:
    """Whether two owner texts are the halves of one owner cut by a page break."""
    if not before:
        return False
    joined = one_line(f"{before} {after}")
    # the cut half is printed only in the row being joined; the whole owner in other rows
    return is_cut(before) or (owners[joined] > 0 and owners[before] <= 1)


def _merge(previous: Pending, texts: list[str]) -> None:
    if not texts[0]:
        texts = texts[1:]
        owner_at = 1
    else:
        owner_at = 0
    for offset, text in enumerate(texts):
        position = owner_at + offset
        if position < len(previous.texts):
            previous.texts[position] = f"{previous.texts[position]} {text}".strip()
        else:
            previous.texts.append(text)
