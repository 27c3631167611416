"""Off-hours charts: the weekly punch card, off-hours by client, the monthly trend, the team.

Each chart takes a small aggregated frame from `cmtime.analysis.offhours` and is written in
two parts (see `cmtime.charts._common`): ``*_frame`` checks the frame and builds the data
drawn, with every word taken from `cmtime.text.labels`; ``*_chart`` draws it, with every
category colour from `CATEGORY_COLORS` (evening is the same orange in every chart).
Nothing is saved or displayed here, and the theme is not enabled here (see
`cmtime.charts.theme.use_theme`).
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import polars as pl

from cmtime.charts._common import (
    Expected,
    finish,
    hours_texts,
    name_axis,
    name_scale,
    names_above,
    require,
    require_unique,
    room_for_labels,
)
from cmtime.charts.theme import CATEGORY_COLORS, HEAT_RANGE, INK, MUTED
from cmtime.text.labels import (
    OFFHOURS,
    Lang,
    check_lang,
    hours,
    label,
    month_text,
    percent,
    time_format_locale,
)

__all__ = [
    "offhours_by_client_chart",
    "offhours_by_client_frame",
    "offhours_trend_chart",
    "offhours_trend_frame",
    "punchcard_boxes_frame",
    "punchcard_chart",
    "punchcard_frame",
    "team_chart",
    "team_frame",
]

#: The categories that count as off-hours, in stacking order (see `cmtime.analysis.worktime`).
_OFF = ("early", "midday", "evening", "night", "day_off")
_CATEGORY_COLUMNS: dict[str, Expected] = {f"{c}_h": "number" for c in OFFHOURS}
#: The columns of the stacked bars of the by-client and team charts, ``who`` first.
_BARS = ("category", "hours", "category_label", "rank", "share_text", "hours_text")


# -- shared -----------------------------------------------------------------------------------


def _weekday_names(lang: Lang, *, short: bool) -> list[str]:
    """Weekday names Monday first, from the locale table (``lun.`` … ``dim.``)."""
    days = time_format_locale(lang)["shortDays" if short else "days"]
    return [*days[1:], days[0]]


def _require_categories(df: pl.DataFrame, *, chart: str) -> None:
    found = df.get_column("category").cast(pl.String).unique().to_list()
    for name in found:
        if name not in OFFHOURS:
            msg = f"{chart}: unknown category {name!r}; expected one of {', '.join(OFFHOURS)}"
            raise ValueError(msg)


def _category_columns(category: str, lang: Lang) -> list[pl.Expr]:
    """Translated category label and stacking rank (working hours first)."""
    col = pl.col(category)
    return [
        col.replace_strict({c: label(c, lang) for c in OFFHOURS}, return_dtype=pl.String).alias(
            "category_label"
        ),
        col.replace_strict({c: i for i, c in enumerate(OFFHOURS)}, return_dtype=pl.Int8).alias(
            "rank"
        ),
    ]


def _category_bars(
    bars: pl.DataFrame, *, y: alt.Y, who: str, x_title: str, scale: alt.Scale, lang: Lang
) -> alt.Chart:
    """Horizontal bars of hours stacked by category (working hours first), one per ``who``
    (client or person), with the tooltips both off-hours bar charts share."""
    chart: alt.Chart = (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("hours:Q", stack="zero", title=x_title, scale=scale),
            color=_category_color(bars.get_column("category").unique().to_list(), lang),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip(f"{who}:N", title=label(f"field.{who}", lang)),
                alt.Tooltip("category_label:N", title=label("field.category", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
                alt.Tooltip("share_text:N", title=label("field.offhours_share", lang)),
            ],
        )
    )
    return chart


def _bars_with_ends(
    bars: pl.DataFrame,
    ends: pl.DataFrame,
    *,
    who: str,
    x_title: str,
    headroom: float,
    label_limit: int,
    lang: Lang,
) -> alt.LayerChart:
    """`_category_bars` with a bold label at the end of each bar. ``ends`` has ``who``, the bar's length
    and its label text, one row per bar, in display order; the x scale leaves
    ``headroom`` (a factor over the longest bar) for the labels."""
    _, length, text = ends.columns
    y = alt.Y(
        f"{who}:N",
        sort=ends.get_column(who).to_list(),
        title=None,
        axis=name_axis(limit=label_limit),
        scale=name_scale(),
    )
    room = room_for_labels(ends.select(length, text).iter_rows(), headroom=headroom, gap=6)
    scale = alt.Scale(domainMin=0, domainMax=room, nice=False)
    stack = _category_bars(bars, y=y, who=who, x_title=x_title, scale=scale, lang=lang)
    labels = (
        alt.Chart(ends)
        .mark_text(align="left", baseline="middle", dx=6, color=MUTED, fontWeight="bold")
        .encode(y=y, x=alt.X(f"{length}:Q", title=x_title), text=alt.Text(f"{text}:N"))
    )
    # on a phone, each name above its bar (15 px thick at 34 px a bar)
    names = names_above(ends.select(who), y, bar=15)
    return alt.LayerChart(layer=[stack, labels, names])


def _category_color(categories: Iterable[str], lang: Lang) -> alt.Color:
    """Colour by translated category with `CATEGORY_COLORS`, categories in split order."""
    present = [c for c in OFFHOURS if c in set(categories)]
    names = [label(c, lang) for c in present]
    return alt.Color(
        "category_label:N",
        title=None,
        scale=alt.Scale(domain=names, range=[CATEGORY_COLORS[c] for c in present]),
        legend=alt.Legend(title=None),
        sort=names,
    )


def _share_texts(values: Iterable[float | None], lang: Lang) -> pl.Series:
    return pl.Series([percent(v, lang) for v in values], dtype=pl.String)


# -- punch card -------------------------------------------------------------------------------


def punchcard_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The punch card's cells: all 168 of a week, Monday 0 h first, hour by hour; a cell
    missing from ``df`` (or with null hours) is there with 0 hours.

    Columns: ``weekday`` (1 = Monday), ``hour`` (0-23), ``hours``, ``hour_end``
    (``hour`` + 1), ``day`` (short weekday name, the axis), ``day_name``, ``hour_text``
    (the range, from ``9 h`` to ``10 h``) and ``hours_text``.
    """
    lang = check_lang(lang)
    chart_name = "punchcard_chart"
    require(df, {"weekday": "number", "hour": "number", "hours": "number"}, chart=chart_name)
    cells = df.select(
        pl.col("weekday").cast(pl.Int64),
        pl.col("hour").cast(pl.Int64),
        pl.col("hours").cast(pl.Float64).fill_null(0.0),
    )
    require_unique(cells, ["weekday", "hour"], chart=chart_name)
    bad = cells.filter(~pl.col("weekday").is_between(1, 7) | ~pl.col("hour").is_between(0, 23))
    if bad.height:
        msg = f"{chart_name}: weekday must be 1-7 and hour 0-23, got {bad.row(0, named=True)}"
        raise ValueError(msg)
    short, full = _weekday_names(lang, short=True), _weekday_names(lang, short=False)
    suffix = label("punchcard.hour_suffix", lang)
    grid = pl.DataFrame(
        {"weekday": [d for d in range(1, 8) for _ in range(24)], "hour": list(range(24)) * 7}
    )
    data = (
        grid.join(cells, on=["weekday", "hour"], how="left")
        .with_columns(
            pl.col("hours").fill_null(0.0),
            (pl.col("hour") + 1).alias("hour_end"),
            pl.col("weekday").replace_strict(dict(enumerate(short, 1))).alias("day"),
            pl.col("weekday").replace_strict(dict(enumerate(full, 1))).alias("day_name"),
            pl.format(
                "{}{} \u2013 {}{}", "hour", pl.lit(suffix), pl.col("hour") + 1, pl.lit(suffix)
            ).alias("hour_text"),
        )
        .sort("weekday", "hour")
    )
    return data.with_columns(hours_text=hours_texts(data.get_column("hours"), lang))


def punchcard_boxes_frame(working: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The working-hours boxes drawn over the punch card, one per range of ``working``
    (`cmtime.analysis.offhours.working_hours`), in its order.

    Columns: ``day`` (short weekday name, as in `punchcard_frame`), ``start_h``, ``end_h``.
    """
    lang = check_lang(lang)
    spans: dict[str, Expected] = {"weekday": "number", "start_h": "number", "end_h": "number"}
    require(working, spans, chart="punchcard_chart")
    short = _weekday_names(lang, short=True)
    return working.select(
        pl.col("weekday").cast(pl.Int64).replace_strict(dict(enumerate(short, 1))).alias("day"),
        pl.col("start_h").cast(pl.Float64),
        pl.col("end_h").cast(pl.Float64),
    )


def punchcard_chart(
    df: pl.DataFrame, *, lang: Lang, working: pl.DataFrame | None = None
) -> alt.LayerChart:
    """A week of hours: one row per weekday (Monday first), one cell per hour of the day.

    The colour of a cell is the effort hours logged in that hour over the whole period;
    the configured working ranges are drawn as boxes over the cells, so whatever lies
    outside the boxes was worked outside working hours.

    Parameters
    ----------
    df
        ``punchcard``: ``weekday`` (1 = Monday … 7 = Sunday), ``hour`` (0-23) and
        ``hours``, one row per cell (missing cells are drawn empty).
    lang
        ``"fr"`` or ``"en"``.
    working
        ``working_hours(config)``: ``weekday``, ``start_h``, ``end_h``; None draws no boxes.

    Returns
    -------
    alt.LayerChart
        The heat map and, with ``working``, the working-hours boxes.

    Raises
    ------
    ValueError
        On a missing column, a weekday or hour out of range, or a repeated cell.
    """
    lang = check_lang(lang)
    data = punchcard_frame(df, lang=lang)
    boxes = None if working is None else punchcard_boxes_frame(working, lang=lang)
    total = float(data.get_column("hours").sum())
    key = "punchcard.subtitle" if boxes is not None else "punchcard.subtitle_plain"
    suffix = label("punchcard.hour_suffix", lang)

    x_scale = alt.Scale(domain=[0, 24], nice=False, zero=True)
    y = alt.Y(
        "day:N",
        sort=_weekday_names(lang, short=True),
        title=None,
        axis=alt.Axis(labelColor=INK, labelFontWeight="bold"),
    )
    x_axis = alt.Axis(
        values=list(range(0, 25, 2)),
        labelExpr=f"datum.value + '{suffix}'",
        grid=False,
        domain=False,
        ticks=False,
        title=label("axis.hour", lang),
    )
    heat = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=1.5)
        .encode(
            x=alt.X("hour:Q", scale=x_scale, axis=x_axis),
            x2=alt.X2("hour_end:Q"),
            y=y,
            color=alt.Color(
                "hours:Q",
                title=label("axis.hours", lang),
                scale=alt.Scale(range=list(HEAT_RANGE), type="sqrt", zero=True),
                legend=alt.Legend(orient="right", gradientLength=160, direction="vertical"),
            ),
            tooltip=[
                alt.Tooltip("day_name:N", title=label("field.weekday", lang)),
                alt.Tooltip("hour_text:N", title=label("field.hour", lang)),
                alt.Tooltip("hours_text:N", title=label("field.hours", lang)),
            ],
        )
    )
    layers: list[alt.Chart] = [heat]
    if boxes is not None:
        layers.append(
            alt.Chart(boxes)
            .mark_rect(fill=None, stroke=INK, strokeWidth=2, cornerRadius=2)
            .encode(
                x=alt.X("start_h:Q", scale=x_scale, axis=x_axis),
                x2=alt.X2("end_h:Q"),
                y=y,
            )
        )
    return finish(
        alt.LayerChart(layer=layers),
        title=label("punchcard.title", lang),
        subtitle=label(key, lang).format(total=hours(total, lang)),
        width=24 * 26,
        height=7 * 30,
        lang=lang,
        name="punchcard",
    )


# -- off-hours by client -----------------------------------------------------------------------


def offhours_by_client_frame(df_long: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """Off-hours per client: one row per client and off-hours category (early, lunch,
    evening, night, day off; zero hours kept, so a client without off-hours keeps its bar
    and its label), clients by off-hours, most first, then by name; categories in stacking
    order.

    Columns: ``client`` (null written as "no client"), ``category``, ``hours``,
    ``category_label``, ``rank``, ``share_text``, ``hours_text``, and per client
    ``offhours`` (hours), ``share`` (of all the client's hours, working hours and unknown
    included; null without hours) and ``end_text`` (the label at the end of the bar).
    """
    lang = check_lang(lang)
    chart_name = "offhours_by_client_chart"
    require(
        df_long, {"client": "string", "category": "string", "hours": "number"}, chart=chart_name
    )
    frame = df_long.select(
        pl.col("client").cast(pl.String).fill_null(label("no_client", lang)),
        pl.col("category").cast(pl.String),
        pl.col("hours").cast(pl.Float64).fill_null(0.0),
    )
    _require_categories(frame, chart=chart_name)
    require_unique(frame, ["client", "category"], chart=chart_name)
    off = pl.col("category").is_in(_OFF)
    totals = (
        frame.group_by("client")
        .agg(
            pl.col("hours").filter(off).sum().alias("offhours"),
            pl.col("hours").sum().alias("effort"),
        )
        .with_columns(
            pl.when(pl.col("effort") > 0).then(pl.col("offhours") / pl.col("effort")).alias("share")
        )
        .sort(["offhours", "client"], descending=[True, False])
    )
    end = label("offhours_client.end", lang)
    totals = totals.with_columns(
        end_text=pl.Series(
            [
                end.format(hours=hours(h, lang), share=percent(s, lang))
                for h, s in totals.select("offhours", "share").iter_rows()
            ],
            dtype=pl.String,
        ),
        share_text=_share_texts(totals.get_column("share"), lang),
        order=pl.int_range(pl.len()),
    )
    rows = (
        totals.join(pl.DataFrame({"category": list(_OFF)}), how="cross")
        .join(frame, on=["client", "category"], how="left")
        .with_columns(pl.col("hours").fill_null(0.0), *_category_columns("category", lang))
        .sort("order", "rank")
    )
    return rows.with_columns(hours_text=hours_texts(rows.get_column("hours"), lang)).select(
        "client", *_BARS, "offhours", "share", "end_text"
    )


def offhours_by_client_chart(df_long: pl.DataFrame, *, lang: Lang) -> alt.LayerChart:
    """Off-hours per client as horizontal bars stacked by time of day, the most on top.

    Only the off-hours categories are drawn (early, lunch, evening, night, day off); the
    label at the end of each bar gives the off-hours total and its share of the client's
    hours (working hours and unknown included in the whole).

    Parameters
    ----------
    df_long
        ``offhours_long(lf, ["client"])``: ``client`` (null: no client), ``category``
        (a name of `cmtime.analysis.worktime.CATEGORIES`) and ``hours``, one row per pair.
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.LayerChart
        Stacked bars and the end labels.

    Raises
    ------
    ValueError
        On a missing column, an unknown category or a repeated (client, category).
    """
    lang = check_lang(lang)
    frame = offhours_by_client_frame(df_long, lang=lang)
    bars = frame.filter(pl.col("hours") != 0).sort("client", "rank")
    ends = frame.unique("client", keep="first", maintain_order=True)
    return finish(
        _bars_with_ends(
            bars.select(
                "client", "category", "hours", "category_label", "rank", "share_text", "hours_text"
            ),
            ends.select("client", "offhours", "end_text"),
            who="client",
            x_title=label("axis.offhours_hours", lang),
            headroom=1.3,
            label_limit=220,
            lang=lang,
        ),
        title=label("offhours_client.title", lang),
        subtitle=label("offhours_client.subtitle", lang),
        width=520,
        height=alt.Step(34),
        lang=lang,
        name="offhours_by_client",
    )


# -- monthly trend -----------------------------------------------------------------------------


def offhours_trend_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The trend's points: one row per series (a client, or "overall" when ``df`` has no
    ``client`` column) and month, by series then month.

    Columns: ``series`` (null client written as "no client"), ``month``,
    ``offhours_share``, ``offhours_h`` (null when ``df`` has none), ``month_text`` (with
    the year when the months span several), ``share_text`` and ``hours_text``.
    """
    lang = check_lang(lang)
    chart_name = "offhours_trend_chart"
    require(df, {"month": "date", "offhours_share": "number"}, chart=chart_name)
    per_client = "client" in df.columns
    if per_client:
        require(df, {"client": "string"}, chart=chart_name)
    series = (
        pl.col("client").cast(pl.String).fill_null(label("no_client", lang))
        if per_client
        else pl.lit(label("overall", lang))
    )
    off_h = pl.col("offhours_h").cast(pl.Float64) if "offhours_h" in df.columns else pl.lit(None)
    frame = df.select(
        series.alias("series"),
        pl.col("month"),
        pl.col("offhours_share").cast(pl.Float64),
        off_h.cast(pl.Float64).alias("offhours_h"),
    ).sort("series", "month")
    require_unique(frame, ["series", "month"], chart=chart_name)
    months = frame.get_column("month").unique().sort().to_list()
    with_year = len({m.year for m in months}) > 1
    names = {m: month_text(m, lang, with_year=with_year) for m in months}
    return frame.with_columns(
        pl.col("month").replace_strict(names, return_dtype=pl.String).alias("month_text"),
        share_text=_share_texts(frame.get_column("offhours_share"), lang),
        hours_text=hours_texts(frame.get_column("offhours_h"), lang),
    )


def offhours_trend_chart(df: pl.DataFrame, *, lang: Lang) -> alt.LayerChart:
    """Share of hours outside working hours, month by month, per client or overall.

    Parameters
    ----------
    df
        ``offhours_by(lf, ["client", "month"])`` for one line per client, or
        ``offhours_by(lf, ["month"])`` for one shaded line overall: ``month`` (Date, first
        day), ``offhours_share`` (0..1), optionally ``client`` and ``offhours_h``.
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.LayerChart
        Lines with a point per month (and an area under the overall line).

    Raises
    ------
    ValueError
        On a missing column or a repeated (client, month).
    """
    lang = check_lang(lang)
    frame = offhours_trend_frame(df, lang=lang)
    months = frame.select("month", "month_text").unique().sort("month")
    x = alt.X(
        "month_text:O",
        sort=months.get_column("month_text").to_list(),
        title=None,
        # months that would touch are dropped (a phone keeps one in two or three)
        axis=alt.Axis(labelAngle=0, labelColor=INK, labelOverlap="greedy"),
        scale=alt.Scale(paddingOuter=0.2),
    )
    y = alt.Y(
        "offhours_share:Q",
        title=label("axis.offhours_share", lang),
        axis=alt.Axis(format=".0%", tickCount=5),
        scale=alt.Scale(zero=True),
    )
    tooltip = [
        alt.Tooltip("series:N", title=label("field.client", lang)),
        alt.Tooltip("month_text:N", title=label("field.month", lang)),
        alt.Tooltip("share_text:N", title=label("field.offhours_share", lang)),
        alt.Tooltip("hours_text:N", title=label("field.offhours", lang)),
    ]
    base = alt.Chart(frame)
    layers: list[alt.Chart] = []
    if "client" in df.columns:
        color = alt.Color(
            "series:N",
            title=None,
            # three names a row where they fit, else one under the other (a phone)
            legend=alt.Legend(title=None, columns=alt.ExprRef(expr="width < 480 ? 1 : 3"), labelLimit=320),
        )
        layers.append(base.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=color))
        layers.append(
            base.mark_point(filled=True, size=40).encode(x=x, y=y, color=color, tooltip=tooltip)
        )
    else:
        evening = CATEGORY_COLORS["evening"]
        layers.append(base.mark_area(color=evening, opacity=0.18).encode(x=x, y=y))
        layers.append(base.mark_line(color=evening, strokeWidth=2.5).encode(x=x, y=y))
        layers.append(
            base.mark_point(filled=True, size=50, color=evening).encode(x=x, y=y, tooltip=tooltip)
        )
    return finish(
        alt.LayerChart(layer=layers),
        title=label("offhours_trend.title", lang),
        subtitle=label("offhours_trend.subtitle", lang),
        width=max(560, 48 * months.height),
        height=300,
        lang=lang,
        name="offhours_trend",
    )


# -- team ----------------------------------------------------------------------------------


def team_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The team's bars: one row per person and category (working hours, the off-hours
    moments, unknown; zero hours kept), people in the frame's order, categories in
    stacking order.

    Columns: ``person`` (null written as ``?``), ``category``, ``hours``,
    ``category_label``, ``rank``, ``share_text`` (the person's off-hours share),
    ``hours_text``, and per person ``effort_h`` (the bar's length) and ``offhours_share``.
    """
    lang = check_lang(lang)
    chart_name = "team_chart"
    columns: dict[str, Expected] = {
        "person": "string",
        "effort_h": "number",
        "offhours_share": "number",
        **_CATEGORY_COLUMNS,
    }
    require(df, columns, chart=chart_name)
    people = df.select(
        pl.col("person").cast(pl.String).fill_null("?"),
        pl.col("effort_h").cast(pl.Float64).fill_null(0.0),
        pl.col("offhours_share").cast(pl.Float64),
        *(pl.col(c).cast(pl.Float64).fill_null(0.0) for c in _CATEGORY_COLUMNS),
    )
    require_unique(people, ["person"], chart=chart_name)
    people = people.with_columns(
        share_text=_share_texts(people.get_column("offhours_share"), lang),
        order=pl.int_range(pl.len()),
    )
    rows = (
        people.unpivot(
            on=list(_CATEGORY_COLUMNS),
            index=["person", "share_text", "effort_h", "offhours_share", "order"],
            variable_name="category",
            value_name="hours",
        )
        .with_columns(pl.col("category").str.strip_suffix("_h"))
        .with_columns(_category_columns("category", lang))
        .sort("order", "rank")
    )
    return rows.with_columns(hours_text=hours_texts(rows.get_column("hours"), lang)).select(
        "person", *_BARS, "effort_h", "offhours_share"
    )


def team_chart(df: pl.DataFrame, *, lang: Lang) -> alt.LayerChart:
    """The team side by side: each person's hours stacked by time of day, share at the end.

    Parameters
    ----------
    df
        ``team_offhours``: ``person``, ``effort_h``, ``offhours_share`` and one column
        per category (``in_hours_h``, ``early_h``, ``midday_h``, ``evening_h``,
        ``night_h``, ``day_off_h``, ``unknown_h``), one row per person; people are shown
        in the frame's order.
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.LayerChart
        Stacked bars (working hours first, in grey-blue) and the off-hours share.

    Raises
    ------
    ValueError
        On a missing column or a repeated person.
    """
    lang = check_lang(lang)
    frame = team_frame(df, lang=lang)
    # Bars category by category (a stable sort keeps the people's order within each).
    bars = frame.filter(pl.col("hours") != 0).sort("rank", maintain_order=True)
    ends = frame.unique("person", keep="first", maintain_order=True)
    return finish(
        _bars_with_ends(
            bars.select(
                "person", "share_text", "category", "hours", "category_label", "rank", "hours_text"
            ),
            ends.select("person", "effort_h", "share_text"),
            who="person",
            x_title=label("axis.hours", lang),
            headroom=1.15,
            label_limit=200,
            lang=lang,
        ),
        title=label("team.title", lang),
        subtitle=label("team.subtitle", lang),
        width=520,
        height=alt.Step(34),
        lang=lang,
        name="team",
    )
