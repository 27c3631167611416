"""Turn a parsed frame into a `Reading`: split good rows from rejected ones, add ids."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from cmtime.readers._parse import first_error, refine, with_hash_ids
from cmtime.readers._text import (
    BROKEN_LINE,
    LINE,
    RAW,
    Text,
    read_table,
    scan_table,
)
from cmtime.schema import ENTRY_SCHEMA, REJECTION_SCHEMA, Reading, rejections, validate

ERROR = "__error"
OPEN = "__open"


def time_checks(tz: str, *, timed: pl.Expr | None = None) -> list[tuple[pl.Expr, str]]:
    """The checks every timed reader ends with: a start or end that does not exist in
    ``tz`` (the spring-forward gap, where `with_local_instants` gives null), and an end
    before the start. ``timed`` limits the first two to rows that have clock times."""
    gap = f"does not exist in {tz} (clocks moved forward that night)"
    start_missing, end_missing = pl.col("start").is_null(), pl.col("end").is_null()
    if timed is not None:
        start_missing, end_missing = timed & start_missing, timed & end_missing
    return [
        (start_missing, f"start time {gap}"),
        (end_missing, f"end time {gap}"),
        (pl.col("end") < pl.col("start"), "ends before it starts"),
    ]


def with_errors(df: pl.DataFrame, checks: Sequence[tuple[pl.Expr, str | pl.Expr]]) -> pl.DataFrame:
    """Add `ERROR`: the first failing check's message (`first_error`), or null.

    The checks are evaluated on every row, the messages (which quote the raw text) only
    on the rows that fail one: building a million strings nobody reads costs seconds.
    """
    bad = pl.any_horizontal([check.fill_null(False) for check, _ in checks])
    frame = df.with_columns(pl.lit(None, dtype=pl.String).alias(ERROR))
    return refine(frame, {ERROR: first_error(checks)}, where=bad)


def parse_lazy(
    text: Text,
    fast: Callable[[pl.LazyFrame], pl.LazyFrame],
    settle: Callable[[pl.DataFrame], pl.DataFrame],
    *,
    keep: Sequence[str] = (),
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """Read a CSV in one lazy query, then settle the rows the fast parse left open.

    ``fast`` adds, as expressions over the raw strings, everything every row needs (the
    fast parse of the tracker's usual layout, the text columns); the query keeps those
    columns, `LINE`, and of the raw columns only ``keep`` (the short fields ``settle``
    re-parses carefully or quotes in a message). ``settle`` then works on the collected
    frame: careful parses on the rows the fast one missed, checks, messages.

    polars scans the file in parallel and runs ``fast`` in the same pass (`scan_table`);
    a file it cannot map to lines goes through `read_table` instead, with the same two
    steps. Returns the settled rows and the records that could not be split (line, reason).
    """
    parsed: pl.DataFrame | None = None
    broken: list[tuple[int, str]] = []
    lf = scan_table(text)
    if lf is not None:
        raw = [n for n in lf.collect_schema().names() if n.startswith(RAW) and n not in keep]
        try:
            parsed = lf.pipe(fast).drop(raw).collect()
        except pl.exceptions.PolarsError:
            parsed = None
        if parsed is not None and parsed.get_column(BROKEN_LINE).any():
            parsed = None
    if parsed is None:
        table = read_table(text)
        raw = [n for n in table.frame.columns if n.startswith(RAW) and n not in keep]
        parsed = table.frame.lazy().pipe(fast).drop(raw).collect()
        broken = table.broken
    settled = settle(parsed.drop(BROKEN_LINE, strict=False))
    return settled.select([c for c in (*ENTRY_SCHEMA, LINE, ERROR, OPEN) if c in settled.columns]), broken


def finish(
    path: Path,
    fmt: str,
    parsed: pl.DataFrame,
    *,
    source: str,
    id_expr: pl.Expr | None = None,
    broken: Sequence[tuple[int, str]] = (),
    notes: Sequence[str] = (),
    origin_prefix: str | None = None,
) -> Reading:
    """Split ``parsed`` into entries and rejections and wrap them in a `Reading`.

    ``parsed`` has the canonical columns (any order, ``entry_id``/``source``/``origin``
    may be missing), `LINE`, and `ERROR` (null when the row is good). An optional
    Boolean `OPEN` column marks running timers: counted, not entries, not rejected.
    """
    where = origin_prefix or str(path)
    if OPEN not in parsed.columns:
        parsed = parsed.with_columns(pl.lit(False).alias(OPEN))
    if id_expr is None:  # the raw columns are no longer needed: filter fewer columns
        parsed = parsed.select([c for c in (*ENTRY_SCHEMA, LINE, ERROR, OPEN) if c in parsed.columns])
    rejected_row = pl.col(ERROR).is_not_null() & ~pl.col(OPEN)
    n_bad, n_open = parsed.select(rejected_row.sum(), pl.col(OPEN).sum()).row(0)
    if n_bad == 0 and n_open == 0:
        good, bad = parsed, parsed.clear()
    else:
        bad = parsed.filter(rejected_row)
        good = parsed.filter(pl.col(ERROR).is_null() & ~pl.col(OPEN))
    parts = [
        pl.lit(source),
        pl.col("person"),
        pl.col("start").dt.epoch("us"),
        pl.coalesce(pl.col("end").dt.epoch("us"), pl.col("date").cast(pl.Int64)),
        pl.col("duration").dt.total_microseconds(),
        pl.col("client"),
        pl.col("project"),
        pl.col("task"),
        pl.col("description"),
    ]
    if id_expr is None:
        good = with_hash_ids(good, source, parts, name="entry_id")
    else:
        good = good.with_columns(entry_id=id_expr)
    entries = good.with_columns(
        source=pl.lit(source),
        origin=pl.concat_str([pl.lit(f"{where}:"), pl.col(LINE).cast(pl.String)]),
    ).select([pl.col(c).cast(t) for c, t in ENTRY_SCHEMA.items()])
    validate(entries)
    rejected = (
        pl.concat(
            [
                bad.select(
                    pl.lit(str(path)).alias("path"),
                    pl.col(LINE).cast(pl.Int64).alias("line"),
                    pl.col(ERROR).alias("reason"),
                ),
                rejections(str(path), [b[0] for b in broken], [b[1] for b in broken]),
            ]
        )
        .sort("line")
        .cast(REJECTION_SCHEMA)  # type: ignore[arg-type]
    )
    rows = entries.height + rejected.height + n_open
    return Reading(
        path=str(path),
        format=fmt,
        rows=rows,
        entries=entries,
        rejected=rejected,
        open=n_open,
        notes=tuple(notes),
    )
