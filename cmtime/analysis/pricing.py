"""Pricing and renewal: effective rate, perceived rate and a defensible new monthly fee.

Every function takes the output of `cmtime.analysis.pipeline.analyse` (classified entries with the
off-hours split) as a LazyFrame or DataFrame, plus the config, and follows DESIGN.md:

- effort = visible + hidden + unclassified hours; ``wait`` rows are never effort;
- fee = the monthly fee pro rata for the days of each month inside both the period and
  the contract (`cmtime.analysis.metrics.fee_for_period`, applied month by month from the config,
  never per row);
- effective rate = fee / effort hours; perceived rate = fee / visible hours (what the
  client believes they pay per hour); both are null when there are no such hours;
- suggested fee of a month = target_rate * (effort + Σ premium(window) * off-hours in that
  window), the premium of a window being its own in ``premiums``, else ``offhours_premium``; the
  suggested fee of a period is the median over its months with effort, rounded to the
  currency unit (half to even, like `cmtime.analysis.metrics.summary`).

Money fields are null for a client without a monthly fee in the config. Amounts are kept
unrounded in the frames (except the suggested fee, which *is* a price); `money` in
`cmtime.text.labels` rounds them for people.

>>> from pathlib import Path
>>> from cmtime.analysis.pipeline import analyse
>>> from cmtime.readers import combine, journal
>>> from cmtime.readers._text import Text
>>> cfg = Config(clients=(Client("Dupont", monthly_fee=800.0, offhours_premium=0.25),))
>>> log = Text(Path("journal.txt"), text='''
... 2026-03-02
... 09:00-11:00 [Dupont] stratégie éditoriale
... 18:00-20:00 [Dupont] modération
... ''')
>>> lf = analyse(combine([journal.read(log, config=cfg)], cfg))
>>> march = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
>>> period_pricing(lf, config=cfg, period=march).select(
...     "client", "effort_h", "visible_h", "fee", "effective_rate", "perceived_rate", "suggested_fee"
... ).collect().row(0)
('Dupont', 4.0, 2.0, 800.0, 200.0, 400.0, 270.0)

Only the moderation is visible; both hours of it are off-hours, so the suggested fee is
60 * (4 + 0.25 * 2) = 270.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import polars as pl

from cmtime.analysis.documents import PricingRow, frame_rows
from cmtime.analysis.metrics import (
    Period,
    contract_days,
    fee_for_period,
    full_month,
    in_period,
    is_effort,
    month_end,
    month_starts,
    premium_hours,
    typical_month,
)
from cmtime.analysis.metrics import hours as to_hours
from cmtime.config import WINDOWS, Client, Config

__all__ = [
    "MONTHLY_COLUMNS",
    "PERIOD_COLUMNS",
    "PricingRow",
    "RenewalOptions",
    "monthly_pricing",
    "period_pricing",
    "pricing_row",
    "renewal_options",
    "whole_months",
]

#: Columns of `monthly_pricing`, in order.
MONTHLY_COLUMNS = (
    "client",
    "month",
    "visible_h",
    "hidden_h",
    "unclassified_h",
    "effort_h",
    "offhours_h",
    *(f"{w}_h" for w in WINDOWS),
    "fee",
    "monthly_fee",
    "included_hours",
    "offhours_premium",
    *(f"premium_{w}" for w in WINDOWS),
    "target_rate",
    "effective_rate",
    "perceived_rate",
    "gap_to_target",
    "hours_over_included",
    "offhours_value",
    "suggested_fee_month",
    "cost_h",
    "cost",
    "margin",
    "unknown_people",
)

#: Columns of `period_pricing`, in order: the keys of its typed row.
PERIOD_COLUMNS = tuple(PricingRow.__annotations__)

_KEYS = ["client", "month"]


# -- calendar -------------------------------------------------------------------------------


def whole_months(period: Period) -> Period:
    """The period widened to whole months: the first of its first month to the end of its last.

    A retainer is paid by the month, so a pricing period that starts on the first logged
    day (say 2 January, the 1st being a holiday) would otherwise bill January pro rata.

    >>> whole_months(Period(dt.date(2026, 1, 2), dt.date(2026, 3, 30)))
    Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))
    """
    return Period(
        period.start.replace(day=1), month_end(period.end)
    )


def _month_fee(client: Client, first: dt.date, period: Period) -> tuple[float, bool] | None:
    """The fee of one month inside the period, and whether the contract covers a day of it."""
    last = month_end(first)
    lo, hi = max(first, period.start), min(last, period.end)
    if hi < lo:
        return None
    covered = (client.start is None or client.start <= hi) and (
        client.end is None or client.end >= lo
    )
    fee = fee_for_period(client, Period(lo, hi))
    return (0.0 if fee is None else fee), covered


def _terms(
    config: Config, period: Period, premium: float | None
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Per client the contract terms, and per client and contract month the fee (from the config)."""
    terms = pl.LazyFrame(
        {
            "client": [c.name for c in config.clients],
            "monthly_fee": [c.monthly_fee for c in config.clients],
            "included_hours": [c.included_hours for c in config.clients],
            "offhours_premium": [
                c.offhours_premium if premium is None else premium for c in config.clients
            ],
            # each off-hours window's own premium (``premiums``); an override is every window's
            **{
                f"premium_{w}": [c.premium(w) if premium is None else premium for c in config.clients]
                for w in WINDOWS
            },
        },
        schema={
            "client": pl.String,
            "monthly_fee": pl.Float64,
            "included_hours": pl.Float64,
            "offhours_premium": pl.Float64,
            **{f"premium_{w}": pl.Float64 for w in WINDOWS},
        },
    )
    rows: list[tuple[str, dt.date, float]] = []
    for c in config.clients:
        if c.monthly_fee is None:
            continue
        for first in month_starts(period):
            got = _month_fee(c, first, period)
            if got is not None and got[1]:
                rows.append((c.name, first, got[0]))
    fees = pl.LazyFrame(
        rows, schema={"client": pl.String, "month": pl.Date, "fee": pl.Float64}, orient="row"
    )
    return terms, fees


def _period_full_months(period: Period) -> list[dt.date]:
    return [first for first in month_starts(period) if full_month(first, period)]


def _full_months(config: Config, period: Period) -> pl.LazyFrame:
    """Per configured client and month of the period: whether the month is whole inside
    both the period and the contract (`cmtime.analysis.metrics.full_month`)."""
    rows = [
        (c.name, first, full_month(first, period, c))
        for c in config.clients
        for first in month_starts(period)
    ]
    return pl.LazyFrame(
        rows, schema={"client": pl.String, "month": pl.Date, "full": pl.Boolean}, orient="row"
    )


# -- aggregates -----------------------------------------------------------------------------


def _with_windows(rows: pl.LazyFrame, config: Config, premium: float | None) -> pl.LazyFrame:
    """The rows with a column per off-hours window (`cmtime.analysis.worktime.split_worktime`
    writes them); rows that only carry ``offhours`` get empty windows, which is enough while
    every client has one premium for every window, and an error otherwise."""
    missing = [w for w in WINDOWS if w not in rows.collect_schema()]
    if not missing:
        return rows
    if premium is None and any(len({c.premium(w) for w in WINDOWS}) > 1 for c in config.clients):
        msg = f"a premium per off-hours window needs the off-hours split (no column {missing[0]!r})"
        raise ValueError(msg)
    return rows.with_columns(pl.lit(None, pl.Duration("us")).alias(w) for w in missing)


def _premiums() -> dict[str, pl.Expr]:
    """Each off-hours window's premium column (``premium_<window>``)."""
    return {w: pl.col(f"premium_{w}") for w in WINDOWS}


def _premium_h() -> pl.Expr:
    """A month's off-hours premium as extra hours: each window's hours × its premium
    (`cmtime.analysis.metrics.premium_hours`)."""
    return premium_hours(premium=pl.col("offhours_premium"), premiums=_premiums(), hours_of=lambda w: pl.col(f"{w}_h"))


def as_lazy(lf: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    return lf.lazy() if isinstance(lf, pl.DataFrame) else lf


def _kind_h(kind: str) -> pl.Expr:
    return to_hours(pl.col("duration").filter(pl.col("kind") == kind).sum()).alias(f"{kind}_h")


def _cost_rates(config: Config) -> dict[str, float]:
    """Lower-cased person name -> cost rate, for the people that have one."""
    return {
        p.name.strip().casefold(): p.cost_rate for p in config.people if p.cost_rate is not None
    }


def _costs(rows: pl.LazyFrame, config: Config) -> pl.LazyFrame:
    """Per client and month: hours with a known cost, their cost, and the people without one.

    ``cost`` is null as soon as one person who worked for the client that month has no
    ``cost_rate``; without any ``cost_rate`` in the config, all three are null (a
    freelancer has no team cost).
    """
    rates = _cost_rates(config)
    if not rates:
        return (
            rows.select(_KEYS)
            .unique()
            .with_columns(
                cost_h=pl.lit(None, pl.Float64),
                cost=pl.lit(None, pl.Float64),
                unknown_people=pl.lit(None, pl.List(pl.String)),
            )
        )
    per_person = (
        rows.group_by(*_KEYS, "person")
        .agg(h=to_hours(pl.col("duration").sum()))
        .with_columns(
            rate=pl.col("person")
            .str.strip_chars()
            .str.to_lowercase()
            .replace_strict(rates, default=None, return_dtype=pl.Float64)
        )
    )
    return per_person.group_by(_KEYS).agg(
        cost_h=pl.col("h").filter(pl.col("rate").is_not_null()).sum(),
        cost=pl.when(pl.col("rate").is_null().any())
        .then(None)
        .otherwise((pl.col("h") * pl.col("rate")).sum()),
        unknown_people=pl.col("person").filter(pl.col("rate").is_null()).unique().sort(),
    )


def monthly_pricing(
    lf: pl.LazyFrame | pl.DataFrame,
    *,
    config: Config,
    period: Period,
    target_rate: float | None = None,
    premium: float | None = None,
) -> pl.LazyFrame:
    """Per client and month: hours, the pro rata fee, rates and the fair price of the month.

    One row per client and month that has effort in the period or, for a client with a
    monthly fee, whose contract covers a day of the month (so a month without effort
    shows up, with null rates). Rows without a client are kept (``client`` null, money
    null).

    Parameters
    ----------
    lf
        Output of `cmtime.analysis.pipeline.analyse` (needs ``client``, ``person``, ``date``,
        ``kind``, ``duration``, ``offhours``).
    config
        Contracts (``[clients]``), ``target_rate`` and ``[people]`` cost rates.
    period
        Inclusive local dates; rows outside are ignored and partial months paid pro rata.
    target_rate
        Overrides ``config.target_rate``.
    premium
        Overrides every client's ``offhours_premium`` (0.25 for +25 %).

    Returns
    -------
    pl.LazyFrame
        The columns of `MONTHLY_COLUMNS`, hours as Float64, ``month`` the first day of
        the month, sorted by client and month. ``hours_over_included`` is
        max(0, effort - included_hours); ``offhours_value`` is premium * off-hours *
        target rate; ``suggested_fee_month`` is target * (effort + premium * off-hours);
        ``margin`` is fee - cost.
    """
    target = config.target_rate if target_rate is None else float(target_rate)
    if not target > 0:
        msg = f"target_rate must be > 0, got {target_rate!r}"
        raise ValueError(msg)
    if premium is not None and not premium >= 0:
        msg = f"premium must be >= 0, got {premium!r}"
        raise ValueError(msg)
    rows = _with_windows(in_period(as_lazy(lf), period), config, premium).with_columns(
        month=pl.col("date").dt.month_start()
    )
    effort_rows = rows.filter(is_effort())
    hours_by_month = effort_rows.group_by(_KEYS).agg(
        _kind_h("visible"),
        _kind_h("hidden"),
        _kind_h("unclassified"),
        to_hours(pl.col("offhours").sum()).alias("offhours_h"),
        *(to_hours(pl.col(w).sum()).alias(f"{w}_h") for w in WINDOWS),
    )
    terms, fees = _terms(config, period, premium)
    with_fee = pl.col("monthly_fee").is_not_null()
    effort = pl.col("effort_h")
    return (
        hours_by_month.join(fees, on=_KEYS, how="full", coalesce=True, nulls_equal=True)
        .join(terms, on="client", how="left", nulls_equal=False)
        .join(_costs(effort_rows, config), on=_KEYS, how="left", nulls_equal=True)
        .with_columns(
            pl.col("visible_h", "hidden_h", "unclassified_h", "offhours_h", *(f"{w}_h" for w in WINDOWS)).fill_null(0.0),
            pl.col("offhours_premium", *(f"premium_{w}" for w in WINDOWS)).fill_null(0.0 if premium is None else premium),
            target_rate=pl.lit(target, pl.Float64),
            # a month outside the contract costs the client nothing, but only if there is a contract
            fee=pl.when(with_fee).then(pl.col("fee").fill_null(0.0)),
        )
        .with_columns(effort_h=pl.col("visible_h") + pl.col("hidden_h") + pl.col("unclassified_h"))
        .with_columns(
            effective_rate=pl.when(effort > 0).then(pl.col("fee") / effort),
            perceived_rate=pl.when(pl.col("visible_h") > 0).then(
                pl.col("fee") / pl.col("visible_h")
            ),
            hours_over_included=(effort - pl.col("included_hours")).clip(lower_bound=0.0),
            offhours_value=pl.when(with_fee).then(_premium_h() * pl.col("target_rate")),
            suggested_fee_month=pl.when(with_fee).then(pl.col("target_rate") * (effort + _premium_h())),
            cost_h=pl.col("cost_h").fill_null(0.0) if _cost_rates(config) else pl.col("cost_h"),
            cost=pl.when(effort > 0)
            .then(pl.col("cost"))
            .otherwise(pl.lit(0.0) if _cost_rates(config) else None),
        )
        .with_columns(
            gap_to_target=pl.col("effective_rate") - pl.col("target_rate"),
            margin=pl.col("fee") - pl.col("cost"),
        )
        .select(MONTHLY_COLUMNS)
        .sort("client", "month", nulls_last=True)
    )


def period_pricing(
    lf: pl.LazyFrame | pl.DataFrame,
    *,
    config: Config,
    period: Period,
    target_rate: float | None = None,
    premium: float | None = None,
) -> pl.LazyFrame:
    """Per client over the period: hours, fee, rates, suggested monthly fee and its change.

    The sums and rates are those of `monthly_pricing` over the period; in addition:
    ``months`` counts the months with effort, ``median_effort_h`` is the median month's
    effort, ``suggested_fee`` is the median of ``suggested_fee_month`` over the months
    with effort, rounded to the currency unit, ``change_pct`` the change from the current
    ``monthly_fee`` in percent (+25.0 for +25 %), and the waits come from the ``wait``
    rows dated in the period (count, total and median hours). ``note`` says whose cost
    is unknown when the config has ``[people]`` cost rates.

    Parameters
    ----------
    lf
        Output of `cmtime.analysis.pipeline.analyse`.
    config
        Contracts, target rate and cost rates.
    period
        Inclusive local dates.
    target_rate
        Overrides ``config.target_rate`` (for the notebook's slider).
    premium
        Overrides every client's ``offhours_premium`` (for the notebook's slider).

    Returns
    -------
    pl.LazyFrame
        The columns of `PERIOD_COLUMNS`, one row per client, most effort first.
    """
    src = as_lazy(lf)
    monthly = monthly_pricing(
        src, config=config, period=period, target_rate=target_rate, premium=premium
    )
    monthly = monthly.join(_full_months(config, period), on=_KEYS, how="left").with_columns(
        pl.col("full").fill_null(
            pl.col("month").is_in(pl.Series(_period_full_months(period), dtype=pl.Date).implode())
        )
    )
    worked = pl.col("effort_h") > 0
    days = pl.LazyFrame(
        [(c.name, contract_days(c, period)) for c in config.clients],
        schema={"client": pl.String, "days": pl.Int64},
        orient="row",
    )
    monthly = monthly.join(days, on="client", how="left").with_columns(
        pl.col("days").fill_null(contract_days(None, period))
    )
    sums = ("visible_h", "hidden_h", "unclassified_h", "effort_h", "offhours_h")
    per_client = monthly.group_by("client").agg(
        *(pl.col(c).sum() for c in sums),
        # DESIGN.md: the typical month (its effort is the median month's, or per day)
        *typical_month(
            premium=pl.col("offhours_premium"), premiums=_premiums(), full=pl.col("full"), days=pl.col("days")
        ),
        *(pl.col(f"premium_{w}").first() for w in WINDOWS),
        months=worked.sum().cast(pl.Int64),
        cost_h=pl.when(pl.col("cost_h").is_not_null().any()).then(pl.col("cost_h").sum()),
        fee=pl.col("fee").sum(),
        has_fee=pl.col("fee").is_not_null().any(),
        has_cost=pl.col("cost").is_not_null().all() & pl.col("cost_h").is_not_null().any(),
        cost=pl.col("cost").sum(),
        hours_over_included=pl.col("hours_over_included").sum(),
        has_included=pl.col("hours_over_included").is_not_null().any(),
        offhours_value=pl.col("offhours_value").sum(),
        unknown_people=pl.col("unknown_people")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .drop_nulls()
        .unique()
        .sort(),
        monthly_fee=pl.col("monthly_fee").first(),
        included_hours=pl.col("included_hours").first(),
        offhours_premium=pl.col("offhours_premium").first(),
        target_rate=pl.col("target_rate").first(),
    )
    # The period's hours from the summed durations, divided once: a sum of the months'
    # hours (each rounded to a float) drifted from `summary`'s (31.884999 h, not 31.885 h,
    # so 31.88 in the report where summary said 31.89).
    exact = (
        in_period(src, period)
        .filter(is_effort())
        .group_by("client")
        .agg(
            _kind_h("visible"),
            _kind_h("hidden"),
            _kind_h("unclassified"),
            effort_h=to_hours(pl.col("duration").sum()),
            offhours_h=to_hours(pl.col("offhours").sum()),
        )
    )
    per_client = (
        per_client.drop(*sums)
        .join(exact, on="client", how="left", nulls_equal=True)
        .with_columns(pl.col(*sums).fill_null(0.0))
    )
    waits = (
        in_period(src, period)
        .filter(pl.col("kind") == "wait")
        .group_by("client")
        .agg(
            wait_h=to_hours(pl.col("duration").sum()),
            waits=pl.len().cast(pl.Int64),
            wait_median_h=to_hours(pl.col("duration")).median(),
        )
    )
    fee = pl.when(pl.col("has_fee")).then(pl.col("fee"))
    cost = pl.when(pl.col("has_cost")).then(pl.col("cost"))
    effort = pl.col("effort_h")
    classified = pl.col("visible_h") + pl.col("hidden_h")
    return (
        per_client.join(waits, on="client", how="left", nulls_equal=True)
        .with_columns(
            fee=fee,
            cost=cost,
            hours_over_included=pl.when(pl.col("has_included")).then(pl.col("hours_over_included")),
            offhours_value=pl.when(pl.col("has_fee")).then(pl.col("offhours_value")),
            median_effort_h=pl.col("typical_effort_h"),
            suggested_fee=pl.when(pl.col("has_fee") & pl.col("typical_effort_h").is_not_null()).then(
                (pl.col("target_rate") * (pl.col("typical_effort_h") + pl.col("typical_premium_h"))).round(0)
            ),
            wait_h=pl.col("wait_h").fill_null(0.0),
            waits=pl.col("waits").fill_null(0),
            hidden_share=pl.when(classified > 0).then(pl.col("hidden_h") / classified),
            offhours_share=pl.when(effort > 0).then(pl.col("offhours_h") / effort),
            note=pl.when(pl.col("unknown_people").list.len() > 0).then(
                pl.lit("unknown cost rate: ") + pl.col("unknown_people").list.join(", ")
            ),
        )
        .with_columns(
            effective_rate=pl.when(effort > 0).then(pl.col("fee") / effort),
            perceived_rate=pl.when(pl.col("visible_h") > 0).then(
                pl.col("fee") / pl.col("visible_h")
            ),
            change_pct=pl.when(pl.col("monthly_fee") > 0).then(
                (pl.col("suggested_fee") / pl.col("monthly_fee") - 1.0) * 100.0
            ),
            margin=pl.col("fee") - pl.col("cost"),
        )
        .with_columns(gap_to_target=pl.col("effective_rate") - pl.col("target_rate"))
        .select(PERIOD_COLUMNS)
        .sort(["effort_h", "client"], descending=[True, False], nulls_last=True)
    )


def pricing_row(priced: pl.DataFrame, client: str | None) -> PricingRow | None:
    """The row of ``client`` in a collected `period_pricing`, typed; None when it has none."""
    mine = priced.filter(pl.col("client").eq(client))
    return frame_rows(mine.head(1), PricingRow)[0] if mine.height else None


# -- renewal options ------------------------------------------------------------------------


@dataclass(frozen=True)
class RenewalOptions:
    """The three renewal options of the share report, as numbers (DESIGN.md).

    1. ``fair_fee``: the suggested fee, same scope; ``fair_change`` its change in percent.
    2. same fee, smaller scope: ``included_h`` = current fee / target rate, split into
       ``included_visible_h`` and ``included_hidden_h`` in the client's current proportions
       of visible and hidden hours; ``kept_share`` = current fee / fair fee, the share of
       today's work (valued at the target rate) that the fee pays for.
    3. staged: ``steps`` monthly fees from the current fee to the fair fee in equal steps
       (rounded to the currency unit, the last one is the fair fee); ``step`` the increase
       of each step.
    """

    current_fee: float
    fair_fee: float
    target_rate: float
    fair_change: float
    included_h: float
    included_visible_h: float
    included_hidden_h: float
    kept_share: float
    steps: tuple[float, ...]
    step: float


def renewal_options(
    *,
    current_fee: float,
    fair_fee: float,
    target_rate: float,
    visible_h: float,
    hidden_h: float,
    steps: int = 3,
) -> RenewalOptions:
    """Compute the three renewal options from the figures of ``summary --json``.

    Parameters
    ----------
    current_fee
        The client's monthly fee (``monthly_fee`` in the config), > 0.
    fair_fee
        The suggested monthly fee (``suggested_fee``), > 0.
    target_rate
        The wanted hourly rate, > 0.
    visible_h, hidden_h
        The period's visible and hidden hours (their proportions split option 2's hours).
    steps
        Months of the staged increase (config ``renewal_steps``), >= 1.

    >>> o = renewal_options(current_fee=600.0, fair_fee=900.0, target_rate=60.0,
    ...                     visible_h=30.0, hidden_h=70.0, steps=3)
    >>> o.fair_change, o.included_h, o.included_visible_h, o.included_hidden_h, o.kept_share
    (50.0, 10.0, 3.0, 7.0, 0.6666666666666666)
    >>> o.steps, o.step
    ((700.0, 800.0, 900.0), 100.0)
    """
    if not (current_fee > 0 and fair_fee > 0 and target_rate > 0):
        msg = (
            f"renewal options need a positive fee, fair fee and target rate, got "
            f"{current_fee!r}, {fair_fee!r}, {target_rate!r}"
        )
        raise ValueError(msg)
    if steps < 1:
        msg = f"steps must be >= 1, got {steps!r}"
        raise ValueError(msg)
    if not fair_fee > current_fee:
        msg = (
            f"renewal options are a rise: the fair fee {fair_fee!r} must be above the current "
            f"fee {current_fee!r} (DESIGN.md: no rise is proposed otherwise)"
        )
        raise ValueError(msg)
    classified = visible_h + hidden_h
    included = current_fee / target_rate
    visible_part = visible_h / classified if classified > 0 else 0.0
    # never a step under one currency unit: a rise of 2 over 3 months is 2 steps of 1
    steps = max(1, min(steps, math.floor(fair_fee - current_fee)))
    step = (fair_fee - current_fee) / steps
    # half up, so that steps at least 1 apart stay strictly increasing once rounded
    fees = tuple(float(math.floor(current_fee + step * k + 0.5)) for k in range(1, steps))
    fees = (*fees, float(fair_fee))
    return RenewalOptions(
        current_fee=current_fee,
        fair_fee=fair_fee,
        target_rate=target_rate,
        fair_change=(fair_fee / current_fee - 1.0) * 100.0,
        included_h=included,
        included_visible_h=included * visible_part,
        included_hidden_h=included * (1.0 - visible_part) if classified > 0 else 0.0,
        kept_share=current_fee / fair_fee,
        steps=fees,
        step=step,
    )
