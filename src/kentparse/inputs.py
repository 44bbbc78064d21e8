"""Expand the PATH arguments of a command into the papers to read."""

from __future__ import annotations

import glob
from pathlib import Path

from kentparse.errors import KentparseError
from kentparse.sources import SUFFIXES


class NoInputError(KentparseError):
    """Nothing to read: a path that does not exist, or a folder with no papers."""


def expand_paths(arguments: list[str]) -> list[Path]:
    found: list[Path] = []
    for argument in arguments:
        found.extend(_expand_one(argument))
    return list(dict.fromkeys(found))


def _expand_one(argument: str) -> list[Path]:
    path = Path(argument)
    if any(char in argument for char in "*?["):
        matches = sorted(Path(p) for p in glob.glob(argument, recursive=True))
        files = [p for p in matches if p.is_file()]
        if not files:
            raise NoInputError(f"{argument}: no file matches this pattern")
        return files
    if path.is_dir():
        papers = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not papers:
            raise NoInputError(f"{argument}: folder holds no papers (.pdf or .txt)")
        return papers
    if not path.exists():
        raise NoInputError(f"{argument}: no such file or folder")
    return [path]
