"""Screenshots of the notebooks as a reader sees them in JupyterLab, at 1280 px.

Run from the repo: ``.venv/bin/python docs/notebook_screenshots.py [fr|en] [NN ...]``
(``NN``: only the notebooks whose names start with it, e.g. ``07``). Starts
JupyterLab on 127.0.0.1 over a copy of ``notebooks/`` and ``data/sample`` (nothing is
written into the repo but ``docs/notebook-NN.png``), runs every notebook with Run All,
scrolls to the section named in `SECTIONS` and saves the view. The network outside
127.0.0.1 is blocked, as in tests/test_lab_browser.py, whose helpers it reuses.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.test_lab_browser import (  # noqa: E402
    _env,
    _lab,
    _open_and_run_all,
    _page,
    _server,
)

#: Per notebook, a text of the section to scroll to (the first of fr / en that is found).
SECTIONS = {
    "00-start-here": ("Fichier par fichier", "File by file"),
    "01-workload": ("L'iceberg", "The iceberg"),
    "02-offhours": ("Soirées, week-ends", "Evenings, weekends"),
    "03-client-wait": ("Le délai médian", "The median answer"),
    "04-pricing": ("Vos chiffres", "Your figures"),
    "05-client-report": ("Le rapport à envoyer", "The report to send"),
    "06-frame": ("Ce que le bilan de", "What the report of"),
    "07-agency": ("Quels clients font perdre", "Which clients lose money"),
}
#: More views of a notebook: ``docs/notebook-NN-<name>.png``, scrolled to the section named.
MORE = {
    "01-workload": {"weekly": ("Semaine après semaine", "Week after week")},
    "02-offhours": {
        "clients": ("Qui vous fait travailler hors horaires", "Who makes you work off-hours"),
        "trend": ("Mois après mois", "Month after month"),
    },
    "03-client-wait": {
        "timeline": ("Chaque attente sur le calendrier", "Every wait on the calendar"),
        "latency": ("Qui répond vite", "Who answers fast"),
    },
    "04-pricing": {"rates": ("Ce que le client croit payer", "What the client thinks they pay")},
}


def _scroll_to(page: Any, heads: tuple[str, str], *, top: bool = False) -> None:
    """Scroll to the section headed by one of ``heads`` (``top``: its heading at the top)."""
    head = page.locator(
        ".jp-RenderedMarkdown h2, .jp-RenderedMarkdown h1",
        has_text=re.compile("|".join(map(re.escape, heads))),
    ).first
    head.scroll_into_view_if_needed()
    if top:  # once the cells around it are drawn (JupyterLab draws the cells in view)
        page.wait_for_timeout(1000)
        head.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1500)


def main(lang: str = "fr", *only: str) -> None:
    """Screenshots in ``lang``; of the notebooks whose names start with ``only`` (all without)."""
    from playwright import sync_api

    root = Path(tempfile.mkdtemp(prefix="cmtime-shots-"))
    (root / "notebooks").mkdir()
    for nb in (REPO / "notebooks").glob("*.py"):
        text = nb.read_text()
        text = re.sub(r'^lang = "fr"', f"lang = {lang!r}", text, flags=re.M)
        (root / "notebooks" / nb.name).write_text(text)
    shutil.copytree(REPO / "data" / "sample", root / "data" / "sample")
    cmd, base, token = _lab(root)
    try:
        with _server(
            cmd,
            cwd=root,
            env=_env(root),
            log=root / "lab.log",
            url=f"{base}/api/status?token={token}",
        ):
            for stem, heads in SECTIONS.items():
                if only and not stem.startswith(only):
                    continue
                with _page(sync_api, f"shot-{stem}") as (page, _):
                    page.set_viewport_size({"width": 1280, "height": 900})
                    _open_and_run_all(
                        page, sync_api, f"{base}/lab/tree/{stem}.py?reset&token={token}"
                    )
                    busy = page.locator(".jp-InputPrompt", has_text="[*]")
                    for _ in range(240):  # until no cell waits or runs (two minutes at most)
                        page.wait_for_timeout(500)
                        if busy.count() == 0:
                            break
                    page.wait_for_timeout(2000)
                    _scroll_to(page, heads, top=True)
                    page.screenshot(path=str(REPO / "docs" / f"notebook-{stem[:2]}.png"))
                    for name, more in MORE.get(stem, {}).items():
                        _scroll_to(page, more, top=True)  # the heading, its charts under it
                        page.screenshot(path=str(REPO / "docs" / f"notebook-{stem[:2]}-{name}.png"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def dashboard(lang: str = "fr") -> None:
    """The Voilà dashboard at 1280 px and on a phone (390 px): ``docs/dashboard-1280.png``
    and ``docs/dashboard-390.png``, once every chart is drawn, then its first charts
    (``-charts``), the off-hours per client (``-offhours``) and the trend (``-trend``)."""
    import jupytext
    from playwright import sync_api

    from tests.test_lab_browser import _free_port

    root = Path(tempfile.mkdtemp(prefix="cmtime-shots-"))
    (root / "notebooks").mkdir()
    text = (REPO / "notebooks" / "dashboard.py").read_text()
    text = re.sub(r'^lang = "fr"', f"lang = {lang!r}", text, flags=re.M)
    (root / "notebooks" / "dashboard.py").write_text(text)
    shutil.copytree(REPO / "data" / "sample", root / "data" / "sample")
    (root / "build").mkdir()
    jupytext.write(jupytext.read(root / "notebooks" / "dashboard.py"), root / "build" / "dashboard.ipynb")
    port = _free_port()
    cmd = [
        sys.executable, "-m", "voila", str(root / "build" / "dashboard.ipynb"),
        f"--Voila.config_file_paths={REPO / '.jupyter'}", f"--port={port}",
        "--VoilaExecutor.timeout=30", "--Voila.token=cmtime-shots",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        with _server(cmd, cwd=root, env=_env(root), log=root / "voila.log", url=f"{base}/voila/static/"):
            for width in (1280, 390):
                with _page(sync_api, f"shot-dashboard-{width}") as (page, _):
                    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
                    page.goto(f"{base}/?token=cmtime-shots", wait_until="commit")
                    page.wait_for_function(
                        "document.querySelectorAll('.cmtime-live svg.marks').length >= 7", timeout=180_000
                    )
                    page.wait_for_timeout(2000)
                    page.screenshot(path=str(REPO / "docs" / f"dashboard-{width}.png"))
                    # then the charts: the first one at the top of the view
                    page.locator(".cmtime-live").first.evaluate("e => e.scrollIntoView()")
                    page.wait_for_timeout(1000)
                    page.screenshot(path=str(REPO / "docs" / f"dashboard-{width}-charts.png"))
                    # the off-hours charts: per client (the fifth chart, after the board's
                    # four) and the monthly trend (the seventh)
                    for name, nth in (("offhours", 4), ("trend", 6)):
                        page.locator(".cmtime-live").nth(nth).evaluate("e => e.scrollIntoView()")
                        page.wait_for_timeout(1000)
                        page.screenshot(path=str(REPO / "docs" / f"dashboard-{width}-{name}.png"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["dashboard"]:
        dashboard(*sys.argv[2:])
    else:
        main(*sys.argv[1:])
