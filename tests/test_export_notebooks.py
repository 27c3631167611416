"""An executed notebook exported to HTML shows its charts as SVG, with no live kernel.

``jupyter nbconvert --execute --to html`` runs the notebook without a page to draw a
widget on: every chart is then its SVG (`cmtime.interfaces.live.live_frontend`). Before,
the export held a widget view per chart and showed an empty output where each one was.
Two notebooks with charts in their own cells (about 30 s each on the sample).
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


@pytest.mark.parametrize(("stem", "charts"), [("01-workload", 3), ("03-client-wait", 3)])
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
