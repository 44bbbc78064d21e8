"""Budget tables printed without rules, rebuilt from word positions: made-up reports of another
year (header words broken inside narrow columns, labels wrapped around their numbers, a missing
cell, a number under no header, a page break), and the Q3 2024-25 Finance Monitoring Report."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from golden import KCC, SAMPLES, parsed
from kentparse.budget.layout import join_fragments
from kentparse.budget.records import BudgetLine, SavingsLine, SavingsValue
from kentparse.cli import app
from kentparse.model import Document, Line, Page, Word
from kentparse.pipeline import ParseResult, parse_document

Piece = tuple[str, float, str]  # text, x, "l" (x is the left edge) or "r" (x is the right edge)


def _line(top: float, *pieces: Piece, page: int = 6) -> Line:
    words: list[Word] = []
    for text, x, align in pieces:
        parts = text.split()
        width = sum(5 * len(part) for part in parts) + 3 * (len(parts) - 1)
        x0 = x if align == "l" else x - width
        for part in parts:
            words.append(Word(part, x0, x0 + 5 * len(part)))
            x0 += 5 * len(part) + 3
    text = " ".join(word.text for word in words)
    return Line(text, page, None, (words[0].x0, top, words[-1].x1, top + 10), tuple(words))


def _document(lines: list[Line]) -> Document:
    return Document("x.pdf", "cd" * 32, "application/pdf", [Page(n) for n in range(1, 10)], lines, [])


KEY_SERVICE_HEADER = [
    _line(30, ("All figures in £m", 350, "r")),
    _line(40, ("Revenu", 300, "r"), ("Revenu", 350, "r")),
    _line(46, ("Revenu", 250, "r")),
    _line(52, ("e", 300, "r"), ("e", 350, "r")),
    _line(58, ("Key Service", 180, "r"), ("e", 250, "r"), ("Summary", 360, "l")),
    _line(64, ("Forecas", 300, "r"), ("Varianc", 350, "r")),
    _line(70, ("Budget", 250, "r")),
    _line(76, ("t", 300, "r"), ("e", 350, "r")),
]
KEY_SERVICES = [
    _line(10, ("As at November 2031-32", 72, "l"), page=1),
    _line(20, ("3a | Adult Social Care & Health", 72, "l")),
    *KEY_SERVICE_HEADER,
    _line(100, ("Older People -", 180, "r"), ("Pressure from", 360, "l")),
    _line(111, ("Residential Care", 180, "r"), ("97.5", 250, "r"), ("124.9", 300, "r"), ("+27.4", 350, "r")),
    _line(122, ("Services", 180, "r"), ("slippage in savings", 360, "l")),
    _line(160, ("Carer Support", 180, "r"), ("1.7", 250, "r"), ("+0.9", 350, "r")),
    _line(200, ("Learning Disability -", 180, "r"), ("10.0", 250, "r"), ("11.0", 300, "r"), ("+1.0", 350, "r")),
    _line(530, ("Page 6 of 9", 770, "r")),
    _line(30, ("Community Based", 180, "r"), ("Activity pressures", 360, "l"), page=7),
    _line(60, ("Home Care", 180, "r"), ("5.0", 250, "r"), ("6.0", 300, "r"), ("+1.0", 350, "r"), page=7),
]


@pytest.fixture(scope="module")
def key_services() -> ParseResult:
    return parse_document(_document(KEY_SERVICES))


@pytest.mark.parametrize(
    ("fragments", "joined"),
    [
        (["Revenu", "e", "Forecas", "t"], "Revenue Forecast"),
        (["Un-", "deliverable"], "Un-deliverable"),
        (["Forecast against", "alternative", "saving (one-", "off)"], "Forecast against alternative saving (one-off)"),
        (["To be", "achieved in", "future years"], "To be achieved in future years"),
    ],
)
def test_header_words_broken_inside_a_narrow_column_are_joined(fragments: list[str], joined: str) -> None:
    assert join_fragments(fragments) == joined


def test_key_services_are_read_under_their_broken_headers(key_services: ParseResult) -> None:
    lines = [r for r in key_services.extracted.records if isinstance(r, BudgetLine)]
    assert [(r.name, r.budget, r.forecast, r.variance, r.page) for r in lines] == [
        ("Older People - Residential Care Services", Decimal("97.5"), Decimal("124.9"), Decimal("27.4"), 6),
        ("Carer Support", Decimal("1.7"), None, Decimal("0.9"), 6),
        ("Learning Disability - Community Based", Decimal("10.0"), Decimal("11.0"), Decimal("1.0"), 6),
        ("Home Care", Decimal("5.0"), Decimal("6.0"), Decimal("1.0"), 7),
    ]
    assert {(r.table_name, r.level, r.directorate, r.period) for r in lines} == {
        ("key_service_detail", "service", "Adult Social Care & Health", "November 2031-32")
    }
    assert [r.service for r in lines] == [r.name for r in lines]


def test_a_missing_cell_is_null_and_flagged_never_shifted(key_services: ParseResult) -> None:
    carer = next(r for r in key_services.extracted.records if isinstance(r, BudgetLine) and r.name == "Carer Support")
    assert (carer.forecast, carer.forecast_text, carer.variance_text) == (None, None, "+0.9")
    flagged = [f for f in key_services.extracted.findings if f.check == "row_cut_short"]
    assert [(f.severity, f.expected, f.actual, f.page, f.message) for f in flagged] == [
        (
            "warning",
            "3",
            "2",
            6,
            "'Carer Support': no figure printed under 'Revenue Forecast'; the numbers were placed by their "
            "position under the headers and the empty cell(s) read as null",
        )
    ]


def test_every_row_of_a_rebuilt_table_is_counted(key_services: ParseResult) -> None:
    coverage = [c for c in key_services.extracted.coverage if c.kind == "budget_layout_table"]
    assert [(c.page, c.rows_seen, c.header_rows, c.records, c.rejects) for c in coverage] == [
        (6, 4, 1, 3, 0),
        (7, 2, 1, 1, 0),
    ]
    assert not key_services.extracted.rejects


def test_a_number_under_no_header_rejects_its_row() -> None:
    stray = _line(240, ("Odd Line", 180, "r"), ("9.9", 264, "r"), ("3.0", 300, "r"), ("+1.0", 350, "r"))
    result = parse_document(_document([*KEY_SERVICES[:15], stray, *KEY_SERVICES[15:]]))
    assert [(r.kind, r.page, r.raw, r.reason) for r in result.extracted.rejects] == [
        (
            "budget_layout_table",
            6,
            "Odd Line Community Based | 3.0 | +1.0 | 9.9",
            "number(s) 9.9 stand under no column header: cannot tell which column they fill",
        )
    ]
    assert "Odd Line" not in {r.name for r in result.extracted.records if isinstance(r, BudgetLine)}


SAVINGS = [
    _line(10, ("As at December 2031-32", 72, "l"), page=1),
    _line(20, ("4 | Revenue Budget Savings", 72, "l"), page=3),
    _line(30, ("All figures in £m", 500, "r"), page=3),
    _line(40, ("2031-32", 300, "r"), ("Un-", 400, "r"), ("Total", 500, "r"), page=3),
    _line(
        50,
        ("Directorate", 180, "r"),
        ("Savings Target", 300, "r"),
        ("deliverable", 400, "r"),
        ("Forecast", 500, "r"),
        page=3,
    ),
    _line(
        70,
        ("Adult Social Care & Health", 180, "r"),
        ("(10.0)", 300, "r"),
        ("2.0", 400, "r"),
        ("(8.0)", 500, "r"),
        page=3,
    ),
    _line(90, ("Total", 180, "r"), ("(10.0)", 300, "r"), ("2.1", 400, "r"), ("(8.0)", 500, "r"), page=3),
    _line(20, ("4a | Adult Social Care & Health Savings", 72, "l"), page=4),
    _line(30, ("All figures in £000s", 500, "r"), page=4),
    _line(40, ("2031-32", 300, "r"), ("Un-", 400, "r"), ("Total", 500, "r"), page=4),
    _line(50, ("Savings Target", 300, "r"), ("deliverable", 400, "r"), ("Forecast", 500, "r"), page=4),
    _line(65, ("Better Reviews of", 42, "l"), page=4),
    _line(70, ("-1,000.0", 300, "r"), ("200.0", 400, "r"), ("-800.0", 500, "r"), page=4),
    _line(75, ("care packages", 42, "l"), page=4),
    _line(95, ("The reviews have started later than planned across the county", 100, "l"), page=4),
]


def test_savings_summary_and_detail_of_another_year() -> None:
    result = parse_document(_document(SAVINGS))
    lines = [r for r in result.extracted.records if isinstance(r, SavingsLine)]
    assert [(r.savings_line_id, r.section, r.level, r.directorate, r.description) for r in lines] == [
        ("p3-y70", "summary", "directorate", "Adult Social Care & Health", "Adult Social Care & Health"),
        ("p3-y90", "summary", "total", None, "Total"),
        ("p4-y70", "detail", "item", "Adult Social Care & Health", "Better Reviews of care packages"),
    ]
    values = [r for r in result.extracted.records if isinstance(r, SavingsValue)]
    assert [(v.measure, v.header, v.amount, v.amount_text) for v in values if v.savings_line_id == "p4-y70"] == [
        ("target", "2031-32 Savings Target", Decimal("-1.0000"), "-1,000.0"),
        ("not_deliverable", "Un-deliverable", Decimal("0.2000"), "200.0"),
        ("forecast", "Total Forecast", Decimal("-0.8000"), "-800.0"),
    ]
    assert {r.period for r in lines} == {"December 2031-32"}
    totals = [f for f in result.extracted.findings if f.check == "savings_total"]
    assert [(f.severity, f.expected, f.actual, f.page) for f in totals] == [("info", "2", "2.1", 3)]


# ---------------------------------------------------------------- the Q3 2024-25 report

Q3_PDF = (
    KCC / "cabinet" / "2025-01-30" / "originals" / "24-00108 - Finance Monitoring Report - Q3 - November 2024-25.pdf"
)
needs_pdf = pytest.mark.skipif(not Q3_PDF.exists(), reason=f"{Q3_PDF} not present (../shared/ holds the real papers)")


@pytest.fixture(scope="module")
def q3() -> ParseResult:
    return parsed(Q3_PDF)


@needs_pdf
def test_q3_tables_read(q3: ParseResult) -> None:
    records = q3.extracted.records
    assert Counter(r.table_name for r in records if isinstance(r, BudgetLine)) == {
        "general_fund": 10,
        "directorate_summary": 30,
        "key_service_detail": 40,
        "capital_by_directorate": 6,
    }
    assert Counter((r.section, r.level) for r in records if isinstance(r, SavingsLine)) == {
        ("summary", "directorate"): 7,
        ("summary", "total"): 1,
        ("detail", "item"): 17,
        ("alternative", "item"): 12,
        ("alternative", "total"): 1,
    }
    assert not q3.extracted.rejects


@needs_pdf
def test_q3_rows_cut_short_are_flagged(q3: ParseResult) -> None:
    flagged = [(f.page, f.message.split("'")[1]) for f in q3.extracted.findings if f.check == "row_cut_short"]
    assert flagged == [
        (6, "Schools’ Delegated Budgets"),
        (6, "Overall Position"),
        (35, "The reduction in the volume and duration of agency staff"),
    ]


@needs_pdf
def test_q3_inconsistencies_are_found(q3: ParseResult) -> None:
    beyond_rounding = [f for f in q3.extracted.findings if f.severity != "info" and f.check != "row_cut_short"]
    assert [(f.check, f.severity, f.page, f.expected, f.actual) for f in beyond_rounding] == [
        ("budget_same_quantity", "warning", 11, "430.6", "430.7"),
    ]
    assert beyond_rounding[0].message == (
        "'Children, Young People & Education' budget: general_fund (page 6) prints 430.6, "
        "directorate_summary (page 11) prints 430.7"
    )
    alternatives = [f for f in q3.extracted.findings if f.check == "savings_same_quantity"]
    assert len(alternatives) == 8
    assert alternatives[-1].message == (
        "savings summary 'Total' alternative_ongoing (page 30) prints -0.3, the alternative savings total "
        "(page 36) add up to -0.2500 (difference 0.0500, rounding allows 0.05)"
    )


SAVINGS_NOT_ACHIEVED_BY_DIRECTORATE = """
SELECT l.period, l.directorate, v.amount AS not_achieved, v.header
FROM savings_lines l JOIN savings_values v USING (doc_id, savings_line_id)
WHERE l.section = 'summary' AND l.level = 'directorate' AND v.measure = 'not_achieved'
ORDER BY l.period, v.amount DESC
"""


@needs_pdf
def test_savings_not_achieved_by_directorate_covers_both_reports(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    for source in (SAMPLES / "cabinet_agenda_pack_2024-01-04.txt", Q3_PDF):
        assert CliRunner().invoke(app, ["ingest", str(source), "--db", str(db)]).exit_code in (0, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(SAVINGS_NOT_ACHIEVED_BY_DIRECTORATE).fetchall()
    assert [(r[1], r[2]) for r in rows if r[0] == "November 2024-25"] == [
        ("Non Attributable Costs", Decimal("0.0")),
        ("Chief Executive's Department", Decimal("-0.1")),
        ("Deputy Chief Executive's Department", Decimal("-0.3")),
        ("Growth Environment & Transport", Decimal("-0.8")),
        ("Corporately Held Budgets", Decimal("-0.8")),
        ("Children Young People & Education", Decimal("-1.9")),
        ("Adult Social Care & Health", Decimal("-18.3")),
    ]
    assert {r[3] for r in rows if r[0] == "November 2024-25"} == {"To be achieved in future years"}
    assert len([r for r in rows if r[0] == "October 2023-24"]) >= 3


MINUTES = KCC / "cabinet" / "2025-01-30" / "originals" / "Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf"


@needs_pdf
@pytest.mark.skipif(not MINUTES.exists(), reason=f"{MINUTES} not present (../shared/ holds the real papers)")
def test_headline_in_the_minutes_is_checked_against_the_report(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    assert CliRunner().invoke(app, ["ingest", str(Q3_PDF), str(MINUTES), "--db", str(db)]).exit_code in (0, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT severity, expected, actual, page, message FROM findings "
            "WHERE \"check\" = 'budget_headline_across_documents'"
        ).fetchall()
    assert [row[:4] for row in rows] == [("info", "23.3", "23.3", 10)]
    assert rows[0][4].startswith(
        "text states general_fund_variance £23.3m "
        "('A) Note the forecast revenue overspend of £23.3m (excluding Schools)'"
    )
    assert rows[0][4].endswith("general fund total, page 6 prints 23.3: agreed")


def test_a_column_no_field_holds_is_reported() -> None:
    lines = [
        _line(20, ("3c | Growth, Environment & Transport", 72, "l")),
        _line(30, ("All figures in £m", 350, "r")),
        _line(40, ("Revenue", 250, "r"), ("Revenue", 300, "r"), ("Revenue", 350, "r"), ("Staff", 420, "r")),
        _line(50, ("Budget", 250, "r"), ("Forecast", 300, "r"), ("Variance", 350, "r"), ("Numbers", 420, "r")),
        _line(70, ("Roads", 180, "r"), ("72.9", 250, "r"), ("78.1", 300, "r"), ("+5.2", 350, "r"), ("120", 420, "r")),
        _line(90, ("Total", 180, "r"), ("72.9", 250, "r"), ("78.1", 300, "r"), ("+5.2", 350, "r"), ("120", 420, "r")),
    ]
    result = parse_document(_document(lines))
    lines_read = [r for r in result.extracted.records if isinstance(r, BudgetLine)]
    assert [(r.table_name, r.level, r.directorate, r.name, r.variance) for r in lines_read] == [
        ("directorate_summary", "division", "Growth Environment & Transport", "Roads", Decimal("5.2")),
        ("directorate_summary", "directorate", "Growth Environment & Transport", "Total", Decimal("5.2")),
    ]
    unread = [(f.severity, f.message) for f in result.extracted.findings if f.check == "budget_column_not_read"]
    assert unread == [
        (
            "warning",
            "column 'Staff Numbers' of the table on page 6 names no field of its table kind: "
            "its 2 figures are kept in raw_lines only",
        )
    ]


def test_finding_tables_keeps_no_line_once_it_returns() -> None:
    """Phrases are remembered per line of the document being read, in its memo (which holds
    the document weakly and no line), for both budget extractors' runs; a second run finds the
    same tables, and once the document is gone nothing of it is kept."""
    import gc
    import weakref

    from kentparse.budget import layout
    from kentparse.extractors.document_memo import per_document

    document = _document([Line(line.text, line.page, line.line, line.bbox, line.words) for line in KEY_SERVICES])
    first = layout.laid_tables(document, set())
    assert first and all(table.rows for table in first)
    assert layout._phrases_of == []
    remembered = per_document(document, "laid_tables:phrases", dict)
    assert 0 < len(remembered) <= len(document.lines)
    assert not any(isinstance(item, Line) for value in remembered.values() for item in value)
    again = layout.laid_tables(document, set())
    assert [table.headers for table in first] == [table.headers for table in again]
    assert [[row.values for row in table.rows] for table in first] == [[row.values for row in t.rows] for t in again]
    gone = weakref.ref(document)
    del document, remembered, first, again
    gc.collect()
    assert gone() is None
