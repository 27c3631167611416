"""`cmtime team` against `cmtime summary` on the same file, in one run (issue #31).

Run from the repo: ``.venv/bin/python benchmarks/team.py [ROWS]`` (default 1 000 000).
Writes a bulk sample (`cmtime sample --entries ROWS`: an agency of ceil(ROWS / 5000)
people over one year) into a temporary folder, then runs ``cmtime summary --json`` and
``cmtime team --json`` on it, alternately, three times each, as whole processes under
``/usr/bin/time`` (elapsed seconds, peak resident memory). Prints the medians and the
ratios team / summary; the goal of the issue is ≤ 2× the time and ≤ 1.2× the memory.
Reports, never fails.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(args: list[str]) -> tuple[float, float]:
    """Elapsed seconds and peak RSS (MiB) of one ``cmtime`` process."""
    cmd = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "cmtime.interfaces.cli", *args]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    seconds, kib = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib) / 1024


def main(rows: int = 1_000_000) -> None:
    root = Path(tempfile.mkdtemp(prefix="cmtime-team-bench-"))
    try:
        _run(["sample", "--out", str(root), "--entries", str(rows)])
        data = str(root)
        runs: dict[str, list[tuple[float, float]]] = {"summary": [], "team": []}
        for _ in range(3):
            for name in runs:
                runs[name].append(_run([name, data, "--json"]))
        med = {n: (statistics.median(t for t, _ in r), statistics.median(m for _, m in r)) for n, r in runs.items()}
        load = os.getloadavg()[0]
        for n, (t, m) in med.items():
            print(f"{n:8s} {t:6.2f} s  {m:7.0f} MiB")
        print(
            f"team / summary on {rows:,} rows ({-(-rows // 5000)} people): "
            f"time {med['team'][0] / med['summary'][0]:.2f}x, memory {med['team'][1] / med['summary'][1]:.2f}x "
            f"(load {load:.2f})"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
