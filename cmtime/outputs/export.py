"""Save charts as PNG, SVG and self-contained HTML, and build offline HTML pages of charts.

Conversion goes through ``vl-convert-python``: no browser, no network. Every export
applies the cmtime theme and the chart's language (numbers and dates formatted the
French or the English way, read from the ``usermeta`` the chart functions record).

HTML files carry the Vega, Vega-Lite and vega-embed JavaScript inlined (about 0.9 MB,
once per page), so a report opens offline, in an e-mail attachment or years later; no
``<script src>``, no CDN, and vega-embed's "open in editor" action, which would send the
data to a web site, is turned off.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

import vl_convert as vlc

from cmtime.cache import cache_dir, keep
from cmtime.charts.theme import FONT, INK, MUTED, themed_spec
from cmtime.outputs.page import Markup, render
from cmtime.text.labels import Lang, check_lang, format_locale, label, time_format_locale

if TYPE_CHECKING:  # altair comes through cmtime.charts (see cmtime.charts._iri_grammar)
    import altair as alt

__all__ = ["Format", "chart_spec", "javascript_bundle", "page_html", "save_chart"]

Format = Literal["png", "svg", "html"]
FORMATS: Final[tuple[Format, ...]] = get_args(Format)

# vega-embed is the only global the page needs; vl-convert bundles its dependencies.
_BUNDLE_SNIPPET: Final = "window.vegaEmbed = vegaEmbed;"


@functools.cache
def javascript_bundle() -> str:
    """Return the Vega + Vega-Lite + vega-embed bundle, built once (it takes seconds).

    Kept in memory for the process and on disk (``$XDG_CACHE_HOME/cmtime``, keyed by the
    vl-convert version) for the next runs; the bundle is vl-convert's own JavaScript,
    nothing of the user's. ``</script`` cannot occur inside an inline script, so it is
    escaped (``<\\/script`` means the same inside JavaScript strings and regular
    expressions).
    """
    version = getattr(vlc, "__version__", "unknown")
    cached = cache_dir() / f"vega-bundle-{version}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vlc.javascript_bundle(_BUNDLE_SNIPPET).replace("</script", "<\\/script")
    keep(cached, bundle)  # a read-only home only costs the rebuild next time
    return bundle


def _chart_lang(spec: dict[str, Any]) -> Lang:
    """The language recorded by the chart functions; English for foreign charts."""
    meta = spec.get("usermeta")
    lang = meta.get("cmtime", {}).get("lang") if isinstance(meta, dict) else None
    return check_lang(lang) if isinstance(lang, str) else "en"


def chart_spec(chart: alt.TopLevelMixin, *, lang: Lang | None = None) -> dict[str, Any]:
    """Return the Vega-Lite spec of ``chart`` with the cmtime theme and locale applied.

    The theme is enabled only while the spec is built; the user's active theme is left
    as it was. The number and date locale goes into ``config.locale``, so the spec
    formats the same way in vl-convert and in a browser.

    Parameters
    ----------
    chart
        Any altair top-level chart.
    lang
        Locale for numbers and dates; by default the language the chart was built in
        (``usermeta``), else English.

    The spec is not validated against the Vega-Lite schema again here (a third of the
    export time): every chart function's output is validated in its own tests.
    """
    spec = themed_spec(chart, validate=False)  # never alt.theme.enable: threads share it
    lang = check_lang(lang) if lang is not None else _chart_lang(spec)
    config = spec.setdefault("config", {})
    config["locale"] = {"number": format_locale(lang), "time": time_format_locale(lang)}
    return spec


def _check_name(name: str) -> str:
    if not name or name in {".", ".."} or Path(name).name != name or "\\" in name:
        msg = f"chart name {name!r} must be a plain file name without folders"
        raise ValueError(msg)
    return name


def _check_formats(formats: Iterable[str]) -> list[Format]:
    checked: list[Format] = []
    for fmt in formats:
        if fmt not in FORMATS:
            msg = f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}"
            raise ValueError(msg)
        checked.append(fmt)
    return checked


def _title_text(spec: dict[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return title if isinstance(title, str) else ""


def save_chart(
    chart: alt.TopLevelMixin,
    out_dir: str | Path,
    name: str,
    *,
    formats: Sequence[Format] = ("png", "svg", "html"),
    scale: float = 2,
    lang: Lang | None = None,
) -> list[Path]:
    """Write ``chart`` as ``out_dir/name.png``, ``.svg`` and ``.html``; return the paths.

    Parameters
    ----------
    chart
        The chart to save (from `cmtime.charts`, or any altair chart).
    out_dir
        Folder to write into; created if missing. Files of the same name are replaced.
    name
        File name without extension, e.g. ``"iceberg"``.
    formats
        Any of ``"png"``, ``"svg"``, ``"html"``, written in this order.
    scale
        PNG pixel density: 2 gives sharp images on phones and in slides.
    lang
        Locale for numbers and dates and the HTML page; by default the chart's own.

    Returns
    -------
    list[Path]
        The files written, in the order of ``formats``.

    Raises
    ------
    ValueError
        On an unknown format, a name with folders in it, or a bad language.
    """
    name = _check_name(name)
    wanted = _check_formats(formats)
    spec = chart_spec(chart, lang=lang)
    lang = check_lang(lang) if lang is not None else _chart_lang(spec)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in wanted:
        path = out / f"{name}.{fmt}"
        if fmt == "png":
            path.write_bytes(vlc.vegalite_to_png(spec, scale=scale, allowed_base_urls=[]))
        elif fmt == "svg":
            path.write_text(vlc.vegalite_to_svg(spec, allowed_base_urls=[]), encoding="utf-8")
        else:
            page = _page([("", spec)], title=_title_text(spec) or name, lang=lang, file_stem=name)
            path.write_text(page, encoding="utf-8")
        written.append(path)
    return written


def page_html(
    charts: Sequence[tuple[str, alt.TopLevelMixin]],
    *,
    title: str,
    lang: Lang,
    intro_html: str = "",
) -> str:
    """Return one self-contained HTML page showing several charts, readable offline.

    The JavaScript bundle is inlined once, whatever the number of charts. The page is
    responsive (charts take the width of the screen, phones included) and prints one
    chart per block without the action menus.

    Parameters
    ----------
    charts
        ``(heading, chart)`` pairs in page order; an empty heading adds no ``<h2>``
        (the chart's own title is always drawn).
    title
        Page title (``<title>`` and ``<h1>``); escaped.
    lang
        Page language: ``lang`` attribute, number and date locale, menu labels.
    intro_html
        Trusted HTML placed under the title, as is (escape user text before).

    Examples
    --------
    >>> import altair as alt
    >>> import polars as pl
    >>> chart = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q")
    >>> page = page_html([("Heures", chart)], title="Dupont & Fils", lang="fr")
    >>> page.startswith("<!DOCTYPE html>"), "<h1>Dupont &amp; Fils</h1>" in page
    (True, True)
    """
    lang = check_lang(lang)
    specs = [(heading, chart_spec(chart, lang=lang)) for heading, chart in charts]
    return _page(specs, title=title, lang=lang, intro_html=intro_html, heading=True)


def _script_json(value: Any) -> str:
    """JSON safe inside an inline ``<script>`` (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _responsive(spec: dict[str, Any]) -> dict[str, Any]:
    """Let single and layered charts take the width of the page (not concat/facet)."""
    if any(key in spec for key in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        return spec
    return {
        **spec,
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding", "resize": True},
    }


def _page(
    specs: Sequence[tuple[str, dict[str, Any]]],
    *,
    title: str,
    lang: Lang,
    intro_html: str = "",
    heading: bool = False,
    file_stem: str = "chart",
) -> str:
    """Render the page (``chart_page.html.j2``): styles, the bundle once, one block per
    chart, one script. Text is escaped by Jinja2; the bundle (vl-convert's) and the JSON
    payloads (escaped for a ``<script>`` by `_script_json`) are passed as trusted markup."""
    charts = [
        {
            "id": f"chart-{i}",
            "section": section,
            "label": section or _title_text(spec) or title,
        }
        for i, (section, spec) in enumerate(specs, start=1)
    ]
    embed_options = {
        "renderer": "svg",
        "actions": {"export": True, "source": False, "compiled": False, "editor": False},
        "downloadFileName": file_stem,
        "i18n": {
            "PNG_ACTION": label("page.save_png", lang),
            "SVG_ACTION": label("page.save_svg", lang),
            "CLICK_TO_VIEW_ACTIONS": label("page.actions", lang),
        },
    }
    payload = [[f"#chart-{i}", _responsive(spec)] for i, (_, spec) in enumerate(specs, start=1)]
    return render(
        "chart_page.html.j2",
        lang=lang,
        title=title,
        heading=heading,
        intro_html=Markup(intro_html),
        noscript=label("page.noscript", lang),
        charts=charts,
        bundle=Markup(javascript_bundle()),
        options=Markup(_script_json(embed_options)),
        payload=Markup(_script_json(payload)),
        ink=INK,
        font=Markup(FONT),
        muted=MUTED,
    )
