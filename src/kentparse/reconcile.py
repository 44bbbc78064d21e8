"""Checks across documents, run over the database after loading (`reconcile`).

Claims (here): a summary paper's claims about the action plans (`claims`) are counted again in the action
plans themselves (`actions`), once per loaded action-plan document: each check writes a
`claim_checks` row (the claim, the document and condition it was counted with, both numbers)
and a finding on the claim's document, agreed or not. Meetings (`kentparse.links`): records
of decision tied to the meeting whose agenda carries their number, and titles compared across
the agenda, the minutes and the record of decision. Budget headlines (`kentparse.reconcile_budget`):
figures a cover report or the minutes state against the budget monitoring tables of the same
period in another document. Re-running replaces earlier results.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import duckdb

from kentparse.extractors.claims import ClaimCheck
from kentparse.records import Finding, Record
from kentparse.store.loader import insert_records

CHECK = "claim_vs_action_plans"
_FILTERS = (("kind", "kind"), ("priority", "priority"), ("timescale", "timescale"))
_BASE_FILTERS = (("base_kind", "kind"), ("base_priority", "priority"))
_CLAIM_COLUMNS = ", ".join(
    [
        "doc_id",
        "claim_no",
        "subject",
        "measure",
        "value",
        "kind",
        "priority",
        "timescale",
        "base_kind",
        "base_priority",
        "checkable",
        "page",
        "line",
    ]
)


def condition(claim: dict[str, object], filters: tuple[tuple[str, str], ...]) -> str:
    """The SQL condition on `actions` a claim's filters stand for ("TRUE" for all actions)."""
    parts = []
    for field, column in filters:
        value = claim[field]
        if isinstance(value, str):
            allowed = ", ".join("'" + option.replace("'", "''") + "'" for option in value.split("|"))
            parts.append(f"{column} IN ({allowed})")
    return " AND ".join(parts) or "TRUE"


def reconcile(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every check across documents; the findings written."""
    from kentparse.links import check_meetings
    from kentparse.reconcile_budget import check_budget_headlines
    from kentparse.reconcile_kpis import check_kpi_counts

    return [*check_claims(con), *check_meetings(con), *check_kpi_counts(con), *check_budget_headlines(con)]


def check_claims(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    con.execute('DELETE FROM findings WHERE "check" = ?', [CHECK]).fetchall()
    con.execute("DELETE FROM claim_checks").fetchall()
    claims = _rows(con, f"SELECT {_CLAIM_COLUMNS} FROM claims c WHERE {_LIVE.format(alias='c')}")
    plans = [
        row[0]
        for row in con.execute(f"SELECT DISTINCT doc_id FROM actions a WHERE {_LIVE.format(alias='a')}").fetchall()
    ]
    records: list[Record] = []
    for claim in claims:
        if not claim["checkable"]:
            records.append(
                _finding(claim, "info", f"{claim['subject']}: not checked, the action plans record no such field")
            )
            continue
        if not plans:
            records.append(_finding(claim, "info", f"{claim['subject']}: not checked, no action plans are loaded"))
        for plan in plans:
            records.extend(_check(con, claim, plan))
    insert_records(con, records)
    return [record for record in records if isinstance(record, Finding)]


_LIVE = "{alias}.doc_id IN (SELECT doc_id FROM documents WHERE status <> 'superseded')"


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _count(con: duckdb.DuckDBPyConnection, plan: str, where: str) -> int:
    found = con.execute(f"SELECT count(*) FROM actions WHERE doc_id = ? AND {where}", [plan]).fetchall()
    return int(found[0][0])


def _check(con: duckdb.DuckDBPyConnection, claim: dict[str, object], plan: str) -> list[Record]:
    where = condition(claim, _FILTERS)
    count = _count(con, plan, where)
    claimed = Decimal(str(claim["value"]))
    if claim["measure"] == "percent":
        base_where = condition(claim, _BASE_FILTERS)
        base = _count(con, plan, base_where)
        actual = (Decimal(100 * count) / base).quantize(Decimal("0.1"), ROUND_HALF_UP) if base else None
        agreed = actual is not None and actual.quantize(Decimal(1), ROUND_HALF_UP) == claimed
        where = f"share of ({where}) in ({base_where})"
        unit = "%"
    else:
        actual, agreed, unit = Decimal(count), Decimal(count) == claimed, ""
    check = ClaimCheck(
        doc_id=str(claim["doc_id"]),
        claim_no=int(str(claim["claim_no"])),
        against_table="actions",
        against_doc_id=plan,
        condition=where,
        claimed=claimed,
        actual=actual,
        agreed=agreed,
        page=int(str(claim["page"])),
        line=_optional_int(claim["line"]),
    )
    said, held = f"{_show(claimed)}{unit}", f"{_show(actual)}{unit}"
    verdict = "agreed" if agreed else "not borne out"
    message = f"{claim['subject']}: the paper says {said}, the action plans ({plan}) hold {held}: {verdict}"
    finding = _finding(claim, "info" if agreed else "warning", message, said, held)
    return [check, finding]


def _finding(
    claim: dict[str, object], severity: str, message: str, expected: str | None = None, actual: str | None = None
) -> Finding:
    return Finding(
        doc_id=str(claim["doc_id"]),
        check=CHECK,
        severity="info" if severity == "info" else "warning",
        message=message,
        expected=expected,
        actual=actual,
        page=int(str(claim["page"])),
        line=_optional_int(claim["line"]),
    )


def _show(value: Decimal | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))
