"""Toggl Track API v9 time entries JSON (``GET /me/time_entries``, with or without ``meta``).

A JSON array of objects with ``id``, ``start``, ``stop`` (ISO 8601 with offset),
``duration`` (seconds), ``description``, ``project_id``/``project_name``,
``client_name``, ``task_name``, ``tags`` (names), ``billable`` and ``user_id``/``user_name``.

- ``duration`` is authoritative; ``end`` = ``stop`` (or ``start + duration`` when absent).
- A running entry (``stop`` null and a negative ``duration``) is counted as open.
- ``id`` is the ``entry_id``; ``source`` is ``toggl`` (the format name is ``toggl_json``
  because ``toggl`` is the CSV reader).
- ``person``: ``user_name`` (or ``username``) when present; else the configured person, or
  ``user <user_id>`` when the file holds several user ids.
- ``project``: ``project_name``, else ``project <project_id>`` (the API without ``meta``
  only gives ids); ``client``: ``client_name``, else null.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import ERROR, OPEN, finish
from cmtime.readers._json import first_element, json_array
from cmtime.readers._parse import clean, first_error, split_tags
from cmtime.readers._text import LINE, Text
from cmtime.readers.reader import label_key
from cmtime.schema import UTC_DT, Reading

NAME = "toggl_json"
LABEL = label_key(NAME)
SOURCE = "toggl"

_SEP = "\x1f"
_TOGGL_KEYS = {"workspace_id", "wid", "project_id", "pid", "user_id", "uid", "tag_ids", "at"}
_ISO = r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})\s*$"
_STRINGS = ("id", "start", "stop", "description", "project", "client", "task", "person", "user_id")


def sniff(text: Text) -> bool:
    """True when the first element is an object with ``start``, ``duration`` and Toggl ids."""
    first = first_element(text)
    return (
        isinstance(first, dict)
        and {"start", "duration"} <= set(first)
        and bool(_TOGGL_KEYS & set(first))
    )


#: A duration beyond this many seconds (about 3 000 years) is unreadable, not a number to cast.
_MAX_SECONDS = 10**11


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _columns(items: list[tuple[int, Any]]) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {
        k: [] for k in (*_STRINGS, "line", "tags", "billable", "duration", "error")
    }
    for line, item in items:
        rec: dict[str, Any] = item if isinstance(item, dict) else {}
        tags = rec.get("tags") or []
        if not isinstance(tags, list):
            tags = [tags]
        project = _text(rec.get("project_name") or rec.get("project"))
        pid = rec.get("project_id", rec.get("pid"))
        if not project and pid is not None:
            project = f"project {pid}"
        duration = rec.get("duration", rec.get("dur"))
        billable = rec.get("billable")
        cols["line"].append(line)
        cols["id"].append(_text(rec.get("id")))
        cols["start"].append(_text(rec.get("start")))
        cols["stop"].append(_text(rec.get("stop", rec.get("end"))))
        cols["description"].append(_text(rec.get("description")))
        cols["project"].append(project)
        cols["client"].append(_text(rec.get("client_name")))
        cols["task"].append(_text(rec.get("task_name")))
        cols["person"].append(_text(rec.get("user_name") or rec.get("username")))
        cols["user_id"].append(_text(rec.get("user_id", rec.get("uid"))))
        cols["tags"].append(_SEP.join(_text(t) for t in tags))
        cols["billable"].append(billable if isinstance(billable, bool) else None)
        seconds = (
            float(duration)
            if isinstance(duration, int | float)
            and not isinstance(duration, bool)
            and math.isfinite(duration)
            and abs(duration) <= _MAX_SECONDS
            else None
        )
        cols["duration"].append(seconds)
        cols["error"].append(
            None
            if isinstance(item, dict) and "start" in rec
            else "not a Toggl time entry (no 'start')"
        )
    return cols


def _iso(expr: pl.Expr) -> pl.Expr:
    text = expr.str.strip_chars()
    parsed = text.str.to_datetime(time_unit="us", time_zone="UTC", strict=False)
    return pl.when(text.str.contains(_ISO)).then(parsed).cast(UTC_DT)


def read(text: Text, *, config: Config) -> Reading:
    """Read a Toggl API v9 time entries JSON array into canonical entries."""
    cols = _columns(json_array(text))
    df = pl.DataFrame(
        {
            LINE: cols["line"],
            **{f"__{k}": cols[k] for k in _STRINGS},
            "__tags": cols["tags"],
            "billable": cols["billable"],
            "__seconds": cols["duration"],
            "__parse_error": cols["error"],
        },
        schema={
            LINE: pl.Int64(),
            **{f"__{k}": pl.String() for k in _STRINGS},
            "__tags": pl.String(),
            "billable": pl.Boolean(),
            "__seconds": pl.Float64(),
            "__parse_error": pl.String(),
        },
    )
    several_users = (
        df.get_column("__user_id").filter(df.get_column("__user_id") != "").n_unique() > 1
    )
    fallback_person = (
        pl.concat_str([pl.lit("user "), clean("__user_id")])
        if several_users
        else pl.lit(config.person)
    )
    duration = (pl.col("__seconds") * 1_000_000).round().cast(pl.Int64, strict=False).cast(pl.Duration("us"))
    stop = _iso(pl.col("__stop"))
    df = df.with_columns(start=_iso(pl.col("__start")), duration=duration).with_columns(
        end=pl.coalesce(stop, pl.col("start") + pl.col("duration")),
        person=pl.when(clean("__person") != "").then(clean("__person")).otherwise(fallback_person),
        client=pl.when(clean("__client") != "").then(clean("__client")),
        project=clean("__project"),
        task=clean("__task"),
        description=clean("__description"),
        tags=split_tags(pl.col("__tags"), _SEP),
        date=pl.col("start").dt.convert_time_zone(config.timezone).dt.date(),
    )
    running = (clean("__stop") == "") & (pl.col("__seconds") < 0)
    df = df.with_columns(
        first_error(
            [
                (pl.col("__parse_error").is_not_null(), pl.col("__parse_error")),
                (clean("__id") == "", "time entry without an id"),
                (pl.col("start").is_null(), pl.format("unreadable start '{}'", pl.col("__start"))),
                (running, "running timer"),  # counted as open below, never rejected
                (pl.col("duration").is_null(), "no duration in seconds"),
                (pl.col("duration") < pl.duration(), "negative duration"),
                (
                    (clean("__stop") != "") & stop.is_null(),
                    pl.format("unreadable stop '{}'", pl.col("__stop")),
                ),
                (pl.col("end") < pl.col("start"), "stops before it starts"),
            ]
        ).alias(ERROR)
    ).with_columns((pl.col(ERROR) == "running timer").fill_null(False).alias(OPEN))
    return finish(text.path, NAME, df, source=SOURCE, id_expr=clean("__id"), notes=text.notes)
