"""A command line that explains itself: usage mistakes are not crashes.

Every command and option runs in a real subprocess; exit codes are 0 or 2, never 3 (kept
for real bugs), and no message names an internal parameter.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.interfaces.cli import app

INTERNAL = re.compile(r"\b(out_dir|date_from|date_to|json_out|fmt|paths|with_descriptions)\b")


def cmtime(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cmtime.interfaces.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


CASES = [
    # (args, exit code, a text the output must hold)
    (["-h"], 0, "Usage: cmtime"),
    (["--help"], 0, "Commands"),
    (["--version"], 0, "cmtime 0."),
    ([], 0, "Commands"),
    (["summry"], 2, "Did you mean 'summary'"),
    (["summary", "--frm", "2026-01-01", str(SAMPLE_DIR)], 2, "No such option: --frm"),
    (["summary", "-h"], 0, "DD/MM/YYYY"),
    (["check", "-h"], 0, "--strict"),
    (["share", "-h"], 0, "--with-descriptions"),
    (["sample", "-h"], 0, "--seed"),
    (["demo", "-h"], 0, "--out"),
    (["share", str(SAMPLE_DIR), "--client", "Dupont"], 2, "Missing option '--out'"),
    (["summary"], 2, "Missing argument 'PATH"),
    (["summary", str(SAMPLE_DIR), "--from", "31/12/2026", "--to", "01/01/2026"], 2, "se termine"),
    (["summary", str(SAMPLE_DIR), "--from", "demain"], 2, "YYYY-MM-DD or DD/MM/YYYY"),
    (["summary", str(SAMPLE_DIR), "--client", "Dupond"], 2, "vouliez-vous dire 'Dupont'"),  # the sample is French
    (["summary", str(SAMPLE_DIR), "--client", "Dupond", "--lang", "en"], 2, "did you mean 'Dupont'"),
    (["summary", "/nonexistent/exports"], 2, "no such file or folder"),
    (["share", str(SAMPLE_DIR), "--client", "Dupont", "--out", "o", "--lang", "de"], 2, "fr or en"),
    (["sample", "--out", "x", "--format", "excel"], 2, "toggl or cmtime"),
]


@pytest.mark.parametrize(("args", "code", "text"), CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_usage(args: list[str], code: int, text: str) -> None:
    done = cmtime(*args)
    both = done.stdout + done.stderr
    assert done.returncode == code, both
    assert text in both
    assert "This is a bug" not in both
    assert "Traceback" not in both
    assert not INTERNAL.search(both), both


def test_dates_in_the_format_the_help_states(tmp_path: Path) -> None:
    iso = cmtime("summary", str(SAMPLE_DIR), "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    fr = cmtime("summary", str(SAMPLE_DIR), "--from", "01/03/2026", "--to", "31/03/2026", "--json")
    assert iso.returncode == fr.returncode == 0
    assert iso.stdout == fr.stdout


def test_every_option_has_a_description() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"cmtime {name} {param.opts[0]} has no help text"
