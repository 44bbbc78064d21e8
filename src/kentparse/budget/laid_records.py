"""Records from budget tables rebuilt from word positions (`budget.layout`): savings lines and
values, revenue lines of a directorate's own tables, capital lines.

`where` is (doc_id, period, directorate the section heading above the table names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from kentparse.budget.common import amount
from kentparse.budget.directorates import canonical_directorate, parent_directorate
from kentparse.budget.layout import LaidRow, LaidTable
from kentparse.budget.levels import is_total_label, label_level
from kentparse.budget.records import BudgetLevel, BudgetLine, SavingsLevel, SavingsLine, SavingsSection, SavingsValue
from kentparse.extractors.savings import MEASURES, category_of, measure_of
from kentparse.records import Record

Where = tuple[str, str | None, str | None]
SavingsKind = Literal["tracked", "alternative"]
_KNOWN = frozenset(name for name, _ in MEASURES)
_ALTERNATIVE = frozenset({"alternative_ongoing", "alternative_one_off"})
_MIN_MEASURES = 2


def savings_kind(numeric_headers: list[str], label: str | None) -> SavingsKind | None:
    """ "tracked" for savings against a target (summary or detail), "alternative" for a table of
    alternative savings; None when the columns do not name savings measures."""
    measures = [measure_of(header) for header in numeric_headers]
    if sum(1 for m in measures if m in _KNOWN) < _MIN_MEASURES:
        return None
    if "target" in measures:
        return "tracked"
    return "alternative" if _ALTERNATIVE & set(measures) and label == "directorate" else None


def savings_records(table: LaidTable, rows: list[LaidRow], kind: SavingsKind, where: Where) -> list[Record]:
    if kind == "alternative":
        lines = [_alternative_line(table, row, where) for row in rows]
    else:
        lines = [_tracked_line(row, where) for row in rows]
        summary = any(line.level == "directorate" for line in lines) and all(line.level != "item" for line in lines)
        if summary:
            lines = [line.model_copy(update={"section": "summary"}) for line in lines]
    records: list[Record] = []
    for line, row in zip(lines, rows, strict=True):
        records.append(line)
        records.extend(_values(table, row, line.savings_line_id, where[0]))
    return records


def _line_id(row: LaidRow) -> str:
    return f"p{row.page}-y{round(row.top)}"


def _tracked_line(row: LaidRow, where: Where) -> SavingsLine:
    doc_id, period, section_directorate = where
    level: SavingsLevel
    if is_total_label(row.label):
        level, directorate = "total", None
    elif found := canonical_directorate(row.label):
        level, directorate = "directorate", found
    else:
        level, directorate = "item", section_directorate
    return _savings_line(doc_id, period, row, "detail", directorate, row.label, level)


def _alternative_line(table: LaidTable, row: LaidRow, where: Where) -> SavingsLine:
    doc_id, period, _ = where
    owner = row.labels.get(table.label_columns[0], "") if table.label_columns else ""
    rest = [text for position, text in sorted(row.labels.items()) if position != table.label_columns[0]]
    description = " ".join(rest) or row.label
    level: SavingsLevel = "total" if is_total_label(owner or description) else "item"
    directorate = None if level == "total" else canonical_directorate(owner)
    return _savings_line(doc_id, period, row, "alternative", directorate, description, level)


def _savings_line(
    doc_id: str,
    period: str | None,
    row: LaidRow,
    section: SavingsSection,
    directorate: str | None,
    description: str,
    level: SavingsLevel,
) -> SavingsLine:
    return SavingsLine(
        doc_id=doc_id,
        savings_line_id=_line_id(row),
        period=period,
        section=section,
        directorate=directorate,
        description=description,
        category=category_of(description) if level == "item" else None,
        level=level,
        is_subtotal=level != "item",
        page=row.page,
        line=None,
    )


def _values(table: LaidTable, row: LaidRow, line_id: str, doc_id: str) -> list[SavingsValue]:
    values: list[SavingsValue] = []
    for position in table.numeric:
        text = row.values.get(position)
        if text is None:
            continue
        header = table.columns[position].text
        cell = amount(text, table.unit or "£m")
        values.append(
            SavingsValue(
                doc_id=doc_id,
                savings_line_id=line_id,
                measure=measure_of(header),
                header=header,
                amount=cell.value,
                amount_text=cell.text or text,
            )
        )
    return values


# ---------------------------------------------------------------- revenue and capital


def _amounts(table: LaidTable, row: LaidRow, columns: dict[str, int]) -> dict[str, Decimal | str | None]:
    """field → amount (£m) and field_text → printed text, for the fields matched to number columns."""
    values: dict[str, Decimal | str | None] = {}
    for field, index in columns.items():
        text = row.values.get(table.numeric[index], "")
        cell = amount(text, table.unit or "£m")
        values[field], values[f"{field}_text"] = cell.value, cell.text
    return values


def budget_records(
    table: LaidTable, rows: list[LaidRow], columns: dict[str, int], name: str, where: Where
) -> list[Record]:
    """A directorate's own table: its key services (`key_service_detail`), or its divisions and
    total (`directorate_summary`; when its rows are directorates themselves, their total)."""
    doc_id, period, section = where
    of_directorates = name == "directorate_summary" and any(_names_directorate(row.label) for row in rows)
    records: list[Record] = []
    for row in rows:
        level, directorate, division = _placing(row.label, name, section, of_directorates)
        records.append(
            BudgetLine(
                doc_id=doc_id,
                period=period,
                table_name=name,
                name=row.label,
                directorate=directorate,
                division=division,
                service=row.label if level == "service" else None,
                level=level,
                page=row.page,
                line=None,
                **_amounts(table, row, columns),  # type: ignore[arg-type]
            )
        )
    return records


def _names_directorate(label: str) -> bool:
    level, directorate = label_level(label)
    return level == "directorate" and parent_directorate(directorate) is None


def _placing(
    label: str, name: str, section: str | None, of_directorates: bool
) -> tuple[BudgetLevel, str | None, str | None]:
    """(level, directorate, division) of a row."""
    if name == "key_service_detail":
        own = label_level(label)[1] if _names_directorate(label) else None
        return "service", own or section, None  # a key service line that is a directorate's whole budget
    if is_total_label(label):
        return ("total", None, None) if of_directorates or section is None else ("directorate", section, None)
    level, directorate = label_level(label)
    if level == "directorate" and (parent := parent_directorate(directorate)):
        return "division", parent, label
    if level == "directorate":
        return "directorate", directorate, None
    return "division", section, label


def capital_records(table: LaidTable, rows: list[LaidRow], columns: dict[str, int], where: Where) -> list[Record]:
    doc_id, period, _ = where
    records: list[Record] = []
    for row in rows:
        level, directorate = label_level(row.label)
        records.append(
            BudgetLine(
                doc_id=doc_id,
                period=period,
                table_name="capital_by_directorate",
                name=row.label,
                directorate=directorate,
                division=None,
                service=None,
                level=level or "service",
                page=row.page,
                line=None,
                **_amounts(table, row, columns),  # type: ignore[arg-type]
            )
        )
    return records
