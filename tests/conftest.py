"""Shared test helpers: the conformance corpus (skipped when absent) and tiny files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

TOGGL_HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (EUR)"
)


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


def toggl_rows(*rows: str) -> str:
    """A legacy Toggl CSV with the given data rows."""
    return "\n".join([TOGGL_HEADER, *rows]) + "\n"
