"""What the notebooks call: one function per notebook, so cells stay short and tested."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl

from cmtime.analysis.checks import classified_readings, hours_by_file, overlap_report
from cmtime.analysis.classify import classify, explain, unclassified_top
from cmtime.analysis.common import hours as to_hours
from cmtime.analysis.common import is_effort
from cmtime.analysis.documents import (
    ClientOffhours,
    ClientWaits,
    OffhoursTotals,
    StartTotals,
    Summary,
    frame_rows,
)
from cmtime.analysis.metrics import Period, month_starts
from cmtime.analysis.offhours import (
    late_days,
    longest_streak,
    offhours_by,
    offhours_long,
    punchcard,
    team_offhours,
    weekends_worked,
    working_hours,
)
from cmtime.analysis.pipeline import Workload
from cmtime.analysis.pricing import (
    monthly_pricing,
    period_pricing,
    pricing_row,
)
from cmtime.analysis.report import ReportModel, build_report_model
from cmtime.analysis.scope import Scope
from cmtime.analysis.team import TeamFigures
from cmtime.analysis.waits import lost_days
from cmtime.config import Config
from cmtime.readers import Loaded
from cmtime.text.labels import label
from cmtime.text.proposal import RenewalProposal, proposal_from_row
from cmtime.text.reasons import reason_text
from cmtime.text.sources import format_name

if TYPE_CHECKING:
    from cmtime.analysis.forecast import QuarterForecast


def setup_notebook(
    lang: Literal["fr", "en"] | None = None, *, live: bool = True, charts: bool = True
) -> None:
    """Prepare a notebook for cmtime charts: the cmtime theme, and charts that need no
    network, in the number and date formats of each chart's language (else ``lang``, else
    English). Where no page draws widgets (``nbconvert --execute``), every widget a cell
    shows is shown as its content: its charts as SVG, its texts as HTML
    (`cmtime.interfaces.widgets_static.static_widgets`).

    Parameters
    ----------
    lang
        Language for charts that do not record one (charts not made by cmtime).
    live
        True: every chart shown is a `cmtime.interfaces.live.LiveChart` (tooltips, hover,
        drawn in the browser from a bundle the kernel sends) with its SVG beside it.
        False: the SVG alone, drawn in the kernel by vl-convert.
    charts
        False: the widgets only, without loading altair (a page that shows its controls
        before its charts, the dashboard); call again with True before the charts.
    """
    from cmtime.interfaces.widgets_static import static_widgets

    static_widgets()
    if not charts:
        return
    from cmtime.charts.theme import SVG_RENDERER, enable_renderer, svg_with_locale

    if live:
        from cmtime.interfaces.live import RENDERER, render

        enable_renderer(RENDERER, render, lang)
    else:
        enable_renderer(SVG_RENDERER, svg_with_locale, lang)


@dataclass(frozen=True)
class WorkloadView:
    """Everything `01-workload` shows."""

    loaded: Loaded
    config: Config
    entries: pl.LazyFrame
    workload: Workload
    summary: Summary
    unclassified: pl.DataFrame


#: What a loader reads: a `Scope` already built (nothing is read again), or files and folders.
Data = Scope | str | Path | list[str | Path]


def as_scope(
    data: Data,
    *,
    config: str | Path | None = None,
    client: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    lang: Literal["fr", "en"] | None = None,
) -> Scope:
    """The scope a notebook asks for: ``data`` narrowed to ``client`` and the dates, in
    ``lang``. A `Scope` is reused as it is (its analysed entries are shared); paths are
    read once. The default period is `cmtime.analysis.scope.default_period`."""
    if isinstance(data, Scope):
        scope = data
        if client is not None or date_from is not None or date_to is not None:
            scope = scope.narrow(
                **({"client": client} if client is not None else {}),
                date_from=date_from or scope.period.start,
                date_to=date_to or scope.period.end,
            )
        if lang is not None and lang != scope.lang:
            scope = dataclasses.replace(scope, config=dataclasses.replace(scope.config, language=lang))
        return scope
    return Scope.load(
        data if isinstance(data, list) else [data],
        config_path=config,
        client=client,
        date_from=date_from,
        date_to=date_to,
        lang=lang,
    )


def load_workload(
    data: Data,
    *,
    config: str | Path | None = None,
    client: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    lang: Literal["fr", "en"] | None = None,
) -> WorkloadView:
    """Classify, split and aggregate for the workload notebook (see `as_scope`)."""
    scope = as_scope(data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang)
    return WorkloadView(
        loaded=scope.loaded,
        config=scope.config,
        entries=scope.entries,
        workload=scope.workload(),
        summary=scope.summary(),
        unclassified=unclassified_top(scope.rows, n=10).collect(),
    )


@dataclass(frozen=True)
class OffhoursView:
    """Everything `02-offhours` shows: small eager frames and a few totals."""

    config: Config
    period: Period | None
    #: `offhours_by` per client, the largest off-hours share first
    by_client: pl.DataFrame
    #: `offhours_long` per client, for `offhours_by_client_chart`
    by_client_long: pl.DataFrame
    #: `offhours_by` per month, all clients together
    monthly: pl.DataFrame
    #: `offhours_by` per client and month
    monthly_by_client: pl.DataFrame
    punchcard: pl.DataFrame
    #: `working_hours` of the config, the boxes of the punch card
    working: pl.DataFrame
    late_days: pl.DataFrame
    weekends: pl.DataFrame
    streak: pl.DataFrame
    team: pl.DataFrame
    #: `offhours_by` with no grouping: one row of totals
    totals: OffhoursTotals

    @property
    def worst_client(self) -> ClientOffhours | None:
        """The client with the highest off-hours share (rows without a client left out)."""
        named = self.by_client.filter(pl.col("client").is_not_null())
        return frame_rows(named.head(1), ClientOffhours)[0] if named.height else None

    @property
    def late_days_total(self) -> int:
        """Days with work after 20:00 over the period."""
        return int(self.late_days.get_column("late_days").sum())

    @property
    def weekend_days_total(self) -> int:
        """Weekend days with work over the period."""
        return int(self.weekends.get_column("weekend_days").sum())

    @property
    def weekends_total(self) -> int:
        """Distinct weekends with work over the period."""
        return int(self.weekends.get_column("weekends").sum())


def load_offhours(
    data: Data,
    *,
    config: str | Path | None = None,
    client: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    lang: Literal["fr", "en"] | None = None,
    min_group: int = 0,
) -> OffhoursView:
    """Read, classify, split and aggregate for the off-hours notebook.

    Parameters
    ----------
    data
        A `Scope`, or files or folders of exports.
    config
        A ``cmtime.toml``; None uses the one found with the data, else the defaults.
    client
        One client's name or alias; None for all.
    date_from, date_to
        Inclusive local dates (``"2026-01-01"``); by default the scope's period.
    lang
        Language of the team view's replacement names; by default the config's.
    min_group
        Team size from which names are shown (see `cmtime.analysis.offhours.team_offhours`).
    """
    scope = as_scope(data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang)
    cfg, period, lf = scope.config, scope.period, scope.rows
    frames = pl.collect_all(
        [
            offhours_by(lf, ["client"]).sort(
                ["offhours_share", "client"], descending=[True, False], nulls_last=True
            ),
            offhours_long(lf, ["client"]),
            offhours_by(lf, ["month"]),
            offhours_by(lf, ["client", "month"]),
            punchcard(lf, config=cfg),
            late_days(lf, config=cfg),
            weekends_worked(lf, config=cfg),
            longest_streak(lf),
            team_offhours(lf, min_group=min_group, alias=label("team.person", cfg.language)),
            offhours_by(lf, []),
        ]
    )
    by_client, long, monthly, monthly_by_client, punch, late, weekends, streak, team, totals = (
        frames
    )
    return OffhoursView(
        config=cfg,
        period=period,
        by_client=by_client,
        by_client_long=long,
        monthly=monthly,
        monthly_by_client=monthly_by_client,
        punchcard=punch,
        working=working_hours(cfg),
        late_days=late,
        weekends=weekends,
        streak=streak,
        team=team,
        totals=frame_rows(totals, OffhoursTotals)[0],
    )


@dataclass(frozen=True)
class WaitsView:
    """Everything `03-client-wait` shows: one row per wait and small aggregates."""

    config: Config
    period: Period | None
    #: where open waits stop: the end of the period's last day, or now
    until: dt.datetime
    #: `cmtime.analysis.waits.wait_intervals` inside the period, one row per wait
    intervals: pl.DataFrame
    #: `cmtime.analysis.waits.waits_by_client`, the longest median wait first
    by_client: pl.DataFrame
    #: `cmtime.analysis.waits.days_lost_by_quarter`
    by_quarter: pl.DataFrame
    #: `cmtime.analysis.waits.cumulative_days`
    cumulative: pl.DataFrame

    @property
    def slowest(self) -> ClientWaits | None:
        """The client with the longest median wait (rows without a client left out)."""
        named = self.by_client.filter(pl.col("client").is_not_null() & (pl.col("waits") > 0))
        return frame_rows(named.head(1), ClientWaits)[0] if named.height else None


def load_waits(
    data: Data,
    *,
    config: str | Path | None = None,
    client: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    lang: Literal["fr", "en"] | None = None,
) -> WaitsView:
    """Read, classify and measure the client waits for the client-wait notebook.

    Waits come from entries classified as ``wait`` and from any waits ledger
    (``waits.csv``) among the data; a wait belongs to the period when it was asked inside
    it, and open ones run to the end of the period's last day or now, whichever is earlier.

    Parameters
    ----------
    data
        Files or folders of exports, waits ledgers included.
    config
        A ``cmtime.toml``; None uses the one found with the data, else the defaults.
    client
        One client's name or alias; None for all.
    date_from, date_to
        Inclusive local dates (``"2026-01-01"``); by default the data's own.
    lang
        Language of the labels; by default the config's.
    """
    from cmtime.analysis.waits import cumulative_days, days_lost_by_quarter, waits_by_client

    scope = as_scope(data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang)
    cfg, period, until = scope.config, scope.period, scope.until
    iv = scope.waits().lazy()
    by_client, by_quarter, cumulative = pl.collect_all(
        [
            waits_by_client(iv, scope.rows, config=cfg),
            days_lost_by_quarter(iv, config=cfg),
            cumulative_days(iv, config=cfg),
        ]
    )
    return WaitsView(
        config=cfg,
        period=period,
        until=until,
        intervals=iv.collect(),
        by_client=by_client,
        by_quarter=by_quarter,
        cumulative=cumulative,
    )


# -- 04-pricing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PricingFrames:
    """The aggregated frames behind the pricing charts, for one set of widget values."""

    period: Period
    client: str | None
    target_rate: float
    #: the off-hours premium applied to every client, or None for each contract's own
    premium: float | None
    #: `cmtime.analysis.pricing.period_pricing`: one row per client
    by_client: pl.DataFrame
    #: `cmtime.analysis.pricing.monthly_pricing` of the chosen client: one row per month
    monthly: pl.DataFrame


@dataclass(frozen=True)
class PricingUpdate:
    """What one move of a widget produces: the frames for the charts and the proposal."""

    frames: PricingFrames
    #: the freelancer's figures (suggested fee, margin, what to check)
    proposal: RenewalProposal | None
    #: the client report's model for these control values, whose proposal section (the
    #: three options, the fair fee worked out, the client's evidence) the dashboard shows:
    #: None without a client, or when it has no hours in the period
    report: ReportModel | None = None


@dataclass(frozen=True)
class PricingView:
    """Everything `04-pricing` needs, read once: the analysed entries, collected in memory.

    `update` re-aggregates from `entries` only (no file is read again), so the widgets
    of `cmtime.interfaces.widgets.pricing_dashboard` can call it on every move.
    """

    #: the data and config the view was built from (client names resolve through it)
    scope: Scope
    config: Config
    lang: Literal["fr", "en"]
    #: output of `cmtime.analysis.pipeline.analyse`, collected, limited to `period`
    entries: pl.DataFrame
    #: the default period: ``date_from``/``date_to``, else whole months around the data
    period: Period | None
    #: clients with a monthly fee in the config, in config order
    clients: tuple[str, ...]
    #: first day of every month of `period`, for a month picker
    months: tuple[dt.date, ...]

    def update(
        self,
        client: str | None = None,
        period: Period | tuple[dt.date, dt.date] | None = None,
        target_rate: float | None = None,
        premium: float | None = None,
    ) -> PricingUpdate:
        """Aggregate for one client, period, target rate and off-hours premium.

        Parameters
        ----------
        client
            Name or alias; by default the first of `clients`.
        period
            A `Period` or (first day, last day); by default `period`.
        target_rate
            Overrides ``config.target_rate``.
        premium
            Overrides every client's ``offhours_premium`` and its premiums per window (0.25 for +25 %).
        """
        if isinstance(period, tuple):
            period = Period(*period)
        period = period or self.period
        if period is None:
            msg = "no entries to price: the data holds no dated entries"
            raise ValueError(msg)
        name = client if client is not None else (self.clients[0] if self.clients else None)
        if name is not None:
            name = self.scope.resolve(name)
        target = self.config.target_rate if target_rate is None else float(target_rate)
        mine = self.entries.filter(pl.col("client") == name) if name is not None else self.entries
        by_client, monthly = pl.collect_all(
            [
                period_pricing(
                    self.entries,
                    config=self.config,
                    period=period,
                    target_rate=target,
                    premium=premium,
                ),
                monthly_pricing(
                    mine, config=self.config, period=period, target_rate=target, premium=premium
                ).filter(pl.col("client") == name),
            ]
        )
        row = pricing_row(by_client, name)
        proposal = None if row is None else proposal_from_row(row, config=self.config, period=period, lang=self.lang)
        frames = PricingFrames(period, name, target, premium, by_client, monthly)
        report = self.report(name, period, target, premium) if name is not None else None
        return PricingUpdate(frames, proposal, report)

    def report(
        self, client: str, period: Period, target_rate: float, premium: float | None
    ) -> ReportModel | None:
        """The client report's model (`cmtime.analysis.report.build_report_model`) for one
        client and period, at this target rate and off-hours premium: what ``cmtime share``
        would write with those values in ``cmtime.toml``.

        None when the client has no hours in the period (the report has nothing to show).
        """
        cfg = self.config
        if premium is not None:
            cfg = dataclasses.replace(
                cfg,
                clients=tuple(
                    # every window's premium, as `period_pricing`'s override does
                    dataclasses.replace(c, offhours_premium=premium, premiums=()) if c.name == client else c
                    for c in cfg.clients
                ),
            )
        cfg = dataclasses.replace(cfg, target_rate=target_rate)
        narrow = self.scope.narrow(client=client, date_from=period.start, date_to=period.end)
        try:
            return build_report_model(dataclasses.replace(narrow, config=cfg))
        except ValueError:  # no hours in the period (EmptyReport), or no rows nor contract
            return None


def load_pricing(
    data: Data,
    *,
    config: str | Path | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    lang: Literal["fr", "en"] | None = None,
) -> PricingView:
    """Read, classify and split once for the pricing notebook; keep the entries in memory.

    Parameters
    ----------
    data
        Files or folders of exports.
    config
        A ``cmtime.toml``; None uses the one found with the data, else the defaults.
    date_from, date_to
        Inclusive local dates; by default the scope's period (`cmtime.analysis.scope.default_period`),
        the same as ``cmtime summary``'s.
    lang
        Language of the proposal and charts; by default the config's.
    """
    scope = as_scope(data, config=config, date_from=date_from, date_to=date_to, lang=lang)
    cfg, period = scope.config, scope.period
    entries = scope.rows.collect()
    months = tuple(month_starts(period))
    clients = tuple(c.name for c in cfg.clients if c.monthly_fee is not None)
    return PricingView(
        scope=scope,
        config=cfg,
        lang=cfg.language,
        entries=entries,
        period=period,
        clients=clients,
        months=months,
    )


# -- 00-start-here ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StartView:
    """What `00-start-here` shows: what ``cmtime check`` found in the exports."""

    loaded: Loaded
    config: Config
    #: one row per file read: path, format, rows, entries, hours, rejected, duplicates,
    #: overlaps, open (running timers)
    files: pl.DataFrame
    #: one row per rejected input row: path, line, reason
    rejected: pl.DataFrame
    #: files inside a folder that are not time exports: path, reason
    skipped: pl.DataFrame
    #: `cmtime.analysis.classify.unclassified_top`: descriptions no rule matched, most hours first
    unclassified: pl.DataFrame
    #: first and last local date of the entries, or None without entries
    period: Period | None
    #: (blocks, effort hours, wait hours) once every file is read: a block read in two
    #: exports counts once, unlike the sum of the per-file rows of `files`
    counted: tuple[int, float, float] = (0, 0.0, 0.0)
    #: the waits in a person's units: (count, median delay in days or None, working days
    #: lost: the days with at least one wait open, once per client, summed over clients)
    waited: tuple[int, float | None, int] = (0, None, 0)

    @property
    def files_sum_h(self) -> float:
        """The effort hours of the per-file rows added up: more than the total when a
        block was read in two exports (it counts once in the total)."""
        return float(self.files.get_column("effort_h").sum())

    def explained(self) -> pl.DataFrame:
        """Why each description got its kind (`cmtime.analysis.classify.explain`), the
        unclassified first; a wait's elapsed hours are left out of the ``hours`` column,
        which adds worked hours only (its blocks are still counted)."""
        why = explain(classify(self.loaded.lazy(), rules=self.config.rules), unclassified_first=True)
        return why.with_columns(
            pl.when(pl.col("kind").cast(pl.String) != "wait").then(pl.col("hours")).alias("hours")
        ).collect()

    @property
    def totals(self) -> StartTotals:
        """Files, entries and hours (each block once), rejected rows, overlaps and
        unclassified hours."""
        f = self.files
        blocks, effort_h, wait_h = self.counted
        return {
            "files": f.height,
            "entries": blocks,
            "effort_h": effort_h,
            "wait_h": wait_h,
            "rejected": self.rejected.height,
            "overlaps": int(f.get_column("overlaps").sum()),
            "unclassified_h": float(self.unclassified.get_column("hours").sum()),
        }


def load_start(
    data: Data,
    *,
    config: str | Path | None = None,
    lang: Literal["fr", "en"] | None = None,
) -> StartView:
    """Read the exports as ``cmtime check`` does, for the start-here notebook.

    Parameters
    ----------
    data
        Files or folders of exports.
    config
        A ``cmtime.toml``; None uses the one found with the data, else the defaults.
    lang
        The language of the names shown (formats); None: the config's.
    """

    scope = as_scope(data, config=config, lang=lang)
    loaded, cfg = scope.loaded, scope.config
    classified = classified_readings(loaded)
    overlaps = overlap_report(loaded, classified=classified)[0]
    split = hours_by_file(loaded, classified=classified)  # effort and waits apart: waits are never work
    files = pl.DataFrame(
        [
            {
                "path": r.path,
                "format": format_name(r.format, scope.lang),
                "rows": r.rows,
                "entries": r.items,
                "effort_h": split[i][0],
                "wait_h": split[i][1],
                "rejected": r.rejected.height,
                "duplicates": loaded.duplicates[i] if i < len(loaded.duplicates) else 0,
                "overlaps": overlaps[i] if i < len(overlaps) else 0,
                "open": r.open,
            }
            for i, r in enumerate(loaded.readings)
        ],
        schema={
            "path": pl.String,
            "format": pl.String,
            "rows": pl.Int64,
            "entries": pl.Int64,
            "effort_h": pl.Float64,
            "wait_h": pl.Float64,
            "rejected": pl.Int64,
            "duplicates": pl.Int64,
            "overlaps": pl.Int64,
            "open": pl.Int64,
        },
    )
    rej_schema = {"path": pl.String, "line": pl.Int64, "reason": pl.String}
    rejected = pl.concat(
        [
            pl.DataFrame(schema=rej_schema),
            *(
                r.rejected.select(
                    pl.lit(r.path).alias("path"),
                    pl.col("line").cast(pl.Int64),
                    # the reader's reason (English), told in the notebook's language:
                    # each distinct reason translated once
                    pl.col("reason").replace_strict(
                        {why: reason_text(why, scope.lang) for why in r.rejected["reason"].unique()},
                        return_dtype=pl.String,
                    ),
                )
                for r in loaded.readings
            ),
        ]
    )
    skipped = pl.DataFrame(
        [{"path": s.path, "reason": s.reason} for s in loaded.skipped],
        schema={"path": pl.String, "reason": pl.String},
    )
    return StartView(
        loaded=loaded,
        config=cfg,
        files=files.with_columns(pl.col("effort_h", "wait_h").round(2)),
        rejected=rejected,
        skipped=skipped,
        unclassified=unclassified_top(scope.rows, n=10).collect(),
        period=None if scope.empty else scope.period,
        counted=_counted(scope),
        waited=_waited(scope),
    )


def _waited(scope: Scope) -> tuple[int, float | None, int]:
    """The period's waits (ledger included): how many, their median delay in days and the
    working days lost (`cmtime.analysis.waits.lost_days`, per client, summed)."""
    if scope.empty:
        return 0, None, 0
    waits = scope.waits()
    if not waits.height:
        return 0, None, 0
    median = waits.get_column("delay_h").median()
    days = lost_days(waits.lazy(), config=scope.config).collect().height
    return waits.height, float(median) / 24.0 if isinstance(median, int | float) else None, days


def _counted(scope: Scope) -> tuple[int, float, float]:
    """Blocks and effort hours once every file is read, and the waits' hours of the period:
    the ledger's too, up to the period's end (`Scope.waits`, as ``summary`` counts them)."""
    blocks, effort_h = (
        scope.analysed.lazy()
        .select(pl.len().alias("blocks"), to_hours(pl.col("duration").filter(is_effort()).sum()).alias("effort_h"))
        .collect()
        .row(0)
    )
    waits = scope.waits() if not scope.empty else None
    wait_h = float(waits.get_column("calendar_h").sum()) if waits is not None and waits.height else 0.0
    return int(blocks), float(effort_h), wait_h


# -- the agency view (07-agency) --------------------------------------------------------------


@dataclass(frozen=True)
class TeamView:
    """What ``07-agency`` shows: the team's figures, the next quarter, and the sentences'
    facts (who is over capacity, which clients lose money)."""

    scope: Scope
    figures: TeamFigures
    forecast: QuarterForecast
    #: people whose effort passed their capacity over the period, most over first
    over: tuple[str, ...]
    #: ``client``, ``loss_per_month`` of the clients whose fee is below their cost
    losing: pl.DataFrame
    #: ``client``, ``fee``, ``cost``, ``margin``, ``margin_rate`` (clients with a fee and a cost)
    margins: pl.DataFrame


def load_team(
    data: Data,
    *,
    config: str | Path | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    lang: Literal["fr", "en"] | None = None,
    min_group: int = 0,
) -> TeamView:
    """The agency view of ``data`` (`cmtime.analysis.team.team_figures`) and its next
    quarter (`cmtime.analysis.forecast.next_quarter`), as ``cmtime team`` computes them."""
    from cmtime.analysis.forecast import next_quarter
    from cmtime.analysis.team import team_figures

    scope = as_scope(data, config=config, date_from=date_from, date_to=date_to, lang=lang)
    figures = team_figures(scope.entries, config=scope.config, period=scope.period, min_group=min_group)
    people = figures.people.filter(pl.col("person").is_not_null() & (pl.col("balance_h") > 0))
    clients = figures.clients.filter(pl.col("client").is_not_null())
    return TeamView(
        scope=scope,
        figures=figures,
        forecast=next_quarter(scope.entries, config=scope.config, period=scope.period),
        over=tuple(people.sort("balance_h", descending=True)["person"].to_list()),
        losing=clients.filter(pl.col("loss_per_month").is_not_null())
        .select("client", "loss_per_month")
        .sort("loss_per_month", descending=True),
        margins=clients.filter(pl.col("fee").is_not_null() & pl.col("cost").is_not_null()).select(
            "client", "fee", "cost", "margin", pl.col("margin_share").alias("margin_rate")
        ),
    )
