"""Synthetic time logs for the demo, the committed sample and the benchmarks (`cmtime
sample`, `cmtime demo`, ``make sample``).

Outside the pipeline's layers: it builds export files from nothing and imports no other
part of cmtime, so any layer's tests and the interfaces may use it. The generator is
`cmtime.sample.synthetic`; its clients' profiles are data in ``profiles.toml``. The
five-person agency of ``cmtime sample --agency`` is `cmtime.sample.agency`.
"""

from __future__ import annotations

from cmtime.sample import synthetic
from cmtime.sample.synthetic import *  # noqa: F403  (the generator's public names, listed once there)

__all__ = [*synthetic.__all__, "TIMEZONE"]
TIMEZONE = synthetic.TIMEZONE
