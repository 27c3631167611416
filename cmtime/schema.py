"""The canonical entry schema every reader produces, and its validator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

KINDS = ("visible", "hidden", "wait", "unclassified")
KIND = pl.Enum(list(KINDS))
SOURCES = (
    "toggl",
    "clockify",
    "harvest",
    "kimai",
    "timewarrior",
    "watson",
    "ics",
    "cmtime",
    "journal",
)
UTC_DT = pl.Datetime("us", "UTC")

#: Columns a reader returns (before classification).
ENTRY_SCHEMA: dict[str, pl.DataType] = {
    "entry_id": pl.String(),
    "source": pl.String(),
    "origin": pl.String(),
    "person": pl.String(),
    "client": pl.String(),
    "project": pl.String(),
    "task": pl.String(),
    "description": pl.String(),
    "tags": pl.List(pl.String()),
    "start": UTC_DT,
    "end": UTC_DT,
    "date": pl.Date(),
    "duration": pl.Duration("us"),
    "billable": pl.Boolean(),
}

#: Columns after `classify`.
CLASSIFIED_SCHEMA: dict[str, pl.DataType] = {
    **ENTRY_SCHEMA,
    "kind": KIND,
    "activity": pl.String(),
    "rule": pl.String(),  # what decided the kind (and activity): builtin:fr/ads, config:line 12, tag:#hidden
}

_NOT_NULL: tuple[str, ...] = (
    "entry_id", "source", "origin", "person", "project", "task", "description", "tags", "date", "duration",
)

#: A wait noted in a ledger (waits.csv): asked -> answered, both UTC; answered null = open.
WAIT_SCHEMA: dict[str, pl.DataType] = {
    "wait_id": pl.String(),
    "origin": pl.String(),
    "client": pl.String(),
    "item": pl.String(),
    "asked": UTC_DT,
    "answered": UTC_DT,
    "reminders": pl.Int64(),
}

REJECTION_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String(),
    "line": pl.Int64(),
    "reason": pl.String(),
}


class SchemaError(ValueError):
    """A frame does not follow the canonical entry schema."""


@dataclass(frozen=True)
class Reading:
    """What one reader got out of one file (or one Timewarrior/Watson folder).

    Parameters
    ----------
    path
        The file or folder that was read.
    format
        The detected or forced format name.
    rows
        Physical data rows seen: ``entries + rejected + open``.
    entries
        Canonical entries, eager (the file is read once anyway).
    rejected
        One row per rejected input row: ``path, line, reason``.
    open
        Running timers (no end yet), counted but not entries.
    notes
        Human remarks about the file (skipped all-day events, ...).
    waits
        For a waits ledger only: one row per wait (`WAIT_SCHEMA`); its waits count as
        the file's entries in `check`.
    """

    path: str
    format: str
    rows: int
    entries: pl.DataFrame
    rejected: pl.DataFrame
    open: int = 0
    notes: tuple[str, ...] = field(default=())
    waits: pl.DataFrame | None = None

    @property
    def items(self) -> int:
        """What was read: entries, or waits for a waits ledger."""
        return self.entries.height + (self.waits.height if self.waits is not None else 0)


def empty_entries() -> pl.DataFrame:
    """An empty frame with the canonical entry schema."""
    return pl.DataFrame(schema=ENTRY_SCHEMA)


def empty_rejections() -> pl.DataFrame:
    """An empty rejection frame."""
    return pl.DataFrame(schema=REJECTION_SCHEMA)


def rejections(path: str, lines: Sequence[int], reasons: Sequence[str]) -> pl.DataFrame:
    """Build a rejection frame for ``path``."""
    return pl.DataFrame(
        {"path": [path] * len(lines), "line": list(lines), "reason": list(reasons)},
        schema=REJECTION_SCHEMA,
    )


def validate(df: pl.DataFrame | pl.LazyFrame, *, classified: bool = False) -> None:
    """Raise `SchemaError` unless ``df`` follows the canonical schema exactly.

    Checks column names, order and dtypes, and for eager frames that the
    never-null columns hold no null and durations are not negative.

    >>> validate(empty_entries())
    """
    expected = CLASSIFIED_SCHEMA if classified else ENTRY_SCHEMA
    schema = df.collect_schema() if isinstance(df, pl.LazyFrame) else df.schema
    got = dict(schema)
    if list(got) != list(expected):
        msg = f"columns {list(got)} differ from the canonical {list(expected)}"
        raise SchemaError(msg)
    for name, dtype in expected.items():
        if got[name] != dtype:
            msg = f"column {name!r} has dtype {got[name]}, expected {dtype}"
            raise SchemaError(msg)
    if isinstance(df, pl.LazyFrame):
        return
    nulls = df.select(pl.col(c).null_count() for c in _NOT_NULL).row(0, named=True)
    bad = [c for c, n in nulls.items() if n]
    if bad:
        msg = f"null values in never-null columns {bad}"
        raise SchemaError(msg)
    if df.height and df.select((pl.col("duration") < pl.duration()).any()).item():
        msg = "negative durations"
        raise SchemaError(msg)
