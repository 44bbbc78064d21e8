"""The number parser: exact decimals, signs, brackets, units, and what is not a number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kentparse.numbers import parse_number, to_millions


@pytest.mark.parametrize(
    ("text", "value", "status", "unit"),
    [
        ("4.4", Decimal("4.4"), "number", None),
        ("(4.4)", Decimal("-4.4"), "number", None),
        ("-4.4", Decimal("-4.4"), "number", None),
        ("+1.6", Decimal("1.6"), "number", None),
        ("-0.0", Decimal("0.0"), "number", None),
        ("21,600", Decimal("21600"), "number", None),
        ("-21,600", Decimal("-21600"), "number", None),
        ("£35.6m", Decimal("35.6"), "number", "£m"),
        ("+£35.6m", Decimal("35.6"), "number", "£m"),
        ("(£1.2bn)", Decimal("-1.2"), "number", "£bn"),
        ("£50k", Decimal("50"), "number", "£k"),
        ("£1,230", Decimal("1230"), "number", "£"),
        ("97%", Decimal("97"), "number", "%"),
        ("−3", Decimal("-3"), "number", None),
        ("", None, "empty", None),
        ("  ", None, "empty", None),
        ("-", Decimal(0), "nil", None),
        ("nil", Decimal(0), "nil", None),
        ("TBC", None, "text", None),
        ("Delivered", None, "text", None),
        ("Not Approved", None, "text", None),
        ("(4.4", None, "text", None),
        ("1.2.3", None, "text", None),
        ("12.5¹", Decimal("12.5"), "number", None),
    ],
)
def test_parse_number(text: str, value: Decimal | None, status: str, unit: str | None) -> None:
    parsed = parse_number(text)
    assert (parsed.value, parsed.status, parsed.unit, parsed.text) == (value, status, unit, text)


@pytest.mark.parametrize(
    ("value", "unit", "millions"),
    [
        (Decimal("21600"), "£k", Decimal("21.6")),
        (Decimal("21600"), "£000s", Decimal("21.6")),
        (Decimal("1.2"), "£bn", Decimal("1200")),
    ],
)
def test_to_millions(value: Decimal, unit: str, millions: Decimal) -> None:
    assert to_millions(value, unit) == millions


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_printed_forms_round_trip(value: Decimal) -> None:
    plain = f"{value:.2f}"
    with_commas = f"{value:,.2f}"
    bracketed = f"({abs(value):,.2f})"
    assert parse_number(plain).value == value
    assert parse_number(with_commas).value == value
    assert parse_number(bracketed).value == -abs(value)


@given(st.text(max_size=30))
def test_never_raises(text: str) -> None:
    parsed = parse_number(text)
    assert parsed.status in ("number", "empty", "nil", "text")
    assert (parsed.value is None) == (parsed.status in ("empty", "text"))
