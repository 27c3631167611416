"""The cmtime altair theme: one font, one set of sizes, one palette for every chart.

The palette tells the iceberg story everywhere: visible work is the bright tip above the
water, hidden work the deep blue below it, unclassified work a quiet grey, and client
waits an amber warning. Charts colour by these names, so the same kind keeps the same
colour in every chart, export and report.

The theme is registered on import but not enabled (package code never changes a global
setting behind the user's back). Notebooks and reports call `use_theme`; the exports in
`cmtime.outputs.export` enable it themselves while they convert.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

import altair as alt
import vl_convert as vlc
from altair.utils.plugin_registry import Plugin, PluginEnabler

from cmtime.text.format import Lang, check_lang, format_locale, time_format_locale

THEME: Final = "cmtime"

#: One colour per kind of time; charts and reports take colours from here only.
KIND_COLORS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "visible": "#16B3D9",  # the bright tip of the iceberg
        "hidden": "#15386A",  # deep water under the waterline
        "unclassified": "#A9B3BF",  # not yet sorted: grey
        "wait": "#F0A202",  # the client keeps you waiting: amber
    }
)

#: One colour per category of the off-hours split, from dawn to night; working hours stay
#: a quiet grey-blue so the off-hours stand out. Every off-hours chart takes these.
CATEGORY_COLORS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "in_hours": "#C8D3DF",  # ordinary working time: quiet
        "early": "#F2C14E",  # sunrise
        "midday": "#8DB85B",  # the lunch break that was not one
        "evening": "#E8743B",  # sunset
        "night": "#4B3B8F",  # night sky
        "day_off": "#C2407A",  # weekends, holidays, days off
        "unknown": "#A9B3BF",  # duration-only rows on a working day
    }
)

#: Sequential ramp of the punch card, from an empty hour to the busiest one.
HEAT_RANGE: Final = ("#F3F6FA", "#16B3D9", "#15386A")

INK: Final = "#1E2A38"  # titles, labels
MUTED: Final = "#5C6878"  # subtitles, axis labels
GRID: Final = "#E3E7EC"
WATER: Final = "#EDF4FB"  # background below the waterline
WATERLINE: Final = "#2F6DB5"  # the waterline and its label

#: CSS font stack: the first installed family wins (DejaVu Sans on a bare Linux).
FONT: Final = (
    "'Source Sans 3', 'Source Sans Pro', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'DejaVu Sans', sans-serif"
)

_EXTRA_COLORS: Final = ("#7A5195", "#EF5675", "#58A55C", "#FF9F1C", "#8C6D46")


@alt.theme.register(THEME, enable=False)
def cmtime_theme() -> alt.theme.ThemeConfig:
    """Return the cmtime theme configuration (registered as ``"cmtime"``, not enabled)."""
    return {
        "background": "white",
        "padding": 12,
        "config": {
            "font": FONT,
            "title": {
                "fontSize": 18,
                "fontWeight": "bold",
                "color": INK,
                "anchor": "start",
                "offset": 16,
                "subtitleFontSize": 13,
                "subtitleColor": MUTED,
                "subtitlePadding": 6,
            },
            "axis": {
                "labelFontSize": 12,
                "labelColor": MUTED,
                # labels that would touch are thinned out (where labelOverlap is on: time
                # axes by default), so a chart drawn narrower keeps its dates readable
                "labelSeparation": 6,
                "titleFontSize": 12,
                "titleFontWeight": "bold",
                "titleColor": INK,
                "titlePadding": 10,
                "gridColor": GRID,
                "domainColor": "#C5CCD5",
                "tickColor": "#C5CCD5",
            },
            # month and week names on a narrow chart: those that would collide are dropped
            "axisBand": {"grid": False, "ticks": False, "domain": False, "labelPadding": 6, "labelOverlap": "greedy"},
            "legend": {
                "orient": "top",
                "labelFontSize": 12,
                "labelColor": INK,
                "titleFontSize": 12,
                "titleColor": INK,
                "symbolType": "square",
                "symbolSize": 140,
            },
            "header": {"labelFontSize": 13, "titleFontSize": 13},
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 320},
            "range": {
                "category": [
                    KIND_COLORS["visible"],
                    KIND_COLORS["hidden"],
                    KIND_COLORS["unclassified"],
                    KIND_COLORS["wait"],
                    *_EXTRA_COLORS,
                ]
            },
            "mark": {"color": KIND_COLORS["hidden"]},
            "bar": {"color": KIND_COLORS["hidden"]},
            "text": {"fontSize": 12, "color": INK},
            "rule": {"color": MUTED},
        },
    }


def enable_renderer(name: str, render: Callable[..., dict[str, Any]], lang: Lang | None) -> None:
    """The cmtime theme, and ``render`` registered as altair's renderer ``name`` and enabled,
    with ``lang`` for charts that do not record their language."""
    use_theme()
    alt.renderers.register(name, render)
    alt.renderers.enable(name, lang=None if lang is None else check_lang(lang))


#: altair's renderer that draws each chart as SVG in the kernel (vl-convert), offline.
SVG_RENDERER: Final = "cmtime-svg"


def svg_with_locale(spec: dict[str, Any], *, lang: Lang | None = None, **_: Any) -> dict[str, str]:
    """Draw ``spec`` as SVG with vl-convert, in the locale of the chart's language."""
    return {"image/svg+xml": vlc.vegalite_to_svg(localized(spec, lang=lang), allowed_base_urls=[])}


def localized(spec: dict[str, Any], *, lang: Lang | None = None) -> dict[str, Any]:
    """``spec`` with the number and date locale of the chart's language in its config.

    The language is the chart's own (``usermeta``), else ``lang``, else English: the SVG
    renderer and the live charts of `cmtime.interfaces.live` format alike (``2 500``,
    ``29 déc.`` in French). ``spec`` itself is not changed.
    """
    meta = spec.get("usermeta")
    chart_lang = meta.get("cmtime", {}).get("lang") if isinstance(meta, dict) else None
    chosen = check_lang(chart_lang) if isinstance(chart_lang, str) else lang or "en"
    config = {
        **spec.get("config", {}),
        "locale": {"number": format_locale(chosen), "time": time_format_locale(chosen)},
    }
    return {**spec, "config": config}


def themed_spec(chart: alt.TopLevelMixin, *, validate: bool = True) -> dict[str, Any]:
    """``chart.to_dict()`` as altair writes it with the cmtime theme enabled, without
    enabling it: the user's theme is neither used nor changed.

    Altair's active theme is one global setting, and enabling it for a block is not safe
    from threads: two blocks that overlap each restore the theme they found, so the last
    one out can leave "cmtime" on for good (the share report draws its charts in a
    thread pool). Here the chart is written as a nested spec, to which altair applies no
    theme and whose inline data it leaves in ``datasets``; the theme is then laid under
    it and the data added, as altair does for a top-level chart.
    """
    datasets: dict[str, Any] = {}
    spec = chart.to_dict(validate=validate, context={"top_level": False, "datasets": datasets})
    spec.setdefault("$schema", alt.SCHEMA_URL)
    spec = _laid_over(cmtime_theme(), spec)
    if datasets:
        spec.setdefault("datasets", {}).update(datasets)
    return spec


def _laid_over(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated with ``top``, nested mappings merged key by key."""
    merged = dict(base)
    for key, value in top.items():
        below = merged.get(key)
        both = isinstance(below, Mapping) and isinstance(value, Mapping)
        merged[key] = _laid_over(below, value) if both else value  # type: ignore[arg-type]
    return merged


def use_theme() -> PluginEnabler[Plugin[alt.theme.ThemeConfig], alt.theme.ThemeConfig]:
    """Enable the cmtime theme, for the session or, as a context manager, for a block.

    Not for code that may run in threads (use `themed_spec`).

    Examples
    --------
    In a notebook, for every chart from then on::

        use_theme()

    For one block only (the previous theme comes back after it)::

        with use_theme():
            spec = chart.to_dict()
    """
    return alt.theme.enable(THEME)
