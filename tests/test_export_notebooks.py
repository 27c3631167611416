"""An executed notebook exported to HTML shows its charts as SVG, with no live kernel.

``jupyter nbconvert --execute --to html`` runs the notebook without a page to draw a
widget on: every chart is then its SVG (`cmtime.interfaces.live.live_frontend`), and every
widget a cell shows is its content (`cmtime.interfaces.widgets_static`): the charts inside
the pricing board's ``Output`` widgets, its controls, the dashboard's sections. Before,
the export held a widget view per chart and showed an empty output where each one was
(every chart of 04-pricing, the four pricing charts of the dashboard).

No script comes from the network for the notebook's sake: with no page, no widget opens a
comm (`cmtime.interfaces.widgets_static.pageless_comms`), so nbclient stores no widget
state and the HTML loads no widget manager. Before, 00-start-here, 04-pricing and the
dashboard carried the state of their widgets (a shared ``Layout`` made at import, the
controls) and their HTML fetched ``https://unpkg.com/@jupyter-widgets/html-manager``.
nbconvert's own page template still names require.js and MathJax on cdnjs in every HTML
export of any notebook (`NBCONVERT_OWN`): a notebook cannot drop them, only nbconvert's
options can (``--HTMLExporter.require_js_url``, ``--HTMLExporter.mathjax_url``).

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


#: the scripts nbconvert's lab template loads from a CDN in every HTML export, whatever
#: the notebook holds (nbconvert 7: HTMLExporter.require_js_url and mathjax_url)
NBCONVERT_OWN = (
    re.compile(r"https://cdnjs\.cloudflare\.com/ajax/libs/require\.js/[0-9.]+/require\.min\.js"),
    re.compile(r"https://cdnjs\.cloudflare\.com/ajax/libs/mathjax/[0-9.]+/latest\.js\?[^\"]*"),
)
#: a script fetched from the network: a ``src`` or a script's own URL (the widget manager
#: is written into a script that adds it: ``widgetRendererSrc = 'https://unpkg.com/...'``)
NETWORK_SCRIPT = re.compile(r"""<script[^>]*\ssrc=["'](https?://[^"']+)|(?:Src|src)\s*=\s*['"](https?://[^'"]+)""")


def network_scripts(page: str) -> list[str]:
    """The URLs of the scripts ``page`` loads from the network, nbconvert's own left out."""
    found = [a or b for a, b in NETWORK_SCRIPT.findall(page)]
    return [url for url in found if not any(own.fullmatch(url) for own in NBCONVERT_OWN)]


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
    # the kernel on Unix sockets of its own, as in test_notebooks (no race for a free TCP port)
    sockets = f"--KernelManager.ip={tmp_path / 'k'}"
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html", str(ipynb),
         "--KernelManager.transport=ipc", sockets],
        cwd=tmp_path / "notebooks", env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    page = (tmp_path / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
    assert '<script type="application/vnd.jupyter.widget-view+json">' not in page  # nothing left empty
    assert "application/vnd.jupyter.widget-state+json" not in page  # no widget model stored
    assert network_scripts(page) == []
    # each chart an SVG output (nbconvert inlines it as an image), drawn in the kernel
    svgs = re.findall(r'class="jp-RenderedSVG[^"]*"[^>]*>\s*<(?:svg|img [^>]*src="data:image/svg\+xml)', page)
    assert len(svgs) == charts, len(svgs)
