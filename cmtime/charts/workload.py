"""Workload charts: the iceberg of visible and hidden work, hours per week, hours per activity.

Each function takes a small aggregated frame from `cmtime.analysis.metrics`, checks its columns,
and returns an altair chart with every word taken from `cmtime.text.labels`. Nothing is
saved or displayed here (see `cmtime.outputs.export`), and the theme is not enabled here (see
`cmtime.charts.theme.use_theme`): the charts only name colours from `KIND_COLORS`.

Each chart records its language in ``usermeta`` (``{"cmtime": {"lang": "fr"}}``) so
`cmtime.outputs.export` can format numbers and dates the same way without being told twice.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import altair as alt
import polars as pl

from cmtime.charts.theme import INK, KIND_COLORS, MUTED, WATER, WATERLINE
from cmtime.text.labels import (
    KIND_ORDER,
    Lang,
    check_lang,
    hours,
    label,
    percent,
    time_format_locale,
)

__all__ = ["activity_chart", "iceberg_chart", "weekly_effort_chart"]

_Expected = Literal["string", "number", "date"]
_EFFORT_KINDS = ("visible", "hidden", "unclassified")


# -- checks -------------------------------------------------------------------------------


def _require(df: pl.DataFrame, columns: Mapping[str, _Expected], *, chart: str) -> None:
    """Raise unless ``df`` is an eager frame with ``columns`` of the expected kinds."""
    if not isinstance(df, pl.DataFrame):
        msg = (
            f"{chart} takes an aggregated polars DataFrame, got {type(df).__name__}"
            " (collect the metrics frame first)"
        )
        raise TypeError(msg)
    for name, expected in columns.items():
        if name not in df.columns:
            msg = (
                f"{chart}: missing column {name!r}; expected an aggregated frame with "
                f"columns {', '.join(columns)} (got {', '.join(df.columns) or 'none'})"
            )
            raise ValueError(msg)
        dtype = df.schema[name]
        ok = {
            "string": dtype in (pl.String, pl.Categorical, pl.Null) or isinstance(dtype, pl.Enum),
            "number": dtype.is_numeric() or dtype == pl.Null,
            "date": dtype == pl.Date,
        }[expected]
        if not ok:
            msg = f"{chart}: column {name!r} must be of {expected} type, got {dtype}"
            raise ValueError(msg)


def _require_unique(df: pl.DataFrame, keys: Sequence[str], *, chart: str) -> None:
    """Raise if ``keys`` repeat: raw entries must be aggregated before charting."""
    dup = df.select(keys).filter(pl.struct(keys).is_duplicated())
    if dup.height:
        first = ", ".join(f"{k}={v!r}" for k, v in dup.row(0, named=True).items())
        msg = (
            f"{chart}: expected one row per ({', '.join(keys)}), found several for {first}; "
            "aggregate the entries first"
        )
        raise ValueError(msg)


def _require_effort_kinds(df: pl.DataFrame, *, chart: str) -> None:
    """Raise on kinds other than visible, hidden and unclassified (waits are not effort)."""
    kinds = df.get_column("kind").cast(pl.String).unique().to_list()
    for kind in kinds:
        if kind == "wait":
            msg = f"{chart}: kind 'wait' is client waiting time, not effort; filter it out"
            raise ValueError(msg)
        if kind not in _EFFORT_KINDS:
            msg = f"{chart}: unknown kind {kind!r}; expected one of {', '.join(_EFFORT_KINDS)}"
            raise ValueError(msg)


# -- shared encodings ---------------------------------------------------------------------


def _kind_columns(kind: str | pl.Expr, lang: Lang) -> list[pl.Expr]:
    """Translated kind label and stacking rank (visible first, nearest the axis)."""
    col = pl.col(kind) if isinstance(kind, str) else kind
    return [
        col.replace_strict({k: label(k, lang) for k in KIND_ORDER}).alias("kind_label"),
        col.replace_strict({k: i for i, k in enumerate(KIND_ORDER)}).alias("rank"),
    ]


def _kind_color(kinds: Iterable[str], lang: Lang) -> alt.Color:
    """Colour by translated kind, with the palette of `KIND_COLORS` and kinds in order."""
    present = [k for k in KIND_ORDER if k in set(kinds)]
    return alt.Color(
        "kind_label:N",
        title=None,
        scale=alt.Scale(
            domain=[label(k, lang) for k in present],
            range=[KIND_COLORS[k] for k in present],
        ),
        legend=alt.Legend(title=None),
        sort=[label(k, lang) for k in present],
    )


def _hours_text(values: Iterable[float | None], lang: Lang) -> pl.Series:
    """Hours written for people; the frames here are aggregated, so a few rows at most."""
    return pl.Series([hours(v, lang) for v in values], dtype=pl.String)


def _abs_axis() -> alt.Axis:
    """A quantitative axis whose labels drop the sign (hours below the waterline)."""
    return alt.Axis(labelExpr="format(abs(datum.value), ',~g')", tickCount=6)


def _usermeta(lang: Lang, chart: str) -> dict[str, dict[str, str]]:
    return {"cmtime": {"lang": lang, "chart": chart}}


def _wrap(text: str, width: int = 13) -> str:
    """Break a long name into lines (joined by newlines) for a band axis."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _date_text(day: dt.date, lang: Lang) -> str:
    month = time_format_locale(lang)["shortMonths"][day.month - 1]
    return f"{day.day} {month} {day.year}" if lang == "fr" else f"{month} {day.day}, {day.year}"


# -- charts ---------------------------------------------------------------------------------


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
    chart_name = "iceberg_chart"
    _require(
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
    _require_unique(clients, ["client"], chart=chart_name)
    clients = clients.with_columns(
        pl.Series([_wrap(c) for c in clients.get_column("client")], dtype=pl.String).alias(
            "client_axis"
        ),
        (-(pl.col("hidden_h") + pl.col("unclassified_h"))).alias("bottom"),
        share_text=pl.Series(
            [
                label("iceberg.share", lang).format(share=percent(s, lang)) if s is not None else ""
                for s in clients.get_column("hidden_share")
            ],
            dtype=pl.String,
        ),
        share_value=pl.Series(
            [percent(s, lang) for s in clients.get_column("hidden_share")], dtype=pl.String
        ),
    )
    bars = (
        clients.unpivot(
            index=["client", "client_axis", "share_value"],
            on=["visible_h", "hidden_h", "unclassified_h"],
            variable_name="kind",
            value_name="hours",
        )
        .with_columns(pl.col("kind").str.strip_suffix("_h"))
        .filter(pl.col("hours") != 0)
        .with_columns(
            pl.when(pl.col("kind") == "visible")
            .then(pl.col("hours"))
            .otherwise(-pl.col("hours"))
            .alias("signed_h"),
            *_kind_columns("kind", lang),
        )
        .sort("client", "rank")
    )
    bars = bars.with_columns(hours_text=_hours_text(bars.get_column("hours"), lang))

    sums = clients.select(
        pl.col("visible_h").sum().alias("visible"),
        pl.col("hidden_h").sum().alias("hidden"),
        pl.col("visible_h").max().fill_null(0.0).alias("top"),
        (-pl.col("bottom").min()).fill_null(0.0).alias("deep"),
    ).row(0, named=True)
    visible, hidden = float(sums["visible"]), float(sums["hidden"])
    classified = visible + hidden
    if classified > 0:
        subtitle = label("iceberg.subtitle", lang).format(
            share=percent(hidden / classified, lang),
            hidden=hours(hidden, lang),
            classified=hours(classified, lang),
        )
    else:
        subtitle = label("iceberg.subtitle_empty", lang)

    # Room for the share labels under the deepest bar and above the highest one.
    top, deep = max(float(sums["top"]), 1.0), max(float(sums["deep"]), 1.0)
    y_scale = alt.Scale(domain=[-deep * 1.15, top * 1.08], nice=True, zero=True)
    hours_title = label("axis.hours", lang)
    order = clients.get_column("client_axis").to_list()
    narrow = f"(width / {max(len(order), 1)} < 100)"  # px per client, once in an HTML page
    x = alt.X(
        "client_axis:N",
        sort=order,
        title=label("axis.client", lang),
        axis=alt.Axis(
            # Wide: one line per wrapped part; narrow (a phone): slanted, on one line.
            labelExpr=f"{narrow} ? join(split(datum.value, '\\n'), ' ') : split(datum.value, '\\n')",
            labelAngle=alt.ExprRef(expr=f"{narrow} ? -40 : 0"),
            labelAlign=alt.ExprRef(expr=f"{narrow} ? 'right' : 'center'"),
            labelLimit=150,
            labelFontWeight="bold",
            labelColor=INK,
        ),
        scale=alt.Scale(paddingInner=0.35, paddingOuter=0.2),
    )
    one_row = pl.DataFrame({"waterline": [0.0]})

    water = (
        alt.Chart(one_row)
        .mark_rect(color=WATER)
        .encode(y=alt.Y("waterline:Q", scale=y_scale, title=hours_title), y2=alt.value("height"))
    )
    stack = (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y(
                "signed_h:Q",
                stack="zero",
                scale=y_scale,
                title=hours_title,
                axis=_abs_axis(),
            ),
            color=_kind_color(bars.get_column("kind").unique().to_list(), lang),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("client:N", title=label("field.client", lang)),
                alt.Tooltip("kind_label:N", title=label("field.kind", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
                alt.Tooltip("share_value:N", title=label("field.hidden_share", lang)),
            ],
        )
    )
    line = (
        alt.Chart(one_row)
        .mark_rule(color=WATERLINE, strokeWidth=2)
        .encode(y=alt.Y("waterline:Q", scale=y_scale, title=hours_title))
    )
    line_label = (
        alt.Chart(one_row)
        .mark_text(
            text=label("iceberg.waterline", lang),
            color=WATERLINE,
            fontStyle="italic",
            align="left",
            baseline="middle",
            dx=8,
        )
        .encode(
            x=alt.value("width"),
            y=alt.Y("waterline:Q", scale=y_scale, title=hours_title),
        )
    )
    shares = (
        alt.Chart(clients.select("client_axis", "bottom", "share_text", "share_value"))
        .transform_calculate(share=f"{narrow} ? datum.share_value : datum.share_text")
        .mark_text(baseline="top", dy=6, fontWeight="bold", color=KIND_COLORS["hidden"])
        .encode(
            x=x,
            y=alt.Y("bottom:Q", scale=y_scale, title=hours_title),
            text=alt.Text("share:N"),
        )
    )
    return alt.LayerChart(
        layer=[water, stack, line, line_label, shares],
        title=alt.Title(label("iceberg.title", lang), subtitle=subtitle),
        description=f"{label('iceberg.title', lang)}. {subtitle}",
        width=max(560, 104 * len(order)),
        height=380,
        usermeta=_usermeta(lang, "iceberg"),
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
    chart_name = "weekly_effort_chart"
    _require(df, {"week": "date", "kind": "string", "hours": "number"}, chart=chart_name)
    frame = df.select(
        pl.col("week"), pl.col("kind").cast(pl.String), pl.col("hours").cast(pl.Float64)
    )
    _require_effort_kinds(frame, chart=chart_name)
    _require_unique(frame, ["week", "kind"], chart=chart_name)
    frame = frame.filter(pl.col("hours").fill_null(0.0) != 0).sort("week")

    # Bars cover Monday 03:00 to Sunday 21:00 (UTC) so neighbouring weeks keep a gap.
    # Vega-Lite does not stack ranged (x/x2) bars, so the stack is computed here.
    data = (
        frame.with_columns(
            (pl.col("week").cast(pl.Datetime("ms")) + pl.duration(hours=3))
            .dt.strftime("%Y-%m-%dT%H:%M:%SZ")
            .alias("start"),
            (pl.col("week").cast(pl.Datetime("ms")) + pl.duration(days=6, hours=21))
            .dt.strftime("%Y-%m-%dT%H:%M:%SZ")
            .alias("end"),
            *_kind_columns("kind", lang),
        )
        .sort("week", "rank")
        .with_columns(pl.col("hours").cum_sum().over("week").alias("top"))
        .with_columns((pl.col("top") - pl.col("hours")).alias("base"))
    )
    weeks: list[dt.date] = data.get_column("week").unique().sort().to_list()
    data = data.with_columns(
        hours_text=_hours_text(data.get_column("hours"), lang),
        week_text=pl.Series([_date_text(w, lang) for w in data.get_column("week")]),
    ).drop("week")

    total = float(data.get_column("hours").sum())
    if weeks:
        span = (weeks[-1] - weeks[0]).days // 7 + 1
        subtitle = label("weekly.subtitle", lang).format(
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
        alt.Chart(
            data,
            title=alt.Title(label("weekly.title", lang), subtitle=subtitle),
            description=f"{label('weekly.title', lang)}. {subtitle}",
            width=max(560, 18 * len(weeks)),
            height=320,
            usermeta=_usermeta(lang, "weekly_effort"),
        )
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
                    grid=False,
                    ticks=False,
                ),
            ),
            x2="end:T",
            y=alt.Y("top:Q", title=label("axis.hours", lang)),
            y2="base:Q",
            color=_kind_color(data.get_column("kind").unique().to_list(), lang),
            tooltip=[
                alt.Tooltip("week_text:N", title=label("field.week", lang)),
                alt.Tooltip("kind_label:N", title=label("field.kind", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
            ],
        )
    )
    return chart


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
    chart_name = "activity_chart"
    _require(df, {"activity": "string", "kind": "string", "hours": "number"}, chart=chart_name)
    frame = df.select(
        pl.col("activity").cast(pl.String).fill_null("other"),
        pl.col("kind").cast(pl.String),
        pl.col("hours").cast(pl.Float64),
    )
    _require_effort_kinds(frame, chart=chart_name)
    _require_unique(frame, ["activity", "kind"], chart=chart_name)
    frame = frame.filter(pl.col("hours").fill_null(0.0) != 0)
    data = frame.with_columns(
        pl.Series([label(a, lang) for a in frame.get_column("activity")], dtype=pl.String).alias(
            "activity_label"
        ),
        *_kind_columns("kind", lang),
    )
    totals = (
        data.group_by("activity_label")
        .agg(pl.col("hours").sum().alias("total"))
        .sort(["total", "activity_label"], descending=[True, False])
    )
    totals = totals.with_columns(total_text=_hours_text(totals.get_column("total"), lang))
    data = data.join(totals, on="activity_label").sort("total", "rank", descending=[True, False])
    data = data.with_columns(hours_text=_hours_text(data.get_column("hours"), lang))
    order = totals.get_column("activity_label").to_list()

    y = alt.Y(
        "activity_label:N",
        sort=order,
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
            color=_kind_color(data.get_column("kind").unique().to_list(), lang),
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
        .encode(
            y=y,
            x=alt.X("total:Q", title=hours_title),
            text=alt.Text("total_text:N"),
        )
    )
    return alt.LayerChart(
        layer=[bars, ends],
        title=alt.Title(label("activity.title", lang), subtitle=label("activity.subtitle", lang)),
        description=f"{label('activity.title', lang)}. {label('activity.subtitle', lang)}",
        width=480,
        height=alt.Step(26),
        usermeta=_usermeta(lang, "activity"),
    )
