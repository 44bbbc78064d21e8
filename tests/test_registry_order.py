"""Extractors come back in module-name order, whatever was imported first."""

from __future__ import annotations

import importlib

from kentparse.extractors.registry import table_extractors, text_extractors


def _modules(extractors: list[object]) -> list[str]:
    return [type(extractor).__module__ for extractor in extractors]


def test_text_extractors_in_module_order_after_a_late_module_was_imported_first() -> None:
    importlib.import_module("kentparse.extractors.risk_updates")
    modules = _modules(list(text_extractors()))
    assert modules == sorted(modules)
    assert modules.index("kentparse.extractors.risk_blocks") < modules.index("kentparse.extractors.risk_updates")


def test_table_extractors_in_module_order() -> None:
    modules = _modules(list(table_extractors()))
    assert modules == sorted(modules)
