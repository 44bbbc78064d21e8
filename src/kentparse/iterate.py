"""Iterating without holding on: for streams of large items (the parts of a long pack)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


def prepended(first: T, rest: Iterator[T]) -> Iterator[T]:
    """`first`, then the items of `rest`, holding none once it is given: `itertools.chain([first],
    rest)` keeps `[first]` in its arguments until the end, so a large first item lives as long."""
    held = [first]
    del first
    yield held.pop()
    yield from rest
