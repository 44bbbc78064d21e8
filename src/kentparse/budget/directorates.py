"""Directorate names canonicalised with rapidfuzz against `data/directorates.csv`.

A `parent` column names the directorate a budget is reported within in service-level tables
(Public Health's key services sit inside Adult Social Care & Health's).
The printed name is never edited: callers keep it and store the canonical name beside it.
Abbreviations ("ASCH") match exactly; full names match fuzzily (apostrophes, "and"/"&",
commas and a "Total - " prefix do not matter).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

_TOTAL_PREFIX = re.compile(r"^\s*total\s*[-–—:]?\s*", re.I)
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*$")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def _normalise(name: str) -> str:
    text = name.lower().replace("’", "'").replace(" and ", " & ")
    text = _NON_WORD.sub(" ", text.replace("&", " and "))
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files("kentparse.data").joinpath("directorates.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {_normalise(row["alias"]): row["canonical"] for row in _rows()}


def parent_directorate(canonical: str | None) -> str | None:
    """The directorate a directorate-like budget is reported within (Public Health within ASCH)."""
    return next((row["parent"] or None for row in _rows() if row["canonical"] == canonical), None)


def canonical_directorate(name: str | None, cutoff: float = 92.0) -> str | None:
    """The canonical directorate a printed name stands for, or None when it names none."""
    if not name or not name.strip():
        return None
    key = _normalise(_PARENTHETICAL.sub("", _TOTAL_PREFIX.sub("", name)))
    aliases = _aliases()
    if key in aliases:
        return aliases[key]
    if len(key) <= 5:
        return None
    match = process.extractOne(key, list(aliases), scorer=fuzz.ratio, score_cutoff=cutoff)
    return aliases[match[0]] if match else None
