"""Where the corpus test leaves its report, for conftest to print at the end of the run."""

from __future__ import annotations

import pytest

REPORT = pytest.StashKey[list[str]]()
