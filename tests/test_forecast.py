"""The next quarter (issue #31): a linear trend and its rolling-origin errors."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.analysis.common import Period
from cmtime.analysis.forecast import next_quarter
from cmtime.config import Config, Person

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _rows(monthly: dict[str | None, list[float]]) -> pl.LazyFrame:
    """One block on the 10th of each month of 2026 per client, of the given hours."""
    rows = [
        (client, dt.date(2026, m + 1, 10), dt.timedelta(hours=h))
        for client, hs in monthly.items()
        for m, h in enumerate(hs)
        if h
    ]
    return pl.LazyFrame(
        {
            "person": ["A"] * len(rows),
            "client": [r[0] for r in rows],
            "date": [r[1] for r in rows],
            "duration": [r[2] for r in rows],
            "kind": ["visible"] * len(rows),
        },
        schema={"person": pl.String, "client": pl.String, "date": pl.Date, "duration": pl.Duration("us"), "kind": pl.String},
    )


def test_a_straight_line_is_carried_on_with_no_error() -> None:
    """10, 12, ..., 32 h a month: the next quarter is 34, 36, 38 h, every past error 0."""
    config = Config(people=(Person("A"),))
    f = next_quarter(_rows({"X": [10 + 2 * m for m in range(12)]}), config=config, period=YEAR)
    assert f.clients.select("month", "effort_h", "low_h", "high_h").rows() == [
        (dt.date(2027, 1, 1), pytest.approx(34.0), pytest.approx(34.0), pytest.approx(34.0)),
        (dt.date(2027, 2, 1), pytest.approx(36.0), pytest.approx(36.0), pytest.approx(36.0)),
        (dt.date(2027, 3, 1), pytest.approx(38.0), pytest.approx(38.0), pytest.approx(38.0)),
    ]
    # origins 3..11, each carried up to 3 months inside the year: 9 + 8 + 7 = 24 errors
    assert f.errors == 24
    assert f.mae_h == pytest.approx(0.0, abs=1e-9)
    # A's capacity under [hours]: January 2027 has 21 working days (8 h Mon-Thu, 7 h Fri) less
    # New Year's Day, a Friday: 4 Fridays × 7 + 16 other days × 8 = 156 h
    assert f.months["capacity_h"][0] == 156.0


def test_history_is_the_last_twelve_whole_months() -> None:
    """A period that stops mid-December forecasts from December on, on Dec 2025 - Nov 2026."""
    f = next_quarter(_rows({"X": [5.0] * 12}), config=Config(), period=Period(YEAR.start, dt.date(2026, 12, 15)))
    assert (f.history[0], f.history[-1]) == (dt.date(2025, 12, 1), dt.date(2026, 11, 1))
    assert f.clients["month"].to_list() == [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.integers(0, 80), min_size=12, max_size=12), min_size=1, max_size=3))
def test_forecasts_are_never_negative_and_intervals_are_ordered(series: list[list[int]]) -> None:
    rows = _rows({f"C{i}": [float(h) for h in s] for i, s in enumerate(series)})
    f = next_quarter(rows, config=Config(), period=YEAR)
    assert (f.clients["effort_h"] >= 0).all()
    bounded = f.clients.drop_nulls("low_h")
    assert (bounded["low_h"] >= 0).all()
    assert (bounded["low_h"] <= bounded["high_h"] + 1e-9).all()
    # the months add the clients up
    assert f.months["effort_h"].sum() == pytest.approx(f.clients["effort_h"].sum())
    # every backtest error is the actual minus the forecast
    b = f.backtest
    assert b.is_empty() == all(not any(s) for s in series)
    if b.height:
        assert (b["error_h"] - (b["actual_h"] - b["forecast_h"])).abs().max() == pytest.approx(0.0, abs=1e-9)
