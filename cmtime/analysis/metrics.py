"""Aggregates: effort by client, week and activity, waits, money, and the summary contract.

Every function takes classified entries as a LazyFrame and returns a LazyFrame of
aggregates (hours as Float64), except `summary`, which assembles the JSON contract.
Definitions are those of DESIGN.md: effort = visible + hidden + unclassified; wait rows
are elapsed time blocked on the client and never effort.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from cmtime.analysis.common import (
    EFFORT_KINDS,
    US_PER_H,
    Period,
    default_period,
    hours,
    in_period,
    is_effort,
    today_for,
)
from cmtime.analysis.documents import ClientSummary, Summary, SummaryTotals
from cmtime.analysis.waits import waits_by_client as wait_stats
from cmtime.analysis.waits import waits_in_period
from cmtime.config import WINDOWS, Client, Config
from cmtime.schema import WAIT_SCHEMA

__all__ = [
    "EFFORT_KINDS",
    "MIN_DAYS",
    "MONTH_DAYS",
    "OFFHOURS_CATEGORIES",
    "US_PER_H",
    "Period",
    "contract_days",
    "default_period",
    "effort_by_activity",
    "effort_by_client",
    "fee_for_period",
    "full_month",
    "hours",
    "in_period",
    "is_effort",
    "month_end",
    "month_starts",
    "monthly_effort",
    "next_month",
    "premium_hours",
    "summary",
    "typical_month",
    "weekly_effort",
]

#: Categories of the off-hours split reported per client by `summary` as
#: ``offhours_<category>_h``: the off-hours ones (they sum to ``offhours_h``) and
#: ``unknown`` (duration-only rows on working days, not counted as off-hours).
OFFHOURS_CATEGORIES = ("early", "midday", "evening", "night", "day_off", "unknown")


def _kind_hours(kind: str) -> pl.Expr:
    return hours(pl.col("duration").filter(pl.col("kind") == kind).sum()).alias(f"{kind}_h")


def effort_by_client(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Per client: visible, hidden, unclassified, effort and wait hours, hidden share."""
    return (
        lf.group_by("client")
        .agg(
            _kind_hours("visible"),
            _kind_hours("hidden"),
            _kind_hours("unclassified"),
            hours(pl.col("duration").filter(pl.col("kind") == "wait").sum()).alias("wait_h"),
        )
        .with_columns(effort_h=pl.col("visible_h") + pl.col("hidden_h") + pl.col("unclassified_h"))
        .with_columns(hidden_share=_share(pl.col("hidden_h"), pl.col("visible_h") + pl.col("hidden_h")))
        .select("client", "visible_h", "hidden_h", "unclassified_h", "effort_h", "wait_h", "hidden_share")
        .sort(["effort_h", "client"], descending=[True, False], nulls_last=True)
    )


def _share(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    return pl.when(whole > 0).then(part / whole).otherwise(None)


def weekly_effort(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Effort hours per week (Monday) and kind, for a stacked bar chart."""
    return (
        lf.filter(is_effort())
        .group_by(week=pl.col("date").dt.truncate("1w"), kind=pl.col("kind").cast(pl.String))
        .agg(hours=hours(pl.col("duration").sum()))
        .sort("week", "kind")
    )


def monthly_effort(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Effort hours per client, month (first day) and kind."""
    return (
        lf.filter(is_effort())
        .group_by("client", month=pl.col("date").dt.month_start(), kind=pl.col("kind").cast(pl.String))
        .agg(hours=hours(pl.col("duration").sum()))
        .sort("client", "month", "kind", nulls_last=True)
    )


def effort_by_activity(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Effort hours per activity and kind, largest first."""
    return (
        lf.filter(is_effort())
        .group_by("activity", kind=pl.col("kind").cast(pl.String))
        .agg(hours=hours(pl.col("duration").sum()))
        .sort(["hours", "activity"], descending=[True, False])
    )


# -- money ----------------------------------------------------------------------------


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s.

    >>> next_month(dt.date(2026, 1, 31)), next_month(dt.date(2026, 12, 1))
    (datetime.date(2026, 2, 1), datetime.date(2027, 1, 1))
    """
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month.

    >>> month_end(dt.date(2028, 2, 1))
    datetime.date(2028, 2, 29)
    """
    return next_month(day) - dt.timedelta(days=1)


def month_starts(period: Period) -> list[dt.date]:
    """The first day of every month that the period touches.

    >>> month_starts(Period(dt.date(2026, 1, 15), dt.date(2026, 3, 1)))
    [datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)]
    """
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        out.append(day)
        day = next_month(day)
    return out


def fee_for_period(client: Client, period: Period) -> float | None:
    """The monthly fee pro rata for the days of each month inside the period and the
    contract (start/end in the config); None without a fee."""
    if client.monthly_fee is None:
        return None
    total = 0.0
    for first in month_starts(period):
        last = month_end(first)
        lo = max(first, period.start, client.start or first)
        hi = min(last, period.end, client.end or last)
        if hi >= lo:
            total += client.monthly_fee * ((hi - lo).days + 1) / last.day
    return total


def full_month(first: dt.date, period: Period, contract: Client | None = None) -> bool:
    """Whether every day of the month starting on ``first`` lies inside both the period
    and the contract (DESIGN.md, contract months); without a contract, the period alone.

    >>> p = Period(dt.date(2026, 3, 30), dt.date(2026, 5, 31))
    >>> [full_month(dt.date(2026, m, 1), p) for m in (3, 4, 5)]
    [False, True, True]
    """
    last = month_end(first)
    lo = max(period.start, contract.start or period.start) if contract else period.start
    hi = min(period.end, contract.end or period.end) if contract else period.end
    return lo <= first and last <= hi


#: Days of a typical month when it is counted from the period's days (365.25 / 12).
MONTH_DAYS = 30.44
#: Under this many days of the period inside the contract, no typical month: no proposal.
MIN_DAYS = 28


def contract_days(contract: Client | None, period: Period) -> int:
    """The days of ``period`` inside the contract (all of them without one).

    >>> contract_days(None, Period(dt.date(2026, 3, 1), dt.date(2026, 3, 15)))
    15
    """
    lo = max(period.start, contract.start or period.start) if contract else period.start
    hi = min(period.end, contract.end or period.end) if contract else period.end
    return max((hi - lo).days + 1, 0)


def premium_hours(*, premium: pl.Expr, premiums: Mapping[str, pl.Expr] | None, hours_of: Callable[[str], pl.Expr]) -> pl.Expr:
    """The off-hours premium of some hours, as extra hours: premium × off-hours.

    ``premiums`` is the premium of each off-hours window (``WINDOWS`` of the config), or
    None for ``premium`` in every window. ``hours_of(name)`` gives the hours of
    ``offhours`` or of one window. When every window has the same premium, it multiplies
    the off-hours (one line in the report: "12 h hors horaires × 60 €/h × 25 %"), exactly
    as one ``offhours_premium`` does; else each window's hours are multiplied by their own
    premium and summed (one line per window), so a block split at a window's boundary
    weighs what its two parts weigh.

    >>> months = pl.DataFrame({"offhours_h": [3.0], "evening_h": [2.0], "night_h": [1.0]})
    >>> windows = {"evening": pl.lit(0.25), "night": pl.lit(0.5)}
    >>> months.select(premium_hours(premium=pl.lit(0.25), premiums=windows, hours_of=lambda n: pl.col(f"{n}_h"))).item()
    1.0
    """
    if not premiums:
        return premium * hours_of("offhours")
    first, *rest = premiums.values()
    uniform = pl.all_horizontal([p == first for p in rest]) if rest else pl.lit(value=True)
    each = pl.sum_horizontal([p * hours_of(name) for name, p in premiums.items()])
    return pl.when(uniform).then(first * hours_of("offhours")).otherwise(each)


def typical_month(
    *,
    premium: pl.Expr,
    full: pl.Expr,
    days: pl.Expr,
    premiums: Mapping[str, pl.Expr] | None = None,
) -> list[pl.Expr]:
    """One client's typical month, as aggregations over its months (DESIGN.md, "The
    renewal proposal never contradicts itself"): the median month among the full contract
    months with effort; without one, the period's effort per day × `MONTH_DAYS`; none
    under `MIN_DAYS` days in the contract.

    The months need ``effort_h`` and ``offhours_h`` (hours), and ``<window>_h`` for each
    window of ``premiums``; ``premium`` is the client's off-hours premium and
    ``premiums`` its premium per off-hours window (`premium_hours`), ``full`` whether a
    month is whole in the period and the contract, ``days`` the contract's days in the
    period. The median month is the middle one by value (effort + the premium hours), or
    the mean of the two middle ones; its hours are counted to the minute, as the report
    writes them. The fair fee is then the target rate × (``typical_effort_h`` +
    ``typical_premium_h``), rounded once, and every line of it recomputes: the premium
    hours are those of the typical month's minutes, window by window.
    Gives ``typical`` (``median``, ``per_day``, ``too_short`` or null without effort),
    ``typical_effort_h``, ``typical_offhours_h``, ``typical_<window>_h`` per window of
    ``premiums``, ``typical_premium_h`` and ``contract_days``.
    """
    worked = pl.col("effort_h") > 0
    chosen = worked & full
    n = chosen.sum()
    windows = dict(premiums or {})
    value = pl.col("effort_h") + premium_hours(premium=premium, premiums=windows, hours_of=lambda w: pl.col(f"{w}_h"))

    def middle(column: str) -> pl.Expr:
        picked = pl.col(column).filter(chosen).sort_by(value.filter(chosen), pl.col("effort_h").filter(chosen))
        return picked.slice((n - 1).clip(lower_bound=0) // 2, 2 - n % 2).mean()

    first_days = days.first()
    how = (
        pl.when(first_days < MIN_DAYS)
        .then(pl.lit("too_short"))
        .when(n > 0)
        .then(pl.lit("median"))
        .when(worked.any())
        .then(pl.lit("per_day"))
    )
    per_day = MONTH_DAYS / first_days.cast(pl.Float64)

    def to_minute(hours: pl.Expr) -> pl.Expr:  # as the report shows it: "18 h 10 × 50 €/h"
        return (hours * 60).round(0) / 60

    def typical(column: str) -> pl.Expr:
        return to_minute(
            pl.when(how == "median").then(middle(column)).when(how == "per_day").then(pl.col(column).sum() * per_day)
        )

    shown = {w: typical(f"{w}_h") for w in windows}
    extra = premium_hours(
        premium=premium.first(),
        premiums={w: p.first() for w, p in windows.items()},
        hours_of=lambda w: typical("offhours_h") if w == "offhours" else shown[w],
    )
    return [
        how.alias("typical"),
        typical("effort_h").alias("typical_effort_h"),
        typical("offhours_h").alias("typical_offhours_h"),
        *(e.alias(f"typical_{w}_h") for w, e in shown.items()),
        extra.alias("typical_premium_h"),
        first_days.cast(pl.Int64).alias("contract_days"),
    ]


def _rate(fee: float | None, h: float) -> float | None:
    return None if fee is None or h <= 0 else fee / h


# -- the contract -----------------------------------------------------------------------


def summary(
    lf: pl.LazyFrame,
    *,
    config: Config,
    period: Period | None = None,
    ledger: pl.DataFrame | None = None,
) -> Summary:
    """The figures of the `cmtime summary --json` document for classified entries.

    ``lf`` must carry the off-hours split (`cmtime.analysis.worktime.split_worktime`) so that the
    ``offhours`` column and one column per category exist; the period defaults to
    `default_period` (a `cmtime.analysis.scope.Scope` passes its own). Each client and the totals also carry ``offhours_<category>_h`` for
    the categories of `OFFHOURS_CATEGORIES`, after the contract's keys.

    Waits (``wait_h``, ``waits``, ``wait_median_h``, ``wait_business_h``, ``open_waits``)
    are the intervals of `cmtime.analysis.waits.wait_intervals`: wait entries and the ``ledger``
    waits (`cmtime.readers.Loaded.waits`) asked inside the period; open ledger waits run
    to the end of the period's last day or now, whichever is earlier.
    """
    if period is None:
        today = today_for(config)
        found = default_period(
            lf, ledger if ledger is not None else pl.DataFrame(schema=WAIT_SCHEMA),
            timezone=config.timezone, today=today,
        )
        period = found or Period(today, today)
    rows = in_period(lf, period)
    intervals = waits_in_period(rows, ledger, config=config, period=period)
    waits = wait_stats(intervals).select(
        "client", "waits", "wait_h", "wait_median_h", "wait_business_h", "open_waits"
    )
    # Hours are summed as exact durations (integer microseconds) and turned into hours in
    # Python (`_hours`): polars divides a column by a scalar through its reciprocal, so the
    # same sum came out as 30.835 h alone and 30.834999999999997 h among other clients,
    # and rounding gave 30.84 in ``summary --client`` and 30.83 in ``summary``.
    def kind_sum(kind: str) -> pl.Expr:  # a per-row choice, then a plain sum: 30 % faster than a filter
        return pl.when(pl.col("kind") == kind).then(pl.col("duration")).otherwise(pl.duration()).sum().alias(f"{kind}_h")

    sums = [
        "visible_h", "hidden_h", "unclassified_h", "offhours_h", *(f"offhours_{c}_h" for c in OFFHOURS_CATEGORIES)
    ]
    # One pass over the entries, per client and month; the clients' sums are the sums of
    # their months (exact: durations are integers).
    months = (
        rows.filter(is_effort())
        .group_by("client", month=pl.col("date").dt.month_start())
        .agg(
            kind_sum("visible"),
            kind_sum("hidden"),
            kind_sum("unclassified"),
            pl.col("offhours").sum().alias("offhours_h"),
            *(pl.col(c).sum().alias(f"offhours_{c}_h") for c in OFFHOURS_CATEGORIES),
        )
        .collect()
    )
    frame = (
        months.lazy()
        .group_by("client")
        .agg(pl.col(sums).sum())
        .join(waits, on="client", how="full", coalesce=True, nulls_equal=True)
        .with_columns(
            __effort=pl.sum_horizontal(
                pl.col("visible_h", "hidden_h", "unclassified_h").fill_null(dt.timedelta(0))
            )
        )
        .collect()
    )
    typical = _typical_months(months, config, period)
    clients: list[ClientSummary] = []
    for row in frame.sort(["__effort", "client"], descending=[True, False], nulls_last=True).iter_rows(named=True):
        clients.append(_client_record(row, typical.get(row["client"]), config, period))
    totals = _totals(clients, frame)
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "currency": config.currency,
        "totals": totals,
        "clients": clients,
    }


def _num(x: Any) -> float:
    return 0.0 if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


_ONE_HOUR = dt.timedelta(hours=1)


def _hours(x: dt.timedelta | None) -> float:
    """A summed duration in hours, divided exactly (correctly rounded) in Python."""
    return 0.0 if x is None else x / _ONE_HOUR


def _typical_months(months: pl.DataFrame, config: Config, period: Period) -> dict[str | None, float]:
    """Per client with a contract fee: the value of its typical month (effort + the
    premium hours of each off-hours window, in hours), by `typical_month`; clients without
    one are left out."""
    contracts = {c.name: c for c in config.clients if c.monthly_fee is not None}
    if not contracts:
        return {}
    terms = pl.DataFrame(
        [
            (
                name,
                c.offhours_premium,
                *(c.premium(w) for w in WINDOWS),
                contract_days(c, period),
                [f for f in month_starts(period) if full_month(f, period, c)],
            )
            for name, c in contracts.items()
        ],
        schema={
            "client": pl.String,
            "premium": pl.Float64,
            **{f"premium_{w}": pl.Float64 for w in WINDOWS},
            "days": pl.Int64,
            "full_months": pl.List(pl.Date),
        },
        orient="row",
    )
    hours = 1 / 3_600_000_000
    typical = (
        months.lazy()
        .join(terms.lazy(), on="client", how="inner")
        .with_columns(
            *(pl.col(f"offhours_{w}_h").dt.total_microseconds().mul(hours).alias(f"{w}_h") for w in WINDOWS),
            effort_h=pl.sum_horizontal("visible_h", "hidden_h", "unclassified_h").dt.total_microseconds() * hours,
            offhours_h=pl.col("offhours_h").dt.total_microseconds() * hours,
            full=pl.col("month").is_in(pl.col("full_months")),
        )
        .group_by("client")
        .agg(
            *typical_month(
                premium=pl.col("premium"),
                premiums={w: pl.col(f"premium_{w}") for w in WINDOWS},
                full=pl.col("full"),
                days=pl.col("days"),
            ),
        )
        .filter(pl.col("typical").is_in(["median", "per_day"]))
        .collect()
    )
    return {
        name: e + extra
        for name, e, extra in typical.select("client", "typical_effort_h", "typical_premium_h").iter_rows()
    }


def _client_record(row: dict[str, Any], typical: float | None, config: Config, period: Period) -> ClientSummary:
    """One client's figures from its row of sums (durations) and its typical month."""
    name = row["client"]
    contract = config.client(name) if name is not None else None
    visible, hidden, uncl = _hours(row["visible_h"]), _hours(row["hidden_h"]), _hours(row["unclassified_h"])
    effort = _hours(row["__effort"])
    off = _hours(row["offhours_h"])
    fee = fee_for_period(contract, period) if contract else None
    suggested = float(round(config.target_rate * typical)) if typical is not None else None
    return {
        "client": name,
        "visible_h": round(visible, 2),
        "hidden_h": round(hidden, 2),
        "unclassified_h": round(uncl, 2),
        "effort_h": round(effort, 2),
        "hidden_share": _round(_share_py(hidden, visible + hidden), 4),
        "offhours_h": round(off, 2),
        "offhours_share": _round(off / effort if effort > 0 else None, 4),
        "wait_h": round(_num(row["wait_h"]), 2),
        "waits": int(_num(row["waits"])),
        "wait_median_h": _round(row["wait_median_h"], 2),
        "wait_business_h": round(_num(row["wait_business_h"]), 2),
        "open_waits": int(_num(row["open_waits"])),
        "fee": _round(fee, 2),
        "effective_rate": _round(_rate(fee, effort), 2),
        "perceived_rate": _round(_rate(fee, visible), 2),
        "suggested_fee": suggested,
        # one key per category of OFFHOURS_CATEGORIES, in its order
        "offhours_early_h": round(_hours(row["offhours_early_h"]), 2),
        "offhours_midday_h": round(_hours(row["offhours_midday_h"]), 2),
        "offhours_evening_h": round(_hours(row["offhours_evening_h"]), 2),
        "offhours_night_h": round(_hours(row["offhours_night_h"]), 2),
        "offhours_day_off_h": round(_hours(row["offhours_day_off_h"]), 2),
        "offhours_unknown_h": round(_hours(row["offhours_unknown_h"]), 2),
    }


def _round(x: float | None, n: int) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), n)




def _totals(clients: list[ClientSummary], frame: pl.DataFrame) -> SummaryTotals:
    """The totals as exact sums of every client's unrounded figures, rounded once (a sum of
    the clients' rounded hours drifted: 200.74 h of off-hours where the notebooks say
    200 h 43)."""
    rows = list(frame.iter_rows(named=True))

    def duration(key: str) -> float:
        return round(_hours(sum((r[key] for r in rows if r[key] is not None), dt.timedelta(0))), 2)

    def floats(key: str) -> float:
        return round(math.fsum(_num(r[key]) for r in rows), 2)

    visible = _hours(sum((r["visible_h"] for r in rows if r["visible_h"] is not None), dt.timedelta(0)))
    hidden = _hours(sum((r["hidden_h"] for r in rows if r["hidden_h"] is not None), dt.timedelta(0)))
    effort = _hours(sum((r["__effort"] for r in rows), dt.timedelta(0)))
    off = _hours(sum((r["offhours_h"] for r in rows if r["offhours_h"] is not None), dt.timedelta(0)))
    fees = [c["fee"] for c in clients if c["fee"] is not None]
    return {
        "visible_h": round(visible, 2),
        "hidden_h": round(hidden, 2),
        "unclassified_h": duration("unclassified_h"),
        "effort_h": round(effort, 2),
        "offhours_h": round(off, 2),
        "wait_h": floats("wait_h"),
        "waits": sum(c["waits"] for c in clients),
        "wait_business_h": floats("wait_business_h"),
        "open_waits": sum(c["open_waits"] for c in clients),
        "hidden_share": _round(_share_py(hidden, visible + hidden), 4),
        "offhours_share": _round(_share_py(off, effort), 4),
        "fee": round(math.fsum(fees), 2) if fees else None,
        "clients": len(clients),
        "offhours_early_h": duration("offhours_early_h"),
        "offhours_midday_h": duration("offhours_midday_h"),
        "offhours_evening_h": duration("offhours_evening_h"),
        "offhours_night_h": duration("offhours_night_h"),
        "offhours_day_off_h": duration("offhours_day_off_h"),
        "offhours_unknown_h": duration("offhours_unknown_h"),
    }


def _share_py(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None
