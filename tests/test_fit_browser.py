"""Every chart fits where it is shown: each notebook in JupyterLab and the Voilà dashboard,
at 1280 px and on a phone (390 px).

For every chart (a live chart's SVG, or an SVG drawn in the kernel) the browser measures
its rendered width against the width of its container (the cell's output area), and the
smallest text of its SVG in CSS pixels. A notebook runs once (Run All) at 1280 px; the
window is then narrowed to 390 px, where the charts draw themselves again. The dashboard
page must not scroll sideways at 390 px, and its load logs no console error.

Uses the helpers of tests/test_lab_browser.py (servers on 127.0.0.1, Chromium through
playwright, every other request blocked). Skipped when playwright or Chromium is missing,
or when ``CMTIME_SKIP_LAB`` is set.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_lab_browser import (
    _env,
    _free_port,
    _lab,
    _open_and_run_all,
    _page,
    _server,
    lab_copy,
)

REPO = Path(__file__).resolve().parent.parent
#: every notebook; ``CMTIME_FIT_NOTEBOOKS=01,03`` measures only those (a quicker look)
NOTEBOOKS = [
    p.stem
    for p in sorted((REPO / "notebooks").glob("[0-9][0-9]-*.py"))
    if p.stem[:2] in os.environ.get("CMTIME_FIT_NOTEBOOKS", p.stem[:2]).split(",")
]
WIDTHS = (1280, 390)
#: the smallest chart text on a phone, in CSS pixels
MIN_TEXT = 11.0

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(bool(os.environ.get("CMTIME_SKIP_LAB")), reason="CMTIME_SKIP_LAB is set"),
]

#: Per chart: its width, its container's, the smallest text (CSS px) and a name.
MEASURE = """
() => {
  const out = [];
  const seen = new Set();
  for (const svg of document.querySelectorAll(
      ".cmtime-live svg.marks, .jp-RenderedSVG svg, .jp-RenderedSVG img")) {
    const chart = svg.closest(".cmtime-live") || svg;
    if (seen.has(chart)) continue;
    seen.add(chart);
    const box = chart.closest(".jp-OutputArea-output, .widget-output, .jp-Cell") || chart.parentElement;
    const r = svg.getBoundingClientRect();
    if (r.width === 0) continue;  // not laid out (a hidden tab)
    let scale = 1, smallest = Infinity;
    if (svg.tagName.toLowerCase() === "svg") {
      const own = svg.width && svg.width.baseVal ? svg.width.baseVal.value : r.width;
      scale = own > 0 ? r.width / own : 1;
      for (const t of svg.querySelectorAll("text")) {
        if (!t.textContent.trim()) continue;
        const size = parseFloat(getComputedStyle(t).fontSize) || 0;
        if (size > 0) smallest = Math.min(smallest, size * scale);
      }
    }
    const style = getComputedStyle(box);
    const inner = box.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
    out.push({
      name: chart.getAttribute("aria-label") || svg.getAttribute("aria-label") || "",
      width: Math.round(r.width * 10) / 10,
      container: Math.round(inner * 10) / 10,
      smallest: smallest === Infinity ? null : Math.round(smallest * 10) / 10,
    });
  }
  return out;
}
"""


def _measure(page: Any, where: str, width: int) -> list[dict[str, Any]]:
    charts = page.evaluate(MEASURE)
    for c in charts:
        c.update(where=where, viewport=width)
    return charts


def _problems(charts: list[dict[str, Any]]) -> list[str]:
    bad = []
    for c in charts:
        label = f"{c['where']} @{c['viewport']}px: {c['name'][:60]!r}"
        if c["width"] > c["container"] + 1:
            bad.append(f"{label} is {c['width']} px wide in {c['container']} px")
        if c["viewport"] < 500 and c["smallest"] is not None and c["smallest"] < MIN_TEXT:
            bad.append(f"{label} has text of {c['smallest']} px")
    return bad


def _report(charts: list[dict[str, Any]], name: str) -> None:
    out = REPO / "tests" / "artifacts"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(charts, indent=1, ensure_ascii=False))


def _wait_idle(page: Any, *, charts: bool) -> None:
    """Until the run has started (20 s at most), then until no cell waits or runs (three
    minutes at most), then until a chart is drawn (when the notebook has charts)."""
    busy = page.locator(".jp-InputPrompt", has_text="[*]")
    for _ in range(40):
        if busy.count():
            break
        page.wait_for_timeout(500)
    for _ in range(360):
        page.wait_for_timeout(500)
        if busy.count() == 0:
            break
    if charts:
        page.wait_for_function(
            "document.querySelectorAll('.cmtime-live svg.marks, .jp-RenderedSVG').length > 0",
            timeout=120_000,
        )
    page.wait_for_timeout(2000)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    lab_copy(tmp_path)
    # every cell drawn, not only those in view (JupyterLab's windowing), so that every
    # chart is measured
    tracker = tmp_path / "lab-user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    return tmp_path


def test_every_notebook_chart_fits_its_cell(sync_api: Any, root: Path) -> None:
    cmd, base, token = _lab(root)
    charts: list[dict[str, Any]] = []
    with _server(cmd, cwd=root, env=_env(root), log=root / "lab.log", url=f"{base}/api/status?token={token}"):
        for stem in NOTEBOOKS:
            with _page(sync_api, f"fit-{stem}") as (page, _):
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                _open_and_run_all(page, sync_api, f"{base}/lab/tree/{stem}.py?reset&token={token}")
                _wait_idle(page, charts=stem != "00-start-here")
                found = _measure(page, stem, WIDTHS[0])
                if stem != "00-start-here":
                    assert found, f"{stem}: no chart measured"
                charts += found
                # a phone shows the notebook alone: the file browser's side panel folded
                page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()
                for width in WIDTHS[1:]:
                    page.set_viewport_size({"width": width, "height": 900})
                    page.wait_for_timeout(3000)  # the charts draw again at the new width
                    charts += _measure(page, stem, width)
    _report(charts, "fit-notebooks")
    assert not _problems(charts), "\n".join(_problems(charts))


def test_dashboard_fits_a_phone_and_a_desktop(sync_api: Any, root: Path) -> None:
    import jupytext

    build = root / "build"
    build.mkdir()
    jupytext.write(jupytext.read(root / "notebooks" / "dashboard.py"), build / "dashboard.ipynb")
    port = _free_port()
    cmd = [
        sys.executable, "-m", "voila", str(build / "dashboard.ipynb"),
        f"--Voila.config_file_paths={REPO / '.jupyter'}", "--Voila.ip=127.0.0.1",
        f"--port={port}", "--no-browser", "--VoilaExecutor.timeout=30", "--Voila.token=cmtime-fit",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    charts: list[dict[str, Any]] = []
    errors: list[str] = []
    sideways: dict[int, int] = {}
    with _server(cmd, cwd=root, env=_env(root), log=root / "voila.log", url=f"{base}/voila/static/"):
        for width in WIDTHS:
            with _page(sync_api, f"fit-dashboard-{width}") as (page, _):
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{base}/?token=cmtime-fit", wait_until="commit")
                page.locator(".cmtime-private").wait_for(state="attached", timeout=120_000)
                # every chart drawn: the pricing ones and the three off-hours ones
                page.wait_for_function(
                    "document.querySelectorAll('.cmtime-live svg.marks, .jp-RenderedSVG svg').length >= 6",
                    timeout=120_000,
                )
                page.wait_for_timeout(3000)
                charts += _measure(page, "dashboard", width)
                sideways[width] = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if width == 390:
                    page.screenshot(path=str(REPO / "tests" / "artifacts" / "fit-dashboard-390-full.png"), full_page=True)
    _report(charts, "fit-dashboard")
    assert not _problems(charts), "\n".join(_problems(charts))
    assert sideways[390] <= 0, f"the page scrolls sideways by {sideways[390]} px at 390 px"
    assert not [e for e in errors if not re.search(r"favicon", e)], errors
