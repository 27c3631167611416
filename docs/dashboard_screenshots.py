"""A screenshot of the dashboard's agency section as a visitor sees it in Voilà, at 1280 px.

Run from the repo: ``.venv/bin/python docs/dashboard_screenshots.py [fr|en]``. Starts Voilà
as ``make dashboard`` does (see tests/test_dashboard_browser.py) over a copy of the
dashboard and ``data/sample`` in a temporary folder, opens it in Chromium with the network
outside 127.0.0.1 blocked, waits for the agency section, scrolls to it and saves
``docs/dashboard-agency.png`` (nothing else is written into the repo).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import ARGS, CHROMIUM, offline  # noqa: E402

HEADS = ("L'agence : marges", "The agency: margins")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(lang: str = "fr") -> None:
    import jupytext
    from playwright import sync_api

    root = Path(tempfile.mkdtemp(prefix="cmtime-dash-"))
    (root / "notebooks").mkdir()
    text = (REPO / "notebooks" / "dashboard.py").read_text()
    (root / "notebooks" / "dashboard.py").write_text(re.sub(r'^lang = "fr"', f"lang = {lang!r}", text, flags=re.M))
    shutil.copytree(REPO / "data" / "sample", root / "data" / "sample")
    (root / "build").mkdir()
    jupytext.write(jupytext.read(root / "notebooks" / "dashboard.py"), root / "build" / "dashboard.ipynb")
    env = dict(os.environ, PYTHONPATH=str(REPO), JUPYTER_RUNTIME_DIR=str(root / "runtime"))
    cmd = [sys.executable, "-m", "voila", "build/dashboard.ipynb",
           f"--Voila.config_file_paths={REPO / '.jupyter'}", f"--port={_free_port()}"]  # fmt: skip
    log = root / "voila.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None and time.monotonic() < deadline:
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\w+", log.read_text())
            url = found.group(0) if found else None
            time.sleep(0.3)
        if url is None:
            msg = f"Voilà did not start:\n{log.read_text()[-2000:]}"
            raise SystemExit(msg)
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", offline([]))
            page.goto(url, wait_until="commit")
            head = page.locator("h2", has_text=re.compile("|".join(map(re.escape, HEADS)))).first
            head.wait_for(state="visible", timeout=120_000)
            page.wait_for_timeout(3000)
            head.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -20)")
            page.wait_for_timeout(1000)
            page.screenshot(path=str(REPO / "docs" / "dashboard-agency.png"))
            browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
