"""Errors with a type: a `CmtimeError` (the user can fix it) is one line and exit 2;
anything else is a bug in cmtime: one line that says so and what to report, exit 3, and
the traceback only with ``CMTIME_DEBUG=1``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cmtime.interfaces.cli as cli
from cmtime.analysis.scope import UnknownClient
from cmtime.errors import CmtimeError, ConfigError, InputError
from cmtime.outputs.share import EmptyReport, ShareOutputError
from cmtime.readers._text import DuplicateColumn

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as ended:
        cli.main(list(args))
    captured = capsys.readouterr()
    return int(ended.value.code or 0), captured.out, captured.err


@pytest.mark.parametrize(
    "error", [InputError, ConfigError, EmptyReport, ShareOutputError, UnknownClient, DuplicateColumn, cli.UserError]
)
def test_every_user_facing_error_is_a_cmtime_error(error: type[Exception]) -> None:
    assert issubclass(error, CmtimeError)


def test_a_config_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "cmtime.toml").write_text('timezone = "Europe/Nowhere"\n', encoding="utf-8")
    code, out, err = run(capsys, "summary", str(SAMPLE), "--config", str(tmp_path / "cmtime.toml"))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Europe/Nowhere" in err
    assert "bug" not in err


def test_a_planted_bug_is_exit_3_with_the_line_to_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        msg = "planted"
        raise RuntimeError(msg)

    monkeypatch.setattr(cli, "read_paths", broken)
    monkeypatch.delenv("CMTIME_DEBUG", raising=False)
    code, out, err = run(capsys, "summary", str(SAMPLE))
    assert code == 3
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "RuntimeError: planted" in err
    assert "This is a bug in cmtime; please report it with the command you ran." in err
    assert "Traceback" not in err


def test_a_value_error_inside_share_is_a_bug_not_a_user_mistake(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`cmtime share` used to turn any ValueError into exit 2, hiding bugs as user errors."""
    import cmtime.outputs.share as share

    def broken(*args: object, **kwargs: object) -> None:
        msg = "a figure went wrong"
        raise ValueError(msg)

    monkeypatch.setattr(share, "build_report", broken)
    code, _, err = run(capsys, "share", str(SAMPLE), "--client", "Dupont", "--out", str(tmp_path / "out"), "--lang", "en")
    assert code == 3
    assert "ValueError: a figure went wrong" in err
    assert "This is a bug" in err


def test_cmtime_debug_shows_the_traceback() -> None:
    code = (
        "import sys\nimport cmtime.interfaces.cli as cli\n"
        "def broken(*a, **k):\n    raise RuntimeError('planted')\n"
        "cli.read_paths = broken\n"
        f"sys.argv = ['cmtime', 'summary', {str(SAMPLE)!r}]\ncli.run()"
    )
    for debug, shown in (("1", True), ("", False)):
        r = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120,
            env={**__import__("os").environ, "CMTIME_DEBUG": debug},
        )
        assert r.returncode == 3
        assert "This is a bug" in r.stderr
        assert ("Traceback" in r.stderr) is shown, r.stderr
