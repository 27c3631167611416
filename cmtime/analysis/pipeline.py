"""The chain from read entries to everything the charts and summaries need.

>>> from cmtime.analysis.pipeline import analyse  # doctest: +SKIP
>>> lf = analyse(read_paths(["data/sample"]))  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from cmtime.analysis.classify import classify
from cmtime.analysis.metrics import (
    Period,
    data_period,
    effort_by_activity,
    effort_by_client,
    in_period,
    monthly_effort,
    weekly_effort,
)
from cmtime.analysis.worktime import split_worktime
from cmtime.config import Config
from cmtime.readers import Loaded

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"


def analyse(loaded: Loaded, *, config: Config | None = None) -> pl.LazyFrame:
    """Classified entries with the off-hours split: the input of every metric.

    Collected once here, at the edge between reading and aggregating, and handed on as
    a LazyFrame: the metrics then run several aggregations over it (``collect_all``)
    without each one classifying and splitting the entries again.
    """
    cfg = config or loaded.config
    return loaded.lazy().pipe(classify, rules=cfg.rules).pipe(split_worktime, config=cfg).collect().lazy()


@dataclass(frozen=True)
class Workload:
    """The aggregated frames behind the workload charts (eager, small)."""

    by_client: pl.DataFrame
    weekly: pl.DataFrame
    by_activity: pl.DataFrame
    monthly: pl.DataFrame
    period: Period | None


def workload(
    lf: pl.LazyFrame, *, period: Period | None = None, client: str | None = None
) -> Workload:
    """Aggregate once for the workload charts: collected together, in one pass each."""
    if client is not None:
        lf = lf.filter(pl.col("client") == client)
    period = period or data_period(lf)
    if period is not None:
        lf = in_period(lf, period)
    by_client, weekly, by_activity, monthly = pl.collect_all(
        [effort_by_client(lf), weekly_effort(lf), effort_by_activity(lf), monthly_effort(lf)]
    )
    return Workload(by_client, weekly, by_activity, monthly, period)
