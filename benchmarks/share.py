"""Time `cmtime share` on the sample year, whole process (PDF included), median of N runs.

    .venv/bin/python benchmarks/share.py [N]

Measured side by side on a quiet 2-core machine (benchmarks/README.md): 2.15 s before the
static-SVG report and the PDF (issue #15), 2.87 s with them.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cmtime = Path(sys.executable).with_name("cmtime")
    times = []
    for i in range(n):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [str(cmtime), "share", str(ROOT / "data/sample"), "--client", "Dupont", "--out", f"{tmp}/r{i}"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - t0)
    print(f"share on the sample, whole process, PDF included: median {statistics.median(times):.2f} s over {n} runs ({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
