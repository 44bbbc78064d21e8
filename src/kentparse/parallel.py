"""Parse several documents in worker processes, handing the results back in input order.

One process (the caller) writes to DuckDB; `workers` processes parse. A document's parse is the
pure `guard.parse_file` of its bytes, and its `ParseResult` is pickled back to the writer. At
most `2 × workers` documents are in flight, so memory is bounded however many files there are.
With one file (or one worker) the file is parsed in the calling process and a long PDF's pages
are read by the worker processes instead (`sources.pdf_pages`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kentparse.errors import InputError
from kentparse.guard import parse_file, read_bytes
from kentparse.pipeline import ParseResult, load_extractors


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file's outcome: a result, or the problem (and the bytes, when they could be read)."""

    path: Path
    result: ParseResult | None = None
    problem: str | None = None
    data: bytes | None = None

    @property
    def error(self) -> InputError | None:
        return None if self.problem is None else InputError(str(self.path), self.problem)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse_all(files: list[Path], workers: int, max_pages: int | None, timeout: float | None) -> Iterator[Parsed]:
    """Every file parsed, in the order given."""
    if workers <= 1 or len(files) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for path in files:
            yield parse_one(path, max_pages, timeout, workers)
        return
    load_extractors()  # once, before forking: the workers inherit spaCy and the extractors loaded
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        pending: deque[Future[Parsed]] = deque()
        queue = iter(files)
        for path in queue:
            pending.append(pool.submit(parse_one, path, max_pages, timeout, 1))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def parse_one(path: Path, max_pages: int | None, timeout: float | None, workers: int) -> Parsed:
    data: bytes | None = None
    try:
        data = read_bytes(path)
        return Parsed(path, parse_file(path, data, max_pages=max_pages, timeout=timeout, workers=workers))
    except InputError as error:
        return Parsed(path, problem=error.problem, data=data)
