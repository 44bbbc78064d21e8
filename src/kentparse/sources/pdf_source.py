"""An open PDF whose pages come as pdfplumber pages, read by one of two engines.

- "pdfium" (the default): pypdfium2 interprets the pages in C and `pdfium_page` turns its
  objects into a pdfplumber-compatible page: several times faster than pdfminer, same lines
  and tables on the papers the golden tests cover (docs/profile.md). A page pdfium's reader
  does not handle (a rotated page) is read by pdfplumber instead, and a file pdfium cannot
  open at all is handed to pdfplumber whole, which reads it or says why it cannot
  (encrypted, corrupt).
- "pdfplumber": pdfplumber/pdfminer for every page, as before; kept for comparison.

The engine is chosen by `$KENTPARSE_PDF_ENGINE` (the CLI's `--pdf-engine` sets it), so worker
processes inherit the choice.

A source is the PDF's bytes or, for the parts of a long pack read in worker processes, the
path of a file whose bytes the caller has checked (`parallel`): pdfium then reads from the
file what the pages need instead of a copy of the whole file being held.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
from pdfplumber.page import Page as PlumberPage

try:
    from kentparse.sources.pdfium_page import read_page
except (ImportError, AttributeError):  # a pypdfium2 too old for the page-object reader
    read_page = None  # type: ignore[assignment]

ENGINES = ("pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"
ENGINE_VARIABLE = "KENTPARSE_PDF_ENGINE"

#: the PDF's bytes, or the path of a file holding them
PdfInput = bytes | Path


def current_engine() -> str:
    engine = os.environ.get(ENGINE_VARIABLE, DEFAULT_ENGINE)
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (${ENGINE_VARIABLE}); one of {', '.join(ENGINES)}")
    return engine


class PdfSource:
    """An open PDF: its page count, title and pages. Close it when done (or use `with`)."""

    def __init__(self, data: PdfInput, engine: str | None = None) -> None:
        self._data = data
        self._plumber: Any = None
        self._pdfium: Any = None
        if (engine or current_engine()) == "pdfium" and read_page is not None:
            self._pdfium = _open_pdfium(data)
        if self._pdfium is None:
            self._plumber = _open_plumber(data)  # raises what read_pdf turns into InputError

    @property
    def engine(self) -> str:
        return "pdfium" if self._pdfium is not None else "pdfplumber"

    def __len__(self) -> int:
        return len(self._pdfium) if self._pdfium is not None else len(self._plumber.pages)

    def metadata(self) -> dict[str, Any]:
        if self._pdfium is not None:
            return dict(self._pdfium.get_metadata_dict(skip_empty=True))
        return dict(self._plumber.metadata)

    def page(self, index: int) -> PlumberPage:
        """Page `index` (0-based); the caller closes it once read."""
        if self._pdfium is not None and read_page is not None:
            found = read_page(self._pdfium, index)
            if found is not None:
                return found
        page: PlumberPage = self._plumber_pdf().pages[index]
        return page

    def _plumber_pdf(self) -> Any:
        if self._plumber is None:
            self._plumber = _open_plumber(self._data)
        return self._plumber

    def close(self) -> None:
        if self._pdfium is not None:
            self._pdfium.close()
            self._pdfium = None
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None

    def __enter__(self) -> PdfSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_pdfium(data: PdfInput) -> Any:
    """The pypdfium2 document, or None when pdfium cannot open it (pdfplumber then tries)."""
    try:
        return pypdfium2.PdfDocument(str(data) if isinstance(data, Path) else data)
    except pypdfium2.PdfiumError:
        return None


def _open_plumber(data: PdfInput) -> Any:
    return pdfplumber.open(data if isinstance(data, Path) else io.BytesIO(data))
