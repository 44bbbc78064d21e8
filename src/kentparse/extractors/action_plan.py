"""Recovery action plans: one table per plan, an action per row.

Columns (wordings vary between plans): Action No., Action to be taken, Mitigate/Opportunity,
Lead organisation, Named Lead, Timescale, Resources, Priority. Rows with text only in the
first column are sub-headings that set `subsection` for the rows below them. A row with no
action number continues the action above (text wrapped onto another line or page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from kentparse.cleaning import one_line, or_none
from kentparse.extractors.base import (
    Column,
    Context,
    ExtractResult,
    HeaderMatch,
    HeaderSignature,
    LogicalTable,
    table_coverage,
)
from kentparse.extractors.registry import register_table
from kentparse.model import Row
from kentparse.people import leads_of_action
from kentparse.records import Record, Reject
from kentparse.segment import merge_rows

ActionKind = Literal["mitigate", "opportunity", "both"]
Timescale = Literal["short", "medium", "longer"]
Priority = Literal["essential", "important", "desirable"]


class Action(Record):
    table = "actions"
    plan: str | None
    subsection: str | None = None
    action_no: str
    text: str
    kind: ActionKind | None
    lead_org: str | None
    named_lead: str | None
    timescale: Timescale | None
    resources: str | None
    priority: Priority | None
    page: int
    line: int | None


class ActionRef(Record):
    """A cross-reference from one action to another ("links to Infrastructure Action 27")."""

    table = "action_refs"
    plan: str | None
    action_no: str
    ref_plan: str | None
    ref_action_no: str
    phrase: str


SIGNATURE = HeaderSignature(
    (
        Column("action_no", ("Action No.", "Action Number", "Action Ref", "Ref")),
        Column("text", ("Action to be taken", "Action", "Action description")),
        Column(
            "kind", ("Action to mitigate or action for opportunity", "Mitigate or Opportunity", "Mitigate/Opportunity")
        ),
        Column("lead_org", ("Lead organisation or partnership", "Lead organisation", "Lead partner")),
        Column("named_lead", ("Named Lead (if appropriate)", "Named lead", "Lead officer"), required=False),
        Column("timescale", ("Timescale", "Timescale Short Medium Longer")),
        Column("resources", ("Resources / capacity required", "Resources"), required=False),
        Column("priority", ("Priority", "Priority Essential Important or Desirable")),
    )
)

_PLAN_SUFFIX = re.compile(r"\s*[-–—:]?\s*(?:covid[- ]19\s+)?(?:recovery\s+)?action\s+plan\s*$", re.I)
_ACTION_NO = re.compile(r"^[A-Za-z]{0,3}\d+(?:\.\d+)*[a-z]?$")
_TIMESCALES: dict[str, Timescale] = {"short": "short", "medium": "medium", "long": "longer", "longer": "longer"}
_PRIORITIES: tuple[Priority, ...] = ("essential", "important", "desirable")


def plan_name(title: str | None) -> str | None:
    """The plan a table belongs to, from its heading ("Economy - Recovery Action Plan")."""
    if title is None:
        return None
    return _PLAN_SUFFIX.sub("", title).strip() or title.strip()


def parse_kind(text: str) -> ActionKind | None:
    lowered = text.lower()
    mitigate, opportunity = "mitigat" in lowered, "opportunit" in lowered
    if mitigate and opportunity:
        return "both"
    if mitigate:
        return "mitigate"
    if opportunity:
        return "opportunity"
    raise ValueError(f"unrecognised Mitigate/Opportunity value {text!r}")


def parse_timescale(text: str) -> Timescale | None:
    words = re.findall(r"[a-z]+", text.lower())
    found = {_TIMESCALES[word] for word in words if word in _TIMESCALES}
    if len(found) != 1:
        raise ValueError(f"unrecognised timescale {text!r}")
    return found.pop()


def parse_priority(text: str) -> Priority | None:
    found = [priority for priority in _PRIORITIES if priority in text.lower()]
    if len(found) != 1:
        raise ValueError(f"unrecognised priority {text!r}")
    return found[0]


def _optional(parser: object, text: str) -> object:
    return parser(text) if text.strip() else None  # type: ignore[operator]


@dataclass(slots=True)
class _Pending:
    row: Row
    subsection: str | None


@dataclass(slots=True)
class _Tally:
    header_rows: int = 0
    structural_rows: int = 0
    pending: list[_Pending] = field(default_factory=list)


class ActionPlanExtractor:
    kind = "action_plan"
    signature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        tally = self._group_rows(table, header, result, context)
        plan = plan_name(table.title)
        plan_names = [name for name in (plan_name(t) for t in context.sibling_titles) if name]
        for pending in tally.pending:
            self._build(pending, header, plan, plan_names, context, result)
        result.coverage.append(
            table_coverage(
                context.doc_id,
                self.kind,
                table,
                header_rows=tally.header_rows,
                structural_rows=tally.structural_rows,
                records=sum(1 for r in result.records if isinstance(r, Action)),
                rejects=len(result.rejects),
            )
        )
        return result

    def _group_rows(self, table: LogicalTable, header: HeaderMatch, result: ExtractResult, context: Context) -> _Tally:
        tally = _Tally(header_rows=header.row_index + 1, structural_rows=0)
        tally.structural_rows = header.row_index  # rows above the header: captions
        number_col = header.columns["action_no"]
        subsection: str | None = None
        for row in table.rows[header.row_index + 1 :]:
            texts = [one_line(text) for text in row.texts]
            first = texts[number_col] if number_col < len(texts) else ""
            others = [text for index, text in enumerate(texts) if index != number_col]
            if not any(texts):
                tally.structural_rows += 1
            elif self.signature.match_rows([row]) is not None:
                tally.header_rows += 1
            elif first and not any(others) and not _ACTION_NO.match(first):
                subsection = first
                tally.structural_rows += 1
            elif not first and tally.pending:
                tally.pending[-1].row = merge_rows(tally.pending[-1].row, row)
                tally.structural_rows += 1
            elif not first:
                result.rejects.append(_reject(context, row, "continuation row with no action above it"))
            else:
                tally.pending.append(_Pending(row, subsection))
        return tally

    def _build(
        self,
        pending: _Pending,
        header: HeaderMatch,
        plan: str | None,
        plan_names: list[str],
        context: Context,
        result: ExtractResult,
    ) -> None:
        cells = _cells_by_field(pending.row, header)
        try:
            action = _action(cells, pending, plan, context)
        except (ValueError, ValidationError) as error:
            result.rejects.append(_reject(context, pending.row, _reason(error)))
            return
        result.records.append(action)
        result.records.extend(leads_of_action(action))
        result.records.extend(_refs(action, plan_names, context.doc_id))


def _action(cells: dict[str, str], pending: _Pending, plan: str | None, context: Context) -> Action:
    number = cells["action_no"]
    if not _ACTION_NO.match(number):
        raise ValueError(f"action number {number!r} is not an action number")
    if not cells["text"]:
        raise ValueError("no action text")
    return Action(
        doc_id=context.doc_id,
        plan=plan,
        subsection=pending.subsection,
        action_no=number,
        text=cells["text"],
        kind=_optional(parse_kind, cells["kind"]),  # type: ignore[arg-type]
        lead_org=or_none(cells["lead_org"]),
        named_lead=or_none(cells["named_lead"]),
        timescale=_optional(parse_timescale, cells["timescale"]),  # type: ignore[arg-type]
        resources=or_none(cells["resources"]),
        priority=_optional(parse_priority, cells["priority"]),  # type: ignore[arg-type]
        page=pending.row.page,
        line=pending.row.line,
    )


def _cells_by_field(row: Row, header: HeaderMatch) -> dict[str, str]:
    texts = row.texts
    return {
        column.field: one_line(texts[header.columns[column.field]])
        if column.field in header.columns and header.columns[column.field] < len(texts)
        else ""
        for column in SIGNATURE.columns
    }


_REF = r"\b(?:(?P<plan>{plans})\s+(?:recovery\s+)?(?:cell\s+)?)?actions?\s+(?P<numbers>\d+(?:\s*(?:,|and|&)\s*\d+)*)\b"


def _refs(action: Action, plan_names: list[str], doc_id: str) -> list[ActionRef]:
    alternatives = "|".join(re.escape(name) for name in sorted(plan_names, key=len, reverse=True))
    pattern = re.compile(_REF.format(plans=alternatives or "(?!x)x"), re.I)
    refs: list[ActionRef] = []
    for text in (action.text, action.named_lead or "", action.resources or ""):
        for match in pattern.finditer(text):
            ref_plan = _canonical_plan(match.group("plan"), plan_names) or action.plan
            for number in re.findall(r"\d+", match.group("numbers")):
                refs.append(
                    ActionRef(
                        doc_id=doc_id,
                        plan=action.plan,
                        action_no=action.action_no,
                        ref_plan=ref_plan,
                        ref_action_no=number,
                        phrase=match.group(0),
                    )
                )
    return refs


def _canonical_plan(printed: str | None, plan_names: list[str]) -> str | None:
    if printed is None:
        return None
    return next((name for name in plan_names if name.lower() == printed.lower()), printed)


def _reject(context: Context, row: Row, reason: str) -> Reject:
    return Reject(
        doc_id=context.doc_id,
        kind=ActionPlanExtractor.kind,
        page=row.page,
        line=row.line,
        raw="\t".join(row.texts),
        reason=reason,
    )


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
    return str(error)


register_table(ActionPlanExtractor())
