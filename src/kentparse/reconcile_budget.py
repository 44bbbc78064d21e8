"""Headline budget figures stated in one paper (a cover report, the minutes) against the tables
of the budget monitoring report of the same period loaded from another.

A document whose headline figures have tables of the same period in the document itself is
checked by `validate.budget`; here, the figures of a document with no such table are compared
with every live document that has one, with a finding each, agreed or not.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb

from kentparse.records import Finding, Severity
from kentparse.store.loader import insert_records

CHECK = "budget_headline_across_documents"
HALF_UNIT = Decimal("0.05")
_LIVE = "doc_id IN (SELECT doc_id FROM documents WHERE status <> 'superseded')"
#: measure → SQL giving (doc_id, value, where) of the table figure it states, for a period (?)
_SOURCES = {
    "general_fund_variance": (
        "SELECT doc_id, variance, 'general fund total, page ' || page FROM budget_lines "
        "WHERE table_name = 'general_fund' AND level = 'total' AND variance IS NOT NULL AND period = ? "
        "ORDER BY doc_id, page, line NULLS FIRST"
    ),
    "schools_variance": (
        "SELECT doc_id, variance, 'general fund Schools'' Delegated Budgets, page ' || page FROM budget_lines "
        "WHERE table_name = 'general_fund' AND directorate = 'Schools'' Delegated Budgets' AND period = ? "
        "ORDER BY doc_id, page, line NULLS FIRST"
    ),
    "capital_real_variance": (
        "SELECT doc_id, real_variance, 'capital by directorate total, page ' || page FROM budget_lines "
        "WHERE table_name = 'capital_by_directorate' AND level = 'total' AND real_variance IS NOT NULL "
        "AND period = ? ORDER BY doc_id, page, line NULLS FIRST"
    ),
    "capital_rephasing_variance": (
        "SELECT doc_id, rephasing_variance, 'capital by directorate total, page ' || page FROM budget_lines "
        "WHERE table_name = 'capital_by_directorate' AND level = 'total' AND rephasing_variance IS NOT NULL "
        "AND period = ? ORDER BY doc_id, page, line NULLS FIRST"
    ),
    "savings_target": (
        "SELECT l.doc_id, v.amount, 'savings summary total, page ' || l.page FROM savings_lines l "
        "JOIN savings_values v USING (doc_id, savings_line_id) WHERE l.section = 'summary' AND l.level = 'total' "
        "AND v.measure = 'target' AND l.period = ? ORDER BY l.doc_id, l.page"
    ),
    "savings_forecast": (
        "SELECT l.doc_id, v.amount, 'savings summary total, page ' || l.page FROM savings_lines l "
        "JOIN savings_values v USING (doc_id, savings_line_id) WHERE l.section = 'summary' AND l.level = 'total' "
        "AND v.measure = 'forecast' AND l.period = ? ORDER BY l.doc_id, l.page"
    ),
}
_STATED_ELSEWHERE = f"""
SELECT h.doc_id, h.period, h.measure, h.amount, h.text, h.page, h.line
FROM headline_figures h
WHERE h.{_LIVE} AND h.period IS NOT NULL AND h.directorate IS NULL
  AND NOT EXISTS (SELECT 1 FROM budget_lines b WHERE b.doc_id = h.doc_id AND b.period = h.period)
ORDER BY h.doc_id, h.page, h.line
"""


def check_budget_headlines(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    con.execute('DELETE FROM findings WHERE "check" = ?', [CHECK])
    findings: list[Finding] = []
    for doc_id, period, measure, amount, text, page, line in con.execute(_STATED_ELSEWHERE).fetchall():
        if measure not in _SOURCES:
            continue
        for other, value, where in _first_per_document(con, _SOURCES[measure], period):
            if other != doc_id:
                findings.append(_finding(doc_id, measure, Decimal(amount), text, other, value, where, page, line))
    insert_records(con, findings)
    return findings


def _first_per_document(con: duckdb.DuckDBPyConnection, sql: str, period: str) -> list[tuple[str, Decimal, str]]:
    first: dict[str, tuple[str, Decimal, str]] = {}
    for doc_id, value, where in con.execute(sql, [period]).fetchall():
        first.setdefault(str(doc_id), (str(doc_id), Decimal(value), str(where)))
    return list(first.values())


def _finding(
    doc_id: str,
    measure: str,
    stated: Decimal,
    text: str,
    other: str,
    value: Decimal,
    where: str,
    page: int,
    line: int | None,
) -> Finding:
    difference = abs(abs(value) - stated)
    severity: Severity = "info" if difference <= HALF_UNIT else "error" if difference > 2 * HALF_UNIT else "warning"
    verdict = "agreed" if severity == "info" else "does not agree"
    return Finding(
        doc_id=doc_id,
        check=CHECK,
        severity=severity,
        message=f"text states {measure} £{_show(stated)}m ('{text}'); {other} {where} prints {_show(value)}: {verdict}",
        expected=_show(abs(value)),
        actual=_show(stated),
        page=page,
        line=line,
    )


def _show(value: Decimal) -> str:
    return f"{value.normalize():f}"
