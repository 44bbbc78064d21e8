"""Corporate risk register of the 4 January 2024 Cabinet pack, and the risk checks."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from golden import KCC, SAMPLES, parsed
from kentparse.extractors.risk_blocks import rating_pair
from kentparse.records import Record
from kentparse.risk_records import (
    Risk,
    RiskAction,
    RiskActionSummary,
    RiskChange,
    RiskExposureTotal,
    RiskOverview,
    RiskScale,
)
from kentparse.risk_scales import canonical_label, parse_rating, parse_risk_id
from kentparse.validate.risks import (
    check_exposure_total,
    check_labels,
    check_levels,
    check_scores,
    check_summary_against_detail,
    check_update_counts,
)

PACK = SAMPLES / "cabinet_agenda_pack_2024-01-04.txt"
RISK_KINDS = {"risk_summary", "risk_block", "risk_scales", "risk_overview", "risk_action_summary", "risk_updates"}


def _records(table: str, **where: object) -> list[dict[str, Any]]:
    result = parsed(PACK)
    rows = [r.model_dump(exclude={"doc_id"}) for r in result.extracted.records if r.table == table]
    return [row for row in rows if all(row[k] == v for k, v in where.items())]


def test_twenty_three_summary_rows_and_blocks_for_the_same_risks() -> None:
    summary = _records("risks", source="summary")
    detail = _records("risks", source="detail")
    assert len(summary) == len(detail) == 23
    assert [r["risk_id"] for r in summary] == [r["risk_id"] for r in detail]


def test_first_summary_row_exactly() -> None:
    first = _records("risks", source="summary")[0]
    assert {k: v for k, v in first.items() if v is not None} == {
        "register": "corporate",
        "source": "summary",
        "risk_id": "CRR0001",
        "title": "Safeguarding – protecting vulnerable children",
        "current_score": 15,
        "current_level": "medium",
        "target_score": 15,
        "target_level": "medium",
        "direction": "unchanged",
        "timescale_to_target": "At Target",
        "page": 1,
        "line": 2166,
    }


def test_block_with_ratings_inside_paragraph_cells() -> None:
    (block,) = _records("risks", source="detail", risk_id="CRR0003")
    assert (block["current_likelihood_label"], block["current_likelihood"]) == ("V. Likely", 5)
    assert (block["current_impact_label"], block["current_impact"]) == ("Major", 5)
    assert (block["target_likelihood"], block["target_impact"], block["target_score"]) == (4, 4, 16)
    assert block["timescale_to_target"] == "3+ years"
    assert block["owner"] == "Simon Jones, Corporate Director Growth, Environment and Transport (GET)"
    assert block["cabinet_members"] == "Derek Murphy Economic Development"


def test_block_whose_owner_and_cabinet_members_interleave_over_rows() -> None:
    (block,) = _records("risks", source="detail", risk_id="CRR0058")
    assert block["owner"] == "Paul Royel – Director of HR OD"
    assert block["cabinet_members"] == "Peter Oakford Cabinet Member for Corporate and Traded Services"
    assert (block["current_likelihood"], block["current_impact"]) == (4, 4)
    assert (block["target_likelihood"], block["target_impact"]) == (3, 3)
    assert block["timescale_to_target"] == "1-2 years"


def test_target_impact_not_printed_stays_empty() -> None:
    (block,) = _records("risks", source="detail", risk_id="CRR0014")
    assert (block["target_likelihood"], block["target_impact"], block["target_score"]) == (4, None, None)
    assert block["timescale_to_target"] == "At Target"


def test_controls_merged_across_page_breaks() -> None:
    controls = _records("risk_controls", risk_id="CRR0001")
    assert len(controls) == 28
    assert controls[11]["control"].endswith(
        "oversees the activity of the Kent and Medway Channel Panel, co ordinating "
        "Prevent activity across the County and reporting to other relevant "
        "strategic bodies in the county (including reporting route to the Kent "
        "Safeguarding Children Multi Agency Partnership). Currently chaired by "
        "KCC's Director of Adult Social Care and Health 2023."
    )
    assert controls[18]["owner"] == "Nick Wilkinson, Assistant Director Contest and Serious Organised Crime (SOC),"


def test_control_cut_by_a_page_break_is_one_control() -> None:
    controls = _records("risk_controls", risk_id="CRR0002")
    assert len(controls) == 39  # lines 2266-2307 less three page breaks; 2309 finishes 2307
    last = controls[-1]
    assert (last["line"], last["owner"]) == (
        2307,
        "Sarah Denson, Assistant Director– Strategic Safeguarding, Policy, Practice & Quality Assurance",
    )
    assert last["control"].startswith(
        "Continuous Improvements for Safeguarding have been identified following the commencing of the "
        "Locality Operating Model and work is ongoing to improve practice,"
    )
    assert last["control"].endswith("Project work to continually improve safeguarding is ongoing")


def test_owner_continued_on_prose_lines_after_a_page_break() -> None:
    controls = _records("risk_controls", risk_id="CRR0001")
    assert controls[-1]["owner"] == "Leemya McKeown, Assistant Director – Professional Standards and Quality Assurance"


def test_action_row_printed_as_prose_lines() -> None:
    actions = _records("risk_actions", risk_id="CRR0063", status=None)
    assert {k: actions[-1][k] for k in ("action", "owner", "due", "line")} == {
        "action": "Registering of reception centres with Ofsted to meet regulations coming into effect in autumn 2023.",
        "owner": "Louise Fisher, Assistant Director – Front Door Service",
        "due": "December 2023 (review)",
        "line": 2857,
    }


@pytest.mark.parametrize(
    ("risk_id", "field", "end"),
    [
        # a narrower row after the break, first cell continuing the first column
        ("CRR0001", "cause", "There is also an impact on absentee and non-attendance levels within schools."),
        # a prose line after the break: the open cause, then a new paragraph of the same column
        ("CRR0002", "cause", "act to prevent vulnerable people from being drawn into terrorism."),
        # one prose line running two columns together
        ("CRR0004", "event", "/cost of living challenges could place additional strain on capacity and resource."),
        ("CRR0004", "consequence", "Civil Contingencies Act and/or other associated legislation."),
        # a lower-case cell in the first position continues the open event, not the closed cause
        ("CRR0049", "event", "fraudulent change of bank details (mandate fraud) to KCC in order to divert funds."),
        # cells moved to the columns they continue (cause "pressures are", consequence "which may")
        (
            "CRR0053",
            "consequence",
            "reactive costs which may create a revenue pressure. Delays result in additional "
            "inflationary costs. Funding annual rolling programmes from borrowing is unsustainable.",
        ),
        # owner cut after "and" takes the third cell
        ("CRR0039", "cabinet_members", "Deputy Leader and Cabinet Member for Finance, Corporate and Traded Services"),
        # a lone prose line after the break continues the column still running at the break
        ("CRR0052", "consequence", "moving around the network. Reputational damage due to customer dissatisfaction."),
        # a paragraph of the running column printed between two halves of the cut cause
        (
            "CRR0060",
            "consequence",
            "Potential loss of life if an incident occurs at a time when a building is occupied.",
        ),
        (
            "CRR0060",
            "cause",
            "Summer of 2023 regarding performance of RAAC material has led to the DfE changing"
            " the guidance previously issued earlier in 2023 and requiring complete closure of affected areas where it"
            " is present until mitigation works have been completed.",
        ),
        # upper-case text after a cut column continues it
        ("CRR0009", "cause", "provision funded by the Dedicated Schools Grant (DSG). The high needs block"),
    ],
)
def test_head_text_continued_after_a_page_break(risk_id: str, field: str, end: str) -> None:
    (block,) = _records("risks", source="detail", risk_id=risk_id)
    assert end in block[field]
    if risk_id != "CRR0009":
        assert block[field].endswith(end)


def test_actions_of_a_block_exactly() -> None:
    actions = _records("risk_actions", risk_id="CRR0002", status=None)
    assert [(a["owner"], a["due"]) for a in actions] == [
        ("Vicki Minkiewicz Principal Social Worker", "March 2024"),
        ("Alyson Wagget – Assistant Director", "April 2024"),
    ]


def test_overview_and_stated_update_counts() -> None:
    overview = [(r["as_at"], r["low"], r["medium"], r["high"]) for r in _records("risk_overview")]
    assert overview == [("August 2023", 0, 9, 13), ("November 2023", 0, 9, 14)]
    (summary,) = _records("risk_action_summary")
    assert (summary["stated_total"], summary["complete"], summary["partially_complete"]) == (33, 15, 10)
    assert (summary["regular_review"], summary["outstanding"]) == (8, 0)


def test_update_statuses_as_printed() -> None:
    updates = [r for r in _records("risk_actions") if r["status"] is not None]
    assert Counter(u["status"] for u in updates) == {
        "complete": 14,
        "partially complete": 11,
        "regular review": 8,
        "action closed": 1,
    }
    second = updates[1]
    assert (second["risk_id"], second["action"]) == (
        "CRR0001",
        "Revitalise current process for managing frequent placement moves:",
    )


def test_new_and_withdrawn_risks() -> None:
    changes = [(r["risk_id"], r["change"]) for r in _records("risk_changes")]
    assert changes == [("CRR0063", "new"), ("CRR0064", "new"), ("CRR0002", "withdrawn")]


def test_findings_on_the_pack() -> None:
    findings = [
        (f.check, f.severity, f.message) for f in parsed(PACK).extracted.findings if f.check.startswith("risk_")
    ]
    assert findings == [
        ("risk_id_normalised", "info", "risk id CRR052 read as CRR0052"),
        ("risk_scale_label", "warning", "CRR0042: target likelihood 'Possible (4)' but Possible is 3"),
        (
            "risk_summary_detail",
            "warning",
            "CRR0062: timescale to target 'TBC' in the summary, '1-2 years' in the block",
        ),
        (
            "risk_withdrawn_listed",
            "warning",
            "CRR0002 is reported withdrawn but is still listed in the corporate risk register",
        ),
        ("risk_update_count", "warning", "33 mitigating-action updates stated, 34 updates printed"),
        ("risk_update_status_count", "warning", "10 updates stated as partially complete, 11 printed"),
    ]


def test_every_risk_line_is_accounted_for() -> None:
    result = parsed(PACK)
    covered = [c for c in result.extracted.coverage if c.kind in RISK_KINDS]
    assert {c.kind for c in covered} == RISK_KINDS
    for cover in covered:
        assert cover.rows_seen == cover.header_rows + cover.structural_rows + cover.records + cover.rejects
    block_rejects = [r for r in result.extracted.rejects if r.kind == "risk_block"]
    assert sum(c.rejects for c in covered) == len([r for r in result.extracted.rejects if r.kind in RISK_KINDS])
    # the only line left over: a "Risk ID" header row printed once without its id before the real one
    assert [(r.line, r.reason) for r in block_rejects] == [(2529, "CRR0042: risk block header without a risk id")]


def test_action_plans_are_not_read_as_risks() -> None:
    result = parsed(SAMPLES / "recovery_action_plans_appendix_b.txt")
    assert not [r for r in result.extracted.records if r.table.startswith("risk")]


@pytest.mark.parametrize(
    ("printed", "canonical", "normalised"),
    [("CRR052", "CRR0052", True), ("CRR0009**", "CRR0009", False), ("CRR 0014", "CRR0014", False)],
)
def test_risk_ids(printed: str, canonical: str, normalised: bool) -> None:
    found = parse_risk_id(printed)
    assert found is not None
    assert (found.canonical, found.normalised) == (canonical, normalised)


@pytest.mark.parametrize(
    ("text", "current", "target"),
    [
        ("V. Likely (5) Target Residual Likelihood Likely (4)", ("V. Likely", 5), ("Likely", 4)),
        (
            "Current Likelihood V. Likely (5) V. Likely (5) Target Residual Likelihood",
            ("V. Likely", 5),
            ("V. Likely", 5),
        ),
        ("Current Impact Major (5) Target Residual Impact Timescale to Target At Target", ("Major", 5), None),
        ("Target Residual Likelihood TBC", None, None),
    ],
)
def test_rating_pair(text: str, current: tuple[str, int] | None, target: tuple[str, int] | None) -> None:
    pair = rating_pair(text)
    assert ((pair.current.label, pair.current.number) if pair.current else None) == current
    assert ((pair.target.label, pair.target.number) if pair.target else None) == target


def test_labels_and_ratings() -> None:
    assert canonical_label("V.  Likely") == "very likely"
    rating = parse_rating("High (25)")
    assert rating is not None and (rating.level, rating.score) == ("high", 25)
    assert parse_rating("TBC") is None


def _risk(**fields: Any) -> Risk:
    base: dict[str, Any] = {"doc_id": "d", "register": "corporate", "source": "detail", "risk_id": "CRR0001"}
    return Risk(**{"title": None, "page": 1, "line": 1, **base, **fields})


def test_check_scores_and_levels() -> None:
    wrong_product = _risk(current_likelihood=4, current_impact=5, current_score=25, current_level="high")
    assert [f.expected for f in check_scores([wrong_product])] == ["20"]
    printed_bands: list[Record] = [
        RiskScale(doc_id="d", scale="level", label=label, low=low, high=high, page=1, line=1)
        for label, low, high in (("Low", 1, 4), ("Medium", 5, 12), ("High", 15, 25))
    ]
    medium_14 = _risk(source="summary", current_score=14, current_level="medium")
    assert check_levels([medium_14]) == []  # default bands: 14 is medium
    assert [f.message for f in check_levels([*printed_bands, medium_14])] == [
        "CRR0001 (summary): current rating medium (14) but 14 is in no band"
    ]


def test_check_labels_uses_the_printed_scale_first() -> None:
    risk = _risk(target_likelihood=4, target_likelihood_label="Possible")
    assert [f.message for f in check_labels([risk])] == ["CRR0001: target likelihood 'Possible (4)' but Possible is 3"]
    own_scale = RiskScale(doc_id="d", scale="likelihood", label="Possible", low=4, high=4, page=1, line=1)
    assert check_labels([own_scale, risk]) == []


def test_check_summary_against_detail() -> None:
    summary = _risk(source="summary", current_score=25, current_level="high", title="Fraud")
    detail = _risk(current_likelihood=4, current_impact=5, current_score=20, title="Fraud and error")
    other = _risk(source="summary", risk_id="CRR0002", current_score=9, current_level="medium")
    messages = [f.message for f in check_summary_against_detail([summary, other, detail])]
    assert messages == [
        "CRR0002 is in the summary but has no detailed block",
        "CRR0001: summary current rating high (25) but the block gives likelihood 4 × impact 5 = 20",
    ]


def test_check_update_counts() -> None:
    summary = RiskActionSummary(
        doc_id="d",
        period=None,
        stated_total=3,
        complete=2,
        partially_complete=0,
        regular_review=0,
        outstanding=0,
        page=1,
        line=1,
    )
    updates = [
        RiskAction(doc_id="d", register="corporate", risk_id="CRR0001", action=None, status=status, page=1, line=1)
        for status in ("complete", "action closed", "outstanding")
    ]
    assert [f.check for f in check_update_counts([summary, *updates])] == [
        "risk_update_split_total",
        "risk_update_status_count",
    ]


BUDGET_REGISTER = KCC / "cabinet" / "2025-01-30" / "originals" / "Appendix I Budget Risk Register 22.01.25.pdf"
needs_budget_register = pytest.mark.skipif(
    not BUDGET_REGISTER.exists(), reason="../shared/kcc/ (the real budget risk register PDF) not present"
)


@needs_budget_register
def test_budget_register_rows_groups_and_total() -> None:
    result = parsed(BUDGET_REGISTER)
    rows = [r for r in result.extracted.records if isinstance(r, Risk)]
    assert len(rows) == 42
    assert Counter(r.risk_group for r in rows) == {
        "Significant Risks (over £10m)": 12,
        "Other Risks (under £10m - individual amounts not included)": 30,
    }
    first = rows[0]
    assert (first.risk_id, first.directorate, first.title, first.current_likelihood) == (
        "B001",
        "CYPE",
        "High Needs Spending",
        4,
    )
    assert (first.annual_exposure, first.lifetime_exposure) == (None, Decimal("165.0"))
    totals = [
        (t.kind, t.annual_exposure, t.lifetime_exposure)
        for t in result.extracted.records
        if isinstance(t, RiskExposureTotal)
    ]
    assert totals == [("total", Decimal("334.7"), Decimal("290.0")), ("group", Decimal("90.0"), Decimal("45.0"))]
    assert [f for f in result.extracted.findings if f.check == "risk_exposure_total"] == []


@needs_budget_register
def test_budget_register_label_printed_over_first_rows_is_removed() -> None:
    rows = [r for r in parsed(BUDGET_REGISTER).extracted.records if isinstance(r, Risk)]
    by_id = {r.risk_id: r for r in rows}
    assert (by_id["B003"].directorate, by_id["B003"].title) == ("ASCH / CYPE", "Market Sustainability")
    assert (by_id["B007"].directorate, by_id["B007"].title) == ("ALL", "Demand & Cost Drivers")


def test_check_exposure_total() -> None:
    total = RiskExposureTotal(
        doc_id="d",
        register="budget",
        kind="total",
        label="TOTAL £m",
        annual_exposure=Decimal("30.0"),
        lifetime_exposure=None,
        page=1,
        line=None,
    )
    rows = [
        _risk(register="budget", source="row", risk_id=f"B00{n}", annual_exposure=Decimal(amount))
        for n, amount in ((1, "12.5"), (2, "15.0"))
    ]
    assert [f.message for f in check_exposure_total([total, *rows])] == [
        "annual exposure: rows and group amounts sum to 27.5, TOTAL states 30.0"
    ]


QPR_Q3 = KCC / "cabinet" / "2025-03-04" / "originals" / "QPR Q3 Cabinet appendix 1.pdf"


@pytest.mark.skipif(not QPR_Q3.exists(), reason="../shared/kcc/ (the real Q3 2024-25 QPR PDF) not present")
def test_qpr_pdf_risk_section() -> None:
    result = parsed(QPR_Q3)
    overview = [(r.as_at, r.low, r.medium, r.high) for r in result.extracted.records if isinstance(r, RiskOverview)]
    assert overview == [("November 2024", 0, 3, 13), ("February 2025", 0, 5, 12)]
    updates = [r for r in result.extracted.records if isinstance(r, RiskAction)]
    assert Counter(u.status for u in updates) == {
        "complete": 8,
        "partially complete": 6,
        "regular review": 4,
        "outstanding": 1,
    }
    # the action title ends on a line that stops short of the margin; the update text follows
    assert updates[0].action == (
        "Make use of KCC’s new role as Accountable Body for the Kent & Medway Functional Economic Area "
        "(post LEP landscape)"
    )
    assert updates[0].update_text is not None and updates[0].update_text.startswith("Following completion of the")
    # a lone paragraph is update text, not a title
    assert (updates[2].risk_id, updates[2].action) == ("CRR0009", None)
    assert [u.action for u in updates if u.risk_id == "CRR0039"] == [
        "Annual Governance Statement (AGS) Action Plan.",
        "Data Mapping Exercise",
    ]
    changes = [(r.risk_id, r.change) for r in result.extracted.records if isinstance(r, RiskChange)]
    assert changes == [
        ("CRR0065", "new"),
        ("CRR0061", "withdrawn"),
        ("CRR0063", "reduced"),
        ("CRR0042", "reduced"),
        ("CRR0052", "revised"),
    ]
    assert [f for f in result.extracted.findings if f.check.startswith("risk_update")] == []
