"""Counts of KPIs stated in one paper (a cover report) against the KPI rows of another.

A document whose stated counts have KPI rows of the same period in the document itself is
checked by `validate.kpis`; here, stated counts of a document with no KPI rows of that period
are counted again in every live document that has them, with a finding each, agreed or not.
"""

from __future__ import annotations

import duckdb

from kentparse.records import Finding
from kentparse.store.loader import insert_records

CHECK = "kpi_counts_across_documents"
_LIVE = "doc_id IN (SELECT doc_id FROM documents WHERE status <> 'superseded')"
_CONDITION = {
    "total": "TRUE",
    "green": "rag = 'green'",
    "amber": "rag = 'amber'",
    "red": "rag = 'red'",
    "improving": "direction = 'improving'",
    "stable": "direction = 'stable'",
    "worsening": "direction = 'worsening'",
}
_STATED_ELSEWHERE = f"""
SELECT s.doc_id, s.period, s.measure, s.count, min(s.page) AS page, min(s.line) AS line
FROM kpi_stated_counts s
WHERE s.{_LIVE}
  AND NOT EXISTS (SELECT 1 FROM kpis k WHERE k.doc_id = s.doc_id AND k.period = s.period)
GROUP BY ALL ORDER BY ALL
"""


def check_kpi_counts(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    con.execute('DELETE FROM findings WHERE "check" = ?', [CHECK])
    findings: list[Finding] = []
    for doc_id, period, measure, stated, page, line in con.execute(_STATED_ELSEWHERE).fetchall():
        for other, actual in _counts_elsewhere(con, period, measure):
            findings.append(_finding(doc_id, period, measure, stated, other, actual, page, line))
    insert_records(con, findings)
    return findings


def _counts_elsewhere(con: duckdb.DuckDBPyConnection, period: str, measure: str) -> list[tuple[str, int]]:
    sql = (
        f"SELECT doc_id, count(*) FILTER (WHERE {_CONDITION[measure]}) FROM kpis "
        f"WHERE period = ? AND {_LIVE} GROUP BY doc_id ORDER BY doc_id"
    )
    return [(str(doc), int(count)) for doc, count in con.execute(sql, [period]).fetchall()]


def _finding(
    doc_id: str, period: str, measure: str, stated: int, other: str, actual: int, page: int, line: int | None
) -> Finding:
    agreed = stated == actual
    what = "KPIs in total" if measure == "total" else f"KPIs {measure}"
    verdict = "agreed" if agreed else "does not agree"
    return Finding(
        doc_id=doc_id,
        check=CHECK,
        severity="info" if agreed else "warning",
        message=f"{period}: the paper states {stated} {what}; the KPI tables of {other} hold {actual}: {verdict}",
        expected=str(stated),
        actual=str(actual),
        page=page,
        line=line,
    )
