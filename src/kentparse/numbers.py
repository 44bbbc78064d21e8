"""Numbers as councils print them: "(4.4)", "-4.4", "+1.6", "£35.6m", "21,600", "97%", "nil", "-".

`parse_number` keeps what kind of cell it read: a number, an empty cell (null, never zero),
a nil marker ("nil", "-", "–": zero), or words ("TBC", "Delivered", "Not Approved").
Values are exact `Decimal`s; `to_millions` converts between £, £k/£000s, £m and £bn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from kentparse.cleaning import without_footnote_marks

Status = Literal["number", "empty", "nil", "text"]

_NIL = frozenset({"nil", "-", "–", "—", "n/a nil"})
_NUMBER = re.compile(
    r"""^(?P<sign>[-+−–])?\s*(?P<open>\()?\s*(?P<sign2>[-+−–])?\s*(?P<currency>£)?\s*
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*
    (?P<unit>%|bn|m|k|p)?\s*(?P<close>\))?$""",
    re.X | re.I,
)
_SCALE_TO_MILLIONS = {
    "£": Decimal("0.000001"),
    "£k": Decimal("0.001"),
    "£000s": Decimal("0.001"),
    "£m": Decimal(1),
    "£bn": Decimal(1000),
}


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    value: Decimal | None
    status: Status
    #: "%", "£", "£k", "£m", "£bn" when printed with the number, else None
    unit: str | None
    text: str


def parse_number(text: str | None) -> ParsedNumber:
    printed = "" if text is None else text
    cleaned = " ".join(without_footnote_marks(printed).replace("\u00a0", " ").split())
    if not cleaned:
        return ParsedNumber(None, "empty", None, printed)
    if cleaned.lower() in _NIL:
        return ParsedNumber(Decimal(0), "nil", None, printed)
    match = _NUMBER.match(cleaned)
    if match is None or bool(match.group("open")) != bool(match.group("close")):
        return ParsedNumber(None, "text", None, printed)
    try:
        value = Decimal(match.group("digits").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return ParsedNumber(None, "text", None, printed)
    negative = match.group("open") is not None
    for sign in (match.group("sign"), match.group("sign2")):
        if sign and sign != "+":
            negative = not negative
    return ParsedNumber(-value if negative else value, "number", _unit(match), printed)


def _unit(match: re.Match[str]) -> str | None:
    suffix = (match.group("unit") or "").lower()
    if suffix == "%":
        return "%"
    if match.group("currency"):
        return {"": "£", "k": "£k", "m": "£m", "bn": "£bn"}.get(suffix, "£")
    return None


def to_millions(value: Decimal, unit: str) -> Decimal:
    """A money value in £m, from the unit it was printed in ("£", "£k", "£000s", "£m", "£bn")."""
    return value * _SCALE_TO_MILLIONS[unit]
