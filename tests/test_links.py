"""Links in the database: records to their pack section and agenda item, claims to the action plans."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from golden import KCC, SAMPLES
from kentparse.links import months
from kentparse.pipeline import parse_bytes
from kentparse.reconcile import reconcile
from kentparse.store.loader import connect, load

PACK = SAMPLES / "cabinet_agenda_pack_2024-01-04.txt"
PLANS = SAMPLES / "recovery_action_plans_appendix_b.txt"
SLIDES = SAMPLES / "recovery_summary_slides_cabinet_2020-07-20.txt"


def loaded(tmp_path: Path, *papers: Path) -> duckdb.DuckDBPyConnection:
    con = connect(tmp_path / "test.duckdb")
    for path in papers:
        load(con, parse_bytes(str(path), path.read_bytes()), str(path))
    reconcile(con)
    return con


@pytest.fixture(scope="module")
def pack_db(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    return loaded(tmp_path_factory.mktemp("pack"), PACK)


def test_every_record_with_a_line_falls_in_exactly_one_section(pack_db: duckdb.DuckDBPyConnection) -> None:
    doubled = pack_db.execute(
        "SELECT record_table, record_rowid FROM record_sections GROUP BY ALL HAVING count(*) > 1"
    ).fetchall()
    unplaced = pack_db.execute(
        "SELECT record_table, line FROM record_sections WHERE line IS NOT NULL AND section_no IS NULL"
    ).fetchall()
    assert (doubled, unplaced) == ([], [])


def test_minutes_and_decisions_take_the_agenda_item_of_their_section(pack_db: duckdb.DuckDBPyConnection) -> None:
    rows = pack_db.execute(
        "SELECT record_table, agenda_item, any_value(agenda_title), count(*) FROM record_sections "
        "WHERE record_table IN ('minutes_items', 'resolutions', 'decisions', 'decision_parts') "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    minutes = "Minutes of the Meeting held on 30 November 2023"
    ics = "Kent and Medway Integrated Care Strategy"
    assert rows == [
        ("decision_parts", 9, ics, 3),
        ("decisions", 9, ics, 1),
        ("minutes_items", 3, minutes, 9),
        ("resolutions", 3, minutes, 5),
    ]


def test_the_pack_belongs_to_its_meeting_and_holds_the_minutes_of_the_last(pack_db: duckdb.DuckDBPyConnection) -> None:
    rows = pack_db.execute("SELECT meeting_id, role FROM document_meetings ORDER BY meeting_id, role").fetchall()
    assert rows == [
        ("cabinet-2023-11-30", "minutes"),
        ("cabinet-2024-01-04", "agenda"),
        ("cabinet-2024-01-04", "decision"),
    ]


def test_each_claim_is_checked_against_the_plans(tmp_path: Path) -> None:
    con = loaded(tmp_path, PLANS, SLIDES)
    total = con.execute(
        "SELECT expected, actual, severity, message FROM findings "
        "WHERE \"check\" = 'claim_vs_action_plans' ORDER BY line LIMIT 1"
    ).fetchone()
    plans_doc = parse_bytes(str(PLANS), PLANS.read_bytes()).document.doc_id
    assert total == (
        "152",
        "155",
        "warning",
        f"actions identified: the paper says 152, the action plans ({plans_doc}) hold 155: not borne out",
    )
    counts = con.execute(
        "SELECT (SELECT count(*) FROM claims), "
        "(SELECT count(*) FROM findings WHERE \"check\" = 'claim_vs_action_plans'), "
        "(SELECT count(*) FROM claim_checks), (SELECT count(*) FROM claim_checks WHERE agreed)"
    ).fetchone()
    assert counts == (22, 22, 21, 4)


def test_reconcile_replaces_its_earlier_results(tmp_path: Path) -> None:
    con = loaded(tmp_path, PLANS, SLIDES)
    reconcile(con)
    found = con.execute("SELECT count(*) FROM findings WHERE \"check\" = 'claim_vs_action_plans'").fetchone()
    assert found == (22,)


def test_claims_without_plans_are_reported_unchecked(tmp_path: Path) -> None:
    con = loaded(tmp_path, SLIDES)
    rows = con.execute(
        "SELECT DISTINCT severity, regexp_extract(message, ': (.*)$', 1) FROM findings "
        "WHERE \"check\" = 'claim_vs_action_plans' ORDER BY 2"
    ).fetchall()
    assert rows == [
        ("info", "not checked, no action plans are loaded"),
        ("info", "not checked, the action plans record no such field"),
    ]


def test_minute_links_tie_a_minute_to_its_decision_and_resolution(pack_db: duckdb.DuckDBPyConnection) -> None:
    row = pack_db.execute(
        "SELECT meeting_id, minute_no, agenda_item, decision_no, resolved FROM minute_links WHERE minute_no = 18"
    ).fetchone()
    assert row == (
        "cabinet-2023-11-30",
        18,
        6,
        "23/00109",
        "RESOLVED to agree the recommendations as outlined in the report.",
    )


def test_months_of_a_title() -> None:
    assert months("Revenue and Capital Budget Monitoring Report – September 2024-2025") == ["September"]
    assert months("Maybe in May, not in march") == ["May", "March"]
    assert months(None) == []


JAN_2025 = KCC / "cabinet" / "2025-01-30" / "originals"


@pytest.mark.skipif(not JAN_2025.exists(), reason="../shared/kcc holds the real papers")
def test_a_record_of_decision_naming_another_month_than_its_agenda_item_is_a_finding(tmp_path: Path) -> None:
    con = loaded(
        tmp_path, JAN_2025 / "Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf", JAN_2025 / "24-00108 - PROD.pdf"
    )
    findings = con.execute(
        "SELECT expected, actual, message FROM findings WHERE \"check\" = 'title_period_across_documents'"
    ).fetchall()
    assert findings == [
        (
            "November",
            "September",
            "record of decision 24/00108 is titled 'Revenue and Capital Budget Monitoring Report – September "
            "2024-2025' but agenda item 5 of cabinet-2025-01-30 is 'Revenue and Capital Budget Monitoring Report "
            "– November 2024-25': they name different months",
        )
    ]
    roles = con.execute("SELECT meeting_id, role FROM document_meetings ORDER BY role").fetchall()
    assert roles == [("cabinet-2025-01-30", "agenda"), ("cabinet-2025-01-30", "decision")]


@pytest.mark.skipif(not JAN_2025.exists(), reason="../shared/kcc holds the real papers")
def test_stand_alone_reports_take_their_item_by_decision_number_else_by_title(tmp_path: Path) -> None:
    con = loaded(
        tmp_path,
        JAN_2025 / "Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf",
        JAN_2025 / "24-00115 - Adoption of Integrated Care Strategy delivery plan - Report.pdf",
        JAN_2025
        / "Draft Revenue Budget 2025-26 MTFP 2025-28 Draft Capital Programme 2025-35 and Treasury Management .pdf",
    )
    rows = con.execute(
        "SELECT item_no, item_source, decision_no FROM section_items WHERE kind = 'report' ORDER BY item_no"
    ).fetchall()
    assert rows == [(6, "by title", None), (8, "by decision number", "24/00115")]


def test_every_budget_kpi_and_risk_record_of_the_pack_has_its_agenda_item(pack_db: duckdb.DuckDBPyConnection) -> None:
    rows = pack_db.execute(
        "SELECT DISTINCT record_table, agenda_item FROM record_sections "
        "WHERE regexp_matches(record_table, '^(budget|savings|management|kpi|risk)') ORDER BY ALL"
    ).fetchall()
    assert rows == [
        ("budget_lines", 5),
        ("kpi_area_summary", 6),
        ("kpi_stated_counts", 6),
        ("kpis", 6),
        ("management_actions", 5),
        ("risk_action_summary", 6),  # the QPR carries a corporate risk overview of its own
        ("risk_actions", 6),
        ("risk_actions", 8),
        ("risk_changes", 6),
        ("risk_controls", 8),
        ("risk_overview", 6),
        ("risk_scales", 8),
        ("risks", 8),
        ("savings_lines", 5),
    ]
