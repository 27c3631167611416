"""Toggl Track detailed report CSV (legacy layout with ``Amount (...)`` and the 2023 layout).

Columns are matched by name, case-insensitively; ``Stop date``/``Stop time`` and
``Member`` are accepted as synonyms. The Duration column is authoritative: it is the
entry's length, and it decides which instant a wall time means on a DST fall-back night.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cmtime.config import Config
from cmtime.readers import _stream
from cmtime.readers._build import (
    ERROR,
    Parsed,
    finish,
    parse_blocks,
    slim,
    time_checks,
    with_errors,
)
from cmtime.readers._parse import (
    clean,
    fast_duration,
    fast_hms,
    local_instants,
    parse_clock,
    parse_date,
    parse_hms_duration,
    quoted,
    refine,
    refine_local_instants,
    text_columns,
    with_billable,
    with_local_instants,
    with_tags,
    with_text_columns,
)
from cmtime.readers._text import (
    LINE,
    InputError,
    Text,
    column_lookup,
    csv_layout,
    drop_blank,
    header_fields,
)
from cmtime.readers.reader import label_key
from cmtime.schema import Reading

NAME = "toggl"
LABEL = label_key(NAME)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "user": ("user", "member", "utilisateur", "membre"),
    "email": ("email", "e-mail"),
    "client": ("client",),
    "project": ("project", "projet"),
    "task": ("task", "tâche", "tache"),
    "description": ("description",),
    "billable": ("billable", "facturable"),
    "start_date": ("start date", "date de début"),
    "start_time": ("start time", "heure de début"),
    "end_date": ("end date", "stop date", "date de fin"),
    "end_time": ("end time", "stop time", "heure de fin"),
    "duration": ("duration", "durée"),
    "tags": ("tags", "étiquettes"),
}
REQUIRED = ("start_date", "start_time", "duration")
_LABEL = {"start_date": "Start date", "start_time": "Start time", "duration": "Duration"}


def sniff(text: Text) -> bool:
    """True when a CSV header looks like a Toggl detailed export."""
    fields = header_fields(text.head)
    cols = column_lookup(fields, SYNONYMS)
    norm = {" ".join(f.casefold().split()) for f in fields}
    return (
        all(k in cols for k in REQUIRED)
        and ("user" in cols or "email" in cols)
        and (
            "duration (h)" not in norm  # Clockify says "Duration (h)"
        )
    )


def read(text: Text, *, config: Config) -> Reading:
    """Read a Toggl detailed CSV export into canonical entries: a big export in one
    streaming query (`cmtime.readers._stream`), any other a block at a time."""
    sep, names = csv_layout(text)
    cols = column_lookup(names, SYNONYMS)
    missing = [k for k in REQUIRED if k not in cols]
    if missing:
        shown = ", ".join(repr(_LABEL[k]) for k in missing)
        msg = f"{text.path}: not a Toggl detailed export, missing column {shown}"
        raise InputError(msg)
    df = _streamed(text, names, sep, cols, config) if _stream.qualifies(text) else None
    parsed = Parsed(df, []) if df is not None else parse_blocks(text, lambda frame: _parse(frame, cols, config))
    return finish(text.path, NAME, parsed.frame, source=NAME, broken=parsed.broken, dropped=parsed.dropped)


_TIMES = ("start_date", "start_time", "end_date", "end_time", "duration")
#: the fast-parsed columns and the field each comes from
_PARSED = {"__sd": "start_date", "__sc": "start_time", "__ed": "end_date", "__ec": "end_time", "__dur": "duration"}


def _raw(cols: dict[str, str]) -> dict[str, pl.Expr]:
    return {k: pl.col(name) if (name := cols.get(k)) else pl.lit(None, pl.String) for k in _TIMES}


def _fast(cols: dict[str, str]) -> dict[str, pl.Expr]:
    """Toggl's own layout (ISO date, HH:MM:SS, H+:MM:SS, nothing to trim), row by row."""
    raw = _raw(cols)
    return {
        "__sd": raw["start_date"].str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        "__sc": fast_hms(raw["start_time"]),
        "__ed": raw["end_date"].str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        "__ec": fast_hms(raw["end_time"]),
        "__dur": fast_duration(raw["duration"]),
        "__end_given": (raw["end_date"].fill_null("") != "") | (raw["end_time"].fill_null("") != ""),
    }


def _missed(cols: dict[str, str]) -> pl.Expr:
    """True where `_fast` left a field null that has text: the careful parsers' rows."""
    raw = _raw(cols)
    return pl.any_horizontal([pl.col(name).is_null() & (raw[key].fill_null("") != "") for name, key in _PARSED.items()])


def _naive() -> dict[str, pl.Expr]:
    """Naive local start and end; the end from the start and duration when not given."""
    start = pl.col("__sd").cast(pl.Datetime("us")) + pl.col("__sc")
    return {
        "__sn": start,
        "__en": pl.when(pl.col("__end_given"))
        .then(pl.col("__ed").cast(pl.Datetime("us")) + pl.col("__ec"))
        .otherwise(start + pl.col("__dur")),
    }


def _field_checks(cols: dict[str, str]) -> list[tuple[pl.Expr, str | pl.Expr]]:
    """The checks on the parsed fields; `time_checks` (on the instants) follow them."""
    sd, st, dur = cols["start_date"], cols["start_time"], cols["duration"]
    return [
        (pl.col("__sd").is_null(), pl.format("unreadable start date {}", quoted(sd))),
        (pl.col("__sc").is_null(), pl.format("unreadable start time {}", quoted(st))),
        (pl.col("__dur").is_null(), pl.format("unreadable duration {}", quoted(dur))),
        (pl.col("__dur") < pl.duration(), pl.format("negative duration {}", quoted(dur))),
        (pl.col("__en").is_null(), "unreadable end date or time"),
    ]


def _parse(frame: pl.DataFrame, cols: dict[str, str], config: Config) -> pl.DataFrame:
    """One block of raw rows to canonical columns, `LINE` and `ERROR`."""
    tz = config.timezone
    # Every row goes through the fast parse of Toggl's own layout; the rows it misses go
    # through the careful parsers, which take every layout Toggl writes (short clocks,
    # long durations, dd/mm/yyyy, spaces).
    trimmed = {k: clean(cols.get(k)) for k in _TIMES}
    careful = {
        "__sd": parse_date(trimmed["start_date"]),
        "__sc": parse_clock(trimmed["start_time"]),
        "__ed": parse_date(trimmed["end_date"]),
        "__ec": parse_clock(trimmed["end_time"]),
        "__dur": parse_hms_duration(trimmed["duration"]),
        "__end_given": (trimmed["end_date"] != "") | (trimmed["end_time"] != ""),
    }
    df = refine(frame.with_columns(**_fast(cols)), careful, where=_missed(cols))
    df = with_local_instants(df.with_columns(**_naive()), start="__sn", end="__en", duration="__dur", tz=tz)
    df = with_text_columns(df, cols.get, default_person=config.person).with_columns(
        date=pl.col("__sd"), duration=pl.col("__dur")
    )
    return with_errors(df, [*_field_checks(cols), *time_checks(tz)])


def _streamed(
    text: Text, names: list[str], sep: str, cols: dict[str, str], config: Config
) -> pl.DataFrame | None:
    """What `parse_blocks` gives with `_parse`, from one streaming query; None when the
    file must be read block by block (see `cmtime.readers._stream`).

    The query computes, row by row, everything `_parse` does for a row in Toggl's own
    layout. Then, on the whole frame: the careful instants near clock changes, tags and
    billable, as `_parse` does (ids and origins are `finish`'s, as for the blocks). Rows the fast parse missed, rows failing a check (their
    message quotes the raw text) and rows with a blank first field (perhaps a blank
    record, which is dropped) or person are read again and go through `_parse` itself.
    """
    tz, c = config.timezone, cols.get
    # the person is the first person column's text; a row where it is blank (the e-mail
    # or the default person may then be the person) goes through `_parse`
    people = {"__p0": clean(next(c(k) for k in ("user", "email") if c(k)))} if c("user") or c("email") else {}
    billable = [pl.col(name)] if (name := c("billable")) else []
    first = pl.col(names[0])
    # the checks on parsed fields run in the query; those on the instants, after them
    settled = [check.fill_null(False) for check, _ in _field_checks(cols)]
    query = (
        _stream.scan(text, names, sep)
        .with_columns(**_fast(cols))
        .with_columns(
            __missed=_missed(cols),
            __client=clean(c("client")),
            __tags=clean(c("tags")),
            **people,
            **_naive(),
        )
        .with_columns(
            __odd=pl.any_horizontal(
                pl.col("__missed"), first.is_null(), first.str.strip_chars() == "", *settled,
                *[pl.col(name) == "" for name in people],
            ),
            **local_instants(pl.col("__sn"), pl.col("__en"), tz),
            **text_columns(c, list(people), default_person=config.person),
            date=pl.col("__sd"),
        )
        .select(
            LINE, "__odd", "__sn", "__en", "start", "end", "date", pl.col("__dur").alias("duration"),
            "person", "client", "project", "task", "description", "__tags", *billable,
        )
    )
    df = _stream.collect_checked(text, query)
    if df is None or df.height == 0:
        return None
    df = refine_local_instants(df, start="__sn", end="__en", duration="duration", tz=tz)
    df = with_billable(with_tags(df), c)
    odd = pl.col("__odd") | pl.any_horizontal([check.fill_null(False) for check, _ in time_checks(tz)])
    df = df.with_columns(odd.alias("__odd"), pl.lit(None, pl.String).alias(ERROR))
    lines = df.filter(pl.col("__odd")).get_column(LINE)
    if lines.is_empty():
        return slim(df)
    # The odd rows, read again, through `_parse`; written over their fast values in place
    # (no copy of the other rows). A blank record is dropped, as `parse_blocks` does.
    again = _stream.raw_rows(text, names, sep, lines)
    if again is None:
        return None
    fixed = slim(_parse(drop_blank(again, names), cols, config))
    at = pl.col(LINE).is_in(fixed.get_column(LINE).implode())
    df = refine(slim(df), {name: pl.lit(fixed.get_column(name)) for name in fixed.columns}, where=at)
    if fixed.height < lines.len():
        df = df.filter(~pl.col(LINE).is_in(lines.implode()) | at)
    return df


def read_path(path: Path, *, config: Config) -> Reading:
    """Convenience: read a Toggl CSV file by path."""
    from cmtime.readers._text import read_text

    return read(read_text(path), config=config)
