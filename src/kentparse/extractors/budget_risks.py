"""A budget risk register: one row per risk with its estimated financial exposure in £m.

Columns: Directorate, Risk Title, Source/Cause of Risk, Risk Event, Consequence, Current
Likelihood (1-5), Estimated Annual Financial Exposure, Estimated Lifetime Financial Exposure.
Section rows ("Significant Risks (over £10m)", "Other Risks (under £10m …)") set `risk_group`
for the rows below them, across pages; a section row carrying amounts states an exposure for
its group as a whole. A "TOTAL £m | annual | lifetime" line above the register states the
total (`risk_exposure_totals`). No id is printed, so `risk_id` is the row's ordinal ("B001").

PDF layout quirks handled here, without changing the reader:
- a row holding only a directorate continues the directorate of the row above (a tall cell
  split over rows);
- the register's first section row is repeated as a header on every page and printed over the
  first row there, so its letters come back interleaved with that row's ("ASLiLgnifican" =
  "ALL" + "Significan"); they are removed when the whole label is found, in order, there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

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
from kentparse.extractors.document_memo import per_document
from kentparse.extractors.registry import register_table
from kentparse.model import Row, Table
from kentparse.numbers import parse_number, to_millions
from kentparse.records import Reject
from kentparse.risk_records import Risk, RiskExposureTotal

SIGNATURE = HeaderSignature(
    (
        Column("directorate", ("Directorate",)),
        Column("title", ("Risk Title", "Risk")),
        Column("cause", ("Source/Cause of Risk", "Cause"), required=False),
        Column("event", ("Risk Event",), required=False),
        Column("consequence", ("Consequence",), required=False),
        Column("likelihood", ("Current Likelihood (1-5)", "Current Likelihood", "Likelihood")),
        Column("annual", ("Estimated Annual Financial Exposure", "Annual Financial Exposure", "Annual Exposure")),
        Column(
            "lifetime", ("Estimated Lifetime Financial Exposure", "Lifetime Financial Exposure", "Lifetime Exposure")
        ),
    )
)
_SECTION = re.compile(r"\brisks\b", re.I)
_TOTAL = re.compile(r"^\s*total\b", re.I)
_UNIT = re.compile(r"^\s*£\s*(m|k|000s|bn)?\s*$", re.I)
KIND = "budget_risk_register"


@dataclass(slots=True)
class _State:
    group: str | None
    overlay: str | None
    ordinal: int


class BudgetRiskExtractor:
    kind = KIND
    signature = SIGNATURE

    def extract(self, table: LogicalTable, header: HeaderMatch, context: Context) -> ExtractResult:
        result = ExtractResult()
        tables = _register_tables(context)
        earlier = [(t, h) for t, h in tables if t.start_index < table.pieces[0].start_index]
        state = _state_before(earlier)
        if not earlier:
            result.records.extend(_totals(context, table))
        header_rows = structural = 0
        cleaned = _without_overlay(table.rows, header, state.overlay if earlier else None)
        for position, row in enumerate(table.rows):
            texts = cleaned[position]
            if position <= header.row_index or _is_unit_row(texts):
                header_rows += 1
            elif not any(texts):
                structural += 1
            elif _is_section(texts, header):
                structural += self._section(texts, header, row, state, context, result)
            elif _only_first(texts, header) and _last_risk(result):
                _extend_directorate(result, texts[header.columns["directorate"]])
                structural += 1
            else:
                self._risk(texts, header, row, state, context, result)
        records = sum(1 for r in result.records if isinstance(r, Risk))
        result.coverage.append(
            table_coverage(
                context.doc_id,
                self.kind,
                table,
                header_rows=header_rows,
                structural_rows=len(table.rows) - header_rows - records - len(result.rejects),
                records=records,
                rejects=len(result.rejects),
            )
        )
        return result

    def _section(
        self, texts: list[str], header: HeaderMatch, row: Row, state: _State, context: Context, result: ExtractResult
    ) -> int:
        state.group = texts[header.columns["directorate"]]
        annual, lifetime = _exposure(texts, header, "annual"), _exposure(texts, header, "lifetime")
        if annual is not None or lifetime is not None:
            result.records.append(
                RiskExposureTotal(
                    doc_id=context.doc_id,
                    register="budget",
                    kind="group",
                    label=state.group,
                    annual_exposure=annual,
                    lifetime_exposure=lifetime,
                    page=row.page,
                    line=row.line,
                )
            )
        return 1

    def _risk(
        self, texts: list[str], header: HeaderMatch, row: Row, state: _State, context: Context, result: ExtractResult
    ) -> None:
        cells = {name: texts[i] if i < len(texts) else "" for name, i in header.columns.items()}
        likelihood = parse_number(cells["likelihood"])
        if likelihood.status != "number" or likelihood.value is None or not 1 <= likelihood.value <= 5:
            result.rejects.append(
                Reject(
                    doc_id=context.doc_id,
                    kind=KIND,
                    page=row.page,
                    line=row.line,
                    raw="\t".join(row.texts),
                    reason=f"current likelihood {cells['likelihood']!r} is not 1-5",
                )
            )
            return
        state.ordinal += 1
        result.records.append(
            Risk(
                doc_id=context.doc_id,
                register="budget",
                source="row",
                risk_id=f"B{state.ordinal:03d}",
                title=or_none(cells["title"]),
                directorate=or_none(cells["directorate"]),
                cause=or_none(cells.get("cause", "")),
                event=or_none(cells.get("event", "")),
                consequence=or_none(cells.get("consequence", "")),
                current_likelihood=int(likelihood.value),
                annual_exposure=_exposure(texts, header, "annual"),
                lifetime_exposure=_exposure(texts, header, "lifetime"),
                risk_group=state.group,
                page=row.page,
                line=row.line,
            )
        )


def _register_tables(context: Context) -> list[tuple[Table, HeaderMatch]]:
    """The document's register tables with their headers (matched once per document)."""
    document = context.document
    return per_document(document, KIND, lambda: _matched_tables(document.tables))


def _matched_tables(tables: list[Table]) -> list[tuple[Table, HeaderMatch]]:
    matched = ((table, SIGNATURE.match(table)) for table in tables)
    return [(table, header) for table, header in matched if header is not None]


def _state_before(tables: list[tuple[Table, HeaderMatch]]) -> _State:
    """Group and overlay label carried over from the register's earlier pages, and the row count."""
    state = _State(group=None, overlay=None, ordinal=0)
    for table, header in tables:
        for row in table.rows[header.row_index + 1 :]:
            texts = [one_line(text) for text in row.texts]
            if _is_section(texts, header):
                state.group = texts[header.columns["directorate"]]
                state.overlay = state.overlay or state.group
            elif parse_number(texts[header.columns["likelihood"]]).status == "number":
                state.ordinal += 1
    return state


def _totals(context: Context, table: LogicalTable) -> list[RiskExposureTotal]:
    """The TOTAL line printed above the register's first page."""
    start = table.pieces[0].start_index
    for piece in context.document.tables:
        if piece.end_index > start or piece.page != table.page:
            continue
        for row in piece.rows:
            texts = [one_line(text) for text in row.texts]
            if texts and _TOTAL.match(texts[0]):
                return [_total(context, texts, row)]
    return []


def _total(context: Context, texts: list[str], row: Row) -> RiskExposureTotal:
    unit = _label_unit(texts[0])
    amounts = [_millions(text, unit) for text in texts[1:]]
    amounts += [None, None]
    return RiskExposureTotal(
        doc_id=context.doc_id,
        register="budget",
        kind="total",
        label=texts[0],
        annual_exposure=amounts[0],
        lifetime_exposure=amounts[1],
        page=row.page,
        line=row.line,
    )


def _label_unit(label: str) -> str:
    """The money unit a label prints ("TOTAL £m", "TOTAL £000s"); £m, the register's unit, if none."""
    match = re.search(r"£\s*(000s|k|m|bn)\b", label, re.I)
    return f"£{match.group(1).lower()}" if match else "£m"


def _millions(text: str, default_unit: str) -> Decimal | None:
    parsed = parse_number(text)
    if parsed.status != "number" or parsed.value is None:
        return Decimal(0) if parsed.status == "nil" else None
    return to_millions(parsed.value, parsed.unit if parsed.unit and parsed.unit != "%" else default_unit)


def _exposure(texts: list[str], header: HeaderMatch, name: str) -> Decimal | None:
    index = header.columns[name]
    return _millions(texts[index], "£m") if index < len(texts) else None


def _is_unit_row(texts: list[str]) -> bool:
    filled = [text for text in texts if text]
    return bool(filled) and all(_UNIT.match(text) for text in filled)


def _only_first(texts: list[str], header: HeaderMatch) -> bool:
    first = header.columns["directorate"]
    return bool(texts[first]) and not any(text for i, text in enumerate(texts) if i != first)


def _is_section(texts: list[str], header: HeaderMatch) -> bool:
    first = texts[header.columns["directorate"]]
    amounts = {header.columns["annual"], header.columns["lifetime"], header.columns["directorate"]}
    others = [text for i, text in enumerate(texts) if i not in amounts]
    return bool(_SECTION.search(first)) and not any(others)


def _last_risk(result: ExtractResult) -> Risk | None:
    return next((r for r in reversed(result.records) if isinstance(r, Risk)), None)


def _extend_directorate(result: ExtractResult, text: str) -> None:
    for position in range(len(result.records) - 1, -1, -1):
        record = result.records[position]
        if isinstance(record, Risk):
            joined = " ".join(part for part in (record.directorate, text) if part)
            result.records[position] = record.model_copy(update={"directorate": joined})
            return


def _without_overlay(rows: list[Row], header: HeaderMatch, overlay: str | None) -> list[list[str]]:
    """Cell texts of the rows, with the overlaid label's letters taken out of the first rows.

    The label runs across the leading columns at the height of the page's first rows, so the
    letters are looked for column by column, top to bottom within each column, from the first
    row under the header; nothing changes unless every letter is found, in order.
    """
    texts = [list(row.texts) for row in rows]
    if not overlay:
        return [[one_line(text) for text in row] for row in texts]
    wanted = [char for char in overlay if not char.isspace()]
    first = header.row_index + 1
    found = 0
    changed = [row[:] for row in texts]
    width = max((len(row) for row in texts), default=0)
    for column in range(width):
        for index in range(first, min(len(texts), first + _OVERLAY_ROWS)):
            if column < len(texts[index]) and found < len(wanted):
                changed[index][column], found = _take_letters(texts[index][column], wanted, found)
    chosen = changed if found == len(wanted) else texts
    return [[one_line(text) for text in row] for row in chosen]


def _take_letters(cell: str, wanted: list[str], found: int) -> tuple[str, int]:
    """The cell without the wanted letters met in order on its first line, and how many were met.

    A space left beside a removed letter, inside a word, was only put there by the overlap
    ("M arket"), so it goes too.
    """
    line, newline, rest = cell.partition("\n")
    kept: list[str] = []
    removed_at: set[int] = set()
    for char in line:
        if found < len(wanted) and char == wanted[found]:
            found += 1
            removed_at.add(len(kept))
        else:
            kept.append(char)
    cleaned = [
        char
        for position, char in enumerate(kept)
        if not (char == " " and _inside_word(kept, position) and {position, position + 1} & removed_at)
    ]
    return "".join(cleaned) + newline + rest, found


def _inside_word(kept: list[str], position: int) -> bool:
    return 0 < position < len(kept) - 1 and kept[position - 1].isalnum() and kept[position + 1].isalnum()


#: how many rows under the header a label printed over the page's first row may reach into
_OVERLAY_ROWS = 4


register_table(BudgetRiskExtractor())
