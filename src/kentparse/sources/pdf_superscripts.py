"""Footnote marks printed as small raised digits ("38¹") read as superscript characters.

Left as plain digits they run into the number they follow: "the 38¹ indicators" would read
"the 381 indicators". A digit is superscript when it is set markedly smaller than the character
it touches on its left and its baseline is raised; digits that follow a superscript digit at its
size and height belong to the same mark.
"""

from __future__ import annotations

from typing import Any

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SMALLER = 0.8  # at most this fraction of the neighbour's size
_RAISED = 0.15  # baseline at least this fraction of the neighbour's size above it
_TOUCHING = 1.0  # points between the neighbour's right edge and the digit


def mark_superscripts(chars: list[dict[str, Any]]) -> int:
    """Rewrite the text of superscript digits in place; how many were found."""
    marked = 0
    previous: dict[str, Any] | None = None
    previous_marked = False
    for char in chars:
        is_mark = previous is not None and char["text"].isdigit() and _is_mark(char, previous, previous_marked)
        if is_mark:
            char["text"] = char["text"].translate(_SUPERSCRIPT)
            marked += 1
        previous, previous_marked = char, is_mark
    return marked


def _is_mark(char: dict[str, Any], left: dict[str, Any], left_is_mark: bool) -> bool:
    if abs(float(char["x0"]) - float(left["x1"])) > _TOUCHING:
        return False
    if left_is_mark:
        return abs(float(char["size"]) - float(left["size"])) < 0.1 and abs(char["bottom"] - left["bottom"]) < 0.5
    size, left_size = float(char["size"]), float(left["size"])
    raised = float(left["bottom"]) - float(char["bottom"])
    return size <= _SMALLER * left_size and raised >= _RAISED * left_size and left["text"].strip() != ""
