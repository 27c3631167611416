"""Alt text (issue 20): every chart function's spec carries a description in the chart's
language, and the SVG cmtime exports carries it as the ``aria-label`` of the chart's root
group. On the sample, as the notebooks build the frames, in fr and en."""

from __future__ import annotations

import html
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import altair as alt
import polars as pl
import pytest
import vl_convert as vlc

import cmtime.charts
from cmtime.analysis.scope import Scope
from cmtime.charts.margins import margins_chart
from cmtime.charts.monthly import monthly_effort_chart
from cmtime.interfaces import notebook as nbm
from cmtime.outputs.export import chart_spec, save_chart
from cmtime.text.labels import Lang, label
from cmtime.text.messages import has_message

SAMPLE = "data/sample"
Draw = Callable[[Lang], alt.TopLevelMixin]


@pytest.fixture(scope="module")
def draws() -> dict[str, Draw]:
    """Per public chart function, a call of it on the sample in a given language."""
    scope = Scope.load(SAMPLE)
    off = nbm.load_offhours(scope)
    waits = nbm.load_waits(scope)
    work = nbm.load_workload(scope).workload
    pricing = nbm.load_pricing(scope).update("Boulangerie Dupont")
    frames, currency = pricing.frames, scope.config.currency
    suggested = pricing.proposal.suggested_fee if pricing.proposal else None
    months = work.monthly.group_by("month", "kind").agg(pl.col("hours").sum()).sort("month")
    margins = nbm.load_team(scope).margins
    c = cmtime.charts
    return {
        "margins_chart": lambda lang: margins_chart(margins, lang=lang, currency=currency),
        "iceberg_chart": lambda lang: c.iceberg_chart(work.by_client, lang=lang),
        "weekly_effort_chart": lambda lang: c.weekly_effort_chart(work.weekly, lang=lang),
        "activity_chart": lambda lang: c.activity_chart(work.by_activity, lang=lang),
        "monthly_effort_chart": lambda lang: monthly_effort_chart(months, lang=lang),
        "punchcard_chart": lambda lang: c.punchcard_chart(
            off.punchcard, lang=lang, working=off.working
        ),
        "offhours_by_client_chart": lambda lang: c.offhours_by_client_chart(
            off.by_client_long, lang=lang
        ),
        "offhours_trend_chart": lambda lang: c.offhours_trend_chart(off.monthly, lang=lang),
        "team_chart": lambda lang: c.team_chart(off.team, lang=lang),
        "wait_timeline_chart": lambda lang: c.wait_timeline_chart(
            waits.intervals, lang=lang, timezone=waits.config.timezone
        ),
        "wait_latency_chart": lambda lang: c.wait_latency_chart(waits.intervals, lang=lang),
        "wait_cumulative_chart": lambda lang: c.wait_cumulative_chart(waits.cumulative, lang=lang),
        "rates_chart": lambda lang: c.rates_chart(
            frames.by_client, lang=lang, target=frames.target_rate, currency=currency
        ),
        "fee_vs_suggested_chart": lambda lang: c.fee_vs_suggested_chart(
            frames.monthly, lang=lang, currency=currency, suggested=suggested
        ),
        "clients_map_chart": lambda lang: c.clients_map_chart(
            frames.by_client, lang=lang, currency=currency
        ),
    }


def _chart_functions() -> set[str]:
    """Every ``*_chart`` function of a ``cmtime.charts`` module that ends in `finish` (the
    report's charts, drawn from its own sentences, are tested with the report)."""
    found = set()
    for module in pkgutil.iter_modules(cmtime.charts.__path__):
        if module.name.startswith("_") or module.name in {"report", "theme"}:
            continue
        mod = importlib.import_module(f"cmtime.charts.{module.name}")
        found |= {
            name
            for name, obj in vars(mod).items()
            if name.endswith("_chart") and inspect.isfunction(obj) and obj.__module__ == mod.__name__
        }
    return found


def test_every_public_chart_function_is_covered(draws: dict[str, Draw]) -> None:
    public = {n for n in cmtime.charts.__all__ if n.endswith("_chart")} | {"monthly_effort_chart"}
    assert public <= _chart_functions()
    assert set(draws) == _chart_functions()


#: a message id left as it is in a text: ``alt.margins``, ``offhours_trend.title``
RAW_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*\.[a-z][a-z0-9_]*\b")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_alt_text_is_sentences_with_no_message_id(draws: dict[str, Draw], lang: Lang) -> None:
    """The margins chart's alt text once read "Ce que chaque forfait vous laisse.
    alt.margins. …": its ``alt.margins`` message was missing from the catalogs."""
    for name, draw in draws.items():
        spec = draw(lang).to_dict()
        description = spec["description"]
        chart = spec["usermeta"]["cmtime"]["chart"]
        assert has_message(f"alt.{chart}", lang), f"{name}: no alt.{chart} message in {lang}"
        assert not RAW_ID.search(description), f"{name} ({lang}): {description!r}"
        # sentences: each starts with a capital (or a figure) and ends with a full stop
        for sentence in re.split(r"(?<=[.?!]) ", description):
            assert sentence[:1].isupper() or sentence[:1].isdigit(), (name, sentence)
            assert sentence.endswith((".", "?", "!", "…")), (name, sentence)


def _root_label(svg: str) -> str:
    """The ``aria-label`` of the chart's root group (the first group mark)."""
    found = re.search(
        r'<g aria-label="([^"]*)" role="graphics-object" aria-roledescription="group mark"', svg
    )
    assert found, "no labelled root group in the SVG"
    return html.unescape(found.group(1))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_chart_describes_itself_in_its_language(draws: dict[str, Draw], lang: Lang) -> None:
    other: Lang = "en" if lang == "fr" else "fr"
    for name, draw in draws.items():
        spec: dict[str, Any] = draw(lang).to_dict()
        description = spec["description"]
        what = label(f"alt.{spec['usermeta']['cmtime']['chart']}", lang)
        assert not what.startswith("alt."), f"{name}: no alt.* label"
        assert description.startswith(spec["title"]["text"]), name
        assert what in description, name
        assert spec["title"]["subtitle"].rstrip(".") in description, name
        assert what not in draw(other).to_dict()["description"], name
        assert spec["config"]["style"]["cell"]["description"] == description, name


def test_exported_svgs_carry_the_description(draws: dict[str, Draw]) -> None:
    """Each chart once, in fr or en by turns (vl-convert takes 0.1-0.3 s a chart)."""
    charts = [draw("fr" if i % 2 else "en") for i, draw in enumerate(draws.values())]
    with ThreadPoolExecutor(max_workers=4) as pool:
        svgs = list(
            pool.map(lambda c: vlc.vegalite_to_svg(chart_spec(c), allowed_base_urls=[]), charts)
        )
    for name, chart, svg in zip(draws, charts, svgs, strict=True):
        assert _root_label(svg) == chart.to_dict()["description"], name
        assert not SCIENTIFIC.search(svg), (name, SCIENTIFIC.search(svg))


#: a number in scientific notation among a chart's visible texts ("1e+1" for 10)
SCIENTIFIC = re.compile(r">[^<]*\d(?:[.,]\d+)?e[+-]\d+[^<]*</text>")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_waits_axis_reads_plain_numbers(lang: Lang) -> None:
    """The report's waits axis once read "0 2 4 6 8 1e+1" (d3 gave ',~g' one digit of
    precision from the tick step)."""
    import datetime as dt

    import polars as pl

    from cmtime.charts.report import waits_bars_chart

    days = [4.1, 6.9, 5.0, 2.7, 5.8, 4.8, 8.5]
    df = pl.DataFrame(
        {
            "asked": [dt.date(2026, 9, 21) + dt.timedelta(days=9 * i) for i in range(len(days))],
            "days": days,
            "open": [False] * (len(days) - 1) + [True],
        }
    )
    for size in ("page", "phone"):
        svg = vlc.vegalite_to_svg(
            chart_spec(waits_bars_chart(df, lang=lang, size=size)), allowed_base_urls=[]  # type: ignore[arg-type]
        )
        assert not SCIENTIFIC.search(svg), size
        assert re.search(r">10</text>", svg), size


def test_saved_svg_carries_the_description(draws: dict[str, Draw], tmp_path) -> None:  # type: ignore[no-untyped-def]
    chart = draws["punchcard_chart"]("fr")
    (path,) = save_chart(chart, tmp_path, "punchcard", formats=("svg",))
    description = chart.to_dict()["description"]
    assert description.startswith("Quand le travail se fait. Grille des jours de la semaine")
    assert _root_label(path.read_text(encoding="utf-8")) == description
