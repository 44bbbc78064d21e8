"""Checks over a document's records: each check turns records into findings.

Every module of this package may define `CHECKS`, a tuple of functions taking the records of
one document and returning findings; they are found here without being listed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from functools import lru_cache

from kentparse.records import Finding, Record

Check = Callable[[Sequence[Record]], list[Finding]]


@lru_cache(maxsize=1)
def all_checks() -> tuple[Check, ...]:
    checks: list[Check] = []
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        checks.extend(getattr(loaded, "CHECKS", ()))
    return tuple(checks)


def run_checks(records: Sequence[Record]) -> list[Finding]:
    findings: list[Finding] = []
    for check in all_checks():
        findings.extend(check(records))
    return findings
