"""Management action tables (£k): a summary by directorate, then one table of actions per directorate.

Summary header: Directorate | one-off | recurring | Total. Detail header: Directorate | Details of
Actions being taken | one-off | recurring | <next year>. A detail row with no directorate and no
details but numbers is the directorate's total. Words in an amount cell ("Delivered", "TBC",
"TBD", "Not Approved") become `status`, the amount staying null. Unheaded pieces cut off after
a table by a page break with as many columns are read as its continuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kentparse.budget.common import BudgetSignature, amount, following_orphans, reject, report_period, unit_of
from kentparse.budget.directorates import canonical_directorate
from kentparse.budget.levels import is_total_label
from kentparse.budget.records import ActionLevel, ActionStatus, ManagementAction
from kentparse.cleaning import one_line
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

SIGNATURE = BudgetSignature(
    (
        Column("name", ("Directorate", "Directorate & Division", "Directorate and Division")),
        Column("one_off", ("one-off", "one off")),
        Column("recurring", ("recurring", "ongoing")),
        Column("details", ("Details of Actions being taken", "Details of actions", "Details"), required=False),
        Column("total", ("Total",), required=False),
    )
)
AMOUNT_FIELDS = ("one_off", "recurring", "next_year", "total")
_YEAR_ONLY = re.compile(r"^\s*(?:20)?\d\d\s*[-–/]\s*\d\d\s*$")
_STATUSES: dict[str, ActionStatus] = {
    "delivered": "delivered",
    "tbc": "tbc",
    "tbd": "tbd",
    "not approved": "not_approved",
}


@dataclass(slots=True)
class _Tally:
    header_rows: int
    structural_rows: int
    rows_seen: int
    directorate_text: str | None = None


class ManagementActionExtractor:
    kind = "management_action"
    signature: HeaderSignature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        columns = _columns(table, header)
        width = len(table.rows[header.row_index].cells)
        unit = unit_of([t for row in table.rows[: header.row_index + 2] for t in row.texts], default="£k")
        period = report_period(context.document, table.pieces[0].start_index)
        rows = list(table.rows[header.row_index + 1 :])
        tally = _Tally(1, header.row_index, len(table.rows))  # the header; captions above it
        for piece in following_orphans(table, context.document):
            tally.rows_seen += len(piece.rows)
            rows.extend(piece.rows) if piece.n_cols == width else result.rejects.extend(
                reject(context, self.kind, row, f"row cut short: {len(row.cells)} cells for {width} columns")
                for row in piece.rows
            )
        for row in rows:
            self._row(row, columns, unit, period, tally, context, result)
        result.coverage.append(
            table_coverage(
                context.doc_id,
                self.kind,
                table,
                rows_seen=tally.rows_seen,
                header_rows=tally.header_rows,
                structural_rows=tally.structural_rows,
                records=len(result.records),
                rejects=len(result.rejects),
            )
        )
        return result

    def _row(
        self,
        row: Row,
        columns: dict[str, int],
        unit: str,
        period: str | None,
        tally: _Tally,
        context: Context,
        result: ExtractResult,
    ) -> None:
        texts = [one_line(text) for text in row.texts]
        cells = {name: texts[i] if i < len(texts) else "" for name, i in columns.items()}
        amounts = [cells[name] for name in AMOUNT_FIELDS if name in cells]
        label, details = cells["name"], cells.get("details", "")
        if not any(texts):
            tally.structural_rows += 1
        elif not label and not details and all(not a or "£" in a for a in amounts):
            tally.header_rows += 1  # a units row: "£k | £k | £k"
        elif not any(amounts):
            result.rejects.append(reject(context, self.kind, row, "management action row with no amount or status"))
        else:
            if label:
                tally.directorate_text = label
            level = _level(label, details, "details" in columns)
            printed = label or (tally.directorate_text if level != "total" else None)
            result.records.append(_action(cells, level, printed, unit, period, row, context))


def _columns(table: LogicalTable, header: HeaderMatch) -> dict[str, int]:
    """Header positions, the next year's column ("24-25") found as a year-only header cell."""
    columns = dict(header.columns)
    for position, text in enumerate(table.rows[header.row_index].texts):
        if position not in columns.values() and _YEAR_ONLY.match(text):
            columns["next_year"] = position
            break
    return columns


def _level(label: str, details: str, has_details: bool) -> ActionLevel:
    if is_total_label(label):
        return "total"
    if has_details and not details:
        return "directorate"
    return "action" if has_details else "directorate"


def _action(
    cells: dict[str, str],
    level: ActionLevel,
    printed: str | None,
    unit: str,
    period: str | None,
    row: Row,
    context: Context,
) -> ManagementAction:
    values: dict[str, object] = {}
    words: list[str] = []
    for field in AMOUNT_FIELDS:
        if field in cells:
            cell = amount(cells[field], unit)
            values[field], values[f"{field}_text"] = cell.value, cell.text
            if cell.parsed.status == "text" and cell.text and cell.text not in words:
                words.append(cell.text)
    return ManagementAction(
        doc_id=context.doc_id,
        period=period,
        directorate=canonical_directorate(printed),
        directorate_text=printed,
        level=level,
        details=cells.get("details") or None,
        status=_status(words),
        status_text="; ".join(words) or None,
        page=row.page,
        line=row.line,
        **values,  # type: ignore[arg-type]
    )


def _status(words: list[str]) -> ActionStatus | None:
    if not words:
        return None
    found = {_STATUSES.get(word.lower().strip(), "other") for word in words}
    return found.pop() if len(found) == 1 else "other"


register_table(ManagementActionExtractor())
