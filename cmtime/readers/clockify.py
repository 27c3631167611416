"""Clockify detailed report CSV, every layout seen in the wild.

Columns are matched by name, case-insensitively: ``Task`` or ``Activity``; optional
``Client``, ``Group``, ``Type``, ``Invoiced``, ``Invoice ID``, ``Date of creation``,
rate and amount columns in any currency (``Billable Rate (EUR)``) and custom fields,
which are ignored. French headers (``Date de début``, ``Durée (h)``…) are accepted.

Dates are written in the user's Clockify format (``MM/DD/YYYY``, ``DD/MM/YYYY``,
``DD.MM.YYYY``, ``YYYY-MM-DD``…); the order is inferred from the whole file, see
`cmtime.readers._infer`. Times may be 24 h or 12 h (``10:23 AM``, ``10:23:52 PM``), mixed.

``Duration (h)`` (``HH:MM:SS``) is authoritative; ``Duration (decimal)`` is used only
when the file has no ``Duration (h)`` column (the decimal can contradict it: a real
fixture says ``01:00:01`` and ``0.00`` on one row), and End - Start only when neither
exists. A row with no end and no duration is a running timer: counted as open.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import OPEN, finish, time_checks, with_errors
from cmtime.readers._infer import (
    DateOrder,
    configured_date_order,
    hours_to_duration,
    infer_date_order,
    parse_clock_any,
    parse_date_ordered,
    parse_decimal,
    uses_12_hour_clock,
)
from cmtime.readers._parse import (
    clean,
    fast_hms,
    parse_distinct,
    parse_hms_duration,
    quoted,
    refine,
    with_local_instants,
    with_text_columns,
)
from cmtime.readers._text import InputError, Text, column_lookup, header_fields, read_table
from cmtime.readers.reader import label_key
from cmtime.schema import Reading

NAME = "clockify"
LABEL = label_key(NAME)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "user": ("user", "utilisateur"),
    "email": ("email", "e-mail"),
    "client": ("client",),
    "project": ("project", "projet"),
    "task": ("task", "activity", "tâche", "tache", "activité"),
    "description": ("description",),
    "billable": ("billable", "facturable"),
    "tags": ("tags", "étiquettes", "etiquettes"),
    "start_date": ("start date", "date de début", "date de debut"),
    "start_time": ("start time", "heure de début", "heure de debut"),
    "end_date": ("end date", "date de fin"),
    "end_time": ("end time", "heure de fin"),
    "duration": ("duration (h)", "durée (h)", "duree (h)"),
    "decimal": ("duration (decimal)", "durée (décimal)", "duree (decimal)", "durée (decimal)"),
    "created": ("date of creation", "date de création", "date de creation"),
}
_LABEL = {"start_date": "Start Date", "start_time": "Start Time", "duration": "Duration (h)"}


def sniff(text: Text) -> bool:
    """True when a CSV header is a Clockify detailed report.

    It needs Start Date, Start Time and ``Duration (h)`` or ``Duration (decimal)``, plus
    User, Email or Project. Toggl says plain ``Duration`` and its sniffer refuses
    ``Duration (h)``; Harvest has no Start Time; Kimai says ``From``.
    """
    cols = column_lookup(header_fields(text.head), SYNONYMS)
    has_duration = "duration" in cols or "decimal" in cols
    who = "user" in cols or "email" in cols or "project" in cols
    return "start_date" in cols and "start_time" in cols and has_duration and who


def read(text: Text, *, config: Config, date_order: DateOrder | None = None) -> Reading:
    """Read a Clockify detailed CSV export into canonical entries.

    Parameters
    ----------
    text
        The decoded file.
    config
        Settings: time zone, the fallback person, and ``date_order`` if the config has it.
    date_order
        Force the order of ambiguous dates (``"dmy"`` or ``"mdy"``); by default it is
        inferred from the file (see `cmtime.readers._infer`).
    """
    table = read_table(text)
    cols = column_lookup(table.frame.columns, SYNONYMS)
    missing = [k for k in ("start_date", "start_time") if k not in cols]
    if "duration" not in cols and "decimal" not in cols and "end_time" not in cols:
        missing.append("duration")
    if missing:
        names = ", ".join(repr(_LABEL[k]) for k in missing)
        msg = f"{text.path}: not a Clockify detailed report, missing column {names}"
        raise InputError(msg)
    c = cols.get
    tz = config.timezone
    frame = table.frame
    twelve = uses_12_hour_clock(frame, [c("start_time"), c("end_time")])
    order, note = infer_date_order(
        frame,
        [c("start_date"), c("end_date"), c("created")],
        path=text.path,
        configured=configured_date_order(config, date_order),
        twelve_hour=twelve,
    )
    # Dates and decimal hours repeat: parsed once per distinct text; clock times and
    # durations in HH:MM:SS take the fast parse, the others the careful one.
    trimmed = {k: clean(c(k)) for k in ("start_date", "start_time", "end_date", "end_time", "duration", "decimal")}
    frame = parse_distinct(
        frame,
        {
            "__sd_p": (trimmed["start_date"], lambda t: parse_date_ordered(t, order)),
            "__ed_p": (trimmed["end_date"], lambda t: parse_date_ordered(t, order)),
            "__dec_p": (trimmed["decimal"], parse_decimal),
        },
    ).with_columns(
        __sc_p=fast_hms(trimmed["start_time"]),
        __ec_p=fast_hms(trimmed["end_time"]),
        __dur_p=fast_hms(trimmed["duration"]),
    )
    careful = {
        "__sc_p": (parse_clock_any, "start_time"),
        "__ec_p": (parse_clock_any, "end_time"),
        "__dur_p": (parse_hms_duration, "duration"),
    }
    for name, (parse, key) in careful.items():
        given = trimmed[key]
        frame = refine(frame, {name: parse(given)}, where=pl.col(name).is_null() & (given != ""))
    start_date = pl.col("__sd_p")
    start_clock = pl.col("__sc_p")
    end_given = (trimmed["end_date"] != "") | (trimmed["end_time"] != "")
    end_date = pl.when(trimmed["end_date"] != "").then(pl.col("__ed_p"))
    end_clock = pl.col("__ec_p")
    if c("duration"):
        dur_text = trimmed["duration"]
        duration = pl.col("__dur_p")
    elif c("decimal"):
        dur_text = trimmed["decimal"]
        duration = hours_to_duration(pl.col("__dec_p"))
    else:
        dur_text = pl.lit("", pl.String)
        duration = pl.lit(None, pl.Duration("us"))

    df = frame.with_columns(
        __date=start_date,
        __sn=start_date.cast(pl.Datetime("us")) + start_clock,
        __dur_given=dur_text != "",
        __dur=duration,
        __end_given=end_given,
    ).with_columns(
        # An end time without an end date is on the start day, or the next one when earlier.
        __en=pl.when(pl.col("__end_given"))
        .then(
            pl.coalesce(end_date, pl.col("__date")).cast(pl.Datetime("us"))
            + end_clock
            + pl.when(end_date.is_null() & (end_clock < start_clock))
            .then(pl.duration(days=1))
            .otherwise(pl.duration(days=0))
        )
        .otherwise(pl.col("__sn") + pl.col("__dur")),
    ).with_columns(
        __dur=pl.when(pl.col("__dur_given")).then(pl.col("__dur")).otherwise(pl.col("__en") - pl.col("__sn")),
        **{OPEN: ~pl.col("__end_given") & ~pl.col("__dur_given")},
    )
    df = with_local_instants(df, start="__sn", end="__en", duration="__dur", tz=tz)
    if not c("duration") and not c("decimal"):
        # No duration column at all: the span between the resolved instants is the length.
        df = df.with_columns(__dur=pl.col("end") - pl.col("start"))
    df = with_text_columns(df, c, default_person=config.person).with_columns(
        date=pl.col("__date"), duration=pl.col("__dur")
    )
    sd, st = c("start_date"), c("start_time")
    assert sd
    assert st
    dur_col = c("duration") or c("decimal")
    dur_msg = pl.format("unreadable duration {}", quoted(dur_col)) if dur_col else "unreadable duration"
    df = with_errors(
        df,
        [
            (pl.col("__date").is_null(), pl.format("unreadable start date {}", quoted(sd))),
            (start_clock.is_null(), pl.format("unreadable start time {}", quoted(st))),
            (pl.col("__dur_given") & duration.is_null(), dur_msg),
            (pl.col("__dur") < pl.duration(), "negative duration"),
            *(
                [((trimmed["end_date"] != "") & pl.col("__ed_p").is_null(), pl.format("unreadable end date {}", quoted(ed)))]
                if (ed := c("end_date"))
                else []
            ),
            (pl.col("__en").is_null(), "unreadable end date or time"),
            *time_checks(tz),
        ],
    )
    notes = [note] if note else []
    return finish(text.path, NAME, df, source=NAME, broken=table.broken, notes=notes)


def read_path(path: Path, *, config: Config, date_order: DateOrder | None = None) -> Reading:
    """Convenience: read a Clockify CSV file by path."""
    from cmtime.readers._text import read_text

    return read(read_text(path), config=config, date_order=date_order)
