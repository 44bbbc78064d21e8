"""Checks on action plans: numbering runs 1..n within each plan, with no repeats or gaps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kentparse.extractors.action_plan import Action
from kentparse.records import Finding, Record


def check_action_numbering(records: Sequence[Record]) -> list[Finding]:
    by_plan: dict[tuple[str, str | None], list[Action]] = defaultdict(list)
    for record in records:
        if isinstance(record, Action):
            by_plan[(record.doc_id, record.plan)].append(record)
    findings: list[Finding] = []
    for actions in by_plan.values():
        findings.extend(_numbering_findings(actions))
    return findings


def _numbering_findings(actions: list[Action]) -> list[Finding]:
    findings = []
    seen: dict[str, Action] = {}
    previous: int | None = None
    for action in actions:
        if action.action_no in seen:
            findings.append(_finding(action, "duplicate_action_no", f"action {action.action_no} appears twice", None))
        seen[action.action_no] = action
        if not action.action_no.isdigit():
            previous = None
            continue
        number = int(action.action_no)
        if previous is not None and number != previous + 1:
            findings.append(
                _finding(
                    action, "action_numbering", f"action numbers jump from {previous} to {number}", str(previous + 1)
                )
            )
        previous = number
    return findings


def _finding(action: Action, check: str, what: str, expected: str | None) -> Finding:
    return Finding(
        doc_id=action.doc_id,
        check=check,
        severity="warning",
        message=f"{action.plan or 'action plan'}: {what}",
        expected=expected,
        actual=action.action_no,
        page=action.page,
        line=action.line,
    )


CHECKS = (check_action_numbering,)
