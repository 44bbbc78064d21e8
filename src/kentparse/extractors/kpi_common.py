"""Quarterly Performance Report (QPR) pieces shared by the KPI extractors and checks.

Records: `kpis` (one row per KPI of a per-area RAG table), `kpi_area_summary` (RAG and
direction-of-travel counts per area, from the executive summary and from each directorate's
"KPI Summary"), `kpi_details` (the detail box under each KPI's graph: latest value, target,
floor, previous value and RAG) and `kpi_stated_counts` (counts the report states in words).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from typing import Literal

from kentparse.cleaning import one_line
from kentparse.extractors.document_memo import matching_line_indexes
from kentparse.model import Document
from kentparse.numbers import parse_number
from kentparse.records import Record

Rag = Literal["green", "amber", "red"]
Direction = Literal["improving", "stable", "worsening"]
SummarySource = Literal["executive_summary", "directorate_summary"]
Measure = Literal["total", "green", "amber", "red", "improving", "stable", "worsening"]


class Kpi(Record):
    table = "kpis"
    period: str | None
    area: str | None
    name: str
    kpi_key: str
    rag: Rag | None
    previous_rag: Rag | None
    #: the previous RAG was printed "*": not comparable (e.g. a changed definition)
    previous_not_comparable: bool = False
    direction: Direction | None
    #: the direction as printed (an arrow character; from a PDF, the arrow read from its drawing)
    direction_text: str | None = None
    value: Decimal | None = None
    value_text: str | None = None
    target: Decimal | None = None
    floor: Decimal | None = None
    previous_value: Decimal | None = None
    unit: str | None = None
    #: RAG printed in the KPI's detail box, when the document has one for this KPI
    detail_rag: Rag | None = None
    #: previous RAG printed in the detail box ("Previous: 97% (Green)")
    detail_previous_rag: Rag | None = None
    detail_page: int | None = None
    page: int
    line: int | None


class KpiAreaSummary(Record):
    table = "kpi_area_summary"
    period: str | None
    source: SummarySource
    area: str
    green: int
    amber: int
    red: int
    improving: int | None
    stable: int | None
    worsening: int | None
    #: the row is the table's printed total, not an area
    is_total: bool = False
    page: int
    line: int | None


class KpiDetail(Record):
    table = "kpi_details"
    period: str | None
    name: str
    rag: Rag | None
    value: Decimal | None
    value_text: str
    target: Decimal | None
    target_text: str
    floor: Decimal | None
    floor_text: str
    previous_value: Decimal | None
    previous_rag: Rag | None
    unit: str | None
    page: int
    line: int | None


class KpiStatedCount(Record):
    table = "kpi_stated_counts"
    period: str | None
    measure: Measure
    count: int
    #: the sentence the count was read from
    text: str
    page: int
    line: int | None


_RAG_WORDS: dict[str, Rag] = {"green": "green", "g": "green", "amber": "amber", "a": "amber", "red": "red", "r": "red"}
NOT_COMPARABLE = "*"

_UP = "↑⇑⇧⬆▲↗🡅🡑"
_DOWN = "↓⇓⇩⬇▼↘🡇🡓"
_LEVEL = "⇒→⇨➔➡⟶↔⬌►▶⇔"
_DIRECTION_WORDS: dict[str, Direction] = {"improving": "improving", "stable": "stable", "worsening": "worsening"}


def parse_rag(text: str) -> Rag | None:
    """A RAG word ("GREEN", "Amber", "R"); None for an empty cell or "*" (not comparable)."""
    cleaned = one_line(text).strip(" .").lower()
    if not cleaned or cleaned == NOT_COMPARABLE:
        return None
    if cleaned in _RAG_WORDS:
        return _RAG_WORDS[cleaned]
    raise ValueError(f"unrecognised RAG rating {text!r}")


def parse_direction(text: str) -> Direction | None:
    """Direction of travel from an arrow (↑ improving, ↓ ⇩ worsening, ⇒ → stable) or a word."""
    cleaned = one_line(text)
    if not cleaned or cleaned == NOT_COMPARABLE:
        return None
    arrows = {_arrow_kind(char) for char in cleaned if _arrow_kind(char)}
    if len(arrows) == 1:
        return arrows.pop()
    if cleaned.lower() in _DIRECTION_WORDS:
        return _DIRECTION_WORDS[cleaned.lower()]
    raise ValueError(f"unrecognised direction of travel {text!r}")


def _arrow_kind(char: str) -> Direction | None:
    if char in _UP:
        return "improving"
    if char in _DOWN:
        return "worsening"
    if char in _LEVEL:
        return "stable"
    return None


def direction_of_header(text: str) -> Direction | None:
    """The direction a summary column header stands for ("↑", "⇒", "↓"), None if it is no arrow."""
    try:
        return parse_direction(text)
    except ValueError:
        return None


def parse_count(text: str) -> int:
    """A count cell of a summary table: empty means none."""
    parsed = parse_number(text)
    if parsed.status == "empty" or parsed.status == "nil":
        return 0
    if parsed.status != "number" or parsed.value is None or parsed.value != parsed.value.to_integral_value():
        raise ValueError(f"count {text!r} is not a whole number")
    return int(parsed.value)


_PERIOD = re.compile(r"\bQuarter\s*(?P<quarter>[1-4])\b[,\s]*(?:of\s+)?(?P<year>20\d\d\s*[/-]\s*\d\d(?:\d\d)?)", re.I)
_QPR_HEADING = re.compile(r"^\W*(?:subject\W*)?quarterly\s+performance\s+report\b", re.I)
_PERIOD_LOOKAHEAD = 8


def report_heading_indexes(document: Document) -> list[int]:
    """Indexes of lines that open a QPR ("Quarterly Performance Report", "Subject: Quarterly ...")."""
    return matching_line_indexes(document, _QPR_HEADING, anchored=True)


def report_period(document: Document, before_index: int) -> str | None:
    """The period ("2023/24 Q2") of the last QPR heading above a line, else of the first heading."""
    headings = report_heading_indexes(document)
    above = headings[: bisect_right(headings, before_index)]
    for start in reversed(above or headings):
        found = _period_near(document, start)
        if found:
            return found
    return None


def _period_near(document: Document, start: int) -> str | None:
    window = " ".join(line.text for line in document.lines[start : start + _PERIOD_LOOKAHEAD])
    match = _PERIOD.search(window)
    if match is None:
        return None
    year = re.sub(r"\s+", "", match.group("year")).replace("-", "/")
    return f"{year} Q{match.group('quarter')}"


_AREA_SUFFIX = re.compile(r"\s*\bKPIs?\s*$", re.I)
_MARKUP = re.compile(r"<[^>]+>|\*\*")


def area_name(text: str) -> str:
    """An area as printed in a table's first header cell, without markup or a trailing "KPIs"."""
    return _AREA_SUFFIX.sub("", _MARKUP.sub("", one_line(text))).strip()


_UNIT_AFTER = re.compile(r"^(?P<number>.*?\d)\s*(?P<unit>days?|weeks?|hours?|tonnes?|minutes?|months?)$", re.I)


def parse_kpi_value(text: str, name: str) -> tuple[Decimal | None, str | None]:
    """A KPI value and its unit: printed ("97%", "120 days") or read from the KPI's name."""
    cleaned = one_line(text)
    match = _UNIT_AFTER.match(cleaned)
    printed_unit = match.group("unit").lower().rstrip("s") + "s" if match else None
    parsed = parse_number(match.group("number") if match else cleaned)
    value = parsed.value if parsed.status == "number" else None
    return value, parsed.unit or printed_unit or unit_of_name(name)


_NAME_UNITS = (
    (re.compile(r"per\s+100,?000", re.I), "rate per 100,000"),
    (re.compile(r"^\s*(?:%|(?:percentage|proportion)\b)|\bas\s+a\s+percentage\b", re.I), "%"),
    (re.compile(r"\btonnes\b", re.I), "tonnes"),
    (re.compile(r"\b(?:no\.|number)\s+of\s+days\b|\bdays between\b", re.I), "days"),
    (re.compile(r"^\s*rate\b", re.I), "rate"),
    (re.compile(r"^\s*(?:number|no\.|total number|average number)\b", re.I), "count"),
)


def unit_of_name(name: str) -> str | None:
    for pattern, unit in _NAME_UNITS:
        if pattern.search(name):
            return unit
    return None
