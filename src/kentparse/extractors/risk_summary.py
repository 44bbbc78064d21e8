"""The summary risk profile of a corporate risk register: one row per risk.

Columns: Risk No., Risk Title, Current Risk Rating ("High (25)"), Target Risk Rating,
Direction of Travel, Timescale to Target. Each row becomes a `risks` row with source
"summary"; a printed id that is not canonical ("CRR052") is normalised with an info finding.
"""

from __future__ import annotations

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
from kentparse.records import Finding, Reject
from kentparse.risk_records import Risk
from kentparse.risk_scales import Rating, direction_of, parse_rating, parse_risk_id

SIGNATURE = HeaderSignature(
    (
        Column("risk_id", ("Risk No.", "Risk No", "Risk ID", "Risk Ref", "Risk Number")),
        Column("title", ("Risk Title", "Risk")),
        Column("current", ("Current Risk Rating", "Current Rating", "Current Risk Level")),
        Column("target", ("Target Risk Rating", "Target Rating", "Target Residual Rating")),
        Column("direction", ("Direction of Travel", "Direction"), required=False),
        Column("timescale", ("Timescale to Target", "Timescale"), required=False),
    )
)


class RiskSummaryExtractor:
    kind = "risk_summary"
    signature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        structural = header.row_index
        for row in table.rows[header.row_index + 1 :]:
            if row.is_blank():
                structural += 1
            else:
                self._row(row, header, context, result)
        result.coverage.append(
            table_coverage(
                context.doc_id,
                self.kind,
                table,
                header_rows=1,
                structural_rows=structural,
                records=sum(1 for r in result.records if isinstance(r, Risk)),
                rejects=len(result.rejects),
            )
        )
        return result

    def _row(self, row: Row, header: HeaderMatch, context: Context, result: ExtractResult) -> None:
        cells = {name: one_line(row.texts[i]) if i < len(row.texts) else "" for name, i in header.columns.items()}
        risk_id = parse_risk_id(cells["risk_id"])
        current = parse_rating(cells["current"])
        if risk_id is None or current is None:
            what = "no risk id" if risk_id is None else f"current rating {cells['current']!r} is not 'Level (score)'"
            result.rejects.append(
                Reject(
                    doc_id=context.doc_id,
                    kind=self.kind,
                    page=row.page,
                    line=row.line,
                    raw="\t".join(row.texts),
                    reason=what,
                )
            )
            return
        target = parse_rating(cells["target"])
        result.records.append(_risk(context.doc_id, risk_id.canonical, cells, current, target, row))
        if risk_id.normalised:
            result.findings.append(id_finding(context.doc_id, risk_id.printed, risk_id.canonical, row.page, row.line))


def _risk(doc_id: str, risk_id: str, cells: dict[str, str], current: Rating, target: Rating | None, row: Row) -> Risk:
    return Risk(
        doc_id=doc_id,
        register="corporate",
        source="summary",
        risk_id=risk_id,
        title=or_none(cells["title"]),
        current_score=current.score,
        current_level=current.level,
        target_score=target.score if target else None,
        target_level=target.level if target else None,
        direction=direction_of(cells.get("direction", "")),
        timescale_to_target=or_none(cells.get("timescale", "")),
        page=row.page,
        line=row.line,
    )


def id_finding(doc_id: str, printed: str, canonical: str, page: int | None, line: int | None) -> Finding:
    return Finding(
        doc_id=doc_id,
        check="risk_id_normalised",
        severity="info",
        message=f"risk id {printed} read as {canonical}",
        expected=canonical,
        actual=printed,
        page=page,
        line=line,
    )


register_table(RiskSummaryExtractor())
