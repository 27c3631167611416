"""The pricing widgets in a real browser: JupyterLab (04-pricing opened through jupytext)
and the Voilà dashboard. Moving the target-rate slider must change the proposed fee.

Each test starts its server on 127.0.0.1 with a free port in a subprocess, drives the
system Chromium (Debian's ``chromium``) through ``playwright`` with every request that
is not for 127.0.0.1 blocked, saves a screenshot to ``tests/artifacts/`` and stops the
server (terminate, wait, kill). Skipped when playwright or Chromium is missing, or when
``CMTIME_SKIP_LAB`` is set. Every wait is bounded.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from cmtime.interfaces.notebook import load_pricing
from cmtime.text.labels import money
from tests.conftest import ARGS, ARTIFACTS, CHROMIUM, offline

REPO = Path(__file__).resolve().parent.parent
STEPS = 5  # ArrowRight presses on the target-rate slider (step 1 €/h)

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(bool(os.environ.get("CMTIME_SKIP_LAB")), reason="CMTIME_SKIP_LAB is set"),
]


def lab_copy(tmp_path: Path) -> Path:
    """A copy of the notebooks next to the sample data, as in the repo (``../data/sample``)."""
    (tmp_path / "notebooks").mkdir()
    for nb in (REPO / "notebooks").glob("*.py"):
        shutil.copy2(nb, tmp_path / "notebooks" / nb.name)
    shutil.copytree(REPO / "data" / "sample", tmp_path / "data" / "sample")
    return tmp_path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return lab_copy(tmp_path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _norm(text: str) -> str:
    """Collapse the no-break spaces of French numbers so texts compare."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _expected_fee(rate_delta: float) -> tuple[str, str]:
    """The proposed fee, as shown, at the default target rate and ``rate_delta`` above it."""
    view = load_pricing(REPO / "data" / "sample", lang="fr")
    cur = view.config.currency
    fees = []
    for delta in (0.0, rate_delta):
        p = view.update(None, target_rate=view.config.target_rate + delta).proposal
        assert p is not None
        fees.append(_norm(money(p.suggested_fee, cur, "fr")))
    return fees[0], fees[1]


@contextmanager
def _server(cmd: list[str], *, cwd: Path, env: dict[str, str], log: Path, url: str) -> Iterator[None]:
    """Run a server until the block ends; yield once ``url`` answers at all (30 s at most)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"server exited {proc.returncode}:\n{log.read_text()[-3000:]}")
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except urllib.error.HTTPError:  # it answers, even with an error status
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"server not up after 30 s:\n{log.read_text()[-3000:]}")
                    time.sleep(0.3)
            yield
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)  # the server and its kernels
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "lab-user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "lab-workspaces"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        PYTHONPATH=str(REPO),
    )
    return env


@contextmanager
def _page(sync_api: Any, name: str) -> Iterator[tuple[Any, list[str]]]:
    """A Chromium page with the network outside 127.0.0.1 blocked; a screenshot at the end."""
    blocked: list[str] = []

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.set_default_timeout(60_000)
            page.route("**/*", offline(blocked))
            ok = False
            try:
                yield page, blocked
                ok = True
            finally:
                suffix = "" if ok else "-failed"
                page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"))
        finally:
            browser.close()


def _move_target_rate(page: Any, before: str, after: str) -> str:
    """Check the proposed fee reads ``before``, press ArrowRight on the target-rate slider,
    and wait (20 s at most) until it reads ``after``; return the text finally shown."""
    fee = page.locator(".widget-html .cmtime-proposal tr", has_text="proposé").locator("td")
    fee.wait_for(state="attached", timeout=60_000)
    fee.scroll_into_view_if_needed()
    # text_content reads the DOM: inner_text is empty while JupyterLab has not laid the cell
    # out (its notebook windowing skips cells outside the viewport)
    deadline = time.monotonic() + 20
    while not _norm(fee.text_content() or "") and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert _norm(fee.text_content() or "") == before
    handle = page.locator(".widget-slider", has_text="Objectif").locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(STEPS):
        page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 20
    shown = _norm(fee.text_content() or "")
    while shown != after and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        shown = _norm(fee.text_content() or "")
    fee.scroll_into_view_if_needed()
    return shown


def _open_and_run_all(page: Any, sync_api: Any, url: str) -> None:
    """Open a notebook in JupyterLab and run all its cells (Run → Run All Cells)."""
    # the default viewer of .py files is "Jupytext Notebook" (.jupyter/lab/settings)
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    # the kernel is connected when the status bar says so
    page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(timeout=60_000)
    for _ in range(3):  # Run → Run All Cells; again if a click came too early
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click()
        try:
            page.locator(".jp-InputPrompt", has_text=re.compile(r"\[(\*|\d+)\]")).first.wait_for(
                state="attached", timeout=10_000
            )
            break
        except sync_api.TimeoutError:
            continue


def _lab(root: Path) -> tuple[list[str], str, str]:
    """The JupyterLab command on a free port with a fresh token, its base URL and token."""
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        f"--config={REPO / '.jupyter' / 'jupyter_lab_config.py'}",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--no-browser",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root / 'notebooks'}",
    ]  # fmt: skip
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd, f"http://127.0.0.1:{port}", token


def test_lab_report_link_opens_the_report(sync_api: Any, root: Path) -> None:
    """05-client-report writes the report next to it; its link opens the report in Lab."""
    cmd, base, token = _lab(root)
    with (
        _server(cmd, cwd=root, env=_env(root), log=root / "lab.log", url=f"{base}/api/status?token={token}"),
        _page(sync_api, "lab-report-link") as (page, _),
    ):
        _open_and_run_all(page, sync_api, f"{base}/lab/tree/05-client-report.py?reset&token={token}")
        link = page.locator(".jp-RenderedMarkdown a", has_text="ouvrir le rapport")
        link.wait_for(timeout=90_000)
        assert "/files/out/share/report.html" in (link.get_attribute("href") or "")
        link.click()
        # JupyterLab opens the file in its HTML viewer, in a tab named after it
        page.locator(".lm-TabBar-tab", has_text="report.html").wait_for(timeout=30_000)
        report = page.frame_locator(".jp-HTMLViewer iframe").locator("body")
        report.get_by_text("Boulangerie Dupont").first.wait_for(timeout=30_000)
        assert report.locator("svg").count() >= 3  # the charts, drawn without a network
    assert (root / "notebooks" / "out" / "share" / "report.html").is_file()


def test_lab_pricing_slider_changes_the_proposal(sync_api: Any, root: Path) -> None:
    before, after = _expected_fee(STEPS)
    assert before != after
    cmd, base, token = _lab(root)
    with (
        _server(cmd, cwd=root, env=_env(root), log=root / "lab.log", url=f"{base}/api/status?token={token}"),
        _page(sync_api, "lab-pricing") as (page, _),
    ):
        _open_and_run_all(page, sync_api, f"{base}/lab/tree/04-pricing.py?reset&token={token}")
        shown = _move_target_rate(page, before, after)
    assert shown == after


def test_voila_dashboard_slider_changes_the_proposal(sync_api: Any, root: Path) -> None:
    import jupytext

    before, after = _expected_fee(STEPS)
    build = root / "build"
    build.mkdir()
    jupytext.write(jupytext.read(root / "notebooks" / "dashboard.py"), build / "dashboard.ipynb")
    port = _free_port()
    cmd = [
        sys.executable, "-m", "voila", str(build / "dashboard.ipynb"),
        "--Voila.ip=127.0.0.1", f"--port={port}", "--no-browser",
        # A cell showing ipywidgets sometimes leaves nbclient (Voilà's executor) waiting
        # for a reply that has already come (jupyter/nbclient#312); without a cell timeout
        # it waits forever. Every dashboard cell takes a few seconds on the sample.
        "--VoilaExecutor.timeout=20",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with (
        _server(cmd, cwd=root, env=_env(root), log=root / "voila.log", url=f"{base}/voila/static/"),
        _page(sync_api, "voila-dashboard") as (page, _),
    ):
        page.goto(f"{base}/", wait_until="commit")
        shown = _move_target_rate(page, before, after)
        text = page.inner_text("body")
        assert "load_pricing(" not in text  # no code shown
        # the charts are live charts drawn from the bundle the kernel sends: no network
        page.locator(".cmtime-live svg.marks").nth(5).wait_for(state="attached", timeout=60_000)
    assert shown == after
