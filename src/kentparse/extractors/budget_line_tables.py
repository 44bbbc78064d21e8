"""Budget tables printed without rules, that the PDF reader gives only as lines of text.

A row line is a label followed by three or more numbers ("Adult Social Care & Health 586.1 621.6
+35.4 +6.0%"); a run of them, with label lines wrapped above a row joined on, is a table. Its
header is the lines just above, each holding one word per column (stacked headers such as
"Revenue Revenue Revenue %" over "Budget Forecast Variance Variance" are zipped column by
column). The rebuilt table goes to whichever budget table extractor its header matches, so it
is read exactly as a ruled table would be. A row with fewer numbers than columns is mapped to
the leading columns and flagged when its line visibly ends before the others (the missing cells
are the last ones), otherwise rejected. Lines inside tables the reader did find are skipped.
Tables rebuilt from word positions (`budget.layout`, PDF lines) are left to `budget_layout_tables`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kentparse.budget.common import unit_of
from kentparse.budget.layout import laid_tables
from kentparse.extractors.base import Context, ExtractResult, LogicalTable, table_coverage
from kentparse.extractors.registry import register_text, route, table_extractors
from kentparse.extractors.savings import MEASURES, measure_of
from kentparse.model import Cell, Document, Line, Row, Table
from kentparse.numbers import parse_number
from kentparse.records import Finding, Reject
from kentparse.segment import is_furniture

BUDGET_KINDS = frozenset({"revenue_by_directorate", "savings", "management_action", "key_service_summary"})
_MIN_NUMBERS = 3
_HEADER_LINES = 3
_UNIT_LINE = re.compile(r"^\s*all figures (?:are )?in\b", re.I)
_DETACHED_SIGN = re.compile(r"(?<!\S)([+\-−–])\s+(?=\d)")
#: points by which a row's right edge may fall short of the others' and still be complete
_EDGE_SLACK = 8.0


@dataclass(slots=True)
class _RowLine:
    label: str
    numbers: list[str]
    lines: list[Line]


@dataclass(slots=True)
class _Run:
    start: int
    rows: list[_RowLine] = field(default_factory=list)


def split_numbers(text: str) -> tuple[str, list[str]]:
    """A line's label and the numbers printed after it."""
    tokens = _DETACHED_SIGN.sub(r"\1", text).split()
    numbers: list[str] = []
    while tokens and parse_number(tokens[-1]).status in ("number", "nil"):
        numbers.insert(0, tokens.pop())
    return " ".join(tokens), numbers


class BudgetLineTableExtractor:
    kind = "budget_line_table"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        extractors = [e for e in table_extractors() if e.kind in BUDGET_KINDS]
        in_tables = _table_line_indexes(document)
        in_tables |= {i for table in laid_tables(document, in_tables) for i in range(table.start, table.end)}
        for number, run in enumerate(_runs(document.lines, in_tables)):
            table = _rebuild(run, document.lines, in_tables, number, result, context)
            if table is None:
                continue
            found = route(table, extractors)
            if found is None:
                continue
            unknown = _unknown_measures(table) if found.extractor.kind == "savings" else []
            if unknown:
                _reject_table(table, unknown, result, context)
            else:
                result.extend(found.extractor.extract(table, found.header, context))
        return result


def _unknown_measures(table: LogicalTable) -> list[str]:
    """Savings columns whose zipped header names no known measure: the stacked header lines did
    not hold one word per column, so the words cannot be trusted to name the columns."""
    known = {name for name, _ in MEASURES}
    return [text for text in table.rows[0].texts[1:] if measure_of(text) not in known]


def _reject_table(table: LogicalTable, unknown: list[str], result: ExtractResult, context: Context) -> None:
    reason = (
        "columns of a table printed without rules could not be named from its stacked header "
        f"(read as {', '.join(repr(text) for text in unknown)})"
    )
    result.coverage.append(
        table_coverage(
            context.doc_id,
            BudgetLineTableExtractor.kind,
            table,
            header_rows=1,
            structural_rows=0,
            records=0,
            rejects=len(table.rows) - 1,
        )
    )
    for row in table.rows[1:]:
        result.rejects.append(
            Reject(
                doc_id=context.doc_id,
                kind=BudgetLineTableExtractor.kind,
                page=row.page,
                line=row.line,
                raw="\t".join(row.texts),
                reason=reason,
            )
        )


def _table_line_indexes(document: Document) -> set[int]:
    return {index for table in document.tables for index in range(table.start_index, table.end_index)}


def _runs(lines: list[Line], skip: set[int]) -> list[_Run]:
    runs: list[_Run] = []
    current: _Run | None = None
    pending: list[Line] = []
    for index, line in enumerate(lines):
        if index in skip:
            current, pending = None, []
            continue
        label, numbers = split_numbers(line.text)
        if len(numbers) >= _MIN_NUMBERS and (label or pending):
            if current is None:
                current = _Run(index - len(pending))
                runs.append(current)
            label = " ".join([*(p.text.strip() for p in pending), label]).strip()
            current.rows.append(_RowLine(label, numbers, [*pending, line]))
            pending = []
        elif is_furniture(line) and not pending:
            continue
        elif current is not None and not numbers and len(pending) < 2 and line.text.strip():
            pending.append(line)  # a label wrapped above its numbers, or the run has ended
        else:
            current, pending = None, []
    return runs


def _header_lines(lines: list[Line], start: int, skip: set[int], width: int) -> tuple[list[list[str]], str]:
    """Word lists of the stacked header lines above a run, top first, and the unit line's unit."""
    stacked: list[list[str]] = []
    unit = "£m"
    for index in range(start - 1, max(-1, start - 12), -1):
        line = lines[index]
        if index in skip:
            break
        if is_furniture(line):
            continue
        if _UNIT_LINE.match(line.text):
            unit = unit_of([line.text])  # printed above the header: nothing above it belongs
            break
        words = line.text.split()
        if len(stacked) >= _HEADER_LINES or len(words) not in (width, width + 1) or split_numbers(line.text)[1]:
            break
        stacked.insert(0, words)
    return stacked, unit


def _zip_header(stacked: list[list[str]], width: int) -> list[str]:
    columns = [""] * (width + 1)
    for words in stacked:
        offset = 1 if len(words) == width else 0
        for position, word in enumerate(words):
            columns[position + offset] = f"{columns[position + offset]} {word}".strip()
    return columns


def _rebuild(
    run: _Run, lines: list[Line], skip: set[int], number: int, result: ExtractResult, context: Context
) -> LogicalTable | None:
    width = max(len(row.numbers) for row in run.rows)
    stacked, unit = _header_lines(lines, run.start, skip, width)
    if not stacked:
        return None
    header = _zip_header(stacked, width)
    header[1] = f"{header[1]} {unit}"
    page = run.rows[0].lines[-1].page
    rows = [Row(tuple(Cell(text) for text in header), page)]
    full_edge = max(_right_edge(row) for row in run.rows if len(row.numbers) == width)
    for row in run.rows:
        built = _row(row, width, full_edge, result, context)
        if built is not None:
            rows.append(built)
    piece = Table(rows=rows, page=page, start_index=run.start, end_index=run.start + len(run.rows))
    title = next((line.text for line in reversed(lines[: run.start]) if line.text.strip()), None)
    return LogicalTable(-2 - number, [piece], rows, title)


def _right_edge(row: _RowLine) -> float:
    bbox = row.lines[-1].bbox
    return bbox[2] if bbox else 0.0


def _row(row: _RowLine, width: int, full_edge: float, result: ExtractResult, context: Context) -> Row | None:
    last = row.lines[-1]
    missing = width - len(row.numbers)
    if missing and (last.bbox is None or _right_edge(row) >= full_edge - _EDGE_SLACK):
        result.rejects.append(
            Reject(
                doc_id=context.doc_id,
                kind=BudgetLineTableExtractor.kind,
                page=last.page,
                line=last.line,
                raw=" / ".join(line.text for line in row.lines),
                reason=f"row cut short: {len(row.numbers)} numbers for {width} columns, "
                "cannot tell which columns they belong to",
            )
        )
        return None
    if missing:
        result.findings.append(
            Finding(
                doc_id=context.doc_id,
                check="row_cut_short",
                severity="warning",
                message=f"'{row.label}': {len(row.numbers)} numbers for {width} columns; its line ends at "
                f"x={_right_edge(row):.0f} where full rows end at x={full_edge:.0f}, so the last {missing} "
                "column(s) are read as empty",
                expected=str(width),
                actual=str(len(row.numbers)),
                page=last.page,
                line=last.line,
            )
        )
    cells = [row.label, *row.numbers, *[""] * missing]
    return Row(tuple(Cell(text) for text in cells), last.page, last.line, last.bbox)


register_text(BudgetLineTableExtractor())
