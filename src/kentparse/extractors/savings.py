"""Savings tables: a directorate summary, then every line item under its directorate's subtotal.

Header: Directorate | Previous year saving delivered | Target | Not achieved | Alternative Saving
(ongoing) | ... | Forecast Savings. The detail runs over several page-sized tables that repeat
the header; a line item at the top of a later table belongs to the directorate above it in an
earlier one. Rows are grouped into sections ending at a "Total" row: a section with no line
items is the summary. Each printed number becomes a `savings_values` row keyed by a normalised
measure name, with the printed header beside it. Unheaded pieces cut off after a table by a
page break are read too; rows with fewer cells than the header are rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kentparse.budget.common import (
    BudgetSignature,
    amount,
    following_orphans,
    is_number_cell,
    reject,
    report_period,
    strip_years_and_units,
    tables_before,
    unit_of,
)
from kentparse.budget.directorates import canonical_directorate
from kentparse.budget.levels import is_total_label
from kentparse.budget.records import SavingsLevel, SavingsLine, SavingsSection, SavingsValue
from kentparse.cleaning import one_line
from kentparse.extractors.base import (
    Column,
    Context,
    ExtractResult,
    HeaderMatch,
    HeaderSignature,
    LogicalTable,
    normalise_header,
    table_coverage,
)
from kentparse.extractors.registry import register_table
from kentparse.model import Document, Row, Table

SIGNATURE = BudgetSignature(
    (
        Column("name", ("Directorate", "Directorate / Saving", "Saving description", "Description")),
        Column("target", ("Target", "Savings Target", "Budgeted Savings", "Agreed Savings")),
        Column("forecast", ("Forecast Savings", "Forecast Saving", "Total Forecast", "Forecast")),
        Column("not_achieved", ("Not achieved", "Not achieved in", "Slipped"), required=False),
    )
)

#: normalised measure names and the header wordings they go by
MEASURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("prior_year_delivered", ("Previous year saving delivered in", "Previous year savings delivered")),
    ("target", ("Target", "Savings Target", "Budgeted Savings", "Agreed Savings")),
    ("not_achieved", ("Not achieved in", "Not achieved", "Slipped to future years", "To be achieved in future years")),
    ("forecast_original", ("Forecast against original saving",)),
    (
        "alternative_ongoing",
        ("Alternative Saving (ongoing)", "Forecast against alternative saving (ongoing)", "Ongoing Impact"),
    ),
    (
        "alternative_one_off",
        ("Alternative Saving (one-off)", "Forecast against alternative saving (one-off)", "One-off Impact"),
    ),
    ("no_longer_required", ("Saving no longer required",)),
    ("not_deliverable", ("Saving not Deliverable", "Savings not deliverable", "Un-deliverable", "Undeliverable")),
    ("variance", ("Variance",)),
    ("over_recovery", ("Over Recovery of Saving", "Over achieved")),
    ("forecast", ("Forecast Savings", "Forecast Saving", "Total Forecast", "Forecast")),
)
_MEASURE_SCORE = 85.0
_CATEGORY = re.compile(r"^\s*([A-Z][A-Za-z&/ -]{2,30}?)\s*:\s*\S")


def measure_of(header: str) -> str:
    """The normalised measure a printed column header stands for (its own words if none)."""
    cell = normalise_header(strip_years_and_units(header))
    best, best_score = "", 0.0
    for measure, aliases in MEASURES:
        score = max(fuzz.ratio(normalise_header(alias), cell) for alias in aliases)
        if score > best_score:
            best, best_score = measure, score
    return best if best_score >= _MEASURE_SCORE else "_".join(cell.split()) or "unlabelled"


def category_of(description: str) -> str | None:
    """The category a line item's description opens with ("Efficiency: ..." → Efficiency)."""
    match = _CATEGORY.match(description)
    return match.group(1).strip() if match else None


@dataclass(slots=True)
class _Row:
    row: Row
    label: str
    level: SavingsLevel
    directorate: str | None
    section: SavingsSection = "detail"


@dataclass(slots=True)
class _Read:
    rows: list[_Row] = field(default_factory=list)
    header_rows: int = 0
    structural_rows: int = 0
    rows_seen: int = 0


class SavingsExtractor:
    kind = "savings"
    signature: HeaderSignature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        headers = _headers(table, header, context.document)
        unit = unit_of(headers)
        read = _classify(table, header, _inherited_directorate(table, context.document))
        _assign_sections(read.rows, starts_fresh=_starts_fresh(read.rows))
        period = report_period(context.document, table.pieces[0].start_index)
        for index, item in enumerate(read.rows):
            _emit(item, index, table, headers, header, unit, period, context, result)
        for piece in following_orphans(table, context.document):
            _reject_orphan(piece, len(headers), context, result, read)
        result.coverage.append(
            table_coverage(
                context.doc_id,
                self.kind,
                table,
                rows_seen=read.rows_seen,
                header_rows=read.header_rows,
                structural_rows=read.structural_rows,
                records=sum(1 for r in result.records if isinstance(r, SavingsLine)),
                rejects=len(result.rejects),
            )
        )
        return result


def _headers(table: LogicalTable, header: HeaderMatch, document: Document) -> list[str]:
    """Printed header cells; a blank one borrows the wording of an earlier savings table."""
    own = [one_line(text) for text in table.rows[header.row_index].texts]
    if all(own[1:]):
        return own
    earlier = _earlier_headers(table, document, len(own))
    return [text or (earlier[i] if i < len(earlier) else "") for i, text in enumerate(own)]


def _earlier_headers(table: LogicalTable, document: Document, width: int) -> list[str]:
    for piece in reversed(_pieces_before(table, document)):
        match = SIGNATURE.match(piece)
        if match and piece.n_cols == width:
            texts = [one_line(text) for text in piece.rows[match.row_index].texts]
            if all(texts[1:]):
                return texts
    return []


def _pieces_before(table: LogicalTable, document: Document) -> list[Table]:
    return tables_before(document, table.pieces[0])


def _inherited_directorate(table: LogicalTable, document: Document) -> str | None:
    """The directorate whose subtotal row last came before this table in the savings tables."""
    for piece in reversed(_pieces_before(table, document)):
        match = SIGNATURE.match(piece)
        if not match:
            continue
        for row in reversed(piece.rows[match.row_index + 1 :]):
            label = one_line(row.texts[0]) if row.texts else ""
            if is_total_label(label):
                return None
            if found := canonical_directorate(label):
                return found
    return None


def _classify(table: LogicalTable, header: HeaderMatch, directorate: str | None) -> _Read:
    read = _Read(header_rows=1, structural_rows=header.row_index, rows_seen=len(table.rows))
    name_col = header.columns["name"]
    for row in table.rows[header.row_index + 1 :]:
        texts = [one_line(text) for text in row.texts]
        label = texts[name_col] if name_col < len(texts) else ""
        if not any(texts):
            read.structural_rows += 1
        elif SIGNATURE.match_rows([row]) is not None:
            read.header_rows += 1
        elif is_total_label(label):
            read.rows.append(_Row(row, label, "total", None))
        elif found := canonical_directorate(label):
            directorate = found
            read.rows.append(_Row(row, label, "directorate", found))
        else:
            read.rows.append(_Row(row, label, "item", directorate))
    return read


def _starts_fresh(rows: list[_Row]) -> bool:
    return bool(rows) and rows[0].level != "item"


def _assign_sections(rows: list[_Row], starts_fresh: bool) -> None:
    """Rows up to each "Total" form a section: one with no line items is the summary."""
    section: list[_Row] = []
    fresh = starts_fresh
    for item in rows:
        section.append(item)
        if item.level == "total":
            _close_section(section, fresh)
            section, fresh = [], True
    _close_section(section, fresh)


def _close_section(section: list[_Row], fresh: bool) -> None:
    summary = fresh and not any(item.level == "item" for item in section)
    for item in section:
        item.section = "summary" if summary else "detail"


def _emit(
    item: _Row,
    index: int,
    table: LogicalTable,
    headers: list[str],
    header: HeaderMatch,
    unit: str,
    period: str | None,
    context: Context,
    result: ExtractResult,
) -> None:
    row = item.row
    line_id = f"p{row.page}-l{row.line}" if row.line is not None else f"p{row.page}-t{table.table_no}-r{index}"
    if not item.label:
        result.rejects.append(reject(context, SavingsExtractor.kind, row, "savings row with no description"))
        return
    result.records.append(
        SavingsLine(
            doc_id=context.doc_id,
            savings_line_id=line_id,
            period=period,
            section=item.section,
            directorate=item.directorate,
            description=item.label,
            category=category_of(item.label) if item.level == "item" else None,
            level=item.level,
            is_subtotal=item.level != "item",
            page=row.page,
            line=row.line,
        )
    )
    for position, text in enumerate(row.texts):
        if position == header.columns["name"] or not one_line(text):
            continue
        printed = headers[position] if position < len(headers) else ""
        cell = amount(text, unit)
        result.records.append(
            SavingsValue(
                doc_id=context.doc_id,
                savings_line_id=line_id,
                measure=measure_of(printed) if printed else "unlabelled",
                header=printed,
                amount=cell.value,
                amount_text=cell.text or "",
            )
        )


def _reject_orphan(piece: Table, width: int, context: Context, result: ExtractResult, read: _Read) -> None:
    for row in piece.rows:
        read.rows_seen += 1
        if row.is_blank():
            read.structural_rows += 1
            continue
        numbers = sum(1 for text in row.texts if is_number_cell(text))
        reason = (
            f"row cut short: {len(row.cells)} cells ({numbers} numbers) for {width} columns, "
            "cannot tell which columns the numbers belong to"
            if len(row.cells) < width
            else "row of an unheaded piece after a savings table"
        )
        result.rejects.append(reject(context, SavingsExtractor.kind, row, reason))


register_table(SavingsExtractor())
