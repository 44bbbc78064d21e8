"""Risk scales and how ratings are printed: "High (25)", "V. Likely (5)", "Low = 1-6".

The default scales are the 5 × 5 matrix councils' risk management policies use (and the
4 January 2024 KCC register prints): likelihood Very Unlikely (1) … Very Likely (5), impact
Minor (1) … Major (5), levels Low 1-6, Medium 8-15, High 16-25. A paper that prints its
scales is read with its own (see `risk_scales` records); these apply where none is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kentparse.risk_records import Level

DEFAULT_LIKELIHOOD: dict[str, int] = {
    "very unlikely": 1,
    "unlikely": 2,
    "possible": 3,
    "likely": 4,
    "very likely": 5,
}
DEFAULT_IMPACT: dict[str, int] = {"minor": 1, "moderate": 2, "significant": 3, "serious": 4, "major": 5}
DEFAULT_LEVELS: dict[Level, tuple[int, int]] = {"low": (1, 6), "medium": (8, 15), "high": (16, 25)}

#: a label and its number: "Possible (3)", "V. Likely (5)", "Very unlikely (1)"
SCALE_VALUE = re.compile(r"(?P<label>(?:(?:V\.|Very)\s*)?[A-Za-z]+)\s*\(\s*(?P<number>\d)\s*\)")
#: a printed rating: "High (25)", "Medium(9)"
RATING = re.compile(r"^\s*(?P<level>low|medium|high)\s*\(\s*(?P<score>\d{1,2})\s*\)", re.I)
#: a printed level band: "Low = 1-6", "High =16-25"
LEVEL_BAND = re.compile(
    r"^\s*(?P<level>low|medium|high)\s*[=:]\s*(?P<low>\d{1,2})\s*[-–]\s*(?P<high>\d{1,2})\s*$", re.I
)


@dataclass(frozen=True, slots=True)
class ScaleValue:
    label: str
    number: int


@dataclass(frozen=True, slots=True)
class Rating:
    level: Level
    score: int


def canonical_label(label: str) -> str:
    """A scale label in one spelling: "V. Likely" → "very likely"."""
    words = re.sub(r"^v\.\s*", "very ", label.strip().lower())
    return " ".join(words.split())


def scale_values(text: str) -> list[ScaleValue]:
    return [ScaleValue(m.group("label").strip(), int(m.group("number"))) for m in SCALE_VALUE.finditer(text)]


def parse_rating(text: str) -> Rating | None:
    match = RATING.match(text)
    if match is None:
        return None
    level = match.group("level").lower()
    assert level in ("low", "medium", "high")
    return Rating(level, int(match.group("score")))  # type: ignore[arg-type]


def band_of(score: int, bands: dict[Level, tuple[int, int]] | None = None) -> Level | None:
    for level, (low, high) in (bands or DEFAULT_LEVELS).items():
        if low <= score <= high:
            return level
    return None


_RISK_ID = re.compile(r"^\s*(?P<prefix>[A-Z]{2,5})\s*-?\s*(?P<digits>\d{1,5})\b")
_ID_DIGITS = 4


@dataclass(frozen=True, slots=True)
class RiskId:
    canonical: str
    #: True when the printed id differed from the canonical one beyond footnote marks
    normalised: bool
    printed: str


def parse_risk_id(text: str) -> RiskId | None:
    """A register's risk id in canonical form: "CRR052" → "CRR0052", "CRR0009**" → "CRR0009"."""
    match = _RISK_ID.match(text)
    if match is None:
        return None
    digits = match.group("digits")
    canonical = f"{match.group('prefix')}{int(digits):0{_ID_DIGITS}d}"
    printed = match.group(0).strip()
    return RiskId(canonical, printed.replace(" ", "").replace("-", "") != canonical, printed)


_DIRECTIONS = {"↔": "unchanged", "↑": "up", "↓": "down", "⬆": "up", "⬇": "down", "→": "unchanged"}


def direction_of(text: str) -> str | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    return _DIRECTIONS.get(cleaned, cleaned)
