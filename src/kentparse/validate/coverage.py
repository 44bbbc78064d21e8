"""Nothing lost: every row of every recognised table is accounted for.

For each `Coverage` row an extractor reports, rows seen must equal header rows + structural
rows + records + rejects; every recognised table must have a Coverage row; and the rejects
an extractor counts must be the rejects it made. Violations are `error` findings (they mean
an extractor dropped or invented rows, a defect of kentparse, not of the paper).

These checks need the coverage rows and the routing, not just records, so the pipeline calls
`coverage_findings` directly (this module defines no CHECKS).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from kentparse.extractors.base import ExtractResult
from kentparse.records import Coverage, Finding

COVERAGE_CHECKS = ("coverage_balance", "coverage_missing", "coverage_rejects")


def coverage_findings(doc_id: str, table_kinds: Mapping[int, str], extracted: ExtractResult) -> list[Finding]:
    findings = [_unbalanced(doc_id, row) for row in extracted.coverage]
    findings.extend(_uncovered(doc_id, table_kinds, extracted.coverage))
    findings.extend(_miscounted_rejects(doc_id, extracted))
    return [finding for finding in findings if finding is not None]


def _unbalanced(doc_id: str, row: Coverage) -> Finding | None:
    accounted = row.header_rows + row.structural_rows + row.records + row.rejects
    if accounted == row.rows_seen:
        return None
    return Finding(
        doc_id=doc_id,
        check="coverage_balance",
        severity="error",
        message=(
            f"{row.kind} table {row.table_no} ({row.title or 'untitled'}): {row.rows_seen} rows seen but "
            f"{row.header_rows} header + {row.structural_rows} structural + {row.records} records + "
            f"{row.rejects} rejects = {accounted}"
        ),
        expected=str(row.rows_seen),
        actual=str(accounted),
        page=row.page,
    )


def _uncovered(doc_id: str, table_kinds: Mapping[int, str], coverage: list[Coverage]) -> list[Finding]:
    covered = {row.table_no for row in coverage}
    return [
        Finding(
            doc_id=doc_id,
            check="coverage_missing",
            severity="error",
            message=f"{kind} table {table_no} was recognised but its extractor reported no coverage row",
        )
        for table_no, kind in sorted(table_kinds.items())
        if table_no not in covered
    ]


def _miscounted_rejects(doc_id: str, extracted: ExtractResult) -> list[Finding]:
    claimed: Counter[str] = Counter()
    for row in extracted.coverage:
        claimed[row.kind] += row.rejects
    made = Counter(reject.kind for reject in extracted.rejects)
    return [
        Finding(
            doc_id=doc_id,
            check="coverage_rejects",
            severity="error",
            message=f"{kind}: coverage counts {claimed[kind]} rejects but the extractor made {made[kind]}",
            expected=str(claimed[kind]),
            actual=str(made[kind]),
        )
        for kind in sorted(set(claimed) | set(made))
        if claimed[kind] != made[kind]
    ]
