"""Checks over a document's records: each check turns records into findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kentparse.records import Finding, Record
from kentparse.validate.actions import check_action_numbering

Check = Callable[[Sequence[Record]], list[Finding]]

CHECKS: tuple[Check, ...] = (check_action_numbering,)


def run_checks(records: Sequence[Record]) -> list[Finding]:
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(records))
    return findings
