"""Find gradient shading drawn as stacks of thin filled strips.

Spreadsheet exports paint a gradient cell background as dozens of filled, unstroked
rectangles a point or two thick, each a shade different from the last.  pdfplumber's table
finder treats every strip edge as a rule and snaps edges closer than its snap tolerance (3 pt)
together in chains, so a stack of strips drags a real row rule next to it to the stack's
middle and splits the row in the wrong place.  The strips are decoration, not rules: the
reader drops them before finding tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

Rect = dict[str, Any]

#: strips thinner than this (points) are chained together by pdfplumber's snapping (3 pt)
_MAX_STRIP = 3.0
#: edges of neighbouring strips and strip extents agree within this many points
_TOUCH = 0.1
#: a gradient is at least this many strips in a row
_MIN_STRIPS = 3


def gradient_strips(rects: Sequence[Rect]) -> list[Rect]:
    """Every rect that belongs to a stack of gradient strips, vertical or horizontal."""
    strips: list[Rect] = []
    for along, across in (("top", "bottom"), ("x0", "x1")):
        side0, side1 = ("x0", "x1") if along == "top" else ("top", "bottom")
        groups: dict[tuple[int, int], list[Rect]] = defaultdict(list)
        for rect in rects:
            if _is_strip(rect, along, across):
                groups[(round(rect[side0] / _TOUCH), round(rect[side1] / _TOUCH))].append(rect)
        for group in groups.values():
            strips.extend(_stacked(sorted(group, key=lambda rect: rect[along]), along, across))
    return strips


def _is_strip(rect: Rect, along: str, across: str) -> bool:
    return bool(rect.get("fill")) and not rect.get("stroke") and 0 < rect[across] - rect[along] < _MAX_STRIP


def _stacked(group: list[Rect], along: str, across: str) -> list[Rect]:
    """The rects of `group` (sorted) that sit in gradient runs of touching strips."""
    found: list[Rect] = []
    run: list[Rect] = []
    for rect in group:
        if run and abs(rect[along] - run[-1][across]) > _TOUCH:
            found.extend(run if _is_gradient(run) else [])
            run = []
        run.append(rect)
    found.extend(run if _is_gradient(run) else [])
    return found


def _is_gradient(run: list[Rect]) -> bool:
    """Enough touching strips in more than one colour (a double or triple rule has one)."""
    colours = {str(rect.get("non_stroking_color")) for rect in run}
    return len(run) >= _MIN_STRIPS and len(colours) > 1
