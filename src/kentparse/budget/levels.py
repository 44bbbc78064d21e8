"""Which level a budget row stands at, from its label."""

from __future__ import annotations

import re

from kentparse.budget.directorates import canonical_directorate
from kentparse.budget.records import BudgetLevel

_TOTAL = re.compile(
    r"^\s*(?:total\b|general fund\b|overall\b|grand total\b|directorates? position\b|net total\b)", re.I
)


def is_total_label(name: str) -> bool:
    return bool(_TOTAL.match(name))


def label_level(name: str) -> tuple[BudgetLevel | None, str | None]:
    """("directorate", canonical) for a directorate, ("total", None) for a total, else (None, None)."""
    directorate = canonical_directorate(name)
    if directorate:
        return "directorate", directorate
    if is_total_label(name):
        return "total", None
    return None, None
