"""A stable key for a KPI across reports, whose printed name drifts between quarters.

A name is normalised (case, quotes, "Percentage of" → "% of", "&" → "and", punctuation) and
matched with rapidfuzz against the reviewed names of `data/kpi_aliases.csv` (kpi_key, name:
several names per key). A name that matches none gets a key made from its normalised words.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

MATCH_SCORE = 92.0
_REPLACEMENTS = (
    (re.compile(r"[‘’`´]"), "'"),
    (re.compile(r"[“”]"), '"'),
    (re.compile(r"[–—]"), "-"),
    (re.compile(r"^\s*percentage\s+of\b"), "% of"),
    (re.compile(r"&"), " and "),
)
_NON_WORD = re.compile(r"[^\w%]+")


def normalise_kpi_name(name: str) -> str:
    text = name.lower()
    for pattern, replacement in _REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def slug(name: str) -> str:
    words = normalise_kpi_name(name).replace("%", "pct").split()
    return "-".join(words)[:80].rstrip("-")


@cache
def _aliases() -> dict[str, str]:
    """Normalised alias → kpi_key, from the reviewed alias file."""
    text = resources.files("kentparse.data").joinpath("kpi_aliases.csv").read_text(encoding="utf-8")
    return {normalise_kpi_name(row["name"]): row["kpi_key"] for row in csv.DictReader(text.splitlines())}


def kpi_key(name: str) -> str:
    normalised = normalise_kpi_name(name)
    aliases = _aliases()
    if normalised in aliases:
        return aliases[normalised]
    best = process.extractOne(normalised, list(aliases), scorer=fuzz.ratio, score_cutoff=MATCH_SCORE)
    if best is not None:
        return aliases[best[0]]
    return slug(name)
