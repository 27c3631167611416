"""The client-safe renewal report: an HTML page, a PDF, the charts as PNG and SVG, a CSV.

A report is for one client, and it is private by construction: the entries are narrowed
to that client *first*, the columns that could name anyone or anything else (entry ids,
file origins, people, projects, tasks, tags and, unless asked for, descriptions) are
blanked, the configuration keeps only that client's contract (no other client, alias,
rule or person), and every chart and figure is computed from those rows only. Nothing
else reaches the charts, the file names, the CSV or the PDF.

It speaks to the client (`cmtime.text.report`), its charts are static SVG inlined in
the page (no script needed: a mail preview shows them), and the PDF is typeset by Typst
from the same SVG. ``cmtime share PATH... --client NAME --out DIR`` runs `build_report`,
then `write_report`, which writes into a temporary folder beside ``DIR`` and renames it at
the end: a failure leaves nothing half-written, and no symlink is ever followed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import functools
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

import altair as alt
import polars as pl

from cmtime.analysis.common import local_today
from cmtime.analysis.metrics import Period, full_month, in_period
from cmtime.analysis.metrics import hours as to_hours
from cmtime.analysis.offhours import offhours_long
from cmtime.analysis.pipeline import workload
from cmtime.analysis.pricing import (
    PricingRow,
    RenewalOptions,
    monthly_pricing,
    period_pricing,
    pricing_row,
    renewal_options,
)
from cmtime.analysis.scope import Scope
from cmtime.analysis.waits import waits_in_period
from cmtime.charts.report import (
    Size,
    activity_bars_chart,
    months_iceberg_chart,
    offhours_moments_chart,
    waits_bars_chart,
)
from cmtime.charts.theme import CATEGORY_COLORS, FONT, INK, KIND_COLORS, MUTED, WATER, WATERLINE
from cmtime.config import Config
from cmtime.outputs.drawing import Drawer, Job, draw_here
from cmtime.outputs.export import chart_spec
from cmtime.outputs.page import Markup, render
from cmtime.schema import WAIT_SCHEMA
from cmtime.text.labels import Lang, hours, money, month_text, percent
from cmtime.text.proposal import RenewalProposal, proposal_from_row
from cmtime.text.redact import redact
from cmtime.text.report import (
    Voice,
    long_date,
    month_name,
    period_text,
    rate,
    signed_percent,
    text,
    vocabulary,
    wait_text,
)

__all__ = [
    "CSV_COLUMNS",
    "EmptyReport",
    "Report",
    "ReportChart",
    "ShareOutputError",
    "build_report",
    "csv_safe",
    "report_html",
    "report_pdf",
    "write_report",
    "write_summary_csv",
]

#: Columns of ``summary.csv``, in order (``top_description`` only with descriptions).
CSV_COLUMNS: Final = (
    "client",
    "month",
    "days",
    "visible_h",
    "hidden_h",
    "unclassified_h",
    "effort_h",
    "offhours_h",
    "wait_h",
    "waits",
    "fee",
    "effective_rate",
    "perceived_rate",
    "suggested_fee_month",
    "hours_over_included",
)

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_START: Final = r"^[=+\-@\t\r]"

#: Columns that could name a person, a file, another project: blanked before anything else.
_BLANKED: Final = ("entry_id", "origin", "person", "project", "task", "source")

#: Files a report writes, besides one PNG and one SVG per chart.
_PAGE, _PDF, _CSV = "report.html", "report.pdf", "summary.csv"


class EmptyReport(ValueError):
    """The client has a contract but no hours in the period: there is nothing to show."""


class ShareOutputError(ValueError):
    """The output folder cannot be written as asked (a file in the way, say)."""


@dataclass(frozen=True)
class ReportChart:
    """One chart of the report: a neutral file stem, a heading, and its two sizes."""

    name: str
    heading: str
    chart: alt.TopLevelMixin
    phone: alt.TopLevelMixin | None = None

    @functools.cached_property
    def specs(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The page and phone specs as vl-convert draws them, in the chart's own language;
        built once, whether the charts are handed to a `Drawer` early or drawn at the end."""
        return _spec(self.chart), _spec(self.phone or self.chart)


@dataclass(frozen=True)
class Report:
    """Everything a client report shows, for one client, computed from its rows only."""

    client: str
    brand: str
    period: Period
    lang: Lang
    currency: str
    #: headline figures: effort_h, visible_h, hidden_h, hidden_share, offhours_h,
    #: offhours_share, waits, wait_h, wait_median_h
    figures: dict[str, Any]
    charts: tuple[ReportChart, ...]
    proposal: RenewalProposal
    #: the rows of ``summary.csv`` (columns of `CSV_COLUMNS`, numbers unrounded)
    monthly: pl.DataFrame
    #: top descriptions by hours (``description``, ``activity``, ``hours``), or None
    descriptions: pl.DataFrame | None
    generated: dt.date
    #: the three renewal options, or None without a fee (or a fair fee) to compare
    options: RenewalOptions | None = None
    #: the evidence sentences, in the client's voice
    evidence: tuple[str, ...] = ()
    voice: Voice = "je"
    #: for the freelancer, not the client: what to check (never written into the report)
    notes: tuple[str, ...] = ()


# -- building ---------------------------------------------------------------------------------


def _redacted(frame: pl.DataFrame, column: str) -> pl.Expr:
    """``column`` with e-mails, secrets in URLs and absolute paths removed
    (`cmtime.text.redact`), even with ``--with-descriptions``: `redact` runs once per
    distinct text of this client's rows, and the rows take its result by lookup."""
    texts = frame.get_column(column).drop_nulls().unique().to_list()
    return pl.col(column).replace_strict({t: redact(t) for t in texts}, return_dtype=pl.String)


def _narrow_config(config: Config, name: str, lang: Lang) -> Config:
    """The config with only this client's contract: no other client, rule or person."""
    return dataclasses.replace(
        config,
        language=lang,
        clients=tuple(c for c in config.clients if c.name == name),
        people=(),
        rules=(),
        person="",
        path=None,
    )


def _client_rows(lf: pl.LazyFrame, name: str, *, with_descriptions: bool) -> pl.DataFrame:
    """This client's entries, with every identifying column blanked (collected once)."""
    mine = lf.filter(pl.col("client") == name)
    schema = mine.collect_schema()
    blank = [pl.lit("", pl.String).alias(c) for c in _BLANKED if c in schema]
    blank.append(pl.lit([], pl.List(pl.String)).alias("tags"))
    if not with_descriptions:
        blank.append(pl.lit("", pl.String).alias("description"))
    rows = mine.with_columns(blank).collect()
    if with_descriptions and rows.height:
        rows = rows.with_columns(description=_redacted(rows, "description"))
    return rows


def _client_ledger(
    ledger: pl.DataFrame | None, name: str, *, with_descriptions: bool
) -> pl.DataFrame:
    if ledger is None:
        return pl.DataFrame(schema=WAIT_SCHEMA)
    mine = ledger.filter(pl.col("client") == name).with_columns(
        wait_id=pl.lit("", pl.String), origin=pl.lit("", pl.String)
    )
    if not with_descriptions:
        return mine.with_columns(item=pl.lit("", pl.String))
    if mine.height:
        mine = mine.with_columns(item=_redacted(mine, "item"))
    return mine


def _month_days(config: Config, name: str, period: Period) -> pl.DataFrame:
    """Per month of the period: the days inside both the period and the contract (null
    for a full month)."""
    contract = config.client(name)
    rows: list[tuple[dt.date, int | None]] = []
    first = period.start.replace(day=1)
    while first <= period.end:
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        lo = max(first, period.start, (contract.start if contract and contract.start else first))
        hi = min(nxt - dt.timedelta(days=1), period.end, (contract.end if contract and contract.end else period.end))
        days = max((hi - lo).days + 1, 0)
        rows.append((first, None if full_month(first, period, contract) else days))
        first = nxt
    return pl.DataFrame(rows, schema={"month": pl.Date, "days": pl.Int64}, orient="row")


def _monthly_rows(
    rows: pl.LazyFrame,
    intervals: pl.DataFrame,
    *,
    config: Config,
    period: Period,
    name: str,
    with_descriptions: bool,
) -> pl.DataFrame:
    """The rows of ``summary.csv``: `monthly_pricing`, the days that count in each month
    (null for a full one) and the waits asked in each month."""
    priced = monthly_pricing(rows, config=config, period=period).collect()
    waits = intervals.group_by(month=pl.col("date").dt.month_start()).agg(
        wait_h=pl.col("calendar_h").sum(), waits=pl.len().cast(pl.Int64)
    )
    out = (
        priced.join(waits, on="month", how="full", coalesce=True)
        .join(_month_days(config, name, period), on="month", how="left")
        .with_columns(
            pl.lit(name, pl.String).alias("client"),
            pl.col("wait_h").fill_null(0.0),
            pl.col("waits").fill_null(0),
        )
        .select(CSV_COLUMNS)
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
    return out


def _top_descriptions(rows: pl.LazyFrame, n: int = 10) -> pl.DataFrame:
    return (
        rows.filter(pl.col("kind").cast(pl.String) != "wait")
        .filter(pl.col("description") != "")
        .group_by("description")
        .agg(
            activity=pl.col("activity").mode().sort().first(),
            hours=to_hours(pl.col("duration").sum()),
        )
        .sort(["hours", "description"], descending=[True, False])
        .head(n)
        .collect()
    )


def _evidence(row: PricingRow, figures: dict[str, Any], *, currency: str, lang: Lang, voice: Voice) -> tuple[str, ...]:
    """The figures behind the options, one sentence each, in the client's voice."""
    out: list[str] = []
    share, hidden, visible = figures["hidden_share"], figures["hidden_h"], figures["visible_h"]
    if share is not None:
        out.append(
            text("evidence.hidden", lang).format(
                share=percent(share, lang), hidden=hours(hidden, lang), total=hours(hidden + visible, lang)
            )
        )
    if figures["wait_median_h"] is not None:
        n = figures["waits"]
        out.append(text("evidence.wait", lang, count=n).format(wait=wait_text(figures["wait_median_h"], lang), waits=n))
    if figures["offhours_h"] > 0 and figures["offhours_share"] is not None:
        out.append(
            text("evidence.offhours", lang, voice=voice).format(
                share=percent(figures["offhours_share"], lang), hours=hours(figures["offhours_h"], lang)
            )
        )
    effective, target = row.get("effective_rate"), row.get("target_rate")
    if effective is not None and target is not None:
        out.append(text("evidence.rate", lang).format(effective=rate(effective, currency, lang), target=rate(target, currency, lang)))
    perceived = row.get("perceived_rate")
    if perceived is not None:
        out.append(text("evidence.perceived", lang).format(perceived=rate(perceived, currency, lang)))
    median_effort, included = row.get("median_effort_h"), row.get("included_hours")
    if median_effort is not None and included is not None:
        out.append(text("evidence.included", lang).format(effort=hours(median_effort, lang), included=hours(included, lang)))
    if row.get("suggested_fee") is not None:
        out.append(text("evidence.typical", lang))
    return tuple(out)


def build_report(
    scope: Scope,
    *,
    with_descriptions: bool = False,
    today: dt.date | None = None,
    drawer: Drawer | None = None,
) -> Report:
    """Build the renewal report of the scope's client from its own rows only.

    Parameters
    ----------
    scope
        The data, config, client (required) and period (`cmtime.analysis.scope.Scope`);
        its language is the report's.
    with_descriptions
        Show this client's own task descriptions (a "main tasks" table and a
        ``top_description`` column in the CSV), redacted by `cmtime.text.redact` when
        available. Off by default.
    today
        The generation date printed in the footer; by default the real today (not the
        config's ``as_of``, which only says up to when the figures run).
    drawer
        Starts drawing each chart as soon as it is built (`write_report` with the same
        drawer then finds it drawn).

    Returns
    -------
    Report
        Figures, charts, options, proposal and the monthly table, all of this client only.

    Raises
    ------
    ValueError
        When the scope has no client, or the client has neither rows nor a contract;
        `EmptyReport` when the client has no hours in the period.
    """
    if scope.client is None:
        msg = "a share report is for one client: scope it with client=..."
        raise ValueError(msg)
    name, period, language = scope.client, scope.period, scope.lang
    # "nous" for an agency (a team in the config), "je" for a freelancer
    voice: Voice = "nous" if len(scope.config.people) > 1 else "je"
    steps = scope.config.renewal_steps
    # Privacy by construction: this client's rows and contract, and nothing else, from here on.
    entries = _client_rows(scope.entries, name, with_descriptions=with_descriptions)
    book = _client_ledger(scope.ledger, name, with_descriptions=with_descriptions)
    narrow = _narrow_config(scope.config, name, language)
    today = today or local_today(scope.config.timezone)
    del scope
    rows = in_period(entries.lazy(), period)
    intervals = (
        waits_in_period(rows, book, config=narrow, period=period)
        .select("client", "item", "wait_kind", "date", "asked", "end_used", "open", "calendar_h", "business_days")
        .collect()
    )
    load = workload(rows, period=period)
    row = pricing_row(period_pricing(rows, config=narrow, period=period).collect(), name)
    if row is None:
        msg = f"no rows and no contract for client {name!r} from {period.start} to {period.end}"
        raise ValueError(msg)
    by_client = load.by_client
    effort = float(by_client.get_column("effort_h").sum())
    if effort <= 0:
        msg = (
            f"no hours worked for {name} from {period.start} to {period.end}: there is nothing "
            "to report (check --from/--to, or the client's entries)"
        )
        raise EmptyReport(msg)
    wait_median = intervals.get_column("calendar_h").median() if intervals.height else None
    wait_h = float(intervals.get_column("calendar_h").sum()) if intervals.height else 0.0
    # The freelancer's own costs and team are not the client's business.
    row.update({"cost": None, "margin": None, "cost_h": None, "unknown_people": None})
    median_h = float(wait_median) if isinstance(wait_median, int | float) else None
    row.update({"waits": intervals.height, "wait_h": wait_h, "wait_median_h": median_h})
    proposal = proposal_from_row(row, config=narrow, period=period, lang=language)

    visible = float(by_client.get_column("visible_h").sum())
    hidden = float(by_client.get_column("hidden_h").sum())
    off_h = float(row.get("offhours_h") or 0.0)
    figures = {
        "effort_h": effort,
        "visible_h": visible,
        "hidden_h": hidden,
        "hidden_share": hidden / (visible + hidden) if visible + hidden > 0 else None,
        "offhours_h": off_h,
        "offhours_share": off_h / effort if effort > 0 else None,
        "waits": intervals.height,
        "wait_h": wait_h,
        "wait_median_h": float(wait_median) if isinstance(wait_median, int | float) else None,
    }
    monthly = _monthly_rows(
        rows, intervals, config=narrow, period=period, name=name, with_descriptions=with_descriptions
    )
    options = None
    current, fair = row.get("monthly_fee"), row.get("suggested_fee")
    if current and fair and current > 0 and fair > 0:
        options = renewal_options(
            current_fee=float(current),
            fair_fee=float(fair),
            target_rate=float(row["target_rate"]),
            visible_h=visible,
            hidden_h=hidden,
            steps=steps,
        )
    charts = _charts(monthly, load.by_activity, intervals, rows, figures, language, voice, drawer)
    return Report(
        client=name,
        brand=narrow.brand,
        period=period,
        lang=language,
        currency=narrow.currency,
        figures=figures,
        charts=charts,
        proposal=proposal,
        monthly=monthly,
        descriptions=_top_descriptions(rows) if with_descriptions else None,
        generated=today,
        options=options,
        evidence=_evidence(row, figures, currency=narrow.currency, lang=language, voice=voice),
        voice=voice,
        notes=proposal.notes,
    )


def _month_labels(monthly: pl.DataFrame, lang: Lang, *, short: bool) -> list[str]:
    return [
        month_name(m, lang, days=d, short=short)
        for m, d in monthly.select("month", "days").iter_rows()
    ]


def report_year_span(monthly: pl.DataFrame) -> bool:
    """Whether the months all lie in one year (their labels can leave the year out)."""
    return monthly.get_column("month").dt.year().n_unique() <= 1


def _charts(
    monthly: pl.DataFrame,
    by_activity: pl.DataFrame,
    intervals: pl.DataFrame,
    rows: pl.LazyFrame,
    figures: dict[str, Any],
    lang: Lang,
    voice: Voice,
    drawer: Drawer | None = None,
) -> tuple[ReportChart, ...]:
    out: list[ReportChart] = []

    def add(chart: ReportChart) -> None:
        out.append(chart)
        if drawer is not None:  # drawn while the next chart is built
            for job in _jobs(chart):
                drawer.submit(job)

    def months(size: Size) -> alt.TopLevelMixin:
        one_year = report_year_span(monthly)
        labels = [
            (month_text(m, lang) if one_year else month_name(m, lang, short=True))
            + ("*" if d is not None else "")
            for m, d in monthly.select("month", "days").iter_rows()
        ]
        frame = monthly.select("month", "visible_h", "hidden_h").with_columns(
            label=pl.Series(labels, dtype=pl.String),
            hidden_share=pl.when(pl.col("visible_h") + pl.col("hidden_h") > 0).then(
                pl.col("hidden_h") / (pl.col("visible_h") + pl.col("hidden_h"))
            ),
        )
        return months_iceberg_chart(frame, lang=lang, size=size)

    add(ReportChart("iceberg", text("chart.iceberg.title", lang), months("page"), months("phone")))
    add(
        ReportChart(
            "activity",
            text("chart.activity.title", lang),
            activity_bars_chart(by_activity, lang=lang, size="page"),
            activity_bars_chart(by_activity, lang=lang, size="phone"),
        )
    )
    if intervals.height:
        waits = intervals.select(
            asked=pl.col("date"), days=pl.col("calendar_h") / 24.0, open=pl.col("open").fill_null(False)
        )
        median = figures["wait_median_h"] / 24.0 if figures["wait_median_h"] is not None else None
        add(
            ReportChart(
                "waits",
                text("chart.waits.title", lang),
                waits_bars_chart(waits, lang=lang, size="page", median_days=median),
                waits_bars_chart(waits, lang=lang, size="phone", median_days=median),
            )
        )
    moments = offhours_long(rows, ["client"]).collect().select("category", "hours")
    add(
        ReportChart(
            "offhours",
            text("chart.offhours.title", lang, voice=voice),
            offhours_moments_chart(moments, lang=lang, total_h=figures["effort_h"], size="page", voice=voice),
            offhours_moments_chart(moments, lang=lang, total_h=figures["effort_h"], size="phone", voice=voice),
        )
    )
    return tuple(out)


# -- the CSV ------------------------------------------------------------------------------------


def csv_safe(expr: pl.Expr) -> pl.Expr:
    """Neutralise a text cell a spreadsheet would run as a formula (prefix ``'``).

    Cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
    prefixed with a single quote, as OWASP recommends against CSV injection.

    >>> pl.select(csv_safe(pl.lit("=1+1"))).item()
    "'=1+1"
    """
    return pl.when(expr.str.contains(_FORMULA_START)).then(pl.lit("'") + expr).otherwise(expr)


def write_summary_csv(report: Report, path: str | Path) -> Path:
    """Write the monthly table as a CSV a spreadsheet opens safely; return the path.

    French reports use ``;`` and a decimal comma (French Excel), English ones ``,`` and
    ``.``; both are UTF-8 with a BOM so Excel reads accents right. Text cells that a
    spreadsheet would run as a formula are neutralised (`csv_safe`). ``days`` is the
    number of days that count in a partial month, empty for a full one.
    """
    out = Path(path)
    _write_csv(report.monthly, out, report.lang)
    return out


def _write_csv(df: pl.DataFrame, path: Path, lang: Lang) -> None:
    texts = [name for name, dtype in df.schema.items() if dtype == pl.String]
    safe = df.with_columns(csv_safe(pl.col(name)).alias(name) for name in texts)
    floats = [name for name, dtype in df.schema.items() if dtype.is_float()]
    safe = safe.with_columns(pl.col(floats).round(2))
    french = lang == "fr"
    safe.write_csv(
        path,
        include_bom=True,
        separator=";" if french else ",",
        decimal_comma=french,
        date_format="%Y-%m-%d",
        quote_style="necessary",
    )


# -- what the page and the PDF show -------------------------------------------------------------


def _kpis(report: Report) -> list[dict[str, str]]:
    f, lang = report.figures, report.lang
    median = f["wait_median_h"]
    return [
        {
            "cls": "",
            "value": hours(f["effort_h"], lang),
            "name": text("kpi.effort", lang),
            "note": text("kpi.effort_note", lang).format(visible=hours(f["visible_h"], lang)),
        },
        {
            "cls": "hidden",
            "value": percent(f["hidden_share"], lang),
            "name": text("kpi.hidden", lang),
            "note": text("kpi.hidden_note", lang).format(hours=hours(f["hidden_h"], lang)),
        },
        {
            "cls": "off",
            "value": percent(f["offhours_share"], lang),
            "name": text("kpi.offhours", lang),
            "note": text("kpi.offhours_note", lang).format(hours=hours(f["offhours_h"], lang)),
        },
        {
            "cls": "wait",
            "value": wait_text(median, lang) if median is not None else "—",
            "name": text("kpi.wait", lang),
            "note": text("kpi.wait_note", lang, count=f["waits"]).format(waits=f["waits"])
            if f["waits"]
            else text("kpi.no_wait", lang),
        },
    ]


def _options(report: Report) -> list[dict[str, Any]]:
    o, lang, cur, voice = report.options, report.lang, report.currency, report.voice
    if o is None:
        return []
    return [
        {
            "title": text("option.fair.title", lang),
            "figures": [
                text("option.fair.figure", lang).format(
                    fee=money(o.fair_fee, cur, lang), change=signed_percent(o.fair_change, lang)
                )
            ],
            "why": text("option.fair.why", lang, voice=voice).format(target=rate(o.target_rate, cur, lang)),
        },
        {
            "title": text("option.scope.title", lang),
            "figures": [
                text("option.scope.figure", lang).format(
                    fee=money(o.current_fee, cur, lang), hours=hours(o.included_h, lang)
                ),
                text("option.scope.detail", lang).format(
                    visible=hours(o.included_visible_h, lang), hidden=hours(o.included_hidden_h, lang)
                ),
            ],
            "why": text("option.scope.why", lang, voice=voice).format(share=percent(o.kept_share, lang)),
        },
        {
            "title": text("option.staged.title", lang, count=len(o.steps)).format(n=len(o.steps)),
            "figures": [
                text("option.staged.figure", lang).format(n=i, fee=money(f, cur, lang))
                for i, f in enumerate(o.steps, start=1)
            ],
            "why": text("option.staged.why", lang).format(step=money(o.step, cur, lang)),
        },
    ]


def _months_table(report: Report) -> list[dict[str, str]]:
    lang = report.lang
    names = _month_labels(report.monthly, lang, short=False)
    out = []
    for label_text, r in zip(names, report.monthly.iter_rows(named=True), strict=True):
        classified = r["visible_h"] + r["hidden_h"]
        out.append(
            {
                "month": label_text,
                "hours": hours(r["effort_h"], lang),
                "visible": hours(r["visible_h"], lang),
                "hidden": hours(r["hidden_h"], lang),
                "share": percent(r["hidden_h"] / classified if classified > 0 else None, lang),
            }
        )
    return out


def _context(report: Report) -> dict[str, Any]:
    """Everything the page and the PDF show, as plain text (escaped by the renderer)."""
    lang = report.lang
    footer = text("footer", lang).format(date=long_date(report.generated, lang))
    descriptions = []
    if report.descriptions is not None:
        descriptions = [
            {"task": d, "activity": vocabulary(a or "other", lang), "hours": hours(h, lang)}
            for d, a, h in report.descriptions.select("description", "activity", "hours").iter_rows()
        ]
    current = report.proposal.current_fee
    return {
        "lang": lang,
        "brand": report.brand,
        "title": text("title", lang),
        "page_title": f"{text('title', lang)} — {report.client}",
        "client": text("client", lang).format(client=report.client),
        "period": period_text(report.period.start, report.period.end, lang),
        "intro": text("intro", lang, voice=report.voice),
        "kpis": _kpis(report),
        "months_title": text("section.months", lang),
        "months_head": [text(k, lang) for k in ("field.month", "field.hours", "field.visible", "field.hidden", "field.hidden_share")],
        "months": _months_table(report),
        "has_waits": any(c.name == "waits" for c in report.charts),
        "no_waits": text("no_waits", lang),
        "proposal_title": text("section.proposal", lang),
        "proposal_intro": text("proposal.intro", lang, voice=report.voice) if report.options else "",
        "current": text("proposal.current", lang).format(fee=money(current, report.currency, lang)) if current else "",
        "options": _options(report),
        "evidence_title": text("proposal.evidence", lang),
        "evidence": list(report.evidence),
        "descriptions_title": text("section.descriptions", lang),
        "descriptions_head": [text(k, lang) for k in ("field.task", "field.activity", "field.hours")],
        "descriptions": descriptions,
        "footer": f"{report.brand} · {footer}" if report.brand else footer,
    }


# -- SVG -------------------------------------------------------------------------------------


def _spec(chart: alt.TopLevelMixin, lang: Lang | None = None) -> dict[str, Any]:
    """The chart's spec as vl-convert draws it (themed and localised, no host named; in
    ``lang``, by default the chart's own)."""
    spec = chart_spec(chart, lang=lang)
    spec.pop("$schema", None)
    return spec


def chart_svg(chart: alt.TopLevelMixin, lang: Lang) -> str:
    """The chart as SVG markup (vl-convert, themed and localised, no host named)."""
    return draw_here(Job(_spec(chart, lang))).svg


def _inline(svg: str, prefix: str) -> str:
    """An SVG ready to sit in a page beside others: its ids made unique, no XML header."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    return re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)


@dataclass(frozen=True)
class _Charts:
    """The report's charts drawn: per name, the page and phone SVG, and the page PNG."""

    svgs: dict[str, tuple[str, str]]
    pngs: dict[str, bytes]


_PNG_SCALE: Final = 2


def _jobs(chart: ReportChart, *, png: bool = True) -> tuple[Job, Job]:
    """What to draw for a chart: the page one (with its PNG), then the phone one."""
    page, phone = chart.specs
    return Job(page, _PNG_SCALE if png else None), Job(phone)


def _draw(report: Report, drawer: Drawer | None = None, *, png: bool = False) -> _Charts:
    """Draw every chart of ``report`` for the page and the phone (and the page one as
    PNG), with ``drawer``'s workers or, without one, in this process."""
    jobs = [job for c in report.charts for job in _jobs(c, png=png)]
    if drawer is None:
        with Drawer(workers=0) as here:
            drawn = here.draw(jobs)
    else:
        drawn = drawer.draw(jobs)
    names = [c.name for c in report.charts]
    pages, phones = drawn[0::2], drawn[1::2]
    return _Charts(
        svgs={n: (a.svg, b.svg) for n, a, b in zip(names, pages, phones, strict=True)},
        pngs={n: a.png for n, a in zip(names, pages, strict=True) if a.png is not None},
    )


def _css() -> str:
    return render(
        "report.css.j2",
        font=Markup(FONT),
        ink=INK,
        muted=MUTED,
        water=WATER,
        waterline=WATERLINE,
        visible=KIND_COLORS["visible"],
        hidden=KIND_COLORS["hidden"],
        wait=KIND_COLORS["wait"],
        evening=CATEGORY_COLORS["evening"],
    )


def report_html(report: Report, svgs: dict[str, tuple[str, str]] | None = None) -> str:
    """The report as one self-contained HTML page: static inline SVG charts, no script.

    Parameters
    ----------
    report
        From `build_report`.
    svgs
        The charts' SVG (page, phone) by name, when already drawn (`write_report`).
    """
    drawn = svgs if svgs is not None else _draw(report).svgs
    charts = [
        {
            "name": c.name,
            "heading": c.heading,
            "page": Markup(_inline(drawn[c.name][0], f"c{i}p")),
            "phone": Markup(_inline(drawn[c.name][1], f"c{i}m")),
        }
        for i, c in enumerate(report.charts, start=1)
    ]
    return render("report.html.j2", css=Markup(_css()), charts=charts, **_context(report))


# -- PDF --------------------------------------------------------------------------------------


def report_pdf(report: Report, folder: Path) -> bytes:
    """The report as an A4 PDF (Typst), from the page SVGs already written in ``folder``.

    Fonts are embedded; nothing is fetched. The texts travel to Typst as JSON data, never
    as markup, so no client text can change the layout.
    """
    template = resources.files("cmtime.outputs").joinpath("templates/report.typ").read_bytes()
    context = _context(report)
    context["charts"] = [{"name": c.name, "file": f"/{c.name}.svg"} for c in report.charts]
    context["colors"] = {
        "ink": INK,
        "muted": MUTED,
        "visible": KIND_COLORS["visible"],
        "hidden": KIND_COLORS["hidden"],
        "wait": KIND_COLORS["wait"],
        "evening": CATEGORY_COLORS["evening"],
        "water": WATER,
    }
    import typst

    # typst's stubs want the source and the root of one type (both bytes or both paths);
    # the source is the packaged template's bytes and the root a folder, which typst
    # accepts only as a str (a bytes root is refused at run time).
    pdf: bytes = typst.compile(  # type: ignore[call-overload]
        template,
        root=str(folder),
        sys_inputs={"data": json.dumps(context, ensure_ascii=False)},
        format="pdf",
    )
    return pdf


# -- writing ------------------------------------------------------------------------------


def _check_out(out: Path) -> None:
    if out.is_symlink():
        return  # replaced by the rename, never followed
    if out.exists() and not out.is_dir():
        msg = f"--out {out} is a file, not a folder: choose a folder for the report"
        raise ShareOutputError(msg)


def _publish(staging: Path, out: Path) -> None:
    """Move the staged files into ``out``: each one renamed over what is there (a symlink
    is replaced, never followed); a missing or symlinked ``out`` is the staging folder
    renamed whole. When another report is written to the same ``out`` at the same time,
    the folder it made first gets the files one by one."""
    if out.is_symlink():
        out.unlink()
    if not out.exists():
        staging.chmod(0o755)
        try:
            staging.rename(out)
            return
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not out.is_dir():
                raise
    for path in sorted(staging.iterdir()):
        target = out / path.name
        if target.is_dir() and not target.is_symlink():
            msg = f"{target} is a folder: remove it or choose another --out"
            raise ShareOutputError(msg)
        path.replace(target)  # replaces a symlink itself, not what it points to
    staging.rmdir()


def write_report(
    report: Report, out_dir: str | Path, *, pdf: bool = True, drawer: Drawer | None = None
) -> list[Path]:
    """Write ``report.html``, ``report.pdf``, each chart as PNG (scale 2) and SVG, and
    ``summary.csv``, all at once.

    Everything is written into a temporary folder beside ``out_dir``, then moved in: a
    failure leaves nothing half-written, a symlink in the way is replaced (never followed),
    and files of other names in ``out_dir`` are left alone. File names are neutral
    (``iceberg.png``, never a client's name).

    Parameters
    ----------
    report
        From `build_report`.
    out_dir
        Folder to write into; created if missing.
    pdf
        Write ``report.pdf`` too.
    drawer
        Draws the charts in vl-convert worker processes, started ahead by the caller
        (``cmtime share`` starts them before it reads the logs); without one, the charts
        are drawn in this process.

    Returns
    -------
    list[Path]
        The files written: the page first, then the PDF, the charts, then the CSV.

    Raises
    ------
    ShareOutputError
        When ``out_dir`` is an existing file.
    """
    out = Path(out_dir)
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        drawn = _draw(report, drawer, png=True)
        names = [_PAGE]
        (staging / _PAGE).write_text(report_html(report, drawn.svgs), encoding="utf-8")
        charts: list[str] = []
        for name, (svg, _) in drawn.svgs.items():
            (staging / f"{name}.svg").write_text(svg, encoding="utf-8")
            (staging / f"{name}.png").write_bytes(drawn.pngs[name])
            charts += [f"{name}.png", f"{name}.svg"]
        if pdf:
            (staging / _PDF).write_bytes(report_pdf(report, staging))
            names.append(_PDF)
        names += charts
        write_summary_csv(report, staging / _CSV)
        names.append(_CSV)
        for path in staging.iterdir():
            path.chmod(0o644)
        _publish(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return [out / n for n in names]
