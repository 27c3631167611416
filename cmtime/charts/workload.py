"""Workload charts: the iceberg of visible and hidden work, hours per week, hours per activity.

Each chart takes a small aggregated frame from `cmtime.analysis.metrics` and is written in two
parts (see `cmtime.charts._common`): ``*_frame`` checks the frame and builds the data drawn,
with every word taken from `cmtime.text.labels`; ``*_chart`` draws it. Nothing is saved or
displayed here (see `cmtime.outputs.export`), and the theme is not enabled here (see
`cmtime.charts.theme.use_theme`): the charts only name colours from `KIND_COLORS`.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from cmtime.charts._common import (
    abs_axis,
    finish,
    hours_texts,
    kind_color,
    kind_columns,
    number_or,
    require,
    require_effort_kinds,
    require_unique,
    wrap,
)
from cmtime.charts.theme import INK, KIND_COLORS, MUTED, WATER, WATERLINE
from cmtime.text.labels import Lang, check_lang, date_text, hours, label, percent

__all__ = [
    "activity_chart",
    "activity_frame",
    "iceberg_chart",
    "iceberg_frame",
    "weekly_effort_chart",
    "weekly_effort_frame",
]

#: The columns of the iceberg's bars, in the order they are drawn.
_ICEBERG_BARS = (
    "client",
    "client_axis",
    "share_value",
    "kind",
    "hours",
    "signed_h",
    "kind_label",
    "rank",
    "hours_text",
)


# -- iceberg --------------------------------------------------------------------------------


def iceberg_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The iceberg's data: one row per client and kind (visible, hidden, unclassified),
    clients by effort, largest first, then by name; zero hours kept (a client with no
    hours keeps its place on the axis, and only non-zero rows are drawn as bars).

    Columns: ``client`` (null written as "no client"), ``client_axis`` (the name wrapped
    on lines), ``kind``, ``hours``, ``signed_h`` (hidden and unclassified below 0),
    ``kind_label``, ``rank`` (stacking order), ``hours_text``, and per client
    ``share_value`` (hidden share, ``—`` when unknown), ``share_text`` (the sentence
    under the bar) and ``bottom`` (the depth of the bar, negative).
    """
    lang = check_lang(lang)
    chart_name = "iceberg_chart"
    require(
        df,
        {
            "client": "string",
            "visible_h": "number",
            "hidden_h": "number",
            "unclassified_h": "number",
            "effort_h": "number",
            "hidden_share": "number",
        },
        chart=chart_name,
    )
    amounts = ("visible_h", "hidden_h", "unclassified_h", "effort_h")
    clients = df.select(
        pl.col("client").cast(pl.String).fill_null(label("no_client", lang)),
        *(pl.col(c).cast(pl.Float64).fill_null(0.0) for c in amounts),
        pl.col("hidden_share").cast(pl.Float64),
    ).sort(["effort_h", "client"], descending=[True, False])
    require_unique(clients, ["client"], chart=chart_name)
    shares = clients.get_column("hidden_share")
    clients = clients.with_columns(
        pl.Series([wrap(c) for c in clients.get_column("client")], dtype=pl.String).alias(
            "client_axis"
        ),
        (-(pl.col("hidden_h") + pl.col("unclassified_h"))).alias("bottom"),
        share_text=pl.Series(
            [
                label("iceberg.share", lang).format(share=percent(s, lang)) if s is not None else ""
                for s in shares
            ],
            dtype=pl.String,
        ),
        share_value=pl.Series([percent(s, lang) for s in shares], dtype=pl.String),
        order=pl.int_range(pl.len()),
    )
    rows = (
        clients.unpivot(
            index=["client", "client_axis", "share_value", "share_text", "bottom", "order"],
            on=["visible_h", "hidden_h", "unclassified_h"],
            variable_name="kind",
            value_name="hours",
        )
        .with_columns(pl.col("kind").str.strip_suffix("_h"))
        .with_columns(
            pl.when(pl.col("kind") == "visible")
            .then(pl.col("hours"))
            .otherwise(-pl.col("hours"))
            .alias("signed_h"),
            *kind_columns("kind", lang),
        )
        .sort("order", "rank")
    )
    return rows.with_columns(hours_text=hours_texts(rows.get_column("hours"), lang)).select(
        *_ICEBERG_BARS, "share_text", "bottom"
    )


def _iceberg_subtitle(frame: pl.DataFrame, lang: Lang) -> str:
    """The subtitle: the hidden share of the classified hours drawn, and those hours."""
    kind = pl.col("kind")
    sums = frame.select(
        pl.col("hours").filter(kind == "visible").sum().alias("visible"),
        pl.col("hours").filter(kind == "hidden").sum().alias("hidden"),
    ).row(0, named=True)
    visible, hidden = float(sums["visible"]), float(sums["hidden"])
    classified = visible + hidden
    if classified <= 0:
        return label("iceberg.subtitle_empty", lang)
    return label("iceberg.subtitle", lang).format(
        share=percent(hidden / classified, lang),
        hidden=hours(hidden, lang),
        classified=hours(classified, lang),
    )


def iceberg_chart(df: pl.DataFrame, *, lang: Lang) -> alt.LayerChart:
    """Per client, visible hours above a waterline and hidden hours below it.

    Visible work is drawn upwards from 0, hidden work downwards, and unclassified work
    (lighter) below the hidden part; the y axis shows hours without sign on both sides.
    Clients are sorted by effort, largest first, and each carries its hidden share.

    Parameters
    ----------
    df
        ``effort_by_client``: one row per client with columns ``client`` (null: no
        client), ``visible_h``, ``hidden_h``, ``unclassified_h``, ``effort_h`` and
        ``hidden_share`` (0..1, null when nothing is classified).
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.LayerChart
        Water background, bars, waterline, its label and the per-client shares.

    Raises
    ------
    ValueError
        On a missing column, a bad language or several rows for one client.
    """
    lang = check_lang(lang)
    frame = iceberg_frame(df, lang=lang)
    bars = frame.filter(pl.col("hours") != 0).sort("client", "rank").select(_ICEBERG_BARS)
    shares = frame.unique("client", keep="first", maintain_order=True).select(
        "client_axis", "bottom", "share_text", "share_value"
    )

    # Room for the share labels under the deepest bar and above the highest one.
    visible = frame.filter(pl.col("kind") == "visible").get_column("hours")
    top = max(number_or(visible.max(), 0.0), 1.0)
    deep = max(-number_or(shares.get_column("bottom").min(), 0.0), 1.0)
    y_scale = alt.Scale(domain=[-deep * 1.15, top * 1.08], nice=True, zero=True)
    hours_title = label("axis.hours", lang)
    order = shares.get_column("client_axis").to_list()
    narrow = f"(width / {max(len(order), 1)} < 100)"  # px per client, once in an HTML page
    x = alt.X(
        "client_axis:N",
        sort=order,
        title=label("axis.client", lang),
        axis=alt.Axis(
            # Wide: one line per wrapped part; narrow (a phone): upright, on one line, each
            # name under its own bar (slanted, the first name ran into the hours axis).
            labelExpr=f"{narrow} ? join(split(datum.value, '\\n'), ' ') : split(datum.value, '\\n')",
            labelAngle=alt.ExprRef(expr=f"{narrow} ? -90 : 0"),
            labelAlign=alt.ExprRef(expr=f"{narrow} ? 'right' : 'center'"),
            labelBaseline=alt.ExprRef(expr=f"{narrow} ? 'middle' : 'top'"),
            labelLimit=150,
            labelFontWeight="bold",
            labelColor=INK,
        ),
        scale=alt.Scale(paddingInner=0.35, paddingOuter=0.2),
    )
    waterline = alt.Y("waterline:Q", scale=y_scale, title=hours_title)
    one_row = pl.DataFrame({"waterline": [0.0]})

    water = alt.Chart(one_row).mark_rect(color=WATER).encode(y=waterline, y2=alt.value("height"))
    stack = (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("signed_h:Q", stack="zero", scale=y_scale, title=hours_title, axis=abs_axis()),
            color=kind_color(bars.get_column("kind").unique().to_list(), lang),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("client:N", title=label("field.client", lang)),
                alt.Tooltip("kind_label:N", title=label("field.kind", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
                alt.Tooltip("share_value:N", title=label("field.hidden_share", lang)),
            ],
        )
    )
    line = alt.Chart(one_row).mark_rule(color=WATERLINE, strokeWidth=2).encode(y=waterline)
    line_label = (
        alt.Chart(one_row)
        .mark_text(
            text=label("iceberg.waterline", lang),
            color=WATERLINE,
            fontStyle="italic",
            align="right",
            baseline="bottom",
            dx=-4,
            dy=-4,
        )
        .encode(x=alt.value("width"), y=waterline)
    )
    share_texts = (
        alt.Chart(shares)
        .transform_calculate(share=f"{narrow} ? datum.share_value : datum.share_text")
        .mark_text(baseline="top", dy=6, fontWeight="bold", color=KIND_COLORS["hidden"])
        .encode(
            x=x,
            y=alt.Y("bottom:Q", scale=y_scale, title=hours_title),
            text=alt.Text("share:N"),
        )
    )
    return finish(
        alt.LayerChart(layer=[water, stack, line, line_label, share_texts]),
        title=label("iceberg.title", lang),
        subtitle=_iceberg_subtitle(frame, lang),
        width=max(560, 104 * len(order)),
        height=380,
        lang=lang,
        name="iceberg",
    )


# -- hours per week -------------------------------------------------------------------------


def weekly_effort_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The weekly bars: one row per week and kind with non-zero hours, by week then kind.

    Columns: ``week`` (the Monday), ``kind``, ``hours``, ``start`` and ``end`` (ISO text
    in UTC: Monday 03:00 to Sunday 21:00, so neighbouring weeks keep a gap),
    ``kind_label``, ``rank``, ``top`` and ``base`` (the stack, computed here since
    Vega-Lite does not stack ranged bars), ``hours_text`` and ``week_text``.
    """
    lang = check_lang(lang)
    chart_name = "weekly_effort_chart"
    require(df, {"week": "date", "kind": "string", "hours": "number"}, chart=chart_name)
    frame = df.select(
        pl.col("week"), pl.col("kind").cast(pl.String), pl.col("hours").cast(pl.Float64)
    )
    require_effort_kinds(frame, chart=chart_name)
    require_unique(frame, ["week", "kind"], chart=chart_name)
    monday = pl.col("week").cast(pl.Datetime("ms"))
    data = (
        frame.filter(pl.col("hours").fill_null(0.0) != 0)
        .sort("week")
        .with_columns(
            (monday + pl.duration(hours=3)).dt.strftime("%Y-%m-%dT%H:%M:%SZ").alias("start"),
            (monday + pl.duration(days=6, hours=21)).dt.strftime("%Y-%m-%dT%H:%M:%SZ").alias("end"),
            *kind_columns("kind", lang),
        )
        .sort("week", "rank")
        .with_columns(pl.col("hours").cum_sum().over("week").alias("top"))
        .with_columns((pl.col("top") - pl.col("hours")).alias("base"))
    )
    return data.with_columns(
        hours_text=hours_texts(data.get_column("hours"), lang),
        week_text=pl.Series([date_text(w, lang) for w in data.get_column("week")], dtype=pl.String),
    )


def weekly_effort_chart(df: pl.DataFrame, *, lang: Lang) -> alt.Chart:
    """Hours worked per week, stacked by kind (visible at the bottom).

    Parameters
    ----------
    df
        ``weekly_effort``: one row per (``week``, ``kind``) with ``week`` the Monday
        (Date), ``kind`` one of visible, hidden, unclassified, and ``hours``.
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.Chart
        Bars spanning each week on a UTC time axis, one segment per kind.

    Raises
    ------
    ValueError
        On a missing column, an unknown or ``wait`` kind, or several rows for one
        (week, kind).
    """
    lang = check_lang(lang)
    frame = weekly_effort_frame(df, lang=lang)
    weeks: list[dt.date] = frame.get_column("week").unique().sort().to_list()
    total = float(frame.get_column("hours").sum())
    if weeks:
        span = (weeks[-1] - weeks[0]).days // 7 + 1
        subtitle = label("weekly.subtitle", lang, count=span).format(
            total=hours(total, lang), weeks=span, mean=hours(total / span, lang)
        )
    else:
        subtitle = label("weekly.subtitle_empty", lang)
    # One tick under the middle of each bar, labelled with the week's Monday.
    half_week_ms = 302_400_000
    ticks = [
        int(dt.datetime(w.year, w.month, w.day, tzinfo=dt.UTC).timestamp() * 1000) + half_week_ms
        for w in weeks
    ]
    chart: alt.Chart = (
        alt.Chart(frame.drop("week"))
        .mark_bar()
        .encode(
            x=alt.X(
                "start:T",
                title=label("axis.week", lang),
                scale=alt.Scale(type="utc"),
                axis=alt.Axis(
                    values=ticks,
                    labelExpr=f"utcFormat(datum.value - {half_week_ms}, '%e %b')",
                    labelOverlap="greedy",
                    # the first and last Mondays written inward from their bar, not
                    # centred on it: centred, the first ran into the hours axis's "0"
                    # and the last past the chart's edge
                    labelFlush=24,
                    grid=False,
                    ticks=False,
                ),
            ),
            x2=alt.X2("end:T"),
            y=alt.Y("top:Q", title=label("axis.hours", lang)),
            y2=alt.Y2("base:Q"),
            color=kind_color(frame.get_column("kind").unique().to_list(), lang),
            tooltip=[
                alt.Tooltip("week_text:N", title=label("field.week", lang)),
                alt.Tooltip("kind_label:N", title=label("field.kind", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
            ],
        )
    )
    return finish(
        chart,
        title=label("weekly.title", lang),
        subtitle=subtitle,
        width=max(560, 18 * len(weeks)),
        height=320,
        lang=lang,
        name="weekly_effort",
    )


# -- hours per activity ---------------------------------------------------------------------


def activity_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The activity bars: one row per activity and kind with non-zero hours, the largest
    activity first (ties by name), kinds in stacking order.

    Columns: ``activity`` (null: ``other``), ``kind``, ``hours``, ``activity_label``
    (translated; unknown activities as they are), ``kind_label``, ``rank``, and per
    activity ``total`` and ``total_text`` (the label at the end of the bar), then
    ``hours_text``.
    """
    lang = check_lang(lang)
    chart_name = "activity_chart"
    require(df, {"activity": "string", "kind": "string", "hours": "number"}, chart=chart_name)
    frame = df.select(
        pl.col("activity").cast(pl.String).fill_null("other"),
        pl.col("kind").cast(pl.String),
        pl.col("hours").cast(pl.Float64),
    )
    require_effort_kinds(frame, chart=chart_name)
    require_unique(frame, ["activity", "kind"], chart=chart_name)
    frame = frame.filter(pl.col("hours").fill_null(0.0) != 0)
    data = frame.with_columns(
        pl.Series([label(a, lang) for a in frame.get_column("activity")], dtype=pl.String).alias(
            "activity_label"
        ),
        *kind_columns("kind", lang),
    )
    totals = data.group_by("activity_label").agg(pl.col("hours").sum().alias("total"))
    totals = totals.with_columns(total_text=hours_texts(totals.get_column("total"), lang))
    data = data.join(totals, on="activity_label").sort(
        ["total", "activity_label", "rank"], descending=[True, False, False]
    )
    return data.with_columns(hours_text=hours_texts(data.get_column("hours"), lang))


def activity_chart(df: pl.DataFrame, *, lang: Lang) -> alt.LayerChart:
    """Hours by activity as horizontal bars coloured by kind, the largest activity on top.

    Parameters
    ----------
    df
        ``effort_by_activity``: one row per (``activity``, ``kind``) with ``hours``;
        activities are translated through the label table (unknown ones shown as is).
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.LayerChart
        Stacked bars and, at the end of each bar, the activity's total.

    Raises
    ------
    ValueError
        On a missing column, an unknown or ``wait`` kind, or several rows for one
        (activity, kind).
    """
    lang = check_lang(lang)
    data = activity_frame(df, lang=lang)
    totals = data.select("activity_label", "total", "total_text").unique(maintain_order=True)
    y = alt.Y(
        "activity_label:N",
        sort=totals.get_column("activity_label").to_list(),
        title=label("axis.activity", lang),
        axis=alt.Axis(labelColor=INK, labelLimit=220),
    )
    hours_title = label("axis.hours", lang)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("hours:Q", stack="zero", title=hours_title),
            color=kind_color(data.get_column("kind").unique().to_list(), lang),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("activity_label:N", title=label("field.activity", lang)),
                alt.Tooltip("kind_label:N", title=label("field.kind", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
                alt.Tooltip("total_text:N", title=label("field.total", lang)),
            ],
        )
    )
    ends = (
        alt.Chart(totals)
        .mark_text(align="left", baseline="middle", dx=5, color=MUTED)
        .encode(y=y, x=alt.X("total:Q", title=hours_title), text=alt.Text("total_text:N"))
    )
    return finish(
        alt.LayerChart(layer=[bars, ends]),
        title=label("activity.title", lang),
        subtitle=label("activity.subtitle", lang),
        width=480,
        height=alt.Step(26),
        lang=lang,
        name="activity",
    )
