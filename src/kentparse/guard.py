"""Parse one file under limits, so that no file — broken, hostile or huge — can hang or crash a batch.

`parse_file` reads the file, parses it with a page limit and a wall-clock time limit, and turns
every way it can go wrong into an `InputError(path, problem)`: the one line the user sees.

The time limit is a SIGALRM interval timer: it interrupts pure-Python parsing (pdfplumber and
pdfminer are pure Python) between bytecodes. It is only armed on the main thread of a platform
that has `signal.setitimer`; elsewhere files are parsed without a time limit.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

from kentparse.errors import InputError, KentparseError
from kentparse.pipeline import ParseResult, parse_bytes, parse_part
from kentparse.sources import part_ranges

if TYPE_CHECKING:
    from kentparse.sources.pdf_source import PdfInput

T = TypeVar("T")

DEFAULT_MAX_PAGES = 5000
DEFAULT_TIMEOUT = 600.0


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` inside a parser swallows it."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _TimeUp


def _can_arm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(path: str, seconds: float | None) -> Iterator[None]:
    """Raise InputError when the body runs longer than `seconds` (None or 0: no limit)."""
    if not seconds or not _can_arm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        raise InputError(path, f"gave up after {seconds:g} s (--timeout): the file takes too long to parse") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_bytes(path: Path) -> bytes:
    with _reading(path):
        return path.read_bytes()


def hash_file(path: Path) -> tuple[str, os.stat_result]:
    """The SHA-256 of the file's bytes, read in blocks (not held), and its status when opened."""
    with _reading(path), path.open("rb") as file:
        status = os.fstat(file.fileno())
        return hashlib.file_digest(file, "sha256").hexdigest(), status


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    try:
        yield
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from error


def parse_file(
    path: Path,
    data: bytes,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    timeout: float | None = DEFAULT_TIMEOUT,
    workers: int = 1,
) -> ParseResult:
    """Parse `data` (the bytes of `path`) as one document; every failure comes back as InputError."""
    name = str(path)
    return guarded(name, timeout, lambda: parse_bytes(name, data, max_pages=max_pages, workers=workers))


def file_parts(
    path: Path, data: bytes, max_pages: int | None = DEFAULT_MAX_PAGES, meanwhile: Callable[[], object] | None = None
) -> list[tuple[int, int]]:
    """The page ranges the file is parsed in (`sources.part_ranges`, calling `meanwhile` while a
    long PDF is scanned); failures as InputError."""
    name = str(path)
    return guarded(name, None, lambda: part_ranges(name, data, max_pages, meanwhile))


def parse_file_part(
    path: Path, data: PdfInput, sha256: str, pages: tuple[int, int], timeout: float | None = DEFAULT_TIMEOUT
) -> ParseResult:
    """Pages [start, stop) of `path` parsed as a document of their own, under the time limit."""
    name = str(path)
    return guarded(name, timeout, lambda: parse_part(name, data, sha256, *pages))


def guarded(name: str, timeout: float | None, work: Callable[[], T]) -> T:
    """`work()` under the time limit, every way it can fail turned into InputError(name, ...)."""
    try:
        with deadline(name, timeout):
            return work()
    except _TimeUp:  # the alarm fired in the instant between the body's end and its disarming
        raise InputError(name, f"gave up after {timeout:g} s (--timeout): the file takes too long to parse") from None
    except KentparseError:
        raise
    except (MemoryError, RecursionError) as error:
        raise InputError(name, f"too large or too deeply nested to parse ({type(error).__name__})") from error
    except Exception as error:
        raise InputError(name, f"kentparse failed on this file ({type(error).__name__}: {error})") from error
