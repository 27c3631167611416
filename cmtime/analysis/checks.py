"""Checks over what was read: overlapping blocks of one person, per file.

Only `check` and the start-here notebook show them, so a summary never pays for
classifying and sorting every block a second time.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from cmtime.analysis.classify import classify
from cmtime.config import Config
from cmtime.readers import Loaded
from cmtime.schema import Reading

#: per reading: the first overlapping neighbours (origin, origin, seconds)
OverlapExamples = tuple[tuple[tuple[str, str, int], ...], ...]
#: per reading (same order): overlapping pairs of effort blocks of one person, and examples
OverlapReport = tuple[tuple[int, ...], OverlapExamples]


def overlap_report(loaded: Loaded) -> OverlapReport:
    """`overlap_report_of` for everything a `Loaded` holds."""
    return overlap_report_of(loaded.readings, loaded.config)


def overlap_report_of(readings: Sequence[Reading], config: Config) -> OverlapReport:
    """Per reading: overlapping pairs of effort blocks of one person, and the first
    examples. Waits run alongside work by nature and are left out."""

    frames = [
        r.entries.lazy().select(pl.lit(i, pl.Int32).alias("__file"), "person", "start", "end", "origin", *_RULE_FIELDS)
        for i, r in enumerate(readings)
    ]
    if not frames:
        return (), ()
    effort = (
        classify(pl.concat(frames), rules=config.rules)
        .filter(pl.col("kind") != "wait")
        .select("__file", "person", "start", "end", "origin")
        .collect()
        .lazy()
    )
    counts = dict(overlap_pairs(effort, by=["__file", "person"]).collect().iter_rows())
    examples = overlap_neighbours(effort, by=["__file", "person"]).collect()
    return (
        tuple(int(counts.get(i, 0)) for i in range(len(readings))),
        tuple(
            tuple(
                examples.filter(pl.col("__file") == i)
                .head(3)
                .select("before", "origin", "seconds")
                .iter_rows()
            )
            for i in range(len(readings))
        ),
    )


_RULE_FIELDS = ("description", "task", "tags", "project")



def overlap_pairs(lf: pl.LazyFrame, *, by: Sequence[str]) -> pl.LazyFrame:
    """Count pairs of timed blocks in a group whose ``[start, end)`` share positive time.

    For blocks sorted by start, block i overlaps each earlier block j with
    ``end_j > start_i``; every block with ``end_j <= start_i`` is earlier, so the count is
    ``rank_i - #(ends <= start_i)``, found with a sorted search: no pairwise join.
    """
    group = list(by)
    first = group[0]
    timed = lf.filter(pl.col("start").is_not_null() & (pl.col("end") > pl.col("start")))
    return (
        timed.sort([*group, "start"])
        .with_columns(
            __rank=pl.int_range(pl.len()).over(group),
            __ended=pl.col("end").sort().search_sorted(pl.col("start"), side="right").over(group),
        )
        .group_by(first)
        .agg((pl.col("__rank") - pl.col("__ended").cast(pl.Int64)).sum().alias("overlaps"))
    )


def overlap_neighbours(lf: pl.LazyFrame, *, by: Sequence[str]) -> pl.LazyFrame:
    """Blocks that start before the previous block of the same group has ended, with the
    previous block's origin and the overlap in seconds: the examples `check` shows."""
    group = list(by)
    timed = lf.filter(pl.col("start").is_not_null() & (pl.col("end") > pl.col("start")))
    prev_end = pl.col("end").shift(1).over(group)
    return (
        timed.sort([*group, "start"])
        .with_columns(before=pl.col("origin").shift(1).over(group), __prev_end=prev_end)
        .filter(pl.col("__prev_end") > pl.col("start"))
        .with_columns(
            seconds=(pl.min_horizontal("end", "__prev_end") - pl.col("start")).dt.total_seconds()
        )
        .select(*group, "before", "origin", "seconds")
    )
