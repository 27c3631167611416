"""Chart texts never run into each other, on a phone or in a desktop cell.

Each chart is drawn in Chromium as the notebooks' live view draws it: the view's own
``fitted`` (taken from `cmtime.interfaces.live`) sets the chart to its box's width, and
vega-embed (the bundle vl-convert ships, no network) draws it as SVG. The box of every
text the chart writes (axis labels, names, values, legend, titles) is then measured:
two boxes that overlap, or a box outside the chart, fail.

Also every other chart of notebooks 01-03, 07 and the dashboard, in French and English.

Before: the pricing rates chart wrote a low effective rate left of its point, onto the
client's name (the axis label), at 390 px ("22 €/h" over "Studio Lumen"); the wait
timeline of a year, at 390 px, wrote its months over each other ("avr.2026027") and had
60 px for its bars. Widths: 270 px (a JupyterLab cell on a 390 px phone), 350 px (the
dashboard on that phone) and 800 px (an 848 px JupyterLab cell at 1280 px).

Skipped when playwright or Chromium is missing, or when ``CMTIME_SKIP_LAB`` is set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from cmtime.text.labels import Lang
from tests.conftest import ARGS, CHROMIUM
from tests.test_charts_waits import long_waits

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"
WIDTHS = (270, 350, 800)
#: the smallest chart text on a phone, in CSS pixels (as tests/test_fit_browser.py)
MIN_TEXT = 11.0

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(bool(os.environ.get("CMTIME_SKIP_LAB")), reason="CMTIME_SKIP_LAB is set"),
]

#: Draw ``spec`` in a box ``width`` px wide as the live view does; every text's box.
DRAW = """
async ({spec, width}) => {
  const box = document.createElement("div");
  box.style.width = width + "px";
  document.body.replaceChildren(box);
  const result = await vegaEmbed(box, fitted(spec, width), { renderer: "svg", actions: false });
  const svg = box.querySelector("svg");
  const edge = svg.getBoundingClientRect();
  const texts = [];
  for (const t of svg.querySelectorAll("text")) {
    const words = t.textContent.trim();
    if (!words || getComputedStyle(t).visibility === "hidden" || t.getAttribute("opacity") === "0") continue;
    const r = t.getBoundingClientRect();
    if (r.width === 0) continue;
    texts.push({ text: words, x1: r.left, y1: r.top, x2: r.right, y2: r.bottom,
                 size: parseFloat(getComputedStyle(t).fontSize) || 0 });
  }
  result.finalize();
  return { width: edge.width, edge: { x1: edge.left, y1: edge.top, x2: edge.right, y2: edge.bottom }, texts };
}
"""


def _fitted() -> str:
    """The live view's own ``fitted`` function (JavaScript), as it stands in the view."""
    from cmtime.interfaces.live import LiveChart

    found = re.search(r"^function fitted\(spec, avail\) \{.*?^\}$", LiveChart._esm, re.S | re.M)
    assert found, "the live view has no fitted(spec, avail)"
    return found.group(0)


def _spec(chart: Any) -> dict[str, Any]:
    from cmtime.charts.theme import localized, themed_spec

    return localized(themed_spec(chart))


@cache
def _charts() -> dict[str, dict[str, Any]]:
    """The charts measured: the rates chart and every wait timeline of the sample, and the
    timelines of a generated 30-month period."""
    from cmtime.charts.pricing import rates_chart
    from cmtime.charts.waits import wait_timeline_charts
    from cmtime.interfaces.notebook import load_pricing, load_waits
    from cmtime.interfaces.widgets import pricing_dashboard

    view = load_pricing(SAMPLE, lang="fr")
    frames = pricing_dashboard(view, charts=False).refresh(charts=False).frames
    found = {"rates": _spec(rates_chart(frames.by_client, lang="fr", target=frames.target_rate))}
    waits = load_waits(SAMPLE, lang="fr")
    for i, chart in enumerate(wait_timeline_charts(waits.intervals, lang="fr", timezone=waits.config.timezone)):
        found[f"timeline-sample-{i}"] = _spec(chart)
    for i, chart in enumerate(wait_timeline_charts(long_waits(), lang="en", timezone="Europe/Paris")):
        found[f"timeline-30-months-{i}"] = _spec(chart)
    return found | _notebook_charts("fr") | _notebook_charts("en")


@cache
def _notebook_charts(lang: Lang) -> dict[str, dict[str, Any]]:
    """The other charts of notebooks 01-03, 07 and the dashboard, on the sample, in
    ``lang``. Before: the month names of the off-hours trend ran into each other at 270 and
    350 px, the iceberg's first client name into the hours axis ('Studio Lumen' over
    '600'), weekly effort's first Monday into its '0' at every width, and the values at
    the end of the off-hours, team and wait-delay bars past the chart's edge."""
    from cmtime import charts
    from cmtime.charts.margins import margins_chart
    from cmtime.interfaces.notebook import load_offhours, load_team, load_waits, load_workload

    work = load_workload(SAMPLE, lang=lang).workload
    off = load_offhours(SAMPLE, lang=lang)
    waits = load_waits(SAMPLE, lang=lang)
    team = load_team(SAMPLE, lang=lang)
    drawn = {
        "iceberg": charts.iceberg_chart(work.by_client, lang=lang),
        "weekly-effort": charts.weekly_effort_chart(work.weekly, lang=lang),
        "activities": charts.activity_chart(work.by_activity, lang=lang),
        "punchcard": charts.punchcard_chart(off.punchcard, lang=lang, working=off.working),
        "offhours-by-client": charts.offhours_by_client_chart(off.by_client_long, lang=lang),
        "offhours-trend": charts.offhours_trend_chart(off.monthly_by_client, lang=lang),
        "offhours-trend-overall": charts.offhours_trend_chart(off.monthly, lang=lang),
        "team": charts.team_chart(off.team, lang=lang),
        "wait-latency": charts.wait_latency_chart(waits.intervals, lang=lang),
        "wait-cumulative": charts.wait_cumulative_chart(waits.cumulative, lang=lang),
        "margins": margins_chart(team.margins, lang=lang),
    }
    return {f"{name}-{lang}": _spec(chart) for name, chart in drawn.items()}


@pytest.fixture(scope="module")
def page(sync_api: Any) -> Iterator[Any]:
    from cmtime.outputs.export import javascript_bundle

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.abort())  # nothing from outside
            page.set_content("<!doctype html><html><body style='margin:0'></body></html>")
            page.add_script_tag(content=javascript_bundle())
            page.add_script_tag(content=f"window.fitted = {_fitted()};")
            yield page
        finally:
            browser.close()


def _problems(name: str, width: int, drawn: dict[str, Any]) -> list[str]:
    bad = []
    texts, edge = drawn["texts"], drawn["edge"]
    if drawn["width"] > width + 1:
        bad.append(f"{name} @{width}: {drawn['width']:.0f} px wide")
    for i, a in enumerate(texts):
        if a["x1"] < edge["x1"] - 1 or a["x2"] > edge["x2"] + 1:
            bad.append(f"{name} @{width}: {a['text']!r} runs past the chart's edge")
        if width < 500 and a["size"] < MIN_TEXT:
            bad.append(f"{name} @{width}: {a['text']!r} is {a['size']} px")
        for b in texts[i + 1 :]:
            across = min(a["x2"], b["x2"]) - max(a["x1"], b["x1"])
            down = min(a["y2"], b["y2"]) - max(a["y1"], b["y1"])
            if across > 1 and down > 1:
                bad.append(f"{name} @{width}: {a['text']!r} overlaps {b['text']!r}")
    return bad


def test_the_long_timeline_is_cut_into_quarters() -> None:
    names = [n for n in _charts() if n.startswith("timeline-30-months")]
    assert len(names) == 11  # 30 months from January 2025: ten quarters and a bit of the eleventh


@pytest.mark.parametrize("width", WIDTHS)
def test_no_chart_text_overlaps_another(page: Any, width: int) -> None:
    bad: list[str] = []
    for name, spec in _charts().items():
        drawn = page.evaluate(DRAW, {"spec": spec, "width": width})
        assert drawn["texts"], name
        bad += _problems(name, width, drawn)
    assert not bad, "\n".join(bad)
