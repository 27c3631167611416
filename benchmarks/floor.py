"""How close can any polars reader get to a bare ``pl.read_csv``? (issue #3's 1.5x goal)

Times, against a bare ``pl.read_csv(path, infer_schema=False)`` measured just before
each run, lazy polars queries that do a growing part of what a Toggl reader must do,
with none of cmtime's checks, ids, origins, tags or careful fallbacks, then the cmtime
reader itself. The gap between the bare read and the smallest honest query is the
floor no reader written on polars can go under on this machine.

    .venv/bin/python benchmarks/floor.py [PATH]   # default: the 1M-row Toggl sample
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cmtime.config import Config  # noqa: E402
from cmtime.readers import toggl  # noqa: E402
from cmtime.readers._text import read_text  # noqa: E402

DEFAULT = ROOT / "benchmarks" / "_work" / "toggl_2026_1000000.csv"
#: The least any polars reader of the file can do: `queries`' fourth line.
FLOOR = "+ all text columns, trimmed"
TZ = "Europe/Paris"
TIMES = ("Start date", "Start time", "End date", "End time", "Duration")
TEXTS = ("User", "Email", "Client", "Project", "Task", "Description", "Tags", "Billable")


def _stamp(date: str, clock: str) -> pl.Expr:
    day = pl.col(date).str.strptime(pl.Date, "%Y-%m-%d", strict=False).cast(pl.Datetime("us"))
    return day + pl.col(clock).str.strptime(pl.Time, "%H:%M:%S", strict=False).cast(pl.Duration("us"))


def _parsed(*, utc: bool) -> list[pl.Expr]:
    start, end = _stamp("Start date", "Start time"), _stamp("End date", "End time")
    if utc:
        start, end = (
            e.dt.replace_time_zone(TZ, ambiguous="earliest", non_existent="null").dt.convert_time_zone("UTC")
            for e in (start, end)
        )
    duration = pl.col("Duration").str.strptime(pl.Time, "%H:%M:%S", strict=False).cast(pl.Duration("us"))
    return [start.alias("start"), end.alias("end"), duration.alias("duration")]


def queries(path: Path) -> dict[str, Callable[[], object]]:
    def scan() -> pl.LazyFrame:
        return pl.scan_csv(path, infer_schema=False)

    cfg = Config()
    return {
        "scan the 5 time columns only": lambda: scan().select(TIMES).collect(),
        "+ parse them (strptime, no checks)": lambda: scan().select(_parsed(utc=False)).collect(),
        "+ local time to UTC": lambda: scan().select(_parsed(utc=True)).collect(),
        FLOOR: lambda: scan()
        .select(*_parsed(utc=True), *[pl.col(c).fill_null("").str.strip_chars() for c in TEXTS])
        .collect(),
        "cmtime Toggl reader (everything)": lambda: toggl.read(read_text(path), config=cfg),
    }


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        print(f"{path} is missing: run `make bench` once to generate it (floor not measured)")
        return
    print(f"{path.name}: {path.stat().st_size / 2**20:.0f} MiB, {pl.thread_pool_size()} polars threads")
    for label, run in queries(path).items():
        ratios, seconds = [], []
        for i in range(6):
            t0 = time.perf_counter()
            pl.read_csv(path, infer_schema=False)
            bare = time.perf_counter() - t0
            t0 = time.perf_counter()
            run()
            took = time.perf_counter() - t0
            if i:  # the first pair warms the page cache
                ratios.append(took / bare)
                seconds.append(took)
        print(f"{label:38s} {statistics.median(seconds):6.3f} s   {statistics.median(ratios):5.2f}x bare read")


if __name__ == "__main__":
    main()
