"""Shared test helpers: the conformance corpus (skipped when absent) and tiny files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# Property tests draw the same examples on every run, so that CI passes or fails for the
# code, not for the draw (a draw once found RRULEs that cost the calendar reader 12 s
# each, and took the fuzz test past 10 minutes). To explore new examples:
# CMTIME_HYPOTHESIS=explore make test.
settings.register_profile("fixed", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("CMTIME_HYPOTHESIS") == "explore" else "fixed")
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# -- browser tests (Debian's Chromium through playwright, the network outside 127.0.0.1 cut)
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: What a page may ask for: this machine, and what needs no network at all.
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "file:", "data:", "blob:", "about:")


def offline(blocked: list[str], allow: tuple[str, ...] = LOCAL) -> Any:
    """A playwright route handler: a request to one of ``allow`` goes on, any other is
    aborted and its address added to ``blocked``."""

    def route(r: Any) -> None:
        if r.request.url.startswith(allow):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    return route

@pytest.fixture(autouse=True)
def _english_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the system's language when nothing else says (LC_ALL,
    LANG): every test starts on a system with no language, whatever the machine's."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


TOGGL_HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (EUR)"
)


@pytest.fixture(scope="module")
def sync_api() -> Any:
    """playwright's sync API; the test is skipped without playwright or Chromium."""
    api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    return api


@pytest.fixture
def corpus() -> Path:
    """The shared conformance corpus; the test is skipped when it is not beside the repo."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write ``text`` to a file in tmp_path with the given encoding and return its path."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path

    return _write


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line in this process: its exit code, stdout and stderr."""
    from cmtime.interfaces.cli import main

    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def toggl_rows(*rows: str) -> str:
    """A legacy Toggl CSV with the given data rows."""
    return "\n".join([TOGGL_HEADER, *rows]) + "\n"


#: Figures a test wants in the suite's own output, whatever pytest captures: the
#: labelled sets' accuracy (tests/test_classify_labelled.py), held-back part apart.
FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("cmtime figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
