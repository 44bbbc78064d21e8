"""The few pdfium functions the page-object reader calls, with cheap ctypes signatures.

pypdfium2's own bindings type every handle as a pointer to an opaque struct, which costs a
pointer object per returned handle and cannot be hashed by address. The page-object reader
calls some of them once per character, so here the same functions of the same loaded library
are declared again with plain `c_void_p` handles (Python ints) and pre-allocated out-arguments.
"""

from __future__ import annotations

import ctypes
import importlib
from ctypes import POINTER, c_double, c_float, c_int, c_uint, c_ulong, c_ushort, c_void_p
from typing import Any

import pypdfium2.raw as pdfium_c

#: the pdfium library pypdfium2 loaded (an older pypdfium2 without it, or without one of the
#: functions below, fails this import: the reader then uses pdfplumber, see pdf_source)
_LIB: Any = importlib.import_module("pypdfium2_raw.bindings")._libs["pdfium"]

#: pdfium's page-object types and path-segment types
OBJ_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
OBJ_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
OBJ_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
OBJ_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
SEG_LINETO = pdfium_c.FPDF_SEGMENT_LINETO
SEG_BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO
SEG_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO


def _declare(name: str, restype: Any, *argtypes: Any) -> Any:
    function = _LIB[name]  # CDLL.__getitem__ gives a fresh function object: pypdfium2's stays as it is
    function.restype = restype
    function.argtypes = argtypes
    return function


def _declare_unchecked(name: str, restype: Any) -> Any:
    """A function called without argument conversion (no `argtypes`): about twice as fast per call
    as a checked one. Pass handles as `c_void_p` objects (a Python int would go as a C int),
    indices as Python ints and out-arguments by `byref`."""
    function = _LIB[name]
    function.restype = restype
    function.argtypes = None
    return function


class RectF(ctypes.Structure):
    _fields_ = [("left", c_float), ("top", c_float), ("right", c_float), ("bottom", c_float)]


class Matrix(ctypes.Structure):
    _fields_ = [(name, c_float) for name in "abcdef"]


count_chars = _declare("FPDFText_CountChars", c_int, c_void_p)
get_text = _declare("FPDFText_GetText", c_int, c_void_p, c_int, c_int, POINTER(c_ushort))
get_unicode = _declare("FPDFText_GetUnicode", c_uint, c_void_p, c_int)
is_generated = _declare("FPDFText_IsGenerated", c_int, c_void_p, c_int)


class Handle(c_void_p):
    """A pdfium handle returned as is (a `c_void_p` subclass is not turned into an int), to be
    passed on to unchecked functions."""


#: unchecked twins of the functions called once per character or path segment (see `_declare_unchecked`)
text_object_unchecked = _declare_unchecked("FPDFText_GetTextObject", c_void_p)
loose_char_box_unchecked = _declare_unchecked("FPDFText_GetLooseCharBox", c_int)
path_count_segments_unchecked = _declare_unchecked("FPDFPath_CountSegments", c_int)
path_segment_unchecked = _declare_unchecked("FPDFPath_GetPathSegment", Handle)
segment_point_unchecked = _declare_unchecked("FPDFPathSegment_GetPoint", c_int)
segment_type_unchecked = _declare_unchecked("FPDFPathSegment_GetType", c_int)
segment_close_unchecked = _declare_unchecked("FPDFPathSegment_GetClose", c_int)
char_origin = _declare("FPDFText_GetCharOrigin", c_int, c_void_p, c_int, POINTER(c_double), POINTER(c_double))
char_matrix = _declare("FPDFText_GetMatrix", c_int, c_void_p, c_int, POINTER(Matrix))
char_font_size = _declare("FPDFText_GetFontSize", c_double, c_void_p, c_int)
font_info = _declare("FPDFText_GetFontInfo", c_ulong, c_void_p, c_int, c_void_p, c_ulong, POINTER(c_int))

count_objects = _declare("FPDFPage_CountObjects", c_int, c_void_p)
get_object = _declare("FPDFPage_GetObject", c_void_p, c_void_p, c_int)
form_count_objects = _declare("FPDFFormObj_CountObjects", c_int, c_void_p)
form_get_object = _declare("FPDFFormObj_GetObject", c_void_p, c_void_p, c_ulong)
object_type = _declare("FPDFPageObj_GetType", c_int, c_void_p)
object_matrix = _declare("FPDFPageObj_GetMatrix", c_int, c_void_p, POINTER(Matrix))
fill_color = _declare("FPDFPageObj_GetFillColor", c_int, c_void_p, *(POINTER(c_uint),) * 4)
stroke_color = _declare("FPDFPageObj_GetStrokeColor", c_int, c_void_p, *(POINTER(c_uint),) * 4)
stroke_width = _declare("FPDFPageObj_GetStrokeWidth", c_int, c_void_p, POINTER(c_float))
path_draw_mode = _declare("FPDFPath_GetDrawMode", c_int, c_void_p, POINTER(c_int), POINTER(c_int))
object_bounds = _declare("FPDFPageObj_GetBounds", c_int, c_void_p, *(POINTER(c_float),) * 4)
text_object_font_size = _declare("FPDFTextObj_GetFontSize", c_int, c_void_p, POINTER(c_float))
text_object_font = _declare("FPDFTextObj_GetFont", c_void_p, c_void_p)
font_glyph_width = _declare("FPDFFont_GetGlyphWidth", c_int, c_void_p, c_uint, c_float, POINTER(c_float))
font_descent = _declare("FPDFFont_GetDescent", c_int, c_void_p, c_float, POINTER(c_float))
font_base_name = _declare("FPDFFont_GetBaseFontName", c_ulong, c_void_p, c_void_p, c_ulong)
