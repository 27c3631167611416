"""Turn a parsed frame into a `Reading`: split good rows from rejected ones, add ids."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from cmtime.readers import _text
from cmtime.readers._parse import first_error, refine, with_digests
from cmtime.readers._text import LINE, NotFlat, Table, Text, table_chunks
from cmtime.schema import (
    ENTRY_SCHEMA,
    REJECTION_SCHEMA,
    STORED_SCHEMA,
    Reading,
    rejections,
    validate,
)

ERROR = "__error"
OPEN = "__open"
#: Rejections kept per file, with their line and reason; past them, rejections are
#: counted (`cmtime.schema.Reading.rejected_more`) and ``check`` says how many.
KEPT_REJECTIONS = 1000


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


def slim(parsed: pl.DataFrame) -> pl.DataFrame:
    """Only what `finish` needs of a parsed frame: the canonical columns, `LINE`, `ERROR`, `OPEN`."""
    return parsed.select([c for c in (*ENTRY_SCHEMA, LINE, ERROR, OPEN) if c in parsed.columns])


def parse_blocks(text: Text, parse: Callable[[pl.DataFrame], pl.DataFrame]) -> Parsed:
    """Run ``parse`` (raw strings to canonical columns, `LINE`, `ERROR`) over a CSV
    block by block (`table_chunks`), keeping only what `finish` needs of each block.

    A big export never has all its raw strings in memory at once. When the fast path
    cannot map the file to lines, the whole file goes through `read_table` (the stdlib
    parser, records that cannot be split reported as broken) instead.

    Returns the parsed rows and the broken records (line, reason); on the careful path,
    the rejected rows past `KEPT_REJECTIONS` are counted, not kept (2M junk lines: a peak
    of 1.3 GB for rows nobody reads).
    """

    try:
        tables = table_chunks(text, block=_text.BLOCK_BYTES)
        # a big file is read in blocks: the next block is read while this one is parsed
        parts, broken = [], []
        for table in _ahead(tables) if text.on_disk else tables:
            parts.append(slim(parse(table.frame)))
            broken += table.broken  # records of separators only
    except NotFlat:  # from any block: start again, whole file, from its first record
        parts, broken = [], []
    dropped = 0
    if not parts:
        broken = []  # an odd file, or no rows at all: the careful whole-file path, by chunks
        kept = 0
        for table in _text.slow_tables(text):
            part = slim(parse(table.frame))
            if ERROR in part.columns:
                bad = pl.col(ERROR).is_not_null()
                if OPEN in part.columns:
                    bad = bad & ~pl.col(OPEN).fill_null(False)
                n_bad = part.select(bad.sum()).item()
                if kept + n_bad > KEPT_REJECTIONS:  # past the rejections kept, only counted
                    room = max(KEPT_REJECTIONS - kept, 0)
                    part = part.filter(~bad | (bad.cum_sum() <= room))
                    dropped += n_bad - room
                kept += min(n_bad, max(KEPT_REJECTIONS - kept, 0))
            parts.append(part)
            broken += table.broken
    return Parsed((pl.concat(parts) if len(parts) > 1 else parts[0]), broken, dropped)


@dataclass(frozen=True)
class Parsed:
    """What `parse_blocks` gives `finish`: the parsed rows, the broken records (line,
    reason), and the rejected rows past `KEPT_REJECTIONS` that were only counted."""

    frame: pl.DataFrame
    broken: list[tuple[int, str]]
    dropped: int = 0


def _ahead(tables: Iterator[Table]) -> Iterator[Table]:
    """``tables``, each next one read and split by a second thread while the caller
    parses the one it has (polars leaves the interpreter free meanwhile)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, tables, None)
        while (table := pending.result()) is not None:
            pending = pool.submit(next, tables, None)
            yield table


def content_parts(source: str) -> list[pl.Expr]:
    """The fields an entry's content id is a hash of (`cmtime.readers._parse.hash_id`):
    the source, person, start, end (or date), duration, client, project, task, description."""
    return [
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
    dropped: int = 0,
) -> Reading:
    """Split ``parsed`` into entries and rejections and wrap them in a `Reading`.

    ``parsed`` has the canonical columns (any order, ``entry_id``/``source``/``origin``
    may be missing: they are made here), `LINE`, and `ERROR` (null when the row is good).
    The entries are kept as `cmtime.schema.STORED_SCHEMA` says: ``<where>:<line>`` is
    the origin, ``id_expr`` the own id (else a hash of the content). An optional
    Boolean `OPEN` column marks running timers: counted, not entries, not rejected; a
    row marked open without a readable ``start`` is rejected instead.
    """
    where = origin_prefix or str(path)
    if OPEN not in parsed.columns:
        parsed = parsed.with_columns(pl.lit(False).alias(OPEN))
    elif "start" in parsed.columns:
        # Only a row that really has a start is a running timer: a junk line (no start,
        # so no end either) is rejected with the reader's reason, never counted open.
        no_start = pl.col(OPEN).fill_null(False) & pl.col("start").is_null()
        parsed = parsed.with_columns(
            pl.when(no_start).then(pl.coalesce(pl.col(ERROR), pl.lit("no readable start"))).otherwise(pl.col(ERROR)).alias(ERROR),
            (pl.col(OPEN).fill_null(False) & ~no_start).alias(OPEN),
        )
    if id_expr is None:  # the raw columns are no longer needed: filter fewer columns
        parsed = parsed.select([c for c in (*ENTRY_SCHEMA, LINE, ERROR, OPEN) if c in parsed.columns])
    rejected_row = pl.col(ERROR).is_not_null() & ~pl.col(OPEN)
    n_bad, n_open = parsed.select(rejected_row.sum(), pl.col(OPEN).sum()).row(0)
    if n_bad == 0 and n_open == 0:
        good, bad = parsed, parsed.clear()
    else:
        bad = parsed.filter(rejected_row)
        good = parsed.filter(pl.col(ERROR).is_null() & ~pl.col(OPEN))
    if id_expr is None:
        good = with_digests(good, content_parts(source)).with_columns(__id=pl.lit(None, pl.String))
    else:
        good = good.with_columns(__id=id_expr, __digest=pl.lit(None, pl.UInt64), __n=pl.lit(0, pl.UInt32))
    # ids and origins are written out only when a query reads them (`cmtime.schema.canonical`)
    stored = good.with_columns(
        source=pl.lit(source), __where=pl.lit(where).cast(pl.Categorical), __line=pl.col(LINE)
    ).select([pl.col(c).cast(t) for c, t in STORED_SCHEMA.items()])
    validate(stored, stored=True)
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
    rows = stored.height + rejected.height + n_open + dropped
    return capped(
        Reading(
            path=str(path),
            format=fmt,
            rows=rows,
            stored=stored,
            rejected=rejected,
            open=n_open,
            notes=tuple(notes),
            rejected_more=dropped,
        )
    )


def capped(reading: Reading) -> Reading:
    """``reading`` with at most `KEPT_REJECTIONS` rejections kept (the first, by line);
    the rest counted in ``rejected_more``."""
    extra = reading.rejected.height - KEPT_REJECTIONS
    if extra <= 0:
        return reading
    return replace(reading, rejected=reading.rejected.head(KEPT_REJECTIONS), rejected_more=reading.rejected_more + extra)
