"""Budget tables printed without rules in a PDF, rebuilt from word positions (`budget.layout`).

Each rebuilt table is recognised by its column headers:
- savings (the columns name savings measures: a target, or alternative savings): a table of
  directorate rows and a total is the summary, one of line items the detail (their directorate is
  the one the section heading above names), one without a target the alternative savings;
- revenue by directorate (a "Directorate" label column over budget, forecast, variance): read by
  the revenue extractor, as a ruled table would be;
- a directorate's own revenue table (budget, forecast, variance; no label header): its division
  rows and its total (`directorate_summary`), or, under a "Key Service" header, its key
  services (`key_service_detail`);
- capital by directorate (capital budget, variance, real and rephasing variance).
A number printed under no column header rejects its row; a row missing a number in some column
is kept with that cell empty (null) and flagged, since the word positions say which cell is empty.
"""

from __future__ import annotations

from kentparse.budget.common import BudgetSignature, report_period
from kentparse.budget.directorates import canonical_directorate
from kentparse.budget.laid_records import budget_records, capital_records, savings_kind, savings_records
from kentparse.budget.layout import HEADING, LaidRow, LaidTable, laid_tables
from kentparse.extractors.base import (
    Column,
    Context,
    ExtractResult,
    HeaderSignature,
    LogicalTable,
    table_coverage,
)
from kentparse.extractors.registry import register_text, route, table_extractors
from kentparse.model import Cell, Document, Row, Table
from kentparse.numbers import parse_number
from kentparse.records import Coverage, Finding, Record, Reject

_TABLE_NO_BASE = -1000

REVENUE_COLUMNS = BudgetSignature(
    (
        Column("budget", ("Revenue Budget", "Budget", "Cash Limit")),
        Column("forecast", ("Revenue Forecast", "Forecast", "Forecast Outturn")),
        Column("variance", ("Revenue Variance", "Variance", "Forecast Variance")),
        Column("last_reported", ("Last Reported Position", "Last Reported Variance"), required=False),
        Column("movement", ("Movement",), required=False),
    )
)
CAPITAL_COLUMNS = BudgetSignature(
    (
        Column("budget", ("Capital Budget", "Capital Cash Limit")),
        Column("variance", ("Variance", "Total Variance")),
        Column("real_variance", ("Real Variance",)),
        Column("rephasing_variance", ("Rephasing Variance", "Re-phasing Variance")),
    )
)
#: what a table's label column holds, by its header
LABEL_KINDS = (
    ("service", HeaderSignature((Column("service", ("Key Service", "Service", "Key Service Line")),), 85.0)),
    ("directorate", HeaderSignature((Column("directorate", ("Directorate", "Directorates")),), 85.0)),
)


class BudgetLayoutExtractor:
    kind = "budget_layout_table"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        if not any(line.words for line in document.lines):
            return result
        skip = _routed_table_lines(document)
        for number, table in enumerate(laid_tables(document, skip)):
            _extract(table, _TABLE_NO_BASE - number, document, context, result)
        return result


def _routed_table_lines(document: Document) -> set[int]:
    """Lines of the reader's own tables that a table extractor reads (not ours to read again)."""
    extractors = table_extractors()
    lines: set[int] = set()
    for table in document.tables:
        if any(extractor.signature.match(table) for extractor in extractors):
            lines.update(range(table.start_index, table.end_index))
    return lines


def _extract(table: LaidTable, table_no: int, document: Document, context: Context, result: ExtractResult) -> None:
    numeric_headers = [table.columns[i].text for i in table.numeric]
    header = _header_row(numeric_headers)
    label = _label_kind(table)
    kept, rejects, flags = _split_rows(table, context)
    logical = _logical(table, table_no, kept, document)
    where = (context.doc_id, report_period(document, table.start), section_directorate(document, table.start))
    records: list[Record]
    if (kind := savings_kind(numeric_headers, label)) is not None:
        records = savings_records(table, kept, kind, where)
    elif label == "directorate" and REVENUE_COLUMNS.match_rows([header]):
        _route_revenue(logical, table, kept, rejects, context, result)
        result.findings.extend(flags)
        return
    elif label == "directorate" and (capital := CAPITAL_COLUMNS.match_rows([header])):
        records = capital_records(table, kept, capital.columns, where)
        flags.extend(_unread_columns(table, kept, set(capital.columns.values()), context))
    elif label in ("service", None) and (revenue := REVENUE_COLUMNS.match_rows([header])):
        name = "key_service_detail" if label == "service" else "directorate_summary"
        records = budget_records(table, kept, revenue.columns, name, where)
        flags.extend(_unread_columns(table, kept, set(revenue.columns.values()), context))
    else:
        return  # not a budget table: the raw layer keeps its lines
    result.records.extend(records)
    result.rejects.extend(rejects)
    result.findings.extend(flags)
    result.coverage.append(_coverage(logical, table, len(kept), len(rejects), BudgetLayoutExtractor.kind, context))


def _route_revenue(
    logical: LogicalTable,
    table: LaidTable,
    rows: list[LaidRow],
    rejects: list[Reject],
    context: Context,
    result: ExtractResult,
) -> None:
    """Revenue by directorate, read by the revenue extractor as a ruled table would be."""
    found = route(logical, [e for e in table_extractors() if e.kind == "revenue_by_directorate"])
    if found is None:
        return
    routed = found.extractor.extract(logical, found.header, context)
    labels = len(table.label_columns) or 1
    read = {position - labels for position in found.header.columns.values() if position >= labels}
    result.findings.extend(_unread_columns(table, rows, read, context))
    result.records.extend(routed.records)
    result.rejects.extend([*routed.rejects, *rejects])
    result.findings.extend(routed.findings)
    records = sum(1 for _ in routed.records)
    result.coverage.append(
        _coverage(logical, table, records, len(routed.rejects) + len(rejects), found.extractor.kind, context)
    )


def _coverage(
    logical: LogicalTable, table: LaidTable, records: int, rejects: int, kind: str, context: Context
) -> Coverage:
    return table_coverage(
        context.doc_id,
        kind,
        logical,
        rows_seen=len(table.rows) + 1,
        header_rows=1,
        structural_rows=len(table.rows) - records - rejects,
        records=records,
        rejects=rejects,
    )


def _unread_columns(table: LaidTable, rows: list[LaidRow], read: set[int], context: Context) -> list[Finding]:
    """A warning for each number column no field holds (percentages, derived from the others, apart)."""
    findings: list[Finding] = []
    for index, position in enumerate(table.numeric):
        texts = [row.values[position] for row in rows if position in row.values]
        if index in read or all(parse_number(text).unit == "%" for text in texts):
            continue
        findings.append(
            Finding(
                doc_id=context.doc_id,
                check="budget_column_not_read",
                severity="warning",
                message=f"column '{table.columns[position].text}' of the table on page {table.page} names no "
                f"field of its table kind: its {len(texts)} figures are kept in raw_lines only",
                page=table.page,
                line=None,
            )
        )
    return findings


def _header_row(texts: list[str]) -> Row:
    return Row(tuple(Cell(text) for text in texts), 0)


def _label_kind(table: LaidTable) -> str | None:
    """What the label column's header names: "service", "directorate", "other"; None for no header."""
    texts = [table.columns[i].text for i in table.label_columns]
    if not texts:
        return None
    header = _header_row(texts[:1])
    return next((kind for kind, signature in LABEL_KINDS if signature.match_rows([header])), "other")


def _split_rows(table: LaidTable, context: Context) -> tuple[list[LaidRow], list[Reject], list[Finding]]:
    """Rows that become records, rejects for the others, and flags for rows missing a figure."""
    kept: list[LaidRow] = []
    rejects: list[Reject] = []
    flags: list[Finding] = []
    for row in table.rows:
        reason = _reject_reason(row)
        if reason is None:
            kept.append(row)
            flags.extend(_flag_missing(table, row, context))
        else:
            rejects.append(_reject(row, reason, context))
    return kept, rejects, flags


def _reject_reason(row: LaidRow) -> str | None:
    if row.unplaced:
        return f"number(s) {', '.join(row.unplaced)} stand under no column header: cannot tell which column they fill"
    if not row.label:
        return "figures with no label beside them"
    if not row.values:
        return "a label with no figures beside it"
    return None


def _reject(row: LaidRow, reason: str, context: Context) -> Reject:
    raw = " | ".join([row.label, *(text for _, text in sorted(row.values.items())), *row.unplaced])
    return Reject(
        doc_id=context.doc_id, kind=BudgetLayoutExtractor.kind, page=row.page, line=None, raw=raw, reason=reason
    )


def _flag_missing(table: LaidTable, row: LaidRow, context: Context) -> list[Finding]:
    missing = [table.columns[i].text for i in table.numeric if i not in row.values]
    if not missing:
        return []
    return [
        Finding(
            doc_id=context.doc_id,
            check="row_cut_short",
            severity="warning",
            message=f"'{row.label}': no figure printed under {', '.join(repr(m) for m in missing)}; "
            "the numbers were placed by their position under the headers and the empty cell(s) read as null",
            expected=str(len(table.numeric)),
            actual=str(len(row.values)),
            page=row.page,
            line=None,
        )
    ]


def _logical(table: LaidTable, table_no: int, kept: list[LaidRow], document: Document) -> LogicalTable:
    """The table as rows of cells: label columns, then number columns ("" where none was printed);
    the unit is written into the first number column's header, where the extractors look for it."""
    labels = table.label_columns or [-1]
    header = [table.columns[i].text if i >= 0 else "" for i in labels]
    numbers = [table.columns[i].text for i in table.numeric]
    if numbers and table.unit:
        numbers[0] = f"{numbers[0]} {table.unit}"
    rows = [Row(tuple(Cell(text) for text in header + numbers), table.page)]
    for row in kept:
        cells = [row.labels.get(i, "") for i in labels] + [row.values.get(i, "") for i in table.numeric]
        rows.append(Row(tuple(Cell(text) for text in cells), row.page))
    piece = Table(rows=rows, page=table.page, start_index=table.start, end_index=table.end)
    title = next((line.text for line in reversed(document.lines[: table.start]) if HEADING.match(line.text)), None)
    return LogicalTable(table_no, [piece], rows, title)


def section_directorate(document: Document, before: int) -> str | None:
    """The directorate the nearest numbered section heading above names ("3a | Adult Social Care
    & Health including Public Health", "4a | Adult Social Care & Health Savings"): the longest
    opening of the heading's words that is a directorate's name."""
    for line in reversed(document.lines[:before]):
        if HEADING.match(line.text):
            words = line.text.split("|", 1)[1].split()
            for end in range(len(words), 0, -1):
                found = canonical_directorate(" ".join(words[:end]))
                if found:
                    return found
            return None
    return None


register_text(BudgetLayoutExtractor())
