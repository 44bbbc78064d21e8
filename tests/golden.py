"""Golden files: each `tests/golden/*.json` names its source document and output tables.

A golden file is written once from reviewed output (`scripts/update_golden.py`) and compared
field by field by `tests/test_golden.py`. Sources are paths relative to the repository root;
those under ../shared/ are skipped when that folder is absent.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kentparse.pipeline import ParseResult, parse_bytes

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_docs"
GOLDEN = ROOT / "tests" / "golden"
#: the real papers; KENTPARSE_SHARED points elsewhere (e.g. from a worktree outside /work/main)
SHARED = Path(os.environ.get("KENTPARSE_SHARED", ROOT.parent / "shared"))
KCC = SHARED / "kcc"


@dataclass(frozen=True)
class GoldenCase:
    name: str
    source: str
    tables: tuple[str, ...]

    @property
    def golden_path(self) -> Path:
        return GOLDEN / f"{self.name}.json"

    @property
    def source_path(self) -> Path:
        if self.source.startswith("../shared/"):
            return SHARED / self.source.removeprefix("../shared/")
        return (ROOT / self.source).resolve()


def golden_cases() -> list[GoldenCase]:
    cases = []
    for path in sorted(GOLDEN.glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        cases.append(GoldenCase(path.stem, payload["source"], tuple(payload["tables"])))
    return cases


@cache
def parsed(source: Path) -> ParseResult:
    return parse_bytes(str(source), source.read_bytes())


def records_of(case: GoldenCase) -> dict[str, list[dict[str, Any]]]:
    result = parsed(case.source_path)
    return {
        table: [r.model_dump(mode="json", exclude={"doc_id"}) for r in result.extracted.records if r.table == table]
        for table in case.tables
    }


def write_golden(case: GoldenCase) -> Path:
    case.golden_path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"source": case.source, "tables": records_of(case)}
    case.golden_path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return case.golden_path


def load_golden(case: GoldenCase) -> dict[str, list[dict[str, Any]]]:
    payload: dict[str, Any] = json.loads(case.golden_path.read_text(encoding="utf-8"))
    tables: dict[str, list[dict[str, Any]]] = payload["tables"]
    return tables


def field_differences(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> list[str]:
    """Every differing field, as 'record N field: expected X, got Y' lines."""
    problems = []
    if len(expected) != len(actual):
        problems.append(f"record count: expected {len(expected)}, got {len(actual)}")
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        for name in sorted(set(want) | set(got)):
            if want.get(name) != got.get(name):
                problems.append(f"record {index} {name}: expected {want.get(name)!r}, got {got.get(name)!r}")
    return problems
