"""KPI detail boxes: "Latest: 97% Target: 97%, Floor: 90% Previous: 97% (Green)".

Each box sits under its KPI's name and RAG ("Percentage of callers ... GREEN"). The box is
read from the table rows of the document (a PDF draws it as a small table: name and RAG in
one row, the values in a later one); the name is the nearest row above with a first cell.
Wordings vary: colons, commas and spaces are optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from kentparse.cleaning import one_line
from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.kpi_common import KpiDetail, parse_kpi_value, parse_rag, report_period
from kentparse.extractors.registry import register_text
from kentparse.kpi_keys import normalise_kpi_name
from kentparse.model import Document, Row, Table
from kentparse.records import Coverage, Reject

_BOX = re.compile(
    r"^\s*Latest\s*:?\s*(?P<value>.*?)\s*Target\s*:?\s*(?P<target>.*?)[\s,;]*Floor\s*:?\s*(?P<floor>.*?)"
    r"\s*Previous\s*:?\s*(?P<previous>.*?)\s*(?:\(\s*(?P<previous_rag>[A-Za-z]+)\s*\))?\s*$",
    re.I,
)
_OPENS_BOX = re.compile(r"^\s*Latest\b", re.I)
DETAIL_MATCH_SCORE = 85.0


@dataclass(frozen=True, slots=True)
class _Named:
    name: str
    rag_text: str


def detail_boxes(document: Document) -> tuple[list[KpiDetail], list[Reject]]:
    details: list[KpiDetail] = []
    rejects: list[Reject] = []
    for table in document.tables:
        named: _Named | None = None
        for row in table.rows:
            texts = [one_line(text) for text in row.texts]
            if texts and _OPENS_BOX.match(texts[0]):
                _read_box(document, table, row, named, details, rejects)
                named = None
            elif texts and texts[0]:
                named = _Named(texts[0], next((t for t in reversed(texts[1:]) if t), ""))
    return details, rejects


def _read_box(
    document: Document,
    table: Table,
    row: Row,
    named: _Named | None,
    details: list[KpiDetail],
    rejects: list[Reject],
) -> None:
    raw = " ".join(one_line(text) for text in row.texts if text.strip())
    try:
        details.append(_detail(document, table, row, raw, named))
    except ValueError as error:
        rejects.append(
            Reject(
                doc_id=document.doc_id,
                kind=KpiDetailExtractor.kind,
                page=row.page,
                line=row.line,
                raw=raw,
                reason=str(error),
            )
        )


def _detail(document: Document, table: Table, row: Row, raw: str, named: _Named | None) -> KpiDetail:
    match = _BOX.match(raw)
    if match is None:
        raise ValueError("detail box without Latest, Target, Floor and Previous")
    if named is None:
        raise ValueError("detail box with no KPI name above it")
    value, unit = parse_kpi_value(match.group("value"), named.name)
    return KpiDetail(
        doc_id=document.doc_id,
        period=report_period(document, table.start_index),
        name=named.name,
        rag=parse_rag(named.rag_text),
        value=value,
        value_text=match.group("value"),
        target=parse_kpi_value(match.group("target"), named.name)[0],
        target_text=match.group("target"),
        floor=parse_kpi_value(match.group("floor"), named.name)[0],
        floor_text=match.group("floor"),
        previous_value=parse_kpi_value(match.group("previous"), named.name)[0],
        previous_rag=parse_rag(match.group("previous_rag") or ""),
        unit=unit,
        page=row.page,
        line=row.line,
    )


def assign_details(names: list[str], details: list[KpiDetail]) -> dict[int, int]:
    """KPI name index → detail box index, one to one, best-matching pairs first.

    A box may word its KPI differently from the RAG table ("% of Freedom of Information Act
    (FoI) requests ..." / "Freedom of Information (FOI) / Environmental Information Regulation
    (EIR) requests ..."): pairs are scored by shared words (rapidfuzz token-set similarity).
    """
    normalised = [normalise_kpi_name(detail.name) for detail in details]
    pairs = sorted(
        (
            (fuzz.token_set_ratio(normalise_kpi_name(name), box), -abs(i - j), i, j)
            for i, name in enumerate(names)
            for j, box in enumerate(normalised)
        ),
        reverse=True,
    )
    assigned: dict[int, int] = {}
    for score, _, i, j in pairs:
        if score < DETAIL_MATCH_SCORE:
            break
        if i not in assigned and j not in assigned.values():
            assigned[i] = j
    return assigned


class KpiDetailExtractor:
    kind = "kpi_detail"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        details, rejects = detail_boxes(document)
        result = ExtractResult(records=list(details), rejects=rejects)
        if details or rejects:
            result.coverage.append(
                Coverage(
                    doc_id=context.doc_id,
                    table_no=-1,
                    kind=self.kind,
                    title="KPI detail boxes",
                    page=(details or rejects)[0].page or 1,
                    rows_seen=len(details) + len(rejects),
                    header_rows=0,
                    structural_rows=0,
                    records=len(details),
                    rejects=len(rejects),
                )
            )
        return result


register_text(KpiDetailExtractor())
