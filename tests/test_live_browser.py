"""Live charts in a real browser, with no network: 02-offhours opened in JupyterLab, run,
a bar of the by-client chart hovered, and its Vega tooltip read.

JupyterLab starts on 127.0.0.1 as in tests/test_lab_browser.py (whose helpers this reuses);
Chromium blocks and records every request that is not for 127.0.0.1, so the Vega bundle
can only come from the kernel. Screenshot in ``tests/artifacts/live-tooltip.png``.
Skipped when playwright or Chromium is missing, or when ``CMTIME_SKIP_LAB`` is set.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.test_lab_browser import (
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    LOCAL,
    REPO,
    _env,
    _lab,
    _open_and_run_all,
    _server,
)

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(bool(os.environ.get("CMTIME_SKIP_LAB")), reason="CMTIME_SKIP_LAB is set"),
]

NOTEBOOK = "02-offhours.py"


@pytest.fixture
def sync_api() -> Any:
    api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    return api


def _norm(text: str) -> str:
    """Collapse the no-break spaces of French numbers so texts compare."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _expected() -> tuple[str, list[str]]:
    """The by-client chart's description and the tooltip texts of its longest bar."""
    from cmtime import charts
    from cmtime.charts.theme import themed_spec
    from cmtime.interfaces.notebook import load_offhours

    off = load_offhours(REPO / "data" / "sample", lang="fr")
    spec = themed_spec(charts.offhours_by_client_chart(off.by_client_long, lang="fr"))
    rows = [r for data in spec["datasets"].values() for r in data if "hours_text" in r]
    top = max(rows, key=lambda r: r["hours"])
    return spec["description"], [top["client"], top["category_label"], top["hours_text"]]


def test_live_chart_shows_its_tooltip_offline(sync_api: Any, tmp_path: Path) -> None:
    description, texts = _expected()
    (tmp_path / "notebooks").mkdir()
    shutil.copy2(REPO / "notebooks" / NOTEBOOK, tmp_path / "notebooks" / NOTEBOOK)
    shutil.copytree(REPO / "data" / "sample", tmp_path / "data" / "sample")
    cmd, base, token = _lab(tmp_path)
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    ARTIFACTS.mkdir(exist_ok=True)
    with (
        _server(cmd, cwd=tmp_path, env=_env(tmp_path), log=tmp_path / "lab.log",
                url=f"{base}/api/status?token={token}"),
        sync_api.sync_playwright() as pw,
    ):  # fmt: skip
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.route("**/*", route)
        shot = ARTIFACTS / "live-tooltip-failed.png"
        try:
            t0 = time.monotonic()
            _open_and_run_all(page, sync_api, f"{base}/lab/tree/{NOTEBOOK}?reset&token={token}")
            chart = page.locator(f'.cmtime-live[aria-label="{description}"]')
            chart.wait_for(state="attached", timeout=60_000)
            chart.scroll_into_view_if_needed()
            bars = chart.locator("svg .mark-rect path")
            bars.first.wait_for(timeout=30_000)
            first_chart_s = time.monotonic() - t0
            widths = [b["width"] for b in bars.evaluate_all(
                "els => els.map(e => e.getBoundingClientRect().toJSON())")]  # fmt: skip
            bars.nth(widths.index(max(widths))).hover()
            tooltip = page.locator("#vg-tooltip-element")
            tooltip.wait_for(state="visible", timeout=10_000)
            shown = _norm(tooltip.inner_text())
            shot = ARTIFACTS / "live-tooltip.png"
        finally:
            page.screenshot(path=str(shot))
            browser.close()
    print(f"page opened to the live chart drawn: {first_chart_s:.1f} s")  # noqa: T201
    for text in texts:
        assert _norm(text) in shown, (text, shown)
    assert not blocked, blocked
