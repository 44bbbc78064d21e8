"""Run `kentparse ingest ARGS...` with a pause inside one document's load transaction.

Usage: python ingest_paused.py PAUSE_AT RELEASE_FILE ingest ARGS...

After the records of the PAUSE_AT-th loaded document are inserted (inside its transaction, not
yet committed) it prints "paused" and waits until RELEASE_FILE exists, so a test can kill the
process mid-ingest, or start a second writer, at a known point.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

from kentparse.cli import app
from kentparse.records import Record
from kentparse.store import loader

pause_at = int(sys.argv[1])
release = Path(sys.argv[2])
insert_records = loader.insert_records
loaded = 0


def _insert_then_pause(con: duckdb.DuckDBPyConnection, records: Sequence[Record]) -> None:
    global loaded
    insert_records(con, records)
    loaded += 1
    if loaded == pause_at:
        print("paused", flush=True)
        while not release.exists():
            time.sleep(0.05)


loader.insert_records = _insert_then_pause
app(sys.argv[3:], prog_name="kentparse")
