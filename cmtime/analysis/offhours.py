"""Off-hours load: who causes it, when it happens, and how often the evenings and weekends go.

Every function takes the output of `cmtime.analysis.pipeline.analyse` (classified entries with the
exact off-hours split of `cmtime.analysis.worktime.split_worktime`) as a LazyFrame, keeps the effort
rows only (visible, hidden, unclassified: `cmtime.analysis.metrics.is_effort`), and returns a
LazyFrame of aggregates with hours as Float64. Nothing is collected here, except that
`punchcard` and `working_hours` build a 7 x 24 grid from the config.

Local time always comes from ``config.timezone``; blocks are ``[start, start + duration)``
(``duration`` is authoritative, as in `cmtime.analysis.worktime`), and sums are taken in integer
microseconds before the conversion to hours, so no time is created or lost.

>>> from pathlib import Path
>>> from cmtime.analysis.pipeline import analyse
>>> from cmtime.readers import combine, journal
>>> from cmtime.readers._text import Text
>>> log = Text(Path("journal.txt"), text='''
... 2026-03-06
... 17:00-19:30 [Dupont] modération du live
... 2026-03-07
... 10:00-11:00 [Dupont] publication Instagram
... 2026-04-01
... 12:00-14:00 [Lumen] création visuels
... ''')
>>> lf = analyse(combine([journal.read(log, config=Config())], Config()))

A Friday evening after 17:00 and a Saturday hour for Dupont; Lumen's lunch break:

>>> offhours_by(lf, by=["client", "month"]).select(
...     "client", "month", "effort_h", "offhours_h", "evening_h", "day_off_h", "midday_h"
... ).collect().rows()
[('Dupont', datetime.date(2026, 3, 1), 3.5, 3.5, 2.5, 1.0, 0.0), ('Lumen', datetime.date(2026, 4, 1), 2.0, 1.0, 0.0, 0.0, 1.0)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, get_args

import polars as pl

from cmtime.analysis.common import check_min_group
from cmtime.analysis.metrics import US_PER_H, hours, is_effort
from cmtime.analysis.worktime import CATEGORIES
from cmtime.config import Config, parse_range

__all__ = [
    "CATEGORY_COLUMNS",
    "Dimension",
    "late_days",
    "longest_streak",
    "offhours_by",
    "offhours_long",
    "punchcard",
    "team_offhours",
    "weekends_worked",
    "working_hours",
]

#: What `offhours_by` and `offhours_long` can group by; ``month`` is the first day of the
#: month of each block's local ``date``.
Dimension = Literal["client", "person", "month"]
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)

#: One hours column per category of the split, in the order of `CATEGORIES`.
CATEGORY_COLUMNS = tuple(f"{name}_h" for name in CATEGORIES)

_DAY_US = 24 * US_PER_H
_EPOCH = dt.date(1970, 1, 1)
_P = "_oh_"  # prefix of temporary columns


# -- grouping ------------------------------------------------------------------------------


def _check_by(by: Sequence[str]) -> list[Dimension]:
    """The grouping dimensions, checked; a bad one raises `ValueError` quoting it."""
    if isinstance(by, str):
        by = [by]
    out: list[Dimension] = []
    for name in by:
        if name not in DIMENSIONS:
            msg = f"cannot group by {name!r}: expected any of {', '.join(map(repr, DIMENSIONS))}"
            raise ValueError(msg)
        if name in out:
            msg = f"{name!r} is given twice in by"
            raise ValueError(msg)
        out.append(name)
    return out


def _key(name: Dimension) -> pl.Expr:
    if name == "month":
        return pl.col("date").dt.month_start().alias("month")
    return pl.col(name)


def _effort(lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.filter(is_effort())


def _share(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    return pl.when(whole > 0).then(part / whole).otherwise(None)


def _category_sums() -> list[pl.Expr]:
    """Effort, off-hours and per-category hours, summed in microseconds then as hours."""
    return [
        hours(pl.col("duration").sum()).alias("effort_h"),
        hours(pl.col("offhours").sum()).alias("offhours_h"),
        *(hours(pl.col(name).sum()).alias(f"{name}_h") for name in CATEGORIES),
    ]


def _order(keys: Sequence[str]) -> list[str]:
    return [
        *keys,
        "effort_h",
        "offhours_h",
        "offhours_share",
        *CATEGORY_COLUMNS,
    ]


# -- by client, person, month ---------------------------------------------------------------


def offhours_by(lf: pl.LazyFrame, by: Sequence[str]) -> pl.LazyFrame:
    """Off-hours hours and share, and hours per category, by any of client, person, month.

    Parameters
    ----------
    lf
        `analyse` output: classified entries with the off-hours split columns.
    by
        Any of ``"client"``, ``"person"``, ``"month"`` (first day of the local month), in
        the order wanted; empty gives one row of totals.

    Returns
    -------
    pl.LazyFrame
        The ``by`` columns, then ``effort_h``, ``offhours_h`` (early + midday + evening +
        night + day off), ``offhours_share`` (``offhours_h / effort_h``, null without
        effort) and one column per category: ``in_hours_h``, ``early_h``, ``midday_h``,
        ``evening_h``, ``night_h``, ``day_off_h``, ``unknown_h`` (duration-only rows on a
        working day: their time of day is not known). The categories sum to ``effort_h``.
        Sorted by the ``by`` columns, nulls (no client) last.

    Raises
    ------
    ValueError
        On an unknown or repeated dimension.

    >>> offhours_by(pl.LazyFrame(), ["client", "week"])
    Traceback (most recent call last):
    ValueError: cannot group by 'week': expected any of 'client', 'person', 'month'
    """
    keys = _check_by(by)
    rows = _effort(lf)
    if keys:
        out = rows.group_by(*(_key(k) for k in keys)).agg(_category_sums())
    else:
        out = rows.select(_category_sums())
    out = out.with_columns(offhours_share=_share(pl.col("offhours_h"), pl.col("effort_h")))
    out = out.select(_order(keys))
    return out.sort(keys, nulls_last=True) if keys else out


def offhours_long(lf: pl.LazyFrame, by: Sequence[str]) -> pl.LazyFrame:
    """Hours per category in long format, for charts: ``by…, category, hours``.

    Parameters
    ----------
    lf
        `analyse` output.
    by
        As in `offhours_by` (at least one dimension).

    Returns
    -------
    pl.LazyFrame
        One row per group and category of `cmtime.analysis.worktime.CATEGORIES` (``in_hours`` and
        ``unknown`` included, so a chart can compute shares), zero hours included;
        ``category`` is a String, ``hours`` Float64. Sorted by the groups, then
        categories in the order of `CATEGORIES`.
    """
    keys = _check_by(by)
    if not keys:
        msg = "offhours_long needs at least one dimension in by"
        raise ValueError(msg)
    rank = {name: i for i, name in enumerate(CATEGORIES)}
    return (
        offhours_by(lf, keys)
        .unpivot(
            on=list(CATEGORY_COLUMNS), index=keys, variable_name="category", value_name="hours"
        )
        .with_columns(pl.col("category").str.strip_suffix("_h"))
        .sort(
            [*keys, pl.col("category").replace_strict(rank, return_dtype=pl.Int8)], nulls_last=True
        )
    )


# -- time of day ----------------------------------------------------------------------------


def _us(t: pl.Expr) -> pl.Expr:
    return t.dt.epoch("us")


def _local_us(t: pl.Expr, tz: str) -> pl.Expr:
    """A UTC instant as microseconds of the local wall clock in ``tz`` since 1970-01-01."""
    return t.dt.convert_time_zone(tz).dt.replace_time_zone(None).dt.epoch("us")


def _timed_effort(lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.filter(
        is_effort() & pl.col("start").is_not_null() & (pl.col("duration") > pl.duration())
    )


def punchcard(lf: pl.LazyFrame, *, config: Config) -> pl.LazyFrame:
    """Effort hours per local weekday and hour of day, each block split exactly over hours.

    A block is cut at every local hour boundary it crosses, so 09:30-11:15 gives 0.5 h at
    9, 1 h at 10 and 0.25 h at 11. Cells are real hours: on the spring-forward night in
    Paris there is no 02:00 cell, and on the fall-back night the 02:00 cell holds both
    real hours; the sum of the grid is always the sum of the timed blocks.

    Parameters
    ----------
    lf
        `analyse` output (only ``kind``, ``start`` and ``duration`` are read). Rows
        without a start (duration-only sources) are left out: their time of day is not
        known.
    config
        ``config.timezone`` gives local time.

    Returns
    -------
    pl.LazyFrame
        The full 7 x 24 grid: ``weekday`` (Int8, 1 = Monday … 7 = Sunday), ``hour``
        (Int8, 0-23) and ``hours`` (Float64, 0.0 for an empty cell), sorted.

    Notes
    -----
    Hour boundaries are found in local time at the start of each block and then step by
    real hours, which stays aligned through DST changes of whole hours (all of Europe
    and the Americas; Lord Howe Island's half-hour change would shift the cells).
    """
    tz = config.timezone
    s, e = pl.col(f"{_P}s"), pl.col(f"{_P}e")
    cell = pl.col(f"{_P}cell")
    local_cell = (
        pl.from_epoch(cell, time_unit="us").dt.replace_time_zone("UTC").dt.convert_time_zone(tz)
    )
    grid = pl.LazyFrame(
        {
            "weekday": [d for d in range(1, 8) for _ in range(24)],
            "hour": [h for _ in range(1, 8) for h in range(24)],
        },
        schema={"weekday": pl.Int8(), "hour": pl.Int8()},
    )
    cells = (
        _timed_effort(lf)
        .select(
            _us(pl.col("start")).alias(f"{_P}s"),
            (_us(pl.col("start")) + pl.col("duration").dt.total_microseconds()).alias(f"{_P}e"),
            (_local_us(pl.col("start"), tz) - _us(pl.col("start"))).alias(f"{_P}offset"),
        )
        .with_columns(
            # the real instant of the local hour boundary at or before the start
            (s - (s + pl.col(f"{_P}offset")) % US_PER_H).alias(f"{_P}first"),
        )
        .with_columns(pl.int_ranges(pl.col(f"{_P}first"), e, US_PER_H).alias(f"{_P}cell"))
        .explode(f"{_P}cell", empty_as_null=False, keep_nulls=False)
        .select(
            local_cell.dt.weekday().cast(pl.Int8).alias("weekday"),
            local_cell.dt.hour().cast(pl.Int8).alias("hour"),
            (pl.min_horizontal(cell + US_PER_H, e) - pl.max_horizontal(cell, s)).alias(f"{_P}us"),
        )
        .group_by("weekday", "hour")
        .agg(pl.col(f"{_P}us").sum())
    )
    return (
        grid.join(cells, on=["weekday", "hour"], how="left", maintain_order="left")
        .select(
            "weekday",
            "hour",
            (pl.col(f"{_P}us").fill_null(0).cast(pl.Float64) / US_PER_H).alias("hours"),
        )
        .sort("weekday", "hour")
    )


def working_hours(config: Config) -> pl.DataFrame:
    """The configured working ranges, for drawing them over a punch card.

    Parameters
    ----------
    config
        ``[hours]`` per weekday.

    Returns
    -------
    pl.DataFrame
        One row per range: ``weekday`` (Int8, 1 = Monday), ``start_h`` and ``end_h``
        (Float64 hours of the local day, ``12.5`` for 12:30).

    >>> working_hours(Config()).row(0)
    (1, 9.0, 12.5)
    """
    rows = [
        (i + 1, r.start / dt.timedelta(hours=1), r.end / dt.timedelta(hours=1))
        for i, ranges in enumerate(config.hours)
        for r in ranges
    ]
    return pl.DataFrame(
        rows,
        schema={"weekday": pl.Int8(), "start_h": pl.Float64(), "end_h": pl.Float64()},
        orient="row",
    )


def _days_touched(
    lf: pl.LazyFrame,
    tz: str,
    *,
    day_start: dt.timedelta = dt.timedelta(0),
    window: dt.timedelta = dt.timedelta(0),
) -> pl.LazyFrame:
    """Timed effort blocks exploded into the local days they touch: a ``day`` column added.

    A day ``D`` runs in local wall time from ``D + day_start`` to ``D + 1 day + day_start``;
    a block touches ``D`` when it overlaps ``[D + day_start + window, D + 1 day + day_start)``
    for a positive time. Only timed effort blocks are kept.
    """
    shift = day_start // dt.timedelta(microseconds=1)
    skip = window // dt.timedelta(microseconds=1)
    ls, le, n = pl.col(f"{_P}ls"), pl.col(f"{_P}le"), pl.col(f"{_P}n")
    return (
        _timed_effort(lf)
        .with_columns(
            (_local_us(pl.col("start"), tz) - shift).alias(f"{_P}ls"),
            (_local_us(pl.col("start") + pl.col("duration"), tz) - shift).alias(f"{_P}le"),
        )
        .with_columns(pl.int_ranges(ls // _DAY_US, (le - 1) // _DAY_US + 1).alias(f"{_P}n"))
        .explode(f"{_P}n", empty_as_null=False, keep_nulls=False)
        .filter(
            pl.max_horizontal(ls, n * _DAY_US + skip) < pl.min_horizontal(le, (n + 1) * _DAY_US)
        )
        .with_columns(n.cast(pl.Int32).cast(pl.Date).alias("day"))
        .drop(f"{_P}ls", f"{_P}le", f"{_P}n")
    )


def _effort_months(lf: pl.LazyFrame) -> pl.LazyFrame:
    """The months (first days) with any effort, the rows of the per-month frames."""
    return _effort(lf).select(pl.col("date").dt.month_start().alias("month")).unique()


def _time_of_day(text: str, name: str) -> dt.timedelta:
    try:
        return parse_range(f"00:00-{text}", wrap=True).end
    except ValueError:
        msg = f"{name}={text!r} is not a time of day (expected HH:MM)"
        raise ValueError(msg) from None


def late_days(lf: pl.LazyFrame, *, config: Config, after: str = "20:00") -> pl.LazyFrame:
    """Days with effort after ``after`` local time, per month.

    A day counts once, whatever the number of blocks, when some effort lies between
    ``after`` and the end of the night window the next morning (``config.night``, 06:00
    by default): a block at 00:30 is the late evening of the day before, not a new day.
    When the night window does not run over midnight, the evening ends at midnight.

    Parameters
    ----------
    lf
        `analyse` output; duration-only rows are left out (time of day unknown).
    config
        Time zone and night window.
    after
        Local time ``"HH:MM"`` from which work is late.

    Returns
    -------
    pl.LazyFrame
        ``month`` (Date, first day; every month with effort, late or not) and
        ``late_days`` (UInt32), sorted by month. A day belongs to the month of its date.

    Raises
    ------
    ValueError
        When ``after`` is not a time of day.
    """
    start = _time_of_day(after, "after")
    night = config.night
    morning = night.end if night.end < night.start and night.end <= start else dt.timedelta(0)
    days = (
        _days_touched(lf, config.timezone, day_start=morning, window=start - morning)
        .select(pl.col("day").dt.month_start().alias("month"), "day")
        .group_by("month")
        .agg(pl.col("day").n_unique().alias("late_days"))
    )
    return (
        _effort_months(lf)
        .join(days, on="month", how="left")
        .with_columns(pl.col("late_days").fill_null(0).cast(pl.UInt32))
        .sort("month")
    )


def _weekend_runs(config: Config) -> dict[int, int]:
    """ISO weekday of each weekend day -> days back to the first day of its weekend.

    Weekend days are the weekdays without working ranges in ``[hours]`` (Saturday and
    Sunday by default); consecutive ones make one weekend.
    """
    free = [not (i < len(config.hours) and config.hours[i]) for i in range(7)]
    back: dict[int, int] = {}
    for i in range(7):
        if free[i]:
            n = 0
            while n < 6 and free[(i - n - 1) % 7]:
                n += 1
            back[i + 1] = n
    return back


def weekends_worked(lf: pl.LazyFrame, *, config: Config) -> pl.LazyFrame:
    """Weekend days with effort, and distinct weekends worked, per month.

    Weekend days are the weekdays without working ranges in ``[hours]`` (Saturday and
    Sunday by default; public holidays are not weekends). A day counts when some effort
    falls on it in local time (a Friday block running past midnight touches Saturday);
    a duration-only row counts on its ``date``.

    Parameters
    ----------
    lf
        `analyse` output.
    config
        Time zone and working hours.

    Returns
    -------
    pl.LazyFrame
        ``month`` (Date, every month with effort), ``weekend_days`` (UInt32: weekend
        days worked in the month) and ``weekends`` (UInt32: weekends with any work,
        counted in the month of the weekend's first day, so that the column sums to the
        number of distinct weekends worked), sorted by month.
    """
    back = _weekend_runs(config)
    timed = _days_touched(lf, config.timezone).select("day")
    untimed = (
        _effort(lf)
        .filter(pl.col("start").is_null() & (pl.col("duration") > pl.duration()))
        .select(pl.col("date").alias("day"))
    )
    days = (
        pl.concat([timed, untimed])
        .unique()
        .filter(pl.col("day").dt.weekday().is_in(list(back)))
        .with_columns(
            (
                pl.col("day")
                - pl.duration(
                    days=pl.col("day").dt.weekday().replace_strict(back, return_dtype=pl.Int64)
                )
            ).alias("weekend")
        )
    )
    per_day = days.group_by(pl.col("day").dt.month_start().alias("month")).agg(
        pl.len().cast(pl.UInt32).alias("weekend_days")
    )
    per_weekend = days.group_by(pl.col("weekend").dt.month_start().alias("month")).agg(
        pl.col("weekend").n_unique().cast(pl.UInt32).alias("weekends")
    )
    return (
        _effort_months(lf)
        .join(per_day, on="month", how="full", coalesce=True)
        .join(per_weekend, on="month", how="full", coalesce=True)
        .with_columns(pl.col("weekend_days", "weekends").fill_null(0))
        .sort("month")
    )


def longest_streak(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Per person, the longest run of consecutive local dates with effort.

    Dates are the entries' ``date`` (the local day each block started); weekends and
    holidays count like any day, so a streak of 12 means twelve days without a day off.

    Parameters
    ----------
    lf
        `analyse` output.

    Returns
    -------
    pl.LazyFrame
        ``person``, ``streak_days`` (UInt32), ``streak_start`` and ``streak_end`` (Date,
        inclusive); the earliest run wins a tie. Sorted by person.
    """
    run = pl.col(f"{_P}run")
    return (
        _effort(lf)
        .filter(pl.col("duration") > pl.duration())
        .select("person", "date")
        .unique()
        .sort("person", "date")
        .with_columns(
            (pl.col("date").diff().over("person") != pl.duration(days=1))
            .fill_null(True)
            .cum_sum()
            .over("person")
            .alias(f"{_P}run")
        )
        .group_by("person", run)
        .agg(
            pl.len().cast(pl.UInt32).alias("streak_days"),
            pl.col("date").min().alias("streak_start"),
            pl.col("date").max().alias("streak_end"),
        )
        .sort(["person", "streak_days", "streak_start"], descending=[False, True, False])
        .group_by("person", maintain_order=True)
        .first()
        .select("person", "streak_days", "streak_start", "streak_end")
    )


# -- team -----------------------------------------------------------------------------------


def team_offhours(lf: pl.LazyFrame, *, min_group: int = 0, alias: str = "#{}") -> pl.LazyFrame:
    """Per person, side by side: effort, off-hours, share and hours per category.

    Privacy rule: when the team has fewer than ``min_group`` people, names are replaced
    by ``alias`` with its number (``"Personne {}"`` gives ``Personne 1``, ``Personne 2``…;
    the text layer's ``team.person`` label), numbered by effort, largest first. In a small team a per-person figure points at one known colleague, so
    an agency sharing the view sets ``min_group`` (5, say) to show names only from that
    team size on. ``min_group=0`` (the default) always shows names.

    Parameters
    ----------
    lf
        `analyse` output.
    min_group
        Smallest number of people for which names are shown; not negative.
    alias
        The replacement name, ``{}`` standing for the number.

    Returns
    -------
    pl.LazyFrame
        ``person`` (the name or its replacement), then the columns of `offhours_by`;
        sorted by effort, largest first (ties by name).

    Raises
    ------
    ValueError
        On a negative ``min_group``.
    """
    check_min_group(min_group)
    anonymous = pl.len() < min_group
    replacement = pl.format(alias, pl.int_range(1, pl.len() + 1))
    return (
        offhours_by(lf, ["person"])
        .sort(["effort_h", "person"], descending=[True, False], nulls_last=True)
        .with_columns(pl.when(anonymous).then(replacement).otherwise(pl.col("person")).alias("person"))
    )
