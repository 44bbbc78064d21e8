"""All DuckDB DDL: the fixed tables, and one table per record model derived from its fields."""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from typing import Literal, Union, get_args, get_origin

from kentparse.records import Record

DOCUMENTS = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    media_type VARCHAR NOT NULL,
    pages INTEGER NOT NULL,
    title VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('ok', 'partial', 'failed', 'superseded')),
    kinds VARCHAR,
    superseded_by VARCHAR,
    ingested_at TIMESTAMP NOT NULL,
    kentparse_version VARCHAR NOT NULL,
    error VARCHAR,
    pack_id VARCHAR,
    first_page INTEGER,
    last_page INTEGER
)"""

RAW_TABLES = """
CREATE TABLE IF NOT EXISTS raw_tables (
    doc_id VARCHAR NOT NULL,
    table_no INTEGER NOT NULL,
    page INTEGER NOT NULL,
    title VARCHAR,
    n_rows INTEGER NOT NULL,
    n_cols INTEGER NOT NULL,
    kind VARCHAR,
    PRIMARY KEY (doc_id, table_no)
)"""

RAW_CELLS = """
CREATE TABLE IF NOT EXISTS raw_cells (
    doc_id VARCHAR NOT NULL,
    table_no INTEGER NOT NULL,
    "row" INTEGER NOT NULL,
    col INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    page INTEGER NOT NULL,
    line INTEGER
)"""

RAW_LINES = """
CREATE TABLE IF NOT EXISTS raw_lines (
    doc_id VARCHAR NOT NULL,
    line_no INTEGER NOT NULL,
    page INTEGER NOT NULL,
    line INTEGER,
    text VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, line_no)
)"""

#: columns added after a database may have been created: (table, column, SQL type)
ADDED_COLUMNS = (
    ("documents", "error", "VARCHAR"),
    ("documents", "pack_id", "VARCHAR"),
    ("documents", "first_page", "INTEGER"),
    ("documents", "last_page", "INTEGER"),
)

FIXED_TABLES = {"documents": DOCUMENTS, "raw_tables": RAW_TABLES, "raw_cells": RAW_CELLS, "raw_lines": RAW_LINES}

_SQL_TYPES: dict[type, str] = {
    str: "VARCHAR",
    int: "BIGINT",
    float: "DOUBLE",
    bool: "BOOLEAN",
    Decimal: "DECIMAL(18, 6)",
    dt.date: "DATE",
    dt.datetime: "TIMESTAMP",
}


def record_models() -> list[type[Record]]:
    """Every record model of the package (extractors are imported so theirs are known)."""
    from kentparse.extractors.registry import table_extractors

    table_extractors()
    found: dict[str, type[Record]] = {}
    pending = list(Record.__subclasses__())
    while pending:
        model = pending.pop(0)
        found.setdefault(model.table, model)
        pending.extend(model.__subclasses__())
    return [found[name] for name in sorted(found)]


def column_type(annotation: object) -> tuple[str, bool, tuple[str, ...]]:
    """SQL type, whether NULL is allowed, and the allowed values of a Literal."""
    nullable = False
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        annotation = args[0]
    if get_origin(annotation) is Literal:
        return "VARCHAR", nullable, tuple(str(value) for value in get_args(annotation))
    if isinstance(annotation, type) and annotation in _SQL_TYPES:
        return _SQL_TYPES[annotation], nullable, ()
    raise TypeError(f"no SQL type for {annotation!r}")


def record_table_ddl(model: type[Record]) -> str:
    columns = []
    for name, info in model.model_fields.items():
        sql_type, nullable, allowed = column_type(info.annotation)
        column = f'"{name}" {sql_type}' + ("" if nullable else " NOT NULL")
        if allowed:
            values = ", ".join("'" + value.replace("'", "''") + "'" for value in allowed)
            column += f' CHECK ("{name}" IN ({values}))'
        columns.append(column)
    return f"CREATE TABLE IF NOT EXISTS {model.table} (\n    " + ",\n    ".join(columns) + "\n)"


def all_ddl() -> list[str]:
    from kentparse.store.views import link_views

    models = record_models()
    added = [f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}" for table, column, kind in ADDED_COLUMNS]
    return [*FIXED_TABLES.values(), *added, *(record_table_ddl(model) for model in models), *link_views(models)]


def all_table_names() -> list[str]:
    return [*FIXED_TABLES, *(model.table for model in record_models())]
