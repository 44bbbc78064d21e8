"""Scales printed with a risk register: level bands ("Low = 1-6") and labelled rows
("Likelihood | Very Unlikely (1) | … | Very Likely (5)", "Impact | Minor (1) | …")."""

from __future__ import annotations

import re

from kentparse.cleaning import one_line
from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.registry import register_text
from kentparse.extractors.risk_lines import cells_by_line
from kentparse.model import Document
from kentparse.records import Coverage
from kentparse.risk_records import Level, RiskScale, ScaleKind
from kentparse.risk_scales import LEVEL_BAND, scale_values

_AXIS = re.compile(r"^\s*(likelihood|impact)\s*$", re.I)


def read_scales(document: Document) -> list[RiskScale]:
    scales: list[RiskScale] = []
    for index, cells in enumerate(cells_by_line(document)):
        line = document.lines[index]
        if cells is None:
            band = LEVEL_BAND.match(line.text)
            if band:
                scales.append(_scale(document, "level", band.group("level"), band, index))
            continue
        axis = _AXIS.match(cells[0]) if cells else None
        values = scale_values(" ".join(cells[1:]))
        if axis and len(values) >= 3:
            kind: ScaleKind = "likelihood" if axis.group(1).lower() == "likelihood" else "impact"
            for value in values:
                scales.append(
                    RiskScale(
                        doc_id=document.doc_id,
                        scale=kind,
                        label=one_line(value.label),
                        low=value.number,
                        high=value.number,
                        page=line.page,
                        line=line.line,
                    )
                )
    return scales


def _scale(document: Document, kind: ScaleKind, label: str, band: re.Match[str], index: int) -> RiskScale:
    line = document.lines[index]
    return RiskScale(
        doc_id=document.doc_id,
        scale=kind,
        label=label.capitalize(),
        low=int(band.group("low")),
        high=int(band.group("high")),
        page=line.page,
        line=line.line,
    )


def printed_bands(scales: list[RiskScale]) -> dict[Level, tuple[int, int]] | None:
    """Level bands as printed, when all of low, medium and high are."""
    bands = {s.label.lower(): (s.low, s.high) for s in scales if s.scale == "level"}
    if {"low", "medium", "high"} <= set(bands):
        return {"low": bands["low"], "medium": bands["medium"], "high": bands["high"]}
    return None


class RiskScaleExtractor:
    kind = "risk_scales"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        scales = read_scales(document)
        result = ExtractResult(records=list(scales))
        if scales:
            result.coverage.append(
                Coverage(
                    doc_id=context.doc_id,
                    table_no=-1,
                    kind=self.kind,
                    title="risk scales",
                    page=scales[0].page,
                    rows_seen=len(scales),
                    header_rows=0,
                    structural_rows=0,
                    records=len(scales),
                    rejects=0,
                )
            )
        return result


register_text(RiskScaleExtractor())
