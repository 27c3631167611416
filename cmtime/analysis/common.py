"""What every analysis stage shares: hours from durations, the effort rows, the period.

>>> import datetime as dt
>>> Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28)).days
28
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import polars as pl

from cmtime.config import Config
from cmtime.errors import InputError
from cmtime.schema import KIND, KINDS

US_PER_H = 3_600_000_000
EFFORT_KINDS = ("visible", "hidden", "unclassified")
def hours(expr: pl.Expr) -> pl.Expr:
    """A Duration expression as Float64 hours, correctly rounded.

    Polars divides a column by a scalar through its reciprocal: 111 006 000 000 µs came
    out as 30.834999999999997 h, not 30.835 h, and rounded for people to 30.83 h where a
    Python division gave 30.84 h. Dividing element by element (the divisor as a column
    of the same length) gives the correctly rounded quotient, the same as Python's.

    >>> import datetime as dt
    >>> pl.select(hours(pl.lit(dt.timedelta(seconds=111006)))).item()
    30.835
    """
    us = expr.dt.total_microseconds().cast(pl.Float64)
    return us / (us * 0.0 + US_PER_H)


def sum_hours(expr: pl.Expr) -> pl.Expr:
    """The sum of Float64 hours (as `hours` gives them), the same whatever the rows' order.

    A float sum depends on the order it adds in, and a group_by hands each group its rows
    in no fixed order: one client's 1 692.285 h of waits came out as 1 692.28 or 1 692.29
    from one run to the next. Each value goes back to its integer microseconds (exact for
    the quotients `hours` gives, up to about 2.5 million hours), the integers are summed,
    and the sum is divided once.

    >>> df = pl.DataFrame({"h": [0.1, 0.2, 0.3]})
    >>> df.select(sum_hours(pl.col("h"))).item(), df.select(pl.col("h").sum()).item()
    (0.6, 0.6000000000000001)
    """
    us = (expr * US_PER_H).round().cast(pl.Int64)
    return hours(us.sum().cast(pl.Duration("us")))


def check_min_group(min_group: int) -> None:
    """Refuse a negative team anonymity threshold (people's figures are shown only for
    groups of at least ``min_group`` people)."""
    if min_group < 0:
        msg = f"min_group must not be negative, got {min_group!r}"
        raise ValueError(msg)


def is_effort() -> pl.Expr:
    """True for effort rows (visible, hidden, unclassified), false for waits and for a
    missing or unknown kind.

    Compared on the codes of the ``kind`` Enum (a text ``kind`` is cast to it first):
    casting a million kinds to text to compare them cost time each of the half-dozen
    times a summary asks.

    >>> pl.DataFrame({"kind": ["visible", "wait", "hidden", None, "other"]}).select(is_effort()).to_series().to_list()
    [True, False, True, False, False]
    """
    code = pl.col("kind").cast(KIND, strict=False).to_physical()
    return pl.any_horizontal([code == KINDS.index(k) for k in EFFORT_KINDS]).fill_null(False)


@dataclass(frozen=True)
class Period:
    """An inclusive range of local dates."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            msg = f"the period ends ({self.end}) before it starts ({self.start})"
            raise InputError(msg)

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1


def local_today(timezone: str) -> dt.date:
    """Today in the config's time zone."""
    return dt.datetime.now(ZoneInfo(timezone)).date()


def today_for(config: Config) -> dt.date:
    """The config's ``as_of`` date, else today in its time zone."""
    return config.as_of or local_today(config.timezone)


def now_for(config: Config) -> dt.datetime | None:
    """The instant taken as now: the end of the ``as_of`` day (local midnight after it,
    in UTC), or None for the real now.

    >>> now_for(Config(timezone="Europe/Paris", as_of=dt.date(2026, 12, 31)))
    datetime.datetime(2026, 12, 31, 23, 0, tzinfo=datetime.timezone.utc)
    """
    if config.as_of is None:
        return None
    day = config.as_of + dt.timedelta(days=1)
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(config.timezone))
    return midnight.astimezone(dt.UTC)


def default_period(
    entries: pl.LazyFrame | pl.DataFrame,
    ledger: pl.DataFrame,
    *,
    timezone: str,
    today: dt.date,
) -> Period | None:
    """From the earliest to the latest date of any input, or None without any.

    Inputs are the entries' local dates, the ledger waits' local dates of asking and of
    answering, and, while a ledger wait is still open, today.

    >>> from cmtime.schema import WAIT_SCHEMA
    >>> e = pl.DataFrame({"date": [dt.date(2026, 3, 2), dt.date(2026, 3, 6)]})
    >>> default_period(e, pl.DataFrame(schema=WAIT_SCHEMA), timezone="UTC", today=dt.date(2026, 5, 1))
    Period(start=datetime.date(2026, 3, 2), end=datetime.date(2026, 3, 6))
    """

    def local(col: str) -> pl.Expr:
        return pl.col(col).dt.convert_time_zone(timezone).dt.date()

    dates = pl.concat(
        [
            entries.lazy().select(pl.col("date")),
            ledger.lazy().select(local("asked").alias("date")),
            ledger.lazy().select(local("answered").alias("date")),
            ledger.lazy()
            .filter(pl.col("answered").is_null() & pl.col("asked").is_not_null())
            .with_columns(date=pl.lit(today, pl.Date))  # one row per open wait, none without
            .select("date"),
        ]
    )
    first, last = dates.select(pl.col("date").min(), pl.col("date").max().alias("b")).collect().row(0)
    if first is None:
        return None
    return Period(first, last)


def in_period(lf: pl.LazyFrame, period: Period) -> pl.LazyFrame:
    """Rows whose local date is inside the period (inclusive)."""
    return lf.filter(pl.col("date").is_between(period.start, period.end, closed="both"))
