"""What every chart module shares: the input checks, the kind columns and colours, the text
columns, and `finish`, the tail every chart ends with.

Each chart is written in two parts. A public ``*_frame`` function checks the aggregated
frame it is given and builds the data the chart draws: one small eager polars frame, its
words and numbers already written for people (``hours_text``, ``kind_label``…), so a test
can compare it with `polars.testing.assert_frame_equal`. Where a chart also draws a label
per bar or per client (totals, shares, medians), the frame carries those columns on each
row and the layer part takes them with a ``select`` / ``unique``. The ``*_chart`` function
then draws that frame in altair layers and hands the result to `finish`, which writes the
title, subtitle, description, size and ``usermeta`` in one way for every chart.

Each chart records its language and name in ``usermeta`` (``{"cmtime": {"lang": "fr",
"chart": "iceberg"}}``) so `cmtime.outputs.export` can format numbers and dates the same way
without being told twice.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypeVar

import altair as alt
import polars as pl

from cmtime.charts.theme import INK, KIND_COLORS
from cmtime.text.labels import KIND_ORDER, Lang, hours, label

__all__ = [
    "EFFORT_KINDS",
    "NARROW",
    "Expected",
    "abs_axis",
    "alt_text",
    "finish",
    "hours_texts",
    "kind_color",
    "kind_columns",
    "name_axis",
    "name_scale",
    "names_above",
    "number_or",
    "require",
    "require_effort_kinds",
    "require_unique",
    "room_for_labels",
    "usermeta",
    "wrap",
]

Expected = Literal["string", "number", "date"]
EFFORT_KINDS = ("visible", "hidden", "unclassified")

_C = TypeVar("_C", alt.Chart, alt.LayerChart)


# -- checks -------------------------------------------------------------------------------


def number_or(value: object, default: float) -> float:
    """An aggregate of a numeric column (``series.max()``, ``.min()``, ``.median()``) as a
    float, or ``default`` when it is null or zero (an empty frame, a chart with nothing to
    scale).

    >>> number_or(pl.Series([1, 3]).max(), 1.0), number_or(pl.Series([], dtype=pl.Float64).max(), 1.0)
    (3.0, 1.0)
    """
    if not value:
        return default
    if isinstance(value, int | float):
        return float(value)
    msg = f"not a number: {value!r}"
    raise TypeError(msg)


def require(df: pl.DataFrame, columns: Mapping[str, Expected], *, chart: str) -> None:
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


def require_unique(df: pl.DataFrame, keys: Sequence[str], *, chart: str) -> None:
    """Raise if ``keys`` repeat: raw entries must be aggregated before charting."""
    dup = df.select(keys).filter(pl.struct(keys).is_duplicated())
    if dup.height:
        first = ", ".join(f"{k}={v!r}" for k, v in dup.row(0, named=True).items())
        msg = (
            f"{chart}: expected one row per ({', '.join(keys)}), found several for {first}; "
            "aggregate the entries first"
        )
        raise ValueError(msg)


def require_effort_kinds(df: pl.DataFrame, *, chart: str) -> None:
    """Raise on kinds other than visible, hidden and unclassified (waits are not effort)."""
    kinds = df.get_column("kind").cast(pl.String).unique().to_list()
    for kind in kinds:
        if kind == "wait":
            msg = f"{chart}: kind 'wait' is client waiting time, not effort; filter it out"
            raise ValueError(msg)
        if kind not in EFFORT_KINDS:
            msg = f"{chart}: unknown kind {kind!r}; expected one of {', '.join(EFFORT_KINDS)}"
            raise ValueError(msg)


# -- columns and encodings ----------------------------------------------------------------


def kind_columns(kind: str | pl.Expr, lang: Lang) -> list[pl.Expr]:
    """Translated kind label and stacking rank (visible first, nearest the axis)."""
    col = pl.col(kind) if isinstance(kind, str) else kind
    return [
        col.replace_strict({k: label(k, lang) for k in KIND_ORDER}).alias("kind_label"),
        col.replace_strict({k: i for i, k in enumerate(KIND_ORDER)}).alias("rank"),
    ]


def kind_color(kinds: Iterable[str], lang: Lang) -> alt.Color:
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


def hours_texts(values: Iterable[float | None], lang: Lang) -> pl.Series:
    """Hours written for people; the frames here are aggregated, so a few rows at most."""
    return pl.Series([hours(v, lang) for v in values], dtype=pl.String)


def abs_axis() -> alt.Axis:
    """A quantitative axis whose labels drop the sign (hours below the waterline)."""
    return alt.Axis(labelExpr="format(abs(datum.value), ',~g')", tickCount=6)


#: the widest a character of a chart's 12 px text is drawn (bold, DejaVu Sans), in px
CHAR_PX = 8.4


def room_for_labels(ends: Iterable[tuple[float | None, str]], *, headroom: float, gap: float) -> alt.ExprRef:
    """The end of a value scale that leaves room for a label written past each bar's end.

    ``ends`` holds each bar's length and the label written ``gap`` px past it. The scale
    ends where every label fits inside the plot at the width the chart is drawn at (the
    Vega ``width`` signal: a phone's is a third of a desktop cell's), and never before
    ``headroom`` times the longest bar. A label is reckoned at `CHAR_PX` a character,
    and the bars keep at least a third of the plot however long the labels are.
    """
    pairs = sorted({(max(float(length or 0.0), 0.0), gap + CHAR_PX * len(text)) for length, text in ends})
    top = max([length for length, _ in pairs] + [1.0])
    fits = [f"{length!r} * width / max(width - {room!r}, width / 3)" for length, room in pairs if length > 0]
    return alt.ExprRef(expr=f"max({', '.join([repr(top * headroom), *fits])})")


#: the page gives the chart less than 420 px (a phone): the Vega test of the chart's box,
#: false where there is none (an SVG drawn by vl-convert, which has the chart's own width)
NARROW = "(containerSize()[0] || 420) < 420"


def name_axis(*, limit: int) -> alt.Axis:
    """The axis of names left of horizontal bars, empty where the chart is `NARROW`:
    there `names_above` writes each name above its bar, and the bars get the width."""
    return alt.Axis(
        labelColor=INK, labelFontWeight="bold", labelLimit=limit, labelExpr=f"{NARROW} ? '' : datum.value"
    )


def name_scale() -> alt.Scale:
    """The band scale of `name_axis`: where the chart is `NARROW`, thinner bars, with the
    room above each for its name."""
    return alt.Scale(paddingInner=alt.ExprRef(expr=f"{NARROW} ? 0.55 : 0.1"))


def names_above(data: pl.DataFrame, y: alt.Y, *, bar: float) -> alt.Chart:
    """The names of ``y``'s axis, written above their bars (``bar`` px thick where the chart
    is `NARROW`) from the plot's left edge; empty where the chart is not `NARROW`."""
    field = str(y.shorthand).split(":", 1)[0]
    names: alt.Chart = (
        alt.Chart(data)
        .transform_calculate(name=f"{NARROW} ? datum[{field!r}] : ''")
        .mark_text(align="left", baseline="bottom", dy=-(bar / 2 + 1), color=INK, fontWeight="bold")
        .encode(y=y, x=alt.value(0), text=alt.Text("name:N"))
    )
    return names


def wrap(text: str, width: int = 13) -> str:
    """Break a long name into lines (joined by newlines) for a band axis."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


# -- the tail of every chart --------------------------------------------------------------


def usermeta(lang: Lang, chart: str) -> dict[str, dict[str, str]]:
    return {"cmtime": {"lang": lang, "chart": chart}}


def alt_text(title: str, subtitle: str, *, lang: Lang, name: str) -> str:
    """The chart's description for screen readers: its title, what it draws (the
    ``alt.{name}`` label) and its subtitle, as sentences."""
    parts = (title, label(f"alt.{name}", lang), subtitle)
    return " ".join(p if p.endswith((".", "?", "!", "…")) else f"{p}." for p in parts if p)


def finish(
    chart: _C,
    *,
    title: str,
    subtitle: str,
    width: int,
    height: Any,
    lang: Lang,
    name: str,
) -> _C:
    """``chart`` with its title and subtitle, its size, ``usermeta`` naming the language
    and the chart (``name``) for `cmtime.outputs.export`, and a description (`alt_text`).

    Vega-Lite puts the top-level ``description`` on the web page's container only, not
    in the SVG that vl-convert draws; the same text set on the ``cell`` style (the
    chart's root group) gives that group an ``aria-label`` in every SVG. Being a
    config, it makes the chart a top-level one: altair will not layer or concatenate it
    into another chart (cmtime draws each chart alone).
    """
    description = alt_text(title, subtitle, lang=lang, name=name)
    done: _C = chart.properties(
        title=alt.Title(title, subtitle=subtitle),
        description=description,
        width=width,
        height=height,
        usermeta=usermeta(lang, name),
    ).configure(style={"cell": {"description": description}})
    return done
