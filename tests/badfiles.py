"""Build the bad and awkward input files of the robustness tests, at test time."""

from __future__ import annotations

import io
import random

from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def text_pdf(*pages: str) -> bytes:
    """A PDF with one line of text on each page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for text in pages:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_pdf(text_pages: tuple[str, ...] = (), scanned: int = 1) -> bytes:
    """Pages of text followed by `scanned` pages that are only an image (no text layer)."""
    image = Image.new("RGB", (200, 100), "white")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for text in text_pages:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    for _ in range(scanned):
        pdf.drawImage(ImageReader(image), 72, 500, width=400, height=200)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def many_pages_pdf(n_pages: int) -> bytes:
    """A PDF of `n_pages` copies of one one-line page (pypdf shares the page's content)."""
    page = PdfReader(io.BytesIO(text_pdf("Kent County Council: one page of a very long pack"))).pages[0]
    writer = PdfWriter()
    for _ in range(n_pages):
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_pages_pdf() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def encrypted_pdf(user_password: str = "secret") -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf("Confidential")))
    writer.encrypt(user_password, "owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    whole = text_pdf("Page one", "Page two", "Page three")
    return whole[: len(whole) // 2]


def garbage(n_bytes: int = 4096, seed: int = 7) -> bytes:
    data = random.Random(seed).randbytes(n_bytes)
    return b"\x01" + data  # no magic number of any known format can start with 0x01


OLE_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
OOXML_WORD = b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + b"\x00" * 100
HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Kent County Council</title></head><body>Not found</body></html>\n"
