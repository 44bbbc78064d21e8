"""Counts stated in a cover report, checked against the KPI rows of the appendix (another document)."""

from __future__ import annotations

import datetime as dt

import duckdb

from kentparse.extractors.kpi_common import Kpi, KpiStatedCount
from kentparse.reconcile_kpis import check_kpi_counts
from kentparse.store.ddl import all_ddl
from kentparse.store.loader import insert_records

PERIOD = "2024/25 Q3"


def _database() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for statement in all_ddl():
        con.execute(statement)
    for doc_id in ("cover", "appendix"):
        con.execute(
            "INSERT INTO documents (doc_id, path, sha256, media_type, pages, status, ingested_at, kentparse_version)"
            " VALUES (?, ?, ?, 'application/pdf', 1, 'ok', ?, 'test')",
            [doc_id, f"{doc_id}.pdf", doc_id, dt.datetime(2025, 3, 4)],
        )
    return con


def _kpi(number: int, rag: str, direction: str) -> Kpi:
    return Kpi(
        doc_id="appendix", period=PERIOD, area="Area", name=f"KPI {number}", kpi_key=f"k{number}",
        rag=rag, previous_rag=None, direction=direction, page=3, line=None,
    )  # fmt: skip


def _stated(measure: str, count: int) -> KpiStatedCount:
    return KpiStatedCount(doc_id="cover", period=PERIOD, measure=measure, count=count, text="…", page=1, line=None)


def test_cover_counts_checked_against_appendix_rows() -> None:
    con = _database()
    insert_records(con, [_kpi(1, "red", "worsening"), _kpi(2, "green", "stable"), _kpi(3, "red", "stable")])
    insert_records(con, [_stated("total", 3), _stated("red", 3), _stated("stable", 2)])
    findings = check_kpi_counts(con)
    assert [(f.severity, f.message, f.expected, f.actual) for f in findings] == [
        (
            "warning",
            "2024/25 Q3: the paper states 3 KPIs red; the KPI tables of appendix hold 2: does not agree",
            "3",
            "2",
        ),
        ("info", "2024/25 Q3: the paper states 2 KPIs stable; the KPI tables of appendix hold 2: agreed", "2", "2"),
        ("info", "2024/25 Q3: the paper states 3 KPIs in total; the KPI tables of appendix hold 3: agreed", "3", "3"),
    ]
    assert {f.doc_id for f in findings} == {"cover"}
    check_kpi_counts(con)
    stored = con.execute("SELECT count(*) FROM findings WHERE \"check\" = 'kpi_counts_across_documents'").fetchone()
    assert stored == (3,), "re-running replaces earlier results"


def test_document_with_its_own_rows_is_left_to_the_in_document_check() -> None:
    con = _database()
    insert_records(con, [_kpi(1, "red", "worsening")])
    insert_records(
        con, [KpiStatedCount(doc_id="appendix", period=PERIOD, measure="red", count=5, text="…", page=1, line=None)]
    )
    assert check_kpi_counts(con) == []
