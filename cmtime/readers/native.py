"""The native cmtime CSV: ``start,end,client,project,description,tags``.

Times are ISO 8601 (``2026-03-02T09:00`` or ``2026-03-02 09:00:00``), either local wall
time in the configured zone or with an offset (``+01:00``, ``Z``). Optional columns:
``person``, ``task``, ``billable``. Tags are separated by ``;``, ``,`` or ``|`` inside the
field; a leading ``#`` is dropped. Duration is ``end - start``.
"""

from __future__ import annotations

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import ERROR, finish
from cmtime.readers._parse import (
    clean,
    first_error,
    parse_bool,
    parse_clock,
    parse_date,
    quoted,
    resolve_local,
    split_tags,
)
from cmtime.readers._text import InputError, Text, column_lookup, header_fields, read_table
from cmtime.schema import UTC_DT, Reading

NAME = "cmtime"

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
    offset = pl.when(off == "Z").then(pl.duration(minutes=0)).otherwise(pl.duration(minutes=minutes))
    return naive, offset


def read(text: Text, *, config: Config) -> Reading:
    """Read a native cmtime CSV into canonical entries."""
    table = read_table(text)
    cols = column_lookup(table.frame.columns, SYNONYMS)
    missing = [k for k in ("start", "end") if k not in cols]
    if missing:
        msg = f"{text.path}: missing column {', '.join(repr(m) for m in missing)}"
        raise InputError(msg)
    c = cols.get
    tz = config.timezone
    s_naive, s_off = _instant(clean(c("start")))
    e_naive, e_off = _instant(clean(c("end")))
    df = table.frame.with_columns(__sn=s_naive, __so=s_off, __en=e_naive, __eo=e_off)
    loc_s, loc_e = resolve_local(pl.col("__sn"), pl.col("__en"), pl.lit(None, pl.Duration("us")), tz)

    def utc(naive: str, off: str, local: pl.Expr) -> pl.Expr:
        fixed = (pl.col(naive) - pl.col(off)).dt.replace_time_zone("UTC").cast(UTC_DT)
        return pl.when(pl.col(off).is_not_null()).then(fixed).otherwise(local)

    df = df.with_columns(start=utc("__sn", "__so", loc_s), end=utc("__en", "__eo", loc_e))
    df = df.with_columns(
        person=pl.when(clean(c("person")) != "").then(clean(c("person"))).otherwise(pl.lit(config.person)),
        client=pl.when(clean(c("client")) != "").then(clean(c("client"))),
        project=clean(c("project")),
        task=clean(c("task")),
        description=clean(c("description")),
        tags=split_tags(clean(c("tags"))) if c("tags") else pl.lit([], dtype=pl.List(pl.String)),
        billable=parse_bool(clean(c("billable"))) if c("billable") else pl.lit(None, pl.Boolean),
        date=pl.col("start").dt.convert_time_zone(tz).dt.date(),
        duration=(pl.col("end") - pl.col("start")).cast(pl.Duration("us")),
    )
    s, e = cols["start"], cols["end"]
    df = df.with_columns(
        first_error(
            [
                (pl.col("__sn").is_null(), pl.format("unreadable start {}", quoted(s))),
                (pl.col("__en").is_null(), pl.format("unreadable end {}", quoted(e))),
                (
                    pl.col("start").is_null(),
                    f"start time does not exist in {tz} (clocks moved forward that night)",
                ),
                (
                    pl.col("end").is_null(),
                    f"end time does not exist in {tz} (clocks moved forward that night)",
                ),
                (pl.col("end") < pl.col("start"), "ends before it starts"),
            ]
        ).alias(ERROR)
    )
    return finish(text.path, NAME, df, source=NAME, broken=table.broken)
