"""The client-safe renewal report: one HTML file, the charts as PNG and SVG, a CSV.

A report is for one client, and it is private by construction: the entries are narrowed
to that client *first*, the columns that could name anyone or anything else (entry ids,
file origins, people, projects, tasks, tags and, unless asked for, descriptions) are
blanked, the configuration keeps only that client's contract (no other client, alias,
rule or person), and every chart and figure is computed from those rows only. Nothing
else reaches the charts, the embedded data, the file names or the CSV.

``cmtime share PATH... --client NAME --out DIR`` runs `build_report`, then `write_report`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import altair as alt
import polars as pl
import vl_convert as vlc

from cmtime.analysis.metrics import Period, in_period
from cmtime.analysis.metrics import hours as to_hours
from cmtime.analysis.offhours import offhours_long
from cmtime.analysis.pipeline import workload
from cmtime.analysis.pricing import monthly_pricing, period_pricing
from cmtime.analysis.scope import Scope
from cmtime.analysis.waits import waits_in_period
from cmtime.charts.monthly import monthly_effort_chart
from cmtime.charts.offhours import offhours_by_client_chart
from cmtime.charts.theme import FONT, INK, KIND_COLORS, MUTED, WATER, WATERLINE
from cmtime.charts.waits import wait_timeline_chart
from cmtime.charts.workload import activity_chart, iceberg_chart
from cmtime.config import Config
from cmtime.outputs.export import chart_spec, javascript_bundle, save_chart
from cmtime.schema import WAIT_SCHEMA
from cmtime.text.labels import (
    Lang,
    hours,
    label,
    money,
    number,
    percent,
    time_format_locale,
)
from cmtime.text.proposal import RenewalProposal, proposal_from_row

__all__ = [
    "CSV_COLUMNS",
    "Report",
    "ReportChart",
    "build_report",
    "csv_safe",
    "report_html",
    "write_report",
    "write_summary_csv",
]

#: Columns of ``summary.csv``, in order (``top_description`` only with descriptions).
CSV_COLUMNS: Final = (
    "client",
    "month",
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


@dataclass(frozen=True)
class ReportChart:
    """One chart of the report: a neutral file stem, its section heading, the chart."""

    name: str
    heading: str
    chart: alt.TopLevelMixin


@dataclass(frozen=True)
class Report:
    """Everything a client report shows, for one client, computed from its rows only."""

    client: str
    brand: str
    period: Period
    lang: Lang
    currency: str
    #: headline figures: effort_h, visible_h, hidden_h, hidden_share, offhours_h,
    #: offhours_share, waits, wait_median_h
    figures: dict[str, Any]
    charts: tuple[ReportChart, ...]
    proposal: RenewalProposal
    #: the rows of ``summary.csv`` (columns of `CSV_COLUMNS`, numbers unrounded)
    monthly: pl.DataFrame
    #: top descriptions by hours (``description``, ``activity``, ``hours``), or None
    descriptions: pl.DataFrame | None
    generated: dt.date
    #: for the freelancer, not the client: what to check (never written into the report)
    notes: tuple[str, ...] = ()


# -- building ---------------------------------------------------------------------------------


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
    return mine.with_columns(blank).collect()


def _client_ledger(
    ledger: pl.DataFrame | None, name: str, *, with_descriptions: bool
) -> pl.DataFrame:
    if ledger is None:
        return pl.DataFrame(schema=WAIT_SCHEMA)
    mine = ledger.filter(pl.col("client") == name).with_columns(
        wait_id=pl.lit("", pl.String), origin=pl.lit("", pl.String)
    )
    if not with_descriptions:
        mine = mine.with_columns(item=pl.lit("", pl.String))
    return mine


def _monthly_rows(
    rows: pl.LazyFrame,
    intervals: pl.DataFrame,
    *,
    config: Config,
    period: Period,
    with_descriptions: bool,
) -> pl.DataFrame:
    """The rows of ``summary.csv``: `monthly_pricing` and the waits asked in each month."""
    priced = monthly_pricing(rows, config=config, period=period).collect()
    waits = intervals.group_by(month=pl.col("date").dt.month_start()).agg(
        wait_h=pl.col("calendar_h").sum(), waits=pl.len().cast(pl.Int64)
    )
    out = (
        priced.join(waits, on="month", how="full", coalesce=True)
        .with_columns(
            pl.col("client").fill_null(priced.get_column("client").drop_nulls().first()),
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


def _top_descriptions(rows: pl.LazyFrame, n: int = 12) -> pl.DataFrame:
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


def build_report(
    scope: Scope,
    *,
    with_descriptions: bool = False,
    today: dt.date | None = None,
) -> Report:
    """Build the renewal report of the scope's client from its own rows only.

    Parameters
    ----------
    scope
        The data, config, client (required) and period (`cmtime.analysis.scope.Scope`);
        its language is the report's.
    with_descriptions
        Show this client's own task descriptions (a "main tasks" table, the wait items,
        a ``top_description`` column in the CSV). Off by default.
    today
        The generation date printed in the footer; by default the scope's today.

    Returns
    -------
    Report
        Figures, charts, proposal and the monthly table, all of this client only.

    Raises
    ------
    ValueError
        When the scope has no client, or the client has neither rows nor a contract.
    """
    if scope.client is None:
        msg = "a share report is for one client: scope it with client=..."
        raise ValueError(msg)
    name, period, language = scope.client, scope.period, scope.lang
    # Privacy by construction: this client's rows and contract, and nothing else, from here on.
    entries = _client_rows(scope.entries, name, with_descriptions=with_descriptions)
    book = _client_ledger(scope.ledger, name, with_descriptions=with_descriptions)
    narrow = _narrow_config(scope.config, name, language)
    today = today or scope.today
    del scope
    rows = in_period(entries.lazy(), period)
    intervals = (
        waits_in_period(rows, book, config=narrow, period=period)
        .select(
            "client",
            "item",
            "wait_kind",
            "date",
            "asked",
            "end_used",
            "open",
            "calendar_h",
            "business_days",
        )
        .collect()
    )
    load = workload(rows, period=period)
    off_long = offhours_long(rows, ["client"]).collect()
    priced = (
        period_pricing(rows, config=narrow, period=period)
        .filter(pl.col("client") == name)
        .collect()
    )
    row: dict[str, Any] = priced.row(0, named=True) if priced.height else {}
    wait_median = intervals.get_column("calendar_h").median() if intervals.height else None
    wait_h = float(intervals.get_column("calendar_h").sum()) if intervals.height else 0.0
    if row:
        # The freelancer's own costs and team are not the client's business.
        row.update(cost=None, margin=None, cost_h=None, unknown_people=None)
        row.update(waits=intervals.height, wait_h=wait_h, wait_median_h=wait_median)
        proposal = proposal_from_row(row, config=narrow, period=period, lang=language)
    else:
        msg = f"no rows and no contract for client {name!r} from {period.start} to {period.end}"
        raise ValueError(msg)

    by_client = load.by_client
    visible = float(by_client.get_column("visible_h").sum())
    hidden = float(by_client.get_column("hidden_h").sum())
    effort = float(by_client.get_column("effort_h").sum())
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

    charts = [
        ReportChart(
            "iceberg",
            label("report.section.iceberg", language),
            iceberg_chart(by_client, lang=language),
        ),
        ReportChart(
            "activity",
            label("report.section.activity", language),
            activity_chart(load.by_activity, lang=language),
        ),
        ReportChart(
            "monthly",
            label("report.section.monthly", language),
            monthly_effort_chart(load.monthly.drop("client"), lang=language),
        ),
    ]
    if intervals.height:
        timeline = (
            intervals if with_descriptions else intervals.with_columns(item=pl.lit("—", pl.String))
        )
        charts.append(
            ReportChart(
                "waits",
                label("report.section.waits", language),
                wait_timeline_chart(timeline, lang=language, timezone=narrow.timezone),
            )
        )
    charts.append(
        ReportChart(
            "offhours",
            label("report.section.offhours", language),
            offhours_by_client_chart(off_long, lang=language),
        )
    )
    monthly = _monthly_rows(
        rows, intervals, config=narrow, period=period, with_descriptions=with_descriptions
    )
    return Report(
        client=name,
        brand=narrow.brand,
        period=period,
        lang=language,
        currency=narrow.currency,
        figures=figures,
        charts=tuple(charts),
        proposal=proposal,
        monthly=monthly,
        descriptions=_top_descriptions(rows) if with_descriptions else None,
        generated=today,
        notes=proposal.notes,
    )


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
    spreadsheet would run as a formula are neutralised (`csv_safe`).
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


# -- the HTML page ---------------------------------------------------------------------------


def _long_date(day: dt.date, lang: Lang) -> str:
    month = time_format_locale(lang)["months"][day.month - 1]
    if lang == "fr":
        first = "1er" if day.day == 1 else str(day.day)
        return f"{first} {str(month).lower()} {day.year}"
    return f"{month} {day.day}, {day.year}"


def _period_text(period: Period, lang: Lang) -> str:
    return label("report.period", lang).format(
        start=_long_date(period.start, lang), end=_long_date(period.end, lang)
    )


def _wait_text(value_h: float, lang: Lang) -> str:
    if value_h < 24:
        return hours(value_h, lang)
    n = value_h / 24
    return label("wait.days_long", lang, count=round(n, 1)).format(n=number(n, lang, 1))


def _script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _embed_spec(chart: alt.TopLevelMixin, lang: Lang) -> dict[str, Any]:
    """The chart's spec, themed and localised, fit to the page width, without ``$schema``
    (a URL: the page names no host at all)."""
    spec = chart_spec(chart, lang=lang)
    spec.pop("$schema", None)
    if not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        spec["width"] = "container"
        spec["autosize"] = {"type": "fit-x", "contains": "padding", "resize": True}
    return spec


_CSS: Final = f"""
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; background: #F4F7FA; color: {INK}; font-family: {FONT}; line-height: 1.5; }}
main {{ max-width: 980px; margin: 0 auto; padding: 0 1rem 2rem; }}
.hero {{ background: {KIND_COLORS["hidden"]}; color: #fff; padding: 2rem 1.5rem 2.25rem;
  border-radius: 0 0 14px 14px; position: relative; overflow: hidden; }}
.hero::after {{ content: ""; position: absolute; left: 0; right: 0; bottom: 0; height: 6px;
  background: linear-gradient(90deg, {KIND_COLORS["visible"]}, {WATERLINE}); }}
.brand {{ font-size: 0.95rem; letter-spacing: 0.06em; text-transform: uppercase; opacity: 0.85; }}
.hero h1 {{ font-size: clamp(1.6rem, 1.1rem + 2.4vw, 2.5rem); line-height: 1.15; margin: 0.6rem 0 0.3rem; }}
.hero .client {{ font-size: clamp(1.15rem, 1rem + 1vw, 1.5rem); font-weight: 600; margin: 0; color: #BFEFFA; }}
.hero .period {{ margin: 0.2rem 0 0; opacity: 0.9; }}
.intro {{ color: {MUTED}; max-width: 65ch; margin: 1.5rem 0 1rem; }}
.kpis {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 0.75rem; margin: 1rem 0 1.5rem; }}
.kpi {{ background: #fff; border-radius: 12px; padding: 1rem 1.1rem; box-shadow: 0 1px 3px rgba(30,42,56,0.08);
  border-top: 4px solid {KIND_COLORS["visible"]}; }}
.kpi.hidden {{ border-top-color: {KIND_COLORS["hidden"]}; }}
.kpi.off {{ border-top-color: #E8743B; }}
.kpi.wait {{ border-top-color: {KIND_COLORS["wait"]}; }}
.kpi .value {{ display: block; font-size: clamp(1.7rem, 1.3rem + 1.6vw, 2.3rem); font-weight: 700; line-height: 1.1; }}
.kpi .name {{ display: block; font-weight: 600; margin-top: 0.25rem; }}
.kpi .note {{ display: block; color: {MUTED}; font-size: 0.9rem; }}
.card {{ background: #fff; border-radius: 12px; padding: 1rem 1.1rem 1.25rem; margin: 0 0 1.25rem;
  box-shadow: 0 1px 3px rgba(30,42,56,0.08); }}
.card h2 {{ font-size: clamp(1.1rem, 0.95rem + 1vw, 1.4rem); margin: 0.2rem 0 0.75rem; }}
.vega-chart {{ width: 100%; min-height: 2rem; }}
.vega-chart.vega-embed {{ width: 100%; display: flex; }}
.vega-chart svg, .vega-chart canvas {{ max-width: 100%; height: auto; }}
.empty {{ color: {MUTED}; font-style: italic; }}
.proposal {{ border: 2px solid {KIND_COLORS["hidden"]}; background: {WATER}; }}
.fees {{ display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem 1.5rem; margin: 0.5rem 0 1rem; }}
.fee {{ background: #fff; border-radius: 10px; padding: 0.75rem 1rem; min-width: 180px; }}
.fee .amount {{ display: block; font-size: clamp(1.5rem, 1.2rem + 1.4vw, 2.1rem); font-weight: 700; }}
.fee .what {{ color: {MUTED}; font-size: 0.9rem; }}
.fee.new {{ background: {KIND_COLORS["hidden"]}; color: #fff; }}
.fee.new .what {{ color: #BFEFFA; }}
.arrow {{ font-size: 1.8rem; color: {WATERLINE}; }}
.change {{ display: inline-block; background: {KIND_COLORS["wait"]}; color: {INK}; font-weight: 700;
  border-radius: 999px; padding: 0.2rem 0.8rem; }}
.proposal ul {{ margin: 0.5rem 0 0; padding-left: 1.2rem; }}
.proposal li {{ margin: 0.35rem 0; }}
table.tasks {{ width: 100%; border-collapse: collapse; font-size: 0.95rem; }}
table.tasks th, table.tasks td {{ text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #E3E7EC; }}
table.tasks td.num, table.tasks th.num {{ text-align: right; white-space: nowrap; }}
footer {{ color: {MUTED}; font-size: 0.85rem; text-align: center; padding: 1rem 1rem 2rem; }}
noscript p {{ padding: 1rem; border: 1px solid #ccd; border-radius: 6px; background: #fff; }}
@media (max-width: 600px) {{
  main {{ padding: 0 0.5rem 1.5rem; }}
  .hero {{ padding: 1.25rem 1rem 1.5rem; border-radius: 0; }}
  .card {{ padding: 0.75rem 0.6rem 1rem; }}
  .kpis {{ grid-template-columns: 1fr 1fr; }}
  .arrow {{ display: none; }}
}}
@media print {{
  @page {{ margin: 12mm; }}
  body {{ background: #fff; font-size: 10.5pt; }}
  main {{ max-width: none; padding: 0; }}
  .hero, .fee.new, .change, .kpi, .proposal {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  .hero {{ border-radius: 0; }}
  .card, .kpi {{ box-shadow: none; border: 1px solid #D5DCE4; }}
  .card {{ break-inside: avoid; page-break-inside: avoid; }}
  .kpis {{ grid-template-columns: repeat(4, 1fr); }}
  .proposal {{ break-before: page; page-break-before: always; }}
  h2 {{ break-after: avoid; page-break-after: avoid; }}
}}
""".strip()


def _kpis(report: Report) -> str:
    f, lang, esc = report.figures, report.lang, html.escape
    median = f["wait_median_h"]
    cards = [
        (
            "",
            hours(f["effort_h"], lang),
            label("report.kpi.effort", lang),
            label("report.kpi.effort_note", lang).format(visible=hours(f["visible_h"], lang)),
        ),
        (
            "hidden",
            percent(f["hidden_share"], lang),
            label("report.kpi.hidden", lang),
            label("report.kpi.hidden_note", lang).format(hours=hours(f["hidden_h"], lang)),
        ),
        (
            "off",
            percent(f["offhours_share"], lang),
            label("report.kpi.offhours", lang),
            label("report.kpi.offhours_note", lang).format(hours=hours(f["offhours_h"], lang)),
        ),
        (
            "wait",
            _wait_text(median, lang) if median is not None else "—",
            label("report.kpi.wait", lang),
            label("report.kpi.wait_note", lang, count=f["waits"]).format(waits=f["waits"])
            if f["waits"]
            else label("report.kpi.no_wait", lang),
        ),
    ]
    return "".join(
        f'<div class="kpi {cls}"><span class="value">{esc(v)}</span>'
        f'<span class="name">{esc(n)}</span><span class="note">{esc(note)}</span></div>'
        for cls, v, n, note in cards
    )


def _proposal(report: Report) -> str:
    p, lang, esc = report.proposal, report.lang, html.escape
    from cmtime.text.proposal import signed_percent

    current = money(p.current_fee, p.currency, lang)
    suggested = money(p.suggested_fee, p.currency, lang)
    change = (
        f'<span class="change">{esc(signed_percent(p.change_pct, lang))}</span>'
        if p.change_pct is not None
        else ""
    )
    items = "".join(f"<li>{esc(s)}</li>" for s in p.evidence)
    evidence = f"<h3>{esc(label('proposal.evidence', lang))}</h3><ul>{items}</ul>" if items else ""
    return (
        f'<section class="card proposal"><h2>{esc(label("report.section.proposal", lang))}</h2>'
        '<div class="fees">'
        f'<div class="fee"><span class="what">{esc(label("proposal.current", lang))}</span>'
        f'<span class="amount">{esc(current)}</span></div>'
        '<span class="arrow" aria-hidden="true">→</span>'
        f'<div class="fee new"><span class="what">{esc(label("proposal.suggested", lang))}</span>'
        f'<span class="amount">{esc(suggested)}</span></div>'
        f"{change}</div>{evidence}</section>"
    )


def _descriptions(report: Report) -> str:
    df, lang, esc = report.descriptions, report.lang, html.escape
    if df is None or df.height == 0:
        return ""
    rows = "".join(
        f"<tr><td>{esc(d)}</td><td>{esc(label(a or 'other', lang))}</td>"
        f'<td class="num">{esc(hours(h, lang))}</td></tr>'
        for d, a, h in df.select("description", "activity", "hours").iter_rows()
    )
    return (
        f'<section class="card"><h2>{esc(label("report.section.descriptions", lang))}</h2>'
        f'<table class="tasks"><thead><tr><th>{esc(label("report.field.description", lang))}</th>'
        f"<th>{esc(label('field.activity', lang))}</th>"
        f'<th class="num">{esc(label("field.hours", lang))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def report_html(report: Report) -> str:
    """The report as one self-contained HTML page (Vega inlined once, no host named).

    Parameters
    ----------
    report
        From `build_report`.
    """
    lang, esc = report.lang, html.escape
    sections: list[str] = []
    payload: list[list[Any]] = []
    for i, item in enumerate(report.charts, start=1):
        sections.append(
            f'<section class="card"><h2>{esc(item.heading)}</h2>'
            f'<div class="vega-chart" id="chart-{i}" role="figure" aria-label="{esc(item.heading, quote=True)}">'
            "</div></section>"
        )
        payload.append([f"#chart-{i}", _embed_spec(item.chart, lang)])
        if item.name == "monthly" and not any(c.name == "waits" for c in report.charts):
            sections.append(
                f'<section class="card"><h2>{esc(label("report.section.waits", lang))}</h2>'
                f'<p class="empty">{esc(label("report.no_waits", lang))}</p></section>'
            )
    title = f"{label('report.title', lang)} — {report.client}"
    brand = f'<div class="brand">{esc(report.brand)}</div>' if report.brand else ""
    footer = label("report.footer", lang).format(date=_long_date(report.generated, lang))
    footer = f"{esc(report.brand)} · {esc(footer)}" if report.brand else esc(footer)
    options = {"renderer": "svg", "actions": False}
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cmtime">
<title>{esc(title)}</title>
<style>
{_CSS}
</style>
<script>{javascript_bundle()}</script>
</head>
<body>
<main>
<header class="hero">
{brand}<h1>{esc(label("report.title", lang))}</h1>
<p class="client">{esc(label("report.client", lang).format(client=report.client))}</p>
<p class="period">{esc(_period_text(report.period, lang))}</p>
</header>
<p class="intro">{esc(label("report.intro", lang))}</p>
<section class="kpis">{_kpis(report)}</section>
<noscript><p>{esc(label("page.noscript", lang))}</p></noscript>
{chr(10).join(sections)}
{_proposal(report)}
{_descriptions(report)}
</main>
<footer>{footer}</footer>
<script>
(function () {{
  const options = {_script_json(options)};
  const charts = {_script_json(payload)};
  for (const [target, spec] of charts) {{
    vegaEmbed(target, spec, options).catch(function (error) {{
      document.querySelector(target).textContent = String(error);
      console.error(error);
    }});
  }}
}})();
</script>
</body>
</html>
"""


def write_report(report: Report, out_dir: str | Path) -> list[Path]:
    """Write ``report.html``, each chart as PNG (scale 2) and SVG, and ``summary.csv``.

    File names are neutral (``iceberg.png``, never a client's name). Files of the same
    name in ``out_dir`` are replaced; nothing else there is touched.

    Parameters
    ----------
    report
        From `build_report`.
    out_dir
        Folder to write into; created if missing.

    Returns
    -------
    list[Path]
        The files written: the page first, then the charts, then the CSV.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page = out / "report.html"
    page.write_text(report_html(report), encoding="utf-8")
    written = [page]

    def draw(item: Any) -> list[Path]:
        # The SVG through `save_chart`; the PNG rasterised from it (same pixels as
        # vl-convert's own PNG, without drawing the chart a second time: ~2x faster).
        (svg,) = save_chart(item.chart, out, item.name, formats=("svg",), lang=report.lang)
        png = out / f"{item.name}.png"
        png.write_bytes(vlc.svg_to_png(svg.read_text(encoding="utf-8"), scale=2))
        return [png, svg]

    # vl-convert draws outside the GIL: one chart per core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for files in pool.map(draw, report.charts):
            written += files
    written.append(write_summary_csv(report, out / "summary.csv"))
    return written
