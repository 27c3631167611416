"""The notebooks and the dashboard on the user's own folder, from an installed package.

`cmtime lab` and `cmtime dashboard` copy the notebooks that ship in the package
(``cmtime/notebooks``) into a working folder (default ``./cmtime-lab``), never inside an
input folder and never over a copy that is already there (the user's, maybe edited),
and start Jupyter with ``CMTIME_DATA`` (the folders or files to read, separated like
``PATH``) and ``CMTIME_CONFIG`` (a ``cmtime.toml``) in its environment. A notebook's
parameters cell reads them through `default_data` and `default_config`, so nothing is
edited by hand; without them it reads the sample.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from cmtime.cache import cache_dir

__all__ = [
    "CONFIG_VARIABLE",
    "DATA_VARIABLE",
    "default_config",
    "default_data",
    "notebook_files",
    "prepare",
]

DATA_VARIABLE = "CMTIME_DATA"
CONFIG_VARIABLE = "CMTIME_CONFIG"


def default_data() -> str | list[str]:
    """What a notebook reads: the paths in ``CMTIME_DATA``, else the bundled sample (the
    repo's ``data/sample``, or the copy in the package)."""
    value = os.environ.get(DATA_VARIABLE, "")
    paths = [p for p in value.split(os.pathsep) if p]
    if paths:
        return paths[0] if len(paths) == 1 else paths
    from cmtime.interfaces.demo import sample_dir

    return str(sample_dir(cache_dir() / "sample"))


def default_config() -> str | None:
    """The ``cmtime.toml`` a notebook uses: ``CMTIME_CONFIG``, else None (the one inside
    the data folder, if any)."""
    return os.environ.get(CONFIG_VARIABLE) or None


def notebook_files() -> list[Path]:
    """The notebooks that ship in the package (``NN-topic.py`` and ``dashboard.py``)."""
    root = Path(str(resources.files("cmtime") / "notebooks"))
    return sorted(p for p in root.glob("*.py") if not p.name.startswith("_"))


def _inside(folder: Path, paths: Sequence[Path]) -> Path | None:
    target = folder.resolve()
    for p in paths:
        src = p.resolve()
        if (src.is_dir() and target.is_relative_to(src)) or (src.is_file() and target == src.parent):
            return p
    return None


def prepare(folder: Path, paths: Sequence[Path]) -> list[Path]:
    """Copy the notebooks into ``folder`` (created if missing) and write each one's
    ``.ipynb`` beside it; a file already there stays as it is. Returns the files written.

    Raises `ValueError` (the input it would sit in) when ``folder`` is inside an input
    folder, or is the folder of an input file.
    """
    inside = _inside(folder, paths)
    if inside is not None:
        raise ValueError(str(inside))
    import jupytext

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for src in notebook_files():
        copy = folder / src.name
        if not copy.exists() and not copy.is_symlink():
            copy.write_bytes(src.read_bytes())
            written.append(copy)
        ipynb = copy.with_suffix(".ipynb")
        if not ipynb.exists() and not ipynb.is_symlink():
            jupytext.write(jupytext.read(copy), ipynb)
            written.append(ipynb)
    return written
