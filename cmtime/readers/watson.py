"""Watson: the ``frames`` file, ``watson log --json`` and ``watson log --csv``.

- ``frames`` (Watson's own database): a JSON array of
  ``[start_epoch, stop_epoch, project, id, [tags], updated_at_epoch]``; epochs are UTC
  seconds; the file is not sorted and has no final newline.
- ``watson log --json``: an array of ``{"id", "start", "stop", "project", "tags"}`` with ISO
  times carrying their offset (an optional ``note`` becomes the description).
- ``watson log --csv``: header ``id,start,stop,project,tags``; times are local wall
  times without offset (read in the configured zone), tags joined by ``", "``, and Watson
  cuts the id to 7 characters.

The Watson frame id is the ``entry_id``. ``project`` is Watson's project, kept as typed;
``client`` is null (Watson has none); ``person`` is the configured person. Origins give
the physical line where the frame starts.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import ERROR, finish
from cmtime.readers._json import first_element, json_array
from cmtime.readers._parse import clean, first_error, resolve_local, split_tags
from cmtime.readers._text import LINE, InputError, Text, header_fields, read_table, read_text
from cmtime.readers.reader import label_key
from cmtime.schema import UTC_DT, Reading

NAME = "watson"
LABEL = label_key(NAME)

_CSV_HEADER = ["id", "start", "stop", "project", "tags"]
_SEP = "\x1f"
_ISO = r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})\s*$"


def _is_frame(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 6
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in item[:2])
    )


def sniff(text: Text) -> bool:
    """True for a Watson ``frames`` file, ``log --json`` or ``log --csv`` export."""
    first = first_element(text)
    if first is not None:
        if _is_frame(first):
            return True
        return (
            isinstance(first, dict)
            and {"id", "start", "stop", "project"} <= set(first)
            and "duration" not in first
        )
    return [f.casefold() for f in header_fields(text.head)] == _CSV_HEADER


def _empty_frame() -> dict[str, list[Any]]:
    return {k: [] for k in ("line", "id", "start", "stop", "project", "tags", "note", "error")}


#: Seconds from 1970 to the end of year 9999: an epoch beyond it (1e20, NaN, inf) is unreadable.
_MAX_EPOCH = 253_402_300_799


def _epoch(value: Any) -> float | None:
    """An epoch in seconds, or None (the frame is rejected) when not a finite date."""
    number = float(value)
    return number if math.isfinite(number) and abs(number) <= _MAX_EPOCH else None


def _frames_columns(items: list[tuple[int, Any]]) -> dict[str, list[Any]]:
    cols = _empty_frame()
    for line, item in items:
        good = _is_frame(item)
        tags = item[4] if good and isinstance(item[4], list) else []
        cols["line"].append(line)
        cols["id"].append(str(item[3]) if good and item[3] is not None else "")
        cols["start"].append(_epoch(item[0]) if good else None)
        cols["stop"].append(_epoch(item[1]) if good else None)
        cols["project"].append(str(item[2] or "") if good else "")
        cols["tags"].append(_SEP.join(str(t) for t in tags))
        cols["note"].append("")
        cols["error"].append(
            None if good else "not a Watson frame [start, stop, project, id, tags, updated_at]"
        )
    return cols


def _log_columns(items: list[tuple[int, Any]]) -> dict[str, list[Any]]:
    cols = _empty_frame()
    for line, item in items:
        good = isinstance(item, dict) and "start" in item and "stop" in item
        rec: dict[str, Any] = item if isinstance(item, dict) else {}
        tags = rec.get("tags") or []
        if not isinstance(tags, list):
            tags = [tags]
        cols["line"].append(line)
        cols["id"].append(str(rec.get("id") or ""))
        cols["start"].append(str(rec["start"]) if good and rec["start"] is not None else None)
        cols["stop"].append(str(rec["stop"]) if good and rec["stop"] is not None else None)
        cols["project"].append(str(rec.get("project") or ""))
        cols["tags"].append(_SEP.join(str(t) for t in tags))
        cols["note"].append(str(rec.get("note") or ""))
        cols["error"].append(None if good else "not a Watson frame object (no 'start'/'stop')")
    return cols


def _iso(col: str) -> pl.Expr:
    """ISO 8601 with an offset as a UTC instant; null when malformed or without offset."""
    text = pl.col(col).str.strip_chars()
    ok = text.str.contains(_ISO)
    parsed = text.str.to_datetime(time_unit="us", time_zone="UTC", strict=False)
    return pl.when(ok).then(parsed).cast(UTC_DT)


def _shown(col: str) -> pl.Expr:
    """A raw value for a message; never null (a null would make the message null, and
    the row pass as good)."""
    return pl.col(col).cast(pl.String).fill_null("out of range")


def _finish(df: pl.DataFrame, text: Text, config: Config, broken: list[tuple[int, str]]) -> Reading:
    """Shared mapping and checks once ``start``/``end`` (UTC) are columns."""
    df = df.with_columns(
        person=pl.lit(config.person),
        client=pl.lit(None, pl.String),
        project=clean("__project"),
        task=pl.lit(""),
        description=clean("__note"),
        tags=split_tags(pl.col("__tags"), _SEP),
        date=pl.col("start").dt.convert_time_zone(config.timezone).dt.date(),
        duration=(pl.col("end") - pl.col("start")).cast(pl.Duration("us")),
        billable=pl.lit(None, pl.Boolean),
    ).with_columns(
        first_error(
            [
                (pl.col("__error").is_not_null(), pl.col("__error")),
                (pl.col("__id") == "", "frame without an id"),
                (
                    pl.col("start").is_null(),
                    pl.format("unreadable start '{}'", _shown("__start_raw")),
                ),
                (pl.col("end").is_null(), pl.format("unreadable stop '{}'", _shown("__stop_raw"))),
                (pl.col("end") < pl.col("start"), "stops before it starts"),
            ]
        ).alias(ERROR)
    )
    return finish(text.path, NAME, df, source=NAME, id_expr=pl.col("__id"), broken=broken, notes=text.notes)


def _json_frame(cols: dict[str, list[Any]], epochs: bool) -> pl.DataFrame:
    time_type: pl.DataType = pl.Float64() if epochs else pl.String()
    df = pl.DataFrame(
        {
            LINE: cols["line"],
            "__id": cols["id"],
            "__start_raw": cols["start"],
            "__stop_raw": cols["stop"],
            "__project": cols["project"],
            "__tags": cols["tags"],
            "__note": cols["note"],
            "__error": cols["error"],
        },
        schema={
            LINE: pl.Int64(),
            "__id": pl.String(),
            "__start_raw": time_type,
            "__stop_raw": time_type,
            "__project": pl.String(),
            "__tags": pl.String(),
            "__note": pl.String(),
            "__error": pl.String(),
        },
    )
    if epochs:

        def to_utc(col: str) -> pl.Expr:
            us = (pl.col(col) * 1_000_000).round().cast(pl.Int64, strict=False)
            return pl.from_epoch(us, time_unit="us").dt.replace_time_zone("UTC").cast(UTC_DT)

        return df.with_columns(start=to_utc("__start_raw"), end=to_utc("__stop_raw"))
    return df.with_columns(start=_iso("__start_raw"), end=_iso("__stop_raw"))


def read(text: Text, *, config: Config) -> Reading:
    """Read a Watson ``frames`` file, ``log --json`` or ``log --csv`` export."""
    body = text.text.lstrip("\ufeff \t\r\n")
    if body.startswith("["):
        items = json_array(text)
        frames = sum(1 for _, item in items if _is_frame(item))
        if frames * 2 >= len(items):
            df = _json_frame(_frames_columns(items), epochs=True)
        else:
            df = _json_frame(_log_columns(items), epochs=False)
        return _finish(df, text, config, [])
    table = read_table(text)
    f = table.frame
    names = {c.removeprefix("raw:").strip().casefold(): c for c in f.columns}

    def col(key: str) -> pl.Expr:
        return clean(names.get(key))

    naive_fmt = "%Y-%m-%d %H:%M:%S"
    sn = col("start").str.strptime(pl.Datetime("us"), naive_fmt, strict=False)
    en = col("stop").str.strptime(pl.Datetime("us"), naive_fmt, strict=False)
    start, end = resolve_local(sn, en, en - sn, config.timezone)
    df = f.with_columns(
        __id=col("id"),
        __start_raw=col("start"),
        __stop_raw=col("stop"),
        __project=col("project"),
        __tags=col("tags").str.replace_all(r"\s*,\s*", _SEP),
        __note=pl.lit(""),
        __error=pl.lit(None, pl.String),
    ).with_columns(
        start=pl.when(col("start").str.contains(_ISO)).then(_iso("__start_raw")).otherwise(start),
        end=pl.when(col("stop").str.contains(_ISO)).then(_iso("__stop_raw")).otherwise(end),
    )
    return _finish(df, text, config, table.broken)


def sniff_dir(path: Path) -> bool:
    """True for a Watson config folder: it holds a ``frames`` file in Watson's format."""
    frames = path / "frames"
    if not frames.is_file():
        return False
    try:
        return sniff(read_text(frames))
    except InputError:
        return False


def read_dir(path: Path, *, config: Config) -> Reading:
    """Read a Watson folder as one source: its ``frames``, plus a running frame in ``state``.

    Watson keeps the running frame in ``state`` (a JSON object with ``start``); it is
    counted as open (``rows`` includes it), never as an entry.
    """
    reading = read(read_text(path / "frames"), config=config)
    running = 0
    state = path / "state"
    if state.is_file():
        try:
            data = json.loads(state.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            data = {}
        running = int(isinstance(data, dict) and data.get("start") is not None)
    return replace(
        reading, path=str(path), rows=reading.rows + running, open=reading.open + running
    )
