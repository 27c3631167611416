"""The share report in a real browser, network blocked, at phone and desktop widths, with
scripts on and off: every chart shows, no text of a chart is clipped or overlaps another.

Uses the system Chromium (Debian's ``chromium``) through the ``playwright`` package; the
test is skipped when either is missing. Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.analysis.scope import Scope
from cmtime.outputs.share import build_report, write_report
from tests.conftest import ARGS, ARTIFACTS, CHROMIUM, offline

#: For every visible chart: its box, and the box of every text it draws.
_BOXES = """
() => [...document.querySelectorAll('figure.chart svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const r = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() !== '')
      .map(t => { const b = t.getBoundingClientRect();
                  return {text: t.textContent, x: b.left, y: b.top, w: b.width, h: b.height}; });
    return {box: {x: r.left, y: r.top, w: r.width, h: r.height},
            fig: svg.closest('figure').getBoundingClientRect().width, texts};
  })
"""


def _overlap(a: dict[str, Any], b: dict[str, Any], slack: float = 1.0) -> bool:
    return (
        a["x"] + slack < b["x"] + b["w"]
        and b["x"] + slack < a["x"] + a["w"]
        and a["y"] + slack < b["y"] + b["h"]
        and b["y"] + slack < a["y"] + a["h"]
    )


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts-on", "scripts-off"])
def test_report_charts_fit_at_phone_and_desktop(sync_api: Any, tmp_path: Path, scripts: bool) -> None:
    report = build_report(Scope.load(SAMPLE_DIR, client="Dupont", lang="fr"))
    page_path = write_report(report, tmp_path, pdf=False)[0]
    errors: list[str] = []
    requests: list[str] = []

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=scripts)
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.route("**/*", offline(requests, allow=("file:",)))
                page.goto(page_path.as_uri())
                charts = page.evaluate(_BOXES)
                assert len(charts) == len(report.charts), width
                # nothing pushes the page sideways (a too-wide table did at 390 px)
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                for chart in charts:
                    box = chart["box"]
                    assert box["w"] <= chart["fig"] + 0.5, f"{width}px: chart wider than its card"
                    assert box["x"] >= 0, f"{width}px: chart off screen"
                    assert box["x"] + box["w"] <= width, f"{width}px: chart off screen"
                    texts = chart["texts"]
                    assert texts, "a chart without text"
                    for t in texts:
                        inside = (
                            t["x"] >= box["x"] - 0.5
                            and t["y"] >= box["y"] - 0.5
                            and t["x"] + t["w"] <= box["x"] + box["w"] + 0.5
                            and t["y"] + t["h"] <= box["y"] + box["h"] + 0.5
                        )
                        assert inside, f"{width}px: {t['text']!r} is clipped"
                        if width == 390:  # readable on a phone, not shrunk away
                            assert t["h"] >= 8, f"{width}px: {t['text']!r} is too small"
                    for i, a in enumerate(texts):
                        for b in texts[i + 1 :]:
                            assert not _overlap(a, b), f"{width}px: {a['text']!r} overlaps {b['text']!r}"
                ARTIFACTS.mkdir(exist_ok=True)
                name = "report-phone" if width == 390 else "report"
                page.screenshot(path=str(ARTIFACTS / f"{name}{'' if scripts else '-noscript'}.png"), full_page=True)
                page.close()
        finally:
            browser.close()
    assert errors == []
    assert requests == []


@pytest.mark.parametrize("name", ["frame", "proposal"])
def test_a_report_section_in_a_notebook_takes_its_own_height(sync_api: Any, tmp_path: Path, name: str) -> None:
    """`section_html` (notebooks 05 and 06): the section's frame is as tall as the section,
    at a phone's width and a desktop's. At a fixed 520 px, 06's frame section left 250 px
    of blank under it at 1280 px (docs/notebook-06.png) and a phone could cut it."""
    from cmtime.outputs.share import section_html

    report = build_report(Scope.load(SAMPLE_DIR, client="Boulangerie Dupont", lang="fr"))
    page_path = tmp_path / "cell.html"
    page_path.write_text(f"<!doctype html><meta charset=utf-8><body style='margin:0'>{section_html(report, name)}", "utf-8")
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.route("**/*", offline(requests, allow=("file:", "about:")))
                page.goto(page_path.as_uri())
                page.wait_for_function("document.querySelector('iframe').contentDocument.readyState === 'complete'")
                page.wait_for_timeout(100)
                frame, content, inner = page.evaluate(
                    "() => { const f = document.querySelector('iframe'); const d = f.contentDocument;"
                    " return [f.getBoundingClientRect().height, d.documentElement.getBoundingClientRect().height,"
                    " d.scrollingElement.scrollHeight]; }"
                )
                assert abs(frame - content) <= 2, f"{width}px: frame {frame} px for {content} px of section"
                assert inner <= frame + 1, f"{width}px: the section scrolls inside its frame"
                scripts = page.evaluate("() => document.querySelector('iframe').contentDocument.scripts.length")
                assert scripts == 0  # the section runs nothing; only the cell's own onload resizes
        finally:
            browser.close()
    assert requests == []
