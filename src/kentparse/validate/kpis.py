"""Reconciliation of a QPR: its stated counts, its count tables, its KPI rows and detail boxes.

- `kpi_stated_count`: a count stated in words ("15 of the 38 indicators are rated as Green")
  against the KPI rows of the same period.
- `kpi_area_summary`: each area's row of a count table (executive summary, directorate "KPI
  Summary") against that area's KPI rows, and the TOTAL row against all rows.
- `kpi_summary_total`: the TOTAL row against the sum of the area rows above it.
- `kpi_rag_value`: the RAG printed for a KPI against its value, target and floor; higher is
  better when the target is above the floor, lower when below.
- `kpi_detail_rag`: the RAG of a KPI's table row against the RAG in its detail box (latest and
  previous).
- `kpi_detail_unmatched`: a detail box whose KPI is in no RAG table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from kentparse.extractors.kpi_common import Kpi, KpiAreaSummary, KpiDetail, KpiStatedCount, Rag
from kentparse.extractors.kpi_detail import assign_details
from kentparse.records import Finding, Record
from kentparse.validate.kpi_areas import align_areas

MEASURES = ("green", "amber", "red", "improving", "stable", "worsening")
_LABEL = {
    "green": "Green",
    "amber": "Amber",
    "red": "Red",
    "improving": "improving",
    "stable": "stable",
    "worsening": "worsening",
    "total": "in total",
}


def _of(records: Sequence[Record], kind: type[Record]) -> list:  # type: ignore[type-arg]
    return [record for record in records if isinstance(record, kind)]


def row_counts(kpis: Sequence[Kpi]) -> dict[str, int]:
    counts = dict.fromkeys((*MEASURES, "total"), 0)
    for kpi in kpis:
        counts["total"] += 1
        if kpi.rag:
            counts[kpi.rag] += 1
        if kpi.direction:
            counts[kpi.direction] += 1
    return counts


def _kpis_by_period(records: Sequence[Record]) -> dict[tuple[str, str | None], list[Kpi]]:
    grouped: dict[tuple[str, str | None], list[Kpi]] = defaultdict(list)
    for kpi in _of(records, Kpi):
        grouped[(kpi.doc_id, kpi.period)].append(kpi)
    return grouped


def check_stated_counts(records: Sequence[Record]) -> list[Finding]:
    kpis = _kpis_by_period(records)
    findings: list[Finding] = []
    seen: set[tuple[str, str | None, str, int]] = set()
    for stated in _of(records, KpiStatedCount):
        key = (stated.doc_id, stated.period, stated.measure, stated.count)
        rows = kpis.get((stated.doc_id, stated.period))
        if key in seen or not rows:
            continue
        seen.add(key)
        actual = row_counts(rows)[stated.measure]
        if actual != stated.count:
            findings.append(
                Finding.at(
                    stated,
                    "kpi_stated_count",
                    "warning",
                    f"{stated.period}: the report states {stated.count} KPIs {_LABEL[stated.measure]}, "
                    f"its KPI tables have {actual}",
                    str(stated.count),
                    str(actual),
                )
            )
    return findings


def check_area_summaries(records: Sequence[Record]) -> list[Finding]:
    kpis = _kpis_by_period(records)
    tables: dict[tuple[str, str | None, str], list[KpiAreaSummary]] = defaultdict(list)
    for summary in _of(records, KpiAreaSummary):
        tables[(summary.doc_id, summary.period, summary.source)].append(summary)
    findings: list[Finding] = []
    for (doc_id, period, _source), summaries in tables.items():
        rows = kpis.get((doc_id, period), [])
        if rows:
            findings.extend(_summary_findings(summaries, rows))
        findings.extend(_total_findings(summaries))
    return findings


def _summary_findings(summaries: list[KpiAreaSummary], rows: list[Kpi]) -> list[Finding]:
    areas = [summary.area for summary in summaries if not summary.is_total]
    kpi_areas = list(dict.fromkeys(kpi.area or "" for kpi in rows))
    mapping = align_areas(areas, kpi_areas)
    findings: list[Finding] = []
    for summary in summaries:
        members = rows if summary.is_total else [kpi for kpi in rows if mapping.get(kpi.area or "") == summary.area]
        findings.extend(
            _compare(
                summary,
                row_counts(members),
                "its KPI rows" if summary.is_total else f"the rows of its KPI tables ({_areas_of(members)})",
            )
        )
    return findings


def _areas_of(kpis: list[Kpi]) -> str:
    return ", ".join(dict.fromkeys(kpi.area or "?" for kpi in kpis)) or "none found"


def _compare(summary: KpiAreaSummary, counts: dict[str, int], against: str) -> list[Finding]:
    findings = []
    for measure in MEASURES:
        printed = getattr(summary, measure)
        if printed is not None and printed != counts[measure]:
            findings.append(
                Finding.at(
                    summary,
                    "kpi_area_summary",
                    "warning",
                    f"{summary.period} {summary.source.replace('_', ' ')}: {summary.area} counts "
                    f"{printed} {_LABEL[measure]}, {against} have {counts[measure]}",
                    str(printed),
                    str(counts[measure]),
                )
            )
    return findings


def _total_findings(summaries: list[KpiAreaSummary]) -> list[Finding]:
    totals = [summary for summary in summaries if summary.is_total]
    areas = [summary for summary in summaries if not summary.is_total]
    findings = []
    for total in totals:
        for measure in MEASURES:
            printed = getattr(total, measure)
            parts = [getattr(area, measure) for area in areas]
            if printed is None or any(part is None for part in parts):
                continue
            if printed != sum(parts):
                findings.append(
                    Finding.at(
                        total,
                        "kpi_summary_total",
                        "warning",
                        f"{total.period} {total.source.replace('_', ' ')}: TOTAL {_LABEL[measure]} "
                        f"is {printed}, its area rows add up to {sum(parts)}",
                        str(printed),
                        str(sum(parts)),
                    )
                )
    return findings


def expected_rag(value: Decimal, target: Decimal, floor: Decimal) -> Rag | None:
    """The RAG a value earns: higher is better when target > floor, lower when target < floor."""
    if target == floor:
        return None
    sign = 1 if target > floor else -1
    if sign * (value - target) >= 0:
        return "green"
    return "amber" if sign * (value - floor) >= 0 else "red"


def check_rag_against_values(records: Sequence[Record]) -> list[Finding]:
    findings = []
    for kpi in _of(records, Kpi):
        if kpi.value is None or kpi.target is None or kpi.floor is None or kpi.rag is None:
            continue
        earned = expected_rag(kpi.value, kpi.target, kpi.floor)
        if earned is not None and earned != kpi.rag:
            findings.append(
                Finding.at(
                    kpi,
                    "kpi_rag_value",
                    "warning",
                    f"{kpi.name}: rated {kpi.rag} but {kpi.value_text} against target {kpi.target} "
                    f"and floor {kpi.floor} ({'higher' if kpi.target > kpi.floor else 'lower'} is better) "
                    f"earns {earned}",
                    earned,
                    kpi.rag,
                )
            )
    return findings


def check_detail_rag(records: Sequence[Record]) -> list[Finding]:
    findings = []
    for kpi in _of(records, Kpi):
        pairs = (("latest", kpi.rag, kpi.detail_rag), ("previous", kpi.previous_rag, kpi.detail_previous_rag))
        for which, table_rag, box_rag in pairs:
            if kpi.detail_page is None or box_rag is None or table_rag == box_rag:
                continue
            findings.append(
                Finding.at(
                    kpi,
                    "kpi_detail_rag",
                    "warning",
                    f"{kpi.name}: {which} RAG is {table_rag} in the {kpi.area} table, "
                    f"{box_rag} in its detail box (page {kpi.detail_page})",
                    box_rag,
                    table_rag,
                )
            )
    return findings


def check_unmatched_details(records: Sequence[Record]) -> list[Finding]:
    kpis = _of(records, Kpi)
    details = _of(records, KpiDetail)
    matched = set(assign_details([kpi.name for kpi in kpis], details).values())
    findings = []
    for index, detail in enumerate(details):
        if kpis and index not in matched:
            findings.append(
                Finding(
                    doc_id=detail.doc_id,
                    check="kpi_detail_unmatched",
                    severity="info",
                    message=f"detail box of {detail.name!r} matches no KPI of the RAG tables",
                    page=detail.page,
                    line=detail.line,
                )
            )
    return findings


CHECKS = (
    check_stated_counts,
    check_area_summaries,
    check_rag_against_values,
    check_detail_rag,
    check_unmatched_details,
)
