"""What the notebooks call: one function per notebook, so cells stay short and tested."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from cmtime.classify import unclassified_top
from cmtime.config import Config
from cmtime.metrics import Period, data_period, summary
from cmtime.pipeline import Workload, analyse, workload
from cmtime.readers import Loaded, read_paths


@dataclass(frozen=True)
class WorkloadView:
    """Everything `01-workload` shows."""

    loaded: Loaded
    config: Config
    entries: pl.LazyFrame
    workload: Workload
    summary: dict[str, Any]
    unclassified: pl.DataFrame


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def load_workload(
    data: str | Path | list[str | Path],
    *,
    config: str | Path | None = None,
    client: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    lang: Literal["fr", "en"] | None = None,
) -> WorkloadView:
    """Read, classify, split and aggregate for the workload notebook."""
    paths = data if isinstance(data, list) else [data]
    loaded = read_paths(paths, config_path=config)
    cfg = loaded.config if lang is None else dataclasses.replace(loaded.config, language=lang)
    lf = analyse(loaded, config=cfg)
    if client is not None:
        found = cfg.client(client)
        lf = lf.filter(pl.col("client") == (found.name if found else client))
    span = data_period(lf)
    a, b = _as_date(date_from), _as_date(date_to)
    period = Period(a or span.start, b or span.end) if span else None
    w = workload(lf, period=period)
    return WorkloadView(
        loaded=loaded,
        config=cfg,
        entries=lf,
        workload=w,
        summary=summary(lf, config=cfg, period=period),
        unclassified=unclassified_top(lf, n=10).collect(),
    )
