"""Compare ruled-table engines (pdfplumber, camelot lattice) on real PDFs.

    python scripts/compare_table_engines.py FILE.pdf [FILE.pdf ...]
        [--engines pdfplumber,kentparse,camelot-vector,camelot-combined] [--sample 2] [--dump DIR]

Each (file, engine) pair runs in a fresh interpreter so that time and peak RSS are its own.
Per file and engine it prints: pages, wall and CPU seconds, RSS after the imports and at peak,
tables found (and how many hold any text), rows, the shapes and a sample of cell text;
--dump writes every table's cells as JSON.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

#: pdfplumber: find_tables + extract on every page; kentparse: read_pdf (lines + tables);
#: camelot-vector / camelot-combined: camelot lattice with that line-detection engine
ENGINES = ("pdfplumber", "kentparse", "camelot-vector", "camelot-combined")

TableDump = dict[str, Any]


def _rss_mb() -> float:
    """Current resident set size in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * resource.getpagesize() / 2**20


def _cpu_seconds() -> float:
    """CPU time of this process (user + system): steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pdfplumber_tables(path: str) -> tuple[int, list[TableDump]]:
    import pdfplumber

    tables: list[TableDump] = []
    with pdfplumber.open(path) as pdf:
        n_pages = len(pdf.pages)
        for page in pdf.pages:
            for table in page.find_tables():
                rows = [[cell or "" for cell in row] for row in table.extract()]
                tables.append({"page": page.page_number, "bbox": table.bbox, "rows": rows})
            page.close()
    return n_pages, tables


def _tidy(text: str) -> str:
    return "\n".join(part.strip() for part in text.strip().split("\n"))


def _camelot_tables(path: str, engine: str) -> tuple[int, list[TableDump]]:
    import pypdfium2
    from camelot.io import read_pdf

    warnings.simplefilter("ignore")
    found = read_pdf(path, pages="all", flavor="lattice", engine=engine, suppress_stdout=True)
    tables: list[TableDump] = []
    for table in found:
        height = table.pdf_size[1]
        x1, y1, x2, y2 = table._bbox
        # camelot leaves a space before each line break and one after the last line
        rows = [[_tidy(cell) for cell in row] for row in table.data]
        tables.append({"page": table.page, "bbox": (x1, height - y2, x2, height - y1), "rows": rows})
    n_pages = len(pypdfium2.PdfDocument(path))
    return n_pages, tables


def _kentparse_tables(path: str) -> tuple[int, list[TableDump]]:
    """The full reader: text lines of every page plus the tables (blank tables dropped)."""
    from kentparse.sources.pdf import read_pdf

    document = read_pdf(path, Path(path).read_bytes(), sha256="0" * 64)
    tables: list[TableDump] = [
        {"page": table.page, "bbox": table.bbox, "rows": [row.texts for row in table.rows]} for table in document.tables
    ]
    return document.n_pages, tables


def worker(engine: str, path: str) -> dict[str, Any]:
    """Run one engine on one file in this process; return its measurements."""
    # import first: the import's memory and time are not the parse's
    if engine == "pdfplumber":
        import pdfplumber  # noqa: F401
    elif engine == "kentparse":
        import kentparse.sources.pdf  # noqa: F401
    else:
        import camelot  # noqa: F401
    rss_after_import = _rss_mb()
    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    if engine == "pdfplumber":
        n_pages, tables = _pdfplumber_tables(path)
    elif engine == "kentparse":
        n_pages, tables = _kentparse_tables(path)
    else:
        n_pages, tables = _camelot_tables(path, engine.removeprefix("camelot-"))
    seconds = time.perf_counter() - start
    cpu_seconds = _cpu_seconds() - cpu_start
    return {
        "engine": engine,
        "path": path,
        "pages": n_pages,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "rss_after_import_mb": round(rss_after_import),
        "peak_rss_mb": round(_peak_rss_mb()),
        "tables": tables,
    }


def _run_worker(engine: str, path: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", engine, path],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return {"engine": engine, "path": path, "error": proc.stderr.strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def _has_text(table: TableDump) -> bool:
    return any(cell.strip() for row in table["rows"] for cell in row)


def _summary(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"  {result['engine']:<17} ERROR {result['error']}"
    tables = result["tables"]
    with_text = [t for t in tables if _has_text(t)]
    rows = sum(len(t["rows"]) for t in with_text)
    shapes = [f"p{t['page']}:{len(t['rows'])}x{max(map(len, t['rows']), default=0)}" for t in with_text]
    return (
        f"  {result['engine']:<17} pages={result['pages']:<4} {result['seconds']:>6.2f}s wall "
        f"{result['cpu_seconds']:>6.2f}s CPU ({result['pages'] / max(result['cpu_seconds'], 1e-6):5.1f} p/CPU-s)  "
        f"RSS {result['rss_after_import_mb']}->{result['peak_rss_mb']} MB  "
        f"tables={len(tables)} with_text={len(with_text)} rows={rows}\n"
        f"      shapes: {' '.join(shapes[:40])}{' ...' if len(shapes) > 40 else ''}"
    )


def _samples(result: dict[str, Any], n_rows: int) -> list[str]:
    out = []
    for table in [t for t in result.get("tables", []) if _has_text(t)][:3]:
        for row in table["rows"][:n_rows]:
            out.append(f"      p{table['page']}: {[cell[:40] for cell in row][:6]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--sample", type=int, default=2, help="rows of sample text per table")
    parser.add_argument("--dump", type=Path, help="write every table as JSON into this folder")
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0

    for path in args.files:
        print(f"== {Path(path).name}")
        for engine in args.engines.split(","):
            result = _run_worker(engine, path)
            print(_summary(result))
            print("\n".join(_samples(result, args.sample)))
            if args.dump and "tables" in result:
                args.dump.mkdir(parents=True, exist_ok=True)
                target = args.dump / f"{Path(path).stem}.{engine}.json"
                target.write_text(json.dumps(result["tables"], indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
