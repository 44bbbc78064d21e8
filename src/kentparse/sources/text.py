"""Read extracted plain text: lines, tab-separated tables and `| a | b |` pipe tables.

A form feed starts a new page; without one the whole file is page 1. Line numbers are
1-based line numbers of the file, kept on every line, row and table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kentparse.errors import InputError
from kentparse.model import Cell, Document, Line, Page, Row, Table
from kentparse.sources.html import strip_html

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


@dataclass(slots=True)
class _RawLine:
    text: str
    page: int
    number: int


def decode_text(path: str, data: bytes) -> str:
    """Decode bytes of a text extraction: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252."""
    if not data.strip():
        raise InputError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise InputError(path, "not a text file (binary content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if _looks_binary(text):
        raise InputError(path, "not a text file (binary content)")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > max(8, len(sample) // 100)


def _raw_lines(text: str) -> list[_RawLine]:
    lines: list[_RawLine] = []
    page = 1
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        lines.append(_RawLine(raw.rstrip("\r"), page, number))
    if lines and not lines[-1].text:
        lines.pop()  # the newline that ends the file opens no line
    return lines


def _table_cells(raw: str) -> list[str] | None:
    """Cells of a table line (tab-separated or pipe-delimited), None for a prose line."""
    stripped = raw.strip()
    if "\t" in raw:
        return [strip_html(cell).strip() for cell in raw.split("\t")]
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return [strip_html(cell).strip() for cell in stripped[1:-1].split("|")]
    return None


def _is_pipe_separator(raw: str) -> bool:
    return bool(_PIPE_SEPARATOR.match(raw.strip())) and "|" in raw


def read_text(path: str, data: bytes, sha256: str) -> Document:
    raw_lines = _raw_lines(decode_text(path, data))
    lines: list[Line] = []
    tables: list[Table] = []
    current: Table | None = None
    for raw in raw_lines:
        if _is_pipe_separator(raw.text):
            continue
        cells = _table_cells(raw.text)
        if cells is None:
            _close(current, tables, len(lines))
            current = None
            lines.extend(_prose_lines(raw))
            continue
        if current is None:
            current = Table(rows=[], page=raw.page, line=raw.number, start_index=len(lines))
        current.rows.append(Row(tuple(Cell(text) for text in cells), raw.page, raw.number))
        current.last_page = raw.page
        lines.append(Line(" | ".join(cells), raw.page, raw.number))
    _close(current, tables, len(lines))
    n_pages = raw_lines[-1].page if raw_lines else 1
    pages = [Page(number=n, text_chars=0) for n in range(1, n_pages + 1)]
    for line in lines:
        pages[line.page - 1].text_chars += len(line.text)
    return Document(path, sha256, "text/plain", pages, lines, tables, title=_first_text(lines))


def _prose_lines(raw: _RawLine) -> list[Line]:
    text = strip_html(raw.text)
    parts = text.split("\n") if text else [""]
    return [Line(part.strip(), raw.page, raw.number) for part in parts]


def _close(table: Table | None, tables: list[Table], end_index: int) -> None:
    if table is not None:
        table.end_index = end_index
        tables.append(table)


def _first_text(lines: list[Line]) -> str | None:
    return next((line.text for line in lines if line.text.strip()), None)
