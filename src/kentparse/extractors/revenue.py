"""Revenue position by directorate ("General Fund" tables), before and after management action.

Header: Directorate | Revenue Budget | Revenue Forecast Outturn | Net Revenue Forecast Variance |
Last reported position | Movement — or, after management action, | Management Action | Updated
Net Revenue Variance. A row with fewer cells than the header is cut short in the source: it is
rejected, since which column lost its number cannot be told.
"""

from __future__ import annotations

from kentparse.budget.common import BudgetSignature, amount, is_number_cell, reject, report_period, unit_of
from kentparse.budget.levels import label_level
from kentparse.budget.records import BudgetLine
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
from kentparse.records import Coverage

AMOUNT_FIELDS = ("budget", "forecast", "variance", "last_reported", "movement", "management_action", "updated_variance")

SIGNATURE = BudgetSignature(
    (
        Column("name", ("Directorate", "Directorates")),
        Column("budget", ("Revenue Budget", "Budget", "Net Revenue Budget", "Cash Limit")),
        Column("forecast", ("Revenue Forecast Outturn", "Forecast Outturn", "Revenue Forecast", "Forecast")),
        Column("variance", ("Net Revenue Forecast Variance", "Forecast Variance", "Revenue Variance", "Variance")),
        Column("last_reported", ("Last reported position", "Last reported variance"), required=False),
        Column("movement", ("Movement", "Movement (+/-)"), required=False),
        Column("management_action", ("Management Action",), required=False),
        Column("updated_variance", ("Updated Net Revenue Variance", "Updated Variance"), required=False),
    )
)


class RevenueExtractor:
    kind = "revenue_by_directorate"
    signature: HeaderSignature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        header_rows, structural = 1, header.row_index  # the header; captions above it
        width = len(table.rows[header.row_index].cells)
        unit = unit_of([text for row in table.rows[: header.row_index + 2] for text in row.texts])
        name = "general_fund_after_action" if "management_action" in header.columns else "general_fund"
        period = report_period(context.document, table.pieces[0].start_index)
        for row in table.rows[header.row_index + 1 :]:
            texts = [one_line(text) for text in row.texts]
            label = texts[header.columns["name"]] if header.columns["name"] < len(texts) else ""
            numbers = [text for text in texts if text and is_number_cell(text)]
            if not label and not any(t for t in texts if t and not is_number_cell(t)) and not numbers:
                structural += 1
            elif not label and not numbers:
                header_rows += 1  # a units row: "£m | £m | ..."
            elif not numbers:
                structural += 1  # a heading row inside the table ("Ringfenced Items")
            elif len(row.cells) < width:
                result.rejects.append(
                    reject(
                        context,
                        self.kind,
                        row,
                        f"row cut short: {len(row.cells)} cells for {width} columns, "
                        "cannot tell which column lost its number",
                    )
                )
            else:
                result.records.append(_line(texts, header, unit, name, period, row, context))
        result.coverage.append(_coverage(self.kind, table, header_rows, structural, result, context))
        return result


def _line(
    texts: list[str], header: HeaderMatch, unit: str, table_name: str, period: str | None, row: Row, context: Context
) -> BudgetLine:
    label = texts[header.columns["name"]]
    level, directorate = label_level(label)
    values: dict[str, object] = {}
    for field in AMOUNT_FIELDS:
        if field in header.columns and header.columns[field] < len(texts):
            cell = amount(texts[header.columns[field]], unit)
            values[field], values[f"{field}_text"] = cell.value, cell.text
    return BudgetLine(
        doc_id=context.doc_id,
        period=period,
        table_name=table_name,
        name=label,
        directorate=directorate,
        division=None,
        service=None,
        level=level or "service",
        page=row.page,
        line=row.line,
        **values,  # type: ignore[arg-type]
    )


def _coverage(
    kind: str, table: LogicalTable, header_rows: int, structural: int, result: ExtractResult, context: Context
) -> Coverage:
    return table_coverage(
        context.doc_id,
        kind,
        table,
        header_rows=header_rows,
        structural_rows=structural,
        records=len(result.records),
        rejects=len(result.rejects),
    )


register_table(RevenueExtractor())
