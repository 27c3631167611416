"""The wheel is what users install: built, installed in a fresh venv, run outside the repo.

Slow (about 90 s with pip's cache warm, most of it installing polars, altair and the other
dependencies into the fresh venv): marked ``slow``, deselect with ``-m "not slow"``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, env={**clean, **env}, capture_output=True, text=True, timeout=900, check=False)


def test_the_wheel_installs_in_a_fresh_venv_and_runs_outside_the_repo(tmp_path):
    built = _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w", str(tmp_path / "dist"), "-q"], tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("cmtime-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "cmtime/data/cmtime.toml",  # the sample
        "cmtime/data/toggl_2026.csv",
        "cmtime/notebooks/00-start-here.py",  # the notebooks
        "cmtime/notebooks/dashboard.py",
        "cmtime/outputs/templates/report.html.j2",  # the templates
        "cmtime/outputs/templates/report.typ",
        "cmtime/locale/fr/LC_MESSAGES/cmtime.mo",  # the catalogs
        "cmtime/locale/fr/LC_MESSAGES/click.mo",
        "cmtime/locale/en/LC_MESSAGES/cmtime.mo",
        "cmtime/jupyter/voila.py",  # the Voilà and JupyterLab config `make dashboard`/`make lab` use
        "cmtime/jupyter/jupyter_lab_config.py",
        "cmtime/jupyter/lab/settings/overrides.json",
        "cmtime/jupyter/share/voila/templates/cmtime/index.html.j2",  # no CDN links
        "cmtime/jupyter/share/voila/templates/cmtime/conf.json",
    ):
        assert shipped in names, shipped
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    py = env_dir / "bin" / "python"
    installed = _run([str(py), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr
    outside = tmp_path / "somewhere"
    outside.mkdir()
    cmtime = str(env_dir / "bin" / "cmtime")
    demo = _run([cmtime, "demo", "--out", "out"], outside)
    assert demo.returncode == 0, demo.stderr
    assert (outside / "out" / "iceberg.png").stat().st_size > 1000
    where = _run([str(py), "-c", "import cmtime; print(cmtime.__file__)"], outside)
    assert str(env_dir) in where.stdout  # the installed package, not the repo
    french = _run([cmtime, "share", "--help"], outside, LANG="fr_FR.UTF-8")
    assert french.returncode == 0
    assert french.stdout.startswith("Utilisation : cmtime share")
    init = _run([cmtime, "init", str(outside / "out"), "--yes"], outside)  # no export there: exit 2
    assert init.returncode == 2, init.stderr
    assert "Traceback" not in init.stderr
