"""Where text that resumes after a page break inside a risk block's head belongs.

A risk block's head is a row of columns (cause, event, consequence, owner, ratings). When a
page break cuts it, the next page prints only the columns that still have text: as a narrower
row of cells, whose positions need not match the columns (empty columns are dropped), or as
prose lines (a column printed alone, or several columns run into one line).

A column is *cut* when its text stops mid-sentence (a trailing comma, dash or connecting word
such as "of" or "and"), *open* when a text column (cause, event, consequence) stops without
closing punctuation, *closed* when it ends a sentence. Text that opens in lower case continues
a sentence, so it goes to a cut or open column; text that opens in upper case is a new
paragraph of the column continued last, unless a column was cut, which takes it (but a column
that was still running when the page broke may print a paragraph of its own in between).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

TEXT_ROLES = ("cause", "event", "consequence")
NAME_ROLES = ("owner",)
_CLOSING = (".", ";", ":", "?", "!", ")", "”", "’")
_CONNECTORS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "for",
        "with",
        "by",
        "on",
        "at",
        "from",
        "which",
        "that",
        "who",
        "are",
        "is",
        "be",
        "been",
        "was",
        "were",
        "may",
        "will",
        "would",
        "could",
        "should",
        "can",
        "its",
        "their",
        "as",
        "including",
        "such",
        "than",
    ]
)
_CUT_PUNCTUATION = (",", "-", "–", "—", "/", "&", "(")
#: a prose line that runs two columns together: a sentence end followed by lower-case text
_RUN_TOGETHER = re.compile(r"(?<=[.;])\s+(?=[a-z])")

_MOVE_RIGHT = 1.0
_MOVE_LEFT = 3.0
_NEW_PARAGRAPH_ON_CLOSED = 1.5
_SENTENCE_ON_CLOSED = 10.0
_CUT_LEFT_EMPTY = 5.0


@dataclass(frozen=True, slots=True)
class Column:
    """One head column: its position, role and the text it holds so far."""

    index: int
    role: str
    text: str

    @property
    def cut(self) -> bool:
        return is_cut(self.text)

    @property
    def open(self) -> bool:
        return self.role in TEXT_ROLES and bool(self.text) and not self.text.endswith(_CLOSING)

    @property
    def closed(self) -> bool:
        return self.role in TEXT_ROLES and bool(self.text) and not self.open


def is_cut(text: str) -> bool:
    """Text that stops mid-sentence: a trailing comma or dash, or a word that needs another."""
    stripped = text.rstrip()
    if not stripped:
        return False
    if stripped.endswith(_CUT_PUNCTUATION):
        return True
    last_word = stripped.rsplit(maxsplit=1)[-1].lower()
    return last_word in _CONNECTORS


def opens_sentence(text: str) -> bool:
    """Whether text opens in upper case (or a digit/quote): a new paragraph, not a continuation."""
    first = text.lstrip()[:1]
    return not first.islower()


def place_cells(cells: dict[int, str], columns: list[Column]) -> dict[int, str]:
    """Column index for each non-empty cell of a narrower row printed after a page break.

    Cells keep their order. The cheapest placement wins: a cell costs nothing in its own
    position, a little for each column it moves (more to the left: a leading empty cell says
    the text is not in the first column), much for continuing a closed sentence, and a cut
    column left without text costs too.
    """
    candidates = [c for c in columns if c.role in TEXT_ROLES + NAME_ROLES]
    positions = sorted(cells)
    best: tuple[float, tuple[Column, ...]] | None = None
    for chosen in itertools.combinations(candidates, len(positions)):
        cost = sum(_cost(position, cells[position], column) for position, column in zip(positions, chosen, strict=True))
        cost += sum(_CUT_LEFT_EMPTY for column in candidates if column.cut and column not in chosen)
        if best is None or cost < best[0]:
            best = (cost, chosen)
    if best is None:
        return {}
    return {column.index: cells[position] for position, column in zip(positions, best[1], strict=True)}


def _cost(position: int, text: str, column: Column) -> float:
    moved = column.index - position
    cost = moved * _MOVE_RIGHT if moved >= 0 else -moved * _MOVE_LEFT
    if column.closed:
        cost += _NEW_PARAGRAPH_ON_CLOSED if opens_sentence(text) else _SENTENCE_ON_CLOSED
    return cost


def place_prose(
    text: str, columns: list[Column], last_continued: int | None, running: list[int]
) -> list[tuple[int, str]]:
    """Column(s) for a prose line printed after a page break; [] when no column fits."""
    if not opens_sentence(text):
        targets = [c.index for c in columns if c.cut or c.open]
        pieces = _RUN_TOGETHER.split(text)
        if len(targets) >= len(pieces) > 1:
            return list(zip(sorted(targets[: len(pieces)]), pieces, strict=True))
        order = [*targets, *([last_continued] if last_continued is not None else []), *running]
        return [(order[0], text)] if order else []
    by_index = {c.index: c for c in columns}
    cut = [c.index for c in columns if c.cut]
    if last_continued is not None and by_index[last_continued].cut and last_continued not in running:
        # the column still running when the page broke prints its next paragraph between the
        # lines of the continued one
        order = [*running, *cut]
    else:
        order = [*cut, *([last_continued] if last_continued is not None else []), *running]
        order += [c.index for c in columns if c.open]
    return [(order[0], text)] if order else []
