"""pdfplumber's words and text lines of upright characters, without its per-word dicts.

pdfplumber's `WordExtractor` and `TextMap` build a dict with a bounding box for every word
and a tuple for every letter before a line or a cell's text comes out: a third of the reading
time (docs/profile.md). For upright characters (all of the KCC papers) the same result follows
from the same steps done directly, with pdfplumber's own clustering function:

- words: characters clustered into lines by `top` (`cluster_objects`' groups, `clusters`), each
  line sorted by x0; a word ends at a blank character, a step back, a gap wider than the x
  tolerance (a share of the previous character's size with `x_tolerance_ratio`) or a jump in
  `top` wider than the y tolerance; ligatures are expanded;
- text lines (`Page.extract_text_lines` without layout): the words, in that order, clustered
  by their top keeping their order (`preserve_order`), joined by single spaces, with the
  bounding box of their characters.

Anything else (a rotated character, a character with no text or with a space inside its text)
makes the callers use pdfplumber itself (`upright_only` is False).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from pdfplumber.utils.clustering import cluster_objects as _cluster_objects
from pdfplumber.utils.clustering import make_cluster_dict
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

Char = dict[str, Any]

#: pdfplumber's clustering, typed for dicts and tuples only; here it clusters words in order
cluster_objects: Any = _cluster_objects
_TOP = itemgetter("top")
_BOTTOM = itemgetter("bottom")
_X0 = itemgetter("x0")
_X1 = itemgetter("x1")
_TEXT = itemgetter("text")
_UPRIGHT = itemgetter("upright")
_LIGATURE = LIGATURES.get


_LIGATURES = frozenset(LIGATURES)


class PlainWord:
    """One word: its text, extent and characters (in the order of their x0)."""

    __slots__ = ("bottom", "chars", "text", "top", "x0", "x1")

    def __init__(self, chars: list[Char], ligatures: bool = True) -> None:
        """`ligatures`: whether any of the characters may be a ligature (to be expanded)."""
        self.chars = chars
        texts = list(map(_TEXT, chars))
        if ligatures and not _LIGATURES.isdisjoint(texts):
            self.text = "".join([_LIGATURE(text, text) for text in texts])
        else:
            self.text = "".join(texts)
        self.x0 = chars[0]["x0"]  # the characters come sorted by x0
        self.x1 = max(map(_X1, chars))
        self.top = min(map(_TOP, chars))
        self.bottom = max(map(_BOTTOM, chars))


def upright_only(chars: Sequence[Char]) -> bool:
    """Whether these functions give exactly pdfplumber's result for `chars`."""
    if not all(map(_UPRIGHT, chars)):
        return False
    return set(map(len, map(_TEXT, chars))) <= {1} or all(map(_plain, map(_TEXT, chars)))


def _plain(text: str) -> bool:
    return len(text) == 1 or (text != "" and (text.isspace() or not any(c.isspace() for c in text)))


def words(
    chars: Sequence[Char],
    x_tolerance: float = DEFAULT_X_TOLERANCE,
    x_tolerance_ratio: float | None = None,
    y_tolerance: float = DEFAULT_Y_TOLERANCE,
) -> list[PlainWord]:
    """The words of upright `chars`, in pdfplumber's order (line by line, left to right)."""
    found: list[PlainWord] = []
    ligatures = not _LIGATURES.isdisjoint(map(_TEXT, chars))
    for line in clusters(chars, _TOP, y_tolerance):
        word: list[Char] = []
        for char in sorted(line, key=_X0):
            if char["text"].isspace():
                if word:
                    found.append(PlainWord(word, ligatures))
                word = []
                continue
            if word:
                previous = word[-1]
                gap = x_tolerance if x_tolerance_ratio is None else x_tolerance_ratio * previous["size"]
                if (
                    char["x0"] < previous["x0"]
                    or char["x0"] > previous["x1"] + gap
                    or abs(char["top"] - previous["top"]) > y_tolerance
                ):
                    found.append(PlainWord(word, ligatures))
                    word = []
            word.append(char)
        if word:
            found.append(PlainWord(word, ligatures))
    return found


def clusters(items: Sequence[Any], key: Callable[[Any], float], tolerance: float) -> list[list[Any]]:
    """`cluster_objects(items, key, tolerance)` of pdfplumber: the items grouped by the cluster
    (`make_cluster_dict`) of their key, clusters in ascending order and the items of each in
    their order, without sorting a tuple per item."""
    keys = list(map(key, items))
    if not keys:
        return []
    cluster_of = make_cluster_dict(keys, tolerance)
    grouped: list[list[Any]] = [[] for _ in range(max(cluster_of.values()) + 1)]
    for item, value in zip(items, keys, strict=True):
        grouped[cluster_of[value]].append(item)
    return grouped


def text(chars: Sequence[Char], y_tolerance: float = DEFAULT_Y_TOLERANCE, **settings: Any) -> str:
    """`pdfplumber.utils.extract_text(chars, ...)` (without layout) of upright `chars`."""
    lines = clusters(words(chars, y_tolerance=y_tolerance, **settings), _word_top, y_tolerance)
    return "\n".join(" ".join(word.text for word in line) for line in lines)


def text_lines(
    chars: Sequence[Char], y_tolerance: float = DEFAULT_Y_TOLERANCE, **settings: Any
) -> list[tuple[Char, list[PlainWord]]]:
    """`extract_text_lines(strip=True, return_chars=True)` of upright `chars` (without layout),
    each line with its words in line order; empty lines left out."""
    found = []
    in_order = cluster_objects(words(chars, y_tolerance=y_tolerance, **settings), _word_top, y_tolerance, True)
    for line_words in in_order:
        line_text = " ".join(word.text for word in line_words)
        if not line_text:
            continue
        line = {
            "text": line_text,
            "x0": min(word.x0 for word in line_words),
            "top": min(word.top for word in line_words),
            "x1": max(word.x1 for word in line_words),
            "bottom": max(word.bottom for word in line_words),
            "chars": [char for word in line_words for char in word.chars],
        }
        found.append((line, line_words))
    return found


def _word_top(word: PlainWord) -> float:
    return float(word.top)
