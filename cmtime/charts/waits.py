"""Client wait charts: the timeline of waits, how long each client takes, the days lost.

Each function takes a small frame from `cmtime.analysis.waits` (one row per wait, or per client and
month), checks its columns, and returns an altair chart with every word from
`cmtime.text.labels` and the amber of ``KIND_COLORS["wait"]``. Nothing is saved or
displayed here, and the theme is not enabled here (see `cmtime.charts.theme.use_theme`).

One row per wait is an aggregate of the time entries (a wait is one interval however it
was logged), so the timeline and the distribution take `wait_intervals` as they are; they
refuse more than `MAX_ROWS` rows, altair's limit, rather than lifting it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import altair as alt
import polars as pl

from cmtime.charts._common import (
    finish,
    name_axis,
    names_above,
    require,
    require_unique,
    room_for_labels,
)
from cmtime.charts.theme import CATEGORY_COLORS, INK, KIND_COLORS, MUTED
from cmtime.text.labels import Lang, check_lang, date_text, label, month_text, number
from cmtime.text.notebooks import text

__all__ = [
    "MAX_ROWS",
    "QUARTER_DAYS",
    "wait_cumulative_chart",
    "wait_cumulative_frame",
    "wait_latency_chart",
    "wait_latency_frame",
    "wait_timeline_chart",
    "wait_timeline_charts",
    "wait_timeline_frame",
    "wait_timeline_spans",
]

#: Altair's row limit: a wait chart refuses more rows instead of lifting it.
MAX_ROWS = 5000
#: An open wait is drawn in a lighter amber with a dashed outline.
OPEN_COLOR = "#F8D58A"
_WAIT = KIND_COLORS["wait"]
_ISO = "%Y-%m-%dT%H:%M:%SZ"
_CLIENT_COLORS = (
    _WAIT,
    KIND_COLORS["hidden"],
    KIND_COLORS["visible"],
    *(CATEGORY_COLORS[c] for c in ("day_off", "midday", "night", "evening")),
)
_WAIT_KINDS = ("waiting_validation", "waiting_assets", "waiting_answer")


# -- checks and shared helpers -------------------------------------------------------------


def _require_rows(df: pl.DataFrame, *, chart: str) -> None:
    if df.height > MAX_ROWS:
        msg = (
            f"{chart}: {df.height} rows, more than altair's {MAX_ROWS}; "
            "narrow the period or the clients"
        )
        raise ValueError(msg)


def _require_datetime(df: pl.DataFrame, names: Iterable[str], *, chart: str) -> None:
    for name in names:
        if name not in df.columns:
            msg = f"{chart}: missing column {name!r} (got {', '.join(df.columns) or 'none'})"
            raise ValueError(msg)
        if not isinstance(df.schema[name], pl.Datetime):
            msg = f"{chart}: column {name!r} must be a datetime, got {df.schema[name]}"
            raise ValueError(msg)


def _client_names(col: str, lang: Lang) -> pl.Expr:
    return pl.col(col).cast(pl.String).fill_null(label("no_client", lang))


def _days_text(values: Iterable[float | None], lang: Lang, decimals: int = 1) -> pl.Series:
    """Days for people: ``3,5 j`` (fr), ``3.5 d`` (en)."""
    unit = label("wait.days", lang)
    return pl.Series(
        [unit.format(n=number(v, lang, decimals)) for v in values],
        dtype=pl.String,
    )


def _client_order(df: pl.DataFrame) -> list[str]:
    """Clients by median wait, longest first (ties by name)."""
    order = (
        df.group_by("client")
        .agg(pl.col("days").median().alias("median"))
        .sort(["median", "client"], descending=[True, False], nulls_last=True)
    )
    return order.get_column("client").to_list()


def _local_midnight(day: dt.date, zone: str) -> dt.datetime:
    """The instant (UTC) at which ``day`` starts in ``zone``."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(zone))
    return start.astimezone(dt.UTC)


def _instant_text(col: str, timezone: str | None) -> pl.Expr:
    """A UTC instant as the ISO text of its wall time (in ``timezone`` if given), for a
    ``utc`` time scale: Vega then shows the local wall time whatever the viewer's zone."""
    expr = pl.col(col)
    if timezone is not None:
        expr = expr.dt.convert_time_zone(timezone)
    return expr.dt.replace_time_zone(None).dt.strftime(_ISO)


# -- timeline ----------------------------------------------------------------------------------


def wait_timeline_frame(
    df: pl.DataFrame,
    *,
    lang: Lang,
    timezone: str | None = None,
    span: tuple[dt.date, dt.date] | None = None,
) -> pl.DataFrame:
    """The timeline's bars: one row per wait with an ask and an end, open waits last
    (drawn on top), then by client and ask.

    Columns: ``client``, ``item``, ``kind_label``, ``start`` and ``end`` (ISO wall
    times in ``timezone``), ``open``, ``days`` (calendar days), ``business_days``,
    ``days_text``, ``asked_text``, ``answered_text`` (the date, or "open") and
    ``status`` (the legend's word).

    With ``span`` (first and last local day, inclusive), only the waits open at some
    time of those days, each bar cut at the span's edges (``start`` and ``end``); the
    texts and ``days`` stay the whole wait's.
    """
    lang = check_lang(lang)
    chart_name = "wait_timeline_chart"
    require(
        df,
        {
            "client": "string",
            "item": "string",
            "wait_kind": "string",
            "calendar_h": "number",
            "business_days": "number",
        },
        chart=chart_name,
    )
    _require_datetime(df, ("asked", "end_used"), chart=chart_name)
    if "open" not in df.columns or df.schema["open"] != pl.Boolean:
        msg = f"{chart_name}: expected a Boolean column 'open'"
        raise ValueError(msg)
    _require_rows(df, chart=chart_name)
    zone = timezone or "UTC"
    data = df.filter(pl.col("asked").is_not_null() & pl.col("end_used").is_not_null())
    if span is not None:
        lo, hi = (_local_midnight(d, zone) for d in (span[0], span[1] + dt.timedelta(days=1)))
        data = data.filter(pl.col("asked") < hi, pl.col("end_used") > lo).with_columns(
            pl.max_horizontal(pl.col("asked"), pl.lit(lo)).alias("__start"),
            pl.min_horizontal(pl.col("end_used"), pl.lit(hi)).alias("__stop"),
        )
    else:
        data = data.with_columns(pl.col("asked").alias("__start"), pl.col("end_used").alias("__stop"))
    data = (
        data.select(
            _client_names("client", lang).alias("client"),
            pl.col("item").cast(pl.String).fill_null(""),
            pl.col("wait_kind")
            .cast(pl.String)
            .replace_strict(
                {k: label(k, lang) for k in _WAIT_KINDS},
                default=pl.col("wait_kind").cast(pl.String),
                return_dtype=pl.String,
            )
            .alias("kind_label"),
            _instant_text("__start", timezone).alias("start"),
            _instant_text("__stop", timezone).alias("end"),
            pl.col("asked").alias("__asked"),
            pl.col("end_used").alias("__end"),
            pl.col("open").fill_null(False),
            (pl.col("calendar_h").cast(pl.Float64) / 24).alias("days"),
            pl.col("business_days").cast(pl.Int64),
        )
        .sort("open", "client", "start")  # open waits drawn last, on top
    )
    asked_days: list[dt.date] = (
        data.get_column("__asked").dt.convert_time_zone(zone).dt.date().to_list()
    )
    end_days: list[dt.date] = (
        data.get_column("__end").dt.convert_time_zone(zone).dt.date().to_list()
    )
    open_word, closed_word = label("wait.open", lang), label("wait.closed", lang)
    data = data.drop("__asked", "__end").with_columns(
        days_text=_days_text(data.get_column("days"), lang),
        asked_text=pl.Series([date_text(d, lang) for d in asked_days], dtype=pl.String),
        answered_text=pl.Series(
            [
                open_word if o else date_text(d, lang)
                for d, o in zip(end_days, data.get_column("open"), strict=True)
            ],
            dtype=pl.String,
        ),
        status=pl.when(pl.col("open")).then(pl.lit(open_word)).otherwise(pl.lit(closed_word)),
    )
    return data


#: A timeline longer than this many days is cut into calendar quarters, one chart each:
#: a day keeps at least ~7 px of a chart 640 px wide, where a year squeezed it to under 2
#: (and to a few pixels on a phone).
QUARTER_DAYS = 92
#: Height of a client's lane: its name above, its bars under it.
_LANE = 46
#: Room (px) the word of an open wait takes after its bar ("en cours →"), with a margin.
_OPEN_ROOM = 84


def _quarter(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(first: dt.date) -> dt.date:
    return dt.date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)


def wait_timeline_spans(
    df: pl.DataFrame, *, timezone: str | None = None
) -> list[tuple[dt.date, dt.date] | None]:
    """The spans of `wait_timeline_charts`: ``[None]`` (one chart, as long as the waits)
    when the waits run over at most `QUARTER_DAYS` days, else each calendar quarter from
    the first ask's to the last end's (first and last local day), those with no wait
    left out."""
    zone = timezone or "UTC"
    dated = df.filter(pl.col("asked").is_not_null() & pl.col("end_used").is_not_null())
    if dated.height == 0:
        return [None]
    ends = dated.select(
        pl.col("asked").dt.convert_time_zone(zone).min().alias("first"),
        # the end is excluded: a wait answered at midnight does not reach that day
        (pl.col("end_used").dt.convert_time_zone(zone) - dt.timedelta(microseconds=1)).max().alias("last"),
    ).row(0, named=True)
    first, last = ends["first"].date(), ends["last"].date()
    if (last - first).days + 1 <= QUARTER_DAYS:
        return [None]
    spans: list[tuple[dt.date, dt.date] | None] = []
    q = _quarter(first)
    while q <= last:
        nxt = _next_quarter(q)
        lo, hi = _local_midnight(q, zone), _local_midnight(nxt, zone)
        if dated.filter(pl.col("asked") < hi, pl.col("end_used") > lo).height:
            spans.append((q, nxt - dt.timedelta(days=1)))
        q = nxt
    return spans


def wait_timeline_charts(
    df: pl.DataFrame, *, lang: Lang, timezone: str | None = None
) -> list[alt.LayerChart]:
    """The timeline of `wait_timeline_chart`, readable however long: one chart when the
    waits run over at most `QUARTER_DAYS` days, else one chart per calendar quarter
    (`wait_timeline_spans`), each the same scale, its waits cut at its edges.

    Parameters and errors are those of `wait_timeline_chart`.
    """
    return [
        wait_timeline_chart(df, lang=lang, timezone=timezone, span=span)
        for span in wait_timeline_spans(df, timezone=timezone)
    ]


def wait_timeline_chart(
    df: pl.DataFrame,
    *,
    lang: Lang,
    timezone: str | None = None,
    span: tuple[dt.date, dt.date] | None = None,
) -> alt.LayerChart:
    """Each wait as a bar from the ask to the answer, one lane per client (Gantt-like).

    Answered waits are amber; open waits are a lighter amber with a dashed outline, drawn
    on top, and "en cours →" / "open →" above their end. Waits of one client may overlap:
    the bars are slightly transparent with a white edge, so overlapping waits show. Clients are sorted by
    median wait, the slowest on top; each client's name is written above its lane, so the
    bars have the chart's whole width (a phone's too).

    A long period squeezes the days: `wait_timeline_charts` cuts it into quarters.

    Parameters
    ----------
    df
        ``wait_intervals``, one row per wait: ``client``, ``item``, ``wait_kind``,
        ``asked`` and ``end_used`` (datetimes), ``open`` (Boolean), ``calendar_h`` and
        ``business_days``. Rows without ``asked`` (duration-only waits) are left out.
    lang
        ``"fr"`` or ``"en"``.
    timezone
        Draw wall times in this zone (the config's); None keeps the datetimes' own.
    span
        First and last local day of the chart (a quarter): its waits only, cut at its
        edges, on an axis of exactly those days, named in the title. None: every wait, on
        an axis as long as they are.

    Returns
    -------
    alt.LayerChart
        The bars, the clients' names, and for open waits a word at the end.

    Raises
    ------
    ValueError
        On a missing column or a bad language, or more than `MAX_ROWS` waits.
    """
    lang = check_lang(lang)
    data = wait_timeline_frame(df, lang=lang, timezone=timezone, span=span)
    open_word, closed_word = label("wait.open", lang), label("wait.closed", lang)
    order = _client_order(data)
    n_open = int(data.get_column("open").sum())
    if data.height == 0:
        subtitle = label("wait_timeline.subtitle_empty", lang)
    elif n_open:
        subtitle = label("wait_timeline.subtitle", lang, count=data.height).format(
            waits=data.height, open=n_open
        )
    else:
        subtitle = label("wait_timeline.subtitle_closed", lang, count=data.height).format(
            waits=data.height
        )
    title = label("wait_timeline.title", lang)
    if span is not None:
        first = span[0]
        quarter = text("quarter", lang, quarter=(first.month - 1) // 3 + 1, year=first.year)
        title = f"{quarter} \u00b7 {title}"  # the quarter first: a phone cuts the title's end

    y = alt.Y("client:N", sort=order, title=None, axis=None)
    if span is None:
        scale = alt.Scale(type="utc")
        axis = alt.Axis(format="%b %Y", labelOverlap="greedy", grid=True)
    else:  # the quarter's days exactly, a label at each month's start (the title names the year)
        days = [
            dt.datetime.combine(span[0], dt.time()).strftime(_ISO),
            dt.datetime.combine(span[1] + dt.timedelta(days=1), dt.time()).strftime(_ISO),
        ]
        months = pl.date_range(span[0], span[1], interval="1mo", eager=True).to_list()
        scale = alt.Scale(type="utc", domain=days)
        axis = alt.Axis(
            format="%b",
            values=[dt.datetime.combine(m, dt.time()).strftime(_ISO) for m in months],
            labelOverlap="greedy",
            grid=True,
        )
    x = alt.X("start:T", title=None, scale=scale, axis=axis)
    status_scale = alt.Scale(domain=[closed_word, open_word], range=[_WAIT, OPEN_COLOR])
    tooltip = [
        alt.Tooltip("client:N", title=label("field.client", lang)),
        alt.Tooltip("item:N", title=label("field.item", lang)),
        alt.Tooltip("kind_label:N", title=label("field.wait_kind", lang)),
        alt.Tooltip("asked_text:N", title=label("field.asked", lang)),
        alt.Tooltip("answered_text:N", title=label("field.answered", lang)),
        alt.Tooltip("days_text:N", title=label("field.wait_days", lang)),
        alt.Tooltip("business_days:Q", title=label("field.business_days", lang)),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(height=18, yOffset=8, cornerRadius=2)
        .encode(
            x=x,
            x2=alt.X2("end:T"),
            y=y,
            color=alt.Color("status:N", scale=status_scale, legend=alt.Legend(title=None)),
            opacity=alt.condition("datum.open", alt.value(1.0), alt.value(0.8)),
            stroke=alt.condition("datum.open", alt.value(_WAIT), alt.value("white")),
            strokeWidth=alt.condition("datum.open", alt.value(1.5), alt.value(0.8)),
            strokeDash=alt.condition("datum.open", alt.value([4, 3]), alt.value([1, 0])),
            tooltip=tooltip,
        )
    )
    # one word per lane with open waits, at the end of the latest: in the bar's row, after
    # it, when the chart has room there; else above the lane, ending on it (past the
    # chart's edge, the word was cut). Then the lane's name, at the left above the lane,
    # stops short of it.
    opens = (
        data.filter(pl.col("open"))
        .group_by("client", maintain_order=True)
        .agg(pl.col("end").max())
    )
    after = f"scale('x', datum.end) < width - {_OPEN_ROOM}"
    words = (
        alt.Chart(opens)
        .mark_text(
            text=f"{open_word} \u2192",
            align=alt.ExprRef(f"{after} ? 'left' : 'right'"),
            baseline="middle",
            dx=alt.ExprRef(f"{after} ? 4 : 0"),
            dy=alt.ExprRef(f"{after} ? 8 : -10"),
            color=INK,
            fontStyle="italic",
            fontWeight="bold",
        )
        .encode(x=alt.X("end:T", scale=scale, title=None), y=y)
    )
    lanes = pl.DataFrame({"client": order}, schema={"client": pl.String}).with_columns(
        open_here=pl.col("client").is_in(opens.get_column("client").implode())
    )
    names = (
        alt.Chart(lanes)
        .mark_text(
            align="left",
            baseline="middle",
            dy=-10,
            color=INK,
            fontWeight="bold",
            limit=alt.ExprRef(f"datum.open_here ? max(60, width - {_OPEN_ROOM + 90}) : width"),
        )
        .encode(x=alt.value(0), y=y, text=alt.Text("client:N"))
    )
    return finish(
        alt.LayerChart(layer=[bars, names, words]),
        title=title,
        subtitle=subtitle,
        width=640,
        height=alt.Step(_LANE),
        lang=lang,
        name="wait_timeline",
    )


# -- latency -----------------------------------------------------------------------------------


def wait_latency_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The latency ticks: one row per wait with a length, in the frame's order.

    Columns: ``client``, ``days`` (calendar days), ``open``, ``days_text``, and per
    client ``median``, ``longest``, ``waits`` and ``median_text`` (the label at the
    right of the box).
    """
    lang = check_lang(lang)
    chart_name = "wait_latency_chart"
    require(df, {"client": "string", "calendar_h": "number"}, chart=chart_name)
    _require_rows(df, chart=chart_name)
    has_open = "open" in df.columns
    data = df.select(
        _client_names("client", lang).alias("client"),
        (pl.col("calendar_h").cast(pl.Float64) / 24).alias("days"),
        (pl.col("open").fill_null(False) if has_open else pl.lit(False)).alias("open"),
    ).filter(pl.col("days").is_not_null())
    data = data.with_columns(days_text=_days_text(data.get_column("days"), lang))
    medians = data.group_by("client").agg(
        pl.col("days").median().alias("median"),
        pl.col("days").max().alias("longest"),
        pl.len().alias("waits"),
    )
    medians = medians.with_columns(
        median_text=pl.Series(
            [
                label("wait_latency.median", lang).format(
                    days=label("wait.days", lang).format(n=number(m, lang))
                )
                for m in medians.get_column("median")
            ],
            dtype=pl.String,
        )
    )
    return data.join(medians, on="client", how="left", maintain_order="left")


def wait_latency_chart(df: pl.DataFrame, *, lang: Lang) -> alt.LayerChart:
    """How long each client takes to answer: one tick per wait and a box per client.

    Parameters
    ----------
    df
        ``wait_intervals``, one row per wait: ``client`` and ``calendar_h``; ``open``
        (Boolean), if present, draws open waits as hollow ticks.
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.LayerChart
        Box plots (quartiles, whiskers to the extremes), the waits as ticks, and the
        median written at the right of each box. Days are calendar days.

    Raises
    ------
    ValueError
        On a missing column or a bad language, or more than `MAX_ROWS` waits.
    """
    lang = check_lang(lang)
    frame = wait_latency_frame(df, lang=lang)
    data = frame.select("client", "days", "open", "days_text")
    medians = (
        frame.select("client", "median", "longest", "waits", "median_text")
        .unique("client", maintain_order=True)
        .sort("client")
    )
    order = _client_order(data)
    y = alt.Y(
        "client:N",
        sort=order,
        title=None,
        axis=name_axis(limit=200),
    )
    days_title = label("axis.wait_days", lang)
    # room right of the longest wait for the median written there
    ends = medians.select("longest", "median_text").iter_rows()
    x_scale = alt.Scale(zero=True, nice=True, domainMax=room_for_labels(ends, headroom=1.0, gap=8))
    box = (
        alt.Chart(data)
        .mark_boxplot(
            extent="min-max",
            size=22,
            color=_WAIT,
            opacity=0.35,
            median={"color": INK, "strokeWidth": 2},
            rule={"color": MUTED, "opacity": 0.6},
            ticks={"color": MUTED, "size": 10},
        )
        .encode(x=alt.X("days:Q", title=days_title, scale=x_scale), y=y)
    )
    ticks = (
        alt.Chart(data)
        .mark_tick(thickness=2, size=18, color=_WAIT)
        .encode(
            x=alt.X("days:Q", title=days_title, scale=x_scale),
            y=y,
            opacity=alt.condition("datum.open", alt.value(0.4), alt.value(0.9)),
            tooltip=[
                alt.Tooltip("client:N", title=label("field.client", lang)),
                alt.Tooltip("days_text:N", title=label("field.wait_days", lang)),
            ],
        )
    )
    text = (
        alt.Chart(medians)
        .mark_text(align="left", baseline="middle", dx=8, color=MUTED)
        .encode(
            x=alt.X("longest:Q", title=days_title, scale=x_scale),
            y=y,
            text=alt.Text("median_text:N"),
        )
    )
    return finish(
        # on a phone, each name above its box (22 px thick)
        alt.LayerChart(layer=[box, ticks, text, names_above(medians.select("client"), y, bar=22)]),
        title=label("wait_latency.title", lang),
        subtitle=label("wait_latency.subtitle", lang),
        width=520,
        height=alt.Step(40),
        lang=lang,
        name="wait_latency",
    )


def _spread(values: list[float], gap: float = 0.05) -> list[float]:
    """Label heights for end-of-line labels sorted from the highest value down, pushed
    apart so two labels are at least ``gap`` of the highest value apart."""
    step = gap * max([*values, 1.0])
    out: list[float] = []
    for v in values:
        out.append(v if not out else min(v, out[-1] - step))
    return out


# -- cumulative days lost ----------------------------------------------------------------------


def wait_cumulative_frame(df: pl.DataFrame, *, lang: Lang) -> pl.DataFrame:
    """The cumulative lines: one row per client and month, by client then month.

    Columns: ``client``, ``cumulative_days``, ``month_iso`` (the first day, ISO text in
    UTC), ``days_text``, ``month_text``, and on each client's last month only (null
    elsewhere) ``end_text``, the label at the end of the line, and ``label_y``, its
    height, pushed apart from the other clients' labels.
    """
    lang = check_lang(lang)
    chart_name = "wait_cumulative_chart"
    require(
        df, {"client": "string", "month": "date", "cumulative_days": "number"}, chart=chart_name
    )
    data = df.select(
        _client_names("client", lang).alias("client"),
        pl.col("month"),
        pl.col("cumulative_days").cast(pl.Float64).fill_null(0.0),
    )
    require_unique(data, ["client", "month"], chart=chart_name)
    _require_rows(data, chart=chart_name)
    data = data.sort("client", "month").with_columns(
        pl.col("month").cast(pl.Datetime("ms")).dt.strftime(_ISO).alias("month_iso"),
    )
    data = data.with_columns(
        days_text=_days_text(data.get_column("cumulative_days"), lang, decimals=0),
        month_text=pl.Series(
            [month_text(m, lang, with_year=True, full=True) for m in data.get_column("month")],
            dtype=pl.String,
        ),
    ).drop("month")
    last = pl.col("client").is_last_distinct()
    ends = data.filter(last).sort(["cumulative_days", "client"], descending=[True, False])
    ends = ends.select(
        "client",
        end_text=pl.Series(
            [
                label("wait_cumulative.end", lang).format(client=c, days=d)
                for c, d in ends.select("client", "days_text").iter_rows()
            ],
            dtype=pl.String,
        ),
        label_y=pl.Series(_spread(ends.get_column("cumulative_days").to_list()), dtype=pl.Float64),
    )
    return data.join(ends, on="client", how="left", maintain_order="left").with_columns(
        pl.when(last).then(pl.col(c)).alias(c) for c in ("end_text", "label_y")
    )


def wait_cumulative_chart(df: pl.DataFrame, *, lang: Lang) -> alt.LayerChart:
    """Working days lost waiting, cumulated month after month, one line per client.

    Parameters
    ----------
    df
        ``cumulative_days``: one row per (``client``, ``month``) with ``month`` the first
        day (Date) and ``cumulative_days`` the running total of working days lost.
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    alt.LayerChart
        Lines with a point per month, and the client's total at the end of its line.

    Raises
    ------
    ValueError
        On a missing column, a bad language or several rows for one (client, month).
    """
    lang = check_lang(lang)
    frame = wait_cumulative_frame(df, lang=lang)
    data = frame.drop("end_text", "label_y")
    ends = frame.filter(pl.col("end_text").is_not_null()).sort(
        ["cumulative_days", "client"], descending=[True, False]
    )
    order = ends.get_column("client").to_list()
    total = float(ends.get_column("cumulative_days").sum())
    subtitle = label("wait_cumulative.subtitle", lang).format(
        total=label("wait.days", lang).format(n=number(total, lang, 0))
    )
    x = alt.X(
        "month_iso:T",
        title=None,
        scale=alt.Scale(type="utc"),
        axis=alt.Axis(format="%b %Y", labelOverlap="greedy", grid=False),
    )
    y = alt.Y("cumulative_days:Q", title=label("axis.cumulative_days", lang))
    colors = [_CLIENT_COLORS[i % len(_CLIENT_COLORS)] for i in range(len(order))]
    color = alt.Color(
        "client:N",
        sort=order,
        scale=alt.Scale(domain=order, range=colors),
        legend=None,
    )
    lines = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2.5, interpolate="monotone")
        .encode(
            x=x,
            y=y,
            color=color,
            tooltip=[
                alt.Tooltip("client:N", title=label("field.client", lang)),
                alt.Tooltip("month_text:N", title=label("field.month", lang)),
                alt.Tooltip("days_text:N", title=label("field.business_days", lang)),
            ],
        )
    )
    end_labels = (
        alt.Chart(ends)
        .mark_text(align="left", baseline="middle", dx=8, fontWeight="bold")
        .encode(
            x=x,
            y=alt.Y("label_y:Q", title=label("axis.cumulative_days", lang)),
            color=color,
            text=alt.Text("end_text:N"),
        )
    )
    return finish(
        alt.LayerChart(layer=[lines, end_labels]),
        title=label("wait_cumulative.title", lang),
        subtitle=subtitle,
        width=560,
        height=340,
        lang=lang,
        name="wait_cumulative",
    )
