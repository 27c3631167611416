"""The client report's model: its sections, each holding its figures already computed.

A report is for one client, and it is private by construction: the entries are narrowed
to that client *first*, the columns that could name anyone or anything else (entry ids,
file origins, people, projects, tasks, tags and, unless asked for, descriptions) are
blanked, the configuration keeps only that client's contract (no other client, alias,
rule or person), and every figure is computed from those rows only.

`build_report_model` does all the arithmetic once and returns a `ReportModel`: an ordered
tuple of sections (frozen dataclasses of numbers and dates, no text). The text layer
turns each section into words (`cmtime.text.sections`), the charts layer draws the ones
that have a chart (`cmtime.charts.report.section_charts`), and the outputs render them
in the same order in every format (`cmtime.outputs.share`). How to add a section: the
README's "Where things go".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal, TypeVar

import polars as pl

from cmtime.analysis.common import local_today, today_for
from cmtime.analysis.documents import FrameClient, FrameDelays
from cmtime.analysis.frame import frame_document
from cmtime.analysis.metrics import Period, full_month, in_period, month_end, next_month
from cmtime.analysis.metrics import hours as to_hours
from cmtime.analysis.offhours import offhours_long
from cmtime.analysis.pipeline import workload
from cmtime.analysis.pricing import (
    RenewalOptions,
    monthly_pricing,
    period_pricing,
    pricing_row,
    renewal_options,
)
from cmtime.analysis.redact import Names, redact, redact_names
from cmtime.analysis.scope import Scope
from cmtime.analysis.waits import waits_in_period
from cmtime.config import WINDOWS, Config
from cmtime.errors import InputError
from cmtime.schema import WAIT_SCHEMA

__all__ = [
    "ActivitiesSection",
    "ActivityHours",
    "DescriptionRow",
    "DescriptionsSection",
    "EmptyReport",
    "Headline",
    "Moment",
    "MonthRow",
    "MonthsSection",
    "OffhoursSection",
    "PricingFigures",
    "ProposalSection",
    "ReportModel",
    "Section",
    "Voice",
    "WaitItem",
    "WaitsSection",
    "build_report_model",
    "pricing_figures",
]

#: "je" for a freelancer, "nous" for an agency (a team in the config).
Voice = Literal["je", "nous"]

#: Columns that could name a person, a file, another project: blanked before anything else.
_BLANKED = ("entry_id", "origin", "person", "project", "task", "source")


class EmptyReport(InputError):
    """The client has no hours in the period: there is nothing to show."""


# -- sections ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The headline figures (the four cards at the top)."""

    name: ClassVar[str] = "headline"
    effort_h: float
    visible_h: float
    hidden_h: float
    unclassified_h: float
    #: hidden / (visible + hidden); None without classified hours
    hidden_share: float | None
    offhours_h: float
    offhours_share: float | None
    waits: int
    wait_h: float
    wait_median_h: float | None


@dataclass(frozen=True)
class MonthRow:
    """One month of the period: the rows of ``summary.csv`` (numbers unrounded)."""

    month: dt.date
    #: days inside both the period and the contract; None for a full month
    days: int | None
    visible_h: float
    hidden_h: float
    unclassified_h: float
    effort_h: float
    offhours_h: float
    wait_h: float
    waits: int
    fee: float | None
    effective_rate: float | None
    perceived_rate: float | None
    suggested_fee_month: float | None
    hours_over_included: float | None
    #: the month's most-worked description (only with descriptions)
    top_description: str | None = None

    @property
    def hidden_share(self) -> float | None:
        classified = self.visible_h + self.hidden_h
        return self.hidden_h / classified if classified > 0 else None


@dataclass(frozen=True)
class MonthsSection:
    """Month by month: the iceberg chart and the months table."""

    name: ClassVar[str] = "months"
    rows: tuple[MonthRow, ...]

    @property
    def one_year(self) -> bool:
        """Whether the months all lie in one year (their labels can leave the year out)."""
        return len({r.month.year for r in self.rows}) <= 1


@dataclass(frozen=True)
class ActivityHours:
    activity: str
    kind: str
    hours: float


@dataclass(frozen=True)
class ActivitiesSection:
    """Where the time goes: hours by activity and kind."""

    name: ClassVar[str] = "activities"
    rows: tuple[ActivityHours, ...]


@dataclass(frozen=True)
class WaitItem:
    asked: dt.date
    #: calendar days counted in the period (up to its end)
    days: float
    #: not answered by the end of the period (still open, or answered after it)
    open: bool
    #: answered after the period's end: only its days inside the period count
    past_end: bool = False


@dataclass(frozen=True)
class WaitsSection:
    """The client's response times: one bar per wait (empty: no wait measured)."""

    name: ClassVar[str] = "waits"
    items: tuple[WaitItem, ...]
    #: the median of the waits' whole delays, in days
    median_days: float | None
    #: the period's last day, where the waits stop counting
    end: dt.date | None = None

    @property
    def past_end(self) -> int:
        return sum(w.past_end for w in self.items)


@dataclass(frozen=True)
class Moment:
    category: str
    hours: float


@dataclass(frozen=True)
class OffhoursSection:
    """When the work falls outside office hours, by moment of the day."""

    name: ClassVar[str] = "offhours"
    moments: tuple[Moment, ...]
    total_h: float


@dataclass(frozen=True)
class DelayTerm:
    """Validations (or material) against the agreed working days (`cmtime.analysis.frame`)."""

    count: int
    late: int
    sla_days: int
    days_beyond: int


@dataclass(frozen=True)
class FrameSection:
    """The frame of the mission: only the terms agreed AND measured (each None otherwise).

    ``included_h`` is the retainer's monthly included hours; ``over`` the months whose
    hours went past the included and carried-over hours, with by how much.
    """

    name: ClassVar[str] = "frame"
    included_h: float | None
    over: tuple[tuple[dt.date, float], ...]
    #: months with included hours in the period
    months: int
    validations: DelayTerm | None
    assets: DelayTerm | None
    #: rounds included per deliverable; deliverables revised; those past the rounds; rounds over
    rounds_included: int | None
    revised: int
    over_items: int
    over_rounds: int
    lost_h: float

    @property
    def empty(self) -> bool:
        """Nothing agreed and measured: the report leaves the section out."""
        return (
            self.included_h is None
            and self.validations is None
            and self.assets is None
            and self.rounds_included is None
        )


def frame_section(doc: FrameClient | None) -> FrameSection | None:
    """The frame section of one client's ``frame`` document, None when nothing agreed was measured."""
    if doc is None:
        return None
    months = [m for m in doc["months"] if m["included_h"] is not None]
    included = max((m["included_h"] or 0.0 for m in months), default=None)
    over = tuple(
        (dt.date.fromisoformat(m["month"] + "-01"), m["over_h"] or 0.0) for m in months if (m["over_h"] or 0.0) > 0
    )

    def term(d: FrameDelays) -> DelayTerm | None:
        if d["sla_days"] is None or not d["count"]:
            return None
        return DelayTerm(d["count"], d["late"] or 0, d["sla_days"], d["days_beyond_sla"] or 0)

    r = doc["revisions"]
    items = r["deliverables"]
    agreed_rounds = r["included"] if items else None
    section = FrameSection(
        included_h=included,
        over=over,
        months=len(months),
        validations=term(doc["validations"]),
        assets=term(doc["assets"]),
        rounds_included=agreed_rounds,
        revised=len(items),
        over_items=sum(1 for d in items if (d["over"] or 0) > 0),
        over_rounds=r["over"] or 0,
        lost_h=doc["lost_h"],
    )
    return None if section.empty else section


@dataclass(frozen=True)
class StatementSection:
    """The monthly statement's hours: used against included, with carry-over (``cmtime
    share --month``). ``pace_h``: where a month still running is heading at its pace."""

    name: ClassVar[str] = "statement"
    row: MonthRow
    included_h: float | None
    carried_in_h: float | None
    over_h: float | None
    pace_h: float | None


@dataclass(frozen=True)
class PricingFigures:
    """One client's pricing figures over a period (a row of `period_pricing`), typed.

    What the evidence sentences and the proposal are written from, in the report and in
    the notebooks alike (`pricing_figures` builds it from the row).
    """

    client: str | None
    target_rate: float
    offhours_premium: float
    monthly_fee: float | None
    suggested_fee: float | None
    #: change from the current to the suggested fee, in percent (+25.0 for +25 %)
    change_pct: float | None
    fee: float | None
    effort_h: float
    visible_h: float
    hidden_h: float
    hidden_share: float | None
    offhours_h: float
    offhours_share: float | None
    waits: int
    wait_median_h: float | None
    effective_rate: float | None
    perceived_rate: float | None
    median_effort_h: float | None
    included_hours: float | None
    cost: float | None
    margin: float | None
    unknown_people: tuple[str, ...] = ()
    #: how the typical month is counted: "median", "per_day", "too_short" (DESIGN.md)
    typical: str | None = None
    typical_effort_h: float | None = None
    typical_offhours_h: float | None = None
    contract_days: int = 0
    #: each off-hours window's premium (`cmtime.config.WINDOWS` order)
    premiums: tuple[tuple[str, float], ...] = ()
    #: the typical month's off-hours per window, to the minute
    typical_window_h: tuple[tuple[str, float], ...] = ()
    #: the typical month's premium as extra hours (the fair fee is the target rate ×
    #: (typical_effort_h + typical_premium_h), rounded once)
    typical_premium_h: float | None = None

    @property
    def by_window(self) -> bool:
        """Whether the off-hours windows have premiums of their own (one line each in the
        proposal), rather than ``offhours_premium`` for all of them (one line)."""
        return len({p for _, p in self.premiums}) > 1

    @property
    def premium(self) -> float:
        """The one premium of every off-hours window (meaningful when not `by_window`)."""
        return self.premiums[0][1] if self.premiums else self.offhours_premium

    def premium_parts(self) -> tuple[PremiumPart, ...]:
        """The typical month's off-hours premium, as the lines that work it out: one for all
        the off-hours with one premium, else one per window; only those with hours and a
        premium. ``amount`` = hours × target rate × premium, unrounded."""
        if self.typical_offhours_h is None:
            return ()
        if not self.by_window:
            parts = [PremiumPart(None, self.typical_offhours_h, self.premium, 0.0)]
        else:
            hours = dict(self.typical_window_h)
            parts = [PremiumPart(w, hours.get(w) or 0.0, p, 0.0) for w, p in self.premiums]
        return tuple(
            dataclasses.replace(part, amount=part.hours * self.target_rate * part.premium)
            for part in parts
            if part.hours > 0 and part.premium > 0
        )


@dataclass(frozen=True)
class PremiumPart:
    """One line of the typical month's off-hours premium: its hours (``window`` None: all
    the off-hours), the premium (0.25 for +25 %) and hours × target rate × premium."""

    window: str | None
    hours: float
    premium: float
    amount: float


def _number(x: object) -> float | None:
    """A float, or None for a missing or NaN figure."""
    if x is None or not isinstance(x, int | float) or math.isnan(x):
        return None
    return float(x)


def pricing_figures(row: Mapping[str, object]) -> PricingFigures:
    """`PricingFigures` from one row of `cmtime.analysis.pricing.period_pricing`."""

    def num(key: str) -> float | None:
        return _number(row.get(key))

    people = row.get("unknown_people")
    client = row.get("client")
    return PricingFigures(
        client=client if isinstance(client, str) else None,
        target_rate=num("target_rate") or 0.0,
        offhours_premium=num("offhours_premium") or 0.0,
        monthly_fee=num("monthly_fee"),
        suggested_fee=num("suggested_fee"),
        change_pct=num("change_pct"),
        fee=num("fee"),
        effort_h=num("effort_h") or 0.0,
        visible_h=num("visible_h") or 0.0,
        hidden_h=num("hidden_h") or 0.0,
        hidden_share=num("hidden_share"),
        offhours_h=num("offhours_h") or 0.0,
        offhours_share=num("offhours_share"),
        waits=int(num("waits") or 0),
        wait_median_h=num("wait_median_h"),
        effective_rate=num("effective_rate"),
        perceived_rate=num("perceived_rate"),
        median_effort_h=num("median_effort_h"),
        included_hours=num("included_hours"),
        cost=num("cost"),
        margin=num("margin"),
        unknown_people=tuple(str(p) for p in people) if isinstance(people, list | tuple) else (),
        typical=row.get("typical") if isinstance(row.get("typical"), str) else None,  # type: ignore[arg-type]
        typical_effort_h=num("typical_effort_h"),
        typical_offhours_h=num("typical_offhours_h"),
        contract_days=int(num("contract_days") or 0),
        premiums=tuple((w, num(f"premium_{w}") or 0.0) for w in WINDOWS if f"premium_{w}" in row),
        typical_window_h=tuple(
            (w, h) for w in WINDOWS if (h := num(f"typical_{w}_h")) is not None
        ),
        typical_premium_h=num("typical_premium_h"),
    )


@dataclass(frozen=True)
class ProposalSection:
    """The renewal proposal: the figures behind it and the three options (DESIGN.md, "The
    renewal proposal never contradicts itself")."""

    name: ClassVar[str] = "proposal"
    figures: PricingFigures
    #: the three renewal options: only when the fair fee is above the current one
    options: RenewalOptions | None
    #: the typical month's amounts at the target rate: its hours, its off-hours premium
    #: (unrounded; the fair fee is their sum rounded once)
    work_amount: float | None = None
    premium_amount: float | None = None

    @property
    def state(self) -> str:
        """What the proposal can say: ``too_short`` (under 28 days in the contract),
        ``no_fee`` (no contract fee or no fair fee), ``covered`` (the fee already pays the
        fair fee or more) or ``rise``."""
        f = self.figures
        if f.typical == "too_short":
            return "too_short"
        if f.monthly_fee is None or f.suggested_fee is None or not f.monthly_fee > 0:
            return "no_fee"
        return "rise" if f.suggested_fee > f.monthly_fee else "covered"


@dataclass(frozen=True)
class DescriptionRow:
    description: str
    activity: str
    hours: float


@dataclass(frozen=True)
class DescriptionsSection:
    """The client's main tasks by hours (only with ``--with-descriptions``)."""

    name: ClassVar[str] = "descriptions"
    rows: tuple[DescriptionRow, ...]


Section = (
    Headline
    | MonthsSection
    | ActivitiesSection
    | WaitsSection
    | FrameSection
    | StatementSection
    | OffhoursSection
    | ProposalSection
    | DescriptionsSection
)


_S = TypeVar("_S")


@dataclass(frozen=True)
class ReportModel:
    """Everything a client report shows, for one client, computed from its rows only."""

    client: str
    brand: str
    period: Period
    currency: str
    voice: Voice
    generated: dt.date
    #: the sections, in the order every format shows them
    sections: tuple[Section, ...]
    #: for the freelancer, not the client: what to check (never written into the report)
    notes: tuple[str, ...] = ()
    #: the renewal report, or the monthly statement (``share --month``)
    kind: Literal["report", "statement"] = "report"

    def section(self, kind: type[_S]) -> _S | None:
        """The section of this type, or None when the report has none."""
        return next((s for s in self.sections if isinstance(s, kind)), None)

    @property
    def headline(self) -> Headline:
        found = self.section(Headline)
        assert found is not None  # every report has one
        return found

    @property
    def months(self) -> tuple[MonthRow, ...]:
        found = self.section(MonthsSection)
        if found is not None:
            return found.rows
        statement = self.section(StatementSection)
        return (statement.row,) if statement is not None else ()


# -- building ---------------------------------------------------------------------------------


def _redacted(frame: pl.DataFrame, column: str, others: Names) -> pl.Expr:
    """``column`` with e-mails, secrets in URLs and absolute paths removed (`redact`), and
    other clients' names (`redact_names`): run once per distinct text, the rows take its
    result by lookup."""
    texts = frame.get_column(column).drop_nulls().unique().to_list()
    return pl.col(column).replace_strict({t: redact_names(redact(t), others) for t in texts}, return_dtype=pl.String)


def _other_names(scope: Scope, name: str) -> Names:
    """Every other client's name and alias (configured, or as the data names them), to
    hide in this client's descriptions."""
    clients = scope.config.clients
    own = [name, *(a for c in clients if c.name == name for a in c.aliases)]
    others = [n for c in clients if c.name != name for n in (c.name, *c.aliases)]
    return Names.of([*others, *(n for n in scope.known_clients if n != name)], own=own)


def _narrow_config(config: Config, name: str) -> Config:
    """The config with only this client's contract: no other client, rule or person."""
    return dataclasses.replace(
        config,
        clients=tuple(c for c in config.clients if c.name == name),
        people=(),
        rules=(),
        person="",
        path=None,
    )


def _client_rows(lf: pl.LazyFrame, name: str, *, with_descriptions: bool, others: Names) -> pl.DataFrame:
    """This client's entries, with every identifying column blanked (collected once)."""
    mine = lf.filter(pl.col("client") == name)
    schema = mine.collect_schema()
    blank = [pl.lit("", pl.String).alias(c) for c in _BLANKED if c in schema]
    blank.append(pl.lit([], pl.List(pl.String)).alias("tags"))
    if not with_descriptions:
        blank.append(pl.lit("", pl.String).alias("description"))
    rows = mine.with_columns(blank).collect()
    if with_descriptions and rows.height:
        rows = rows.with_columns(description=_redacted(rows, "description", others))
    return rows


def _client_ledger(
    ledger: pl.DataFrame | None, name: str, *, with_descriptions: bool, others: Names
) -> pl.DataFrame:
    if ledger is None:
        return pl.DataFrame(schema=WAIT_SCHEMA)
    mine = ledger.filter(pl.col("client") == name).with_columns(
        wait_id=pl.lit("", pl.String), origin=pl.lit("", pl.String)
    )
    if not with_descriptions:
        return mine.with_columns(item=pl.lit("", pl.String))
    if mine.height:
        mine = mine.with_columns(item=_redacted(mine, "item", others))
    return mine


def _month_days(config: Config, name: str, period: Period) -> pl.DataFrame:
    """Per month of the period: the days inside both the period and the contract (null
    for a full month)."""
    contract = config.client(name)
    rows: list[tuple[dt.date, int | None]] = []
    first = period.start.replace(day=1)
    while first <= period.end:
        nxt = next_month(first)
        lo = max(first, period.start, (contract.start if contract and contract.start else first))
        hi = min(nxt - dt.timedelta(days=1), period.end, (contract.end if contract and contract.end else period.end))
        days = max((hi - lo).days + 1, 0)
        rows.append((first, None if full_month(first, period, contract) else days))
        first = nxt
    return pl.DataFrame(rows, schema={"month": pl.Date, "days": pl.Int64}, orient="row")


_MONTH_FIELDS = tuple(f.name for f in dataclasses.fields(MonthRow))


def _month_rows(
    rows: pl.LazyFrame,
    intervals: pl.DataFrame,
    *,
    config: Config,
    period: Period,
    name: str,
    with_descriptions: bool,
) -> tuple[MonthRow, ...]:
    """`monthly_pricing` per month, the days that count in each (null for a full one), the
    waits asked in each and, with descriptions, its most-worked description."""
    priced = monthly_pricing(rows, config=config, period=period).collect()
    waits = intervals.group_by(month=pl.col("date").dt.month_start()).agg(
        wait_h=pl.col("calendar_h").sum(), waits=pl.len().cast(pl.Int64)
    )
    out = (
        priced.join(waits, on="month", how="full", coalesce=True)
        .join(_month_days(config, name, period), on="month", how="left")
        .with_columns(pl.col("wait_h").fill_null(0.0), pl.col("waits").fill_null(0))
        .sort("month")
    )
    if with_descriptions:
        top = (
            rows.filter(pl.col("kind").cast(pl.String) != "wait")
            .group_by(month=pl.col("date").dt.month_start(), description=pl.col("description"))
            .agg(h=to_hours(pl.col("duration").sum()))
            .filter(pl.col("description") != "")
            .sort(["h", "description"], descending=[True, False])
            .group_by("month", maintain_order=True)
            .agg(top_description=pl.col("description").first())
            .collect()
        )
        out = out.join(top, on="month", how="left").with_columns(
            pl.col("top_description").fill_null("")
        )
    else:
        out = out.with_columns(top_description=pl.lit(None, pl.String))
    return tuple(MonthRow(**r) for r in out.select(_MONTH_FIELDS).iter_rows(named=True))


def _top_descriptions(rows: pl.LazyFrame, n: int = 10) -> tuple[DescriptionRow, ...]:
    top = (
        rows.filter(pl.col("kind").cast(pl.String) != "wait")
        .filter(pl.col("description") != "")
        .group_by("description")
        .agg(
            activity=pl.col("activity").mode().sort().first().fill_null("other"),
            hours=to_hours(pl.col("duration").sum()),
        )
        .sort(["hours", "description"], descending=[True, False])
        .head(n)
        .collect()
    )
    return tuple(DescriptionRow(**r) for r in top.iter_rows(named=True))


def build_report_model(
    scope: Scope,
    *,
    with_descriptions: bool = False,
    today: dt.date | None = None,
) -> ReportModel:
    """Compute every figure of the scope's client report from its own rows only.

    Parameters
    ----------
    scope
        The data, config, client (required) and period (`cmtime.analysis.scope.Scope`).
    with_descriptions
        Keep this client's own task descriptions (redacted by `redact`): a "main tasks"
        section and the top description of each month. Off by default.
    today
        The generation date; by default the real today (not the config's ``as_of``,
        which only says up to when the figures run).

    Raises
    ------
    ValueError
        When the scope has no client (a programming error); `EmptyReport` when the
        client has no hours in the period, or neither rows nor a contract.
    """
    if scope.client is None:
        msg = "a share report is for one client: scope it with client=..."
        raise ValueError(msg)
    name, period = scope.client, scope.period
    voice: Voice = "nous" if len(scope.config.people) > 1 else "je"
    steps = scope.config.renewal_steps
    # Privacy by construction: this client's rows and contract, and nothing else, from here on.
    others = _other_names(scope, name) if with_descriptions else Names(None, frozenset())
    entries = _client_rows(scope.entries, name, with_descriptions=with_descriptions, others=others)
    book = _client_ledger(scope.ledger, name, with_descriptions=with_descriptions, others=others)
    narrow = _narrow_config(scope.config, name)
    today = today or local_today(scope.config.timezone)
    # the frame of the mission, from this client's own rows and ledger, its own terms
    framed = frame_document(in_period(scope.entries, period), scope.ledger, config=narrow, period=period)
    frame = frame_section(next((c for c in framed["clients"] if c["client"] == name), None))
    del scope
    rows = in_period(entries.lazy(), period)
    intervals = (
        waits_in_period(rows, book, config=narrow, period=period)
        .select("date", "open", "calendar_h", "delay_h", "past_end")
        .collect()
    )
    load = workload(rows, period=period)
    row = pricing_row(period_pricing(rows, config=narrow, period=period).collect(), name)
    if row is None:
        msg = f"no rows and no contract for client {name!r} from {period.start} to {period.end}"
        raise EmptyReport(msg)
    by_client = load.by_client
    effort = float(by_client.get_column("effort_h").sum())
    if effort <= 0:
        msg = (
            f"no hours worked for {name} from {period.start} to {period.end}: there is nothing "
            "to report (check --from/--to, or the client's entries)"
        )
        raise EmptyReport(msg)
    # a wait's own delay is whole; the period's hours stop at its end (DESIGN.md, wait)
    median = intervals.get_column("delay_h").median() if intervals.height else None
    wait_median = float(median) if isinstance(median, int | float) else None
    wait_h = float(intervals.get_column("calendar_h").sum()) if intervals.height else 0.0
    visible = float(by_client.get_column("visible_h").sum())
    hidden = float(by_client.get_column("hidden_h").sum())
    unclassified = float(by_client.get_column("unclassified_h").sum())
    off_h = float(row.get("offhours_h") or 0.0)
    headline = Headline(
        effort_h=effort,
        visible_h=visible,
        hidden_h=hidden,
        unclassified_h=unclassified,
        hidden_share=hidden / (visible + hidden) if visible + hidden > 0 else None,
        offhours_h=off_h,
        offhours_share=off_h / effort if effort > 0 else None,
        waits=intervals.height,
        wait_h=wait_h,
        wait_median_h=wait_median,
    )
    options = None
    current, fair = row.get("monthly_fee"), row.get("suggested_fee")
    if current and fair and current > 0 and fair > current:
        options = renewal_options(
            current_fee=float(current),
            fair_fee=float(fair),
            target_rate=float(row["target_rate"]),
            visible_h=visible,
            hidden_h=hidden,
            steps=steps,
        )
    # The freelancer's own costs and team are not the client's business; the waits are
    # the client's own, ledger included.
    figures = dataclasses.replace(
        pricing_figures(row),
        cost=None,
        margin=None,
        unknown_people=(),
        waits=headline.waits,
        wait_median_h=wait_median,
    )
    work = premium = None
    if figures.typical_effort_h is not None and figures.typical_offhours_h is not None:
        work = figures.typical_effort_h * figures.target_rate
        premium = math.fsum(part.amount for part in figures.premium_parts())
    proposal = ProposalSection(figures, options, work, premium)
    activities = tuple(
        ActivityHours(activity=a, kind=k, hours=h)
        for a, k, h in load.by_activity.select("activity", "kind", "hours").iter_rows()
    )
    waits = tuple(
        WaitItem(asked=d, days=h / 24.0, open=bool(o) or bool(p), past_end=bool(p))
        for d, o, h, p in intervals.select("date", "open", "calendar_h", "past_end").iter_rows()
    )
    moments = offhours_long(rows, ["client"]).collect().select("category", "hours")
    sections: list[Section] = [
        headline,
        MonthsSection(
            _month_rows(rows, intervals, config=narrow, period=period, name=name, with_descriptions=with_descriptions)
        ),
        ActivitiesSection(activities),
        WaitsSection(waits, wait_median / 24.0 if wait_median is not None else None, period.end),
        *([frame] if frame is not None else []),
        OffhoursSection(tuple(Moment(c, h) for c, h in moments.iter_rows()), total_h=effort),
        proposal,
    ]
    if with_descriptions:
        sections.append(DescriptionsSection(_top_descriptions(rows)))
    notes = ("no_contract",) if row.get("monthly_fee") is None else ()
    return ReportModel(
        client=name,
        brand=narrow.brand,
        period=period,
        currency=narrow.currency,
        voice=voice,
        generated=today,
        sections=tuple(sections),
        notes=notes,
    )


def build_statement_model(scope: Scope, *, month: dt.date, today: dt.date | None = None) -> ReportModel:
    """The monthly statement of the scope's client (``cmtime share --month``), from its own
    rows only: the hours used against the included hours (with carry-over from the month
    before), what was done (visible and behind the scenes) and the frame of the month
    (validations and material late, rounds, lost work: only the terms agreed).

    Parameters
    ----------
    scope
        The data, config and client (required); its period is not used.
    month
        Any day of the month.
    today
        The generation date; by default the real today.

    Raises
    ------
    ValueError
        When the scope has no client; `EmptyReport` when the month holds no hours.
    """
    if scope.client is None:
        msg = "a monthly statement is for one client: scope it with client=..."
        raise ValueError(msg)
    name = scope.client
    first = month.replace(day=1)
    last = month_end(first)
    before = (first - dt.timedelta(days=1)).replace(day=1)
    period, span = Period(first, last), Period(before, last)
    voice: Voice = "nous" if len(scope.config.people) > 1 else "je"
    nobody = Names(None, frozenset())
    entries = _client_rows(scope.entries, name, with_descriptions=False, others=nobody)
    book = _client_ledger(scope.ledger, name, with_descriptions=False, others=nobody)
    # the frame before the ledger is redacted: its subjects say what was waited for
    own_entries, own_ledger = scope.entries, scope.ledger
    narrow = _narrow_config(scope.config, name)
    current = today_for(scope.config)
    today = today or local_today(scope.config.timezone)
    del scope
    hours_doc = frame_document(in_period(own_entries, span), own_ledger, config=narrow, period=span)
    mine = next((c for c in hours_doc["clients"] if c["client"] == name), None)
    this = next((m for m in (mine["months"] if mine else []) if m["month"] == first.strftime("%Y-%m")), None)
    month_doc = frame_document(in_period(own_entries, period), own_ledger, config=narrow, period=period)
    frame = frame_section(next((c for c in month_doc["clients"] if c["client"] == name), None))
    if frame is not None:  # the hours are the statement's own lines
        frame = dataclasses.replace(frame, included_h=None, over=())
        frame = None if frame.empty else frame
    rows = in_period(entries.lazy(), period)
    intervals = waits_in_period(rows, book, config=narrow, period=period).select("date", "calendar_h").collect()
    month_rows = _month_rows(rows, intervals, config=narrow, period=period, name=name, with_descriptions=False)
    row = next((r for r in month_rows if r.month == first), None)
    if row is None or row.effort_h <= 0:
        msg = f"no hours worked for {name} in {first:%Y-%m}: there is nothing to state"
        raise EmptyReport(msg)
    included = this["included_h"] if this else None
    carried = this["carried_in_h"] if this else None
    pace = None
    if included is not None and first <= current < last:
        pace = row.effort_h * last.day / ((current - first).days + 1)
    load = workload(rows, period=period)
    activities = tuple(
        ActivityHours(activity=a, kind=k, hours=h)
        for a, k, h in load.by_activity.select("activity", "kind", "hours").iter_rows()
    )
    statement = StatementSection(
        row=row,
        included_h=included,
        carried_in_h=carried,
        over_h=this["over_h"] if this else None,
        pace_h=pace,
    )
    return ReportModel(
        client=name,
        brand=narrow.brand,
        period=period,
        currency=narrow.currency,
        voice=voice,
        generated=today,
        sections=(statement, ActivitiesSection(activities), *([frame] if frame is not None else [])),
        kind="statement",
    )
