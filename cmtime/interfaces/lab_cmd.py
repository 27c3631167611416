"""`cmtime lab` and `cmtime dashboard`: JupyterLab and the Voilà dashboard on the user's
own folder, with nothing to edit (`cmtime.interfaces.workspace` prepares the folder).

Both listen on loopback only, with a token in the URL they print, and run until Ctrl-C.
They need the ``lab`` extra (``pip install "cmtime[lab]"``: JupyterLab, Voilà, jupytext).

Both read the configuration ``make lab`` and ``make dashboard`` read, shipped in the package
(``cmtime/jupyter`` links to the repo's ``.jupyter``): Voilà's "cmtime" page template without
Font Awesome's CDN links (a visit fetches nothing from outside this machine), the token and
Host check, the kernel client; JupyterLab's setting that opens ``.py`` notebooks with jupytext.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from cmtime.config import CONFIG_NAME
from cmtime.interfaces.command_kit import CommandKit
from cmtime.text.cli import say

__all__ = ["register"]

_DEFAULT_DIR = Path("cmtime-lab")
_Paths = Annotated[
    list[Path] | None, typer.Argument(help="Export files or folders.", show_default=False, metavar="PATH")
]
_Folder = Annotated[Path, typer.Option("--dir", metavar="DIR", help="Working folder for the notebooks.")]
_Config = Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Config file.")]
_Port = Annotated[int, typer.Option("--port", metavar="N", help="Port on 127.0.0.1.")]
_Lang = Annotated[str | None, typer.Option("--lang", metavar="fr|en", help="Language of the messages.")]


def jupyter_dir() -> Path:
    """The package's Jupyter/Voilà configuration folder (``voila.py``, ``jupyter_lab_config.py``)."""
    return Path(__file__).resolve().parent.parent / "jupyter"


def _missing(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is None


def _environment(paths: list[Path], config: Path | None) -> dict[str, str]:
    """The server's environment: the paths to read and the config, for the notebooks."""
    from cmtime.interfaces.workspace import CONFIG_VARIABLE, DATA_VARIABLE

    env = dict(os.environ)
    if paths:
        env[DATA_VARIABLE] = os.pathsep.join(str(p.resolve()) for p in paths)
    own = any(p.is_dir() and (p / CONFIG_NAME).is_file() for p in paths)  # a folder's own config
    if config is None and not own and Path(CONFIG_NAME).is_file():  # the one `cmtime init` wrote
        config = Path(CONFIG_NAME)
    if config is not None:
        env[CONFIG_VARIABLE] = str(config.resolve())
    return env


def register(app: typer.Typer, kit: CommandKit) -> None:
    """Add ``lab`` and ``dashboard`` to ``app``."""

    def start(kind: str, paths: list[Path], folder: Path, config: Path | None, port: int, lang_opt: str | None) -> None:
        from cmtime.interfaces.workspace import prepare

        kit.set_lang(lang_opt)
        language = kit.lang()
        for p in paths:
            if not p.exists():
                raise kit.user_error(say("lab.no_path", language, path=p))
        need = ("jupyterlab", "jupytext") if kind == "lab" else ("voila", "jupytext")
        if any(_missing(m) for m in need):
            raise kit.user_error(say("lab.not_installed", language))
        try:
            written = prepare(folder, paths)
        except ValueError as exc:
            raise kit.user_error(say("lab.inside", language, folder=folder, path=exc.args[0])) from exc
        for w in written:
            kit.err.print(say("wrote", language, path=w), markup=False, highlight=False)
        env = _environment(paths, config)
        shown = ", ".join(str(p) for p in paths) or say("lab.sample", language)
        kit.err.print(say("lab.reading", language, data=shown, folder=folder), markup=False, highlight=False)
        root = ["--allow-root"] if hasattr(os, "getuid") and os.getuid() == 0 else []
        if kind == "lab":
            args = [
                sys.executable, "-m", "jupyterlab", f"--config={jupyter_dir() / 'jupyter_lab_config.py'}",
                "--ServerApp.ip=127.0.0.1", "--no-browser",
                f"--ServerApp.port={port}", f"--ServerApp.root_dir={folder.resolve()}", *root,
            ]
        else:
            args = [
                sys.executable, "-m", "voila", str((folder / "dashboard.ipynb").resolve()),
                f"--Voila.config_file_paths={jupyter_dir()}",
                "--Voila.ip=127.0.0.1", "--no-browser", f"--Voila.port={port}", "--VoilaExecutor.timeout=120",
                "--KernelManager.client_factory=cmtime.interfaces.kernel_client.VoilaKernelClient",
                "--VoilaConfiguration.progressive_rendering=True",
            ]
        try:
            code = subprocess.call(args, env=env, cwd=folder)
        except KeyboardInterrupt:
            code = 130
        raise typer.Exit(code)

    @app.command()
    def lab(
        paths: _Paths = None,
        folder: _Folder = _DEFAULT_DIR,
        config: _Config = None,
        port: _Port = 8888,
        lang_opt: _Lang = None,
    ) -> None:
        """Open the notebooks in JupyterLab on your exports (the sample without a PATH)."""
        start("lab", paths or [], folder, config, port, lang_opt)

    @app.command()
    def dashboard(
        paths: _Paths = None,
        folder: _Folder = _DEFAULT_DIR,
        config: _Config = None,
        port: _Port = 8866,
        lang_opt: _Lang = None,
    ) -> None:
        """Open the pricing dashboard (Voilà) on your exports (the sample without a PATH)."""
        start("dashboard", paths or [], folder, config, port, lang_opt)
