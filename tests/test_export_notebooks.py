"""An executed notebook exported to HTML shows its charts as SVG, with no live kernel.

``jupyter nbconvert --execute --to html`` runs the notebook without a page to draw a
widget on: every chart is then its SVG (`cmtime.interfaces.live.live_frontend`), and every
widget a cell shows is its content (`cmtime.interfaces.widgets_static`): the charts inside
the pricing board's ``Output`` widgets, its controls, the dashboard's sections. Before,
the export held a widget view per chart and showed an empty output where each one was
(every chart of 04-pricing, the four pricing charts of the dashboard).

Every notebook of ``notebooks/``, each exported once (10 to 30 s each on the sample).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.notebook


#: The charts each notebook shows on the sample, read from the notebooks themselves.
CHARTS = {
    "00-start-here": 0,  # tables only; its box to read one's own exports is a widget
    "01-workload": 3,  # iceberg, weekly effort, activities
    "02-offhours": 4,  # punch card, off-hours per client, monthly trend, team
    "03-client-wait": 6,  # the timeline, a chart per quarter of 2026 (four), delays, cumulative
    "04-pricing": 4,  # board: rates, fee against suggested per month, clients map; margins (private)
    "05-client-report": 1,  # the report's first chart
    "06-frame": 1,  # the frame report's waits chart
    "07-agency": 1,  # margins
    "dashboard": 7,  # the four of 04's board, then off-hours per client, punch card, trend
}


def test_every_notebook_is_exported() -> None:
    assert set(CHARTS) == {p.stem for p in (REPO / "notebooks").glob("*.py")}


@pytest.mark.parametrize(("stem", "charts"), CHARTS.items())
def test_nbconvert_html_export_shows_every_chart_as_svg(tmp_path: Path, stem: str, charts: int) -> None:
    (tmp_path / "notebooks").mkdir()
    shutil.copytree(REPO / "data" / "sample", tmp_path / "data" / "sample")
    ipynb = tmp_path / "notebooks" / f"{stem}.ipynb"
    jupytext.write(jupytext.read(REPO / "notebooks" / f"{stem}.py"), ipynb)
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("JPY_SESSION_NAME", "CMTIME_LIVE")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html", str(ipynb)],
        cwd=tmp_path / "notebooks", env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    page = (tmp_path / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
    assert '<script type="application/vnd.jupyter.widget-view+json">' not in page  # nothing left empty
    # each chart an SVG output (nbconvert inlines it as an image), drawn in the kernel
    svgs = re.findall(r'class="jp-RenderedSVG[^"]*"[^>]*>\s*<(?:svg|img [^>]*src="data:image/svg\+xml)', page)
    assert len(svgs) == charts, len(svgs)
