"""The recovery action plans, from the text extraction and from the rendered PDF."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from golden import SAMPLES, parsed
from kentparse.extractors.action_plan import parse_kind, parse_priority, parse_timescale, plan_name

SOURCES = {
    "text": SAMPLES / "recovery_action_plans_appendix_b.txt",
    "pdf": SAMPLES / "recovery_action_plans_appendix_b.pdf",
}
EXPECTED_PER_PLAN = {
    "Economy": 16,
    "Infrastructure": 58,
    "Children and Young People": 11,
    "Health and Social Care": 19,
    "District and Communities": 11,
    "Voluntary Sector": 23,
    "Finance": 17,
}


def _records(source: str, table: str) -> list[dict[str, Any]]:
    result = parsed(SOURCES[source])
    return [r.model_dump(exclude={"doc_id", "page", "line"}) for r in result.extracted.records if r.table == table]


@pytest.mark.parametrize("source", SOURCES)
def test_actions_per_plan(source: str) -> None:
    counts = Counter(action["plan"] for action in _records(source, "actions"))
    assert counts == EXPECTED_PER_PLAN
    assert sum(counts.values()) == 155


@pytest.mark.parametrize("source", SOURCES)
def test_no_rejects_and_full_coverage(source: str) -> None:
    result = parsed(SOURCES[source])
    assert result.extracted.rejects == []
    for cover in result.extracted.coverage:
        assert cover.rows_seen == cover.header_rows + cover.structural_rows + cover.records + cover.rejects


@pytest.mark.parametrize("source", SOURCES)
def test_first_action_exactly(source: str) -> None:
    first = _records(source, "actions")[0]
    assert first == {
        "plan": "Economy",
        "subsection": None,
        "action_no": "1",
        "text": "Launch a marketing campaign to promote Kent's visitor economy, focused initially on the regional "
        "market and with the aim of driving advance bookings/ longer term interest and in the longer term "
        "supporting the sustainability and resilience of the tourism and hospitality sector. "
        "Also links to Infrastructure Action 27.",
        "kind": "mitigate",
        "lead_org": "Visit Kent",
        "named_lead": "Deirdre Wells",
        "timescale": "short",
        "resources": "Staff capacity within Visit Kent. Additional resources (£50k) committed by KCC",
        "priority": "important",
    }


@pytest.mark.parametrize("source", SOURCES)
def test_subsections_set_by_heading_rows(source: str) -> None:
    infrastructure = [a for a in _records(source, "actions") if a["plan"] == "Infrastructure"]
    by_number = {a["action_no"]: a["subsection"] for a in infrastructure}
    assert by_number["1"] == "Whole cell"
    assert by_number["5"] == "Housing and Commercial Delivery"
    assert by_number["37"] == "Transport"
    assert by_number["58"] == "Waste"


@pytest.mark.parametrize("source", SOURCES)
def test_cross_references_are_structured(source: str) -> None:
    refs = {(r["plan"], r["action_no"], r["ref_plan"], r["ref_action_no"]) for r in _records(source, "action_refs")}
    assert ("Economy", "1", "Infrastructure", "27") in refs
    assert ("Economy", "9", "Infrastructure", "3") in refs
    assert {("Economy", "15", "Economy", "7"), ("Economy", "15", "Economy", "8")} <= refs


def test_pdf_gives_the_same_records_as_text() -> None:
    for table in ("actions", "action_leads", "action_refs"):
        assert _records("pdf", table) == _records("text", table), table


def test_pdf_rows_broken_across_pages_were_joined() -> None:
    result = parsed(SOURCES["pdf"])
    assert sum(table.merged_rows for table in result.tables) > 0


@pytest.mark.parametrize(
    ("printed", "kind"),
    [
        ("Mitigate", "mitigate"),
        ("Opportunity", "opportunity"),
        ("Mitigate and Opportunity", "both"),
        ("Opportunity/ Mitigate", "both"),
        ("Mitigate & Opportunity", "both"),
        ("Mitigate future risks", "mitigate"),
    ],
)
def test_kind_values(printed: str, kind: str) -> None:
    assert parse_kind(printed) == kind


def test_unknown_values_raise_with_the_printed_text() -> None:
    with pytest.raises(ValueError, match="unrecognised timescale 'Soon'"):
        parse_timescale("Soon")
    with pytest.raises(ValueError, match="unrecognised priority 'High'"):
        parse_priority("High")
    with pytest.raises(ValueError, match="unrecognised Mitigate/Opportunity value 'Both'"):
        parse_kind("Both")


@pytest.mark.parametrize(
    ("printed", "timescale"),
    [("Short Term", "short"), ("Medium Term", "medium"), ("Longer Term", "longer"), ("long-term", "longer")],
)
def test_timescale_values(printed: str, timescale: str) -> None:
    assert parse_timescale(printed) == timescale


@pytest.mark.parametrize(
    ("title", "plan"),
    [
        ("Economy - Recovery Action Plan", "Economy"),
        ("Children and Young People – Recovery Action Plan", "Children and Young People"),
        ("Libraries COVID-19 Recovery Action Plan", "Libraries"),
        ("Action plan", "Action plan"),
    ],
)
def test_plan_name_from_title(title: str, plan: str) -> None:
    assert plan_name(title) == plan
