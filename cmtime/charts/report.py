"""The share report's charts, in the client's voice, drawn as static SVG.

Each function takes a small aggregated frame and a ``size``: ``"page"`` (the desktop page
and A4, 620 px of drawing) or ``"phone"`` (300 px, for a 390 px screen). Titles and
subtitles are wrapped to the width, axis labels never repeat, and every text comes from
`cmtime.text.report`.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

import altair as alt
import polars as pl

from cmtime.analysis.report import (
    ActivitiesSection,
    MonthsSection,
    OffhoursSection,
    ReportModel,
    Section,
    WaitsSection,
)
from cmtime.charts._common import hours_texts, number_or
from cmtime.charts.theme import CATEGORY_COLORS, INK, KIND_COLORS, MUTED, WATER, WATERLINE
from cmtime.text.labels import Lang, check_lang, hours, month_text, percent
from cmtime.text.report import Voice, days_short, text, vocabulary
from cmtime.text.sections import month_label

__all__ = [
    "SIZES",
    "SectionChart",
    "Size",
    "activity_bars_chart",
    "months_iceberg_chart",
    "offhours_moments_chart",
    "section_charts",
    "waits_bars_chart",
]

Size = Literal["page", "phone"]
#: Width of the drawing area in px for each size.
SIZES: Final[dict[Size, int]] = {"page": 620, "phone": 250}
#: Answered and still-open waits: a calm blue and a warm orange, apart for any eye.
ANSWERED: Final = WATERLINE
OPEN: Final = "#E8743B"


def _width(size: Size) -> int:
    if size not in SIZES:
        msg = f"unknown chart size {size!r}: expected 'page' or 'phone'"
        raise ValueError(msg)
    return SIZES[size]


def _lines(value: str, chars: int) -> list[str]:
    return textwrap.wrap(value, chars, break_long_words=False) or [value]


def _title(title: str, subtitle: str, size: Size) -> alt.TitleParams:
    width = _width(size)
    return alt.TitleParams(
        text=_lines(title, width // 10),
        subtitle=_lines(subtitle, width // 7) if subtitle else [],
        anchor="start",
        color=INK,
        subtitleColor=MUTED,
        fontSize=18 if size == "page" else 16,
        subtitleFontSize=13 if size == "page" else 12,
        offset=10,
    )


def _words(col: pl.Expr, values: pl.Series, lang: Lang) -> pl.Expr:
    """The report's word for each code of ``col``, looked up once per distinct value."""
    return col.replace_strict({v: vocabulary(v, lang) for v in values.unique().to_list()}, return_dtype=pl.String)


#: Characters of a category name per line on the phone (wrapped, never cut with "…").
_PHONE_CHARS: Final = 14


def _name_axis(size: Size, *, limit: int) -> alt.Axis:
    """The axis of category names: one line on the page, wrapped lines on the phone
    (names come with "\\n" between their lines, `_wrapped`)."""
    if size == "phone":
        return alt.Axis(labelColor=INK, domain=False, ticks=False, labelLimit=0, labelExpr="split(datum.label, '\\n')")
    return alt.Axis(labelLimit=limit, labelColor=INK, domain=False, ticks=False)


def _wrapped(frame: pl.DataFrame, column: str, size: Size) -> pl.DataFrame:
    """``frame`` with its ``column`` of names as the axis shows them: on the phone, lines
    of `_PHONE_CHARS` characters (a few names: one Python call each)."""
    if size != "phone":
        return frame
    lines = [
        "\n".join(textwrap.wrap(v, _PHONE_CHARS, break_long_words=False) or [v])
        for v in frame.get_column(column).to_list()
    ]
    return frame.with_columns(pl.Series(column, lines, dtype=pl.String))


def _meta(chart: alt.TopLevelMixin, lang: Lang, name: str, description: str) -> alt.TopLevelMixin:
    # vl-convert leaves the top-level description out of the SVG; set on the cell style it
    # becomes the aria-label of the chart's root group (as charts._common.finish does)
    # one copy of the chart, not three (each altair method copies it whole)
    config = alt.Config(view=alt.ViewConfig(stroke=None), style={"cell": {"description": description}})
    return chart.properties(
        description=description, usermeta={"cmtime": {"lang": lang, "chart": name}}, config=config
    )


def months_iceberg_chart(df: pl.DataFrame, *, lang: Lang, size: Size = "page") -> alt.TopLevelMixin:
    """The client's months as an iceberg: visible hours above the surface, hidden below.

    Parameters
    ----------
    df
        One row per month: ``month`` (Date, first day), ``label`` (the month for people,
        a partial month saying its days), ``visible_h``, ``hidden_h`` (Float64) and
        ``hidden_share`` (Float64, null without classified hours).
    lang
        ``"fr"`` or ``"en"``.
    size
        ``"page"`` or ``"phone"``.
    """
    lang = check_lang(lang)
    width = _width(size)
    n = max(df.height, 1)
    rotate = (size == "phone" and n > 6) or n > 14
    hidden_name, visible_name = text("chart.hidden", lang), text("chart.visible", lang)
    vis = df.get_column("visible_h").to_list()
    hid = df.get_column("hidden_h").to_list()
    data = pl.concat(
        [
            df.select("month", "label", kind=pl.lit(visible_name), hours=pl.col("visible_h")).with_columns(
                shown=pl.Series([hours(v, lang) for v in vis], dtype=pl.String)
            ),
            df.select("month", "label", kind=pl.lit(hidden_name), hours=-pl.col("hidden_h")).with_columns(
                shown=pl.Series([hours(v, lang) for v in hid], dtype=pl.String)
            ),
        ]
    )
    share_texts = [
        "" if v is None else percent(v, lang)
        for v in df.get_column("hidden_share").to_list()
    ]
    shares = df.select("month", "label", y=-pl.col("hidden_h")).with_columns(
        share=pl.Series(share_texts, dtype=pl.String)
    )
    order = df.sort("month").get_column("label").to_list()
    x = alt.X(
        "label:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelAngle=-90 if rotate else 0,
            labelLimit=140,
            orient="top",
            labelColor=INK,
            labelFontSize=11 if size == "phone" else 12,
            domain=False,
            ticks=False,
            labelPadding=4,
            # every month keeps its name: `rotate` above turns them when they would not fit
            # side by side (the theme's thinning of band labels dropped 'févr.' and 'août'
            # from a year on the page, where twelve fit)
            labelOverlap=False,
        ),
        scale=alt.Scale(paddingInner=0.25),
    )
    subtitle = text("chart.iceberg.subtitle", lang)
    if df.get_column("label").str.ends_with("*").any():
        subtitle += " " + text("chart.iceberg.partial", lang)
    top = number_or(df.get_column("visible_h").max(), 0.0)
    bottom = number_or(df.get_column("hidden_h").max(), 0.0)
    base = alt.Chart(data)
    water = (
        alt.Chart(pl.DataFrame({"y": [0.0], "y2": [-bottom * 1.25 - 1]}))
        .mark_rect(color=WATER)
        .encode(y=alt.Y("y:Q"), y2=alt.Y2("y2:Q"))
    )
    bars = base.mark_bar(cornerRadius=2).encode(
        x=x,
        y=alt.Y(
            "hours:Q",
            title=text("chart.hours", lang),
            axis=alt.Axis(labelExpr="format(abs(datum.value), ',~g')", tickCount=5, grid=False),
            scale=alt.Scale(domain=[-bottom * 1.25 - 1, top * 1.15 + 1], nice=False),
        ),
        color=alt.Color(
            "kind:N",
            scale=alt.Scale(domain=[visible_name, hidden_name], range=[KIND_COLORS["visible"], KIND_COLORS["hidden"]]),
            legend=alt.Legend(orient="bottom", title=None, direction="horizontal", symbolType="square"),
        ),
        tooltip=[alt.Tooltip("label:N", title=text("field.month", lang)), alt.Tooltip("kind:N", title=" "), alt.Tooltip("shown:N", title=text("field.hours", lang))],
    )
    line = (
        alt.Chart(pl.DataFrame({"y": [0.0]}))
        .mark_rule(color=WATERLINE, strokeWidth=2)
        .encode(y=alt.Y("y:Q"))
    )
    share = (
        alt.Chart(shares)
        .mark_text(baseline="top", align="center", dy=4, color=MUTED, fontSize=11)
        .encode(x=x, y=alt.Y("y:Q"), text=alt.Text("share:N"))
    )
    # on the phone, more than six months leave no room for the shares under the bars (the
    # months table gives them): drawn at 11 px they would overlap, smaller they cannot be read
    layers = [water, line, bars] + ([share] if size == "page" or n <= 6 else [])
    layered = alt.layer(*layers).properties(
        width=width,
        height=260 if size == "page" else 240,
        title=_title(text("chart.iceberg.title", lang), subtitle, size),
    )
    return _meta(layered, lang, "report_iceberg", subtitle)


def activity_bars_chart(df: pl.DataFrame, *, lang: Lang, size: Size = "page") -> alt.TopLevelMixin:
    """Hours by activity, one horizontal bar each, coloured visible or behind the scenes.

    Parameters
    ----------
    df
        ``activity`` (String), ``kind`` (``visible``/``hidden``/``unclassified``),
        ``hours`` (Float64); one row per activity and kind.
    """
    lang = check_lang(lang)
    width = _width(size)
    per = (
        df.filter(pl.col("hours") > 0)
        .group_by("activity")
        .agg(pl.col("hours").sum(), kind=pl.col("kind").sort_by("hours").last())
        .sort(["hours", "activity"], descending=[True, False])
    )
    names = {
        "visible": text("chart.visible", lang),
        "hidden": text("chart.hidden", lang),
        "unclassified": vocabulary("unclassified", lang),
    }
    data = per.with_columns(
        name=_words(pl.col("activity").fill_null("other"), per.get_column("activity").fill_null("other"), lang),
        kind_name=pl.col("kind").replace_strict(names, default=names["unclassified"]),
        shown=hours_texts(per.get_column("hours"), lang),
    ).pipe(_wrapped, "name", size)
    order = data.get_column("name").to_list()
    drawn = set(data.get_column("kind_name").to_list())
    present = [k for k in ("visible", "hidden", "unclassified") if names[k] in drawn]
    top = number_or(data.get_column("hours").max(), 1.0)
    y = alt.Y("name:N", sort=order, title=None, axis=_name_axis(size, limit=220))
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=2, height=14).encode(
        y=y,
        x=alt.X("hours:Q", title=None, axis=None, scale=alt.Scale(domain=[0, top * 1.3])),
        color=alt.Color(
            "kind_name:N",
            scale=alt.Scale(
                # only the kinds drawn: no legend item for a kind with no hour
                domain=[names[k] for k in present],
                range=[KIND_COLORS[k] for k in present],
            ),
            legend=alt.Legend(
                orient="bottom", title=None, direction="horizontal", symbolType="square", labelFontSize=12,
                columns=1 if size == "phone" else alt.Undefined,
            ),
        ),
        tooltip=[alt.Tooltip("name:N", title=text("field.activity", lang)), alt.Tooltip("shown:N", title=text("field.hours", lang))],
    )
    ends = alt.Chart(data).mark_text(align="left", dx=4, color=INK, fontSize=11).encode(y=y, x=alt.X("hours:Q"), text=alt.Text("shown:N"))
    chart = alt.layer(bars, ends).properties(
        width=width - (150 if size == "phone" else 200),
        height=alt.Step(34 if size == "phone" else 22),
        title=_title(text("chart.activity.title", lang), text("chart.activity.subtitle", lang), size),
    )
    return _meta(chart, lang, "report_activity", text("chart.activity.subtitle", lang))


def waits_bars_chart(
    df: pl.DataFrame, *, lang: Lang, size: Size = "page", median_days: float | None = None
) -> alt.TopLevelMixin:
    """One bar per wait with its length in days, answered and open apart, the median marked.

    Parameters
    ----------
    df
        ``asked`` (Date, local day of the request), ``days`` (Float64, calendar days waited),
        ``open`` (Boolean); one row per wait.
    median_days
        The median wait in days, drawn as a line; by default the median of ``days``.
    """
    lang = check_lang(lang)
    width = _width(size)
    data = df.sort(["asked", "days"]).with_row_index("i")
    median = float(median_days) if median_days is not None else number_or(data.get_column("days").median(), 0.0)
    answered, still = text("chart.waits.answered", lang), text("chart.waits.open", lang)
    # one label per wait and no label twice: the date, with a number when a day repeats
    seen: dict[str, int] = {}
    labels: list[str] = []
    for day in data.get_column("asked").to_list():
        base = f"{day.day}\u00a0{month_text(day, lang)}"
        if data.get_column("asked").dt.year().n_unique() > 1:
            base += f" {day.year}"
        seen[base] = seen.get(base, 0) + 1
        labels.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    data = data.with_columns(
        label=pl.Series(labels, dtype=pl.String),
        status=pl.when(pl.col("open")).then(pl.lit(still)).otherwise(pl.lit(answered)),
        shown=pl.Series([days_short(d, lang) for d in data.get_column("days")], dtype=pl.String),
    )
    top = max(number_or(data.get_column("days").max(), 1.0), median, 1.0)
    step = 18 if data.height <= 24 else 12
    y = alt.Y(
        "label:N",
        sort=labels,
        title=text("chart.waits.asked", lang),
        axis=alt.Axis(labelColor=INK, domain=False, ticks=False, labelFontSize=11, titleColor=MUTED, titleFontWeight="normal"),
    )
    x = alt.X(
        "days:Q",
        title=text("chart.waits.axis", lang),
        scale=alt.Scale(domain=[0, top * 1.25], nice=False),
        axis=alt.Axis(tickCount=5, format=",~f", grid=True, titleColor=MUTED, titleFontWeight="normal"),
    )
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=2, height=max(step - 6, 6)).encode(
        y=y,
        x=x,
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=[answered, still], range=[ANSWERED, OPEN]),
            legend=alt.Legend(
                orient="bottom", title=None, direction="horizontal", symbolType="square",
                columns=1 if size == "phone" else alt.Undefined,
            ),
        ),
        tooltip=[alt.Tooltip("label:N", title=text("chart.waits.asked", lang)), alt.Tooltip("shown:N", title=text("chart.waits.axis", lang)), alt.Tooltip("status:N", title=text("chart.waits.status", lang))],
    )
    ends = alt.Chart(data).mark_text(align="left", dx=3, fontSize=11, color=MUTED).encode(y=y, x=alt.X("days:Q"), text=alt.Text("shown:N"))
    rule_data = pl.DataFrame({"days": [median], "t": [text("chart.waits.median", lang).format(days=days_short(median, lang))]})
    rule = alt.Chart(rule_data).mark_rule(color=INK, strokeDash=[4, 3], strokeWidth=1.5).encode(x=alt.X("days:Q"))
    rule_text = (
        alt.Chart(rule_data)
        .mark_text(align="left", baseline="bottom", dx=4, dy=-4, color=INK, fontSize=11, fontWeight="bold")
        .encode(x=alt.X("days:Q"), y=alt.value(0), text=alt.Text("t:N"))
    )
    layers: list[alt.Chart] = [bars, rule, rule_text]
    if data.height <= 30:
        layers.insert(1, ends)
    subtitle = text("chart.waits.subtitle", lang, count=data.height).format(waits=data.height)
    chart = alt.layer(*layers).properties(
        width=width - 90,
        height=alt.Step(step),
        title=_title(text("chart.waits.title", lang), subtitle, size),
    )
    return _meta(chart, lang, "report_waits", subtitle)


def offhours_moments_chart(
    df: pl.DataFrame, *, lang: Lang, total_h: float, size: Size = "page", voice: Voice = "je"
) -> alt.TopLevelMixin:
    """The client's hours outside office hours by moment of the day, one bar each.

    Parameters
    ----------
    df
        ``category`` (``early``, ``midday``, ``evening``, ``night``, ``day_off``) and
        ``hours`` (Float64); other categories are left out.
    total_h
        All the hours worked for the client, for the subtitle.
    voice
        "je" for a freelancer, "nous" for a team: the title says who works.
    """
    lang = check_lang(lang)
    width = _width(size)
    moments = ("early", "midday", "evening", "night", "day_off")
    data = (
        df.filter(pl.col("category").is_in(moments) & (pl.col("hours") > 0))  # no bar of 0 h
        .group_by("category")
        .agg(pl.col("hours").sum())
        .with_columns(rank=pl.col("category").replace_strict({m: i for i, m in enumerate(moments)}, return_dtype=pl.Int8))
        .sort("rank")
    )
    off = float(data.get_column("hours").sum())
    data = data.with_columns(
        name=_words(pl.col("category"), data.get_column("category"), lang),
        shown=hours_texts(data.get_column("hours"), lang),
    ).pipe(_wrapped, "name", size)
    order = data.get_column("name").to_list()
    subtitle = (
        text("chart.offhours.subtitle", lang).format(hours=hours(off, lang), total=hours(total_h, lang))
        if off > 0
        else text("chart.offhours.none", lang)
    )
    y = alt.Y("name:N", sort=order, title=None, axis=_name_axis(size, limit=150))
    top = max(number_or(data.get_column("hours").max(), 1.0), 1.0)
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=2, height=16).encode(
        y=y,
        x=alt.X("hours:Q", axis=None, title=None, scale=alt.Scale(domain=[0, top * 1.35])),
        color=alt.Color(
            "category:N",
            scale=alt.Scale(domain=list(moments), range=[CATEGORY_COLORS[m] for m in moments]),
            legend=None,
        ),
        tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("shown:N", title=text("field.hours", lang))],
    )
    ends = alt.Chart(data).mark_text(align="left", dx=4, fontSize=11, color=INK).encode(y=y, x=alt.X("hours:Q"), text=alt.Text("shown:N"))
    chart = alt.layer(bars, ends).properties(
        width=width - 130,
        height=alt.Step(26),
        title=_title(text("chart.offhours.title", lang, voice=voice), subtitle, size),
    )
    return _meta(chart, lang, "report_offhours", subtitle)


# -- the report model's sections, drawn -------------------------------------------------------


@dataclass(frozen=True)
class SectionChart:
    """One section's chart at both sizes; ``name`` is its neutral file stem."""

    name: str
    page: alt.TopLevelMixin
    phone: alt.TopLevelMixin


def section_charts(model: ReportModel, lang: Lang) -> tuple[SectionChart, ...]:
    """The charts of the report's sections, in the sections' order (a section without a
    chart, or with nothing to draw, gives none)."""
    out = []
    for section in model.sections:
        pair = _section_chart(section, lang, model.voice)
        if pair is not None:
            out.append(pair)
    return tuple(out)


@functools.singledispatch
def _section_chart(section: Section, lang: Lang, voice: Voice) -> SectionChart | None:  # noqa: ARG001
    return None  # a section without a chart


def _both(name: str, draw: Callable[..., alt.TopLevelMixin], rows: Sequence[tuple[object, ...]], schema: dict[str, pl.DataType], **options: object) -> SectionChart:
    """One section's chart at both sizes, drawn from its rows (one tuple per row, in the
    order of ``schema``)."""
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return SectionChart(name, draw(frame, size="page", **options), draw(frame, size="phone", **options))


@_section_chart.register
def _(s: MonthsSection, lang: Lang, voice: Voice) -> SectionChart:  # noqa: ARG001
    rows = [
        (r.month, r.visible_h, r.hidden_h, month_label(r.month, lang, days=r.days, one_year=s.one_year), r.hidden_share)
        for r in s.rows
    ]
    schema = {"month": pl.Date(), "visible_h": pl.Float64(), "hidden_h": pl.Float64(), "label": pl.String(), "hidden_share": pl.Float64()}
    return _both("iceberg", months_iceberg_chart, rows, schema, lang=lang)


@_section_chart.register
def _(s: ActivitiesSection, lang: Lang, voice: Voice) -> SectionChart:  # noqa: ARG001
    rows: list[tuple[object, ...]] = [(r.activity, r.kind, r.hours) for r in s.rows]
    schema = {"activity": pl.String(), "kind": pl.String(), "hours": pl.Float64()}
    return _both("activity", activity_bars_chart, rows, schema, lang=lang)


@_section_chart.register
def _(s: WaitsSection, lang: Lang, voice: Voice) -> SectionChart | None:  # noqa: ARG001
    if not s.items:
        return None
    rows: list[tuple[object, ...]] = [(w.asked, w.days, w.open) for w in s.items]
    schema = {"asked": pl.Date(), "days": pl.Float64(), "open": pl.Boolean()}
    return _both("waits", waits_bars_chart, rows, schema, lang=lang, median_days=s.median_days)


@_section_chart.register
def _(s: OffhoursSection, lang: Lang, voice: Voice) -> SectionChart:
    rows: list[tuple[object, ...]] = [(m.category, m.hours) for m in s.moments]
    schema = {"category": pl.String(), "hours": pl.Float64()}
    return _both("offhours", offhours_moments_chart, rows, schema, lang=lang, total_h=s.total_h, voice=voice)
