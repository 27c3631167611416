"""Effort month by month, stacked by kind: the trend a client reads at renewal.

Like the other chart modules, it takes a small aggregated frame (`cmtime.analysis.metrics.monthly_effort`
for one client, or summed over clients) and returns an altair chart; nothing is saved here.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from cmtime.charts._common import hours_texts as _hours_text
from cmtime.charts._common import kind_color as _kind_color
from cmtime.charts._common import kind_columns as _kind_columns
from cmtime.charts._common import require as _require
from cmtime.charts._common import require_effort_kinds as _require_effort_kinds
from cmtime.charts._common import require_unique as _require_unique
from cmtime.charts._common import usermeta as _usermeta
from cmtime.charts.theme import INK, MUTED
from cmtime.text.labels import Lang, check_lang, hours, label, month_text

__all__ = ["monthly_effort_chart"]


def monthly_effort_chart(df: pl.DataFrame, *, lang: Lang) -> alt.LayerChart:
    """Hours worked per month, stacked by kind (visible at the bottom), total on top.

    Parameters
    ----------
    df
        One row per (``month``, ``kind``): ``month`` the first day of the month (Date),
        ``kind`` one of visible, hidden, unclassified, and ``hours``. A ``client``
        column, if any, is ignored: sum over clients before calling.
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.LayerChart
        Stacked bars and the month's total above each bar.

    Raises
    ------
    ValueError
        On a missing column, an unknown or ``wait`` kind, or several rows for one
        (month, kind).

    Examples
    --------
    >>> df = pl.DataFrame({
    ...     "month": [dt.date(2026, 3, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)],
    ...     "kind": ["visible", "hidden", "visible"],
    ...     "hours": [12.0, 20.5, 10.0],
    ... })
    >>> spec = monthly_effort_chart(df, lang="en").to_dict()
    >>> spec["title"]["text"], [layer["mark"]["type"] for layer in spec["layer"]]
    ('Hours per month', ['bar', 'text'])
    """
    lang = check_lang(lang)
    chart_name = "monthly_effort_chart"
    _require(df, {"month": "date", "kind": "string", "hours": "number"}, chart=chart_name)
    frame = df.select(
        pl.col("month"), pl.col("kind").cast(pl.String), pl.col("hours").cast(pl.Float64)
    )
    _require_effort_kinds(frame, chart=chart_name)
    _require_unique(frame, ["month", "kind"], chart=chart_name)
    frame = frame.filter(pl.col("hours").fill_null(0.0) != 0).sort("month")
    months: list[dt.date] = frame.get_column("month").unique().sort().to_list()
    with_year = len({m.year for m in months}) > 1
    names = {m: month_text(m, lang, with_year=with_year) for m in months}
    order = [names[m] for m in months]
    data = frame.with_columns(
        pl.col("month").replace_strict(names, return_dtype=pl.String).alias("month_text"),
        *_kind_columns("kind", lang),
    ).drop("month")
    data = data.with_columns(hours_text=_hours_text(data.get_column("hours"), lang))
    totals = data.group_by("month_text").agg(pl.col("hours").sum().alias("total"))
    totals = totals.with_columns(total_text=_hours_text(totals.get_column("total"), lang))

    total = float(totals.get_column("total").sum()) if totals.height else 0.0
    if months:
        subtitle = label("monthly.subtitle", lang, count=len(months)).format(
            total=hours(total, lang), months=len(months), mean=hours(total / len(months), lang)
        )
    else:
        subtitle = label("monthly.subtitle_empty", lang)
    x = alt.X(
        "month_text:O",
        sort=order,
        title=None,
        axis=alt.Axis(labelAngle=0, labelColor=INK, labelOverlap="greedy"),
        scale=alt.Scale(paddingInner=0.25),
    )
    hours_title = label("axis.hours", lang)
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadiusTopLeft=2, cornerRadiusTopRight=2)
        .encode(
            x=x,
            y=alt.Y("hours:Q", stack="zero", title=hours_title),
            color=_kind_color(data.get_column("kind").unique().to_list(), lang),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("month_text:N", title=label("field.month", lang)),
                alt.Tooltip("kind_label:N", title=label("field.kind", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
            ],
        )
    )
    tops = (
        alt.Chart(totals)
        .mark_text(baseline="bottom", dy=-4, color=MUTED, fontSize=11)
        .encode(
            x=x,
            y=alt.Y("total:Q", title=hours_title),
            text=alt.Text("total_text:N"),
        )
    )
    title = label("monthly.title", lang)
    return alt.LayerChart(
        layer=[bars, tops],
        title=alt.Title(title, subtitle=subtitle),
        description=f"{title}. {subtitle}",
        width=max(520, 44 * len(months)),
        height=300,
        usermeta=_usermeta(lang, "monthly_effort"),
    )
