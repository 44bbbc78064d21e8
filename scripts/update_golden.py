"""Write golden files from the current output. Review every change by hand before committing.

python scripts/update_golden.py                      # rewrite every existing golden file
python scripts/update_golden.py NAME                 # rewrite golden files whose name contains NAME
python scripts/update_golden.py --new NAME SOURCE TABLE [TABLE ...]
                                                     # create one (SOURCE relative to the repo root)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from golden import GoldenCase, golden_cases, write_golden  # noqa: E402


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--new"]:
        name, source, *tables = arguments[1:]
        print(write_golden(GoldenCase(name, source, tuple(tables))))
        return
    for case in golden_cases():
        if not arguments or any(selector in case.name for selector in arguments):
            print(write_golden(case))


if __name__ == "__main__":
    main(sys.argv[1:])
