"""cmtime: turn time logs into evidence for pricing."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

#: polars' allocator (its own jemalloc) gives the pages it frees back to the system after
#: 0.5 s, or 1.5 s when the system may reclaim them meanwhile (polars' defaults). A summary
#: of a million rows frees big blocks stage after stage, faster than that: it peaked
#: 100-150 MiB above the memory it uses. `lean_allocator` has them given back after 0.1 s.
ALLOCATOR = "dirty_decay_ms:100,muzzy_decay_ms:0"

if TYPE_CHECKING:
    from cmtime.config import Config, load_config
    from cmtime.schema import Reading, validate


def lean_allocator() -> None:
    """Have polars give freed memory back after 0.1 s (`ALLOCATOR`), unless the user set
    ``_RJEM_MALLOC_CONF``; polars reads it once, when it loads, after its own defaults
    (polars issue 18088), so this must run before polars is imported.

    The command line calls it: a summary of a million rows then peaks lower, a little
    slower (benchmarks/README.md). Notebooks and the dashboard keep polars' setting
    (their kernels started slower with it, for data that fits anyway). Importing
    ``cmtime`` alone does not load polars, so a script can call it first too.
    """
    if "polars" not in sys.modules:
        os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR)


__all__ = ["ALLOCATOR", "Config", "Reading", "__version__", "lean_allocator", "load_config", "validate"]


def __getattr__(name: str) -> Any:
    """The package's names, imported on first use: ``import cmtime`` loads neither polars
    (see `lean_allocator`) nor importlib.metadata (``__version__``), which every command
    would pay for."""
    if name in ("Config", "load_config"):
        from cmtime import config

        return getattr(config, name)
    if name in ("Reading", "validate"):
        from cmtime import schema

        return getattr(schema, name)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("cmtime")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            return "0.0.0"
    msg = f"module 'cmtime' has no attribute {name!r}"
    raise AttributeError(msg)
