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

from kentparse.budget.common import BudgetSignature, amount, is_number_cell, reject, report_period, unit_of
from kentparse.budget.levels import label_level
from kentparse.budget.records import BudgetLevel, BudgetLine
from kentparse.cleaning import one_line
from kentparse.extractors.base import Column, Context, ExtractResult, HeaderMatch, HeaderSignature, LogicalTable
from kentparse.extractors.registry import register_table
from kentparse.model import Document, Row
from kentparse.records import Coverage

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


@dataclass(slots=True)
class _Read:
    lines: list[_Line] = field(default_factory=list)
    header_rows: int = 0
    structural_rows: int = 0


class KeyServiceExtractor:
    kind = "key_service_summary"
    signature: HeaderSignature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        unit = unit_of([t for row in table.rows[: header.row_index + 2] for t in row.texts])
        read = _Read(header_rows=header.row_index + 1)
        for row in table.rows[header.row_index + 1 :]:
            _read_row(row, unit, read, context, result)
        _mark_divisions(read.lines)
        _assign_directorates(read.lines, _next_directorate(table, context.document))
        period = report_period(context.document, table.pieces[0].start_index)
        for line in read.lines:
            result.records.append(_record(line, period, context))
        result.coverage.append(
            Coverage(
                doc_id=context.doc_id,
                table_no=table.table_no,
                kind=self.kind,
                title=table.title,
                page=table.page,
                rows_seen=len(table.rows),
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
    read.lines.append(_Line(row, name, values, level, directorate))


def _mark_divisions(lines: list[_Line]) -> None:
    """A row whose budget and forecast equal the sums over the service rows just above it."""
    run: list[_Line] = []
    for line in lines:
        if line.level is not None:
            run = []
            continue
        for start in range(0, len(run)):
            members = run[start:]
            if _sums_match(members, line):
                line.level = "division"
                for member in members:
                    member.level, member.division = "service", line.name
                run = []
                break
        else:
            run.append(line)
    for line in lines:
        if line.level is None:
            line.level = "service"
        if line.level == "division":
            line.division = line.name


def _sums_match(members: list[_Line], line: _Line) -> bool:
    tolerance = _HALF_UNIT * (len(members) + 1)
    nonzero = False
    for field_name in ("budget", "forecast"):
        own = line.values.get(field_name)
        parts = [part for m in members if isinstance(part := m.values.get(field_name), Decimal)]
        if not isinstance(own, Decimal) or len(parts) != len(members):
            return False
        total = sum(parts, Decimal(0))
        if abs(total - own) > tolerance:
            return False
        nonzero = nonzero or own != 0
    return nonzero


def _assign_directorates(lines: list[_Line], following: str | None) -> None:
    """Each row belongs to the directorate row below it; rows after the last one, to the one above."""
    below: str | None = None
    for line in reversed(lines):
        if line.level == "directorate":
            below = line.directorate
        elif line.level != "total":
            line.directorate = below
    above: str | None = None
    for line in lines:
        if line.level == "directorate":
            above = line.directorate
        elif line.level != "total" and line.directorate is None:
            line.directorate = above or following


def _next_directorate(table: LogicalTable, document: Document) -> str | None:
    """The first directorate row of the key-service tables after this one (a directorate's rows
    can start in one table and end in the next)."""
    last = table.pieces[-1]
    position = next(i for i, piece in enumerate(document.tables) if piece is last)
    for piece in document.tables[position + 1 :]:
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
