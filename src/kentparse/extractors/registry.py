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
    _load_builtin()
    return list(_TABLE_EXTRACTORS.values())


def text_extractors() -> list[TextExtractor]:
    _load_builtin()
    return list(_TEXT_EXTRACTORS.values())


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
