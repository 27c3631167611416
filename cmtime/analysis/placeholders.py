"""Clock times that were never real: blocks logged as durations on a placeholder start.

Many people log how long, not when. Their tracker then stores a placeholder start, the
same minute for every block of the day, and the blocks pile up from it. Splitting those
at working-hours boundaries would invent off-hours ("45 h of lunch") that never happened.

A block's clock time is a placeholder when at least `MIN_STACK` effort blocks of one
person, in one file, on one day, start at the same minute (blocks that start together
overlap). Those blocks count as duration-only, as Harvest rows do: off-hours ``unknown``
unless the day is off. Blocks with real times in the same file keep their split.
Calendars (``ics``) are left alone: two meetings at 09:00 are two real meetings.

>>> import datetime as dt
>>> at9 = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
>>> lf = pl.LazyFrame({
...     "origin": ["t.csv:2", "t.csv:3", "t.csv:4"], "source": ["toggl"] * 3,
...     "person": ["Ana"] * 3, "date": [dt.date(2026, 3, 2)] * 3,
...     "start": [at9, at9, at9 + dt.timedelta(hours=5)],
...     "kind": ["hidden", "visible", "hidden"]})
>>> lf.select(placeholder_time()).collect().to_series().to_list()
[True, True, False]
"""

from __future__ import annotations

import polars as pl

from cmtime.analysis.common import hours, is_effort

__all__ = ["MIN_STACK", "drop_placeholder_times", "placeholder_by_file", "placeholder_time"]

#: blocks of one person, file and day starting at the same minute from which the minute
#: is taken for a placeholder
MIN_STACK = 2

_FILE = pl.col("origin").str.replace(r":[^:]*$", "")


def placeholder_time() -> pl.Expr:
    """True for an effort block whose start is a placeholder (see the module)."""
    minute = pl.col("start").dt.truncate("1m")
    timed = pl.col("start").is_not_null() & (pl.col("source") != "ics") & is_effort()
    # count the timed effort blocks of the group only: a wait starting then is no stack
    stacked = timed.cast(pl.Int32).sum().over(_FILE, "person", "date", minute) >= MIN_STACK
    return (timed & stacked).fill_null(False).alias("placeholder_time")


def drop_placeholder_times(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Mark placeholder blocks (``placeholder_time``) and drop their clock times, so that
    `cmtime.analysis.worktime.split_worktime` treats them as duration-only."""
    marked = lf.with_columns(placeholder_time())
    clear = pl.col("placeholder_time")
    return marked.with_columns(
        start=pl.when(clear).then(None).otherwise(pl.col("start")),
        end=pl.when(clear).then(None).otherwise(pl.col("end")),
    )


def placeholder_by_file(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Per file: how many blocks had placeholder clock times, and their hours.

    ``lf`` is classified entries (with ``kind``), or the output of
    `cmtime.analysis.pipeline.analyse` (its ``placeholder_time`` column is used); returns
    ``file``, ``blocks``, ``hours`` for files with such blocks, most blocks first.
    """
    flag = pl.col("placeholder_time") if "placeholder_time" in lf.collect_schema() else placeholder_time()
    return (
        lf.filter(flag)
        .group_by(file=_FILE)
        .agg(blocks=pl.len().cast(pl.Int64), hours=hours(pl.col("duration").sum()))
        .sort(["blocks", "file"], descending=[True, False])
    )
