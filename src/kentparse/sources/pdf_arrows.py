"""Arrows drawn as vector shapes in table cells, read as arrow characters.

Some reports draw the direction-of-travel arrows of their KPI tables as curves, not glyphs:
the cell's text is empty. `mark_arrow_cells` gives such a cell the arrow it shows as its text
("↑", "↓", "⇒", "⇐"), so extractors read it like a printed arrow and never see the drawing.

An arrow is the small set of curves inside one cell. It is vertical when taller than wide,
horizontal when wider than tall; it points towards its tip, the end where the outline narrows
to a point (the other end is the square end of the shaft). pdfplumber's curve points may come with a bottom-left
origin (mirrored against `top`) or a top-left one depending on its version: the frame is
chosen by which of the two the points fall inside.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kentparse.model import BBox, Cell, Row, Table

#: an arrow is no bigger than this (points) in either direction
MAX_ARROW_SIZE = 40.0
#: how much longer than wide an arrow must be for its axis to be clear
ASPECT = 1.15
_SLACK = 1.0
#: the part of an arrow's length, at each end, whose points show whether that end is the tip
END_FRACTION = 0.12
MIN_SPREAD_DIFFERENCE = 0.3
UP, DOWN, RIGHT, LEFT = "↑", "↓", "⇒", "⇐"

Point = tuple[float, float]


def mark_arrow_cells(table: Table, curves: Sequence[dict[str, Any]], page_height: float) -> Table:
    """The table with each empty cell that holds only an arrow drawing given that arrow as text."""
    if table.bbox is not None:
        curves = [curve for curve in curves if _inside(curve, table.bbox)]
    if curves:
        table.rows = [_marked_row(row, curves, page_height) for row in table.rows]
    return table


def _marked_row(row: Row, curves: Sequence[dict[str, Any]], page_height: float) -> Row:
    cells = tuple(_marked_cell(cell, curves, page_height) for cell in row.cells)
    if cells == row.cells:
        return row
    return Row(cells, row.page, row.line, row.bbox)


def _marked_cell(cell: Cell, curves: Sequence[dict[str, Any]], page_height: float) -> Cell:
    if cell.text.strip() or cell.bbox is None:
        return cell
    inside = [curve for curve in curves if _inside(curve, cell.bbox)]
    arrow = arrow_direction(inside, page_height) if inside else None
    return Cell(arrow, cell.bbox) if arrow else cell


def _inside(curve: dict[str, Any], bbox: BBox) -> bool:
    x0, top, x1, bottom = bbox
    return bool(
        curve["x0"] >= x0 - _SLACK
        and curve["x1"] <= x1 + _SLACK
        and curve["top"] >= top - _SLACK
        and curve["bottom"] <= bottom + _SLACK
    )


def arrow_direction(curves: Sequence[dict[str, Any]], page_height: float) -> str | None:
    """The arrow character the curves draw, or None when they draw no clear arrow."""
    x0 = min(float(c["x0"]) for c in curves)
    x1 = max(float(c["x1"]) for c in curves)
    top = min(float(c["top"]) for c in curves)
    bottom = max(float(c["bottom"]) for c in curves)
    width, height = x1 - x0, bottom - top
    if max(width, height) > MAX_ARROW_SIZE or min(width, height) <= 0:
        return None
    points = _points_top_down([p for c in curves for p in c.get("pts") or ()], top, bottom, page_height)
    if not points:
        return None
    if height > width * ASPECT:
        return _tip_end(points, axis=1, before=UP, after=DOWN)
    if width > height * ASPECT:
        return _tip_end(points, axis=0, before=LEFT, after=RIGHT)
    return None


def _points_top_down(points: list[Point], top: float, bottom: float, page_height: float) -> list[Point]:
    """The points with y measured down from the page top, whichever frame they came in."""
    ys = [float(y) for _, y in points]
    if not ys:
        return []
    if all(top - _SLACK <= y <= bottom + _SLACK for y in ys):
        return [(float(x), float(y)) for x, y in points]
    if all(page_height - bottom - _SLACK <= y <= page_height - top + _SLACK for y in ys):
        return [(float(x), page_height - float(y)) for x, y in points]
    return []


def _tip_end(points: list[Point], axis: int, before: str, after: str) -> str | None:
    """`before` when the tip is at the low end of the axis, `after` when at the high end.

    The outline narrows to a point at the tip and ends square across the shaft: the end whose
    points spread least across the axis is the tip.
    """
    across = 1 - axis
    low_end = min(p[axis] for p in points)
    high_end = max(p[axis] for p in points)
    reach = (high_end - low_end) * END_FRACTION
    low = [p[across] for p in points if p[axis] <= low_end + reach]
    high = [p[across] for p in points if p[axis] >= high_end - reach]
    low_spread, high_spread = max(low) - min(low), max(high) - min(high)
    if abs(low_spread - high_spread) < MIN_SPREAD_DIFFERENCE:
        return None
    return before if low_spread < high_spread else after
