"""The agency owner's margin per client: what the fee leaves once the team's hours are paid.

For ``04-pricing`` only, never for a client report. Words from
`cmtime.text.notebooks`, amounts written by `money` and `percent`.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from cmtime.charts._common import finish
from cmtime.charts.theme import INK, MUTED
from cmtime.text.format import Lang, check_lang, currency_symbol, money, percent
from cmtime.text.notebooks import text

__all__ = ["margins_chart"]

_COST = "#9AA5B4"
_MARGIN = "#2F9E6B"
_LOSS = "#D1495B"


def margins_chart(df: pl.DataFrame, *, lang: Lang, currency: str = "EUR") -> alt.LayerChart:
    """Per client, the fee as a bar split into cost and margin, with the margin rate.

    Parameters
    ----------
    df
        One row per client: ``client``, ``fee``, ``cost``, ``margin`` and ``margin_rate``
        (margin / fee), e.g. `cmtime.interfaces.widgets.margins_frame`.
    lang
        ``"fr"`` or ``"en"``.
    currency
        ISO code for the amounts.
    """
    lang = check_lang(lang)
    frame = df.select("client", "fee", "cost", "margin", "margin_rate").sort("margin_rate")
    order = frame.get_column("client").to_list()
    cost, margin, loss = (text(k, lang) for k in ("col.cost", "col.margin", "margin.loss"))
    # cost up to the fee in grey, then the margin in green, or the loss past the fee in red
    parts = pl.concat(
        [
            frame.select(
                "client",
                pl.lit(cost).alias("part"),
                pl.lit(0.0).alias("start"),
                pl.min_horizontal("cost", "fee").alias("end"),
            ),
            frame.select(
                "client",
                pl.when(pl.col("margin") >= 0)
                .then(pl.lit(margin))
                .otherwise(pl.lit(loss))
                .alias("part"),
                pl.min_horizontal("cost", "fee").alias("start"),
                pl.max_horizontal("cost", "fee").alias("end"),
            ),
        ]
    )
    parts = parts.with_columns(
        amount_text=pl.Series(
            [money(b - a, currency, lang) for a, b in parts.select("start", "end").rows()],
            dtype=pl.String,
        )
    )
    labels = frame.with_columns(
        rate_text=pl.Series(
            [percent(r, lang) if r is not None else "" for r in frame.get_column("margin_rate")],
            dtype=pl.String,
        ),
        x=pl.max_horizontal("fee", "cost"),
    )
    unit = currency_symbol(currency, lang)
    y = alt.Y("client:N", sort=order, title=None, axis=alt.Axis(labelColor=INK, labelLimit=240))
    x_title = f"{text('col.fee', lang)} ({unit})"
    bars = (
        alt.Chart(parts)
        .mark_bar(height=18)
        .encode(
            x=alt.X("start:Q", title=x_title, axis=alt.Axis(tickCount=6, labelOverlap="greedy")),
            x2=alt.X2("end:Q"),
            y=y,
            color=alt.Color(
                "part:N",
                scale=alt.Scale(
                    domain=[cost, margin, loss],
                    range=[_COST, _MARGIN, _LOSS],
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("client:N", title=text("col.client", lang)),
                alt.Tooltip("part:N", title=" "),
                alt.Tooltip("amount_text:N", title=text("col.fee", lang)),
            ],
        )
    )
    rates = (
        alt.Chart(labels)
        .mark_text(align="left", dx=6, fontWeight="bold")
        .encode(
            x=alt.X("x:Q"),
            y=y,
            text=alt.Text("rate_text:N"),
            color=alt.condition(alt.datum.margin < 0, alt.value(_LOSS), alt.value(MUTED)),
        )
    )
    return finish(
        alt.LayerChart(layer=[bars, rates]),
        title=text("margin.title", lang),
        subtitle=text("margin.subtitle", lang),
        width=520,
        height=alt.Step(30),
        lang=lang,
        name="margins",
    )
