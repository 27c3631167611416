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
    REPO,
    _env,
    _lab,
    _open_and_run_all,
    _page,
    _server,
)

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(bool(os.environ.get("CMTIME_SKIP_LAB")), reason="CMTIME_SKIP_LAB is set"),
]

NOTEBOOK = "02-offhours.py"
CHARTS = 4  # punch card, by client, monthly trend, team


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
    with (
        _server(cmd, cwd=tmp_path, env=_env(tmp_path), log=tmp_path / "lab.log",
                url=f"{base}/api/status?token={token}"),
        _page(sync_api, "live-tooltip") as (page, blocked),  # a screenshot at the end
    ):  # fmt: skip
        page.set_viewport_size({"width": 1280, "height": 900})
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
        # every chart drawn live in French: "1 000" and "5 %" on the axes (the locale)
        drawn = page.locator(".cmtime-live svg.marks")
        deadline = time.monotonic() + 30
        while drawn.count() < CHARTS and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        count, axes = drawn.count(), _live_texts(page)
    print(f"page opened to the by-client live chart drawn: {first_chart_s:.1f} s")  # noqa: T201
    for text in texts:
        assert _norm(text) in shown, (text, shown)
    assert count == CHARTS
    assert re.search(r"\d[\u202f\u00a0]\d{3}\b", axes), axes  # 1 000 h (team chart)
    assert re.search(r"\d[\u202f\u00a0]%", axes), axes  # 5 % (monthly trend)
    assert not re.search(r"\b(Jan|Feb|Dec)\b|\d,\d{3}\b|\d%", axes), axes
    assert not blocked, blocked


def _live_texts(page: Any) -> str:
    """The text of every live chart drawn so far."""
    js = "els => els.map(e => e.textContent).join(' | ')"
    return str(page.locator(".cmtime-live svg").evaluate_all(js))
