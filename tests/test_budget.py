"""Budget monitoring: directorate names, column measures, rejects, coverage, routing and the
reconciliation findings on the October 2023-24 report, plus a made-up report of another year."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from golden import KCC, SAMPLES, parsed
from kentparse.budget.directorates import canonical_directorate, parent_directorate
from kentparse.budget.records import BudgetLine, ManagementAction, SavingsLine, SavingsValue
from kentparse.cli import app
from kentparse.extractors.budget_headlines import directorate_figures
from kentparse.extractors.budget_line_tables import split_numbers
from kentparse.extractors.savings import category_of, measure_of
from kentparse.model import Document, Line, Page
from kentparse.pipeline import ParseResult, parse_bytes, parse_document
from kentparse.records import Finding

PACK = SAMPLES / "cabinet_agenda_pack_2024-01-04.txt"
BUDGET_KINDS = {"revenue_by_directorate", "savings", "management_action", "key_service_summary"}


@pytest.fixture(scope="module")
def pack() -> ParseResult:
    return parsed(PACK.resolve())


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("ASCH", "Adult Social Care & Health"),
        ("Adult Social Care and Health", "Adult Social Care & Health"),
        ("Deputy Chief Executive Department", "Deputy Chief Executive's Department"),
        ("Deputy Chief Executive’s Department", "Deputy Chief Executive's Department"),
        ("Total - Chief Executive Department", "Chief Executive's Department"),
        ("Children, Young People & Education", "Children Young People & Education"),
        ("Corporately Held Budgets (to be allocated)", "Corporately Held Budgets"),
        ("Corporately Held Budget", "Corporately Held Budgets"),
        ("Strategic Management & Directorate Budgets", None),
        ("Adult Social Care & Health Operations", None),
        ("Public Health - Sexual Health", None),
        ("", None),
    ],
)
def test_directorates_are_canonicalised(printed: str, canonical: str | None) -> None:
    assert canonical_directorate(printed) == canonical


def test_public_health_is_reported_within_adult_social_care() -> None:
    assert parent_directorate("Public Health") == "Adult Social Care & Health"
    assert parent_directorate("Non Attributable Costs") is None


@pytest.mark.parametrize(
    ("header", "measure"),
    [
        ("Previous year saving delivered in 2023-24 £m", "prior_year_delivered"),
        ("2023-24 Target £m", "target"),
        ("2024-25 Savings Target", "target"),
        ("Not achieved in 2023-24 £m", "not_achieved"),
        ("To be achieved in future years", "not_achieved"),
        ("Alternative Saving (ongoing) £m", "alternative_ongoing"),
        ("Forecast against alternative saving (one-off)", "alternative_one_off"),
        ("Saving no longer required £m", "no_longer_required"),
        ("Un-deliverable", "not_deliverable"),
        ("Over Recovery of Saving £m", "over_recovery"),
        ("Forecast Savings 2023-24 £m", "forecast"),
        ("Total Forecast", "forecast"),
        ("Something Else Entirely", "something_else_entirely"),
    ],
)
def test_savings_headers_map_to_measures(header: str, measure: str) -> None:
    assert measure_of(header) == measure


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("Efficiency: Public Health - Sexual Health", "Efficiency"),
        ("Financing: Debt repayment", "Financing"),
        ("Commissioning - 2022-23 Slipped Savings - review of all contracts", None),
    ],
)
def test_category_is_the_description_prefix(description: str, category: str | None) -> None:
    assert category_of(description) == category


def test_budget_tables_are_routed_by_header_and_nothing_else(pack: ParseResult) -> None:
    routed = {
        table.line: pack.table_kinds[table.table_no]
        for table in pack.tables
        if pack.table_kinds.get(table.table_no) in BUDGET_KINDS
    }
    assert routed == {
        356: "revenue_by_directorate",
        375: "revenue_by_directorate",
        **dict.fromkeys((406, 446, 474, 492, 516, 539), "savings"),
        **dict.fromkeys((552, 563, 578, 591, 603, 612, 622), "management_action"),
        **dict.fromkeys((634, 689, 712), "key_service_summary"),
    }


@pytest.mark.parametrize(
    "sample", ["recovery_action_plans_appendix_b.txt", "recovery_summary_slides_cabinet_2020-07-20.txt"]
)
def test_other_papers_give_no_budget_tables(sample: str) -> None:
    result = parsed((SAMPLES / sample).resolve())
    assert not BUDGET_KINDS & set(result.table_kinds.values())


def test_rows_cut_short_are_rejected_with_a_reason(pack: ParseResult) -> None:
    rejects = [r for r in pack.extracted.rejects if r.kind in BUDGET_KINDS]
    assert [(r.line, r.raw, r.reason) for r in rejects] == [
        (
            536,
            "Financing: Investment Income\t(2.9)\t(7.0)\t(9.4)",
            "row cut short: 4 cells (3 numbers) for 10 columns, cannot tell which columns the numbers belong to",
        ),
        (
            537,
            "Income: Income return from our companies\t(2.0)\t\t(2.0)",
            "row cut short: 4 cells (2 numbers) for 10 columns, cannot tell which columns the numbers belong to",
        ),
    ]


def test_coverage_accounts_for_every_row(pack: ParseResult) -> None:
    rows = [c for c in pack.extracted.coverage if c.kind in BUDGET_KINDS]
    assert len(rows) == 18
    for row in rows:
        assert row.rows_seen == row.header_rows + row.structural_rows + row.records + row.rejects, row


def test_amounts_keep_their_printed_text(pack: ParseResult) -> None:
    lines = [r for r in pack.extracted.records if isinstance(r, BudgetLine) and r.line == 365]
    assert [(line.budget, line.budget_text, line.variance, line.variance_text) for line in lines] == [
        (Decimal("-0.3"), "(0.3)", Decimal("0.4"), "0.4")
    ]
    actions = {r.line: r for r in pack.extracted.records if isinstance(r, ManagementAction)}
    assert (actions[553].one_off, actions[553].one_off_text) == (Decimal("-5.4518"), "-5,451.8")
    assert (actions[614].one_off, actions[614].status, actions[614].status_text) == (
        None,
        "not_approved",
        "Not Approved",
    )
    assert (actions[598].one_off, actions[598].status, actions[598].next_year) == (None, "tbd", Decimal("-0.621"))


def test_savings_line_items_inherit_the_directorate_across_page_tables(pack: ParseResult) -> None:
    lines = {r.line: r for r in pack.extracted.records if isinstance(r, SavingsLine)}
    assert (lines[447].directorate, lines[447].section, lines[447].level) == (
        "Children Young People & Education",
        "detail",
        "item",
    )
    assert (lines[409].section, lines[415].section, lines[542].section) == ("summary", "summary", "detail")
    blank_header = [
        v for v in pack.extracted.records if isinstance(v, SavingsValue) and v.savings_line_id == "p1-l542"
    ][-1]
    assert (blank_header.measure, blank_header.header, blank_header.amount) == (
        "forecast",
        "Forecast Savings 2023-24 £m",
        Decimal("-59.1"),
    )


def _finding(pack: ParseResult, check: str, line: int, needle: str) -> Finding:
    found = [f for f in pack.extracted.findings if f.check == check and f.line == line and needle in f.message]
    assert len(found) == 1, [f.message for f in pack.extracted.findings if f.line == line]
    return found[0]


@pytest.mark.parametrize(
    ("check", "line", "needle", "severity", "expected", "actual"),
    [
        # the savings detail total's "not achieved" disagrees with the summary and with its rows
        ("savings_same_quantity", 542, "'Total' not_achieved", "error", "22.4", "18.7"),
        ("savings_total", 542, "'Total' not_achieved", "error", "22.2", "18.7"),
        ("savings_same_quantity", 542, "'Total' alternative_one_off", "error", "-9", "-7.2"),
        ("savings_same_quantity", 438, "not_achieved", "error", "6.4", "6.2"),
        ("savings_row_arithmetic", 542, "forecast -59.1", "error", "-61.1", "-59.1"),
        ("savings_total", 415, "'Total' target", "info", "-65.2", "-65.3"),
        # the table after management action prints other forecasts than the one before it
        ("budget_same_quantity", 377, "forecast", "error", "558.8", "557.9"),
        ("budget_row_arithmetic", 377, "updated_variance 19.5", "error", "20.2", "19.5"),
        ("budget_total", 387, "'Overall Position' variance", "error", "51.3", "51.6"),
        ("budget_same_quantity", 793, "budget", "error", "-0.3", "0.2"),
        # management action totals that are not the sum of the actions
        ("management_action_total", 618, "one_off", "error", "-0.2500", "-0.8500"),
        ("management_action_total", 599, "next_year", "error", "-1.2690", "-1.6290"),
        ("headline_vs_table", 234, "management_action", "warning", "35.6518", "35.6"),
    ],
)
def test_reconciliation_finds_the_papers_inconsistencies(
    pack: ParseResult, check: str, line: int, needle: str, severity: str, expected: str, actual: str
) -> None:
    finding = _finding(pack, check, line, needle)
    assert (finding.severity, finding.expected, finding.actual) == (severity, expected, actual)


def test_finding_message_names_rows_expected_and_actual(pack: ParseResult) -> None:
    finding = _finding(pack, "savings_total", 542, "'Total' not_achieved")
    assert finding.message == (
        "savings detail total 'Total' not_achieved (lines 418–540, 8 rows): printed 18.7, sum of 8 rows 22.2 "
        "(difference 3.5, rounding allows 0.45)"
    )


def test_headlines_agreeing_with_the_tables_raise_nothing(pack: ParseResult) -> None:
    headline = [f for f in pack.extracted.findings if f.check == "headline_vs_table"]
    assert {f.line for f in headline} == {234, 253, 327, 348}


# ------------------------------------------------------- another year, made up, single-line headers

REPORT = "\n".join(
    [
        "Finance Monitoring Report",
        "As at December 2026-27",
        "The forecast is an overspend of £9.0m (excluding schools).",
        "",
        "All figures in £m",
        "Directorate\tRevenue Budget\tRevenue Forecast\tRevenue Variance",
        "ASCH\t100.0\t104.0\t+4.0",
        "Growth, Environment and Transport\t50.0\t53.5\t3.5",
        "Total\t150.0\t157.5\t7.5",
        "",
        "Savings",
        "Directorate\t2026-27 Savings Target\tForecast against original saving\tTotal Forecast"
        "\tTo be achieved in future years",
        "Adult Social Care & Health\t(10.0)\t(8.0)\t(8.0)\t(2.0)",
        "Total\t(10.0)\t(8.0)\t(8.0)\t(3.0)",
    ]
)


@pytest.fixture(scope="module")
def made_up() -> ParseResult:
    return parse_bytes("made_up.txt", REPORT.encode())


def test_another_years_report_is_read(made_up: ParseResult) -> None:
    lines = [r for r in made_up.extracted.records if isinstance(r, BudgetLine)]
    assert [(line.period, line.directorate, line.level, line.variance) for line in lines] == [
        ("December 2026-27", "Adult Social Care & Health", "directorate", Decimal("4.0")),
        ("December 2026-27", "Growth Environment & Transport", "directorate", Decimal("3.5")),
        ("December 2026-27", None, "total", Decimal("7.5")),
    ]
    values = [(v.measure, v.amount) for v in made_up.extracted.records if isinstance(v, SavingsValue)]
    assert values[:4] == [
        ("target", Decimal("-10.0")),
        ("forecast_original", Decimal("-8.0")),
        ("forecast", Decimal("-8.0")),
        ("not_achieved", Decimal("-2.0")),
    ]


def test_another_years_inconsistencies_are_found(made_up: ParseResult) -> None:
    found = {(f.check, f.severity, f.expected, f.actual, f.line) for f in made_up.extracted.findings}
    assert found == {
        ("savings_total", "error", "-2", "-3", 14),
        ("headline_vs_table", "error", "7.5", "9", 3),
    }


# ------------------------------------------------------- the README queries, on the database

FORECAST_VARIANCE_BY_DIRECTORATE = """
SELECT period, directorate, budget, forecast, variance
FROM budget_lines
WHERE table_name = 'general_fund' AND level = 'directorate'
ORDER BY period, variance DESC
"""
SAVINGS_NOT_ACHIEVED_BY_DIRECTORATE = """
SELECT l.period, l.directorate, v.amount AS not_achieved, v.header
FROM savings_lines l JOIN savings_values v USING (doc_id, savings_line_id)
WHERE l.section = 'summary' AND l.level = 'directorate' AND v.measure = 'not_achieved'
ORDER BY l.period, v.amount DESC
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("budget") / "k.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(PACK), "--db", str(db)])
    assert result.exit_code in (0, 1), result.stdout
    return db


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_forecast_variance_by_directorate(database: Path) -> None:
    rows = _rows(database, FORECAST_VARIANCE_BY_DIRECTORATE)
    assert [(r[1], r[4]) for r in rows] == [
        ("Adult Social Care & Health", Decimal("31.3")),
        ("Children Young People & Education", Decimal("28.9")),
        ("Schools' Delegated Budgets", Decimal("15.9")),
        ("Corporately Held Budgets", Decimal("0.4")),
        ("Growth Environment & Transport", Decimal("0.0")),
        ("Chief Executive's Department", Decimal("-1.7")),
        ("Deputy Chief Executive's Department", Decimal("-6.0")),
        ("Non Attributable Costs", Decimal("-17.5")),
    ]
    assert {r[0] for r in rows} == {"October 2023-24"}


def test_savings_not_achieved_by_directorate(database: Path) -> None:
    rows = _rows(database, SAVINGS_NOT_ACHIEVED_BY_DIRECTORATE)
    assert [(r[1], r[2]) for r in rows] == [
        ("Adult Social Care & Health", Decimal("11.6")),
        ("Children Young People & Education", Decimal("6.4")),
        ("Growth Environment & Transport", Decimal("4.4")),
    ]
    assert {r[3] for r in rows} == {"Not achieved in 2023-24 £m"}


# ------------------------------------------------------- tables printed without rules (PDF lines)


def _line(text: str, top: float, right: float = 560.0, page: int = 6) -> Line:
    return Line(text, page, None, (100.0, top, right, top + 10))


def _lines_document(lines: list[Line]) -> Document:
    return Document("x.pdf", "ab" * 32, "application/pdf", [Page(n) for n in range(1, 8)], lines, [])


@pytest.mark.parametrize(
    ("text", "label", "numbers"),
    [
        (
            "Directorates Position 1,432.3 1,455.6 + 23.3 +1.6%",
            "Directorates Position",
            ["1,432.3", "1,455.6", "+23.3", "+1.6%"],
        ),
        ("Total (111.2) (75.8) (0.3)", "Total", ["(111.2)", "(75.8)", "(0.3)"]),
        ("Occupational Therapists -2,500.0 - - - -", "Occupational Therapists", ["-2,500.0", "-", "-", "-", "-"]),
        ("Page 6 of 54", "Page 6 of", ["54"]),
    ],
)
def test_split_numbers(text: str, label: str, numbers: list[str]) -> None:
    assert split_numbers(text) == (label, numbers)


UNRULED = [
    _line("As at November 2031-32", 10, page=5),
    _line("All figures in £m", 20, page=5),
    _line("Directorate Revenue Revenue Revenue %", 30, page=5),
    _line("Page 5 of 54", 500, page=5),
    _line("Budget Forecast Variance Variance", 33),
    _line("Adult Social Care & Health 100.0 110.0 +10.0 +10.0%", 52),
    _line("Deputy Chief Executive’s", 70, right=300),
    _line("Department 50.0 45.0 -5.0 -10.0%", 80),
    _line("Directorates Position 150.0 155.0 + 5.0 +3.3%", 100),
    _line("Schools’ Delegated Budgets 0.0 9.0 +9.0", 120, right=505),
]


def test_an_unruled_revenue_table_is_rebuilt_from_lines() -> None:
    result = parse_document(_lines_document(UNRULED))
    lines = [r for r in result.extracted.records if isinstance(r, BudgetLine)]
    assert [(r.name, r.directorate, r.level, r.budget, r.variance, r.variance_text) for r in lines] == [
        (
            "Adult Social Care & Health",
            "Adult Social Care & Health",
            "directorate",
            Decimal("100.0"),
            Decimal("10.0"),
            "+10.0",
        ),
        (
            "Deputy Chief Executive’s Department",
            "Deputy Chief Executive's Department",
            "directorate",
            Decimal("50.0"),
            Decimal("-5.0"),
            "-5.0",
        ),
        ("Directorates Position", None, "total", Decimal("150.0"), Decimal("5.0"), "+5.0"),
        (
            "Schools’ Delegated Budgets",
            "Schools' Delegated Budgets",
            "directorate",
            Decimal("0.0"),
            Decimal("9.0"),
            "+9.0",
        ),
    ]
    assert {r.period for r in lines} == {"November 2031-32"}
    flagged = [f for f in result.extracted.findings if f.check == "row_cut_short"]
    assert [(f.severity, f.expected, f.actual, f.page) for f in flagged] == [("warning", "4", "3", 6)]
    assert flagged[0].message == (
        "'Schools’ Delegated Budgets': 3 numbers for 4 columns; its line ends at x=505 where full rows end at "
        "x=560, so the last 1 column(s) are read as empty"
    )


def test_a_short_row_reaching_the_right_edge_is_rejected_not_shifted() -> None:
    lines = [*UNRULED[:-1], _line("Schools’ Delegated Budgets 0.0 9.0 +9.0", 120)]
    result = parse_document(_lines_document(lines))
    assert [(r.kind, r.reason) for r in result.extracted.rejects] == [
        ("budget_line_table", "row cut short: 3 numbers for 4 columns, cannot tell which columns they belong to")
    ]
    assert "Schools’ Delegated Budgets" not in {r.name for r in result.extracted.records if isinstance(r, BudgetLine)}


def test_a_stacked_header_that_cannot_be_zipped_rejects_its_rows() -> None:
    lines = [
        _line("All figures in £m", 20),
        _line("Forecast Forecast", 30),
        _line("Savings original saving saving Total Un- in future", 40),
        _line("Directorate Target saving (ongoing) (one-off) Forecast Variance deliverable years", 50),
        _line("Adult Social Care & Health (66.9) (38.4) 0.0 (2.3) (40.7) 26.2 13.6 (18.3)", 60),
        _line("Total (66.9) (38.4) 0.0 (2.3) (40.7) 26.2 13.6 (18.3)", 70),
    ]
    result = parse_document(_lines_document(lines))
    assert not [r for r in result.extracted.records if isinstance(r, SavingsLine)]
    assert [r.raw.split("\t")[0] for r in result.extracted.rejects] == ["Adult Social Care & Health", "Total"]
    assert result.extracted.rejects[0].reason.startswith("columns of a table printed without rules could not be named")


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        (
            "The largest overspends are +£31.3m (5.9%) in ASCH and +£28.9m (8.0%) in CYPE.",
            [("Adult Social Care & Health", Decimal("31.3")), ("Children Young People & Education", Decimal("28.9"))],
        ),
        (
            "NAC including Corporately Held Budgets is forecasting an underspend of -£17.5m, "
            "DCED is forecasting an underspend of -£6.0m",
            [("Deputy Chief Executive's Department", Decimal("-6.0"))],
        ),
        (
            "Underspends are being reported in Children, Young People & Education Department (-£9.9m) "
            "and Non Attributable Costs (-£7.0m).",
            [("Children Young People & Education", Decimal("-9.9")), ("Non Attributable Costs", Decimal("-7.0"))],
        ),
        ("An overspend of +£35.6m before management action.", []),
        (
            "The Chief Executive's Department is projected to underspend by -£1.2m.",
            [("Chief Executive's Department", Decimal("-1.2"))],
        ),
    ],
)
def test_directorate_figures_stated_in_the_text(text: str, figures: list[tuple[str, Decimal]]) -> None:
    assert [(name, value) for name, value, _ in directorate_figures(Line(text, 1, 1))] == figures


def test_a_directorate_name_wrapped_from_the_line_above_is_read_with_its_figure() -> None:
    line_before = "Underspends are reported in Non Attributable Costs (-£7.0m), Chief Executive's"
    line = Line("Department (-£1.2m) and Corporately Held Budgets (+£2.6m).", 1, 2)
    assert [(name, value) for name, value, _ in directorate_figures(line, line_before)] == [
        ("Chief Executive's Department", Decimal("-1.2")),
        ("Corporately Held Budgets", Decimal("2.6")),
    ]


Q3_PDF = (
    KCC / "cabinet" / "2025-01-30" / "originals" / "24-00108 - Finance Monitoring Report - Q3 - November 2024-25.pdf"
)


@pytest.mark.skipif(not Q3_PDF.exists(), reason=f"{Q3_PDF} not present (../shared/ holds the real papers)")
def test_forecast_variance_by_directorate_covers_the_pdf_too(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    for source in (PACK, Q3_PDF):
        assert CliRunner().invoke(app, ["ingest", str(source), "--db", str(db)]).exit_code in (0, 1)
    rows = _rows(db, FORECAST_VARIANCE_BY_DIRECTORATE)
    pdf_rows = [(r[1], r[4]) for r in rows if r[0] == "November 2024-25"]
    assert pdf_rows == [
        ("Adult Social Care & Health", Decimal("35.4")),
        ("Schools' Delegated Budgets", Decimal("30.4")),
        ("Growth Environment & Transport", Decimal("6.3")),
        ("Corporately Held Budgets", Decimal("2.6")),
        ("Chief Executive's Department", Decimal("-1.2")),
        ("Deputy Chief Executive's Department", Decimal("-3.0")),
        ("Non Attributable Costs", Decimal("-7.0")),
        ("Children Young People & Education", Decimal("-9.9")),
    ]
    assert len([r for r in rows if r[0] == "October 2023-24"]) == 8
