"""The share report in a real browser, network blocked: every chart draws, no console error.

Uses the system Chromium (Debian's ``chromium``) through the ``playwright`` package; the
test is skipped when either is missing. A screenshot goes to ``tests/artifacts/report.png``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.analysis.scope import Scope
from cmtime.outputs.share import build_report, write_report

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def test_report_renders_offline_in_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    report = build_report(Scope.load(SAMPLE_DIR, client="Dupont", lang="fr"))
    page_path = write_report(report, tmp_path)[0]

    errors: list[str] = []
    requests: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith("file:"):
            r.continue_()  # type: ignore[attr-defined]
        else:
            requests.append(url)
            r.abort()  # type: ignore[attr-defined]

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", route)
            page.goto(page_path.as_uri())
            page.wait_for_function(
                "document.querySelectorAll('.vega-chart').length > 0 && "
                "[...document.querySelectorAll('.vega-chart')].every("
                "c => c.querySelector('svg, canvas'))",
                timeout=20_000,
            )
            containers = page.locator(".vega-chart")
            assert containers.count() == len(report.charts)
            for i in range(containers.count()):
                assert containers.nth(i).locator("svg.marks, canvas.marks").count() == 1
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})  # a phone
            page.wait_for_timeout(300)
            page.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert requests == []
