"""Lines of a document as cells: a table line keeps its cells, a prose line is None.

Text-block extractors that read multi-column layouts flattened into lines (risk blocks) need
the cells the reader split, not the " | "-joined line text.
"""

from __future__ import annotations

from kentparse.model import Document


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
