"""The Voilà dashboard as a visitor meets it: cold page loads, and no kernel left behind.

The server is started as ``make dashboard`` starts it: jupytext writes the notebook into
``build/``, Voilà reads the repo's ``.jupyter/voila.py`` (loopback, token, Host check,
kernel culling) and prints the URL with its token. Pages are driven in the system
Chromium through playwright, each in a fresh browser context (no cache, no cookie: a cold
load), with every request outside 127.0.0.1 blocked.

- `test_closed_pages_leave_no_kernel_behind` (in ``make test``): three visits, each closed
  the way a tab dies (no ``beforeunload``), or closed normally; a few seconds later at most
  one kernel is left. The culling delays are shortened for the test; the test checks that
  ``.jupyter/voila.py`` turns culling on.
- `test_thirty_cold_loads` (in ``make bench``, ``CMTIME_DASHBOARD_LOADS=30``; about three
  minutes, too slow for the suite): each cold load must show the dashboard's widgets within
  10 s; prints p50/p95 and writes them to ``benchmarks/_work/dashboard_loads.json``.
- `test_reloads_back_to_back` (``CMTIME_DASHBOARD_RELOADS=10``): reloads, each page closed
  as the next opens; prints the median (``benchmarks/_work/dashboard_reloads.json``).

Skipped when playwright or Chromium is missing, or when ``CMTIME_SKIP_LAB`` is set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARGS, ARTIFACTS, CHROMIUM, offline

REPO = Path(__file__).resolve().parent.parent
#: What "the dashboard is shown" means: the target-rate slider and the proposal.
SHOWN = ".widget-slider .noUi-handle, .widget-html .cmtime-proposal"
LOADS = int(os.environ.get("CMTIME_DASHBOARD_LOADS", "0"))
#: Reloads back to back (``CMTIME_DASHBOARD_RELOADS=10``): each page closed as the next opens.
RELOADS = int(os.environ.get("CMTIME_DASHBOARD_RELOADS", "0"))
#: ``CMTIME_DASHBOARD_RELOADS_UNLOAD=0``: the old pages die without ``beforeunload`` (a
#: killed tab: their kernels run on until culled); by default they close as a reload does.
BEFORE_UNLOAD = os.environ.get("CMTIME_DASHBOARD_RELOADS_UNLOAD", "1") != "0"
#: Culling for the test: a closed page's kernel ends a few seconds later.
CULL = ["--MappingKernelManager.cull_idle_timeout=4", "--MappingKernelManager.cull_interval=1"]

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(bool(os.environ.get("CMTIME_SKIP_LAB")), reason="CMTIME_SKIP_LAB is set"),
]



@dataclass
class Dashboard:
    url: str  # with its token
    pid: int  # the Voilà server

    def kernels(self) -> list[int]:
        """The kernel processes the server started (children running ipykernel)."""
        out = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                stat = (proc / "stat").read_text()
                cmd = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.pid and b"ipykernel" in cmd:
                out.append(int(proc.name))
        return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """Voilà on the dashboard, started as ``make dashboard`` does, on a free port."""
    import jupytext

    root = tmp_path_factory.mktemp("dashboard")
    (root / "notebooks").mkdir()
    shutil.copy2(REPO / "notebooks" / "dashboard.py", root / "notebooks" / "dashboard.py")
    shutil.copytree(REPO / "data" / "sample", root / "data" / "sample")
    (root / "build").mkdir()
    jupytext.write(
        jupytext.read(root / "notebooks" / "dashboard.py"), root / "build" / "dashboard.ipynb"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), JUPYTER_RUNTIME_DIR=str(root / "runtime"))
    cmd = [
        sys.executable, "-m", "voila", "build/dashboard.ipynb",
        f"--Voila.config_file_paths={REPO / '.jupyter'}", f"--port={_free_port()}", *CULL,
    ]  # fmt: skip
    log = root / "voila.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None:
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\w+", log.read_text())
            if found:
                url = found.group(0)
            elif proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Voilà did not start:\n{log.read_text()[-3000:]}")
            else:
                time.sleep(0.3)
        yield Dashboard(url, proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the server and its kernels
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(sync_api: Any) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _cold_load(browser: Any, url: str, *, within: float, name: str) -> tuple[float, Any]:
    """Open ``url`` in a fresh context; seconds until the widgets show (``inf`` if not
    within ``within`` s) and the still-open context."""

    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.route("**/*", offline([]))
    t0 = time.monotonic()
    page.goto(url, wait_until="commit")
    try:
        for selector in SHOWN.split(", "):
            left = within - (time.monotonic() - t0)
            page.locator(selector).first.wait_for(state="visible", timeout=max(left, 0.001) * 1000)
        return time.monotonic() - t0, context
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-failed.png"))
        return float("inf"), context


def _wait_for_kernels(dashboard: Dashboard, at_most: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    left = dashboard.kernels()
    while len(left) > at_most and time.monotonic() < deadline:
        time.sleep(0.5)
        left = dashboard.kernels()
    return left


async def _reply_after_a_send(channel_class: type) -> bool:
    """Whether a client of ``channel_class``, waiting for a reply as nbclient does, gets it
    when the reply lands just before the client sends a message on the same socket (nbclient's
    output-widget ``comm_msg``): the lost wake-up that hung the dashboard."""
    import asyncio

    import zmq
    import zmq.asyncio
    from jupyter_client.session import Session

    ctx, actx = zmq.Context(), zmq.asyncio.Context()
    kernel = ctx.socket(zmq.ROUTER)
    client = actx.socket(zmq.DEALER)
    try:
        port = kernel.bind_to_random_port("tcp://127.0.0.1")
        client.connect(f"tcp://127.0.0.1:{port}")
        session = Session(key=b"x" * 16)
        shell = channel_class(client, session)
        shell.send(session.msg("execute_request", {"code": ""}))
        ident = kernel.recv_multipart()[0]
        reply = asyncio.ensure_future(shell.get_msg())  # nbclient waits for execute_reply
        await asyncio.sleep(0.1)
        session.send(kernel, "execute_reply", {"status": "ok"}, ident=ident)
        time.sleep(0.1)  # the reply is in the client's socket before the event loop runs again
        shell.send(session.msg("comm_msg", {"comm_id": "output", "data": {}}))
        try:
            await asyncio.wait_for(reply, 2)
        except TimeoutError:
            return False
        return True
    finally:
        client.close(linger=0)
        kernel.close(linger=0)
        actx.term()
        ctx.term()


def test_the_voila_kernel_client_never_loses_a_reply() -> None:
    import asyncio

    from jupyter_client.channels import AsyncZMQSocketChannel

    from cmtime.interfaces.kernel_client import ShellChannel, VoilaKernelClient

    assert VoilaKernelClient.shell_channel_class.default_value is ShellChannel
    assert asyncio.run(_reply_after_a_send(ShellChannel))
    # The stock channel loses it: if this starts passing, jupyter_client fixed it upstream.
    assert not asyncio.run(_reply_after_a_send(AsyncZMQSocketChannel))


def test_voila_config_uses_that_client() -> None:
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader("voila.py", path=str(REPO / ".jupyter")).load_config()
    assert cfg.KernelManager.client_factory == "cmtime.interfaces.kernel_client.VoilaKernelClient"


def test_voila_config_culls_the_kernels_of_closed_pages() -> None:
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader("voila.py", path=str(REPO / ".jupyter")).load_config()
    mkm = cfg.MappingKernelManager
    assert 0 < mkm.cull_idle_timeout <= 300
    assert 0 < mkm.cull_interval <= mkm.cull_idle_timeout
    assert mkm.cull_connected is False  # an open page keeps its kernel


def test_closed_pages_leave_no_kernel_behind(browser: Any, dashboard: Dashboard) -> None:
    for i in range(3):
        shown, context = _cold_load(browser, dashboard.url, within=90, name=f"dashboard-visit-{i}")
        assert shown < 90, f"visit {i}: no widgets after 90 s"
        if i == 2:  # a tab closed normally: Voilà's beforeunload beacon ends the kernel
            context.pages[0].close(run_before_unload=True)
        context.close()  # the others die the way a killed tab does, without beforeunload
    left = _wait_for_kernels(dashboard, at_most=1, seconds=30)
    assert len(left) <= 1, f"{len(left)} kernels still running after the pages closed"


def test_a_visit_fetches_nothing_from_outside(browser: Any, dashboard: Dashboard) -> None:
    """Voilà's own lab template links Font Awesome from cdn.jsdelivr.net; the dashboard's
    template ("cmtime", .jupyter/voila.py) does not: a visit asks only 127.0.0.1."""
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    try:
        page = context.new_page()
        page.route("**/*", offline(outside))
        page.goto(dashboard.url, wait_until="commit")
        for selector in SHOWN.split(", "):
            page.locator(selector).first.wait_for(state="visible", timeout=90_000)
        # every chart drawn (live charts, from the bundle the kernel sends)
        page.locator(".cmtime-live svg.marks").nth(5).wait_for(state="attached", timeout=90_000)
        html = page.content()
    finally:
        context.close()
    assert outside == []
    assert "jsdelivr" not in html


@pytest.mark.skipif(LOADS < 1, reason="make bench runs it (CMTIME_DASHBOARD_LOADS=30)")
def test_thirty_cold_loads(browser: Any, dashboard: Dashboard) -> None:
    times: list[float] = []
    for i in range(LOADS):
        shown, context = _cold_load(browser, dashboard.url, within=10, name=f"dashboard-load-{i}")
        context.close()
        times.append(shown)
        print(f"cold load {i + 1:2d}: {shown:.2f} s", flush=True)  # noqa: T201 (make bench shows it)
        _wait_for_kernels(dashboard, at_most=1, seconds=30)  # one visitor at a time
    slow = [i + 1 for i, t in enumerate(times) if t > 10]
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"dashboard, {LOADS} cold loads: p50 {p50:.2f} s, p95 {p95:.2f} s, over 10 s: {slow}")  # noqa: T201
    out = REPO / "benchmarks" / "_work" / "dashboard_loads.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {"loads": times, "p50": p50, "p95": p95, "over_10s": slow, "load": os.getloadavg()}
        )
    )
    assert not slow, f"loads {slow} showed no widgets within 10 s"


@pytest.mark.skipif(RELOADS < 1, reason="a benchmark: CMTIME_DASHBOARD_RELOADS=10")
def test_reloads_back_to_back(browser: Any, dashboard: Dashboard) -> None:
    """A visitor reloading: each page is closed as the next one opens (its kernel still
    running, culled later), with no wait for the server to be idle, unlike
    `test_thirty_cold_loads`. Prints each reload's time to the first widgets and the
    median (the issue's goal: ≤ 4 s on 2 cores); fails only on a reload over 10 s."""
    times: list[float] = []
    previous = None
    for i in range(RELOADS):
        context = browser.new_context(viewport={"width": 1300, "height": 1000})
        page = context.new_page()
        page.route("**/*", offline([]))
        t0 = time.monotonic()
        page.goto(dashboard.url, wait_until="commit")
        if previous is not None:  # the old page goes as the new one loads, as in a reload
            previous.pages[0].close(run_before_unload=BEFORE_UNLOAD)
            previous.close()
        try:
            for selector in SHOWN.split(", "):
                left = 10 - (time.monotonic() - t0)
                page.locator(selector).first.wait_for(state="visible", timeout=max(left, 0.001) * 1000)
            times.append(time.monotonic() - t0)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"dashboard-reload-{i}-failed.png"))
            times.append(float("inf"))
        print(f"reload {i + 1:2d}: {times[-1]:.2f} s", flush=True)  # noqa: T201 (the figures are the point)
        previous = context
    if previous is not None:
        previous.close()
    p50 = statistics.median(times)
    print(f"dashboard, {RELOADS} reloads back to back (beforeunload: {BEFORE_UNLOAD}): median {p50:.2f} s, "  # noqa: T201
          f"max {max(times):.2f} s (load {os.getloadavg()[0]:.1f})")  # fmt: skip
    out = REPO / "benchmarks" / "_work" / "dashboard_reloads.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"reloads": times, "p50": p50, "before_unload": BEFORE_UNLOAD, "load": os.getloadavg()}))
    assert max(times) <= 10, f"a reload showed no widgets within 10 s: {times}"


#: In the page: the time of each key press, and of the first DOM change that shows a wanted
#: target rate in the proposal and in the rates chart ("Objectif 65 €/h"); the target rates
#: the chart showed, in order (a stale redraw would show an older one after the last).
_WATCH = r"""() => {
  const w = window.__lat = {keys: [], want: null};
  document.addEventListener('keydown', () => w.keys.push(performance.now()), true);
  new MutationObserver(() => {
    if (w.want === null) return;
    const now = performance.now();
    const p = document.querySelector('.cmtime-proposal');
    if (w.proposal === null && p && p.textContent.includes(w.want.rate)) w.proposal = now;
    const svg = document.querySelector('.cmtime-live svg.marks');
    const m = svg && svg.textContent.match(/Objectif (\d+)/);
    if (!m) return;
    if (w.drawn[w.drawn.length - 1] !== m[1]) w.drawn.push(m[1]);
    if (w.chart === null && m[1] === w.want.target) w.chart = now;
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def test_quick_key_presses_on_a_slider(browser: Any, dashboard: Dashboard) -> None:
    """Five quick ArrowRight presses on the target-rate slider, several times: the proposal
    and the charts end on the last value, no older chart drawn after it (stale redraws are
    dropped, not queued). Prints the latency from the last key press to the proposal and to
    the charts, p50/p95; no bound asserted (a loaded machine), the goals being 100 ms and
    300 ms."""
    runs = int(os.environ.get("CMTIME_SLIDER_RUNS", "5"))
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    try:
        page = context.new_page()
        page.route("**/*", offline([]))
        page.goto(dashboard.url, wait_until="commit")
        page.locator(".cmtime-live svg.marks").nth(5).wait_for(state="attached", timeout=120_000)
        page.evaluate(_WATCH)
        handle = page.locator(".widget-slider").nth(1).locator(".noUi-handle")  # target rate
        start = round(float(handle.get_attribute("aria-valuenow") or "nan"))
        proposal_ms: list[float] = []
        charts_ms: list[float] = []
        for run in range(runs):
            final = start + 5 * (run + 1)
            want = {"rate": f"{final}\u00a0€/h", "target": str(final)}
            page.evaluate(
                "(want) => Object.assign(window.__lat, {keys: [], want, proposal: null, chart: null, drawn: []})",
                want,
            )
            handle.focus()
            for _ in range(5):
                page.keyboard.press("ArrowRight")
            try:
                page.wait_for_function(
                    "() => window.__lat.proposal !== null && window.__lat.chart !== null", timeout=60_000
                )
            except Exception:
                state = page.evaluate(
                    "() => [window.__lat, [...document.querySelectorAll('.noUi-handle')].map(h => h.getAttribute('aria-valuenow')),"
                    " document.querySelector('.cmtime-proposal')?.textContent.slice(0, 400),"
                    " document.querySelector('.cmtime-live svg.marks')?.textContent.slice(0, 400)]"
                )
                pytest.fail(f"run {run + 1}, wanted {want}: {state}")
            page.wait_for_timeout(1500)  # a stale redraw queued behind would land now
            lat = page.evaluate("() => window.__lat")
            assert len(lat["keys"]) == 5
            assert lat["drawn"][-1] == str(final), lat["drawn"]  # the last chart is the last value's
            assert lat["drawn"].count(str(final)) == 1, lat["drawn"]  # and nothing older after it
            last = lat["keys"][-1]
            proposal_ms.append(max(lat["proposal"] - last, 0.0))
            charts_ms.append(max(lat["chart"] - last, 0.0))
            print(  # noqa: T201 (the figures are the point)
                f"run {run + 1}: proposal {proposal_ms[-1]:.0f} ms, charts {charts_ms[-1]:.0f} ms, "
                f"target rates the chart showed: {lat['drawn']}", flush=True
            )
            assert handle.get_attribute("aria-valuenow") is not None
            assert round(float(handle.get_attribute("aria-valuenow") or "nan")) == final
    finally:
        context.close()
    print(  # noqa: T201
        f"slider, {runs} runs of 5 key presses, from the last press: proposal p50 "
        f"{statistics.median(proposal_ms):.0f} ms p95 {_percentile(proposal_ms, 0.95):.0f} ms; charts p50 "
        f"{statistics.median(charts_ms):.0f} ms p95 {_percentile(charts_ms, 0.95):.0f} ms (load {os.getloadavg()[0]:.1f})"
    )
