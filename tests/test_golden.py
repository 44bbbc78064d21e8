"""Every golden file against the current output, field by field."""

from __future__ import annotations

import pytest

from golden import GoldenCase, field_differences, golden_cases, load_golden, records_of

CASES = golden_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_output_matches_golden_file(case: GoldenCase) -> None:
    if not case.source_path.exists():
        pytest.skip(f"{case.source} not present (../shared/ holds the real papers)")
    expected = load_golden(case)
    actual = records_of(case)
    for table in case.tables:
        problems = field_differences(expected[table], actual[table])
        assert not problems, f"{case.name} / {table}:\n" + "\n".join(problems[:40])


def test_there_are_golden_files() -> None:
    assert {"action_plans_text", "action_plans_pdf"} <= {case.name for case in CASES}
