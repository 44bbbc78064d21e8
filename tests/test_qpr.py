"""Quarterly Performance Reports: KPI rows, counts, detail boxes, arrows and their reconciliation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from golden import KCC, SAMPLES, parsed
from kentparse.cli import app
from kentparse.extractors.kpi_common import Kpi, KpiDetail, parse_direction, parse_kpi_value, parse_rag
from kentparse.extractors.kpi_stated import stated_counts
from kentparse.kpi_keys import kpi_key
from kentparse.model import Cell, Row, Table
from kentparse.sources.pdf_arrows import arrow_direction, mark_arrow_cells
from kentparse.validate.kpi_areas import align_areas
from kentparse.validate.kpis import expected_rag

PACK = SAMPLES / "cabinet_agenda_pack_2024-01-04.txt"
QPR_PDF = KCC / "cabinet" / "2025-03-04" / "originals" / "QPR Q3 Cabinet appendix 1.pdf"
COVER_PDF = KCC / "cabinet" / "2025-03-04" / "originals" / "Cabinet QPR Q3 Cover.pdf"
needs_pdf = pytest.mark.skipif(not QPR_PDF.exists(), reason=f"{QPR_PDF} absent (../shared not mounted)")

RED_LATEST_SQL = """
SELECT area, name, rag, previous_rag
FROM kpis
WHERE period = (SELECT max(period) FROM kpis) AND rag = 'red'
ORDER BY area, name
"""


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "15 of the 38 indicators are rated as Green, on or ahead of target (one fewer than last Quarter).",
            [("total", 38), ("green", 15)],
        ),
        (
            "15 indicators reached or exceeded the floor standard and are rated Amber (four more than last quarter)"
            " with 8 indicators not achieving the floor standard and so RAG rated Red (three fewer than last Quarter).",
            [("amber", 15), ("red", 8)],
        ),
        (
            "2.4. With regards to Direction of Travel, seven indicators show a positive trend (three more than the"
            " previous Quarter), 19 are stable or with no clear trend (five fewer than the previous Quarter), and 12"
            " are showing a negative trend (two more than the previous Quarter).",
            [("improving", 7), ("stable", 19), ("worsening", 12)],
        ),
        ("Nine KPIs did not meet the floor standard (Red).", [("red", 9)]),
        ("Percentage of Freedom of Information Act (Fol) requests completed within 20 working days", []),
    ],
)
def test_stated_counts_of_a_sentence(sentence: str, expected: list[tuple[str, int]]) -> None:
    assert stated_counts(sentence) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("GREEN", "green"), ("Amber", "amber"), ("R", "red"), ("*", None), ("", None)],
)
def test_parse_rag(text: str, expected: str | None) -> None:
    assert parse_rag(text) == expected


def test_parse_rag_rejects_other_words() -> None:
    with pytest.raises(ValueError, match="unrecognised RAG rating 'Blue'"):
        parse_rag("Blue")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("↑", "improving"), ("↓", "worsening"), ("⇩", "worsening"), ("⇒", "stable"), ("→", "stable"), ("", None)],
)
def test_parse_direction(text: str, expected: str | None) -> None:
    assert parse_direction(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("97%", "Percentage of calls", (Decimal(97), "%")),
        ("10,323", "Greenhouse Gas emissions in tonnes", (Decimal(10323), "tonnes")),
        ("175", "Average no. of days between becoming a child in care and moving in", (Decimal(175), "days")),
        ("553", "Long Term support needs ... per 100,000", (Decimal(553), "rate per 100,000")),
        ("120 days", "Time to adoption", (Decimal(120), "days")),
    ],
)
def test_parse_kpi_value(text: str, name: str, expected: tuple[Decimal, str]) -> None:
    assert parse_kpi_value(text, name) == expected


@pytest.mark.parametrize(
    ("value", "target", "floor", "expected"),
    [
        ("97", "97", "90", "green"),
        ("94", "97", "90", "amber"),
        ("71", "85", "80", "red"),
        ("35", "50", "60", "green"),  # lower is better: target below floor
        ("10.5", "9.0", "10.5", "amber"),
        ("613", "700", "650", "red"),
        ("5", "5", "5", None),  # target = floor: which way is better is unknown
    ],
)
def test_expected_rag(value: str, target: str, floor: str, expected: str | None) -> None:
    assert expected_rag(Decimal(value), Decimal(target), Decimal(floor)) == expected


def test_kpi_key_follows_reviewed_renames_and_typography() -> None:
    assert kpi_key("Number of first-time entrants to youth justice system – rolling 12 months") == kpi_key(
        "Rate of first-time entrants to youth justice system – rolling 12 months"
    )
    assert kpi_key("% of pupils (with EHCP's) being placed in independent schools") == kpi_key(
        "Percentage of pupils (with EHCP’s) being placed in independent schools"
    )
    assert kpi_key("Number of foster households") != kpi_key("Number of Adults accessing structured treatment")


def test_align_areas_places_unnamed_tables_between_their_neighbours() -> None:
    rows = ["Customer Services", "Environment and Transport", "Children, Young People and Education", "Public Health"]
    areas = [
        "Customer Services",
        "Environment & Transport",
        "Education & Wider Early Help",
        "Children's Social Care & Early Help",
        "Public Health",
    ]
    assert align_areas(rows, areas) == {
        "Customer Services": "Customer Services",
        "Environment & Transport": "Environment and Transport",
        "Education & Wider Early Help": "Children, Young People and Education",
        "Children's Social Care & Early Help": "Children, Young People and Education",
        "Public Health": "Public Health",
    }


def _arrow(points: list[tuple[float, float]]) -> dict[str, Any]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys), "pts": points}


# an up arrow measured on the QPR's key: tip at the top, head base, square shaft end at the bottom
_UP_ARROW = [
    (115.7, 255.1),
    (120.1, 263.9),
    (116.5, 262.2),
    (116.5, 267.7),
    (114.9, 267.7),
    (114.9, 262.2),
    (111.3, 263.9),
]


@pytest.mark.parametrize("mirrored", [False, True])
def test_arrow_direction_in_either_point_frame(mirrored: bool) -> None:
    height = 841.9
    down = [(x, 255.1 + 267.7 - y) for x, y in _UP_ARROW]
    right = [(300.0 - y, x) for x, y in _UP_ARROW]  # turned a quarter clockwise: tip to the right

    def frame(points: list[tuple[float, float]]) -> dict[str, Any]:
        curve = _arrow(points)
        if mirrored:
            curve["pts"] = [(x, height - y) for x, y in points]
        return curve

    assert arrow_direction([frame(_UP_ARROW)], height) == "↑"
    assert arrow_direction([frame(down)], height) == "↓"
    assert arrow_direction([frame(right)], height) == "⇒"


def test_arrow_direction_ignores_big_drawings() -> None:
    logo = [(x * 10, y) for x, y in _UP_ARROW]
    assert arrow_direction([_arrow(logo)], 841.9) is None


def _findings(source: Path, prefix: str = "kpi") -> list[tuple[str, str, str | None, str | None]]:
    return [
        (f.check, f.message, f.expected, f.actual)
        for f in parsed(source).extracted.findings
        if f.check.startswith(prefix)
    ]


def test_text_qpr_direction_counts_do_not_add_up() -> None:
    assert _findings(PACK) == [
        ("kpi_stated_count", "2023/24 Q2: the report states 7 KPIs improving, its KPI tables have 5", "7", "5"),
        ("kpi_stated_count", "2023/24 Q2: the report states 12 KPIs worsening, its KPI tables have 14", "12", "14"),
        (
            "kpi_area_summary",
            "2023/24 Q2 executive summary: Environment and Transport counts 2 improving, the rows of its KPI "
            "tables (Environment & Transport) have 0",
            "2",
            "0",
        ),
        (
            "kpi_area_summary",
            "2023/24 Q2 executive summary: Environment and Transport counts 1 worsening, the rows of its KPI "
            "tables (Environment & Transport) have 3",
            "1",
            "3",
        ),
        ("kpi_area_summary", "2023/24 Q2 executive summary: TOTAL counts 7 improving, its KPI rows have 5", "7", "5"),
        (
            "kpi_area_summary",
            "2023/24 Q2 executive summary: TOTAL counts 12 worsening, its KPI rows have 14",
            "12",
            "14",
        ),
        (
            "kpi_area_summary",
            "2023/24 Q2 directorate summary: Environment and Transport counts 2 improving, the rows of its KPI "
            "tables (Environment & Transport) have 0",
            "2",
            "0",
        ),
        (
            "kpi_area_summary",
            "2023/24 Q2 directorate summary: Environment and Transport counts 1 worsening, the rows of its KPI "
            "tables (Environment & Transport) have 3",
            "1",
            "3",
        ),
    ]


def test_text_qpr_tables_are_not_claimed_by_other_kinds_and_others_not_by_it() -> None:
    result = parsed(PACK)
    kpi_kinds = {"kpi_rag_table", "kpi_area_summary"}
    titles = [t.title or "" for t in result.tables if result.table_kinds.get(t.table_no) in kpi_kinds]
    assert len(titles) == 16  # 1 executive summary + 8 area KPI tables + 7 directorate KPI summaries
    assert sum(1 for r in result.extracted.records if isinstance(r, Kpi)) == 38
    assert not [r for r in result.extracted.rejects if r.kind.startswith("kpi")]


@needs_pdf
def test_pdf_qpr_reads_every_kpi_with_its_arrow_and_detail_box() -> None:
    result = parsed(QPR_PDF)
    kpis = [r for r in result.extracted.records if isinstance(r, Kpi)]
    details = [r for r in result.extracted.records if isinstance(r, KpiDetail)]
    assert (len(kpis), len(details)) == (38, 38)
    assert all(k.direction is not None for k in kpis)
    assert all(None not in (k.value, k.target, k.floor) for k in kpis)
    assert [(k.rag, k.previous_rag, k.direction_text, k.value_text, k.target, k.floor) for k in kpis[:3]] == [
        ("green", "green", "↓", "97%", Decimal(97), Decimal(90)),
        ("green", "amber", "⇒", "94%", Decimal(90), Decimal(85)),
        ("red", "red", "⇒", "71%", Decimal(85), Decimal(80)),
    ]


@needs_pdf
def test_pdf_qpr_key_arrows_read_as_their_labels() -> None:
    result = parsed(QPR_PDF)
    key = next(t for t in result.tables if any("Performance is improving" in x for x in t.rows[3].texts))
    assert [row.texts[0] for row in key.rows[3:6]] == ["↑", "↓", "⇒"]


@needs_pdf
def test_pdf_qpr_findings() -> None:
    # everything reconciles; the footnote mark after "38" is read as a superscript ("38¹"), not as "381"
    assert _findings(QPR_PDF) == []


def test_readme_query_red_kpis_with_previous_rag(tmp_path: Path) -> None:
    db = tmp_path / "qpr.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(PACK), "--db", str(db)])
    assert result.exit_code in (0, 1), result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(RED_LATEST_SQL).fetchall()
    assert rows[:2] == [
        ("Adult Social Care", "% of new Care Needs Assessments delivered within 28 days", "red", "red"),
        (
            "Children's Social Care & Early Help",
            "% of case holding posts filled by permanent qualified social workers",
            "red",
            "amber",
        ),
    ]
    assert len(rows) == 8


def test_mark_arrow_cells_fills_only_empty_cells_holding_an_arrow() -> None:
    arrow = _arrow(_UP_ARROW)
    empty = Cell("", (100.0, 250.0, 130.0, 270.0))
    texted = Cell("GREEN", (100.0, 250.0, 130.0, 270.0))
    elsewhere = Cell("", (200.0, 250.0, 230.0, 270.0))
    table = Table(rows=[Row((empty, texted, elsewhere), page=1)], page=1, bbox=(0.0, 0.0, 600.0, 800.0))
    marked = mark_arrow_cells(table, [arrow], 841.9)
    assert marked.rows[0].texts == ["↑", "GREEN", ""]
