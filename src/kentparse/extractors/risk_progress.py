"""A performance report's corporate risk section: risks per level, the stated count of
mitigating-action updates with their status split, and the updates themselves.

Tables: " | Low Risk | Medium Risk | High Risk" (a row per date: "Current risk level
November 2023 | 0 | 9 | 14") → `risk_overview`; "Due Date for Review or Completion | Actions
Completed/ Closed | … Partially complete | … Regular Review | … Outstanding" →
`risk_action_summary`, with the total stated in the sentence above it ("Updates have been
provided for 33 actions").
"""

from __future__ import annotations

import re
from datetime import date, datetime

from kentparse.cleaning import one_line, or_none
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
from kentparse.model import Row
from kentparse.numbers import parse_number
from kentparse.records import Coverage, Reject
from kentparse.risk_records import RiskActionSummary, RiskOverview

OVERVIEW = HeaderSignature(
    (
        Column("label", ("Risk level", "Date", "As at"), required=False),
        Column("low", ("Low Risk", "Low")),
        Column("medium", ("Medium Risk", "Medium")),
        Column("high", ("High Risk", "High")),
    ),
    min_score=85.0,
)
ACTION_SUMMARY = HeaderSignature(
    (
        Column("period", ("Due Date for Review or Completion", "Due Date")),
        Column("complete", ("Actions Completed/ Closed", "Actions Completed", "Actions Complete")),
        Column("partially_complete", ("Actions Partially complete", "Partially complete")),
        Column("regular_review", ("Actions subject to Regular Review", "Regular Review")),
        Column("outstanding", ("Actions Outstanding", "Outstanding")),
    )
)
_AS_AT_PREFIX = re.compile(r"^\s*(current\s+)?risk\s+levels?\s*(as\s+at|at|in)?\s*", re.I)
_STATED_TOTAL = re.compile(r"updates?\s+(?:have\s+been\s+|were\s+)?provided\s+for\s+(\d+)\s+actions", re.I)
_LOOKBACK = 6


def month_date(text: str) -> date | None:
    """The first day of the month a label such as "November 2023" names."""
    match = re.search(r"([A-Za-z]+)\s+(\d{4})", text)
    if match is None:
        return None
    for pattern in ("%B %Y", "%b %Y"):
        try:
            return datetime.strptime(f"{match.group(1)} {match.group(2)}", pattern).date()
        except ValueError:
            continue
    return None


def _count(text: str) -> int | None:
    parsed = parse_number(text)
    if parsed.status == "number" and parsed.value is not None and parsed.value == parsed.value.to_integral():
        return int(parsed.value)
    return 0 if parsed.status == "nil" else None


def _coverage(
    kind: str, table: LogicalTable, context: Context, header: HeaderMatch, records: int, rejects: int
) -> Coverage:
    return table_coverage(
        context.doc_id,
        kind,
        table,
        header_rows=header.row_index + 1,
        structural_rows=len(table.rows) - header.row_index - 1 - records - rejects,
        records=records,
        rejects=rejects,
    )


def _reject(kind: str, context: Context, row: Row, reason: str) -> Reject:
    return Reject(
        doc_id=context.doc_id, kind=kind, page=row.page, line=row.line, raw="\t".join(row.texts), reason=reason
    )


def _cells(row: Row, header: HeaderMatch) -> dict[str, str]:
    texts = row.texts
    return {name: one_line(texts[i]) if i < len(texts) else "" for name, i in header.columns.items()}


class RiskOverviewExtractor:
    kind = "risk_overview"
    signature = OVERVIEW

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        for row in table.rows[header.row_index + 1 :]:
            if row.is_blank():
                continue
            cells = _cells(row, header)
            label = cells.get("label") or one_line(row.texts[0])
            counts = [_count(cells[name]) for name in ("low", "medium", "high")]
            low, medium, high = counts
            if low is None or medium is None or high is None:
                result.rejects.append(_reject(self.kind, context, row, f"risk counts {counts} are not all numbers"))
                continue
            as_at = _AS_AT_PREFIX.sub("", label).strip() or label
            result.records.append(
                RiskOverview(
                    doc_id=context.doc_id,
                    as_at=as_at,
                    as_at_date=month_date(as_at),
                    low=low,
                    medium=medium,
                    high=high,
                    page=row.page,
                    line=row.line,
                )
            )
        result.coverage.append(_coverage(self.kind, table, context, header, len(result.records), len(result.rejects)))
        return result


class RiskActionSummaryExtractor:
    kind = "risk_action_summary"
    signature = ACTION_SUMMARY

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        stated = stated_total(context, table)
        for row in table.rows[header.row_index + 1 :]:
            if row.is_blank():
                continue
            cells = _cells(row, header)
            result.records.append(
                RiskActionSummary(
                    doc_id=context.doc_id,
                    period=or_none(cells["period"]),
                    stated_total=stated,
                    complete=_count(cells["complete"]),
                    partially_complete=_count(cells["partially_complete"]),
                    regular_review=_count(cells["regular_review"]),
                    outstanding=_count(cells["outstanding"]),
                    page=row.page,
                    line=row.line,
                )
            )
        result.coverage.append(_coverage(self.kind, table, context, header, len(result.records), 0))
        return result


def stated_total(context: Context, table: LogicalTable) -> int | None:
    """The number of updates the sentence just above the table states."""
    start = table.pieces[0].start_index
    for line in reversed(context.document.lines[max(0, start - _LOOKBACK) : start]):
        match = _STATED_TOTAL.search(line.text)
        if match:
            return int(match.group(1))
    return None


register_table(RiskOverviewExtractor())
register_table(RiskActionSummaryExtractor())
