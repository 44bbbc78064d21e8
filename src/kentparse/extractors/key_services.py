"""Key Service Summary: revenue by key service, the previous year's outturn beside this year's forecast.

Header: (previous year) Revenue Budget | Outturn | Variance | <service> | (this year) Revenue
Budget | Forecast | Variance | Last Reported Position | Movement. The service name is the one cell
of words; the three cells before it are the previous year, the five after it this year (blank
cells a layout shift put in front of them are dropped). Subtotal rows are not marked in the
paper: a directorate row is known by its name, a total by "Total"/"General Fund", and a division
row by its budget and forecast equalling the sums over the service rows just above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kentparse.budget.common import (
    BudgetSignature,
    amount,
    is_number_cell,
    reject,
    report_period,
    tables_after,
    unit_of,
)
from kentparse.budget.directorates import parent_directorate
from kentparse.budget.levels import label_level
from kentparse.budget.records import BudgetLevel, BudgetLine
from kentparse.cleaning import one_line
from kentparse.extractors.base import (
    Column,
    Context,
    ExtractResult,
    HeaderMatch,
    HeaderSignature,
    LogicalTable,
    table_coverage,
)
from kentparse.extractors.registry import register_table
from kentparse.model import Document, Row

SIGNATURE = BudgetSignature(
    (
        Column("budget", ("Revenue Budget", "Budget", "Cash Limit")),
        Column("outturn", ("Outturn", "Actual Outturn")),
        Column("forecast", ("Forecast", "Forecast Outturn")),
        Column("variance", ("Variance",)),
    )
)
PRIOR_FIELDS = ("prior_budget", "prior_outturn", "prior_variance")
CURRENT_FIELDS = ("budget", "forecast", "variance", "last_reported", "movement")
#: rounding: each printed figure is within 0.05 of the true one
_HALF_UNIT = Decimal("0.05")


@dataclass(slots=True)
class _Line:
    row: Row
    name: str
    values: dict[str, object]
    level: BudgetLevel | None
    directorate: str | None
    division: str | None = None
    #: index of the page piece the row was printed on
    piece: int = 0


@dataclass(slots=True)
class _Read:
    lines: list[_Line] = field(default_factory=list)
    header_rows: int = 0
    structural_rows: int = 0
    pieces: dict[int, int] = field(default_factory=dict)
    last_piece: int = 0

    def piece_of(self, row: Row) -> int:
        """The piece a row came from (a row merged across a page break keeps the piece above)."""
        self.last_piece = self.pieces.get(id(row), self.last_piece)
        return self.last_piece


class KeyServiceExtractor:
    kind = "key_service_summary"
    signature: HeaderSignature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        unit = unit_of([t for row in table.rows[: header.row_index + 2] for t in row.texts])
        read = _Read(header_rows=header.row_index + 1)
        read.pieces = {id(row): index for index, piece in enumerate(table.pieces) for row in piece.rows}
        for row in table.rows[header.row_index + 1 :]:
            _read_row(row, unit, read, context, result)
        _mark_divisions(read.lines)
        _assign_directorates(read.lines, _next_directorate(table, context.document))
        period = report_period(context.document, table.pieces[0].start_index)
        for line in read.lines:
            result.records.append(_record(line, period, context))
        result.coverage.append(
            table_coverage(
                context.doc_id,
                self.kind,
                table,
                header_rows=read.header_rows,
                structural_rows=read.structural_rows,
                records=len(result.records),
                rejects=len(result.rejects),
            )
        )
        return result


def split_row(texts: list[str]) -> tuple[int, list[str], list[str]] | None:
    """(name position, cells before, cells after) when exactly one cell holds words."""
    words = [i for i, text in enumerate(texts) if text and not is_number_cell(text)]
    if len(words) != 1:
        return None
    position = words[0]
    after = texts[position + 1 :]
    while len(after) > len(CURRENT_FIELDS) and not after[0]:
        after = after[1:]
    return position, texts[:position], after


def _read_row(row: Row, unit: str, read: _Read, context: Context, result: ExtractResult) -> None:
    texts = [one_line(text) for text in row.texts]
    numbers = [text for text in texts if text and is_number_cell(text)]
    if not any(texts):
        read.structural_rows += 1
        return
    if not numbers:
        read.header_rows += 1  # repeated headers and unit rows of later pages
        return
    split = split_row(texts)
    if split is None:
        result.rejects.append(reject(context, KeyServiceExtractor.kind, row, "no single service name in the row"))
        return
    _, before, after = split
    if len(before) > len(PRIOR_FIELDS) or len(after) > len(CURRENT_FIELDS):
        result.rejects.append(
            reject(
                context, KeyServiceExtractor.kind, row, f"{len(before)} cells before and {len(after)} after the name"
            )
        )
        return
    if len(after) < len(CURRENT_FIELDS) - 1:
        result.rejects.append(
            reject(
                context,
                KeyServiceExtractor.kind,
                row,
                f"row cut short: {len(after)} cells after the name for {len(CURRENT_FIELDS)} columns",
            )
        )
        return
    name = texts[split[0]]
    values: dict[str, object] = {}
    prior = [""] * (len(PRIOR_FIELDS) - len(before)) + before
    for fields, cells in ((PRIOR_FIELDS, prior), (CURRENT_FIELDS, after)):
        for field_name, text in zip(fields, cells, strict=False):
            cell = amount(text, unit)
            values[field_name], values[f"{field_name}_text"] = cell.value, cell.text
    level, directorate = label_level(name)
    if level == "directorate" and (parent := parent_directorate(directorate)):
        level, directorate = "division", parent  # a budget reported within another directorate
    read.lines.append(_Line(row, name, values, level, directorate, piece=read.piece_of(row)))


def _mark_divisions(lines: list[_Line]) -> None:
    """A row whose budget and forecast equal the sums over the service rows just above it; a
    directorate-like budget reported within another directorate heads the rows above it."""
    run: list[_Line] = []
    for line in lines:
        if line.level == "division":
            _close_division(line, run)
            run = []
        elif line.level is not None:
            run = []
        elif members := _matching_suffix(run, line):
            line.level = "division"
            _close_division(line, members)
            run = []
        else:
            run.append(line)
    for line in lines:
        if line.level is None:
            line.level = "service"


def _close_division(line: _Line, members: list[_Line]) -> None:
    line.division = line.name
    for member in members:
        member.level, member.division = "service", line.name


def _matching_suffix(run: list[_Line], line: _Line) -> list[_Line]:
    """The run of rows just above whose sums come closest to the row (two rows or more), or a
    single row printing exactly the same non-zero figures in every column."""
    candidates = [
        (difference, -len(members), members)
        for start in range(len(run) - 1)
        if (difference := _sum_difference(members := run[start:], line)) is not None
    ]
    if candidates:
        return min(candidates, key=lambda candidate: (candidate[0], candidate[1]))[2]
    if run and _same_figures(run[-1], line):
        return run[-1:]
    return []


def _same_figures(above: _Line, line: _Line) -> bool:
    names = PRIOR_FIELDS + CURRENT_FIELDS
    return (
        all(above.values.get(name) == line.values.get(name) for name in names)
        and line.values.get("budget") not in (None, Decimal(0))
        and line.values.get("prior_budget") not in (None, Decimal(0))
    )


def _sum_difference(members: list[_Line], line: _Line) -> Decimal | None:
    """How far the budget and forecast sums over the members are from the row, if within rounding."""
    tolerance = _HALF_UNIT * (len(members) + 1)
    total_difference = Decimal(0)
    nonzero = False
    for field_name in ("budget", "forecast"):
        own = line.values.get(field_name)
        parts = [part for m in members if isinstance(part := m.values.get(field_name), Decimal)]
        if not isinstance(own, Decimal) or len(parts) != len(members):
            return None
        difference = abs(sum(parts, Decimal(0)) - own)
        if difference > tolerance:
            return None
        total_difference += difference
        nonzero = nonzero or own != 0
    return total_difference if nonzero else None


def _assign_directorates(lines: list[_Line], following: str | None) -> None:
    """Rows printed after the last directorate row of their page belong to that directorate
    (the "Earmarked Budgets" line under a directorate's total); the others to the directorate
    row below them, in this table or the next key-service table."""
    last_on_page: dict[int, tuple[int, str | None]] = {}
    for index, line in enumerate(lines):
        if line.level == "directorate":
            last_on_page[line.piece] = (index, line.directorate)
    below = following
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if line.level == "directorate":
            below = line.directorate
            continue
        if line.level == "total":
            continue
        closing = last_on_page.get(line.piece)
        if closing is not None and index > closing[0]:
            line.directorate = closing[1]
        elif line.directorate is None or line.level != "division":
            line.directorate = below


def _next_directorate(table: LogicalTable, document: Document) -> str | None:
    """The first directorate row of the key-service tables after this one (a directorate's rows
    can start in one table and end in the next)."""
    for piece in tables_after(document, table.pieces[-1]):
        if SIGNATURE.match(piece) is None:
            continue
        for row in piece.rows:
            split = split_row([one_line(text) for text in row.texts])
            if split:
                level, directorate = label_level(one_line(row.texts[split[0]]))
                if level == "directorate":
                    return directorate
    return None


def _record(line: _Line, period: str | None, context: Context) -> BudgetLine:
    return BudgetLine(
        doc_id=context.doc_id,
        period=period,
        table_name="key_service_summary",
        name=line.name,
        directorate=line.directorate,
        division=line.division,
        service=line.name if line.level == "service" else None,
        level=line.level or "service",
        page=line.row.page,
        line=line.row.line,
        **line.values,  # type: ignore[arg-type]
    )


register_table(KeyServiceExtractor())
