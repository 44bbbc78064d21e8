"""Pydantic record models shared by every extractor, and the result of parsing a document.

Each record model names its DuckDB table in `table`; the store derives DDL from the fields,
and `kentparse schema` exports JSON Schema from the same models.
"""

from __future__ import annotations

from typing import ClassVar, Literal, Protocol

from pydantic import BaseModel, ConfigDict

Severity = Literal["info", "warning", "error"]


class Record(BaseModel):
    """A row of one output table. Subclasses set `table` and, optionally, `key` fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    table: ClassVar[str]

    doc_id: str


class Reject(Record):
    """A row of a recognised table that could not become a valid record."""

    table: ClassVar[str] = "rejects"
    kind: str
    page: int | None = None
    line: int | None = None
    raw: str
    reason: str


class Located(Protocol):
    """Anything printed at a place in a document: a record, a row."""

    @property
    def doc_id(self) -> str: ...

    @property
    def page(self) -> int | None: ...

    @property
    def line(self) -> int | None: ...


class Finding(Record):
    """A validation result: an inconsistency in the paper, or a note on how it was read."""

    table: ClassVar[str] = "findings"
    check: str
    severity: Severity
    message: str
    expected: str | None = None
    actual: str | None = None
    page: int | None = None
    line: int | None = None

    @classmethod
    def at(
        cls,
        where: Located,
        check: str,
        severity: Severity,
        message: str,
        expected: str | None = None,
        actual: str | None = None,
    ) -> Finding:
        """A finding placed where `where` is printed (same document, page and line)."""
        return cls(
            doc_id=where.doc_id,
            check=check,
            severity=severity,
            message=message,
            expected=expected,
            actual=actual,
            page=where.page,
            line=where.line,
        )


class Coverage(Record):
    """Rows seen in one recognised table against the records and rejects made of them."""

    table: ClassVar[str] = "coverage"
    table_no: int
    kind: str
    title: str | None = None
    page: int
    rows_seen: int
    header_rows: int
    structural_rows: int
    records: int
    rejects: int
