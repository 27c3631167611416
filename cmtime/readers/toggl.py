"""Toggl Track detailed report CSV (legacy layout with ``Amount (...)`` and the 2023 layout).

Columns are matched by name, case-insensitively; ``Stop date``/``Stop time`` and
``Member`` are accepted as synonyms. The Duration column is authoritative: it is the
entry's length, and it decides which instant a wall time means on a DST fall-back night.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import ERROR, finish
from cmtime.readers._parse import (
    clean,
    first_error,
    parse_clock,
    parse_date,
    parse_hms_duration,
    quoted,
    text_columns,
    with_local_instants,
)
from cmtime.readers._text import InputError, Text, column_lookup, header_fields, read_table
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
    fields = header_fields(text.text)
    cols = column_lookup(fields, SYNONYMS)
    norm = {" ".join(f.casefold().split()) for f in fields}
    return all(k in cols for k in REQUIRED) and ("user" in cols or "email" in cols) and (
        "duration (h)" not in norm  # Clockify says "Duration (h)"
    )


def read(text: Text, *, config: Config) -> Reading:
    """Read a Toggl detailed CSV export into canonical entries."""
    table = read_table(text)
    cols = column_lookup(table.frame.columns, SYNONYMS)
    missing = [k for k in REQUIRED if k not in cols]
    if missing:
        names = ", ".join(repr(_LABEL[k]) for k in missing)
        msg = f"{text.path}: not a Toggl detailed export, missing column {names}"
        raise InputError(msg)
    tz = config.timezone
    c = cols.get
    start_date = parse_date(clean(c("start_date")))
    start_clock = parse_clock(clean(c("start_time")))
    end_text_present = (clean(c("end_date")) != "") | (clean(c("end_time")) != "")
    end_date = parse_date(clean(c("end_date")))
    end_clock = parse_clock(clean(c("end_time")))
    duration = parse_hms_duration(clean(c("duration")))

    # Each piece is parsed once into a column; the checks below read the columns.
    df = table.frame.with_columns(
        __sd=start_date,
        __sc=start_clock,
        __ed=end_date,
        __ec=end_clock,
        __dur=duration,
        __end_given=end_text_present,
    ).with_columns(
        __sn=pl.col("__sd").cast(pl.Datetime("us")) + pl.col("__sc"),
        __en=pl.when(pl.col("__end_given"))
        .then(pl.col("__ed").cast(pl.Datetime("us")) + pl.col("__ec"))
        .otherwise(pl.col("__sd").cast(pl.Datetime("us")) + pl.col("__sc") + pl.col("__dur")),
    )
    df = with_local_instants(df, start="__sn", end="__en", duration="__dur", tz=tz)
    df = df.with_columns(
        **text_columns(c, default_person=config.person),
        date=pl.col("__sd"),
        duration=pl.col("__dur"),
    )
    sd, st, dur = cols["start_date"], cols["start_time"], cols["duration"]
    df = df.with_columns(
        first_error(
            [
                (pl.col("__sd").is_null(), pl.format("unreadable start date {}", quoted(sd))),
                (pl.col("__sc").is_null(), pl.format("unreadable start time {}", quoted(st))),
                (pl.col("__dur").is_null(), pl.format("unreadable duration {}", quoted(dur))),
                (pl.col("__dur") < pl.duration(), pl.format("negative duration {}", quoted(dur))),
                (pl.col("__en").is_null(), "unreadable end date or time"),
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


def read_path(path: Path, *, config: Config) -> Reading:
    """Convenience: read a Toggl CSV file by path."""
    from cmtime.readers._text import read_text

    return read(read_text(path), config=config)
