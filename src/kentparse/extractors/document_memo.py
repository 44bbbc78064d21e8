"""Facts about a document that several extractor calls need, computed once per document.

Extractors are called once per table; a fact about the whole document (which lines open a
report, which tables belong to a register) recomputed on every call makes extraction grow with
the square of the document's length. `per_document` keeps such facts for the document being
extracted: only the latest one, held by a weak reference, so a memo never keeps a document
alive nor serves its facts to another.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from kentparse.model import Document

T = TypeVar("T")

_memo: dict[str, Any] = {}
_memo_document: list[weakref.ref[Document]] = []


def per_document(document: Document, key: str, compute: Callable[[], T]) -> T:
    """`compute()` for `document`, remembered under `key` until another document comes."""
    if not _memo_document or _memo_document[0]() is not document:
        _memo.clear()
        _memo_document[:] = [weakref.ref(document)]
    if key not in _memo:
        _memo[key] = compute()
    value: T = _memo[key]
    return value


def matching_line_indexes(document: Document, pattern: re.Pattern[str], anchored: bool = False) -> list[int]:
    """Indexes (ascending) of the lines that `pattern` finds (`anchored`: matches at the start)."""
    test = pattern.match if anchored else pattern.search
    key = f"lines:{anchored}:{pattern.flags}:{pattern.pattern}"
    return per_document(document, key, lambda: [index for index, line in enumerate(document.lines) if test(line.text)])
