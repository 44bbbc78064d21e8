"""Reading a PDF's pages in several processes gives the very Document the serial reader gives,
and a ParseResult survives pickling (it crosses process boundaries in `--workers`)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from golden import KCC, SAMPLES
from kentparse.model import Document
from kentparse.pipeline import parse_bytes
from kentparse.sources import pdf_pages
from kentparse.sources.pdf import read_pdf

QPR = KCC / "cabinet" / "2025-03-04" / "originals" / "QPR Q3 Cabinet appendix 1.pdf"
PLANS_PDF = SAMPLES / "recovery_action_plans_appendix_b.pdf"
PDFS = [pytest.param(PLANS_PDF, id="plans"), pytest.param(QPR, id="qpr")]


def _skip_absent(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent (set KENTPARSE_SHARED to the shared folder)")


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranges of 3 pages and no minimum, so that even a short PDF is split into many parts."""
    monkeypatch.setattr(pdf_pages, "CHUNK_PAGES", 3)
    monkeypatch.setattr(pdf_pages, "MIN_PAGES_PER_WORKER", 1)


@pytest.mark.parametrize("path", PDFS)
def test_pages_read_in_parallel_make_the_serial_document(path: Path, small_chunks: None) -> None:
    _skip_absent(path)
    data = path.read_bytes()
    serial = read_pdf(str(path), data, "0" * 64)
    parallel = pdf_pages.read_pdf_pages(str(path), data, "0" * 64, None, workers=2)
    assert len(parallel.pages) > pdf_pages.CHUNK_PAGES  # really split
    assert _fields(parallel) == _fields(serial)
    assert parallel == serial


def test_the_caller_prepares_while_the_workers_read(small_chunks: None) -> None:
    """`meanwhile` runs once, in the calling process, after the page workers have started."""
    _skip_absent(PLANS_PDF)
    data = PLANS_PDF.read_bytes()
    calls: list[int] = []
    document = pdf_pages.read_pdf_pages(str(PLANS_PDF), data, "0" * 64, None, 2, lambda: calls.append(os.getpid()))
    assert calls == [os.getpid()]
    assert document == read_pdf(str(PLANS_PDF), data, "0" * 64)


def _fields(document: Document) -> tuple[object, ...]:
    """The parts compared one by one first, so that a failure says which part differs."""
    spans = [(t.page, t.start_index, t.end_index) for t in document.tables]
    return (document.title, len(document.pages), len(document.lines), len(document.tables), spans)


@pytest.mark.parametrize("path", PDFS)
def test_parallel_parse_gives_the_same_records(path: Path, small_chunks: None) -> None:
    _skip_absent(path)
    data = path.read_bytes()
    serial = parse_bytes(str(path), data)
    parallel = parse_bytes(str(path), data, workers=2)
    assert parallel.extracted.records == serial.extracted.records
    assert parallel.extracted.findings == serial.extracted.findings
    assert parallel.extracted.coverage == serial.extracted.coverage


def test_parse_result_survives_pickling() -> None:
    source = SAMPLES / "cabinet_agenda_pack_2024-01-04.txt"
    result = parse_bytes(str(source), source.read_bytes())
    copy = pickle.loads(pickle.dumps(result))
    assert copy.document == result.document
    assert copy.extracted.records == result.extracted.records
    assert copy.table_kinds == result.table_kinds
    assert len(copy.extracted.records) > 0
