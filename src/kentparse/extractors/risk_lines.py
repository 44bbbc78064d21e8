"""Lines of a document as cells: a table line keeps its cells, a prose line is None.

Text-block extractors that read multi-column layouts flattened into lines (risk blocks) need
the cells the reader split, not the " | "-joined line text.
"""

from __future__ import annotations

from kentparse.model import Document
from kentparse.segment import is_furniture


def cells_by_line(document: Document) -> list[list[str] | None]:
    cells: list[list[str] | None] = [None] * len(document.lines)
    for table in document.tables:
        span = table.end_index - table.start_index
        if span == len(table.rows):
            for offset, row in enumerate(table.rows):
                cells[table.start_index + offset] = row.texts
        else:
            for index in range(table.start_index, table.end_index):
                cells[index] = document.lines[index].text.split(" | ")
    return cells


_RUNNING_HEADER_PAGES = 3


def page_furniture(document: Document) -> set[int]:
    """Indexes of lines that are page furniture: page numbers, and running headers (the same
    first line on several pages, such as "Appendix 1")."""
    furniture = {i for i, line in enumerate(document.lines) if is_furniture(line) and line.text.strip()}
    firsts: dict[str, list[int]] = {}
    seen_pages: set[int] = set()
    for index, line in enumerate(document.lines):
        if line.page in seen_pages or index in furniture or not line.text.strip():
            continue
        seen_pages.add(line.page)
        firsts.setdefault(line.text.strip(), []).append(index)
    for indexes in firsts.values():
        if len(indexes) >= _RUNNING_HEADER_PAGES:
            furniture.update(indexes)
    return furniture
