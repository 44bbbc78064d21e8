"""Helpers shared by the budget extractors: period, units, amounts, rejects, orphan pieces."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from kentparse.cleaning import one_line
from kentparse.extractors.base import Column, Context, HeaderSignature, LogicalTable, normalise_header
from kentparse.extractors.document_memo import matching_line_indexes
from kentparse.model import Document, Row, Table
from kentparse.numbers import ParsedNumber, parse_number, to_millions
from kentparse.records import Reject
from kentparse.segment import is_furniture

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PERIOD = re.compile(rf"\b({_MONTHS})\s+(20\d\d\s*[-–/]\s*\d\d)\b", re.I)
_UNIT = re.compile(r"£\s*(000s|000|k|m|bn)\b|£'000", re.I)
_UNIT_NAMES = {"000s": "£000s", "000": "£000s", "k": "£k", "m": "£m", "bn": "£bn"}
#: non-table lines allowed between a table and an unheaded piece that follows it
_ORPHAN_GAP_LINES = 6
_ORPHAN_GAP_WIDTH = 80


def report_period(document: Document, before_index: int) -> str | None:
    """The nearest "<Month> <yyyy-yy>" printed above a table ("October 2023-24")."""
    period_lines = matching_line_indexes(document, _PERIOD)
    above = bisect_left(period_lines, before_index)
    if above == 0:
        return None
    match = _PERIOD.search(document.lines[period_lines[above - 1]].text)
    assert match is not None
    year = "".join(match.group(2).split())
    return f"{match.group(1).capitalize()} {year}"


def unit_of(texts: list[str], default: str = "£m") -> str:
    """The money unit printed in header/unit cells ("£m", "£k", "£000s"), else the default."""
    for text in texts:
        match = _UNIT.search(text)
        if match:
            return "£000s" if match.group(0) == "£'000" else _UNIT_NAMES[match.group(1).lower()]
    return default


@dataclass(frozen=True, slots=True)
class Amount:
    value: Decimal | None
    text: str | None
    parsed: ParsedNumber


def amount(text: str, unit: str) -> Amount:
    """A money cell in £m; an empty cell is null; words keep value null and their text."""
    printed = one_line(text)
    parsed = parse_number(printed)
    if parsed.value is None:
        return Amount(None, printed or None, parsed)
    cell_unit = parsed.unit if parsed.unit and parsed.unit != "%" else unit
    return Amount(to_millions(parsed.value, cell_unit), printed, parsed)


def is_number_cell(text: str) -> bool:
    return parse_number(one_line(text)).status in ("number", "nil")


def reject(context: Context, kind: str, row: Row, reason: str) -> Reject:
    return Reject(
        doc_id=context.doc_id,
        kind=kind,
        page=row.page,
        line=row.line,
        raw="\t".join(row.texts),
        reason=reason,
    )


def table_start_index(table: LogicalTable) -> int:
    return table.pieces[0].start_index


def tables_before(document: Document, piece: Table) -> list[Table]:
    """The reader's tables printed before this piece (which may be one rebuilt from lines)."""
    return [table for table in document.tables if table is not piece and table.end_index <= piece.start_index]


def tables_after(document: Document, piece: Table) -> list[Table]:
    return [table for table in document.tables if table is not piece and table.start_index >= piece.end_index]


def following_orphans(table: LogicalTable, document: Document) -> list[Table]:
    """Unheaded table pieces right after this table, separated only by a few short lines
    (running page headings such as "5 Management Action"): the page break cut them off."""
    last = table.pieces[-1]
    orphans: list[Table] = []
    end = last.end_index
    for piece in tables_after(document, last):
        between = [line for line in document.lines[end : piece.start_index] if not is_furniture(line)]
        if len(between) > _ORPHAN_GAP_LINES or any(len(line.text) > _ORPHAN_GAP_WIDTH for line in between):
            break
        if is_headed(piece) or piece.n_cols > last.n_cols:
            break
        orphans.append(piece)
        end = piece.end_index
    return orphans


_YEAR_OR_UNIT = re.compile(r"\b(?:20)?\d\d\s*[-–/ ]\s*\d\d\b|£\s*(?:000s|000|k|m|bn)\b|£'000|\+/-", re.I)


def strip_years_and_units(cell: str) -> str:
    """A header cell without its years and units: "23-24 one-off £k" → "one-off"."""
    return " ".join(_YEAR_OR_UNIT.sub(" ", cell).split())


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity, as HeaderSignature
class BudgetSignature(HeaderSignature):
    """A header signature that ignores years and units printed in header cells."""

    @staticmethod
    def _score(column: Column, cell: str) -> float:
        return HeaderSignature._score(column, normalise_header(strip_years_and_units(cell)))


def is_headed(piece: Table) -> bool:
    """Whether any registered table extractor recognises this piece's header."""
    from kentparse.extractors.registry import table_extractors

    return any(extractor.signature.match(piece) for extractor in table_extractors())
