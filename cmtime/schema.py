"""The canonical entry schema every reader produces, and its validator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

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

#: How readings and `cmtime.readers.Loaded` keep their entries: the canonical columns
#: but ``entry_id`` and ``origin``, which `canonical` makes from the private columns
#: below when a query asks for them. A summary never reads them, and building a million
#: ids and ``file:line`` texts for it cost time and memory.
STORED_SCHEMA: dict[str, pl.DataType] = {
    **{name: dtype for name, dtype in ENTRY_SCHEMA.items() if name not in ("entry_id", "origin")},
    "__where": pl.Categorical(),  # the file a row came from: its origin before the line
    "__line": pl.UInt32(),  # its line (or frame index)
    "__id": pl.String(),  # the source's own id; null when the id is the content hash
    "__digest": pl.UInt64(),  # the content hash (`row_hash`), else null
    "__n": pl.UInt32(),  # the occurrence among rows of the same content (0 for the first)
}
PRIVATE: tuple[str, ...] = tuple(name for name in STORED_SCHEMA if name not in ENTRY_SCHEMA)


_ID_SEED = 0x636D74


def row_hash(parts: Sequence[pl.Expr], *, seed: int = _ID_SEED) -> pl.Expr:
    """A 64-bit hash of the fields: each hashed on its own (cheap, in parallel), then
    mixed polynomially with a large odd constant (wrapping UInt64 arithmetic). Hashing
    a struct of the fields gives the same guarantee at five times the cost. The entry
    ids use the default ``seed``; other uses (matching keys) pass their own."""
    acc = parts[0].hash(seed)
    for i, part in enumerate(parts[1:], start=1):
        acc = acc * 0x9E3779B97F4A7C15 + part.hash(seed + i)
    return acc


def id_text(source: pl.Expr, digest: pl.Expr, occurrence: pl.Expr) -> pl.Expr:
    """A content id as text: ``<source>:<digest>``, with ``-<n>`` for the n-th repeat of
    identical content (`cmtime.readers._parse.hash_id`)."""
    return pl.concat_str(
        [
            source,
            pl.lit(":"),
            digest.cast(pl.String),
            pl.when(occurrence > 0).then(pl.lit("-") + occurrence.cast(pl.String)).otherwise(pl.lit("")),
        ]
    )


def entry_id() -> pl.Expr:
    """``entry_id`` from a stored frame: the own id, else the content id (`id_text`)."""
    return pl.coalesce(pl.col("__id"), id_text(pl.col("source"), pl.col("__digest"), pl.col("__n")))


def origin() -> pl.Expr:
    """``origin`` from a stored frame: ``<file>:<line>``."""
    return pl.concat_str([pl.col("__where").cast(pl.String), pl.lit(":"), pl.col("__line").cast(pl.String)])


def named(lf: pl.LazyFrame) -> pl.LazyFrame:
    """A stored frame (or one with more columns) with ``entry_id`` and ``origin`` added,
    private columns kept: only the queries that read them compute them."""
    return lf.with_columns(entry_id=entry_id(), origin=origin())


def canonical(lf: pl.LazyFrame) -> pl.LazyFrame:
    """The canonical entries of a stored frame: `named`, the private columns dropped,
    the canonical columns first and any others (classification, off-hours) after."""
    rest = [c for c in lf.collect_schema().names() if c not in STORED_SCHEMA]
    return named(lf).select([*ENTRY_SCHEMA, *rest])


class StoredEntries:
    """Entries kept in ``stored`` (`STORED_SCHEMA`, or with more columns after them),
    seen in the canonical schema: `lazy` for a query, ``entries`` collected once."""

    stored: pl.DataFrame

    @cached_property
    def entries(self) -> pl.DataFrame:
        """The canonical entries (`canonical`), built when first asked for."""
        return self.lazy().collect()

    def lazy(self) -> pl.LazyFrame:
        """The canonical entries as a LazyFrame, the start of every pipeline: ids and
        origins made only by the queries that read them."""
        return canonical(self.stored.lazy())


#: A wait noted in a ledger (waits.csv): asked -> answered, both UTC; answered null = open.
WAIT_SCHEMA: dict[str, pl.DataType] = {
    "wait_id": pl.String(),
    "origin": pl.String(),
    "client": pl.String(),
    "item": pl.String(),
    "asked": UTC_DT,
    "answered": UTC_DT,
    "reminders": pl.Int64(),
    #: ``abandoned``, ``refused``, ``accepted``, ``pending``, or "" when not said
    "status": pl.String(),
}

REJECTION_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String(),
    "line": pl.Int64(),
    "reason": pl.String(),
}


class SchemaError(ValueError):
    """A frame does not follow the canonical entry schema."""


@dataclass(frozen=True)
class Reading(StoredEntries):
    """What one reader got out of one file (or one Timewarrior/Watson folder).

    Parameters
    ----------
    path
        The file or folder that was read.
    format
        The detected or forced format name.
    rows
        Physical data rows seen: ``entries + rejected + rejected_more + open``.
    stored
        The entries as kept (`STORED_SCHEMA`), eager (the file is read once anyway);
        ``entries`` gives them in the canonical schema.
    rejected
        One row per rejected input row: ``path, line, reason``; the first 1 000 of a file.
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
    stored: pl.DataFrame
    rejected: pl.DataFrame
    open: int = 0
    notes: tuple[str, ...] = field(default=())
    waits: pl.DataFrame | None = None
    #: rejected rows past the ones kept in ``rejected`` (the first 1 000 of a file):
    #: counted in ``rows``, not kept
    rejected_more: int = 0

    @property
    def items(self) -> int:
        """What was read: entries, or waits for a waits ledger."""
        return self.stored.height + (self.waits.height if self.waits is not None else 0)



def empty_entries() -> pl.DataFrame:
    """An empty frame with the canonical entry schema."""
    return pl.DataFrame(schema=ENTRY_SCHEMA)


def empty_stored() -> pl.DataFrame:
    """An empty frame of stored entries (`STORED_SCHEMA`)."""
    return pl.DataFrame(schema=STORED_SCHEMA)


def empty_rejections() -> pl.DataFrame:
    """An empty rejection frame."""
    return pl.DataFrame(schema=REJECTION_SCHEMA)


def rejections(path: str, lines: Sequence[int], reasons: Sequence[str]) -> pl.DataFrame:
    """Build a rejection frame for ``path``."""
    return pl.DataFrame(
        {"path": [path] * len(lines), "line": list(lines), "reason": list(reasons)},
        schema=REJECTION_SCHEMA,
    )


def validate(df: pl.DataFrame | pl.LazyFrame, *, classified: bool = False, stored: bool = False) -> None:
    """Raise `SchemaError` unless ``df`` follows the canonical schema exactly (with
    ``stored``, `STORED_SCHEMA`).

    Checks column names, order and dtypes, and for eager frames that the
    never-null columns hold no null and durations are not negative.

    >>> validate(empty_entries())
    >>> validate(empty_stored(), stored=True)
    """
    expected = STORED_SCHEMA if stored else CLASSIFIED_SCHEMA if classified else ENTRY_SCHEMA
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
    not_null = [
        pl.col(c).null_count().alias(c)
        for c in (*_NOT_NULL, "__where", "__line", "__n")
        if c in expected
    ]
    if stored:  # every row has an id: its own or the content hash
        not_null.append((pl.col("__id").is_null() & pl.col("__digest").is_null()).sum().alias("entry_id"))
    nulls = df.select(not_null).row(0, named=True)
    bad = [c for c, n in nulls.items() if n]
    if bad:
        msg = f"null values in never-null columns {bad}"
        raise SchemaError(msg)
    if df.height and df.select((pl.col("duration") < pl.duration()).any()).item():
        msg = "negative durations"
        raise SchemaError(msg)
