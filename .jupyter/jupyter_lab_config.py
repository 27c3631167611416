"""JupyterLab for this repo: `make lab` runs ``jupyter lab --config=.jupyter/jupyter_lab_config.py``.

- Loopback only, no browser opened, the notebooks folder as root.
- Jupytext (its ``jupyterlab_jupytext`` server extension, enabled when jupytext is
  installed) pairs the ``notebooks/NN-topic.py`` percent files with ``.ipynb`` as set in
  ``[tool.jupytext]`` of pyproject.toml; the ``.ipynb`` are git-ignored.
- ``lab/settings/overrides.json`` makes "Jupytext Notebook" the default viewer of Python
  files, so a double click (or a link in a notebook) opens ``.py`` as a notebook.
  JupyterLab reads it from ``app_settings_dir``, set here to the repo's copy.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (injected by traitlets)
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.open_browser = False
c.ServerApp.root_dir = str(HERE.parent / "notebooks")
c.LabApp.app_settings_dir = str(HERE / "lab" / "settings")
