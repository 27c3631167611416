"""Clock times that were never real: blocks logged as durations on a placeholder start.

Many people log how long, not when. Their tracker then stores a placeholder start, and
splitting those blocks at working-hours boundaries would invent off-hours ("45 h of
lunch") that never happened. Two signs (DESIGN.md, "placeholder clock times"), either
is enough:

(a) a stack: at least `MIN_STACK` effort blocks of one person, in one file, on one day,
    start at the same minute (blocks that start together overlap);
(b) a default start: in one file, one person's timed blocks start at one local clock
    time *to the second* far more often than real starts would (`default_starts`):

    - at least `MIN_DEFAULT_BLOCKS` blocks and `MIN_DEFAULT_SHARE` of them start at it;
      a second clock time qualifies too when it holds that share of the blocks left
      once the more frequent qualifying ones are set aside (two defaults, say 09:00:00
      and 08:30:00 after a change of setting);
    - and the blocks at it pile up: at least `MIN_DEFAULT_PER_DAY` of them per day that
      has one. A real start is at most one per day: someone who really starts at
      09:00:00 most days has one block there and the day's other blocks after it, however
      often they type "09:00"; a tracker's default starts every duration of the day
      there. Real timers rarely meet the same second at all.

    Every effort block at that clock time is then a placeholder, the days with a
    single block there included (17 days of one 09:00:00 block in a real Toggl year,
    which split as if real made 20 h of "lunch break" work). A person who logs exactly
    one block a day at the default start cannot be told from one who works from 09:00:
    those stay real.

Placeholder blocks count as duration-only, as Harvest rows do: off-hours ``unknown``
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
from cmtime.schema import row_hash

__all__ = [
    "MIN_DEFAULT_BLOCKS",
    "MIN_DEFAULT_PER_DAY",
    "MIN_DEFAULT_SHARE",
    "MIN_STACK",
    "default_starts",
    "drop_placeholder_times",
    "mark_placeholders",
    "may_stack",
    "placeholder_by_file",
    "placeholder_time",
]

#: blocks of one person, file and day starting at the same minute from which the minute
#: is taken for a placeholder
MIN_STACK = 2

#: sign (b): blocks at one clock time, its share of the file's timed blocks of the person,
#: and blocks at it per day that has one, from which it is a default start
MIN_DEFAULT_BLOCKS = 20
MIN_DEFAULT_SHARE = 0.3
MIN_DEFAULT_PER_DAY = 1.25

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
    file = _file(lf)
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


def _file(lf: pl.LazyFrame) -> pl.Expr:
    """The file of a row: entries as kept (`cmtime.schema.STORED_SCHEMA`) name it without
    an origin text."""
    return pl.col("__where") if "__where" in lf.collect_schema() else _FILE


def _second_of_day(tz: str) -> pl.Expr:
    """A block's local clock time, to the second (seconds since local midnight).

    The zone's offset is taken once per distinct day (at its noon), not converted for
    every block: exact but for a block that starts between midnight and a change of
    hour on the night of the change.
    """
    day = pl.col("date").unique()
    noon = day.cast(pl.Datetime("us")) + pl.duration(hours=12)
    offset = noon.dt.epoch("s") - noon.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null").dt.epoch("s")
    local = pl.col("start").dt.epoch("s") + pl.col("date").replace_strict(day, offset, return_dtype=pl.Int64)
    return (local % 86_400).cast(pl.Int32)


def default_starts(lf: pl.LazyFrame, *, tz: str) -> pl.DataFrame:
    """The clock times that are a default start (sign (b) of the module), per file and person.

    Read from every timed block (waits too: a default applies to whatever is logged);
    only effort blocks are then marked. One group-by over the blocks; the clock times
    with fewer than `MIN_DEFAULT_BLOCKS` blocks are dropped before anything is sorted.

    Returns ``file``, ``person``, ``second`` (seconds since local midnight), ``blocks``.
    """
    per_time = (
        lf.filter(_CLOCKED)
        .group_by(file=_file(lf), person=pl.col("person"), second=_second_of_day(tz))
        .agg(blocks=pl.len(), days=pl.col("date").n_unique())
        .with_columns(total=pl.col("blocks").sum().over("file", "person"))
        .filter(pl.col("blocks") >= MIN_DEFAULT_BLOCKS)
        .sort(["file", "person", "blocks", "second"], descending=[False, False, True, False])
    )
    left = pl.col("total") - pl.col("blocks").cum_sum().shift(1, fill_value=0).over("file", "person")
    ok = (pl.col("blocks") >= MIN_DEFAULT_SHARE * left) & (pl.col("blocks") >= MIN_DEFAULT_PER_DAY * pl.col("days"))
    return (
        per_time.with_columns(__ok=ok.cast(pl.Int8).cum_min().over("file", "person"))
        .filter(pl.col("__ok") == 1)
        .select("file", "person", "second", pl.col("blocks").cast(pl.Int64))
        .collect()
    )


def _at_default_start(lf: pl.LazyFrame, defaults: pl.DataFrame, *, tz: str) -> pl.Expr:
    """True for an effort block at a default start of its file and person."""
    keys = defaults.select(pl.struct("file", "person", "second").alias("key"))["key"]
    key = pl.struct(_file(lf).alias("file"), pl.col("person"), _second_of_day(tz).alias("second"))
    return (key.is_in(keys.implode()) & _CLOCKED & is_effort()).fill_null(False)


def mark_placeholders(lf: pl.LazyFrame, *, tz: str, defaults: pl.DataFrame | None = None) -> pl.LazyFrame:
    """``lf`` with ``placeholder_time``: a stack (sign (a)) or a default start (sign (b)).

    ``defaults`` is `default_starts` of the same entries; when not given, it is computed
    here, and only when `may_stack` says two blocks may share a minute: a default start
    piles more blocks than days at one second (`MIN_DEFAULT_PER_DAY` > 1), so some day
    has two of them, at one minute.
    """
    if defaults is None and may_stack(lf):
        defaults = default_starts(lf, tz=tz)
    marked = _placeholder_time_fast(lf)
    if defaults is None or defaults.is_empty():
        return marked
    return marked.with_columns(pl.col("placeholder_time") | _at_default_start(marked, defaults, tz=tz))


def drop_placeholder_times(lf: pl.LazyFrame, *, tz: str = "UTC", defaults: pl.DataFrame | None = None) -> pl.LazyFrame:
    """Mark placeholder blocks (`mark_placeholders`) and drop their clock times, so that
    `cmtime.analysis.worktime.split_worktime` treats them as duration-only."""
    marked = mark_placeholders(lf, tz=tz, defaults=defaults)
    clear = pl.col("placeholder_time")
    return marked.with_columns(
        start=pl.when(clear).then(None).otherwise(pl.col("start")),
        end=pl.when(clear).then(None).otherwise(pl.col("end")),
    )


def placeholder_by_file(lf: pl.LazyFrame, *, tz: str = "UTC") -> pl.LazyFrame:
    """Per file: how many blocks had placeholder clock times, and their hours.

    ``lf`` is classified entries (with ``kind``), or the output of
    `cmtime.analysis.pipeline.analyse` (its ``placeholder_time`` column is used); returns
    ``file``, ``blocks``, ``hours`` for files with such blocks, most blocks first.
    ``tz`` is the zone of the local clock times (sign (b)) when they are marked here.
    """
    marked = lf if "placeholder_time" in lf.collect_schema() else mark_placeholders(lf, tz=tz)
    return (
        marked.filter(pl.col("placeholder_time"))
        .group_by(file=_FILE)
        .agg(blocks=pl.len().cast(pl.Int64), hours=hours(pl.col("duration").sum()))
        .sort(["blocks", "file"], descending=[True, False])
    )
