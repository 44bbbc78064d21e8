"""Errors that reach the user as one clear line."""

from __future__ import annotations


class KentparseError(Exception):
    """Base class: its message is printed as-is on stderr (no traceback without --verbose)."""


class InputError(KentparseError):
    """A file cannot be read as a council paper (corrupt, encrypted, wrong type, empty, ...)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
