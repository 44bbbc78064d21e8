"""`pdf_cells.cell_texts` gives exactly what pdfplumber's `Table.extract()` gives, table by table."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from golden import KCC, SAMPLES
from kentparse.sources.pdf_cells import cell_texts
from kentparse.sources.pdf_chars import TEXT_SETTINGS

FINANCE = (
    KCC / "cabinet" / "2025-01-30" / "originals" / ("24-00108 - Finance Monitoring Report - Q3 - November 2024-25.pdf")
)
PDFS = [pytest.param(SAMPLES / "recovery_action_plans_appendix_b.pdf", id="plans"), pytest.param(FINANCE, id="finance")]


@pytest.mark.parametrize("path", PDFS)
def test_cell_texts_match_pdfplumber_extract(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent (set KENTPARSE_SHARED to the shared folder)")
    compared = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for found in page.find_tables():
                expected = found.extract(**TEXT_SETTINGS)
                assert cell_texts(found, **TEXT_SETTINGS) == expected, f"page {page.page_number}"
                assert cell_texts(found) == found.extract(), f"page {page.page_number}"
                compared += 1
            page.close()
    assert compared > 0
