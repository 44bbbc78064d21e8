"""Which row of a count table an area's KPI table belongs to.

Count tables and KPI tables name areas differently ("Environment and Transport" /
"Environment & Transport KPIs"; "Children, Young People and Education" over the two tables
"Education & Wider Early Help" and "Children's Social Care & Early Help"). An area is matched
by its words (rapidfuzz token-set similarity); an area that matches none takes the one count
row left unmatched between its neighbours' rows, the report listing both in the same order.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

MATCH_SCORE = 90.0
_NON_WORD = re.compile(r"[^\w]+")
_NOISE = re.compile(r"\b(?:kpis?)\b")


def _words(area: str) -> str:
    text = area.lower().replace("&", " and ")
    return " ".join(_NOISE.sub(" ", _NON_WORD.sub(" ", text)).split())


def _best(area: str, rows: list[str]) -> int | None:
    scores = [fuzz.token_set_ratio(_words(area), _words(row)) for row in rows]
    best = max(range(len(rows)), key=lambda index: scores[index], default=None)
    return best if best is not None and scores[best] >= MATCH_SCORE else None


def align_areas(rows: list[str], areas: list[str]) -> dict[str, str]:
    """KPI-table area → count-table row area, for the areas that can be placed."""
    matched = [_best(area, rows) for area in areas]
    taken = {index for index in matched if index is not None}
    mapping = {area: rows[index] for area, index in zip(areas, matched, strict=True) if index is not None}
    for position, area in enumerate(areas):
        if matched[position] is not None:
            continue
        before = max((i for i in matched[:position] if i is not None), default=-1)
        after = min((i for i in matched[position + 1 :] if i is not None), default=len(rows))
        free = [index for index in range(before + 1, after) if index not in taken]
        if len(free) == 1:
            mapping[area] = rows[free[0]]
    return mapping
