"""The PDF reader on real council PDFs (../shared/kcc) and on broken PDFs made with pypdf."""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

import pypdf
import pytest

from golden import KCC
from kentparse.errors import InputError
from kentparse.model import Cell, Document, Table
from kentparse.sources.pdf import read_pdf

CABINET = KCC / "cabinet"
QPR = "2025-03-04/originals/QPR Q3 Cabinet appendix 1.pdf"
INVESTMENT = "2025-01-30/originals/Appendix M - Investment Strategy.pdf"
RISKS = "2025-01-30/originals/Appendix I Budget Risk Register 22.01.25.pdf"

needs_kcc = pytest.mark.skipif(not KCC.is_dir(), reason="../shared/kcc not present")


@functools.cache
def _real(name: str) -> Document:
    """Each real PDF is parsed once per test run."""
    path = CABINET / name
    data = path.read_bytes()
    return read_pdf(str(path), data, hashlib.sha256(data).hexdigest())


def _tables_on(doc: Document, page: int) -> list[Table]:
    return [table for table in doc.tables if table.page == page]


@needs_kcc
@pytest.mark.parametrize(
    ("name", "n_pages", "page", "table_no", "row_no", "texts"),
    [
        # spanned header cells: "RAG rating" spans two columns, the KPI/DoT headers two rows
        (QPR, 71, 4, 0, 1, ["", "Latest", "Previous", ""]),
        # wrapped cell text keeps its line breaks
        (
            INVESTMENT,
            6,
            3,
            0,
            0,
            ["Company", "Amount\nInvested £m", "Value in\nAccounts (Fair\nValue) as at\n31.03.24 £m"],
        ),
        (
            RISKS,
            11,
            1,
            1,
            0,
            [
                "Directorate",
                "Risk Title",
                "Source/Cause of Risk",
                "Risk Event",
                "Consequence",
                "Current\nLikelihood\n(1-5)",
                "Estimated\nAnnual\nFinancial\nExposure",
                "Estimated\nLifetime\nFinancial\nExposure",
            ],
        ),
    ],
)
def test_known_table_row(name: str, n_pages: int, page: int, table_no: int, row_no: int, texts: list[str]) -> None:
    doc = _real(name)
    assert doc.n_pages == n_pages
    assert [p.number for p in doc.pages] == list(range(1, n_pages + 1))
    assert doc.media_type == "application/pdf"
    row = _tables_on(doc, page)[table_no].rows[row_no]
    assert row.texts == texts
    assert row.page == page


@needs_kcc
def test_spanned_cells_are_empty_without_bbox() -> None:
    table = _tables_on(_real(QPR), 4)[0]
    header, subheader = table.rows[0].cells, table.rows[1].cells
    assert header[1].text == "RAG rating"
    assert header[2] == Cell("", None)
    assert subheader[0] == Cell("", None)  # under "Customer Services KPIs", which spans two rows
    # the anchor cell's bbox covers both columns it spans: "Latest" and "Previous"
    anchor, latest, previous = header[1].bbox, subheader[1].bbox, subheader[2].bbox
    assert anchor is not None and latest is not None and previous is not None
    assert (anchor[0], anchor[2]) == (latest[0], previous[2])
    assert (
        table.rows[2].texts[0]
        == "% of callers to Contact Point who rated the advisor who\ndealt with their call as good"
    )


@needs_kcc
def test_table_line_span_covers_the_table_text() -> None:
    doc = _real(INVESTMENT)
    table = _tables_on(doc, 3)[0]
    assert table.rows[2].texts[0] == "Global Commercial Service Group Ltd\n(previously Kent Holdco Ltd)"
    inside = doc.lines[table.start_index : table.end_index]
    assert [line.text for line in inside] == [
        "Company Amount Value in",
        "Invested £m Accounts (Fair",
        "Value) as at",
        "31.03.24 £m",
        "Kent PFI Company 1 Ltd (Note 1) 1.902 0.950",
        "Global Commercial Service Group Ltd 7.890 15.530",
        "(previously Kent Holdco Ltd)",
        "Total service investments - shares 9.792 16.480",
    ]
    assert {line.page for line in inside} == {3}
    assert (
        doc.lines[table.start_index - 1].text == "1.17 As at 31.03.24 the Council had the following equity investments:"
    )
    assert doc.lines[table.end_index].text.startswith("Note 1: Kent PFI Company 1 Ltd")


@needs_kcc
def test_pages_lines_and_title() -> None:
    doc = _real(RISKS)
    first = doc.pages[0]
    assert (first.width, first.height) == pytest.approx((1169.5, 826.67), abs=0.01)
    assert first.text_chars > 0
    assert doc.title is None  # the risk register's Title metadata is empty
    assert _real(INVESTMENT).title == "Investment Strategy"
    assert doc.lines[0].text == "Appendix I: Budget Risks Register 2025-26"
    assert doc.lines[0].page == 1
    assert doc.lines[0].bbox is not None


# --- broken PDFs, built with pypdf -----------------------------------------------------------


def _blank_pdf(n_pages: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(n_pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _read_file(path: Path, max_pages: int | None = None) -> Document:
    data = path.read_bytes()
    return read_pdf(str(path), data, hashlib.sha256(data).hexdigest(), max_pages=max_pages)


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(_blank_pdf(1))))
    writer.encrypt("pw")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as out:
        writer.write(out)
    with pytest.raises(InputError) as caught:
        _read_file(path)
    assert str(caught.value) == f"{path}: encrypted PDF: cannot read without a password"
    assert caught.value.problem == "encrypted PDF: cannot read without a password"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _blank_pdf(3)
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as caught:
        _read_file(path)
    assert str(caught.value) == f"{path}: not a readable PDF (corrupt or truncated)"


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(_blank_pdf(0))
    with pytest.raises(InputError) as caught:
        _read_file(path)
    assert str(caught.value) == f"{path}: PDF has no pages"


def test_max_pages(tmp_path: Path) -> None:
    path = tmp_path / "three.pdf"
    path.write_bytes(_blank_pdf(3))
    with pytest.raises(InputError) as caught:
        _read_file(path, max_pages=2)
    assert caught.value.problem == "PDF has 3 pages, more than the limit of 2 (--max-pages)"
    assert _read_file(path, max_pages=3).n_pages == 3


def test_page_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(_blank_pdf(1))
    doc = _read_file(path)
    assert [(p.number, p.width, p.height, p.text_chars) for p in doc.pages] == [(1, 595.0, 842.0, 0)]
    assert (doc.lines, doc.tables, doc.title) == ([], [], None)


def test_word_values_are_shared_within_a_document_only() -> None:
    """Reading a PDF starts a new table of shared word values: a value met in an earlier
    document is not kept (the document's own are)."""
    from kentparse.sources import pdf_chars

    earlier = "a word of an earlier document"
    assert pdf_chars.shared(earlier) is earlier
    path = Path(__file__).parent.parent / "sample_docs" / "recovery_action_plans_appendix_b.pdf"
    data = path.read_bytes()
    document = read_pdf(str(path), data, hashlib.sha256(data).hexdigest())
    assert earlier not in pdf_chars._SHARED
    assert document.lines[0].words[0].text in pdf_chars._SHARED
