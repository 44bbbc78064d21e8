"""Per-document facts are computed once per document and never served to another document."""

from __future__ import annotations

import gc
import re
import weakref

from kentparse.extractors.document_memo import matching_line_indexes, per_document
from kentparse.model import Document, Line


def _document(*texts: str) -> Document:
    return Document(
        path="x.txt",
        sha256="0" * 64,
        media_type="text/plain",
        pages=[],
        lines=[Line(text=text, page=1, line=number) for number, text in enumerate(texts, start=1)],
    )


def test_computed_once_for_the_same_document() -> None:
    document = _document("a")
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert [per_document(document, "count", compute) for _ in range(3)] == [1, 1, 1]
    assert calls == [1]


def test_another_document_with_equal_content_is_computed_afresh() -> None:
    pattern = re.compile(r"^Quarter")
    first = _document("Quarter 1", "x", "Quarter 2")
    second = _document("x", "Quarter 3")
    assert matching_line_indexes(first, pattern, anchored=True) == [0, 2]
    assert matching_line_indexes(second, pattern, anchored=True) == [1]
    assert matching_line_indexes(first, re.compile("x")) == [1]


def test_the_memo_does_not_keep_a_document_alive() -> None:
    document = _document("Quarter 1")
    per_document(document, "lines", lambda: 1)
    gone = weakref.ref(document)
    del document
    gc.collect()
    assert gone() is None
