"""Per-area KPI tables of a QPR: KPI name, latest RAG, previous RAG, direction of travel.

    <Area> KPIs | RAG rating |          | DoT
                | Latest     | Previous |
    % of ...    | GREEN      | AMBER    | ⇒

The header row holds exactly "Latest" and "Previous"; the direction column is the one headed
"DoT" / "Direction of Travel" in the rows above, else the column after "Previous". The area is
the first cell of the header rows ("Customer Services KPIs"), else the table's title. A "*" for
the previous RAG (not comparable) is kept as `previous_not_comparable`. Value, target, floor and
previous value come from the KPI's detail box when the document has one (matched by name).
"""

from __future__ import annotations

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
from kentparse.extractors.document_memo import per_document
from kentparse.extractors.kpi_common import (
    NOT_COMPARABLE,
    Kpi,
    KpiDetail,
    area_name,
    parse_direction,
    parse_rag,
    report_period,
    unit_of_name,
)
from kentparse.extractors.kpi_detail import assign_details, detail_boxes
from kentparse.extractors.registry import register_table
from kentparse.kpi_keys import kpi_key
from kentparse.model import Document, Row
from kentparse.records import Reject
from kentparse.segment import logical_tables

#: exact header words only: the detail boxes' "Latest: 97%" must not look like this header
SIGNATURE = HeaderSignature(
    (
        Column("rag", ("Latest", "Latest RAG", "Current")),
        Column("previous_rag", ("Previous", "Previous RAG")),
    ),
    min_score=96.0,
)
_DOT_HEADERS = ("dot", "direction of travel", "direction")


class KpiRagExtractor:
    kind = "kpi_rag_table"
    signature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        header_rows = table.rows[: header.row_index + 1]
        area = _area(header_rows, table.title)
        columns = _Columns(header.columns["rag"], header.columns["previous_rag"], _dot_column(header_rows, header))
        period = report_period(context.document, table.pieces[0].start_index)
        details = _details_of(context.document)
        structural = 0
        for row in table.rows[header.row_index + 1 :]:
            texts = [one_line(text) for text in row.texts]
            if not any(texts):
                structural += 1
                continue
            try:
                kpi = _kpi(texts, row, columns, area, period, context.doc_id)
            except ValueError as error:
                result.rejects.append(_reject(context.doc_id, row, str(error)))
                continue
            result.records.append(_with_detail(kpi, details))
        result.coverage.append(
            table_coverage(
                context.doc_id,
                self.kind,
                table,
                header_rows=len(header_rows),
                structural_rows=structural,
                records=len(result.records),
                rejects=len(result.rejects),
            )
        )
        return result


class _Columns:
    __slots__ = ("dot", "previous", "rag")

    def __init__(self, rag: int, previous: int, dot: int | None) -> None:
        self.rag, self.previous, self.dot = rag, previous, dot


def _area(header_rows: list[Row], title: str | None) -> str | None:
    for row in header_rows:
        first = area_name(row.texts[0]) if row.texts else ""
        if first:
            return first
    return area_name(title) if title else None


def _dot_column(header_rows: list[Row], header: HeaderMatch) -> int | None:
    for row in header_rows:
        for index, text in enumerate(row.texts):
            if normalise_header(text) in _DOT_HEADERS:
                return index
    after = header.columns["previous_rag"] + 1
    width = max(len(row.cells) for row in header_rows)
    return after if after < width else None


def _cell(texts: list[str], index: int | None) -> str:
    return texts[index] if index is not None and index < len(texts) else ""


def _kpi(texts: list[str], row: Row, columns: _Columns, area: str | None, period: str | None, doc_id: str) -> Kpi:
    name = texts[0]
    if not name:
        raise ValueError("KPI row with no KPI name")
    previous_text = _cell(texts, columns.previous)
    direction_text = _cell(texts, columns.dot)
    return Kpi(
        doc_id=doc_id,
        period=period,
        area=area,
        name=name,
        kpi_key=kpi_key(name),
        rag=parse_rag(_cell(texts, columns.rag)),
        previous_rag=parse_rag(previous_text),
        previous_not_comparable=previous_text.strip() == NOT_COMPARABLE,
        direction=parse_direction(direction_text),
        direction_text=direction_text or None,
        unit=unit_of_name(name),
        page=row.page,
        line=row.line,
    )


def _details_of(document: Document) -> dict[str, KpiDetail]:
    """The detail box of each KPI name of the document's RAG tables (computed once per document)."""
    return per_document(document, "kpi_details_by_name", lambda: _match_details(document))


def _match_details(document: Document) -> dict[str, KpiDetail]:
    names = kpi_names(document)
    details = detail_boxes(document)[0]
    assigned = assign_details(names, details)
    return {names[i]: details[j] for i, j in assigned.items()}


def kpi_names(document: Document) -> list[str]:
    """The KPI names of every RAG table of the document, in order."""
    names: list[str] = []
    for table in logical_tables(document):
        header = SIGNATURE.match(table.pieces[0])
        if header is not None:
            names.extend(name for row in table.rows[header.row_index + 1 :] if (name := one_line(row.texts[0])))
    return names


def _with_detail(kpi: Kpi, details: dict[str, KpiDetail]) -> Kpi:
    detail = details.get(kpi.name)
    if detail is None:
        return kpi
    return kpi.model_copy(
        update={
            "value": detail.value,
            "value_text": detail.value_text,
            "target": detail.target,
            "floor": detail.floor,
            "previous_value": detail.previous_value,
            "unit": detail.unit or kpi.unit,
            "detail_rag": detail.rag,
            "detail_previous_rag": detail.previous_rag,
            "detail_page": detail.page,
        }
    )


def _reject(doc_id: str, row: Row, reason: str) -> Reject:
    return Reject(
        doc_id=doc_id, kind=KpiRagExtractor.kind, page=row.page, line=row.line, raw="\t".join(row.texts), reason=reason
    )


register_table(KpiRagExtractor())
