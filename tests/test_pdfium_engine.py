"""The pdfium page reader (the default engine) against pdfplumber/pdfminer (`--pdf-engine pdfplumber`).

The golden tests check the records the default engine gives; these check the layer below:
the same lines (text and page) and the same tables (cell text) from both engines, page by
page, on real papers of different makers (Word/Aspose reports, spreadsheet exports with a
shifted MediaBox, slides), and the pdfminer path conventions the drawing reader follows.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from collections.abc import Iterator

import pypdf
import pytest

import badfiles
from golden import KCC
from kentparse.model import Document
from kentparse.sources import pdf_chars
from kentparse.sources.pdf import read_pdf
from kentparse.sources.pdf_source import ENGINE_VARIABLE, PdfSource
from kentparse.sources.pdfium_objects import _classified, _subpaths

CABINET = KCC / "cabinet"
needs_kcc = pytest.mark.skipif(not KCC.is_dir(), reason="../shared/kcc not present")

#: small real papers covering the makers seen: Word via Aspose (text, TOC dot leaders), Excel
#: exports with a MediaBox not at the origin (budget appendices), a ruled risk register
PAPERS = [
    "2025-01-30/originals/Appendix A Capital Investment Summary.pdf",
    "2025-01-30/originals/Appendix I Budget Risk Register 22.01.25.pdf",
    "2025-01-30/originals/24-00108 - PROD.pdf",
    "2025-01-30/originals/24-00096 - EQIA.pdf",
]


@functools.cache
def _read(name: str, engine: str) -> Document:
    path = CABINET / name
    data = path.read_bytes()
    with _engine(engine):
        return read_pdf(str(path), data, hashlib.sha256(data).hexdigest())


class _engine:
    def __init__(self, engine: str) -> None:
        self.engine = engine

    def __enter__(self) -> None:
        self.before = os.environ.get(ENGINE_VARIABLE)
        os.environ[ENGINE_VARIABLE] = self.engine

    def __exit__(self, *exc: object) -> None:
        if self.before is None:
            os.environ.pop(ENGINE_VARIABLE, None)
        else:
            os.environ[ENGINE_VARIABLE] = self.before


def _lines(document: Document) -> list[tuple[int, str]]:
    return [(line.page, line.text) for line in document.lines]


def _tables(document: Document) -> list[tuple[int, int, int, list[list[str]]]]:
    return [(t.page, t.start_index, t.end_index, [row.texts for row in t.rows]) for t in document.tables]


def _pages(document: Document) -> list[tuple[int, float, float, int, bool]]:
    """Page sizes to a hundredth of a point (pdfium reads the MediaBox as float32)."""
    return [
        (p.number, round(p.width or 0, 2), round(p.height or 0, 2), p.images, p.text_chars > 0) for p in document.pages
    ]


@needs_kcc
@pytest.mark.parametrize("name", PAPERS)
def test_pdfium_pages_read_as_pdfplumber_reads_them(name: str) -> None:
    pdfium, plumber = _read(name, "pdfium"), _read(name, "pdfplumber")
    assert _lines(pdfium) == _lines(plumber)
    assert _tables(pdfium) == _tables(plumber)
    assert _pages(pdfium) == _pages(plumber)


@needs_kcc
def test_spaces_written_as_text_objects_of_their_own_still_end_words() -> None:
    """pdfium's text page leaves out text objects without ink; a dot leader must not run into its heading."""
    name = "2025-01-30/originals/24-00108 - Finance Monitoring Report - Q3 - November 2024-25.pdf"
    lines = [line.text for line in _read(name, "pdfium").lines if line.page == 2]
    assert lines[1].startswith("1 | Introduction and Headlines ....")


def test_generated_pdf_same_lines_from_both_engines() -> None:
    data = badfiles.text_pdf("Page one text", "Page two: more text")
    documents = []
    for engine in ("pdfium", "pdfplumber"):
        with _engine(engine):
            documents.append(read_pdf("x.pdf", data, "sha"))
    assert _lines(documents[0]) == _lines(documents[1]) == [(1, "Page one text"), (2, "Page two: more text")]


def test_the_engine_is_chosen_by_the_environment() -> None:
    data = badfiles.text_pdf("Page one")
    for engine in ("pdfium", "pdfplumber"):
        with _engine(engine), PdfSource(data) as source:
            assert source.engine == engine


def test_a_file_pdfium_cannot_open_goes_to_pdfplumber() -> None:
    with _engine("pdfium"), PdfSource(badfiles.zero_pages_pdf()) as source:
        assert source.engine == "pdfplumber"


def _ops(*ops: tuple[str, float, float]) -> list[tuple[str, tuple[float, float]]]:
    return [(op, (x, y)) for op, x, y in ops]


def _kinds(ops: list[tuple[str, tuple[float, float]]]) -> Iterator[tuple[str, int]]:
    for shape, pts in _subpaths(ops):
        yield _classified(shape, pts), len(pts)


def test_paths_classified_as_pdfminer_paints_them() -> None:
    # `re` as pdfium reports it: four corners and back to the start, closed
    rect = _ops(("m", 0, 0), ("l", 0, 10), ("l", 20, 10), ("l", 20, 0), ("l", 0, 0), ("h", 0, 0))
    assert list(_kinds(rect)) == [("rect", 5)]
    assert list(_kinds(_ops(("m", 0, 0), ("l", 50, 0)))) == [("line", 2)]
    # two subpaths in one path object: two objects, as pdfminer splits at every moveto
    two = _ops(("m", 0, 0), ("l", 50, 0), ("m", 0, 5), ("l", 50, 5))
    assert list(_kinds(two)) == [("line", 2), ("line", 2)]
    # a slanted quadrilateral and a Bézier outline are curves
    slanted = _ops(("m", 0, 0), ("l", 5, 10), ("l", 20, 10), ("l", 20, 0), ("h", 0, 0))
    assert list(_kinds(slanted)) == [("curve", 5)]
    assert list(_kinds(_ops(("m", 0, 0), ("c", 5, 5), ("c", 10, 0)))) == [("curve", 3)]


def _char(text: str, x0: float, top: float, fontname: str = "F") -> dict[str, object]:
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 5,
        "top": top,
        "bottom": top + 10,
        "size": 10.0,
        "fontname": fontname,
        "upright": True,
    }


def test_only_runs_that_meet_are_checked_against_each_other() -> None:
    line = [_char(c, 10 + 5 * i, 100) for i, c in enumerate("Total")]
    over = [_char(c, 12 + 5 * i, 101, fontname="G") for i, c in enumerate("Over it")]
    apart = [_char(c, 10 + 5 * i, 300) for i, c in enumerate("Far below")]
    runs = pdf_chars._runs(line + over + apart)
    assert pdf_chars._crowded(runs) == {0, 1}
    assert pdf_chars.hidden_chars(line + over + apart) == line  # of two colliding runs the one with fewer letters goes


def test_a_rotated_page_is_read_by_pdfplumber() -> None:
    reader = pypdf.PdfReader(io.BytesIO(badfiles.text_pdf("Upright page", "Turned page")))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.pages[1].rotate(90)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    with _engine("pdfium"), PdfSource(data) as source:
        assert type(source.page(0)).__name__ == "PdfiumPage"
        assert type(source.page(1)).__name__ == "Page"
    documents = []
    for engine in ("pdfium", "pdfplumber"):
        with _engine(engine):
            documents.append(read_pdf("turned.pdf", data, "sha"))
    assert _lines(documents[0]) == _lines(documents[1])
    assert _lines(documents[0])[0] == (1, "Upright page")


@needs_kcc
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_read_page_leaves_no_characters_to_the_cycle_collector(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cleaned page is a pdfplumber page in reference cycles; unless it is closed once read, its
    characters outlive it until a full collection, which long packs rarely reach (memory grew)."""
    import gc

    from kentparse.sources import pdf
    from kentparse.sources.pdf_prepare import prepared_page as prepare

    cleaned: list[bool] = []

    def recorded(page: object) -> object:
        result = prepare(page)  # type: ignore[arg-type]
        cleaned.append(result is not page)
        return result

    monkeypatch.setattr(pdf, "prepared_page", recorded)
    path = CABINET / PAPERS[1]
    data = path.read_bytes()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        with _engine(engine):
            read_pdf(str(path), data, hashlib.sha256(data).hexdigest())
        gc.collect()
        left = [obj for obj in gc.garbage if isinstance(obj, dict) and "fontname" in obj and "text" in obj]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert any(cleaned), "the paper should have pages with characters to clean away"
    assert left == []
