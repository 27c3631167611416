"""The native cmtime CSV: ``start,end,client,project,description,tags``.

Times are ISO 8601 (``2026-03-02T09:00`` or ``2026-03-02 09:00:00``), either local wall
time in the configured zone or with an offset (``+01:00``, ``Z``). Optional columns:
``person``, ``task``, ``billable``. Tags are separated by ``;``, ``,`` or ``|`` inside the
field; a leading ``#`` is dropped. Duration is ``end - start``.
"""

from __future__ import annotations

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import finish, parse_blocks, time_checks, with_errors
from cmtime.readers._parse import (
    clean,
    parse_clock,
    parse_date,
    quoted,
    refine,
    with_local_instants,
    with_text_columns,
)
from cmtime.readers._text import InputError, Text, column_lookup, csv_layout, header_fields
from cmtime.readers.reader import label_key
from cmtime.schema import UTC_DT, Reading

NAME = "cmtime"
LABEL = label_key(NAME)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "start": ("start", "début", "debut"),
    "end": ("end", "fin"),
    "person": ("person", "personne"),
    "client": ("client",),
    "project": ("project", "projet"),
    "task": ("task", "tâche", "tache"),
    "description": ("description",),
    "tags": ("tags",),
    "billable": ("billable", "facturable"),
}

_ISO = r"^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})[T ](\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$"


def sniff(text: Text) -> bool:
    """True when a CSV header is the native cmtime layout."""
    fields = header_fields(text.head)
    cols = column_lookup(fields, SYNONYMS)
    return "start" in cols and "end" in cols


def _instant(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(naive local wall time, offset or null) from an ISO 8601 string."""
    g = text.str.extract_groups(_ISO)
    naive = parse_date(g.struct.field("1")).cast(pl.Datetime("us")) + parse_clock(g.struct.field("2"))
    off = g.struct.field("3")
    sign = pl.when(off.str.starts_with("-")).then(-1).otherwise(1)
    digits = off.str.replace_all(r"[^0-9]", "")
    minutes = (
        digits.str.slice(0, 2).cast(pl.Int64, strict=False) * 60
        + digits.str.slice(2, 2).cast(pl.Int64, strict=False)
    ) * sign
    # UTC offsets run from -12:00 to +14:00; +99:99 is no offset (the row is rejected)
    real = (digits.str.slice(0, 2).cast(pl.Int64, strict=False) <= 14) & (digits.str.slice(2, 2).cast(pl.Int64, strict=False) <= 59)
    offset = (
        pl.when(off == "Z").then(pl.duration(minutes=0))
        .when(real).then(pl.duration(minutes=minutes))
    )
    # an offset written but impossible makes the time unreadable (rejected), not local
    return pl.when(off.is_null() | (off == "Z") | real).then(naive), offset


def read(text: Text, *, config: Config) -> Reading:
    """Read a native cmtime CSV into canonical entries, a block at a time."""
    _, names = csv_layout(text)
    cols = column_lookup(names, SYNONYMS)
    missing = [k for k in ("start", "end") if k not in cols]
    if missing:
        msg = f"{text.path}: missing column {', '.join(repr(m) for m in missing)}"
        raise InputError(msg)
    parsed = parse_blocks(text, lambda frame: _parse(frame, cols, config))
    return finish(text.path, NAME, parsed.frame, source=NAME, broken=parsed.broken, dropped=parsed.dropped)


def _parse(frame: pl.DataFrame, cols: dict[str, str], config: Config) -> pl.DataFrame:
    """One block of raw rows to canonical columns, `LINE` and `ERROR`."""
    c = cols.get
    tz = config.timezone
    s, e = cols["start"], cols["end"]
    # Local ISO times as cmtime writes them take the fast parse; the rest (offsets, a
    # space instead of T, day-first dates, short clocks) the careful one.
    iso = "%Y-%m-%dT%H:%M:%S"
    df = frame.with_columns(
        __sn=pl.col(s).str.strptime(pl.Datetime("us"), iso, strict=False),
        __en=pl.col(e).str.strptime(pl.Datetime("us"), iso, strict=False),
        __so=pl.lit(None, pl.Duration("us")),
        __eo=pl.lit(None, pl.Duration("us")),
        __no_duration=pl.lit(None, pl.Duration("us")),
    )
    for naive, off, col in (("__sn", "__so", s), ("__en", "__eo", e)):
        n, o = _instant(clean(col))
        given = pl.col(col).fill_null("") != ""
        df = refine(df, {naive: n, off: o}, where=pl.col(naive).is_null() & given)
    df = with_local_instants(df, start="__sn", end="__en", duration="__no_duration", tz=tz)

    def utc(naive: str, off: str, local: str) -> pl.Expr:
        fixed = (pl.col(naive) - pl.col(off)).dt.replace_time_zone("UTC").cast(UTC_DT)
        return pl.when(pl.col(off).is_not_null()).then(fixed).otherwise(pl.col(local))

    df = df.with_columns(start=utc("__sn", "__so", "start"), end=utc("__en", "__eo", "end"))
    df = with_text_columns(df, c, default_person=config.person, person=("person",), tag_separators=r"[,;|]")
    df = df.with_columns(
        date=pl.col("start").dt.convert_time_zone(tz).dt.date(),
        duration=(pl.col("end") - pl.col("start")).cast(pl.Duration("us")),
    )
    return with_errors(
        df,
        [
            (pl.col("__sn").is_null(), pl.format("unreadable start {}", quoted(s))),
            (pl.col("__en").is_null(), pl.format("unreadable end {}", quoted(e))),
            *time_checks(tz),
        ],
    )
