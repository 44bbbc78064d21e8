"""Arithmetic reconciliation of budget-monitoring tables.

- totals and subtotals against the sum of their rows, with a tolerance of half a printed unit
  (£0.05m) per figure summed: within it a difference is `info` (rounding), beyond it `error`;
- arithmetic across a row (forecast − budget = variance, ...);
- the same quantity printed in two tables (general fund before/after management action and the
  Key Service Summary; savings summary and detail; management action summary and detail);
- headline figures stated in the text against the tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from kentparse.budget.levels import is_total_label
from kentparse.budget.records import BudgetLine, ManagementAction, SavingsLine, SavingsValue
from kentparse.extractors.budget_headlines import HeadlineFigure
from kentparse.records import Finding, Located, Record, Severity

HALF_UNIT = Decimal("0.05")
ZERO = Decimal(0)
_BUDGET_FIELDS = ("budget", "forecast", "variance", "last_reported", "movement", "management_action",
                  "updated_variance", "prior_budget", "prior_outturn", "prior_variance", "real_variance",
                  "rephasing_variance")  # fmt: skip
_ACTION_FIELDS = ("one_off", "recurring", "next_year", "total")


def tolerance(n_figures: int) -> Decimal:
    return HALF_UNIT * n_figures


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def _sum_finding(
    doc_id: str, check: str, what: str, expected: Decimal, actual: Decimal, n: int, page: int | None, line: int | None
) -> Finding | None:
    difference = abs(expected - actual)
    if difference == 0:
        return None
    severity: Severity = "info" if difference <= tolerance(n) else "error"
    return Finding(
        doc_id=doc_id,
        check=check,
        severity=severity,
        message=f"{what}: printed {_fmt(actual)}, sum of {n - 1} rows {_fmt(expected)} "
        f"(difference {_fmt(difference)}, rounding allows {_fmt(tolerance(n))})",
        expected=_fmt(expected),
        actual=_fmt(actual),
        page=page,
        line=line,
    )


def _finding_at(
    at: Located, check: str, severity: Severity, message: str, expected: Decimal, actual: Decimal
) -> Finding:
    """A finding about two money figures, placed where `at` is printed."""
    return Finding.at(at, check, severity, message, _fmt(expected), _fmt(actual))


def _at(record: BudgetLine | SavingsLine | ManagementAction) -> str:
    return f"line {record.line}" if record.line is not None else f"page {record.page}"


def _span(first: BudgetLine | SavingsLine | ManagementAction, last: BudgetLine | SavingsLine | ManagementAction) -> str:
    if first.line is not None and last.line is not None:
        return f"lines {first.line}–{last.line}"
    return f"page {first.page}" if first.page == last.page else f"pages {first.page}–{last.page}"


def _total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


# ---------------------------------------------------------------- budget lines


#: tables printed once per directorate: each closes at its own "Total" row
PER_DIRECTORATE_TABLES = frozenset({"directorate_summary", "key_service_detail"})
#: tables of revenue figures: a directorate's budget, forecast and variance must agree across them
REVENUE_TABLES = frozenset(
    {"general_fund", "general_fund_after_action", "key_service_summary", "directorate_summary", "revenue_forecast"}
)


def _budget_groups(records: Sequence[Record]) -> dict[tuple[str, str | None, str, int], list[BudgetLine]]:
    """Lines of one table: by document, period and table name (a per-directorate table also by
    how many of its totals came before)."""
    groups: dict[tuple[str, str | None, str, int], list[BudgetLine]] = defaultdict(list)
    closed: dict[tuple[str, str | None, str], int] = defaultdict(int)
    for record in records:
        if isinstance(record, BudgetLine):
            key = (record.doc_id, record.period, record.table_name)
            groups[(*key, closed[key])].append(record)
            if record.table_name in PER_DIRECTORATE_TABLES and is_total_label(record.name):
                closed[key] += 1
    return groups


def check_budget_totals(records: Sequence[Record]) -> list[Finding]:
    """Division rows against their services, directorate rows against their divisions and
    services, total rows against the directorates above them (and the total before)."""
    findings: list[Finding] = []
    for lines in _budget_groups(records).values():
        findings.extend(_group_totals(lines))
    return findings


def _group_totals(lines: list[BudgetLine]) -> list[Finding]:
    findings: list[Finding] = []
    services: list[BudgetLine] = []
    directorate_parts: list[BudgetLine] = []
    total_parts: list[BudgetLine] = []
    for line in lines:
        if line.level == "service":
            services.append(line)
            directorate_parts.append(line)
        elif line.level == "division":
            members = [s for s in services if s.division == line.name]
            findings.extend(_compare_sum(line, members, "division total"))
            directorate_parts = [p for p in directorate_parts if p not in members] + [line]
            services = []
        elif line.level == "directorate":
            own = [p for p in directorate_parts if p.directorate == line.directorate]
            findings.extend(_compare_sum(line, own, "directorate total"))
            # rows of another directorate (printed under its total) count only in the grand total
            total_parts.extend(p for p in directorate_parts if p.directorate != line.directorate)
            total_parts.append(line)
            services, directorate_parts = [], []
        else:
            findings.extend(_compare_sum(line, total_parts + directorate_parts, "total"))
            total_parts = [line]
            services, directorate_parts = [], []
    return findings


def _compare_sum(line: BudgetLine, parts: list[BudgetLine], what: str) -> list[Finding]:
    findings: list[Finding] = []
    if not parts:
        return findings
    names = ", ".join(p.name for p in parts)
    for field in _BUDGET_FIELDS:
        actual = getattr(line, field)
        if actual is None or all(getattr(p, field) is None for p in parts):
            continue
        expected = _total(getattr(p, field) for p in parts)
        found = _sum_finding(
            line.doc_id,
            "budget_total",
            f"{line.table_name} {what} '{line.name}' {field} ({_span(parts[0], parts[-1])}: {names})",
            expected,
            actual,
            len(parts) + 1,
            line.page,
            line.line,
        )
        if found:
            findings.append(found)
    return findings


_ROW_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("variance", ("forecast",), ("budget",)),
    ("variance", ("real_variance", "rephasing_variance"), ()),
    ("prior_variance", ("prior_outturn",), ("prior_budget",)),
    ("variance", ("last_reported", "movement"), ()),
    ("updated_variance", ("variance", "management_action"), ()),
)


def check_budget_rows(records: Sequence[Record]) -> list[Finding]:
    """Arithmetic across each row: variance = forecast − budget, = last reported + movement, ..."""
    findings: list[Finding] = []
    for record in records:
        if not isinstance(record, BudgetLine):
            continue
        for result, plus, minus in _ROW_RULES:
            found = _row_rule(record, result, plus, minus)
            if found:
                findings.append(found)
    return findings


def _row_rule(line: BudgetLine, result: str, plus: tuple[str, ...], minus: tuple[str, ...]) -> Finding | None:
    actual = getattr(line, result)
    terms = [getattr(line, f) for f in plus + minus]
    if actual is None or any(t is None for t in terms):
        return None
    expected = _total(getattr(line, f) for f in plus) - _total(getattr(line, f) for f in minus)
    n = len(terms) + 1
    if abs(expected - actual) <= tolerance(n):
        return None
    formula = " + ".join(plus) + "".join(f" − {f}" for f in minus)
    return _finding_at(
        line,
        "budget_row_arithmetic",
        "error",
        f"{line.table_name} '{line.name}': {result} {_fmt(actual)} but {formula} = {_fmt(expected)}",
        expected,
        actual,
    )


def check_budget_across_tables(records: Sequence[Record]) -> list[Finding]:
    """A directorate's (or the total's) figures printed in two tables must agree."""
    seen: dict[tuple[str, str | None, str, str], BudgetLine] = {}
    findings: list[Finding] = []
    for record in records:
        if not isinstance(record, BudgetLine) or record.level not in ("directorate", "total"):
            continue
        if record.table_name not in REVENUE_TABLES:
            continue
        if record.level == "total" and record.table_name in PER_DIRECTORATE_TABLES:
            continue  # the total of a table of several directorates: printed nowhere else
        key_name = record.directorate or ("general fund" if record.level == "total" else record.name)
        if record.level == "total" and seen.get((record.doc_id, record.period, record.table_name, key_name)):
            continue
        key = (record.doc_id, record.period, record.table_name, key_name)
        seen.setdefault(key, record)
    by_entity: dict[tuple[str, str | None, str], list[BudgetLine]] = defaultdict(list)
    for (doc_id, period, _, name), line in seen.items():
        by_entity[(doc_id, period, name)].append(line)
    for lines in by_entity.values():
        first = lines[0]
        for other in lines[1:]:
            findings.extend(_compare_lines(first, other))
    return findings


def _compare_lines(first: BudgetLine, other: BudgetLine) -> list[Finding]:
    findings: list[Finding] = []
    for field in ("budget", "forecast", "variance", "last_reported", "movement"):
        a, b = getattr(first, field), getattr(other, field)
        if a is None or b is None or a == b:
            continue
        findings.append(
            _finding_at(
                other,
                "budget_same_quantity",
                "error" if abs(a - b) > 2 * HALF_UNIT else "warning",
                f"'{first.name}' {field}: {first.table_name} ({_at(first)}) prints "
                f"{_fmt(a)}, {other.table_name} ({_at(other)}) prints {_fmt(b)}",
                a,
                b,
            )
        )
    return findings


CHECKS_BUDGET = (check_budget_totals, check_budget_rows, check_budget_across_tables)


# ---------------------------------------------------------------- savings

_SavingsRow = tuple[SavingsLine, dict[str, Decimal | None]]


def _savings_rows(records: Sequence[Record]) -> dict[tuple[str, str | None], list[_SavingsRow]]:
    values: dict[tuple[str, str], dict[str, Decimal | None]] = defaultdict(dict)
    for record in records:
        if isinstance(record, SavingsValue):
            values[(record.doc_id, record.savings_line_id)][record.measure] = record.amount
    rows: dict[tuple[str, str | None], list[_SavingsRow]] = defaultdict(list)
    for record in records:
        if isinstance(record, SavingsLine):
            rows[(record.doc_id, record.period)].append((record, values[(record.doc_id, record.savings_line_id)]))
    return rows


def check_savings(records: Sequence[Record]) -> list[Finding]:
    """Subtotals and totals against their rows, and the summary against the detail."""
    findings: list[Finding] = []
    for rows in _savings_rows(records).values():
        for section in ("summary", "detail", "alternative"):
            part = [row for row in rows if row[0].section == section]
            findings.extend(_savings_section(part))
        findings.extend(_summary_vs_detail(rows))
        findings.extend(_summary_vs_alternatives(rows))
    return findings


def _summary_vs_alternatives(rows: list[_SavingsRow]) -> list[Finding]:
    """Each directorate's alternative savings (a table of line items) against the summary's
    alternative-saving columns for that directorate, and the alternatives' total against the
    summary's total: one rounded summary figure against a sum of exact items."""
    summary = {(r[0].directorate, r[0].level): r for r in rows if r[0].section == "summary" and r[0].is_subtotal}
    items: dict[str | None, list[_SavingsRow]] = defaultdict(list)
    totals = [r for r in rows if r[0].section == "alternative" and r[0].level == "total"]
    for row in rows:
        if row[0].section == "alternative" and row[0].level == "item":
            items[row[0].directorate].append(row)
    findings: list[Finding] = []
    for directorate, parts in items.items():
        match = summary.get((directorate, "directorate"))
        if match is not None:
            findings.extend(_alternatives_against(match, parts, f"{len(parts)} alternative savings of {directorate}"))
    match = summary.get((None, "total"))
    if match is not None and totals:
        findings.extend(_alternatives_against(match, totals[:1], "the alternative savings total"))
    return findings


def _alternatives_against(summary: _SavingsRow, parts: list[_SavingsRow], what: str) -> list[Finding]:
    findings: list[Finding] = []
    line, values = summary
    for measure in sorted(m for m in values if m.startswith("alternative_")):
        printed = values[measure]
        if printed is None or not any(measure in v for _, v in parts):
            continue
        expected = _total(v.get(measure) for _, v in parts)
        difference = abs(expected - printed)
        if difference == 0:
            continue
        first, last = parts[0][0], parts[-1][0]
        findings.append(
            _finding_at(
                line,
                "savings_same_quantity",
                "info" if difference <= HALF_UNIT else "error",
                f"savings summary '{line.description}' {measure} ({_at(line)}) prints {_fmt(printed)}, "
                f"{what} ({_span(first, last)}) add up to {_fmt(expected)} (difference {_fmt(difference)}, "
                f"rounding allows {_fmt(HALF_UNIT)})",
                expected,
                printed,
            )
        )
    return findings


def _savings_section(rows: list[_SavingsRow]) -> list[Finding]:
    findings: list[Finding] = []
    items: list[_SavingsRow] = []
    subtotal: _SavingsRow | None = None
    subtotals: list[_SavingsRow] = []
    for row in rows:
        line = row[0]
        if line.level == "item":
            items.append(row)
            continue
        if line.level == "total" and subtotal is None and not subtotals:
            findings.extend(_savings_sum(row, items, "total") if items else [])  # items with no subtotals
            items = []
            continue
        findings.extend(_close_subtotal(subtotal, items))
        items, subtotal = [], None
        if line.level == "directorate":
            subtotal = row
            subtotals.append(row)
        else:
            findings.extend(_savings_sum(row, subtotals, "total") if subtotals else [])
            subtotals = []
    findings.extend(_close_subtotal(subtotal, items))
    return findings


def _close_subtotal(subtotal: _SavingsRow | None, items: list[_SavingsRow]) -> list[Finding]:
    return _savings_sum(subtotal, items, "directorate subtotal") if subtotal is not None and items else []


def _savings_sum(total: _SavingsRow, parts: list[_SavingsRow], what: str) -> list[Finding]:
    line, values = total
    findings: list[Finding] = []
    measures = {m for _, v in parts for m in v} | set(values)
    for measure in sorted(measures):
        actual = values.get(measure) or ZERO
        part_values = [v.get(measure) for _, v in parts]
        expected = _total(part_values)
        first, last = parts[0][0], parts[-1][0]
        found = _sum_finding(
            line.doc_id,
            "savings_total",
            f"savings {line.section} {what} '{line.description}' {measure} ({_span(first, last)}, {len(parts)} rows)",
            expected,
            actual,
            len(parts) + 1,
            line.page,
            line.line,
        )
        if found:
            findings.append(found)
    return findings


def _summary_vs_detail(rows: list[_SavingsRow]) -> list[Finding]:
    findings: list[Finding] = []
    summary = {(r[0].directorate, r[0].level): r for r in rows if r[0].section == "summary" and r[0].is_subtotal}
    for line, values in rows:
        if line.section != "detail" or not line.is_subtotal:
            continue
        match = summary.get((line.directorate, line.level))
        if match is None:
            continue
        for measure in sorted(set(values) | set(match[1])):
            a, b = match[1].get(measure) or ZERO, values.get(measure) or ZERO
            if a != b:
                findings.append(
                    _finding_at(
                        line,
                        "savings_same_quantity",
                        "error" if abs(a - b) > 2 * HALF_UNIT else "warning",
                        f"savings '{line.description}' {measure}: summary "
                        f"({_at(match[0])}) prints {_fmt(a)}, "
                        f"detail ({_at(line)}) prints {_fmt(b)}",
                        a,
                        b,
                    )
                )
    return findings


#: measures that add up, across a savings row, to the forecast saving
SAVINGS_ADDENDS = frozenset(
    {"prior_year_delivered", "target", "not_achieved", "alternative_ongoing", "alternative_one_off",
     "no_longer_required", "not_deliverable", "over_recovery"}
)  # fmt: skip


#: (result, added, subtracted): arithmetic across a row of the column set that splits the
#: forecast into the original saving and alternative savings
SAVINGS_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("forecast", ("forecast_original", "alternative_ongoing", "alternative_one_off"), ()),
    ("variance", ("forecast",), ("target",)),
    ("total", ("alternative_ongoing", "alternative_one_off"), ()),
)


def check_savings_rows(records: Sequence[Record]) -> list[Finding]:
    """Across a savings row the target and its adjustments add up to the forecast saving (the
    column set with prior-year, not-achieved ... columns), or the forecast is the original saving
    plus the alternatives and the variance the forecast less the target (the set with those)."""
    findings: list[Finding] = []
    for rows in _savings_rows(records).values():
        for line, values in rows:
            for result, plus, minus in SAVINGS_RULES:
                found = _savings_rule(line, values, result, plus, minus)
                if found:
                    findings.append(found)
            forecast = values.get("forecast")
            addends = {m: v for m, v in values.items() if m != "forecast"}
            if forecast is None or not addends or not set(addends) <= SAVINGS_ADDENDS:
                continue
            expected = _total(addends.values())
            if abs(expected - forecast) > tolerance(len(addends) + 1):
                findings.append(
                    _finding_at(
                        line,
                        "savings_row_arithmetic",
                        "error",
                        f"savings {line.section} '{line.description[:80]}': forecast {_fmt(forecast)} "
                        f"but {' + '.join(sorted(addends))} = {_fmt(expected)}",
                        expected,
                        forecast,
                    )
                )
    return findings


def _savings_rule(
    line: SavingsLine, values: dict[str, Decimal | None], result: str, plus: tuple[str, ...], minus: tuple[str, ...]
) -> Finding | None:
    actual = values.get(result)
    terms = [values.get(m) for m in plus + minus]
    if actual is None or any(t is None for t in terms):
        return None
    expected = _total(values.get(m) for m in plus) - _total(values.get(m) for m in minus)
    if abs(expected - actual) <= tolerance(len(terms) + 1):
        return None
    formula = " + ".join(plus) + "".join(f" − {m}" for m in minus)
    return _finding_at(
        line,
        "savings_row_arithmetic",
        "error",
        f"savings {line.section} '{line.description[:80]}': {result} {_fmt(actual)} but {formula} = {_fmt(expected)}",
        expected,
        actual,
    )


# ---------------------------------------------------------------- management action


def check_management_actions(records: Sequence[Record]) -> list[Finding]:
    """Each directorate's actions against its total row; summary rows against the detail totals
    and the summary total against its rows."""
    actions = [r for r in records if isinstance(r, ManagementAction)]
    findings: list[Finding] = []
    pending: list[ManagementAction] = []
    summary_rows: list[ManagementAction] = []
    detail_totals: dict[tuple[str, str | None], ManagementAction] = {}
    for action in actions:
        if action.level == "action":
            pending.append(action)
        elif action.level == "directorate" and pending:
            findings.extend(_action_sum(action, pending, "directorate total"))
            detail_totals[(action.doc_id, action.directorate)] = action
            pending = []
        elif action.level == "directorate":
            summary_rows.append(action)
        else:
            findings.extend(_action_sum(action, summary_rows, "total"))
            summary_rows = []
    for action in actions:
        if action.level == "directorate" and action.details is None:
            detail = detail_totals.get((action.doc_id, action.directorate))
            if detail is not None and detail is not action:
                findings.extend(_action_pair(action, detail))
    return findings


def _action_sum(total: ManagementAction, parts: list[ManagementAction], what: str) -> list[Finding]:
    findings: list[Finding] = []
    for field in _ACTION_FIELDS:
        actual = getattr(total, field)
        if actual is None:
            continue
        expected = _total(getattr(p, field) for p in parts)
        found = _sum_finding(
            total.doc_id,
            "management_action_total",
            f"management action {what} '{total.directorate_text}' {field} "
            f"({_span(parts[0], parts[-1])}, {len(parts)} rows; £m)",
            expected,
            actual,
            len(parts) + 1,
            total.page,
            total.line,
        )
        if found:
            findings.append(found)
    return findings


def _action_pair(summary: ManagementAction, detail: ManagementAction) -> list[Finding]:
    findings: list[Finding] = []
    for field in ("one_off", "recurring"):
        a, b = getattr(summary, field), getattr(detail, field)
        if a is not None and b is not None and a != b:
            findings.append(
                _finding_at(
                    detail,
                    "management_action_same_quantity",
                    "error",
                    f"management action '{summary.directorate}' {field}: summary ({_at(summary)}) "
                    f"prints {_fmt(a)}, detail total ({_at(detail)}) prints {_fmt(b)} (£m)",
                    a,
                    b,
                )
            )
    return findings


# ---------------------------------------------------------------- headline figures


def check_headlines(records: Sequence[Record]) -> list[Finding]:
    """Figures stated in the text ("an overspend of £35.6m") against the tables of the same period."""
    tables = _headline_sources(records)
    findings: list[Finding] = []
    for record in records:
        if not isinstance(record, HeadlineFigure):
            continue
        source = tables.get((record.doc_id, record.period, record.measure))
        if source is None:
            continue
        value, where = source
        difference = abs(abs(value) - record.amount)
        if difference > HALF_UNIT:
            findings.append(
                _finding_at(
                    record,
                    "headline_vs_table",
                    "error" if difference > 2 * HALF_UNIT else "warning",
                    f"text states {record.measure} £{_fmt(record.amount)}m ('{record.text}') "
                    f"but {where} prints {_fmt(value)}",
                    abs(value),
                    record.amount,
                )
            )
    return findings


def check_directorate_headlines(records: Sequence[Record]) -> list[Finding]:
    """A directorate's variance stated in the text against its row in the general fund table."""
    rows = {
        (r.doc_id, r.period, r.directorate): r
        for r in records
        if isinstance(r, BudgetLine) and r.table_name == "general_fund" and r.level == "directorate"
    }
    findings: list[Finding] = []
    for record in records:
        if not isinstance(record, HeadlineFigure) or record.measure != "directorate_variance":
            continue
        row = rows.get((record.doc_id, record.period, record.directorate))
        if row is None or row.variance is None:
            continue
        printed = row.variance if record.signed else abs(row.variance)
        difference = abs(printed - record.amount)
        if difference > HALF_UNIT:
            findings.append(
                _finding_at(
                    record,
                    "headline_vs_table",
                    "error" if difference > 2 * HALF_UNIT else "warning",
                    f"text states {record.directorate} variance £{_fmt(record.amount)}m ('{record.text}') "
                    f"but {row.table_name} {_at(row)} prints {_fmt(row.variance)}",
                    printed,
                    record.amount,
                )
            )
    return findings


_CAPITAL = "capital_by_directorate"


def _headline_sources(records: Sequence[Record]) -> dict[tuple[str, str | None, str], tuple[Decimal, str]]:
    sources: dict[tuple[str, str | None, str], tuple[Decimal, str]] = {}
    for record in records:
        key = (record.doc_id, getattr(record, "period", None))
        if isinstance(record, BudgetLine) and record.table_name == "general_fund" and record.variance is not None:
            if record.level == "total":
                sources.setdefault(
                    (*key, "general_fund_variance"), (record.variance, f"{record.table_name} {_at(record)}")
                )
            elif record.directorate == "Schools' Delegated Budgets":
                sources.setdefault((*key, "schools_variance"), (record.variance, f"{record.table_name} {_at(record)}"))
        elif isinstance(record, BudgetLine) and record.table_name == _CAPITAL and record.level == "total":
            for measure, value in (
                ("capital_real_variance", record.real_variance),
                ("capital_rephasing_variance", record.rephasing_variance),
            ):
                if value is not None:
                    sources.setdefault((*key, measure), (value, f"capital by directorate total {_at(record)}"))
        elif isinstance(record, ManagementAction) and record.level == "total" and record.total is not None:
            sources.setdefault((*key, "management_action"), (record.total, f"management action total {_at(record)}"))
    savings = _savings_rows(records)
    for (doc_id, period), rows in savings.items():
        for line, values in rows:
            if line.level == "total" and line.section == "summary":
                for measure, name in (("target", "savings_target"), ("forecast", "savings_forecast")):
                    if values.get(measure) is not None:
                        sources.setdefault(
                            (doc_id, period, name), (values[measure] or ZERO, f"savings summary total {_at(line)}")
                        )
    return sources


CHECKS = (
    *CHECKS_BUDGET,
    check_savings,
    check_savings_rows,
    check_management_actions,
    check_headlines,
    check_directorate_headlines,
)
