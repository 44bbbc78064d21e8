"""The committed JSON Schemas and DuckDB DDL agree with the record models."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from golden import ROOT
from kentparse.schemas import write_schemas
from kentparse.store.ddl import all_ddl, record_models


def test_committed_schemas_match_the_models(tmp_path: Path) -> None:
    fresh = {path.name: json.loads(path.read_text()) for path in write_schemas(tmp_path)}
    committed = {path.name: json.loads(path.read_text()) for path in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == fresh, "schemas/ is stale: run `make schemas`"


def test_every_record_table_is_created_with_its_enum_checks() -> None:
    con = duckdb.connect()
    for statement in all_ddl():
        con.execute(statement)
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {model.table for model in record_models()} | {"documents", "raw_tables", "raw_cells"} <= tables
    con.execute("INSERT INTO rejects VALUES ('d', 'k', 1, 2, 'raw', 'why')")
    try:
        con.execute("INSERT INTO findings VALUES ('d', 'c', 'fatal', 'm', NULL, NULL, NULL, NULL)")
    except duckdb.ConstraintException as error:
        assert "CHECK constraint" in str(error)
    else:
        raise AssertionError("severity outside the enum was accepted")
