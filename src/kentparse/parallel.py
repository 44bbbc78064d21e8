"""Parse documents in worker processes, handing the results to the one process that writes DuckDB.

A long PDF pack is parsed paper by paper (`sources.part_ranges`): each part, read and extracted
in a worker as a document of its own, is handed back as soon as it is done, so extraction runs
on every core too. One file that is one part has its pages read by the workers instead
(`sources.pdf_pages`). Several files: each is one job for a worker, or (a pack) one job per
part; jobs go out in input order, at most `2 × workers` ahead of what the writer has taken
(`_FileJobs`), and the files are handed back in input order. Every parse is the pure
`guard` function of the bytes. A worker pickles each document it parses to a file in a spool
directory (`kentparse-parts-*` under TMPDIR, removed at the end) and the writer reads it back
when it takes it, so the writer holds one document at a time however long the pack and however
many workers finish at once. A part's worker reads the pack from its file (pdfium reads
what the pages need), having checked once that the file's bytes are the ones split and, before
and after every part, that the file has not changed since: no worker holds the whole pack.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kentparse.errors import InputError
from kentparse.guard import file_parts, hash_file, parse_file, parse_file_part, read_bytes
from kentparse.pipeline import ParseResult, load_extractors
from kentparse.text_layer import NO_TEXT, pages_needing_ocr

PageRange = tuple[int, int]

CHANGED_WHILE_READ = "changed while it was being read: try again once it is complete"


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file's outcome: its documents (one, or one per part of a pack; lazily parsed for a
    single file), or the problem (and the bytes, when they could be read)."""

    path: Path
    results: Iterable[ParseResult] = ()
    problem: str | None = None
    data: bytes | None = None

    @property
    def error(self) -> InputError | None:
        return None if self.problem is None else InputError(str(self.path), self.problem)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def parse_all(files: list[Path], workers: int, max_pages: int | None, timeout: float | None) -> Iterator[Parsed]:
    """Every file parsed, in the order given."""
    if len(files) == 1:
        yield parse_lazily(files[0], max_pages, timeout, workers)
        return
    if workers <= 1 or not can_fork():
        for path in files:
            yield parse_lazily(path, max_pages, timeout, 1)
        return
    load_extractors()  # once, before forking: the workers inherit spaCy and the extractors loaded
    with tempfile.TemporaryDirectory(prefix="kentparse-parts-") as spool:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        try:
            yield from _FileJobs(pool, spool, 2 * workers, (max_pages, timeout), files).outcomes()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # before the spool is removed


@dataclass(slots=True)
class _Plan:
    """How one of several files is parsed: whole by one worker, or (a long pack) part by part
    across the workers; or the problem found reading it. Its jobs' futures not yet taken."""

    path: Path
    sha256: str = ""
    parts: list[PageRange] = field(default_factory=list)
    problem: str | None = None
    data: bytes | None = None
    #: submitted, in submission order (a dict as an ordered set)
    untaken: dict[Future[Any], None] = field(default_factory=dict)
    taken: int = 0


def _plan(path: Path, max_pages: int | None) -> _Plan:
    data = None
    try:
        data = read_bytes(path)
        parts = file_parts(path, data, max_pages)
    except InputError as error:
        return _Plan(path, problem=error.problem, data=data)
    if len(parts) == 1:
        return _Plan(path)
    return _Plan(path, hashlib.sha256(data).hexdigest(), sorted(parts, key=_longest_first))


def _longest_first(pages: PageRange) -> int:
    """Sort key giving out the longest parts first, so that no long part runs alone at the end."""
    return pages[0] - pages[1]


class _FileJobs:
    """The jobs of several files (a whole file, or one part of a long pack), given to the pool in
    the files' order with at most `window` not yet taken by the writer: the parts of a pack among
    other files run on every worker, and the next files are parsed while one is loaded."""

    def __init__(
        self,
        pool: ProcessPoolExecutor,
        spool: str,
        window: int,
        limits: tuple[int | None, float | None],
        files: list[Path],
    ):
        self._pool, self._spool, self._window = pool, spool, window
        self._max_pages, self._timeout = limits
        self._files = len(files)
        self._unplanned = iter(files)
        self._plans: deque[_Plan] = deque()  # planned, in order, not yet given to the writer
        self._jobs: deque[tuple[_Plan, PageRange | None]] = deque()  # planned, not yet submitted
        self._open = 0  # submitted, not yet taken

    def outcomes(self) -> Iterator[Parsed]:
        """Each file's outcome, in input order."""
        for _ in range(self._files):
            if not self._plans:
                self._plan_next()
            plan = self._plans.popleft()
            self._refill()
            yield self._parsed(plan)
            self._abandon(plan)  # what the writer did not take (it stopped at a failure)

    def parts(self, path: Path, sha256: str, parts: list[PageRange]) -> Iterator[ParseResult]:
        """The results of one pack's parts (already split, `sha256` its bytes') as they are done."""
        plan = _Plan(path, sha256, sorted(parts, key=_longest_first))
        self._queue(plan)
        yield from self._parts(plan)

    def _parsed(self, plan: _Plan) -> Parsed:
        if plan.problem is not None:
            return Parsed(plan.path, problem=plan.problem, data=plan.data)
        if not plan.parts:
            return _taken(self._take(plan, next(iter(plan.untaken))))
        return Parsed(plan.path, _checked_text(plan.path, self._parts(plan)))

    def _parts(self, plan: _Plan) -> Iterator[ParseResult]:
        while plan.taken < len(plan.parts):
            self._refill()
            done, _ = wait(plan.untaken, return_when=FIRST_COMPLETED)
            first_done = next(future for future in plan.untaken if future in done)  # at most `window` looked at
            yield _result(plan.path, _unspooled(self._take(plan, first_done)))

    def _take(self, plan: _Plan, future: Future[Any]) -> Any:
        outcome = future.result()
        del plan.untaken[future]
        plan.taken += 1
        self._open -= 1
        self._refill()
        return outcome

    def _refill(self) -> None:
        while self._open < self._window:
            if not self._jobs and not self._plan_next():
                return
            if not self._jobs:
                continue  # the file planned has a problem: no job
            plan, pages = self._jobs.popleft()
            future: Future[Any]
            if pages is None:
                future = self._pool.submit(_spool_file, plan.path, self._max_pages, self._timeout, self._spool)
            else:
                future = self._pool.submit(_spooled_part, plan.path, plan.sha256, self._timeout, self._spool, pages)
            plan.untaken[future] = None
            self._open += 1

    def _plan_next(self) -> bool:
        """The next file planned and its jobs queued; False when every file is."""
        path = next(self._unplanned, None)
        if path is None:
            return False
        plan = _plan(path, self._max_pages)
        self._plans.append(plan)
        if plan.problem is None:
            self._queue(plan)
        return True

    def _queue(self, plan: _Plan) -> None:
        """The plan's jobs queued for submission: one per part, or one for the whole file."""
        jobs: list[PageRange | None] = [*plan.parts] or [None]
        self._jobs.extend((plan, pages) for pages in jobs)

    def _abandon(self, plan: _Plan) -> None:
        for future in plan.untaken:
            future.cancel()  # one already running finishes into the spool, removed at the end
        self._open -= len(plan.untaken)
        plan.untaken.clear()
        while self._jobs and self._jobs[0][0] is plan:
            self._jobs.popleft()


@dataclass(frozen=True, slots=True)
class _SpooledFile:
    """A worker's outcome for one file of several: the spool file of its document, or the problem
    and the bytes, when they could be read."""

    path: Path
    file: Path | None = None
    problem: str | None = None
    data: bytes | None = None


def _spool_file(path: Path, max_pages: int | None, timeout: float | None, spool: str) -> _SpooledFile:
    """The file (one part: `_FileJobs` has planned it) parsed whole in this process, its document
    pickled to a file in `spool`; the bytes go back only with a problem."""
    data = None
    try:
        data = read_bytes(path)
        result = parse_file(path, data, max_pages=max_pages, timeout=timeout)
    except InputError as error:
        return _SpooledFile(path, problem=error.problem, data=data)
    return _SpooledFile(path, _spooled(result, spool))


def _taken(spooled: _SpooledFile) -> Parsed:
    """The file's outcome in the writer, its document read from the spool when it is taken."""
    if spooled.file is None:
        return Parsed(spooled.path, problem=spooled.problem, data=spooled.data)
    return Parsed(spooled.path, map(_read_spooled, [spooled.file]))


def parse_lazily(path: Path, max_pages: int | None, timeout: float | None, workers: int) -> Parsed:
    """The file's documents, parsed as they are asked for; an InputError may come from reading the
    file, here, or from any part, while they are taken. The bytes of a pack parsed in parts are
    not kept here: each part's reader reads from the file (`_checked_pack`)."""
    data = None
    try:
        data = read_bytes(path)
        # the extractors are imported while a long PDF is scanned for its papers: the workers
        # forked to parse them inherit what is loaded
        parts = file_parts(path, data, max_pages, load_extractors if workers > 1 else None)
    except InputError as error:
        return Parsed(path, problem=error.problem, data=data)
    if len(parts) == 1:
        return Parsed(path, _whole(path, data, max_pages, timeout, workers), data=data)
    sha256 = hashlib.sha256(data).hexdigest()
    del data
    return Parsed(path, _pack(path, sha256, parts, timeout, workers))


def _whole(
    path: Path, data: bytes, max_pages: int | None, timeout: float | None, workers: int
) -> Iterator[ParseResult]:
    yield parse_file(path, data, max_pages=max_pages, timeout=timeout, workers=workers)


def _pack(
    path: Path, sha256: str, parts: list[PageRange], timeout: float | None, workers: int
) -> Iterator[ParseResult]:
    return _checked_text(path, _parse_parts(path, sha256, parts, timeout, workers))


def _checked_text(path: Path, results: Iterator[ParseResult]) -> Iterator[ParseResult]:
    """The parts' results, then NO_TEXT raised if no part had any text but some had scanned pages."""
    scanned, text = False, False
    for result in results:
        text = text or any(page.text_chars for page in result.document.pages)
        scanned = scanned or bool(pages_needing_ocr(result.document))
        yield result
        del result  # not held while the next part is waited for
    if scanned and not text:
        raise InputError(str(path), NO_TEXT)


def _parse_parts(
    path: Path, sha256: str, parts: list[PageRange], timeout: float | None, workers: int
) -> Iterator[ParseResult]:
    """Each part parsed as a document of its own, in the order they are done; the longest are
    given out first, so that no long part is left running alone at the end. A part's result is
    let go of (with its future) once taken: results that are done arrive while the writer loads
    another, and each one held longer would raise the writer's peak memory."""
    if workers <= 1 or not can_fork():
        try:
            for pages in parts:
                yield _result(path, _parse_part(path, sha256, pages, timeout))
        finally:
            _checked.clear()
        return
    load_extractors()  # before forking
    with tempfile.TemporaryDirectory(prefix="kentparse-parts-") as spool:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        try:
            yield from _FileJobs(pool, spool, 2 * workers, (None, timeout), []).parts(path, sha256, parts)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # before the spool is removed


@dataclass(frozen=True, slots=True)
class _Stamp:
    """What the file system says of a file: while it stays the same, so do the file's bytes
    (short of a deliberate forgery of its modification time)."""

    device: int
    inode: int
    size: int
    modified_ns: int


def _stamp(status: os.stat_result) -> _Stamp:
    return _Stamp(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


#: the pack this process parses parts of: its SHA-256 and path, and the stamp of the file there
_checked: dict[tuple[str, Path], _Stamp] = {}


def _parse_part(path: Path, sha256: str, pages: PageRange, timeout: float | None) -> ParseResult | str:
    """The part's result, or its problem (an InputError does not pickle back from a worker).
    The part is read from the file, checked to hold the bytes split (`_checked_pack`) before
    and after: a worker holds the pages it reads, not the whole pack."""
    try:
        stamp = _checked_pack(path, sha256)
        result = parse_file_part(path, path, sha256, pages, timeout)
        _unchanged(path, stamp)
        return result
    except InputError as error:
        return error.problem


def _spooled_part(path: Path, sha256: str, timeout: float | None, spool: str, pages: PageRange) -> Path | str:
    """`_parse_part` in a worker, its result pickled to a file in `spool` (the file's path comes
    back instead): parts done while the writer loads another wait on disk, not in the writer's
    memory, however many workers finish at once."""
    outcome = _parse_part(path, sha256, pages, timeout)
    return outcome if isinstance(outcome, str) else _spooled(outcome, spool)


def _spooled(result: ParseResult, spool: str) -> Path:
    """`result` pickled to a new file in the directory `spool`; the file's path."""
    descriptor, name = tempfile.mkstemp(suffix=".pickle", dir=spool)
    with os.fdopen(descriptor, "wb") as file:
        pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
    return Path(name)


def _unspooled(outcome: Path | str) -> ParseResult | str:
    """The spooled result read back, or the problem."""
    return outcome if isinstance(outcome, str) else _read_spooled(outcome)


def _read_spooled(file: Path) -> ParseResult:
    """The result pickled in `file`, which is removed."""
    try:
        with file.open("rb") as opened:
            result: ParseResult = pickle.load(opened)
    finally:
        file.unlink(missing_ok=True)
    return result


def _checked_pack(path: Path, sha256: str) -> _Stamp:
    """The stamp of the file at `path`, known to hold the bytes whose SHA-256 is `sha256`
    (hashed once per process and path) and not to have changed since."""
    key = (sha256, path)
    if key not in _checked:  # the same bytes at another path are hashed again there
        digest, status = hash_file(path)
        if digest != sha256:
            raise InputError(str(path), CHANGED_WHILE_READ)
        _checked.clear()
        _checked[key] = _stamp(status)
    _unchanged(path, _checked[key])
    return _checked[key]


def _unchanged(path: Path, stamp: _Stamp) -> None:
    try:
        now = _stamp(path.stat())
    except OSError:
        now = None
    if now != stamp:
        raise InputError(str(path), CHANGED_WHILE_READ)


def _result(path: Path, outcome: ParseResult | str) -> ParseResult:
    if isinstance(outcome, str):
        raise InputError(str(path), outcome)
    return outcome
