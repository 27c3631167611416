"""Toggl Track detailed report CSV (legacy layout with ``Amount (...)`` and the 2023 layout).

Columns are matched by name, case-insensitively; ``Stop date``/``Stop time`` and
``Member`` are accepted as synonyms. The Duration column is authoritative: it is the
entry's length, and it decides which instant a wall time means on a DST fall-back night.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import finish, parse_lazy, time_checks, with_errors
from cmtime.readers._parse import (
    clean,
    fast_hms,
    local_instants,
    parse_clock,
    parse_date,
    parse_hms_duration,
    quoted,
    refine,
    settle_local_instants,
    settle_text,
    text_columns,
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
    """Read a Toggl detailed CSV export into canonical entries."""
    _, names = csv_layout(text)
    cols = column_lookup(names, SYNONYMS)
    missing = [k for k in REQUIRED if k not in cols]
    if missing:
        shown = ", ".join(repr(_LABEL[k]) for k in missing)
        msg = f"{text.path}: not a Toggl detailed export, missing column {shown}"
        raise InputError(msg)
    c = cols.get
    keep = [n for k in (*_CLOCK_FIELDS, "billable") if (n := c(k))]
    df, broken = parse_lazy(
        text,
        lambda lf: _fast(lf, cols, config),
        lambda df: _settle(df, cols, config),
        keep=keep,
    )
    return finish(text.path, NAME, df, source=NAME, broken=broken)


_CLOCK_FIELDS = ("start_date", "start_time", "end_date", "end_time", "duration")
_PARSED = {"__sd": "start_date", "__sc": "start_time", "__ed": "end_date", "__ec": "end_time", "__dur": "duration"}


def _raw(cols: dict[str, str], key: str) -> pl.Expr:
    name = cols.get(key)
    return pl.col(name) if name else pl.lit(None, pl.String)


def _naive(date: str, clock: str) -> pl.Expr:
    return pl.col(date).cast(pl.Datetime("us")) + pl.col(clock)


def _stamps() -> dict[str, pl.Expr]:
    """Local wall times from the parsed fields; without an end, start + duration."""
    return {
        "__sn": _naive("__sd", "__sc"),
        "__en": pl.when(pl.col("__end_given"))
        .then(_naive("__ed", "__ec"))
        .otherwise(_naive("__sd", "__sc") + pl.col("__dur")),
    }


def _fast(lf: pl.LazyFrame, cols: dict[str, str], config: Config) -> pl.LazyFrame:
    """What every row needs, in the scan's own query: the fast parse of Toggl's layout
    (ISO date, HH:MM:SS, nothing to trim), UTC instants, the text columns."""
    raw = {k: _raw(cols, k) for k in _CLOCK_FIELDS}
    return (
        lf.with_columns(
            *text_columns(cols.get, default_person=config.person),
            __sd=raw["start_date"].str.strptime(pl.Date, "%Y-%m-%d", strict=False),
            __sc=fast_hms(raw["start_time"]),
            __ed=raw["end_date"].str.strptime(pl.Date, "%Y-%m-%d", strict=False),
            __ec=fast_hms(raw["end_time"]),
            __dur=fast_hms(raw["duration"]),
            __end_given=(raw["end_date"].fill_null("") != "") | (raw["end_time"].fill_null("") != ""),
        )
        .with_columns(**_stamps())
        .with_columns(local_instants("__sn", "__en", config.timezone))
    )


def _settle(df: pl.DataFrame, cols: dict[str, str], config: Config) -> pl.DataFrame:
    """The rest, on the collected rows: the careful parsers on the rows the fast parse
    missed (they take every layout Toggl writes: short clocks, durations over 24 h,
    dd/mm/yyyy, spaces), clock changes, the checks; adds `ERROR`."""
    tz = config.timezone
    c = cols.get
    raw = {k: _raw(cols, k) for k in _CLOCK_FIELDS}
    trimmed = {k: clean(c(k)) for k in _CLOCK_FIELDS}
    missed = df.select(
        pl.any_horizontal(
            [pl.col(name).is_null() & (raw[key].fill_null("") != "") for name, key in _PARSED.items()]
        )
    ).to_series()
    if missed.any():
        careful = {
            "__sd": parse_date(trimmed["start_date"]),
            "__sc": parse_clock(trimmed["start_time"]),
            "__ed": parse_date(trimmed["end_date"]),
            "__ec": parse_clock(trimmed["end_time"]),
            "__dur": parse_hms_duration(trimmed["duration"]),
            "__end_given": (trimmed["end_date"] != "") | (trimmed["end_time"] != ""),
        }
        df = refine(df, careful, where=pl.lit(missed))
        df = refine(df, _stamps(), where=pl.lit(missed))
        df = refine(df, dict(zip(("start", "end"), local_instants("__sn", "__en", tz), strict=True)), where=pl.lit(missed))
    df = settle_local_instants(df, start="__sn", end="__en", duration="__dur", tz=tz)
    df = settle_text(df, c).with_columns(date=pl.col("__sd"), duration=pl.col("__dur"))
    sd, st, dur = cols["start_date"], cols["start_time"], cols["duration"]
    return with_errors(
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


def read_path(path: Path, *, config: Config) -> Reading:
    """Convenience: read a Toggl CSV file by path."""
    from cmtime.readers._text import read_text

    return read(read_text(path), config=config)
