"""Run `kentparse ARGS...` in this process and print its peak resident memory in MB last on stderr."""

from __future__ import annotations

import resource
import sys

from kentparse.cli import app

try:
    app(sys.argv[1:], prog_name="kentparse")
except SystemExit as done:
    code = done.code
else:
    code = 0
print(f"peak_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}", file=sys.stderr)
sys.exit(code)
