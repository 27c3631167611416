"""The agency view (DESIGN.md, "The agency view"): capacity, utilisation and balance per
person; cost, margin, a floor fee and the fair fee per client.

Per person, over a period:

- capacity: the working hours of the person's week (their own ``hours`` in ``[people]``,
  else ``[hours]``) on the period's working days, less public holidays, the config's days
  off and the person's own ``days_off`` (`cmtime.analysis.worktime.person_config`);
- effort: visible + hidden + unclassified hours; utilisation: effort / capacity (null
  without capacity); client hours: effort on a client, and their share of the effort;
- off-hours: outside the person's own working hours or on their days off (the analysed
  entries are split per person, `cmtime.analysis.worktime.split_by_person`), and their
  share of the effort;
- the longest run of consecutive days with effort (`cmtime.analysis.offhours.longest_streak`):
  days worked without a day off, the overload signal;
- balance: effort - capacity, per week (weeks start on Monday) and summed over the period.

Per client, over the period (`cmtime.analysis.pricing.period_pricing`, so every figure is
the one ``summary`` and ``04-pricing`` give):

- cost: Σ hours × each person's ``cost_rate`` (null when one of them has none);
- margin: fee - cost; margin share: margin / fee;
- floor fee: the typical month's cost / (1 - ``target_margin``), rounded up to the
  currency unit: the least a typical month should bill to keep the target margin. The
  typical month is the fair fee's (`cmtime.analysis.metrics.typical_month`): its effort ×
  the client's cost per hour over the period. Work for no client (internal) has a cost,
  and no floor fee;
- fair fee: the suggested fee;
- loss per month: a client whose margin is negative loses -margin / its months with
  effort.

People's figures are shown to others only for groups of at least ``min_group`` people:
below it, `team_people` gives one row for the whole team (``person`` null).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cmtime.analysis.common import Period, check_min_group, hours, in_period, is_effort
from cmtime.analysis.documents import (
    Forecast,
    Team,
    TeamClient,
    TeamPerson,
    TeamWeek,
    frame_rows,
)
from cmtime.analysis.offhours import longest_streak
from cmtime.analysis.pricing import period_pricing
from cmtime.analysis.worktime import day_calendar, person_config, person_key
from cmtime.config import Config, Person

__all__ = [
    "CLIENT_COLUMNS",
    "PEOPLE_COLUMNS",
    "TeamFigures",
    "capacity_days",
    "floor_fee",
    "team_clients",
    "team_document",
    "team_figures",
    "team_people",
    "team_weeks",
]

#: Columns of `team_people`, in order.
PEOPLE_COLUMNS = (
    "person",
    "capacity_h",
    "effort_h",
    "utilisation",
    "client_h",
    "client_share",
    "offhours_h",
    "offhours_share",
    "balance_h",
    "longest_run_days",
)
#: Columns of `team_clients`, in order.
CLIENT_COLUMNS = (
    "client",
    "effort_h",
    "cost",
    "fee",
    "margin",
    "margin_share",
    "typical_effort_h",
    "typical_cost",
    "floor_fee",
    "fair_fee",
    "loss_per_month",
)

_WEEK = pl.col("date").dt.truncate("1w").alias("week")


def _day_hours(person: Config) -> pl.DataFrame:
    """Working hours per ISO weekday (1 = Monday) of a calendar's week."""
    return pl.DataFrame(
        {
            "weekday": list(range(1, 8)),
            "day_h": [
                sum((r.end - r.start).total_seconds() for r in day) / 3600
                for day in (*person.hours, (), (), (), (), (), (), ())[:7]
            ],
        },
        schema={"weekday": pl.Int8, "day_h": pl.Float64},
    )


def _members(rows: pl.LazyFrame, config: Config) -> list[Person]:
    """The configured people, then those who logged effort in ``rows`` without an entry."""
    known = {p.name.strip().lower() for p in config.people}
    logged = (
        rows.filter(is_effort())
        .select(pl.col("person").fill_null(config.person).unique())
        .collect()
        .to_series()
        .sort()
        .to_list()
    )
    return [*config.people, *(Person(n) for n in logged if n.strip().lower() not in known)]


def capacity_days(config: Config, person: Person, period: Period) -> pl.DataFrame:
    """One row per date of the period: ``person``, ``date``, ``week`` and ``capacity_h``
    (the person's working hours that day; 0 on a day off or a public holiday).

    >>> import datetime as dt
    >>> cfg = Config(country="FR")
    >>> days = capacity_days(cfg, Person("Inès"), Period(dt.date(2026, 7, 13), dt.date(2026, 7, 14)))
    >>> days["capacity_h"].to_list()  # Monday 8 h, then the 14th of July, a public holiday
    [8.0, 0.0]
    """
    own = person_config(config, person)
    return (
        day_calendar(own, period.start, period.end)
        .with_columns(pl.col("date").dt.weekday().alias("weekday"))
        .join(_day_hours(own), on="weekday", how="left")
        .select(
            pl.lit(person.name).alias("person"),
            "date",
            _WEEK,
            pl.when(pl.col("day_off")).then(0.0).otherwise(pl.col("day_h")).alias("capacity_h"),
        )
    )


def _capacity(config: Config, people: list[Person], period: Period) -> pl.DataFrame:
    frames = [capacity_days(config, p, period) for p in people]
    schema = {"person": pl.String, "date": pl.Date, "week": pl.Date, "capacity_h": pl.Float64}
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)


def _named(rows: pl.LazyFrame, config: Config, people: list[Person]) -> pl.LazyFrame:
    """Effort rows of the period, each with the person's name as configured."""
    spelled = {p.name.strip().lower(): p.name for p in people}
    return rows.filter(is_effort()).with_columns(
        person_key(pl.col("person").fill_null(config.person))
        .replace_strict(spelled, default=pl.col("person").fill_null(config.person))
        .alias("person")
    )


def team_weeks(rows: pl.LazyFrame, *, config: Config, period: Period) -> pl.DataFrame:
    """Per person and week (Monday) of the period: ``capacity_h``, ``effort_h`` and
    ``balance_h`` (effort - capacity). Weeks cut by the period's ends count their days
    inside it only.

    Parameters
    ----------
    rows
        `cmtime.analysis.pipeline.analyse` output (any dates: the period is applied here).
    config
        Working hours, holidays, ``[people]``.
    period
        Inclusive local dates.
    """
    mine = in_period(rows, period)
    people = _members(mine, config)
    capacity = _capacity(config, people, period).group_by("person", "week").agg(pl.col("capacity_h").sum())
    effort = (
        _named(mine, config, people)
        .group_by("person", _WEEK)
        .agg(hours(pl.col("duration").sum()).alias("effort_h"))
        .collect()
    )
    return (
        capacity.join(effort, on=["person", "week"], how="full", coalesce=True)
        .with_columns(pl.col("capacity_h", "effort_h").fill_null(0.0))
        .with_columns((pl.col("effort_h") - pl.col("capacity_h")).alias("balance_h"))
        .select("person", "week", "capacity_h", "effort_h", "balance_h")
        .sort("person", "week")
    )


def team_people(
    rows: pl.LazyFrame, *, config: Config, period: Period, min_group: int = 0
) -> pl.DataFrame:
    """Per person over the period: the columns of `PEOPLE_COLUMNS`.

    Parameters
    ----------
    rows
        `cmtime.analysis.pipeline.analyse` output.
    config
        Working hours, holidays, ``[people]`` (own hours and days off).
    period
        Inclusive local dates.
    min_group
        Shown to others, a team of fewer people gives one row for the whole team
        (``person`` null, the longest run the longest of anyone's); 0 (the owner's own
        view) always shows each person.

    Raises
    ------
    ValueError
        On a negative ``min_group``.
    """
    check_min_group(min_group)
    mine = in_period(rows, period)
    people = _members(mine, config)
    named = _named(mine, config, people)
    capacity = _capacity(config, people, period).group_by("person").agg(pl.col("capacity_h").sum())
    effort = (
        named.group_by("person")
        .agg(
            hours(pl.col("duration").sum()).alias("effort_h"),
            hours(pl.col("duration").filter(pl.col("client").is_not_null()).sum()).alias("client_h"),
            hours(pl.col("offhours").sum()).alias("offhours_h"),
        )
        .join(longest_streak(named), on="person", how="left")
        .select("person", "effort_h", "client_h", "offhours_h", pl.col("streak_days").cast(pl.Int64).alias("run"))
        .collect()
    )
    per_person = capacity.join(effort, on="person", how="full", coalesce=True).with_columns(
        pl.col("capacity_h", "effort_h", "client_h", "offhours_h").fill_null(0.0),
        pl.col("run").fill_null(0),
    )
    if per_person.height < min_group:
        per_person = per_person.select(
            pl.lit(None, pl.String).alias("person"),
            pl.col("capacity_h", "effort_h", "client_h", "offhours_h").sum(),
            pl.col("run").max(),
        )
    effort_h = pl.col("effort_h")
    return (
        per_person.with_columns(
            utilisation=pl.when(pl.col("capacity_h") > 0).then(effort_h / pl.col("capacity_h")),
            client_share=pl.when(effort_h > 0).then(pl.col("client_h") / effort_h),
            offhours_share=pl.when(effort_h > 0).then(pl.col("offhours_h") / effort_h),
            balance_h=effort_h - pl.col("capacity_h"),
            longest_run_days=pl.col("run"),
        )
        .select(PEOPLE_COLUMNS)
        .sort("person", nulls_last=True)
    )


def floor_fee(typical_cost: pl.Expr, *, target_margin: float) -> pl.Expr:
    """A client's floor fee: the typical month's cost / (1 - ``target_margin``), rounded up
    to the currency unit (a cent under would miss the margin); null for work for no client.

    >>> df = pl.DataFrame({"client": ["A", None], "typical_cost": [420.0, 30.0]})
    >>> df.select(floor_fee(pl.col("typical_cost"), target_margin=0.3)).to_series().to_list()
    [600.0, None]
    """
    if not 0 <= target_margin < 1:
        msg = f"target_margin must be from 0 to below 1, got {target_margin!r}"
        raise ValueError(msg)
    return pl.when(pl.col("client").is_not_null()).then((typical_cost / (1.0 - target_margin)).round(6).ceil()).alias("floor_fee")


def team_clients(rows: pl.LazyFrame, *, config: Config, period: Period) -> pl.DataFrame:
    """Per client over the period: the columns of `CLIENT_COLUMNS`, most effort first.

    Money is null where the config cannot tell: no ``monthly_fee`` (fee, margin, fair
    fee), a person without ``cost_rate`` (cost, margin, floor fee).
    """
    priced = period_pricing(rows, config=config, period=period).collect()
    margin = pl.col("margin")
    typical_cost = pl.when(pl.col("effort_h") > 0).then(
        pl.col("median_effort_h") * pl.col("cost") / pl.col("effort_h")
    )
    return (
        priced.with_columns(
            margin_share=pl.when(pl.col("fee") > 0).then(margin / pl.col("fee")),
            typical_effort_h=pl.col("median_effort_h"),
            typical_cost=typical_cost,
            floor_fee=floor_fee(typical_cost, target_margin=config.target_margin),
            fair_fee=pl.col("suggested_fee"),
            loss_per_month=pl.when((margin < 0) & (pl.col("months") > 0)).then(-margin / pl.col("months")),
        )
        .select(CLIENT_COLUMNS)
    )


@dataclass(frozen=True)
class TeamFigures:
    """Everything ``cmtime team`` shows: people, their weeks, clients."""

    period: Period
    people: pl.DataFrame
    weeks: pl.DataFrame
    clients: pl.DataFrame
    #: whether people's rows were merged into one (a team under ``min_group``)
    grouped: bool


def team_figures(rows: pl.LazyFrame, *, config: Config, period: Period, min_group: int = 0) -> TeamFigures:
    """`team_people`, `team_weeks` and `team_clients` of one period (weeks per person
    only when people are shown)."""
    people = team_people(rows, config=config, period=period, min_group=min_group)
    grouped = people.height == 1 and people["person"][0] is None
    weeks = team_weeks(rows, config=config, period=period)
    if grouped:
        weeks = (
            weeks.group_by("week")
            .agg(pl.col("capacity_h", "effort_h", "balance_h").sum())
            .select(pl.lit(None, pl.String).alias("person"), "week", "capacity_h", "effort_h", "balance_h")
            .sort("week")
        )
    return TeamFigures(period, people, weeks, team_clients(rows, config=config, period=period), grouped)


def rounded(frame: pl.DataFrame, *, shares: tuple[str, ...], counts: tuple[str, ...] = ()) -> pl.DataFrame:
    """Figures as the documents give them: shares to 0.0001, other numbers to 0.01."""
    return frame.with_columns(
        pl.col(shares).round(4),
        pl.col(c for c, t in frame.schema.items() if t == pl.Float64 and c not in shares).round(2),
        pl.col(counts).cast(pl.Int64),
    )


def team_document(
    figures: TeamFigures, *, config: Config, min_group: int = 0, forecast: Forecast
) -> Team:
    """The ``cmtime team --json`` figures (`cmtime.analysis.documents.Team`)."""
    people = rounded(
        figures.people, shares=("utilisation", "client_share", "offhours_share"), counts=("longest_run_days",)
    )
    clients = rounded(figures.clients.drop("effort_h", "typical_effort_h", "typical_cost"), shares=("margin_share",))
    weeks = rounded(figures.weeks.with_columns(pl.col("week").dt.to_string("%Y-%m-%d")), shares=())
    return {
        "period": {"from": figures.period.start.isoformat(), "to": figures.period.end.isoformat()},
        "people": frame_rows(people.select(list(TeamPerson.__annotations__)), TeamPerson),
        "clients": frame_rows(clients.select(list(TeamClient.__annotations__)), TeamClient),
        "currency": config.currency,
        "target_margin": config.target_margin,
        "min_group": min_group,
        "weeks": frame_rows(weeks.select(list(TeamWeek.__annotations__)), TeamWeek),
        "forecast": forecast,
    }
