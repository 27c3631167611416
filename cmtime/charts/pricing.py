"""Pricing charts: perceived vs effective rate, the fee against the work, the clients map.

Each function takes a small aggregated frame from `cmtime.analysis.pricing` (`period_pricing` or
`monthly_pricing`, collected), checks its columns, and returns an altair chart with every
word from `cmtime.text.labels` and amounts written by `money` / `money_rate`. Visible
work keeps its bright colour (what the client sees: the perceived rate, the fee billed)
and hidden work its deep blue (the effective rate, the price of all the work), so the
story reads the same as the iceberg. Nothing is saved or displayed here.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from cmtime.charts._common import finish, number_or, require, require_unique
from cmtime.charts.theme import INK, KIND_COLORS, MUTED, WATER
from cmtime.text.labels import (
    Lang,
    check_lang,
    currency_symbol,
    hours,
    label,
    money,
    money_rate,
    month_text,
)

__all__ = [
    "clients_map_chart",
    "clients_map_frame",
    "fee_vs_suggested_chart",
    "fee_vs_suggested_frame",
    "rates_chart",
    "rates_frame",
]

_TARGET = KIND_COLORS["wait"]  # the target stands out in amber, as a warning line
_PERCEIVED = KIND_COLORS["visible"]
_EFFECTIVE = KIND_COLORS["hidden"]
#: Plot widths (px) under which the rates chart writes its rates under their points.
_NARROW = 420
#: The longest client name above a line of the rates chart, in px (then "…").
_NAME_LIMIT = 300


def _unit(currency: str, *, per_hour: bool) -> str:
    symbol = currency_symbol(currency)
    return f"{symbol}/h" if per_hour else symbol


def _texts(values: list[float | None], currency: str, lang: Lang, *, per_hour: bool) -> pl.Series:
    fmt = money_rate if per_hour else money
    return pl.Series([fmt(v, currency, lang) for v in values], dtype=pl.String)


def _clients(lang: Lang) -> pl.Expr:
    return pl.col("client").cast(pl.String).fill_null(label("no_client", lang)).alias("client")


def _one_target(df: pl.DataFrame, *, chart: str) -> float | None:
    values = df.get_column("target_rate").drop_nulls().unique().to_list()
    if len(values) > 1:
        msg = f"{chart}: expected one target_rate, found {sorted(values)}"
        raise ValueError(msg)
    return float(values[0]) if values else None


# -- rates -----------------------------------------------------------------------------------


def rates_frame(df: pl.DataFrame, *, lang: Lang, currency: str = "EUR") -> pl.DataFrame:
    """The rates' points: one row per client and known rate (perceived, then effective),
    clients by effective rate, lowest first (unknown last), then by name.

    Columns: ``client``, ``rate`` (``perceived_rate`` or ``effective_rate``), ``value``,
    ``rate_label``, ``value_text``, ``dx`` (the label's side), and per client
    ``effective_rate`` and ``perceived_rate`` (the two ends of the line between them).
    """
    lang = check_lang(lang)
    chart_name = "rates_chart"
    require(
        df,
        {"client": "string", "effective_rate": "number", "perceived_rate": "number"},
        chart=chart_name,
    )
    clients = (
        df.select(
            _clients(lang),
            pl.col("effective_rate").cast(pl.Float64),
            pl.col("perceived_rate").cast(pl.Float64),
        )
        .filter(pl.col("effective_rate").is_not_null() | pl.col("perceived_rate").is_not_null())
        .sort(["effective_rate", "client"], nulls_last=True)
    )
    require_unique(clients, ["client"], chart=chart_name)
    names = _rate_names(lang)
    points = clients.unpivot(
        index="client",
        on=["perceived_rate", "effective_rate"],
        variable_name="rate",
        value_name="value",
    ).drop_nulls("value")
    points = points.with_columns(
        pl.col("rate").replace_strict(names, return_dtype=pl.String).alias("rate_label"),
        value_text=_texts(points.get_column("value").to_list(), currency, lang, per_hour=True),
        # the label goes on the outer side of each point
        dx=pl.when(pl.col("rate") == "perceived_rate").then(10).otherwise(-10),
    )
    return points.join(clients, on="client", how="left", maintain_order="left")


def _rate_names(lang: Lang) -> dict[str, str]:
    return {
        "effective_rate": label("rate.effective", lang),
        "perceived_rate": label("rate.perceived", lang),
    }


def rates_chart(
    df: pl.DataFrame, *, lang: Lang, target: float, currency: str = "EUR"
) -> alt.LayerChart:
    """Per client, the perceived rate (fee / visible hours) against the effective rate
    (fee / all hours), joined by a line, with the target rate as a vertical rule.

    Parameters
    ----------
    df
        `cmtime.analysis.pricing.period_pricing`, collected: one row per client with ``client``,
        ``effective_rate`` and ``perceived_rate``; clients with neither rate (no
        contract) are left out.
    lang
        ``"fr"`` or ``"en"``.
    target
        The target hourly rate, drawn as a rule.
    currency
        ISO code for the units (``€/h``).

    Returns
    -------
    alt.LayerChart
        Dumbbells (rule and two points per client), their values, and the target rule.

    Raises
    ------
    ValueError
        On a missing column, a bad language or several rows for one client.
    """
    lang = check_lang(lang)
    frame = rates_frame(df, lang=lang, currency=currency)
    clients = (
        frame.select("client", "effective_rate", "perceived_rate")
        .unique("client", maintain_order=True)
        .sort(["effective_rate", "client"], nulls_last=True)
    )
    points = frame.select("client", "rate", "value", "rate_label", "value_text", "dx")
    order = clients.get_column("client").to_list()
    names = _rate_names(lang)
    unit = _unit(currency, per_hour=True)
    top = max([target, *points.get_column("value").to_list()])
    x_title = label("axis.rate", lang).format(unit=unit)
    x_scale = alt.Scale(domain=[0, top * 1.12], nice=True, zero=True)
    x = alt.X("value:Q", title=x_title, scale=x_scale)
    # the client's name above its line, from the left edge, not an axis label beside it:
    # a phone's width goes to the rates, and a low effective rate's label, left of its
    # point near zero, no longer runs into the name (they overlapped at 390 px)
    y = alt.Y("client:N", sort=order, title=None, axis=None)
    color = alt.Color(
        "rate_label:N",
        title=None,
        scale=alt.Scale(
            domain=[names["perceived_rate"], names["effective_rate"]],
            range=[_PERCEIVED, _EFFECTIVE],
        ),
        legend=alt.Legend(title=None, labelLimit=400),
    )
    tooltip = [
        alt.Tooltip("client:N", title=label("field.client", lang)),
        alt.Tooltip("rate_label:N", title=label("field.rate_kind", lang)),
        alt.Tooltip("value_text:N", title=label("field.rate", lang)),
    ]
    bars = (
        alt.Chart(clients)
        .mark_rule(strokeWidth=3, color="#C5CCD5")
        .encode(
            x=alt.X("effective_rate:Q", scale=x_scale, title=x_title),
            x2=alt.X2("perceived_rate:Q"),
            y=y,
        )
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=160, opacity=1)
        .encode(x=x, y=y, color=color, tooltip=tooltip)
    )
    names_above = (
        alt.Chart(clients)
        .mark_text(align="left", baseline="bottom", dy=-9, color=INK, limit=_NAME_LIMIT)
        .encode(x=alt.value(0), y=y, text=alt.Text("client:N"))
    )
    # Each rate written outside its end of the line: the effective rate (always the lower)
    # to the left, the perceived rate to the right. On a narrow chart (a phone) the two
    # go under their points, still apart (one ends where its point is, the other starts
    # there), so that a label never crosses the edge or the other one.
    def rate_text(rate: str, side: int, color: str) -> alt.Chart:
        """The rates of one kind, beside their points on ``side`` (1: right, -1: left)."""
        narrow = f"width < {_NARROW}"
        chart: alt.Chart = (
            alt.Chart(points.filter(pl.col("rate") == rate))
            .mark_text(
                align="left" if side > 0 else "right",
                baseline=alt.ExprRef(f"{narrow} ? 'top' : 'middle'"),
                dx=alt.ExprRef(f"{narrow} ? {-6 * side} : {10 * side}"),
                dy=alt.ExprRef(f"{narrow} ? 9 : 0"),
                fontWeight="bold",
                color=color,
            )
            .encode(x=x, y=y, text=alt.Text("value_text:N"))
        )
        return chart

    right = rate_text("perceived_rate", 1, _PERCEIVED)
    left = rate_text("effective_rate", -1, _EFFECTIVE)
    target_row = pl.DataFrame(
        {
            "value": [float(target)],
            "text": [label("rate.target", lang).format(rate=money_rate(target, currency, lang))],
        }
    )
    rule = (
        alt.Chart(target_row)
        .mark_rule(color=_TARGET, strokeWidth=2, strokeDash=[6, 4])
        .encode(x=alt.X("value:Q", scale=x_scale, title=x_title))
    )
    rule_text = (
        alt.Chart(target_row)
        .mark_text(color=_TARGET, fontWeight="bold", align="left", baseline="bottom", dx=5, dy=-4)
        .encode(x=alt.X("value:Q", scale=x_scale, title=x_title), y=alt.value(0), text=alt.Text("text:N"))
    )
    return finish(
        alt.LayerChart(layer=[bars, dots, names_above, right, left, rule, rule_text]),
        title=label("rates.title", lang),
        subtitle=label("rates.subtitle", lang),
        width=600,
        height=max(160, 56 * len(order)),
        lang=lang,
        name="rates",
    )


# -- fee against the fair price, month by month ----------------------------------------------


def fee_vs_suggested_frame(df: pl.DataFrame, *, lang: Lang, currency: str = "EUR") -> pl.DataFrame:
    """The monthly amounts: one row per month and series (the fee, then the fair price),
    by series then month; an unknown amount stays as a null row (not drawn; its month
    keeps its place on the axis).

    Columns: ``month``, ``series`` (``fee`` or ``suggested_fee_month``), ``amount``,
    ``month_text`` (with the year when the months span several), ``series_label`` and
    ``amount_text``.
    """
    lang = check_lang(lang)
    chart_name = "fee_vs_suggested_chart"
    require(
        df,
        {
            "client": "string",
            "month": "date",
            "fee": "number",
            "suggested_fee_month": "number",
            "target_rate": "number",
        },
        chart=chart_name,
    )
    clients = df.get_column("client").cast(pl.String).unique().to_list()
    if len(clients) > 1:
        msg = f"{chart_name}: expected one client, found {len(clients)}; filter the frame first"
        raise ValueError(msg)
    require_unique(df, ["month"], chart=chart_name)
    _one_target(df, chart=chart_name)
    frame = df.select(
        pl.col("month"),
        pl.col("fee").cast(pl.Float64),
        pl.col("suggested_fee_month").cast(pl.Float64),
    ).sort("month")
    months: list[dt.date] = frame.get_column("month").to_list()
    with_year = len({m.year for m in months}) > 1
    month_names = {m: month_text(m, lang, with_year=with_year) for m in months}
    long = frame.unpivot(
        index="month",
        on=["fee", "suggested_fee_month"],
        variable_name="series",
        value_name="amount",
    )
    return long.with_columns(
        pl.col("month").replace_strict(month_names, return_dtype=pl.String).alias("month_text"),
        pl.col("series")
        .replace_strict(_fee_series(lang), return_dtype=pl.String)
        .alias("series_label"),
        amount_text=_texts(long.get_column("amount").to_list(), currency, lang, per_hour=False),
    )


def _fee_series(lang: Lang) -> dict[str, str]:
    return {"fee": label("fee.current", lang), "suggested_fee_month": label("fee.suggested", lang)}


def fee_vs_suggested_chart(
    df: pl.DataFrame, *, lang: Lang, currency: str = "EUR", suggested: float | None = None
) -> alt.LayerChart:
    """For one client, each month's fee (bars) against the fair price of its work (line).

    Parameters
    ----------
    df
        `cmtime.analysis.pricing.monthly_pricing` for one client, collected: ``client``,
        ``month`` (Date), ``fee``, ``suggested_fee_month`` and ``target_rate``.
    lang
        ``"fr"`` or ``"en"``.
    currency
        ISO code for the amounts.
    suggested
        The proposed monthly fee (`period_pricing`'s ``suggested_fee``), drawn as a
        dashed rule when given.

    Returns
    -------
    alt.LayerChart
        Bars, a line with points, and the optional rule with its label.

    Raises
    ------
    ValueError
        On a missing column, several clients, or several rows for one month.
    """
    lang = check_lang(lang)
    frame = fee_vs_suggested_frame(df, lang=lang, currency=currency)
    client = df.get_column("client").cast(pl.String).first()
    name = client if client is not None else label("no_client", lang)
    target = _one_target(df, chart="fee_vs_suggested_chart")
    series = _fee_series(lang)
    month_order = frame.unique("month", maintain_order=True).sort("month")
    months = month_order.get_column("month").to_list()
    long = frame.drop_nulls("amount")
    unit = _unit(currency, per_hour=False)
    x = alt.X(
        "month_text:O",
        sort=month_order.get_column("month_text").to_list(),
        title=None,
        axis=alt.Axis(labelAngle=0, labelColor=INK),
    )
    y_title = label("axis.monthly_fee", lang).format(unit=unit)
    y_scale = alt.Scale(zero=True, nice=True)
    y = alt.Y("amount:Q", title=y_title, scale=y_scale)
    color = alt.Color(
        "series_label:N",
        title=None,
        scale=alt.Scale(domain=list(series.values()), range=[_PERCEIVED, _EFFECTIVE]),
        legend=alt.Legend(title=None),
    )
    tooltip = [
        alt.Tooltip("month_text:N", title=label("field.month", lang)),
        alt.Tooltip("series_label:N", title=label("field.series", lang)),
        alt.Tooltip("amount_text:N", title=label("field.amount", lang)),
    ]
    base = alt.Chart(long)
    bars = (
        base.transform_filter(alt.datum.series == "fee")
        .mark_bar(opacity=0.85, width={"band": 0.6})
        .encode(x=x, y=y, color=color, tooltip=tooltip)
    )
    line = (
        base.transform_filter(alt.datum.series == "suggested_fee_month")
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(filled=True, size=50))
        .encode(x=x, y=y, color=color, tooltip=tooltip)
    )
    layers: list[alt.Chart] = [bars, line]
    if suggested is not None:
        row = pl.DataFrame(
            {
                "amount": [float(suggested)],
                "text": [label("fee.proposed", lang).format(fee=money(suggested, currency, lang))],
            }
        )
        layers.append(
            alt.Chart(row)
            .mark_rule(color=_TARGET, strokeWidth=2, strokeDash=[6, 4])
            .encode(y=alt.Y("amount:Q", scale=y_scale, title=y_title))
        )
        layers.append(
            alt.Chart(row)
            # right of the plot, where no bar or line can cross it
            .mark_text(color=_TARGET, fontWeight="bold", align="left", baseline="middle", dx=6)
            .encode(
                y=alt.Y("amount:Q", scale=y_scale, title=y_title),
                x=alt.value("width"),
                text=alt.Text("text:N"),
            )
        )
    return finish(
        alt.LayerChart(layer=layers),
        title=label("fee_chart.title", lang).format(client=name),
        subtitle=label("fee_chart.subtitle", lang).format(
            rate=money_rate(target, currency, lang) if target is not None else "—"
        ),
        width=max(560, 48 * len(months)),
        height=320,
        lang=lang,
        name="fee_vs_suggested",
    )


# -- the clients map -----------------------------------------------------------------------


def clients_map_frame(df: pl.DataFrame, *, lang: Lang, currency: str = "EUR") -> pl.DataFrame:
    """The map's points: one row per client with a fee and hours, in the frame's order.

    Columns: ``client``, ``effort_h``, ``fee``, ``effective_rate``, ``fee_text``,
    ``rate_text``, ``hours_text``, ``point_text`` ("name · rate") and ``left`` (the
    label goes on the left of the point, in the right part of the plot).
    """
    lang = check_lang(lang)
    chart_name = "clients_map_chart"
    require(
        df,
        {
            "client": "string",
            "effort_h": "number",
            "fee": "number",
            "effective_rate": "number",
            "target_rate": "number",
        },
        chart=chart_name,
    )
    _one_target(df, chart=chart_name)
    frame = df.select(
        _clients(lang),
        pl.col("effort_h").cast(pl.Float64),
        pl.col("fee").cast(pl.Float64),
        pl.col("effective_rate").cast(pl.Float64),
    ).filter(pl.col("fee").is_not_null() & pl.col("effort_h").is_not_null())
    require_unique(frame, ["client"], chart=chart_name)
    frame = frame.with_columns(
        fee_text=_texts(frame.get_column("fee").to_list(), currency, lang, per_hour=False),
        rate_text=_texts(
            frame.get_column("effective_rate").to_list(), currency, lang, per_hour=True
        ),
        hours_text=pl.Series(
            [hours(v, lang) for v in frame.get_column("effort_h")], dtype=pl.String
        ),
    )
    return frame.with_columns(
        point_text=pl.concat_str(["client", "rate_text"], separator=" · "),
        left=pl.col("effort_h") > _map_width(frame) * 0.6,
    )


def _map_width(frame: pl.DataFrame) -> float:
    """The x extent of the map: the most hours, with room for the labels."""
    return max(1.0, number_or(frame.get_column("effort_h").max(), 1.0)) * 1.15


def _spread(fees: pl.Series, gap: float) -> pl.Series:
    """Label heights at least ``gap`` apart (one text line): from the lowest up, a label
    too close to the one below moves up, so two clients with nearly the same fee never
    print on top of each other, whatever the target rate."""
    values = fees.to_list()
    out = list(values)
    last: float | None = None
    for i in sorted(range(len(values)), key=lambda i: values[i]):
        if last is not None and out[i] < last + gap:
            out[i] = last + gap
        last = out[i]
    return pl.Series(fees.name, out, dtype=pl.Float64)


def clients_map_chart(df: pl.DataFrame, *, lang: Lang, currency: str = "EUR") -> alt.LayerChart:
    """Clients placed by hours worked (x) and fee (y) over the period, with the line
    fee = target rate * hours: a client below the line is underpriced.

    Parameters
    ----------
    df
        `cmtime.analysis.pricing.period_pricing`, collected: ``client``, ``effort_h``, ``fee``,
        ``effective_rate`` and ``target_rate`` (one value); clients without a fee are
        left out.
    lang
        ``"fr"`` or ``"en"``.
    currency
        ISO code for the amounts.

    Returns
    -------
    alt.LayerChart
        The shaded underpriced zone, the target line, the clients and their names.

    Raises
    ------
    ValueError
        On a missing column, several target rates or several rows for one client.
    """
    lang = check_lang(lang)
    frame = clients_map_frame(df, lang=lang, currency=currency)
    target = _one_target(df, chart="clients_map_chart")
    rate = target or 0.0
    max_x = _map_width(frame)
    max_y = max([1.0, *frame.get_column("fee").to_list(), rate * max_x]) * 1.05
    x_scale = alt.Scale(domain=[0, max_x], zero=True, nice=False)
    y_scale = alt.Scale(domain=[0, max_y], zero=True, nice=False)
    unit = _unit(currency, per_hour=False)
    x = alt.X(
        "effort_h:Q",
        title=label("axis.effort_period", lang),
        scale=x_scale,
        axis=alt.Axis(tickCount=8),
    )
    y = alt.Y("fee:Q", title=label("axis.fee", lang).format(unit=unit), scale=y_scale)
    layers: list[alt.Chart] = []
    rate_text = money_rate(target, currency, lang) if target is not None else "—"
    if target is not None:
        xs = [0.0, max_x]
        line_df = pl.DataFrame({"effort_h": xs, "fee": [rate * v for v in xs], "zero": [0.0, 0.0]})
        layers.append(
            alt.Chart(line_df).mark_area(color=WATER, opacity=0.9).encode(x=x, y=y, y2=alt.Y2("zero:Q"))
        )
        layers.append(
            alt.Chart(line_df)
            .mark_line(color=_TARGET, strokeWidth=2, strokeDash=[6, 4], clip=True)
            .encode(x=x, y=y)
        )
        # name the line where it leaves the plot, and the zone under it
        end_x = min(max_x, max_y / rate) if rate > 0 else max_x
        notes = pl.DataFrame(
            {
                "effort_h": [end_x * 0.97, max_x * 0.97],
                "fee": [rate * end_x * 0.97, max_y * 0.03],
                "text": [label("map.line", lang).format(rate=rate_text), label("map.under", lang)],
                "kind": ["line", "zone"],
            }
        )
        layers.append(
            alt.Chart(notes.filter(pl.col("kind") == "line"))
            .mark_text(color=_TARGET, fontWeight="bold", align="right", baseline="bottom", dy=-6)
            .encode(x=x, y=y, text=alt.Text("text:N"))
        )
        layers.append(
            alt.Chart(notes.filter(pl.col("kind") == "zone"))
            .mark_text(color=MUTED, fontStyle="italic", align="right", baseline="bottom")
            .encode(x=x, y=y, text=alt.Text("text:N"))
        )
    tooltip = [
        alt.Tooltip("client:N", title=label("field.client", lang)),
        alt.Tooltip("hours_text:N", title=label("field.effort", lang)),
        alt.Tooltip("fee_text:N", title=label("field.fee", lang)),
        alt.Tooltip("rate_text:N", title=label("rate.effective", lang)),
    ]
    # one line per client, "name · rate", on the left of the points in the right part
    points = alt.Chart(frame).encode(x=x, y=y)
    layers.append(
        points.mark_point(filled=True, size=140, color=_EFFECTIVE, opacity=1).encode(
            tooltip=tooltip
        )
    )
    # labels of both sides can meet in the middle: all are spread apart together
    labelled = frame.with_columns(fee=_spread(frame.get_column("fee"), max_y / 400 * 16))
    for on_left in (False, True):
        layers.append(
            alt.Chart(labelled.filter(pl.col("left") == on_left))
            .mark_text(
                align="right" if on_left else "left",
                dx=-10 if on_left else 10,
                color=INK,
                fontWeight="bold",
            )
            .encode(x=x, y=y, text=alt.Text("point_text:N"))
        )
    return finish(
        alt.LayerChart(layer=layers),
        title=label("map.title", lang),
        subtitle=label("map.subtitle", lang).format(rate=rate_text),
        width=600,
        height=400,
        lang=lang,
        name="clients_map",
    )
