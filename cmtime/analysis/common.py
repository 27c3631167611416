"""What every analysis stage shares: hours from durations, the effort rows, the period.

>>> import datetime as dt
>>> Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28)).days
28
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

US_PER_H = 3_600_000_000
EFFORT_KINDS = ("visible", "hidden", "unclassified")
def hours(expr: pl.Expr) -> pl.Expr:
    """A Duration expression as Float64 hours."""
    return expr.dt.total_microseconds().cast(pl.Float64) / US_PER_H


def is_effort() -> pl.Expr:
    """True for effort rows (visible, hidden, unclassified)."""
    return pl.col("kind").cast(pl.String).is_in(EFFORT_KINDS)


@dataclass(frozen=True)
class Period:
    """An inclusive range of local dates."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            msg = f"the period ends ({self.end}) before it starts ({self.start})"
            raise ValueError(msg)

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1


def data_period(lf: pl.LazyFrame) -> Period | None:
    """The first and last local date present, or None for no data."""
    row = lf.select(pl.col("date").min().alias("a"), pl.col("date").max().alias("b")).collect().row(0)
    if row[0] is None:
        return None
    return Period(row[0], row[1])


def in_period(lf: pl.LazyFrame, period: Period) -> pl.LazyFrame:
    """Rows whose local date is inside the period (inclusive)."""
    return lf.filter(pl.col("date").is_between(period.start, period.end, closed="both"))
