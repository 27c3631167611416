"""Effort month by month, stacked by kind: the trend a client reads at renewal.

Like the other chart modules, it takes a small aggregated frame (`cmtime.analysis.metrics.monthly_effort`
for one client, or summed over clients) and is written in two parts (see
`cmtime.charts._common`): `monthly_effort_frame` builds the data drawn, `monthly_effort_chart`
draws it; nothing is saved here.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import altair as alt
import polars as pl

from cmtime.charts._common import (
    finish,
    hours_texts,
    kind_color,
    kind_columns,
    require,
    require_effort_kinds,
    require_unique,
)
from cmtime.charts.theme import INK, MUTED
from cmtime.text.labels import Lang, check_lang, hours, label, month_text

__all__ = ["monthly_effort_chart", "monthly_effort_frame"]


def monthly_effort_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The monthly bars: one row per month and kind with non-zero hours, by month, then
    in the stacking order ``rank`` (whatever the order of ``df``: the same figures give
    the same chart spec, byte for byte).

    Columns: ``month`` (Date), ``kind``, ``hours``, ``month_text`` (with the year when the
    months span several), ``kind_label``, ``rank``, ``hours_text``, and per month
    ``total`` and ``total_text`` (the label above the bar).
    """
    lang = check_lang(lang)
    chart_name = "monthly_effort_chart"
    require(df, {"month": "date", "kind": "string", "hours": "number"}, chart=chart_name)
    frame = df.select(
        pl.col("month"), pl.col("kind").cast(pl.String), pl.col("hours").cast(pl.Float64)
    )
    require_effort_kinds(frame, chart=chart_name)
    require_unique(frame, ["month", "kind"], chart=chart_name)
    frame = frame.filter(pl.col("hours").fill_null(0.0) != 0).sort("month", maintain_order=True)
    months: list[dt.date] = frame.get_column("month").unique().sort().to_list()
    with_year = len({m.year for m in months}) > 1
    names = {m: month_text(m, lang, with_year=with_year) for m in months}
    data = frame.with_columns(
        pl.col("month").replace_strict(names, return_dtype=pl.String).alias("month_text"),
        *kind_columns("kind", lang),
        pl.col("hours").sum().over("month").alias("total"),
    )
    data = data.sort("month", "rank")
    return data.with_columns(
        hours_text=hours_texts(data.get_column("hours"), lang),
        total_text=hours_texts(data.get_column("total"), lang),
    ).select(
        "month",
        "kind",
        "hours",
        "month_text",
        "kind_label",
        "rank",
        "hours_text",
        "total",
        "total_text",
    )


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
    frame = monthly_effort_frame(df, lang=lang)
    totals = frame.unique("month", keep="first", maintain_order=True)
    order = totals.get_column("month_text").to_list()
    total = float(totals.get_column("total").sum())
    if order:
        subtitle = label("monthly.subtitle", lang, count=len(order)).format(
            total=hours(total, lang), months=len(order), mean=hours(total / len(order), lang)
        )
    else:
        subtitle = label("monthly.subtitle_empty", lang)
    # A month's short name ("févr.", "Sept") fits its 44 px band, but vega's greedy test
    # counted two such labels as touching and hid février and août; only the longer
    # labels with a year ("janv. 2027") can collide.
    overlap: Literal["greedy"] | bool = False if all(len(t) <= 6 for t in order) else "greedy"
    x = alt.X(
        "month_text:O",
        sort=order,
        title=None,
        axis=alt.Axis(labelAngle=0, labelColor=INK, labelOverlap=overlap),
        scale=alt.Scale(paddingInner=0.25),
    )
    hours_title = label("axis.hours", lang)
    bars = (
        alt.Chart(frame.select("kind", "hours", "month_text", "kind_label", "rank", "hours_text"))
        .mark_bar(cornerRadiusTopLeft=2, cornerRadiusTopRight=2)
        .encode(
            x=x,
            y=alt.Y("hours:Q", stack="zero", title=hours_title),
            color=kind_color(frame.get_column("kind").unique().to_list(), lang),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("month_text:N", title=label("field.month", lang)),
                alt.Tooltip("kind_label:N", title=label("field.kind", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
            ],
        )
    )
    # One label per month, above its bar, in month order.
    tops = (
        alt.Chart(totals.select("month_text", "total", "total_text"))
        .mark_text(baseline="bottom", dy=-4, color=MUTED, fontSize=11)
        .encode(
            x=x,
            y=alt.Y("total:Q", title=hours_title),
            text=alt.Text("total_text:N"),
        )
    )
    return finish(
        alt.LayerChart(layer=[bars, tops]),
        title=label("monthly.title", lang),
        subtitle=subtitle,
        width=max(520, 44 * len(order)),
        height=300,
        lang=lang,
        name="monthly_effort",
    )
