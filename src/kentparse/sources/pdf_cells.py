"""The text of a pdfplumber table's cells, as `Table.extract()` gives it, without its quadratic scan.

`pdfplumber.table.Table.extract` tests every character of the page against every row of the
table (rows × page characters: a third of the table-reading time on the KCC papers, see
docs/profile.md). Here the page's characters are sorted once by their vertical midpoint and each
row takes its band by bisection; everything else is pdfplumber's own rule, unchanged: a character
belongs to the row and cell its midpoint falls in (half-open bboxes), characters keep page order,
and the cell text is `pdfplumber.utils.extract_text` of the cell's characters.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter
from typing import Any

from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils.text import extract_text

from kentparse.sources import pdf_words

Char = dict[str, Any]
BBox = tuple[float, float, float, float]

_TOP, _BOTTOM, _X0, _X1 = itemgetter("top"), itemgetter("bottom"), itemgetter("x0"), itemgetter("x1")


def cell_texts(found: PlumberTable, **settings: Any) -> list[list[str | None]]:
    """Row by row, each cell's text (`extract_text(chars, **settings)`); None for a cell covered
    by a spanning neighbour. Layout mode (cell-relative layout settings) is left to pdfplumber."""
    if "layout" in settings:
        return list(found.extract(**settings))
    chars: list[Char] = found.page.chars
    v_mids = [(top + bottom) / 2 for top, bottom in zip(map(_TOP, chars), map(_BOTTOM, chars), strict=True)]
    h_mids = [(x0 + x1) / 2 for x0, x1 in zip(map(_X0, chars), map(_X1, chars), strict=True)]
    order = sorted(range(len(chars)), key=v_mids.__getitem__)
    mids = [v_mids[index] for index in order]
    texts = []
    for row in found.rows:
        x0, top, x1, bottom = row.bbox
        band = sorted(order[bisect_left(mids, top) : bisect_left(mids, bottom)])
        in_row = [index for index in band if x0 <= h_mids[index] < x1]
        texts.append(
            [
                None
                if cell is None
                else _cell_text([chars[i] for i in _inside(in_row, cell, h_mids, v_mids)], settings)
                for cell in row.cells
            ]
        )
    return texts


def _inside(indexes: list[int], cell: BBox, h_mids: list[float], v_mids: list[float]) -> list[int]:
    """The characters (of `indexes`, in order) whose midpoint falls in the half-open `cell`."""
    x0, top, x1, bottom = cell
    return [index for index in indexes if x0 <= h_mids[index] < x1 and top <= v_mids[index] < bottom]


def _cell_text(inside: list[Char], settings: dict[str, Any]) -> str:
    if not inside:
        return ""
    if settings.keys() <= _PLAIN_SETTINGS and pdf_words.upright_only(inside):
        return pdf_words.text(inside, **settings)
    return str(extract_text(inside, **settings))


#: the settings `pdf_words.text` follows; with any other pdfplumber's own `extract_text` runs
_PLAIN_SETTINGS = frozenset({"x_tolerance", "x_tolerance_ratio", "y_tolerance"})
