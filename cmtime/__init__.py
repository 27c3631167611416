"""cmtime: turn time logs into evidence for pricing."""

from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec
from typing import Any

#: polars' allocator (its own jemalloc) gives the pages it frees back to the system after
#: 0.5 s, or 1.5 s when the system may reclaim them meanwhile (polars' defaults). A summary
#: of a million rows frees big blocks stage after stage, faster than that: it peaked
#: 100-150 MiB above the memory it uses. They are given back after 0.1 s instead, at the
#: same speed (benchmarks/README.md). polars reads `_RJEM_MALLOC_CONF` once, when it loads,
#: and lets it override its own (polars issue 18088): so this applies when cmtime is
#: imported first (the command line, the benchmarks), and a value the user set wins.
ALLOCATOR = "dirty_decay_ms:100,muzzy_decay_ms:0"
if "polars" not in sys.modules:
    os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR)

from cmtime.config import Config, load_config  # noqa: E402 (polars loads here)
from cmtime.schema import Reading, validate  # noqa: E402

__all__ = ["Config", "Reading", "__version__", "load_config", "validate"]


class _NoIriGrammarForJsonschema:
    """Keep jsonschema from importing ``rfc3987_syntax`` while jsonschema loads.

    altair validates with jsonschema, whose format module imports ``rfc3987_syntax``
    whenever it is installed (JupyterLab's jupyter-events brings it) to check the "iri"
    format, which no Vega-Lite schema uses; that import builds a grammar for 0.9 s, the
    largest part of a notebook's first cell and of ``cmtime share``. Only jsonschema's own
    optional import is refused (it is written to do without); anyone else importing
    ``rfc3987_syntax`` gets it.
    """

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:  # noqa: ARG004
        if name == "rfc3987_syntax":
            loading = sys.modules.get("jsonschema._format")
            spec = getattr(loading, "__spec__", None)
            if spec is not None and getattr(spec, "_initializing", False):
                msg = "rfc3987_syntax is not loaded for jsonschema by cmtime (not needed)"
                raise ModuleNotFoundError(msg, name=name)
        return None


if "jsonschema._format" not in sys.modules:
    sys.meta_path.insert(0, _NoIriGrammarForJsonschema)  # type: ignore[arg-type]


def __getattr__(name: str) -> Any:
    """``__version__``, read from the installed metadata on first use (importing
    importlib.metadata costs every command ~25 ms)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("cmtime")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            return "0.0.0"
    msg = f"module 'cmtime' has no attribute {name!r}"
    raise AttributeError(msg)
