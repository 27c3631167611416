"""`make dashboard` serves Voilà with the repo's `.jupyter/voila.py`: a token and a Host check.

The server is started as the Makefile starts it (same config file), on a tiny notebook
whose only content is a marker: a request without the token, or with a foreign Host
header (DNS rebinding), must not get the page; the token with a loopback Host must.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKER = "figures-of-every-client-4242"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, host: str, origin: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": host}
    if origin:
        headers["Origin"] = origin
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp.status, body


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    """(port, token) of a Voilà started with the dashboard's config on a marker notebook."""
    folder = tmp_path_factory.mktemp("voila")
    nb = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": [MARKER]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / "dash.ipynb").write_text(json.dumps(nb))
    port = _free_port()
    cmd = [
        sys.executable, "-m", "voila", str(folder / "dash.ipynb"),
        f"--Voila.config_file_paths={ROOT / '.jupyter'}", f"--port={port}", "--no-browser",
    ]
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1"}
    proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    found: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            m = re.search(r"\?token=([0-9a-f]+)", line)
            if m and not found:
                found.append(m[1])

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    deadline = time.monotonic() + 90
    while not found and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    try:
        if not found:
            pytest.fail("Voilà printed no URL with a token:\n" + "".join(lines[-30:]))
        yield port, found[0]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


def test_the_makefile_uses_this_config() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "--Voila.config_file_paths=.jupyter" in makefile
    assert "--allow-root" in makefile  # `make lab` as root (containers, CI)


def test_no_token_is_refused(server: tuple[int, str]) -> None:
    port, _ = server
    status, body = _get(port, "/", f"127.0.0.1:{port}")
    assert status in (302, 401, 403)
    assert MARKER not in body


def test_a_wrong_token_is_refused(server: tuple[int, str]) -> None:
    port, token = server
    status, body = _get(port, "/?token=" + "0" * len(token), f"localhost:{port}")
    assert status in (302, 401, 403)
    assert MARKER not in body


def test_a_foreign_host_is_refused_even_with_the_token(server: tuple[int, str]) -> None:
    port, token = server
    status, body = _get(port, f"/?token={token}", f"rebind.example.com:{port}")
    assert status == 403
    assert MARKER not in body


def test_the_token_on_loopback_gets_the_page(server: tuple[int, str]) -> None:
    port, token = server
    status, body = _get(port, f"/?token={token}", f"localhost:{port}")
    assert status == 200
    assert MARKER in body
