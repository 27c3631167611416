"""The next quarter: effort per client for the three months after the period, with an 80 %
interval, against the team's capacity (DESIGN.md, "The agency view").

The method is a **simple linear trend**: per client, a least-squares line through the
monthly effort of the last twelve months (months without work count as 0 h), carried three
months ahead and never below 0. Why not seasonal-naive (next March = last March)? It needs a
full year of history to make one forecast and two years to measure its own errors; the
sample, and most exports people have at hand, hold one year. A trend can be fitted on a few
months and measured on the past year, which is what the interval is built from.

The interval comes from the same method's past errors (rolling origin): for every month
``o`` of the history from the fourth on, the line is fitted on the months before ``o`` and
carried one, two and three months ahead; each client's errors (actual - forecast, every
horizon together) give its 10th and 90th percentiles, added to the forecast (low clipped
at 0). A client with fewer than `MIN_ERRORS` errors gets no interval. The same backtest
gives the method's error on the past year: mean absolute error per client-month, the
weighted absolute percentage error (Σ|error| / Σ actual) and how often the actual fell
inside the 80 % interval.

The capacity of the next three months is the team's (`cmtime.analysis.team.capacity_days`
for each person, the public holidays of those months included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from cmtime.analysis.common import Period, hours, is_effort
from cmtime.analysis.documents import Forecast, ForecastClient, ForecastMonth, frame_rows
from cmtime.analysis.team import _capacity, _members, rounded
from cmtime.config import Config

__all__ = ["HISTORY", "HORIZON", "MIN_ERRORS", "QuarterForecast", "forecast_document", "next_quarter"]

#: Months of history the line is fitted on.
HISTORY = 12
#: Months forecast.
HORIZON = 3
#: The fewest past errors that give a client an interval.
MIN_ERRORS = 5
#: The first backtest origin: a line needs a few months.
_FIRST_ORIGIN = 3
_METHOD = "linear trend over the last 12 months; 80 % interval from its rolling-origin errors"


@dataclass(frozen=True)
class QuarterForecast:
    """The next quarter's forecast and the method's error on the history."""

    method: str
    #: the history's months (first day of each), oldest first
    history: tuple[dt.date, ...]
    #: ``client``, ``month``, ``effort_h``, ``low_h``, ``high_h``
    clients: pl.DataFrame
    #: ``month``, ``effort_h``, ``low_h``, ``high_h`` (the clients' sums), ``capacity_h``
    months: pl.DataFrame
    #: ``client``, ``origin``, ``month``, ``horizon``, ``actual_h``, ``forecast_h``, ``error_h``
    backtest: pl.DataFrame
    #: backtest errors counted, mean absolute error (h per client-month), weighted absolute
    #: percentage error, share of actuals inside the 80 % interval (None without errors)
    errors: int
    mae_h: float | None
    wape: float | None
    coverage: float | None


def _month(d: dt.date, k: int = 0) -> dt.date:
    i = d.year * 12 + d.month - 1 + k
    return dt.date(i // 12, i % 12 + 1, 1)


def _history_months(period: Period) -> list[dt.date]:
    """The twelve months up to the period's last month, that one included when the period
    runs to its last day."""
    last = _month(period.end)
    if _month(period.end + dt.timedelta(days=1)) == last:  # the last month is not over
        last = _month(last, -1)
    return [_month(last, k) for k in range(-HISTORY + 1, 1)]


def _line(history: pl.LazyFrame, by: list[str]) -> pl.LazyFrame:
    """Least-squares slope and intercept of ``y`` on ``t`` per ``by``."""
    t, y = pl.col("t").cast(pl.Float64), pl.col("y")
    var = ((t - t.mean()) ** 2).sum()
    slope = pl.when(var > 0).then(((t - t.mean()) * (y - y.mean())).sum() / var).otherwise(0.0)
    return history.group_by(by).agg(slope.alias("slope"), y.mean().alias("y_mean"), t.mean().alias("t_mean"))


def _ahead(at: pl.Expr) -> pl.Expr:
    return (pl.col("y_mean") + pl.col("slope") * (at - pl.col("t_mean"))).clip(lower_bound=0.0)


def next_quarter(rows: pl.LazyFrame, *, config: Config, period: Period) -> QuarterForecast:
    """Forecast each client's effort for the three months after ``period``'s last month.

    Parameters
    ----------
    rows
        `cmtime.analysis.pipeline.analyse` output (any dates: the history is taken here).
    config
        Working hours, holidays and ``[people]`` for the capacity.
    period
        The forecast starts the month after its last (whole) month.
    """
    months = _history_months(period)
    first, n = months[0], len(months)
    grid = pl.LazyFrame({"t": list(range(n)), "month": months}, schema={"t": pl.Int64, "month": pl.Date})
    mine = rows.filter(is_effort() & pl.col("date").is_between(first, _month(months[-1], 1) - dt.timedelta(days=1)))
    monthly = mine.group_by("client", pl.col("date").dt.truncate("1mo").alias("month")).agg(
        hours(pl.col("duration").sum()).alias("y")
    )
    clients = monthly.select("client").unique()
    history = (
        clients.join(grid, how="cross")
        .join(monthly, on=["client", "month"], how="left", nulls_equal=True)
        .with_columns(pl.col("y").fill_null(0.0))
    )
    # the forecast: a line through the whole history
    ahead = pl.LazyFrame(
        {"t": [n + h for h in range(HORIZON)], "month": [_month(months[-1], h + 1) for h in range(HORIZON)]},
        schema={"t": pl.Int64, "month": pl.Date},
    )
    forecast = _line(history, ["client"]).join(ahead, how="cross").with_columns(
        _ahead(pl.col("t").cast(pl.Float64)).alias("effort_h")
    )
    # the backtest: a line through the months before each origin, carried 1-3 months on
    origins = pl.LazyFrame({"origin": list(range(_FIRST_ORIGIN, n))}, schema={"origin": pl.Int64})
    fitted = _line(
        history.join(origins, how="cross").filter(pl.col("t") < pl.col("origin")), ["client", "origin"]
    )
    backtest = (
        fitted.join(history.select("client", "t", "month", pl.col("y").alias("actual_h")), on="client", nulls_equal=True)
        .filter((pl.col("t") >= pl.col("origin")) & (pl.col("t") < pl.col("origin") + HORIZON))
        .with_columns(
            (pl.col("t") - pl.col("origin") + 1).alias("horizon"),
            _ahead(pl.col("t").cast(pl.Float64)).alias("forecast_h"),
        )
        .with_columns((pl.col("actual_h") - pl.col("forecast_h")).alias("error_h"))
    )
    spread = backtest.group_by("client").agg(
        pl.col("error_h").quantile(0.1, "linear").alias("q10"),
        pl.col("error_h").quantile(0.9, "linear").alias("q90"),
        pl.len().alias("errors"),
    )
    by_client, tested, spreads = pl.collect_all(
        [
            forecast.join(spread, on="client", how="left", nulls_equal=True)
            .with_columns(
                pl.when(pl.col("errors") >= MIN_ERRORS)
                .then((pl.col("effort_h") + pl.col("q10")).clip(lower_bound=0.0))
                .alias("low_h"),
                pl.when(pl.col("errors") >= MIN_ERRORS).then(pl.col("effort_h") + pl.col("q90")).alias("high_h"),
            )
            .select("client", "month", "effort_h", "low_h", "high_h")
            .sort("client", "month", nulls_last=True),
            backtest.select("client", pl.col("origin"), "month", "horizon", "actual_h", "forecast_h", "error_h").sort(
                "client", "origin", "horizon", nulls_last=True
            ),
            spread,
        ]
    )
    quarter = Period(_month(months[-1], 1), _month(months[-1], HORIZON + 1) - dt.timedelta(days=1))
    capacity = (
        _capacity(config, _members(mine, config), quarter)
        .group_by(pl.col("date").dt.truncate("1mo").alias("month"))
        .agg(pl.col("capacity_h").sum())
    )
    bound = [pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c) for c in ("low_h", "high_h")]
    totals = (
        by_client.group_by("month")
        .agg(pl.col("effort_h").sum(), *bound)
        .join(capacity, on="month", how="full", coalesce=True)
        .with_columns(pl.col("effort_h", "capacity_h").fill_null(0.0))
        .select("month", "effort_h", "low_h", "high_h", "capacity_h")
        .sort("month")
    )
    inside = tested.join(spreads, on="client", nulls_equal=True).filter(pl.col("errors") >= MIN_ERRORS)
    actual = float(tested["actual_h"].sum())
    absolute = float(tested["error_h"].abs().sum())
    return QuarterForecast(
        method=_METHOD,
        history=tuple(months),
        clients=by_client,
        months=totals,
        backtest=tested,
        errors=tested.height,
        mae_h=absolute / tested.height if tested.height else None,
        wape=absolute / actual if actual else None,
        coverage=(
            inside.select(
                (pl.col("error_h").is_between(pl.col("q10"), pl.col("q90"))).mean()
            ).item()
            if inside.height
            else None
        ),
    )


def forecast_document(forecast: QuarterForecast) -> Forecast:
    """The ``forecast`` part of ``cmtime team --json``: hours to 0.01, shares to 0.0001."""

    def dated(frame: pl.DataFrame) -> pl.DataFrame:
        return rounded(frame.with_columns(pl.col("month").dt.to_string("%Y-%m-%d")), shares=())

    def r(x: float | None, n: int) -> float | None:
        return None if x is None else round(x, n)

    last = forecast.history[-1]
    end = (dt.date(last.year + last.month // 12, last.month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    return {
        "method": forecast.method,
        "history": {"from": forecast.history[0].isoformat(), "to": end},
        "months": frame_rows(dated(forecast.months).select(list(ForecastMonth.__annotations__)), ForecastMonth),
        "clients": frame_rows(dated(forecast.clients).select(list(ForecastClient.__annotations__)), ForecastClient),
        "backtest": {
            "errors": forecast.errors,
            "mae_h": r(forecast.mae_h, 2),
            "wape": r(forecast.wape, 4),
            "coverage": r(forecast.coverage, 4),
        },
    }
