"""A page's characters and drawings from pypdfium2, as the object dicts pdfplumber builds.

pdfplumber gets its page objects from pdfminer, which interprets every content stream in
Python: about 80 % of ingest time (docs/profile.md). pdfium interprets the same streams in C.
This module reads its results back into dicts with pdfplumber's keys and pdfminer's geometry
conventions, so pdfplumber's own algorithms (text lines, words, table finder, cell text) and
kentparse's page clean-up run on them unchanged (`pdfium_page.PdfiumPage`):

- characters: every character of the text page that pdfium did not generate itself (it adds
  spaces and line breaks of its own); x0/x1 and the baseline-relative bottom are pdfium's loose
  box (advance width, font descent), the top is `size` above the bottom as in pdfminer
  (the box height is the font size, not the ascent). pdfium marks a hyphen at a line end as
  U+0002; it is read back as "-".
- drawings: every path object, in forms too, split into subpaths and classified as pdfminer's
  `paint_path` does: a single segment is a `line`, a closed axis-aligned quadrilateral a
  `rect`, anything else a `curve` whose `pts` are the end points of its segments (Bézier
  control points left out). Points are in pdfplumber's frame (y down from the page top).
- images: counted (image objects, in forms too).

Coordinates: pdfplumber measures x and `top` against the MediaBox origin shifted as pdfminer
does; `Frame` reproduces that for any MediaBox origin. Rotated pages are not handled here
(`supported` is False and the reader uses pdfplumber for them).
"""

from __future__ import annotations

import math
from ctypes import byref, c_float, c_int, c_uint, c_ushort, c_void_p, cast, string_at
from dataclasses import dataclass
from typing import Any

from kentparse.sources import pdfium_api as api

Obj = dict[str, Any]
Point = tuple[float, float]
Affine = tuple[float, float, float, float, float, float]

_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_HYPHEN_MARK = "\x02"
_FONT_NAME_BUFFER = 256
#: a text object narrower than this (points) paints no ink: pdfium's text page leaves it out
_INKLESS = 0.01


@dataclass(frozen=True, slots=True)
class Frame:
    """How a PDF point maps into pdfplumber's frame: x unchanged, `top = top_of - y`."""

    page_number: int
    #: pdfplumber's `top` of PDF y = 0
    top_of: float
    #: the page's `doctop` offset (sum of the heights of the pages before it)
    doctop: float

    def top(self, y: float) -> float:
        return self.top_of - y


@dataclass(slots=True)
class _TextRun:
    """What every character of one pdfium text object shares."""

    fontname: str
    scale: float
    upright: bool
    matrix: Affine
    colour: tuple[float, ...]


def page_objects(page: Any, textpage: Any, frame: Frame) -> dict[str, list[Obj]]:
    """The page's objects by kind ("char", "rect", "line", "curve", "image"), as pdfplumber's `Page.objects`."""
    inked: set[int] = set()
    objects: dict[str, list[Obj]] = {"char": read_chars(textpage, frame, inked)}
    _read_drawings(_handle(page), frame, objects, inked)
    return {kind: found for kind, found in objects.items() if found}


def _handle(pdfium_object: Any) -> int:
    """The address a pypdfium2 object's raw handle points to."""
    value = cast(pdfium_object.raw, c_void_p).value
    return int(value or 0)


# --- characters ---------------------------------------------------------------------------


def read_chars(textpage: Any, frame: Frame, objects: set[int] | None = None) -> list[Obj]:
    """The characters of the text page pdfium did not generate, in its order (the text objects
    they come from added to `objects`).

    Called for every character of every page, so written for speed: the page's text is decoded
    at once, the per-object values are computed once per pdfium text object (`_TextRun`), the
    two per-character pdfium calls skip ctypes' argument conversion and the loop body is flat.
    """
    handle = _handle(textpage)
    count = api.count_chars(handle)
    if count <= 0:
        return []
    texts = _page_text(handle, count)
    for mark, hyphen in _HYPHEN_MARK_TEXT.items():
        texts = texts.replace(mark, hyphen)
    runs: dict[int, _TextRun] = {}
    box = api.RectF()
    box_ref = byref(box)
    raw_handle = c_void_p(handle)
    is_generated, text_object, loose_char_box = (
        api.is_generated,
        api.text_object_unchecked,
        api.loose_char_box_unchecked,
    )
    top_of, doctop, page_number = frame.top_of, frame.doctop, frame.page_number
    chars: list[Obj] = []
    append = chars.append
    for index in range(count):
        text = texts[index]
        if text in _GENERATED_TEXTS and is_generated(handle, index):  # pdfium generates only these
            continue
        obj = text_object(raw_handle, index) or 0
        run = runs.get(obj)
        if run is None:
            run = runs[obj] = _text_run(handle, index, obj)
        loose_char_box(raw_handle, index, box_ref)
        x0, x1, bottom = box.left, box.right, top_of - box.bottom
        if run.upright:
            size = run.scale
            top = bottom - size
        else:
            size, top = x1 - x0, top_of - box.top
        append(
            {
                "text": text,
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "y0": top_of - bottom,
                "y1": top_of - top,
                "width": x1 - x0,
                "height": bottom - top,
                "size": size,
                "doctop": doctop + top,
                "upright": run.upright,
                "fontname": run.fontname,
                "matrix": run.matrix,
                "non_stroking_color": run.colour,
                "stroking_color": None,
                "object_type": "char",
                "page_number": page_number,
            }
        )
    if objects is not None:
        objects.update(runs)
    return chars


def _page_text(handle: int, count: int) -> str:
    """The text page's characters, one per character index (UTF-16 units, as pdfium counts)."""
    units: Any = (c_ushort * (count + 1))()
    if api.get_text(handle, 0, count, units) != count + 1:
        # the page text leaves out control characters (e.g. C1 codes from a bad font encoding),
        # so it no longer lines up with the character indices: ask per character
        return "".join(chr(api.get_unicode(handle, index)) for index in range(count))
    text = bytes(units).decode("utf-16-le", "surrogatepass")
    if len(text) != count + 1:  # a surrogate pair decoded as one character: keep the units apart
        text = "".join(map(chr, units))
    return text


_HYPHEN_MARK_TEXT = {_HYPHEN_MARK: "-", "\ufffe": "-"}
#: the characters pdfium adds to its text page itself (word and line breaks)
_GENERATED_TEXTS = frozenset(" \r\n")


def _char(text: str, box: api.RectF, run: _TextRun, frame: Frame) -> Obj:
    """One character from its pdfium box (PDF space) and its object's values, as pdfplumber's dict."""
    x0, x1 = float(box.left), float(box.right)
    bottom = frame.top(box.bottom)
    size = run.scale
    top = bottom - size if run.upright else frame.top(box.top)
    if not run.upright:
        size = x1 - x0
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "y0": frame.top_of - bottom,
        "y1": frame.top_of - top,
        "width": x1 - x0,
        "height": bottom - top,
        "size": size,
        "doctop": frame.doctop + top,
        "upright": run.upright,
        "fontname": run.fontname,
        "matrix": run.matrix,
        "non_stroking_color": run.colour,
        "stroking_color": None,
        "object_type": "char",
        "page_number": frame.page_number,
    }


def _text_run(handle: int, index: int, text_object: int) -> _TextRun:
    matrix = api.Matrix()
    api.char_matrix(handle, index, byref(matrix))
    a, b, c, d = float(matrix.a), float(matrix.b), float(matrix.c), float(matrix.d)
    font_size = float(api.char_font_size(handle, index))  # unscaled: the matrix holds the scale
    return _TextRun(
        fontname=_font_name(handle, index),
        scale=font_size * math.hypot(c, d),
        upright=a * d > 0 and b * c <= 0,
        matrix=(a, b, c, d, float(matrix.e), float(matrix.f)),
        colour=_colour(api.fill_color, text_object) if text_object else (),
    )


#: out-parameters reused by every call (a process reads one page at a time, in one thread)
_NAME_UNITS = (c_ushort * _FONT_NAME_BUFFER)()
_FONT_FLAGS = c_int()
_RGBA = (c_uint(), c_uint(), c_uint(), c_uint())
_RGBA_REFS = tuple(byref(value) for value in _RGBA)


def _font_name(handle: int, index: int) -> str:
    length = api.font_info(handle, index, _NAME_UNITS, _FONT_NAME_BUFFER * 2, byref(_FONT_FLAGS))
    return _name(length)


def _name(length: int) -> str:
    """The UTF-8 name of `length` bytes (with its NUL) pdfium wrote into `_NAME_UNITS`."""
    raw = string_at(_NAME_UNITS, max(0, min(int(length), _FONT_NAME_BUFFER * 2) - 1))
    return raw.decode("utf-8", "replace")


def _colour(getter: Any, obj: int) -> tuple[float, ...]:
    if not getter(obj, *_RGBA_REFS):
        return ()
    r, g, b, _ = _RGBA
    return (r.value / 255, g.value / 255, b.value / 255)


def _blank_text(obj: int, outer: Affine, frame: Frame) -> Obj | None:
    """A space character for a text object that paints no ink (a run of spaces), None for any other.

    pdfium's text page leaves out text objects without ink, so the spaces a word processor
    writes as objects of their own would be missing, and pdfplumber ends a word at a space:
    without it, "Headlines" and the dot leader after it would run together. One space stands
    for the object (one ends a word as well as several).
    """
    left, bottom, right, top = c_float(), c_float(), c_float(), c_float()
    if not api.object_bounds(obj, byref(left), byref(bottom), byref(right), byref(top)):
        return None
    if abs(right.value - left.value) >= _INKLESS:
        return None
    font_size, width, descent = c_float(), c_float(), c_float()
    font = api.text_object_font(obj)
    if not font or not api.text_object_font_size(obj, byref(font_size)) or font_size.value <= 0:
        return None
    api.font_glyph_width(font, ord(" "), font_size.value, byref(width))
    api.font_descent(font, font_size.value, byref(descent))
    a, b, c, d, e, f = _compose(_matrix(obj), outer)
    if not (a * d > 0 and b * c <= 0):
        return None
    x0, baseline = e, f
    x1 = x0 + width.value * a
    size = font_size.value * math.hypot(c, d)
    bottom_y = baseline + descent.value * d
    run = _TextRun(_base_font_name(font), size, True, (a, b, c, d, e, f), _colour(api.fill_color, obj))
    box = api.RectF(left=x0, right=x1, bottom=bottom_y, top=bottom_y + size)
    return _char(" ", box, run, frame)


def _base_font_name(font: int) -> str:
    return _name(api.font_base_name(font, _NAME_UNITS, _FONT_NAME_BUFFER * 2))


# --- drawings -----------------------------------------------------------------------------


def _read_drawings(page_handle: int, frame: Frame, objects: dict[str, list[Obj]], inked: set[int]) -> None:
    """Paths and images into `objects`, and a space for each text object without ink (those of
    `inked` have characters on the text page: pdfium leaves out inkless ones)."""
    count = api.count_objects(page_handle)
    for index in range(count):
        _read_drawing(api.get_object(page_handle, index), _IDENTITY, frame, objects, inked)


def _read_drawing(obj: int, outer: Affine, frame: Frame, objects: dict[str, list[Obj]], inked: set[int]) -> None:
    kind = api.object_type(obj)
    if kind == api.OBJ_PATH:
        for path_kind, path_object in _path_objects(obj, outer, frame):
            objects.setdefault(path_kind, []).append(path_object)
    elif kind == api.OBJ_TEXT and obj not in inked:
        space = _blank_text(obj, outer, frame)
        if space is not None:
            objects.setdefault("char", []).append(space)
    elif kind == api.OBJ_IMAGE:
        objects.setdefault("image", []).append(_image(obj, outer, frame))
    elif kind == api.OBJ_FORM:
        inner = _compose(_matrix(obj), outer)
        for child in range(api.form_count_objects(obj)):
            _read_drawing(api.form_get_object(obj, child), inner, frame, objects, inked)


def _matrix(obj: int) -> Affine:
    matrix = api.Matrix()
    if not api.object_matrix(obj, byref(matrix)):
        return _IDENTITY
    return (float(matrix.a), float(matrix.b), float(matrix.c), float(matrix.d), float(matrix.e), float(matrix.f))


def _compose(inner: Affine, outer: Affine) -> Affine:
    """The matrix applying `inner` first, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: Affine, x: float, y: float) -> Point:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _path_ops(obj: int, matrix: Affine) -> list[tuple[str, Point]]:
    """The path's operators as pdfminer records them ('m', 'l', 'c', 'h'), each with its end
    point in PDF space (for 'h', the subpath's start point is filled in later)."""
    ops: list[tuple[str, Point]] = []
    x, y = c_float(), c_float()
    x_ref, y_ref = byref(x), byref(y)
    path = c_void_p(obj)
    segment_at, segment_type = api.path_segment_unchecked, api.segment_type_unchecked
    segment_point, segment_close = api.segment_point_unchecked, api.segment_close_unchecked
    count = api.path_count_segments_unchecked(path)
    index = 0
    while index < count:
        segment = segment_at(path, index)
        kind = segment_type(segment)
        if kind == api.SEG_BEZIERTO:  # three segments: two control points, then the end point
            index = min(index + 2, count - 1)
            segment = segment_at(path, index)
        segment_point(segment, x_ref, y_ref)
        op = "m" if kind == api.SEG_MOVETO else "c" if kind == api.SEG_BEZIERTO else "l"
        ops.append((op, _apply(matrix, x.value, y.value)))
        if segment_close(segment):
            ops.append(("h", ops[-1][1]))
        index += 1
    return ops


def _subpaths(ops: list[tuple[str, Point]]) -> list[tuple[str, list[Point]]]:
    """pdfminer's split of a painted path at every 'm', with 'h' taking its subpath's start."""
    if not ops or ops[0][0] != "m":
        return []
    found: list[tuple[str, list[Point]]] = []
    for op, point in ops:
        if op == "m":
            found.append(("m", [point]))
            continue
        shape, points = found[-1]
        found[-1] = (shape + op, points)
        points.append(points[0] if op == "h" else point)
    return [(shape, points) for shape, points in found if len(shape) > 1]


def _classified(shape: str, pts: list[Point]) -> str:
    """pdfminer's `paint_path` kinds: 'line', 'rect' or 'curve' (pts trimmed in place)."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in {"mlh", "ml"}:
        return "line"
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        return "rect" if pts[0] == pts[4] and square else "curve"
    return "curve"


def _path_objects(obj: int, outer: Affine, frame: Frame) -> list[tuple[str, Obj]]:
    fill_mode, stroke = c_int(), c_int()
    api.path_draw_mode(obj, byref(fill_mode), byref(stroke))
    if not fill_mode.value and not stroke.value:
        return []
    paint = _paint(obj, fill_mode.value, bool(stroke.value))
    found = []
    for shape, pts in _subpaths(_path_ops(obj, _compose(_matrix(obj), outer))):
        kind = _classified(shape, pts)
        found.append((kind, _drawing(kind, pts, paint, frame)))
    return found


def _paint(obj: int, fill_mode: int, stroke: bool) -> Obj:
    width = c_float()
    api.stroke_width(obj, byref(width))
    return {
        "linewidth": float(width.value),
        "stroke": stroke,
        "fill": fill_mode != 0,
        "evenodd": fill_mode == 1,
        "stroking_color": _colour(api.stroke_color, obj),
        "non_stroking_color": _colour(api.fill_color, obj),
        "dash": None,
    }


def _drawing(kind: str, pts: list[Point], paint: Obj, frame: Frame) -> Obj:
    xs = [x for x, _ in pts]
    ys = [y for _, y in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = frame.top(y1)
    return {
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "pts": [(x, frame.top(y)) for x, y in pts],
        **paint,
        "object_type": kind,
        "page_number": frame.page_number,
        "top": top,
        "bottom": frame.top(y0),
        "doctop": frame.doctop + top,
    }


def _image(obj: int, outer: Affine, frame: Frame) -> Obj:
    matrix = _compose(_matrix(obj), outer)
    corners = [_apply(matrix, x, y) for x, y in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0))]
    x0, x1 = min(x for x, _ in corners), max(x for x, _ in corners)
    y0, y1 = min(y for _, y in corners), max(y for _, y in corners)
    top = frame.top(y1)
    return {
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "top": top,
        "bottom": frame.top(y0),
        "width": x1 - x0,
        "height": y1 - y0,
        "doctop": frame.doctop + top,
        "object_type": "image",
        "page_number": frame.page_number,
    }
