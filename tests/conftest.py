from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_report import REPORT


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "corpus: ingests every paper in ../shared once (slow-ish; deselect with -m 'not corpus')"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    lines = config.stash.get(REPORT, [])
    if lines:
        terminalreporter.section("corpus report: what kentparse recognised in each paper of ../shared")
        for line in lines:
            terminalreporter.write_line(line)
