"""The chain from read entries to everything the charts and summaries need.

>>> from pathlib import Path
>>> from cmtime.config import Config
>>> from cmtime.readers import combine, journal
>>> from cmtime.readers._text import Text
>>> log = Text(Path("journal.txt"), text='''
... 2026-03-02
... 09:00-10:30 [Dupont] stratégie éditoriale
... 18:00-19:00 [Dupont] publication Instagram
... ''')
>>> lf = analyse(combine([journal.read(log, config=Config())], Config()))
>>> lf.select("client", "kind", "activity", "offhours").collect().rows()
[('Dupont', 'hidden', 'strategy', datetime.timedelta(0)), ('Dupont', 'visible', 'publishing', datetime.timedelta(seconds=3600))]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from cmtime.analysis.classify import classify
from cmtime.analysis.metrics import (
    Period,
    effort_by_activity,
    effort_by_client,
    in_period,
    monthly_effort,
    weekly_effort,
)
from cmtime.analysis.placeholders import default_starts, drop_placeholder_times, may_stack
from cmtime.analysis.worktime import day_span, split_by_person
from cmtime.config import Config
from cmtime.readers import Loaded
from cmtime.schema import canonical, named

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"


def analyse(loaded: Loaded, *, config: Config | None = None) -> pl.LazyFrame:
    """Classified entries with the off-hours split: the input of every metric.

    Blocks whose clock times are placeholders (`cmtime.analysis.placeholders`) count as
    duration-only. Collected once here, at the edge between reading and aggregating, and handed on as
    a LazyFrame: the metrics then run several aggregations over it (``collect_all``)
    without each one classifying and splitting the entries again. Its ids and origins
    are made by the queries that read them (`cmtime.schema.canonical`).
    """
    return canonical(analysed_stored(loaded, config=config).lazy())


def analysed_stored(loaded: Loaded, *, config: Config | None = None) -> pl.DataFrame:
    """What `analyse` collects: the entries as stored (`cmtime.schema.STORED_SCHEMA`),
    classified and split; `cmtime.schema.canonical` turns it into the canonical columns."""
    cfg = config or loaded.config
    entries = named(loaded.stored.lazy())  # ids and origins there for a stage that reads them
    # The calendar's dates, from the entries as read (placeholders only clear starts, so
    # these cover the blocks): taken from the classified plan, they would run
    # classification and the placeholder check twice.
    span = day_span(entries, cfg.timezone)
    classified = entries.pipe(classify, rules=cfg.rules)
    # Both signs need two timed blocks of one person and day at one minute: a stack is
    # that, and a default start piles more blocks than days at one second. With no such
    # pair (a cheap test on the entries as read), no block is a placeholder.
    if may_stack(entries):
        defaults = default_starts(entries, tz=cfg.timezone)
        marked = classified.pipe(drop_placeholder_times, tz=cfg.timezone, defaults=defaults)
    else:
        marked = classified.with_columns(placeholder_time=pl.lit(False))
    return marked.pipe(split_by_person, config=cfg, span=span).drop("entry_id", "origin").collect()


@dataclass(frozen=True)
class Workload:
    """The aggregated frames behind the workload charts (eager, small)."""

    by_client: pl.DataFrame
    weekly: pl.DataFrame
    by_activity: pl.DataFrame
    monthly: pl.DataFrame
    period: Period


def workload(lf: pl.LazyFrame, *, period: Period) -> Workload:
    """Aggregate once for the workload charts: collected together, in one pass each.

    The period is the scope's (`cmtime.analysis.scope.Scope.period`): the default period
    is decided there, once.
    """
    lf = in_period(lf, period)
    by_client, weekly, by_activity, monthly = pl.collect_all(
        [effort_by_client(lf), weekly_effort(lf), effort_by_activity(lf), monthly_effort(lf)]
    )
    return Workload(by_client, weekly, by_activity, monthly, period)
