"""QPR count tables: RAG and direction-of-travel counts per area.

Two layouts share one header, "G A R ↑ ⇒ ↓" (or "GREEN AMBER RED ..."):
- the executive summary: a row per area, then a TOTAL row;
- a directorate's "KPI Summary": one row of counts under the header; the area is the heading
  above "Cabinet Member" / "Corporate Director" (a row of the same table or a line above it).
The three columns after RED are read by their arrows; where the arrows were pictures and the
header cells are empty they are taken in the report's key order: improving, stable, worsening.
An empty count cell means none.
"""

from __future__ import annotations

import re

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
from kentparse.extractors.kpi_common import (
    Direction,
    KpiAreaSummary,
    SummarySource,
    area_name,
    direction_of_header,
    parse_count,
    report_period,
)
from kentparse.extractors.registry import register_table
from kentparse.model import Document, Row
from kentparse.records import Reject

SIGNATURE = HeaderSignature(
    (
        Column("green", ("Green", "G")),
        Column("amber", ("Amber", "A")),
        Column("red", ("Red", "R")),
    ),
    min_score=96.0,
    search_rows=6,
)
KEY_ORDER: tuple[Direction, ...] = ("improving", "stable", "worsening")
_ROLE = re.compile(r"^\s*(?:cabinet\s+members?|(?:corporate\s+)?director|kpi\s+summary)\b", re.I)
_TOTAL = re.compile(r"^\s*total\b", re.I)
_AREA_LOOKBACK = 8


class KpiSummaryExtractor:
    kind = "kpi_area_summary"
    signature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        header_row = table.rows[header.row_index]
        source: SummarySource = (
            "directorate_summary" if normalise_header(header_row.texts[0]) == "kpi summary" else "executive_summary"
        )
        directions = _direction_columns(header_row, header.columns["red"])
        heading = _directorate(table, header.row_index, context.document) if source == "directorate_summary" else None
        period = report_period(context.document, table.pieces[0].start_index)
        structural = header.row_index  # rows above the header: directorate, cabinet member, director
        for row in table.rows[header.row_index + 1 :]:
            texts = [one_line(text) for text in row.texts]
            if not any(texts):
                structural += 1
                continue
            area = heading if heading and not texts[0] else area_name(texts[0])
            try:
                result.records.append(_summary(texts, row, header, directions, area, source, period, context))
            except ValueError as error:
                result.rejects.append(_reject(context.doc_id, row, str(error)))
        result.coverage.append(
            table_coverage(
                context.doc_id,
                self.kind,
                table,
                header_rows=1,
                structural_rows=structural,
                records=len(result.records),
                rejects=len(result.rejects),
            )
        )
        return result


def _direction_columns(header_row: Row, red: int) -> dict[Direction, int]:
    """Column of each direction: by its arrow, else the three columns after RED in key order."""
    following = list(range(red + 1, min(red + 4, len(header_row.cells))))
    by_arrow = {direction_of_header(header_row.texts[i]): i for i in following}
    if all(direction in by_arrow for direction in KEY_ORDER):
        return {direction: by_arrow[direction] for direction in KEY_ORDER}
    if len(following) == len(KEY_ORDER) and not any(header_row.texts[i].strip() for i in following):
        return dict(zip(KEY_ORDER, following, strict=True))
    return {}


def _directorate(table: LogicalTable, header_index: int, document: Document) -> str | None:
    """The heading above the directorate's cabinet member and director rows."""
    for row in reversed(table.rows[:header_index]):
        first = one_line(row.texts[0])
        if first and not _ROLE.match(first):
            return area_name(first)
    start = table.pieces[0].start_index
    for line in reversed(document.lines[max(0, start - _AREA_LOOKBACK) : start]):
        text = one_line(line.text)
        if text and not _ROLE.match(text) and " | " not in text:
            return area_name(text)
    return None


def _summary(
    texts: list[str],
    row: Row,
    header: HeaderMatch,
    directions: dict[Direction, int],
    area: str | None,
    source: SummarySource,
    period: str | None,
    context: Context,
) -> KpiAreaSummary:
    if not area:
        raise ValueError("count row with no area")

    def count(index: int) -> int:
        return parse_count(texts[index] if index < len(texts) else "")

    def direction(name: Direction) -> int | None:
        return count(directions[name]) if name in directions else None

    return KpiAreaSummary(
        doc_id=context.doc_id,
        period=period,
        source=source,
        area=area,
        green=count(header.columns["green"]),
        amber=count(header.columns["amber"]),
        red=count(header.columns["red"]),
        improving=direction("improving"),
        stable=direction("stable"),
        worsening=direction("worsening"),
        is_total=bool(_TOTAL.match(area)),
        page=row.page,
        line=row.line,
    )


def _reject(doc_id: str, row: Row, reason: str) -> Reject:
    return Reject(
        doc_id=doc_id,
        kind=KpiSummaryExtractor.kind,
        page=row.page,
        line=row.line,
        raw="\t".join(row.texts),
        reason=reason,
    )


register_table(KpiSummaryExtractor())
