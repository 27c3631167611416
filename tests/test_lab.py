"""`cmtime lab` and `cmtime dashboard`: the notebooks on the user's folder, nothing to edit."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cmtime.interfaces.workspace import default_config, default_data, notebook_files, prepare
from tests.conftest import ROOT, toggl_rows
from tests.conftest import run_cli as run


def test_the_package_ships_every_notebook():
    names = {p.name for p in notebook_files()}
    assert names == {p.name for p in (ROOT / "notebooks").glob("*.py")}
    assert "dashboard.py" in names
    assert "00-start-here.py" in names


def test_prepare_copies_once_and_never_over_the_users_copy(tmp_path):
    folder = tmp_path / "cmtime-lab"
    written = prepare(folder, [tmp_path / "exports"])
    assert {p.name for p in written} >= {"dashboard.py", "dashboard.ipynb", "01-workload.ipynb"}
    mine = folder / "01-workload.py"
    mine.write_text("# my own edits\n", encoding="utf-8")
    assert prepare(folder, []) == []
    assert mine.read_text(encoding="utf-8") == "# my own edits\n"


def test_never_inside_an_input_folder(capsys, tmp_path, write):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "t.csv").write_text(toggl_rows("A,,Dupont,,,Post,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,"))
    for command in ("lab", "dashboard"):
        code, _, err = run(capsys, command, str(exports), "--dir", str(exports / "lab"))
        assert code == 2
        assert "cmtime writes nothing among your exports" in err
    assert not (exports / "lab").exists()


def test_notebooks_read_the_folder_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("CMTIME_DATA", raising=False)
    monkeypatch.delenv("CMTIME_CONFIG", raising=False)
    assert Path(str(default_data())).name == "sample"  # nothing set: the sample
    assert default_config() is None
    monkeypatch.setenv("CMTIME_DATA", os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    monkeypatch.setenv("CMTIME_CONFIG", str(tmp_path / "cmtime.toml"))
    assert default_data() == [str(tmp_path / "a"), str(tmp_path / "b")]
    assert default_config() == str(tmp_path / "cmtime.toml")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_and_get(args: list[str], cwd: Path, pattern: str, timeout: float = 120) -> tuple[int, bytes]:
    """Start the command, wait for its URL on loopback, GET it, stop the server."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cmtime.interfaces.cli", *args],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        seen = []
        deadline = time.monotonic() + timeout
        url = None
        while time.monotonic() < deadline and url is None:
            line = proc.stdout.readline().decode("utf-8", "replace")
            if not line and proc.poll() is not None:
                break
            seen.append(line)
            m = re.search(pattern, line)
            url = m.group(0) if m else None
        assert url, "".join(seen)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
        for _ in range(30):  # the URL is logged as the server starts listening
            try:
                with opener.open(url, timeout=60) as r:
                    return r.status, r.read()  # the whole page (Voilà streams it while the cells run)
            except urllib.error.URLError:
                time.sleep(1)
        raise AssertionError(url)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "t.csv").write_text(
        toggl_rows("A,,Dupont,,,Post,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,"), encoding="utf-8"
    )
    return folder


_TAG = re.compile(r"<(?:script|link)\b[^>]*>", re.IGNORECASE)
_URL = re.compile(r"""(?:https?:)?//([^/\s"'>:]+)""", re.IGNORECASE)


def external_hosts(html: str) -> set[str]:
    """The hosts other than this machine that the page's script and link tags name."""
    hosts = {m.group(1).lower() for tag in _TAG.findall(html) for m in _URL.finditer(tag)}
    return hosts - {"127.0.0.1", "localhost", "[::1]"}


def test_external_hosts_finds_a_cdn_link():
    page = (
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/font-awesome.css">'
        '<script src="//unpkg.com/x.js"></script><script src="http://127.0.0.1:8866/static/a.js"></script>'
        '<link href="/voila/static/b.css"><a href="https://example.org">fine in text</a>'
    )
    assert external_hosts(page) == {"cdn.jsdelivr.net", "unpkg.com"}


def test_lab_serves_on_loopback(tmp_path, exports):
    port = _free_port()
    status, body = _serve_and_get(
        ["lab", str(exports), "--port", str(port)], tmp_path, rf"http://127\.0\.0\.1:{port}/lab\?token=\w+"
    )
    assert status == 200
    assert b"JupyterLab" in body
    assert external_hosts(body.decode("utf-8")) == set()
    assert (tmp_path / "cmtime-lab" / "00-start-here.ipynb").is_file()


def test_dashboard_serves_on_loopback(tmp_path, exports):
    port = _free_port()
    status, body = _serve_and_get(
        ["dashboard", str(exports), "--port", str(port)], tmp_path, rf"http://127\.0\.0\.1:{port}/\S*"
    )
    assert status == 200
    page = body.decode("utf-8")
    assert "jp-Notebook" in page  # the page itself, not a login form
    # the package's "cmtime" template (cmtime/jupyter), not Voilà's default with Font Awesome's CDN
    assert external_hosts(page) == set()
    assert "cdn.jsdelivr.net" not in page
    assert (tmp_path / "cmtime-lab" / "dashboard.ipynb").is_file()
