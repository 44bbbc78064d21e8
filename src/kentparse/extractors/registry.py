"""The one place extractors are registered, and routing of tables to them."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from kentparse.extractors.base import HeaderMatch, LogicalTable, TableExtractor, TextExtractor

_TABLE_EXTRACTORS: dict[str, TableExtractor] = {}
_TEXT_EXTRACTORS: dict[str, TextExtractor] = {}


def register_table(extractor: TableExtractor) -> TableExtractor:
    _TABLE_EXTRACTORS[extractor.kind] = extractor
    return extractor


def register_text(extractor: TextExtractor) -> TextExtractor:
    _TEXT_EXTRACTORS[extractor.kind] = extractor
    return extractor


def table_extractors() -> list[TableExtractor]:
    """Every table extractor, in module-name order (so routing ties and record order do not
    depend on which module some caller happened to import first)."""
    _load_builtin()
    return sorted(_TABLE_EXTRACTORS.values(), key=_module_order)


def text_extractors() -> list[TextExtractor]:
    """Every text extractor, in module-name order (see `table_extractors`)."""
    _load_builtin()
    return sorted(_TEXT_EXTRACTORS.values(), key=_module_order)


def _module_order(extractor: TableExtractor | TextExtractor) -> tuple[str, str]:
    return type(extractor).__module__, extractor.kind


@dataclass(frozen=True, slots=True)
class Route:
    extractor: TableExtractor
    header: HeaderMatch


def route(table: LogicalTable, extractors: list[TableExtractor]) -> Route | None:
    """The extractor whose header signature this table's header matches best, if any."""
    best: Route | None = None
    for extractor in extractors:
        header = extractor.signature.match(table.pieces[0])
        if header and (best is None or header.score > best.header.score):
            best = Route(extractor, header)
    return best


def _load_builtin() -> None:
    """Import every module of the extractors package; each registers its extractors on import."""
    import kentparse.extractors as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name not in _INFRASTRUCTURE:
            importlib.import_module(f"{package.__name__}.{module.name}")


_INFRASTRUCTURE = frozenset({"base", "registry"})
