"""Prepare a PDF page's characters before any text or table extraction.

Two kinds of characters garble pdfplumber's lines and cells:

- exact duplicates (fake bold: the same glyph painted twice within a point); dropped as
  pdfplumber's `dedupe_chars` would (which is far slower on a page of thousands of chars).
- ghost text: a whole run of characters printed on top of other text. Spreadsheet exports
  repeat a section heading such as "Significant Risks (over £10m)" on every page over the first
  row, where it is clipped away and invisible; pdfplumber still reports it, and its letters
  interleave with the row's ("ASLiLgnifican").  A ghost run collides with several runs of real
  text at once; we drop runs greedily until no two runs overlap: first the run colliding with
  the most other runs, on a tie the one with fewer letters (a "Page 14" stamp printed over a
  line of body text goes, not the line), then the one painted first (underneath).

A "run" is what a PDF text-showing operator paints: consecutive characters (in content-stream
order) in one font and size on one baseline, advancing left to right by less than an em (a
longer jump starts a new run: the next cell of a table row).

`text_lines` gives the page's text lines, each with its words with their x positions (`Line.words`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import pairwise
from operator import itemgetter
from typing import Any

from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.text import TEXTMAP_KWARGS, WordExtractor

from kentparse.model import Word
from kentparse.sources import pdf_words

Char = dict[str, Any]

_TOP, _BOTTOM, _X0, _X1 = itemgetter("top"), itemgetter("bottom"), itemgetter("x0"), itemgetter("x1")

#: how pdfplumber joins characters into words, for lines, words and table cells alike: a gap
#: wider than 0.15 of the font size starts a new word.  pdfplumber's default (a fixed 3 pt)
#: swallows the narrow justified spaces of 10-11 pt text ("EstateProgrammethrough").
TEXT_SETTINGS: dict[str, Any] = {"x_tolerance_ratio": 0.15}

#: two characters collide when their boxes overlap by this share of the smaller one's width ...
_MIN_X_OVERLAP = 0.3
#: ... and this share of the smaller one's height (adjacent lines of tight leading touch less)
_MIN_Y_OVERLAP = 0.5
#: characters of one run share a baseline within this many points
_RUN_TOP_TOLERANCE = 1.0
#: a character repeating another this close (points) is a duplicate (fake bold)
_DUPLICATE_TOLERANCE = 1.0
#: side of the square grid cells used to find colliding characters (points)
_GRID = 20.0


def hidden_chars(chars: Sequence[Char]) -> list[Char]:
    """Duplicate characters, and the characters of every run dropped to leave no two runs
    overlapping."""
    runs = _runs(chars)
    duplicates: list[Char] = []
    collisions = _run_collisions(runs, duplicates)
    dropped: set[int] = set()
    while True:
        live = {run: {other for other in others if other not in dropped} for run, others in collisions.items()}
        live = {run: others for run, others in live.items() if others and run not in dropped}
        if not live:
            break
        worst = max(live, key=lambda run: (len(live[run]), -_letters(runs[run]), -run))
        dropped.add(worst)
    return duplicates + [char for index in sorted(dropped) for char in runs[index]]


def _letters(run: list[Char]) -> int:
    return sum(1 for char in run if char["text"].strip())


def _runs(chars: Sequence[Char]) -> list[list[Char]]:
    """The characters cut into runs: a character continues the run of the one before it when it
    has the same font, size and orientation, sits on its baseline (within a point) and starts
    between a point left of its start and an em right of its end."""
    runs: list[list[Char]] = []
    run: list[Char] = []
    previous: Char | None = None
    for char in chars:
        if (
            previous is not None
            and char["fontname"] == previous["fontname"]
            and abs(char["size"] - previous["size"]) < 0.01
            and char["upright"] == previous["upright"]
            and abs(char["top"] - previous["top"]) <= _RUN_TOP_TOLERANCE
            and previous["x0"] - _RUN_TOP_TOLERANCE <= char["x0"] <= previous["x1"] + previous["size"]
        ):
            run.append(char)
        else:
            run = [char]
            runs.append(run)
        previous = char
    return runs


def _run_collisions(runs: list[list[Char]], duplicates: list[Char]) -> dict[int, set[int]]:
    """For each run index, the indices of the other runs one of its characters collides with.

    A character repeating an earlier one (same glyph and font within a point, as
    pdfplumber's `dedupe_chars`) is appended to `duplicates` instead.

    Only runs whose ink comes within a point of another run's can collide with it or repeat its
    characters (`_crowded`); the characters of every other run are only checked against their
    own run, and not at all when they advance by more than a point each (no repeats possible).
    """
    inks = [[char for char in run if char["text"].strip()] for run in runs]
    crowded = _crowded(inks)
    grid: dict[tuple[int, int], list[tuple[int, Char]]] = defaultdict(list)
    collisions: dict[int, set[int]] = defaultdict(set)
    for index, ink in enumerate(inks):
        if index in crowded:
            _check_run(index, ink, grid, collisions, duplicates)
        elif not _advances(ink):
            _check_run(index, ink, defaultdict(list), collisions, duplicates)
    return collisions


def _check_run(
    index: int,
    ink: list[Char],
    grid: dict[tuple[int, int], list[tuple[int, Char]]],
    collisions: dict[int, set[int]],
    duplicates: list[Char],
) -> None:
    """Test each ink character of run `index` against those already in `grid`, then add it."""
    for char in ink:
        cells = _grid_cells(char)
        neighbours = [(other_index, other) for cell in cells for other_index, other in grid[cell]]
        if any(_duplicate(char, other) for _, other in neighbours):
            duplicates.append(char)
            continue
        for other_index, other in neighbours:
            if other_index != index and _collide(char, other):
                collisions[index].add(other_index)
                collisions[other_index].add(index)
        for cell in cells:
            grid[cell].append((index, char))


def _advances(ink: list[Char]) -> bool:
    """Every ink character starts more than a point right of the one before: none repeats another."""
    x0s = list(map(_X0, ink))
    return all(later - earlier > _DUPLICATE_TOLERANCE for earlier, later in pairwise(x0s))


def _crowded(inks: list[list[Char]]) -> set[int]:
    """Indices of the runs whose ink box meets another run's, both grown by half a point on every
    side (characters a point apart or less, which may repeat each other, make their runs meet)."""
    grow = _DUPLICATE_TOLERANCE / 2
    boxes = []
    for index, ink in enumerate(inks):
        if ink:
            top = min(map(_TOP, ink)) - grow
            bottom = max(map(_BOTTOM, ink)) + grow
            x0 = min(map(_X0, ink)) - grow
            x1 = max(map(_X1, ink)) + grow
            boxes.append((top, bottom, x0, x1, index))
    boxes.sort()
    crowded: set[int] = set()
    active: list[tuple[float, float, float, float, int]] = []
    for box in boxes:
        top, _, x0, x1, index = box
        active = [other for other in active if other[1] >= top]
        for other in active:
            if other[2] <= x1 and x0 <= other[3]:
                crowded.update((index, other[4]))
        active.append(box)
    return crowded


def _grid_cells(char: Char) -> list[tuple[int, int]]:
    xs = range(int(char["x0"] // _GRID), int(char["x1"] // _GRID) + 1)
    ys = range(int(char["top"] // _GRID), int(char["bottom"] // _GRID) + 1)
    return [(x, y) for x in xs for y in ys]


def _duplicate(char: Char, other: Char) -> bool:
    return bool(
        char["text"] == other["text"]
        and char["fontname"] == other["fontname"]
        and abs(char["size"] - other["size"]) < 0.01
        and abs(char["x0"] - other["x0"]) <= _DUPLICATE_TOLERANCE
        and abs(char["top"] - other["top"]) <= _DUPLICATE_TOLERANCE
    )


def _collide(a: Char, b: Char) -> bool:
    x_overlap = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    y_overlap = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    width = min(a["x1"] - a["x0"], b["x1"] - b["x0"])
    height = min(a["bottom"] - a["top"], b["bottom"] - b["top"])
    return bool(x_overlap > _MIN_X_OVERLAP * width and y_overlap > _MIN_Y_OVERLAP * height)


#: one object for each equal word text and position, so that a long document's hundreds of
#: thousands of words share them (most texts and column positions repeat); cleared when full,
#: and when a process starts reading another document (`share_anew`): what is shared between
#: documents saves nothing once each is pickled or loaded, and would grow a worker that reads
#: many parts of a pack
_SHARED: dict[Any, Any] = {}
_SHARED_LIMIT = 200_000


def share_anew() -> None:
    """Forget the values shared so far (a new document is being read)."""
    _SHARED.clear()


def _sharing() -> Callable[[Any, Any], Any]:
    """The shared values' `setdefault` (emptied first when full)."""
    if len(_SHARED) > _SHARED_LIMIT:
        _SHARED.clear()
    return _SHARED.setdefault


def shared(value: Any) -> Any:
    """`value`, or the equal object met before (words and positions repeat across lines)."""
    return _sharing()(value, value)


def shared_point(value: float) -> float:
    """A coordinate rounded to a hundredth of a point, shared with equal ones."""
    return float(shared(round(float(value), 2)))


def _shared_words(found: list[pdf_words.PlainWord]) -> tuple[Word, ...]:
    """The words, their texts and rounded positions shared as `shared` and `shared_point` do
    (written out: this runs for every word of every page)."""
    keep = _sharing()
    words = []
    for word in found:
        x0, x1 = round(float(word.x0), 2), round(float(word.x1), 2)
        words.append(Word(keep(word.text, word.text), keep(x0, x0), keep(x1, x1)))
    return tuple(words)


def _x0(word: pdf_words.PlainWord) -> float:
    return float(word.x0)


def text_lines(page: PlumberPage) -> list[tuple[Char, tuple[Word, ...]]]:
    """The page's non-empty text lines (as `page.extract_text_lines(return_chars=True,
    **TEXT_SETTINGS)` gives them), each with its words left to right.

    Upright text (all the papers seen) is read by `pdf_words`, pdfplumber's steps without its
    per-word dicts; otherwise the words are extracted once by pdfplumber and serve both: it
    builds its text map (and so its lines) from the same words `extract_words` gives. A line's words
    joined by single spaces give its text; a word belongs to the line holding its first
    character.
    """
    if pdf_words.upright_only(page.chars):
        return [
            (line, _shared_words(sorted(found, key=_x0)))
            for line, found in pdf_words.text_lines(page.chars, **TEXT_SETTINGS)
        ]
    wordmap = WordExtractor(**TEXT_SETTINGS).extract_wordmap(page.chars)
    textmap = wordmap.to_textmap(
        layout_bbox=page.bbox,
        layout_width=page.width,
        layout_height=page.height,
        presorted=True,
        **{key: value for key, value in TEXT_SETTINGS.items() if key in TEXTMAP_KWARGS},
    )
    lines = [found for found in textmap.extract_text_lines(strip=True, return_chars=True) if found["text"]]
    line_of = {id(char): index for index, line in enumerate(lines) for char in line["chars"]}
    words: list[list[Word]] = [[] for _ in lines]
    for word, chars in wordmap.tuples:
        index = line_of.get(id(chars[0]))
        if index is not None:
            words[index].append(Word(shared(word["text"]), shared_point(word["x0"]), shared_point(word["x1"])))
    return [
        (line, tuple(sorted(line_words, key=lambda word: word.x0)))
        for line, line_words in zip(lines, words, strict=True)
    ]
