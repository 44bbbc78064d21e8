"""JSON Schema export of every record model, one file per output table."""

from __future__ import annotations

import json
from pathlib import Path

from kentparse.store.ddl import record_models


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for model in record_models():
        target = out_dir / f"{model.table}.schema.json"
        schema = model.model_json_schema()
        schema["x-table"] = model.table
        target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written
