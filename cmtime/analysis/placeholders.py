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
from cmtime.readers._parse import row_hash

__all__ = ["MIN_STACK", "drop_placeholder_times", "may_stack", "placeholder_by_file", "placeholder_time"]

#: blocks of one person, file and day starting at the same minute from which the minute
#: is taken for a placeholder
MIN_STACK = 2

_FILE = pl.col("origin").str.replace(r":[^:]*$", "")
#: a block's start minute (UTC epoch minutes)
_MINUTE = pl.col("start").dt.epoch("us") // 60_000_000
#: a block with clock times of its own (a calendar's events are never placeholders)
_CLOCKED = pl.col("start").is_not_null() & (pl.col("source") != "ics")


def placeholder_time() -> pl.Expr:
    """True for an effort block whose start is a placeholder (see the module)."""
    minute = pl.col("start").dt.truncate("1m")
    timed = _CLOCKED & is_effort()
    # count the timed effort blocks of the group only: a wait starting then is no stack
    stacked = timed.cast(pl.Int32).sum().over(_FILE, "person", "date", minute) >= MIN_STACK
    return (timed & stacked).fill_null(False).alias("placeholder_time")


def _placeholder_time_fast(lf: pl.LazyFrame) -> pl.LazyFrame:
    """``lf`` with `placeholder_time`'s column, in two stages: the same values, 4x faster.

    A stack is at least two timed blocks with one (file, person, date, minute). Blocks
    whose (person, date, minute) hash repeats among timed blocks are the candidates:
    every block of a stack is one, since equal keys hash alike (a hash collision only
    adds a candidate). The exact key, with the file (a regex over ``origin``), is
    built and compared on the candidates alone, usually none or a few, instead of a
    window over every block.
    """
    if MIN_STACK != 2:  # the exact duplicate test below is for stacks of two
        return lf.with_columns(placeholder_time())
    timed = _CLOCKED & is_effort()
    near = _stack_key()
    cand = pl.col("__ph_cand")
    # entries as kept (`cmtime.schema.STORED_SCHEMA`) name their file without an origin text
    file = pl.col("__where") if "__where" in lf.collect_schema() else _FILE
    exact = pl.struct(
        file.filter(cand).alias("file"),
        pl.col("person").filter(cand),
        pl.col("date").filter(cand),
        _MINUTE.filter(cand).alias("minute"),
    )
    # one flag per candidate, then one False for every other block (the slot past them)
    flags = exact.is_duplicated().append(pl.lit(False))
    slot = pl.when(cand).then(cand.cast(pl.UInt32).cum_sum() - 1).otherwise(cand.sum())
    return (
        lf.with_columns(__ph_cand=(timed & pl.when(timed).then(near).is_duplicated()).fill_null(False))
        .with_columns(flags.gather(slot).alias("placeholder_time"))
        .drop("__ph_cand")
    )


def may_stack(lf: pl.LazyFrame) -> bool:
    """False when no two timed blocks of ``lf`` (entries, classified or not) share a
    person, date and start minute: then no block is a placeholder, whatever the kinds and
    files (a stack needs two), and `drop_placeholder_times` has nothing to do.

    One pass over a 64-bit key (its distinct count against the rows; a hash collision
    only says "maybe"), much cheaper than the exact mark.
    """
    if MIN_STACK < 2:
        return True
    timed = lf.filter(_CLOCKED)
    rows, distinct = timed.select(pl.len(), _stack_key().n_unique()).collect().row(0)
    return bool(distinct < rows)


def _stack_key() -> pl.Expr:
    """A 64-bit hash of (person, date, start minute): equal for the blocks of a stack."""
    return row_hash([pl.col("person"), _MINUTE, pl.col("date")], seed=0x706C68)


def drop_placeholder_times(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Mark placeholder blocks (``placeholder_time``) and drop their clock times, so that
    `cmtime.analysis.worktime.split_worktime` treats them as duration-only."""
    marked = _placeholder_time_fast(lf)
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
