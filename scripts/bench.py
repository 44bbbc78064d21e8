"""Benchmark `kentparse ingest` against pypdfium2's raw text extraction (`make bench`).

Builds its inputs (out/bench/pack_500.pdf and pack_1000.pdf: every PDF under <shared>/kcc
concatenated with pypdf, repeated until the page count is reached), then measures, each in a
fresh subprocess: whole-process wall time and peak RSS of `kentparse ingest` into a fresh
DuckDB file, and the time pypdfium2 takes to extract the raw text of every page of the same
PDF. Each is run `--repeat` times (3 by default), ingest and raw text in turn, so that a
noisy neighbour on the machine moves both alike: the table shows the median times (the ratio
is of the medians) and the largest peak of the runs; out/bench.json keeps every run as well,
with the machine and the date.

Peak RSS is reported two ways: `peak MB` is the largest single process (ru_maxrss of the
waited-for children, from os.wait4), `tree MB` the largest sum over the process tree
(kentparse and its worker processes) sampled from /proc every 100 ms.

The shared folder is ../shared next to the repository unless --shared or $KENTPARSE_SHARED
says otherwise; without <shared>/kcc the PDF rows are skipped with a message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench"
TEXT_PACK = ROOT / "sample_docs" / "cabinet_agenda_pack_2024-01-04.txt"
QPR = "cabinet/2025-03-04/originals/QPR Q3 Cabinet appendix 1.pdf"
FINANCE = "cabinet/2025-01-30/originals/24-00108 - Finance Monitoring Report - Q3 - November 2024-25.pdf"
PACK_SIZES = (500, 1000)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Row:
    file: str
    pages: int
    ingest_s: float
    ingest_cpu_s: float
    raw_text_s: float | None
    ratio: float | None
    pages_per_s: float
    peak_rss_mb: float
    tree_rss_mb: float
    workers: int
    #: every run, in order: ingest wall seconds, raw-text seconds, peak RSS of the largest process
    ingest_runs_s: list[float]
    raw_text_runs_s: list[float]
    peak_rss_runs_mb: list[float]


def main() -> int:
    args = _args()
    kcc = args.shared / "kcc"
    OUT.mkdir(parents=True, exist_ok=True)
    inputs: list[Path] = [TEXT_PACK]
    if kcc.is_dir():
        inputs += [kcc / QPR, kcc / FINANCE, *(_pack(kcc, size) for size in PACK_SIZES)]
    else:
        print(f"bench: no {kcc} (set --shared or KENTPARSE_SHARED): skipping the PDF rows", file=sys.stderr)
    rows = []
    for path in inputs:
        rows.append(_measure(path, args.workers, args.repeat))
        print(f"measured {asdict(rows[-1])}", flush=True)
    _print(rows)
    print(f"times: medians of {max(args.repeat, 1)} runs (ratio of the medians); peak and tree MB: the largest run")
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "rows": [asdict(row) for row in rows],
    }
    (ROOT / "out" / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {ROOT / 'out' / 'bench.json'}")
    return 0


def _args() -> argparse.Namespace:
    default_shared = Path(os.environ.get("KENTPARSE_SHARED", ROOT.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=default_shared, help="the shared folder holding kcc/")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="kentparse ingest --workers")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (medians reported)")
    return parser.parse_args()


def _pack(kcc: Path, pages: int) -> Path:
    """A PDF of at least `pages` pages: every PDF under `kcc`, in path order, repeated as needed."""
    from pypdf import PdfReader, PdfWriter

    target = OUT / f"pack_{pages}.pdf"
    if target.exists():
        return target
    sources = sorted(kcc.rglob("*.pdf"))
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for source in sources:
            writer.append(PdfReader(source))
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _measure(path: Path, workers: int, repeat: int) -> Row:
    command = [str(ROOT / ".venv" / "bin" / "kentparse"), "ingest", str(path), "--db", str(OUT / "bench.duckdb")]
    command += ["--workers", str(workers), "--timeout", "0"]
    runs, raws = [], []
    for _ in range(max(repeat, 1)):
        runs.append(_ingest(command))
        if path.suffix == ".pdf":
            raws.append(_raw_text(path))
    wall, cpu = median(run[0] for run in runs), median(run[1] for run in runs)
    pages = raws[0][0] if raws else 1
    raw_s = median(raw[1] for raw in raws) if raws else None
    return Row(
        file=path.name,
        pages=pages,
        ingest_s=round(wall, 2),
        ingest_cpu_s=round(cpu, 2),
        raw_text_s=round(raw_s, 3) if raw_s is not None else None,
        ratio=round(wall / raw_s, 1) if raw_s else None,
        pages_per_s=round(pages / wall, 1),
        peak_rss_mb=round(max(run[2] for run in runs), 1),
        tree_rss_mb=round(max(run[3] for run in runs), 1),
        workers=workers,
        ingest_runs_s=[round(run[0], 2) for run in runs],
        raw_text_runs_s=[round(raw[1], 3) for raw in raws],
        peak_rss_runs_mb=[round(run[2], 1) for run in runs],
    )


def _ingest(command: list[str]) -> tuple[float, float, float, float]:
    """One `kentparse ingest` into a fresh database file: what `_run` measures of it."""
    db = OUT / "bench.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    return _run(command)


def _run(command: list[str]) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds (user + system, all processes), peak RSS of the largest process
    and of the whole process tree (MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    sampler = _TreeSampler(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} exited with {process.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, max(sampler.peak_mb, usage.ru_maxrss / 1024)


class _TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak_mb = max(self.peak_mb, _tree_rss_mb(self.pid))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_rss_mb(root: int) -> float:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(statm[1]) * PAGE_SIZE
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


_RAW_TEXT = """
import sys, time
import pypdfium2 as pdfium
start = time.perf_counter()
pdf = pdfium.PdfDocument(sys.argv[1])
for page in pdf:
    text = page.get_textpage().get_text_range()
print(len(pdf), time.perf_counter() - start)
"""


def _raw_text(path: Path) -> tuple[int, float]:
    """(pages, seconds) of pypdfium2 raw text extraction of every page, in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _RAW_TEXT, str(path)], check=True, capture_output=True, text=True)
    pages, seconds = done.stdout.split()
    return int(pages), float(seconds)


def _machine() -> dict[str, object]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(ram_kb / 2**20, 1),
        "cpu": cpu,
        "python": platform.python_version(),
    }


def _print(rows: list[Row]) -> None:
    header = ("file", "pages", "ingest s", "cpu s", "raw-text s", "ratio", "pages/s", "peak MB", "tree MB")
    table = [header] + [
        (
            row.file[:48],
            str(row.pages),
            f"{row.ingest_s:.2f}",
            f"{row.ingest_cpu_s:.1f}",
            "-" if row.raw_text_s is None else f"{row.raw_text_s:.2f}",
            "-" if row.ratio is None else f"{row.ratio:.1f}x",
            f"{row.pages_per_s:.1f}",
            f"{row.peak_rss_mb:.0f}",
            f"{row.tree_rss_mb:.0f}",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            )
        )


if __name__ == "__main__":
    sys.exit(main())
