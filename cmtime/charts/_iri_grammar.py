"""cmtime's one import workaround: jsonschema loads without ``rfc3987_syntax``.

altair imports jsonschema, whose format module imports ``rfc3987_syntax`` whenever it is
installed (JupyterLab's jupyter-events brings it) to check the "iri" format, which no
Vega-Lite schema uses. Importing ``rfc3987_syntax`` builds its whole grammar with lark,
the largest part of ``cmtime share`` and of a notebook's first chart cell (the figures:
benchmarks/README.md). Upstream: https://github.com/python-jsonschema/jsonschema/issues/1428
(jsonschema 4.26, the newest release, still imports it eagerly; rfc3987-syntax 1.1.0 too).

No clean alternative exists while altair imports jsonschema at its own import: nothing in
jsonschema's or altair's API leaves the optional checker out, and cmtime cannot uninstall
a package JupyterLab depends on. So `install` adds a finder that refuses this one
optional import while ``jsonschema._format`` is being initialised (jsonschema is written
to do without it); any other import of ``rfc3987_syntax``, before or after, gets the
module. `cmtime.charts` installs it before any chart module imports altair; the test
``tests/test_startup.py`` shows what it saves and that nothing else changes. Remove this
module when jsonschema imports the checker lazily.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec
from typing import Any


class _NoIriGrammarForJsonschema:
    """A meta-path finder that refuses ``rfc3987_syntax`` to jsonschema's format module only."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:  # noqa: ARG004
        if name == "rfc3987_syntax":
            loading = sys.modules.get("jsonschema._format")
            spec = getattr(loading, "__spec__", None)
            if spec is not None and getattr(spec, "_initializing", False):
                msg = "rfc3987_syntax is not loaded for jsonschema by cmtime (not needed)"
                raise ModuleNotFoundError(msg, name=name)
        return None


def install() -> None:
    """Add the finder, once, unless jsonschema is already loaded (then it is too late and
    not needed)."""
    if "jsonschema._format" not in sys.modules and _NoIriGrammarForJsonschema not in sys.meta_path:
        sys.meta_path.insert(0, _NoIriGrammarForJsonschema)
