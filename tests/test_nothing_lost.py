"""Nothing lost: rows seen = header + structural rows + records + rejects for every recognised
table, checked on every parse and reported by `validate`; an unrecognised document still lands
in the raw layer and says so."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from golden import SAMPLES
from kentparse.cli import app
from kentparse.extractors.action_plan import ActionPlanExtractor
from kentparse.extractors.base import Context, ExtractResult, HeaderMatch, LogicalTable
from kentparse.pipeline import parse_bytes
from kentparse.records import Coverage, Reject
from kentparse.validate.coverage import COVERAGE_CHECKS, coverage_findings

PLANS_TXT = SAMPLES / "recovery_action_plans_appendix_b.txt"
runner = CliRunner()


def _coverage(**changes: object) -> Coverage:
    fields: dict[str, object] = {
        "doc_id": "d",
        "table_no": 3,
        "kind": "action_plan",
        "title": "Economy",
        "page": 2,
        "rows_seen": 10,
        "header_rows": 1,
        "structural_rows": 2,
        "records": 6,
        "rejects": 1,
    }
    return Coverage.model_validate(fields | changes)


def _reject() -> Reject:
    return Reject(doc_id="d", kind="action_plan", raw="x", reason="unrecognised timescale 'Soon'")


def test_balanced_coverage_has_no_findings() -> None:
    extracted = ExtractResult(rejects=[_reject()], coverage=[_coverage()])
    assert coverage_findings("d", {3: "action_plan"}, extracted) == []


def test_a_lost_row_is_an_error() -> None:
    extracted = ExtractResult(rejects=[_reject()], coverage=[_coverage(rows_seen=11)])
    [finding] = coverage_findings("d", {3: "action_plan"}, extracted)
    assert (finding.check, finding.severity, finding.expected, finding.actual, finding.page) == (
        "coverage_balance",
        "error",
        "11",
        "10",
        2,
    )
    assert finding.message == (
        "action_plan table 3 (Economy): 11 rows seen but 1 header + 2 structural + 6 records + 1 rejects = 10"
    )


def test_recognised_table_without_coverage_is_an_error() -> None:
    extracted = ExtractResult(rejects=[_reject()], coverage=[_coverage()])
    [finding] = coverage_findings("d", {3: "action_plan", 5: "action_plan"}, extracted)
    assert (finding.check, finding.message) == (
        "coverage_missing",
        "action_plan table 5 was recognised but its extractor reported no coverage row",
    )


def test_rejects_counted_but_not_made_is_an_error() -> None:
    [finding] = coverage_findings("d", {3: "action_plan"}, ExtractResult(coverage=[_coverage()]))
    assert (finding.check, finding.message) == (
        "coverage_rejects",
        "action_plan: coverage counts 1 rejects but the extractor made 0",
    )


def test_real_paper_accounts_for_every_row() -> None:
    result = parse_bytes(str(PLANS_TXT), PLANS_TXT.read_bytes())
    assert len(result.extracted.coverage) == 7
    assert [f for f in result.extracted.findings if f.check in COVERAGE_CHECKS] == []
    for row in result.extracted.coverage:
        assert row.rows_seen == row.header_rows + row.structural_rows + row.records + row.rejects


def test_validate_fails_when_an_extractor_loses_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ActionPlanExtractor.extract

    def lose_a_row(self: ActionPlanExtractor, table: LogicalTable, header: HeaderMatch, context: Context) -> object:
        result = real(self, table, header, context)
        result.coverage = [row.model_copy(update={"records": row.records - 1}) for row in result.coverage]
        return result

    monkeypatch.setattr(ActionPlanExtractor, "extract", lose_a_row)
    result = runner.invoke(app, ["validate", str(PLANS_TXT)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"FAIL  {PLANS_TXT}: kinds action_plan;")
    assert result.stdout.splitlines()[1] == (
        "  error coverage_balance page 1 line None: action_plan table 1 (Economy - Recovery Action Plan): "
        "17 rows seen but 1 header + 0 structural + 15 records + 0 rejects = 16"
    )
    assert result.stdout.count("error coverage_balance") == 7


def test_unrecognised_document_lands_in_the_raw_layer(tmp_path: Path) -> None:
    paper = tmp_path / "letter.txt"
    paper.write_text("Dear Member,\nPlease find the papers attached.\nName\tRole\nA. Person\tClerk\n", encoding="utf-8")
    db = tmp_path / "k.duckdb"
    result = runner.invoke(app, ["ingest", str(paper), "--db", str(db)])
    assert result.exit_code == 0 and "(none recognised)" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, kinds FROM documents").fetchall() == [("ok", None)]
        assert con.execute('SELECT "check", severity, message FROM findings').fetchall() == [
            (
                "unrecognised",
                "info",
                "no extractor recognised any table or text block: only raw_lines, raw_tables and raw_cells hold it",
            )
        ]
        assert con.execute("SELECT line_no, line, text FROM raw_lines ORDER BY line_no").fetchall() == [
            (0, 1, "Dear Member,"),
            (1, 2, "Please find the papers attached."),
            (2, 3, "Name | Role"),
            (3, 4, "A. Person | Clerk"),
        ]
        assert con.execute('SELECT "row", col, text FROM raw_cells ORDER BY "row", col').fetchall() == [
            (0, 0, "Name"),
            (0, 1, "Role"),
            (1, 0, "A. Person"),
            (1, 1, "Clerk"),
        ]
