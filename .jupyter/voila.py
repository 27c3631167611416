"""Voilà for this repo: `make dashboard` runs ``voila --Voila.config_file_paths=.jupyter``.

The dashboard shows every client's figures, so it answers only this machine's browser:

- loopback only (``127.0.0.1``), no browser opened;
- a token, generated at start and printed in the URL to open: a request without it is
  sent to the login page, never served the figures;
- the Host header must be ``localhost`` or a loopback address (``allow_remote_access``
  off), so a web page cannot reach the dashboard by DNS rebinding (Voilà turns that
  check off by default); the kernel websocket also refuses a foreign Origin.
"""

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (injected by traitlets)
c.Voila.ip = "127.0.0.1"
c.Voila.open_browser = False
c.Voila.auto_token = True
c.Voila.tornado_settings = {"allow_remote_access": False, "local_hostnames": ["localhost"]}

# Voilà's executor talks to each page's kernel through a client that never loses a cell's
# reply (cmtime/interfaces/kernel_client.py says how the dashboard hung without it).
c.KernelManager.client_factory = "cmtime.interfaces.kernel_client.VoilaKernelClient"
# A page's kernel ends with the page: Voilà's beforeunload beacon shuts it down when a tab
# is closed normally; a tab that dies without it (killed browser, phone asleep, a page
# left before the widgets came) leaves a kernel with no connection, culled once it has been
# idle this long. An open page keeps its kernel (connected kernels are never culled).
c.MappingKernelManager.cull_idle_timeout = 60
c.MappingKernelManager.cull_interval = 10
c.MappingKernelManager.cull_connected = False

# Voilà's lab page template links Font Awesome from cdn.jsdelivr.net: every visit would
# reach the internet. The "cmtime" template (.jupyter/share/voila/templates/cmtime) is the
# same page without those links; Voilà finds it through JUPYTER_PATH, read when the
# template is looked up, after this file.
import os  # noqa: E402
from pathlib import Path  # noqa: E402

_share = str(Path(__file__).resolve().parent / "share")
os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (_share, os.environ.get("JUPYTER_PATH")) if p)
c.VoilaConfiguration.template = "cmtime"

# The page is sent while the cells run: the pricing controls show as soon as their cell
# has run, before the off-hours charts below are drawn.
c.VoilaConfiguration.progressive_rendering = True

# The page runs no editor: JupyterLab's jupytext extension (installed for `make lab`) only
# logs an error on every load there (RUNTIME-012, no notebook tracker in Voilà).
c.VoilaConfiguration.extension_denylist = ["jupyterlab-jupytext"]
