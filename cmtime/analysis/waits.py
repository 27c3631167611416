"""Client waits: how long each client keeps the work blocked.

A wait is an interval from the moment something was asked of the client (a validation,
photos, an answer) to the moment they answered. Waits come from two places:

- time entries classified as ``wait`` (a Toggl block "Attente validation calendrier"
  tagged ``attente`` that runs from the ask to the answer): the span is
  ``[start, start + duration)`` (the duration is authoritative) and the activity gives
  the kind of wait (``waiting_validation``, ``waiting_assets``, ``waiting_answer``);
- a waits ledger (``waits.csv``, `cmtime.readers.waits_ledger`): ``asked`` to
  ``answered``, with the number of reminders; an open wait (no answer yet) runs to
  ``until``, the end of the period asked for or now.

Each wait is measured three ways: calendar hours (real elapsed time), hours within
working hours (the exact ``in_hours`` part of `cmtime.analysis.worktime.split_worktime` over the
interval) and business days: the working days (weekdays with working hours, not a public
holiday, not a personal day off) from the day after the ask through the day of the answer,
so an answer the next working day is 1 day, an answer the same day 0, and
"answered 15 working days later" reads as 15.

A wait logged as a block from Monday 14:00 to Tuesday 11:00, and a reminder sent:

>>> from pathlib import Path
>>> from cmtime.analysis.pipeline import analyse
>>> from cmtime.readers import combine, journal
>>> from cmtime.readers._text import Text
>>> log = Text(Path("journal.txt"), text='''
... 2026-03-02
... 14:00-11:00 [Dupont] attente validation calendrier #attente
... 2026-03-03
... 09:00-09:15 [Dupont] relance validation
... ''')
>>> lf = analyse(combine([journal.read(log, config=Config())], Config()))
>>> iv = wait_intervals(lf, None, config=Config(), until=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
>>> iv.select("wait_kind", "calendar_h", "working_h", "business_days").collect().row(0)
('waiting_validation', 21.0, 6.0, 1)
>>> waits_by_client(iv, lf).select("client", "waits", "wait_h", "chasing_h").collect().row(0)
('Dupont', 1, 21.0, 0.25)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from cmtime.analysis.classify import builtin_rules, normalized
from cmtime.analysis.common import Period, hours, in_period, is_effort, now_for, sum_hours
from cmtime.analysis.worktime import day_calendar, split_worktime
from cmtime.config import Config
from cmtime.schema import UTC_DT, WAIT_SCHEMA

#: Columns of `wait_intervals`, in order.
INTERVAL_SCHEMA: dict[str, pl.DataType] = {
    "client": pl.String(),
    "item": pl.String(),
    "wait_kind": pl.String(),
    "date": pl.Date(),
    "asked": UTC_DT,
    "answered": UTC_DT,
    "end_used": UTC_DT,
    "open": pl.Boolean(),
    "reminders": pl.Int64(),
    "calendar_h": pl.Float64(),
    "working_h": pl.Float64(),
    "business_days": pl.Int64(),
    "origin": pl.String(),
    "delay_h": pl.Float64(),
    "past_end": pl.Boolean(),
}

#: Kinds of wait, as activities of wait entries.
WAIT_KINDS = ("waiting_validation", "waiting_assets", "waiting_answer")

_US = pl.Duration("us")
_HOURS_PER_DAY = 24.0


def _ledger_kind(item: pl.Expr) -> pl.Expr:
    """The kind of wait of a ledger item, with the built-in wait rules.

    A ledger item rarely says "waiting" ("Validation calendrier"), so the rules are tried
    on ``"attente " + item``; what matches neither validation nor assets is an answer.
    """
    text = normalized(pl.concat_str([pl.lit("attente "), item.fill_null("")]))
    out = pl.lit("waiting_answer")
    for rule in reversed([r for r in builtin_rules() if r.kind == "wait"]):  # first rule wins
        out = pl.when(text.str.contains(rule.match)).then(pl.lit(rule.activity)).otherwise(out)
    return out


def wait_intervals(
    lf: pl.LazyFrame,
    ledger: pl.DataFrame | pl.LazyFrame | None,
    *,
    config: Config,
    until: dt.datetime,
    clip: dt.datetime | None = None,
) -> pl.LazyFrame:
    """One row per wait, from wait entries and from a waits ledger, measured three ways.

    Parameters
    ----------
    lf
        Classified entries (`cmtime.analysis.classify.classify`); rows of kind ``wait`` are used.
    ledger
        Ledger waits (`WAIT_SCHEMA`, e.g. `cmtime.readers.Loaded.waits`), or None.
    config
        Time zone, working hours, holidays and personal days off.
    until
        Where open ledger waits stop (an aware datetime): the end of the period asked for,
        or now. An open wait asked after ``until`` counts zero.
    clip
        The end of the period counted (DESIGN.md, wait): a wait answered after it counts
        up to it in ``calendar_h``, ``working_h`` and ``business_days`` (``end_used`` is
        there) and says so in ``past_end``; its whole delay stays in ``delay_h``.

    Returns
    -------
    pl.LazyFrame
        Columns of `INTERVAL_SCHEMA`: ``client``, ``item`` (the entry's description or the
        ledger's item), ``wait_kind`` (``waiting_validation``, ``waiting_assets`` or
        ``waiting_answer``), ``date`` (local date of the ask), ``asked``, ``answered``
        (null while open), ``end_used`` (``answered``, or ``until`` for an open wait),
        ``open``, ``reminders`` (ledger only; null for entries), ``calendar_h``,
        ``working_h``, ``business_days``, ``origin`` (file and line), ``delay_h`` (the
        whole wait, for medians and agreed delays) and ``past_end``. Entries without a
        start (duration-only trackers) keep their ``calendar_h`` and have null instants,
        ``working_h`` and ``business_days``.

    Examples
    --------
    >>> import datetime as dt
    >>> from cmtime.config import Config
    >>> from cmtime.schema import CLASSIFIED_SCHEMA
    >>> ledger = pl.DataFrame(
    ...     {"wait_id": ["w"], "origin": ["waits.csv:2"], "client": ["Dupont"], "item": ["Photos"],
    ...      "asked": [dt.datetime(2026, 3, 6, 16, tzinfo=dt.UTC)],
    ...      "answered": [dt.datetime(2026, 3, 9, 9, tzinfo=dt.UTC)], "reminders": [1], "status": [""]},
    ...     schema=WAIT_SCHEMA,
    ... )
    >>> none = pl.LazyFrame(schema=CLASSIFIED_SCHEMA)
    >>> iv = wait_intervals(none, ledger, config=Config(), until=dt.datetime.now(dt.UTC))
    >>> iv.select("calendar_h", "working_h", "business_days").collect().row(0)
    (65.0, 1.0, 1)
    """
    tz = config.timezone
    stop = pl.lit(until).dt.convert_time_zone("UTC").cast(UTC_DT)
    local_date = pl.col("asked").dt.convert_time_zone(tz).dt.date()
    waits = lf.filter(pl.col("kind") == "wait")
    from_entries = waits.select(
        pl.col("client").cast(pl.String),
        pl.col("description").alias("item"),
        pl.when(pl.col("activity").is_in(WAIT_KINDS))
        .then(pl.col("activity"))
        .otherwise(pl.lit("waiting_answer"))
        .alias("wait_kind"),
        pl.col("date"),
        pl.col("start").alias("asked"),
        (pl.col("start") + pl.col("duration")).alias("answered"),
        (pl.col("start") + pl.col("duration")).alias("end_used"),
        pl.lit(False).alias("open"),
        pl.lit(None, pl.Int64).alias("reminders"),
        pl.col("duration").cast(_US).alias("__length"),
        pl.col("origin"),
    )
    book = (ledger if ledger is not None else pl.DataFrame(schema=WAIT_SCHEMA)).lazy()
    end_used = pl.coalesce(pl.col("answered"), pl.max_horizontal(pl.col("asked"), stop))
    from_ledger = book.select(
        pl.col("client"),
        pl.col("item"),
        _ledger_kind(pl.col("item")).alias("wait_kind"),
        local_date.alias("date"),
        pl.col("asked"),
        pl.col("answered"),
        end_used.alias("end_used"),
        pl.col("answered").is_null().alias("open"),
        pl.col("reminders"),
        (end_used - pl.col("asked")).cast(_US).alias("__length"),
        pl.col("origin"),
    )
    rows = pl.concat([from_entries, from_ledger], how="vertical_relaxed").with_columns(
        pl.col("asked").cast(UTC_DT),
        pl.col("answered").cast(UTC_DT),
        pl.col("end_used").cast(UTC_DT),
        delay_h=hours(pl.col("__length")),
        past_end=pl.lit(False),
    )
    if clip is not None:
        edge = pl.lit(clip).dt.convert_time_zone("UTC").cast(UTC_DT)
        beyond = pl.col("asked").is_not_null() & (pl.col("end_used") > edge)
        rows = rows.with_columns(
            past_end=beyond,
            end_used=pl.when(beyond).then(pl.max_horizontal(pl.col("asked"), edge)).otherwise(pl.col("end_used")),
        ).with_columns(
            __length=pl.when(pl.col("past_end"))
            .then((pl.col("end_used") - pl.col("asked")).cast(_US))
            .otherwise(pl.col("__length"))
        )
    # Working hours: the exact `in_hours` part of each interval, as split_worktime cuts it.
    split = split_worktime(
        rows.with_columns(start=pl.col("asked"), duration=pl.col("__length")),
        config=config,
    )
    timed = pl.col("asked").is_not_null()
    return _with_business_days(
        split.with_columns(
            calendar_h=hours(pl.col("__length")),
            working_h=pl.when(timed).then(hours(pl.col("in_hours"))),
        ),
        config=config,
    ).select([pl.col(name).cast(dtype) for name, dtype in INTERVAL_SCHEMA.items()])


def _last_day(tz: str) -> pl.Expr:
    """The local day a wait's end falls in, an end at midnight sharp belonging to the day
    before: an open wait stopped at the end of the period (the midnight after its last day)
    holds no day after the period (DESIGN.md, wait)."""
    return (pl.col("end_used") - pl.duration(microseconds=1)).dt.convert_time_zone(tz).dt.date()


def _with_business_days(lf: pl.LazyFrame, *, config: Config) -> pl.LazyFrame:
    """Add ``business_days``: working days in (local date of the ask, local date of the end]."""
    tz = config.timezone
    first = pl.col("asked").dt.convert_time_zone(tz).dt.date()
    last = _last_day(tz)
    week_mask = tuple(bool(config.hours[i]) if i < len(config.hours) else False for i in range(7))
    if not any(week_mask):  # no working weekday at all: nothing is a business day
        return lf.with_columns(
            business_days=pl.when(pl.col("asked").is_not_null()).then(pl.lit(0, pl.Int64))
        )
    span = lf.select(first.min().alias("lo"), last.max().alias("hi")).collect().row(0)
    off: list[dt.date] = []
    if span[0] is not None:
        calendar = day_calendar(config, span[0], span[1] + dt.timedelta(days=1))
        off = calendar.filter("day_off").get_column("date").to_list()
    one = pl.duration(days=1)
    return lf.with_columns(
        business_days=pl.business_day_count(
            first + one, last + one, week_mask=week_mask, holidays=off
        ).cast(pl.Int64)
    )


def lost_days(intervals: pl.LazyFrame, *, config: Config) -> pl.LazyFrame:
    """One row per client and working day on which at least one of its waits was open.

    A wait holds the working days in (local date of the ask, local date of its end], as
    ``business_days`` counts them; a day two waits share is lost once. Summing
    ``business_days`` instead counted overlapping waits twice (198 days for one sample
    client instead of about 164, and a cumulative total longer than a working year).

    Returns
    -------
    pl.LazyFrame
        ``client`` and ``date`` (Date), unique.
    """
    tz = config.timezone
    first = pl.col("asked").dt.convert_time_zone(tz).dt.date() + pl.duration(days=1)
    last = _last_day(tz)
    days = (
        intervals.filter(pl.col("asked").is_not_null() & (last >= first))
        .select("client", pl.date_ranges(first, last, "1d").alias("date"))
        .explode("date")
        .unique(["client", "date"])
        .collect()
    )
    if days.is_empty():
        return pl.LazyFrame(schema={"client": pl.String(), "date": pl.Date()})
    lo, hi = days.select(pl.col("date").min(), pl.col("date").max().alias("hi")).row(0)
    working = day_calendar(config, lo, hi).filter(~pl.col("day_off")).select("date")
    return days.lazy().join(working.lazy(), on="date", how="semi").sort("client", "date", nulls_last=True)


def waits_by_client(
    intervals: pl.LazyFrame,
    chasing_lf: pl.LazyFrame | None = None,
    *,
    config: Config | None = None,
) -> pl.LazyFrame:
    """Per client: how many waits, how long, how many still open, and the chasing effort.

    Parameters
    ----------
    intervals
        `wait_intervals`, already limited to the period wanted.
    chasing_lf
        Classified entries; the effort of activity ``chasing`` is summed per client.
        None: ``chasing_h`` is 0.

    Returns
    -------
    pl.LazyFrame
        One row per client (waits-only and chasing-only clients included), the longest
        median wait first: ``client``, ``waits``, ``wait_h`` (total calendar hours),
        ``wait_median_h``, ``p90_h`` (linear interpolation), ``longest_h``,
        ``wait_business_h`` (total hours within working hours), ``business_days`` (total),
        ``open_waits``, ``oldest_open_days`` (calendar days of the oldest open wait, null
        when none), ``reminders`` (ledger reminders) and ``chasing_h``; with ``config``,
        ``days_lost`` too: the working days with at least one wait open (`lost_days`).
    """
    h = pl.col("calendar_h")
    # a wait's own delay is whole (medians, longest); the hours of the period stop at its end
    whole = pl.col("delay_h")
    stats = intervals.group_by("client").agg(
        pl.len().cast(pl.Int64).alias("waits"),
        sum_hours(h).alias("wait_h"),
        whole.median().alias("wait_median_h"),
        whole.quantile(0.9, interpolation="linear").alias("p90_h"),
        whole.max().alias("longest_h"),
        sum_hours(pl.col("working_h")).alias("wait_business_h"),
        pl.col("business_days").sum().cast(pl.Int64).alias("business_days"),
        pl.col("open").sum().cast(pl.Int64).alias("open_waits"),
        (h.filter(pl.col("open")).max() / _HOURS_PER_DAY).alias("oldest_open_days"),
        pl.col("reminders").sum().cast(pl.Int64).alias("reminders"),
    )
    if chasing_lf is None:
        chasing = pl.LazyFrame(schema={"client": pl.String(), "chasing_h": pl.Float64()})
    else:
        chasing = (
            chasing_lf.filter(is_effort() & (pl.col("activity") == "chasing"))
            .group_by("client")
            .agg(hours(pl.col("duration").sum()).alias("chasing_h"))
        )
    zero_int = ["waits", "business_days", "open_waits", "reminders"]
    zero_float = ("wait_h", "wait_business_h", "chasing_h")
    extra: list[str] = []
    if config is not None:
        lost = lost_days(intervals, config=config).group_by("client").agg(
            pl.len().cast(pl.Int64).alias("days_lost")
        )
        stats = stats.join(lost, on="client", how="left", nulls_equal=True)
        zero_int.append("days_lost")
        extra.append("days_lost")
    return (
        stats.join(chasing, on="client", how="full", coalesce=True, nulls_equal=True)
        .with_columns(
            *(pl.col(c).fill_null(0) for c in zero_int),
            *(pl.col(c).fill_null(0.0) for c in zero_float),
        )
        .select(
            "client",
            "waits",
            "wait_h",
            "wait_median_h",
            "p90_h",
            "longest_h",
            "wait_business_h",
            "business_days",
            "open_waits",
            "oldest_open_days",
            "reminders",
            "chasing_h",
            *extra,
        )
        .sort(["wait_median_h", "client"], descending=[True, False], nulls_last=True)
    )


def days_lost_by_quarter(intervals: pl.LazyFrame, *, config: Config) -> pl.LazyFrame:
    """Waits asked and working days lost per client and quarter.

    Returns
    -------
    pl.LazyFrame
        ``client``, ``quarter`` (its first day, Date), ``label`` (``2026 Q1``), ``waits``
        (asked in the quarter) and ``business_days`` (working days of the quarter with at
        least one wait open, `lost_days`), sorted by client and quarter.
    """
    asked = intervals.group_by("client", quarter=pl.col("date").dt.truncate("1q")).agg(
        pl.len().cast(pl.Int64).alias("waits")
    )
    lost = (
        lost_days(intervals, config=config)
        .group_by("client", quarter=pl.col("date").dt.truncate("1q"))
        .agg(pl.len().cast(pl.Int64).alias("business_days"))
    )
    return (
        asked.join(lost, on=["client", "quarter"], how="full", coalesce=True, nulls_equal=True)
        .with_columns(pl.col("waits", "business_days").fill_null(0))
        .with_columns(
            label=pl.format("{} Q{}", pl.col("quarter").dt.year(), pl.col("quarter").dt.quarter())
        )
        .select("client", "quarter", "label", "waits", "business_days")
        .sort("client", "quarter", nulls_last=True)
    )


def cumulative_days(intervals: pl.LazyFrame, *, config: Config) -> pl.LazyFrame:
    """Working days lost per client and month, and their running total.

    Returns
    -------
    pl.LazyFrame
        ``client``, ``month`` (first day, Date), ``business_days`` (working days of the
        month with at least one wait open, `lost_days`) and ``cumulative_days`` (running
        total per client over the months, months without a lost day included).
    """
    monthly = (
        lost_days(intervals, config=config)
        .group_by("client", month=pl.col("date").dt.month_start())
        .agg(pl.len().cast(pl.Int64).alias("business_days"))
    )
    bounds = monthly.select(pl.col("month").min().alias("lo"), pl.col("month").max().alias("hi"))
    months = bounds.select(pl.date_ranges("lo", "hi", "1mo").explode().alias("month")).filter(
        pl.col("month").is_not_null()
    )
    grid = monthly.select("client").unique().join(months, how="cross")
    return (
        grid.join(monthly, on=["client", "month"], how="left", nulls_equal=True)
        .with_columns(pl.col("business_days").fill_null(0))
        .sort("client", "month", nulls_last=True)
        .with_columns(cumulative_days=pl.col("business_days").cum_sum().over("client"))
        .select("client", "month", "business_days", "cumulative_days")
    )


def until_for(
    period_end: dt.date | None, *, timezone: str, now: dt.datetime | None = None
) -> dt.datetime:
    """Where open waits stop: the end of ``period_end`` (local midnight after it, in UTC)
    or now, whichever is earlier.

    >>> until_for(dt.date(2026, 3, 9), timezone="Europe/Paris",
    ...           now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    datetime.datetime(2026, 3, 9, 23, 0, tzinfo=datetime.timezone.utc)
    """
    from zoneinfo import ZoneInfo

    current = now or dt.datetime.now(dt.UTC)
    if period_end is None:
        return current.astimezone(dt.UTC)
    next_day = period_end + dt.timedelta(days=1)
    end = dt.datetime(next_day.year, next_day.month, next_day.day, tzinfo=ZoneInfo(timezone))
    return min(end, current).astimezone(dt.UTC)


def waits_in_period(
    rows: pl.LazyFrame,
    ledger: pl.DataFrame | pl.LazyFrame | None,
    *,
    config: Config,
    period: Period,
    now: dt.datetime | None = None,
) -> pl.LazyFrame:
    """The waits of a period, by the one recipe every view uses: `wait_intervals` of the
    rows and the ledger, open waits stopped at `until_for` the period's end, then only the
    waits asked inside the period, each counted up to the period's end (its whole delay in
    ``delay_h``: DESIGN.md, wait).

    Parameters
    ----------
    rows
        Classified entries (the wait rows are used).
    ledger
        Ledger waits (`WAIT_SCHEMA`), or None.
    config
        Time zone, working hours, holidays.
    period
        Inclusive local dates.
    now
        The present instant (tests); by default the real one.
    """
    until = until_for(period.end, timezone=config.timezone, now=now or now_for(config))
    return in_period(wait_intervals(rows, ledger, config=config, until=until, clip=until), period)
