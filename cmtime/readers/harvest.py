"""Harvest detailed time report CSV: a date and decimal hours, no clock times.

Every row is a duration-only entry: ``start`` and ``end`` are null, ``date`` is the
Date column and ``duration`` the Hours column. Hours may use a decimal point (``4.5``)
or a decimal comma with dots for thousands (``"20,0"``, ``"2.000,0"``); the column
decides, see `cmtime.readers._infer.parse_decimal`. The person is ``First Name`` +
``Last Name``; Client, Project, Task and Notes (the description) are read when present,
so the 5-column subset ``Employee?,First Name,Last Name,Date,Hours`` is accepted.

Dates are ISO ``YYYY-MM-DD`` or ``DD/MM/YYYY`` / ``MM/DD/YYYY``, the order inferred
from the whole file (see `cmtime.readers._infer`). Ids hash the row's content with the
hours and an occurrence number, so several rows of one person on one day stay apart.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import finish, with_errors
from cmtime.readers._infer import (
    DateOrder,
    configured_date_order,
    hours_to_duration,
    infer_date_order,
    parse_date_ordered,
    parse_decimal,
)
from cmtime.readers._parse import clean, parse_distinct, quoted, with_bool
from cmtime.readers._text import InputError, Text, column_lookup, header_fields, read_table
from cmtime.readers.reader import label_key
from cmtime.schema import Reading

NAME = "harvest"
LABEL = label_key(NAME)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("date",),
    "hours": ("hours", "heures"),
    "first": ("first name", "prénom", "prenom"),
    "last": ("last name", "nom"),
    "client": ("client",),
    "project": ("project", "projet"),
    "task": ("task", "tâche", "tache"),
    "notes": ("notes", "note"),
    "billable": ("billable?", "billable", "facturable?", "facturable"),
    "employee": ("employee?",),
    "invoiced": ("invoiced?",),
}
#: Columns of trackers that log clock times; a Harvest report has none.
_CLOCK_COLUMNS = {
    "start time", "end time", "start date", "from", "to", "de", "à", "start", "end",
    "started at", "ended at", "duration", "durée", "duration (h)",
}


def sniff(text: Text) -> bool:
    """True when a CSV header is a Harvest time report.

    It needs Date and Hours, plus a Harvest-only column (``First Name``/``Last Name``,
    ``Billable?``, ``Employee?``, ``Invoiced?``) or Project; and no clock-time or
    Duration column (Toggl, Clockify, Kimai and the native CSV all have one).
    """
    fields = header_fields(text.head)
    cols = column_lookup(fields, SYNONYMS)
    norm = {" ".join(f.casefold().split()) for f in fields}
    harvest_only = any(k in cols for k in ("first", "last", "billable", "employee", "invoiced", "project"))
    return "date" in cols and "hours" in cols and harvest_only and not (norm & _CLOCK_COLUMNS)


def read(text: Text, *, config: Config, date_order: DateOrder | None = None) -> Reading:
    """Read a Harvest time report CSV into duration-only canonical entries.

    Parameters
    ----------
    text
        The decoded file.
    config
        Settings: the fallback person, and ``date_order`` if the config has it.
    date_order
        Force the order of ambiguous dates (``"dmy"`` or ``"mdy"``).
    """
    table = read_table(text)
    cols = column_lookup(table.frame.columns, SYNONYMS)
    missing = [label for k, label in (("date", "'Date'"), ("hours", "'Hours'")) if k not in cols]
    if missing:
        msg = f"{text.path}: not a Harvest time report, missing column {', '.join(missing)}"
        raise InputError(msg)
    c = cols.get
    dcol, hcol = c("date"), c("hours")
    assert dcol
    assert hcol
    order, note = infer_date_order(
        table.frame, [dcol], path=text.path, configured=configured_date_order(config, date_order)
    )
    # Dates and hours repeat: parsed once per distinct text (exactly the same result).
    frame = parse_distinct(
        table.frame,
        {
            "__date_p": (clean(dcol), lambda t: parse_date_ordered(t, order)),
            "__hours": (pl.col(hcol), parse_decimal),
        },
    )
    name = pl.concat_str([clean(c("first")), clean(c("last"))], separator=" ").str.strip_chars()
    df = frame.with_columns(
        date=pl.col("__date_p"),
        start=pl.lit(None, pl.Datetime("us", "UTC")),
        end=pl.lit(None, pl.Datetime("us", "UTC")),
        person=pl.when(name != "").then(name).otherwise(pl.lit(config.person)),
        client=pl.when(clean(c("client")) != "").then(clean(c("client"))),
        project=clean(c("project")),
        task=clean(c("task")),
        description=clean(c("notes")),
        tags=pl.lit([], dtype=pl.List(pl.String)),
        billable=pl.lit(None, pl.Boolean),
    ).with_columns(duration=hours_to_duration(pl.col("__hours")))
    if c("billable"):
        df = with_bool(df, "billable", pl.col(c("billable") or ""))
    df = with_errors(
        df,
        [
            (pl.col("date").is_null(), pl.format("unreadable date {}", quoted(dcol))),
            (pl.col("__hours").is_null() | ~pl.col("__hours").is_finite() | pl.col("duration").is_null(),
             pl.format("unreadable hours {}", quoted(hcol))),
            (pl.col("__hours") < 0, pl.format("negative hours {}", quoted(hcol))),
        ],
    )
    notes = [note] if note else []
    return finish(text.path, NAME, df, source=NAME, broken=table.broken, notes=notes)


def read_path(path: Path, *, config: Config, date_order: DateOrder | None = None) -> Reading:
    """Convenience: read a Harvest CSV file by path."""
    from cmtime.readers._text import read_text

    return read(read_text(path), config=config, date_order=date_order)
