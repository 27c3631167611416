"""The fast placeholder check (two stages) gives `placeholder_time`'s values exactly."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_series_equal

from cmtime.analysis.placeholders import drop_placeholder_times, placeholder_time
from cmtime.schema import KIND


def _frame(n: int, seed: int) -> pl.LazyFrame:
    """Blocks of few people, files, days and minutes, so that stacks, near misses
    (same minute, other file or person or day) and untimed or non-effort rows abound."""
    base = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    df = pl.DataFrame({"i": pl.int_range(n, eager=True)}).with_columns(
        h=pl.col("i").hash(seed)
    ).select(
        origin=pl.format("f{}.csv:{}", pl.col("h") % 3, pl.col("i")),
        source=pl.when(pl.col("h") % 11 == 0).then(pl.lit("ics")).otherwise(pl.lit("toggl")),
        person=pl.format("p{}", (pl.col("h") // 3) % 3),
        date=pl.lit(dt.date(2026, 3, 2)) + pl.duration(days=(pl.col("h") // 9) % 2),
        start=pl.when(pl.col("h") % 7 == 0)
        .then(None)
        .otherwise(pl.lit(base) + pl.duration(seconds=((pl.col("h") // 18) % 40) * 17)),
        end=pl.lit(None, dtype=pl.Datetime("us", "UTC")),
        kind=pl.col("h").mod(4).replace_strict([0, 1, 2, 3], list(KIND.categories)).cast(KIND),
    )
    return df.lazy()


@pytest.mark.parametrize(("n", "seed"), [(0, 1), (1, 2), (5, 3), (50, 4), (400, 5), (3000, 6)])
def test_fast_check_equals_the_window(n: int, seed: int) -> None:
    lf = _frame(n, seed)
    want = lf.select(placeholder_time()).collect().to_series()
    got = drop_placeholder_times(lf).collect().get_column("placeholder_time")
    assert_series_equal(got, want)
    if n >= 400:  # the case is not vacuous
        assert 0 < want.sum() < n
