"""Toggl Track detailed report CSV (legacy layout with ``Amount (...)`` and the 2023 layout).

Columns are matched by name, case-insensitively; ``Stop date``/``Stop time`` and
``Member`` are accepted as synonyms. The Duration column is authoritative: it is the
entry's length, and it decides which instant a wall time means on a DST fall-back night.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import finish, parse_blocks, time_checks, with_errors
from cmtime.readers._parse import (
    clean,
    fast_duration,
    fast_hms,
    parse_clock,
    parse_date,
    parse_hms_duration,
    quoted,
    refine,
    with_local_instants,
    with_text_columns,
)
from cmtime.readers._text import InputError, Text, column_lookup, csv_layout, header_fields
from cmtime.schema import Reading

NAME = "toggl"

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
    """Read a Toggl detailed CSV export into canonical entries, a block at a time."""
    _, names = csv_layout(text)
    cols = column_lookup(names, SYNONYMS)
    missing = [k for k in REQUIRED if k not in cols]
    if missing:
        shown = ", ".join(repr(_LABEL[k]) for k in missing)
        msg = f"{text.path}: not a Toggl detailed export, missing column {shown}"
        raise InputError(msg)
    df, broken = parse_blocks(text, lambda frame: _parse(frame, cols, config))
    return finish(text.path, NAME, df, source=NAME, broken=broken)


def _parse(frame: pl.DataFrame, cols: dict[str, str], config: Config) -> pl.DataFrame:
    """One block of raw rows to canonical columns, `LINE` and `ERROR`."""
    tz = config.timezone
    c = cols.get
    keys = ("start_date", "start_time", "end_date", "end_time", "duration")
    raw = {k: pl.col(name) if (name := c(k)) else pl.lit(None, pl.String) for k in keys}
    trimmed = {k: clean(c(k)) for k in keys}
    # Every row goes through the fast parse of Toggl's own layout (ISO date, HH:MM:SS,
    # nothing to trim); the rows it misses go through the careful parsers, which take
    # every layout Toggl writes (short clocks, long durations, dd/mm/yyyy, spaces).
    df = frame.with_columns(
        __sd=raw["start_date"].str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        __sc=fast_hms(raw["start_time"]),
        __ed=raw["end_date"].str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        __ec=fast_hms(raw["end_time"]),
        __dur=fast_duration(raw["duration"]),
        __end_given=(raw["end_date"].fill_null("") != "") | (raw["end_time"].fill_null("") != ""),
    )
    parsed = {"__sd": "start_date", "__sc": "start_time", "__ed": "end_date", "__ec": "end_time", "__dur": "duration"}
    missed = pl.any_horizontal(
        [pl.col(name).is_null() & (raw[key].fill_null("") != "") for name, key in parsed.items()]
    )
    careful = {
        "__sd": parse_date(trimmed["start_date"]),
        "__sc": parse_clock(trimmed["start_time"]),
        "__ed": parse_date(trimmed["end_date"]),
        "__ec": parse_clock(trimmed["end_time"]),
        "__dur": parse_hms_duration(trimmed["duration"]),
        "__end_given": (trimmed["end_date"] != "") | (trimmed["end_time"] != ""),
    }
    df = refine(df, careful, where=missed)
    df = df.with_columns(
        __sn=pl.col("__sd").cast(pl.Datetime("us")) + pl.col("__sc"),
        __en=pl.when(pl.col("__end_given"))
        .then(pl.col("__ed").cast(pl.Datetime("us")) + pl.col("__ec"))
        .otherwise(pl.col("__sd").cast(pl.Datetime("us")) + pl.col("__sc") + pl.col("__dur")),
    )
    df = with_local_instants(df, start="__sn", end="__en", duration="__dur", tz=tz)
    df = with_text_columns(df, c, default_person=config.person).with_columns(
        date=pl.col("__sd"), duration=pl.col("__dur")
    )
    sd, st, dur = cols["start_date"], cols["start_time"], cols["duration"]
    df = with_errors(
        df,
        [
            (pl.col("__sd").is_null(), pl.format("unreadable start date {}", quoted(sd))),
            (pl.col("__sc").is_null(), pl.format("unreadable start time {}", quoted(st))),
            (pl.col("__dur").is_null(), pl.format("unreadable duration {}", quoted(dur))),
            (pl.col("__dur") < pl.duration(), pl.format("negative duration {}", quoted(dur))),
            (pl.col("__en").is_null(), "unreadable end date or time"),
            *time_checks(tz),
        ],
    )
    return df


def read_path(path: Path, *, config: Config) -> Reading:
    """Convenience: read a Toggl CSV file by path."""
    from cmtime.readers._text import read_text

    return read(read_text(path), config=config)
