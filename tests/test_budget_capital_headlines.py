"""Capital headline figures stated in a budget monitoring report, and their check against the
capital-by-directorate total."""

from __future__ import annotations

from decimal import Decimal

from kentparse.extractors.budget_headlines import HeadlineFigure
from kentparse.pipeline import parse_bytes

REPORT = "\n".join(
    [
        "Revenue and Capital Budget Monitoring Report - December 2026-27",
        "The forecast outturn capital position is a real overspend of £4.0m and a rephasing variance of -£20.0m.",
        "Library refurbishment: a real variance of £0.2m is forecast.",
        "The revenue forecast is an overspend of £9.0m.",
    ]
)


def test_capital_figures_are_read_only_where_the_capital_position_is_stated() -> None:
    records = parse_bytes("capital.txt", REPORT.encode()).extracted.records
    figures = [(r.measure, r.amount, r.line) for r in records if isinstance(r, HeadlineFigure)]
    assert figures == [
        ("capital_real_variance", Decimal("4.0"), 2),
        ("capital_rephasing_variance", Decimal("20.0"), 2),
        ("general_fund_variance", Decimal("9.0"), 4),
    ]
