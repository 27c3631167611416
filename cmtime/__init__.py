"""cmtime: turn time logs into evidence for pricing."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from cmtime.config import Config, load_config
from cmtime.schema import Reading, validate

try:
    __version__ = version("cmtime")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

__all__ = ["Config", "Reading", "__version__", "load_config", "validate"]
