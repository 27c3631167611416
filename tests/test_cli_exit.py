"""`cli.run`, the ``cmtime`` command: it leaves without tearing the interpreter down, and
still gives the exit code, every line of output and the exit handlers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def _run(*args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    code = f"import sys\n{before}\nfrom cmtime.interfaces.cli import run\nsys.argv = ['cmtime', *{list(args)!r}]\nrun()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)


def test_the_whole_json_document_arrives_and_the_code_is_zero() -> None:
    r = _run("summary", str(SAMPLE), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)  # the last byte is there: the document parses
    assert doc["period"]["to"] == "2026-12-31"


@pytest.mark.parametrize(
    ("args", "code"),
    [(("summary", "/nonexistent/folder"), 2), (("nosuch",), 2), (("--version",), 0), ((), 0)],
)
def test_exit_codes_are_main_s(args: tuple[str, ...], code: int) -> None:
    r = _run(*args)
    assert r.returncode == code, r.stderr
    assert "Traceback" not in r.stderr


def test_exit_handlers_still_run() -> None:
    before = "import atexit\natexit.register(lambda: print('handler ran', flush=True))"
    r = _run("--version", before=before)
    assert r.returncode == 0
    assert r.stdout.splitlines()[-1] == "handler ran"


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """``cmtime rules ... | head -1``: 50 kB of output into a 4 kB pipe whose reader leaves."""
    import fcntl
    import os

    code = (
        "import sys\nfrom cmtime.interfaces.cli import run\n"
        f"sys.argv = ['cmtime', 'rules', {str(SAMPLE)!r}]\nrun()"
    )
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    with subprocess.Popen([sys.executable, "-c", code], stdout=write_end, stderr=subprocess.PIPE, cwd=ROOT) as p:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as out:
            assert out.readline()
        _, err = p.communicate(timeout=120)
    assert p.returncode != 0 or err == b""  # stopped by the closed pipe, or done before it
    assert b"Traceback" not in err
    assert b"Exception ignored" not in err
