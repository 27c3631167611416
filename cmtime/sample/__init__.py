"""Synthetic time logs for the demo, the committed sample and the benchmarks (`cmtime
sample`, `cmtime demo`, ``make sample``).

Outside the pipeline's layers: it builds export files from nothing and imports no other
part of cmtime, so any layer's tests and the interfaces may use it. The generator is
`cmtime.sample.synthetic`; its clients' profiles are data in ``profiles.toml``.
"""

from __future__ import annotations

from cmtime.sample.synthetic import (
    NATIVE_HEADER,
    SAMPLE_SCHEMA,
    TEAM,
    TIMEZONE,
    TOGGL_HEADER,
    SampleFormat,
    config_text,
    generate,
    split_ledger,
    team,
    write_config,
    write_native,
    write_sample,
    write_toggl,
    write_waits,
)

__all__ = [
    "NATIVE_HEADER",
    "SAMPLE_SCHEMA",
    "TEAM",
    "TIMEZONE",
    "TOGGL_HEADER",
    "SampleFormat",
    "config_text",
    "generate",
    "split_ledger",
    "team",
    "write_config",
    "write_native",
    "write_sample",
    "write_toggl",
    "write_waits",
]
