"""Checks over what was read: overlapping blocks of one person, per file; client names.

Only `check` and the start-here notebook show them, so a summary never pays for
classifying and sorting every block a second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from cmtime.analysis.classify import classify
from cmtime.analysis.documents import ImplausibleBlock
from cmtime.config import normalize_name
from cmtime.readers import Loaded

#: per reading: the first overlapping neighbours (origin, origin, seconds)
OverlapExamples = tuple[tuple[tuple[str, str, int], ...], ...]
#: per reading (same order): overlapping pairs of effort blocks of one person, and examples
OverlapReport = tuple[tuple[int, ...], OverlapExamples]


def classified_readings(loaded: Loaded) -> pl.DataFrame:
    """Every reading's entries as read (before de-duplication, raw client names), with
    ``__file`` (the reading's index) and the kind and activity `classify` gives them.

    Each check below takes it as ``classified``: `cmtime check` classifies once for all
    of them (it classified the same rows five times).
    """
    frames = [
        r.lazy().select(
            pl.lit(i, pl.Int32).alias("__file"),
            "origin", "source", "person", "date", "start", "end", "duration", "client",
            *_RULE_FIELDS,
        )
        for i, r in enumerate(loaded.readings)
    ]
    if not frames:
        return pl.DataFrame(schema={"__file": pl.Int32, "kind": pl.String})
    return classify(pl.concat(frames), rules=loaded.config.rules).collect()


def _classified(loaded: Loaded, classified: pl.DataFrame | None) -> pl.LazyFrame:
    return (classified if classified is not None else classified_readings(loaded)).lazy()


def overlap_report(loaded: Loaded, *, classified: pl.DataFrame | None = None) -> OverlapReport:
    """Per reading: overlapping pairs of effort blocks of one person, and the first
    examples. Waits run alongside work by nature and are left out."""
    readings = loaded.readings
    if not readings:
        return (), ()
    effort = (
        _classified(loaded, classified)
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


# -- client names ----------------------------------------------------------------------------

#: the columns of `client_names`
CLIENT_NAMES_SCHEMA: dict[str, pl.DataType] = {
    "written": pl.String(),
    "client": pl.String(),
    "match": pl.String(),
    "effort_h": pl.Float64(),
    "wait_h": pl.Float64(),
    "contract": pl.Boolean(),
    "close": pl.List(pl.String()),
}


def client_names(loaded: Loaded, *, classified: pl.DataFrame | None = None) -> pl.DataFrame:
    """Each client name as written in the data, what it resolves to, and its hours.

    Returns
    -------
    pl.DataFrame
        `CLIENT_NAMES_SCHEMA`, most effort first: ``written`` (as in the export; null for
        blocks with no client), ``client`` (what it counts as), ``match`` (``name``: a
        configured client; ``alias``: one of its aliases; ``data``: no configured client
        or alias, counted under its own name), ``effort_h`` and ``wait_h`` (hours of the
        blocks read, before de-duplication across files), ``contract`` (a monthly fee is
        configured) and ``close`` (for a ``data`` name when clients are configured: the
        closest configured names or aliases, `cmtime.analysis.scope.close_names`).
    """
    from cmtime.analysis.scope import close_names

    config = loaded.config
    if not loaded.readings:
        return pl.DataFrame(schema=CLIENT_NAMES_SCHEMA)
    totals = (
        _classified(loaded, classified)
        .group_by(pl.col("client").alias("written"))
        .agg(
            effort_h=pl.col("duration").filter(pl.col("kind") != "wait").sum(),
            wait_h=pl.col("duration").filter(pl.col("kind") == "wait").sum(),
        )
        .collect()
    )
    rows = []
    for written, effort, wait in totals.iter_rows():
        contract = config.client(written) if written is not None else None
        if contract is None:
            match, client = "data", written
        else:
            match = "name" if normalize_name(written) == normalize_name(contract.name) else "alias"
            client = contract.name
        close = close_names(config, written) if match == "data" and written and config.clients else []
        rows.append(
            {
                "written": written,
                "client": client,
                "match": match,
                "effort_h": effort / _HOUR,
                "wait_h": wait / _HOUR,
                "contract": contract is not None and contract.monthly_fee is not None,
                "close": close,
            }
        )
    return pl.DataFrame(rows, schema=CLIENT_NAMES_SCHEMA).sort(
        ["effort_h", "written"], descending=[True, False], nulls_last=True
    )


_HOUR = dt.timedelta(hours=1)


def hours_by_file(loaded: Loaded, *, classified: pl.DataFrame | None = None) -> list[tuple[float, float]]:
    """Per reading (same order): effort hours and wait hours of the entries read.

    Waits are elapsed time blocked on the client, never effort: a file's "hours" that
    added them up (13 012 h for the sample year instead of 1 614 h of work) misled.
    """
    if not loaded.readings:
        return []
    sums = {
        i: (e, w)
        for i, e, w in _classified(loaded, classified)
        .group_by("__file")
        .agg(
            pl.col("duration").filter(pl.col("kind") != "wait").sum(),
            pl.col("duration").filter(pl.col("kind") == "wait").sum().alias("wait"),
        )
        .collect()
        .iter_rows()
    }
    zero = (dt.timedelta(0), dt.timedelta(0))
    return [(e / _HOUR, w / _HOUR) for e, w in (sums.get(i, zero) for i in range(len(loaded.readings)))]


def unknown_names(loaded: Loaded) -> list[tuple[str, list[str]]]:
    """Client names in the data that match no configured client or alias, with the
    closest configured names; empty when no client is configured (then every name is
    simply a client). Cheap: it looks at distinct names only."""
    from cmtime.analysis.scope import close_names

    config = loaded.config
    if not config.clients:
        return []
    written: set[str] = set()
    for r in loaded.readings:
        written |= set(r.stored.get_column("client").drop_nulls().unique().to_list())
    if not loaded.waits.is_empty():
        written |= set(loaded.waits.get_column("client").drop_nulls().unique().to_list())
    return [
        (name, close_names(config, name))
        for name in sorted(written, key=normalize_name)
        if config.client(name) is None
    ]


def placeholders(loaded: Loaded, *, classified: pl.DataFrame | None = None) -> dict[str, tuple[int, float]]:
    """Per file (as its rows' origins name it): blocks with placeholder clock times and
    their hours (`cmtime.analysis.placeholders`)."""
    from cmtime.analysis.placeholders import placeholder_by_file

    if not loaded.readings:
        return {}
    found = placeholder_by_file(_classified(loaded, classified), tz=loaded.config.timezone).collect()
    return {file: (blocks, h) for file, blocks, h in found.iter_rows()}


def implausible(lf: pl.LazyFrame, *, bound_h: float) -> pl.LazyFrame:
    """Effort blocks longer than ``bound_h`` hours: kept, but flagged for a look.

    A 10-year Toggl duration or an 876 576 h block is a typo or a timer left running, and
    it would dominate every figure. Waits are exempt: a client can keep one waiting for
    weeks. ``lf`` is classified entries; returns those blocks (every column) with
    ``hours``, longest first.
    """
    bound = dt.timedelta(hours=bound_h)
    return (
        lf.filter((pl.col("kind") != "wait") & (pl.col("duration") > bound))
        .with_columns(hours=pl.col("duration").dt.total_seconds() / 3600)
        .sort(["hours", "origin"], descending=[True, False])
    )


def implausible_by_reading(
    loaded: Loaded, *, bound_h: float, classified: pl.DataFrame | None = None
) -> list[list[ImplausibleBlock]]:
    """Per reading (same order): its implausible blocks as ``{"line", "hours"}``."""
    out: list[list[ImplausibleBlock]] = [[] for _ in loaded.readings]
    if not loaded.readings:
        return out
    found = implausible(_classified(loaded, classified), bound_h=bound_h).select("__file", "origin", "hours")
    for i, origin, h in found.collect().iter_rows():
        out[i].append({"line": _line_number(origin), "hours": round(h, 2)})
    return out


def _line_number(origin: str) -> int | str:
    """The line part of an origin (``file.csv:12`` gives 12; a frame index stays text)."""
    tail = origin.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else tail
