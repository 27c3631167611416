"""Timewarrior: a data folder (one source), one ``YYYY-MM.data`` file, or ``timew export`` JSON.

A data file holds one interval per line::

    inc 20230626T073000Z - 20230626T080500Z # "esm-tools" meeting proj:hpc # "stand up meeting"

Times are UTC (``Z``). After the first `` # `` come the tags, bare or in double quotes
(Timewarrior quotes tags holding a space or a hyphen; the quotes are removed); text after a
second `` # `` is the annotation, which is text, not tags. A line without an end
(``inc 20230626T073000Z # email``) is a running timer: counted as open, not an entry.

Mapping: tags → ``tags`` (lower-cased, all kept); ``description`` = the annotation, else the
first tag holding a space (``"Write up DT modeling"``), else empty; ``project`` from a
``proj:NAME`` or ``project:NAME`` tag, ``client`` from a ``client:NAME`` tag; ``person`` =
the configured person. ``date`` is the local day (configured time zone) of the start.
Ids hash the content, so a data file and a ``timew export`` of the same intervals share ids
(the export's ``id`` is a display number that changes, not an identity).

A folder is a Timewarrior database when it (or its ``data/`` subfolder) holds
``YYYY-MM.data`` files; ``tags.data``, ``undo.data``, ``backlog.data`` and
``timewarrior.cfg`` are not intervals and are not read as such. The cfg's
``define exclusions:`` block is readable with `read_exclusions`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from cmtime.config import WEEKDAYS, Config, read_exclusions
from cmtime.readers._build import ERROR, OPEN, finish
from cmtime.readers._json import first_element, json_array
from cmtime.readers._parse import first_error, split_tags
from cmtime.readers._text import LINE, InputError, Text, read_text
from cmtime.readers.reader import label_key
from cmtime.schema import REJECTION_SCHEMA, UTC_DT, Reading, empty_stored

NAME = "timewarrior"
LABEL = label_key(NAME)

_STAMP = re.compile(r"^\d{8}T\d{6}Z$")
_DATA_FILE = re.compile(r"^\d{4}-\d{2}\.data$")
_SEP = "\x1f"
CFG_NAME = "timewarrior.cfg"


# -- detection --------------------------------------------------------------------------


def sniff(text: Text) -> bool:
    """True for a Timewarrior data file (first line ``inc <UTC stamp>``) or ``timew export``."""
    for raw in text.text.lstrip("\ufeff").splitlines():
        line = raw.strip()
        if line:
            parts = line.split()
            if parts[0] == "inc":
                return len(parts) > 1 and bool(_STAMP.match(parts[1]))
            break
    first = first_element(text)
    return isinstance(first, dict) and bool(_STAMP.match(str(first.get("start", ""))))


def data_files(path: Path) -> list[Path]:
    """The ``YYYY-MM.data`` files of a database folder or of its ``data/`` subfolder."""
    if not path.is_dir():
        return []
    for folder in (path / "data", path):
        if folder.is_dir():
            found = sorted(p for p in folder.iterdir() if p.is_file() and _DATA_FILE.match(p.name))
            if found:
                return found
    return []


def sniff_dir(path: Path) -> bool:
    """True for a Timewarrior database folder or its ``data/`` folder."""
    return bool(data_files(path))


# -- parsing ------------------------------------------------------------------------------


@dataclass
class _Columns:
    """Raw fields of intervals, one list per column (the frame is built column-wise)."""

    line: list[int]
    start: list[str | None]
    end: list[str | None]
    tags: list[str]  # joined with `_SEP`
    annotation: list[str]
    error: list[str | None]

    @classmethod
    def empty(cls) -> _Columns:
        return cls([], [], [], [], [], [])

    def add(
        self,
        line: int,
        start: str | None,
        end: str | None,
        tags: Sequence[str] = (),
        annotation: str = "",
        error: str | None = None,
    ) -> None:
        self.line.append(line)
        self.start.append(start)
        self.end.append(end)
        self.tags.append(_SEP.join(tags))
        self.annotation.append(annotation)
        self.error.append(error)


def _unquote(token: str) -> str:
    token = token.strip()
    if len(token) >= 2 and token[0] == '"' and token[-1] == '"':
        return token[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return token


def _tokens(tail: str) -> tuple[list[str], str]:
    """Tags and annotation from the text after the first `` # ``."""
    tags: list[str] = []
    i, n = 0, len(tail)
    while i < n:
        if tail[i] == " ":
            i += 1
            continue
        if tail[i] == '"':
            j = i + 1
            while j < n and tail[j] != '"':
                j += 2 if tail[j] == "\\" else 1
            tags.append(_unquote(tail[i : j + 1]))
            i = j + 1
            continue
        j = tail.find(" ", i)
        j = n if j < 0 else j
        word = tail[i:j]
        if word == "#":
            return tags, _unquote(tail[j:])
        tags.append(word)
        i = j
    return tags, ""


def _parse_lines(numbered: Iterable[tuple[int, str]]) -> _Columns:
    # The format's quoting and annotations need a tokenizer that walks each line; it
    # gets only the lines the column-wise path (`_lines_frame`) leaves, and every
    # conversion after it (times, tags, checks) is done column-wise in polars.
    cols = _Columns.empty()
    for number, raw in numbered:
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("inc "):
            cols.add(number, None, None, error=f"not a Timewarrior interval: '{line[:40]}'")
            continue
        head, _, tail = line[4:].partition(" # ")
        if head.rstrip().endswith(" #"):  # "inc S - E #" with no tags
            head = head.rstrip()[:-2]
        parts = head.split()
        tags, annotation = _tokens(tail)
        if len(parts) == 1:
            cols.add(number, parts[0], None, tags, annotation)
        elif len(parts) == 3 and parts[1] == "-":
            cols.add(number, parts[0], parts[2], tags, annotation)
        else:
            cols.add(number, None, None, error=f"unreadable interval '{head.strip()[:40]}'")
    return cols


def _parse_export(text: Text) -> _Columns:
    cols = _Columns.empty()
    for line, item in json_array(text):
        if not isinstance(item, dict) or "start" not in item:
            cols.add(line, None, None, error="not a Timewarrior interval object (no 'start')")
            continue
        tags = item.get("tags") or []
        if not isinstance(tags, list):
            tags = [str(tags)]
        end = item.get("end")
        cols.add(
            line,
            str(item["start"]),
            None if end is None else str(end),
            [str(t) for t in tags],
            str(item.get("annotation") or ""),
        )
    return cols


def _stamp(col: str) -> pl.Expr:
    return (
        pl.col(col)
        .str.strip_chars()
        .str.strptime(pl.Datetime("us"), "%Y%m%dT%H%M%SZ", strict=False)
        .dt.replace_time_zone("UTC")
        .cast(UTC_DT)
    )


def _tag_value(prefix: str) -> pl.Expr:
    """The value of the first ``prefix:value`` tag (original case), else null."""
    return pl.col("__raw_tags").str.extract(f"(?i)(?:^|{_SEP})(?:{prefix}):([^{_SEP}]*)", 1)


_RAW_SCHEMA = {
    LINE: pl.Int64(),
    "__s": pl.String(),
    "__e": pl.String(),
    "__raw_tags": pl.String(),
    "__annotation": pl.String(),
    "__parse_error": pl.String(),
}


def _raw(cols: _Columns) -> pl.DataFrame:
    data = [cols.line, cols.start, cols.end, cols.tags, cols.annotation, cols.error]
    return pl.DataFrame(dict(zip(_RAW_SCHEMA, data, strict=True)), schema=_RAW_SCHEMA)


#: A data line in the form Timewarrior writes: ``inc START[ - END][ # TAGS]``.
_PLAIN = r"^inc (\d{8}T\d{6}Z)(?: - (\d{8}T\d{6}Z))?(?: # (.*))?$"


def _lines_frame(text: Text) -> pl.DataFrame:
    """The intervals of a data file, tokenized column-wise where the line is plain.

    Lines as Timewarrior writes them (no annotation, no backslash, no tab, balanced
    quotes, no empty or back-to-back quotes) are split with regexes over the whole column; any other line goes through
    the line tokenizer (`_parse_lines`), which the format's quoting rules need.
    """
    lines = text.text.lstrip("\ufeff").splitlines()
    df = pl.DataFrame({"__text": lines}, schema={"__text": pl.String()}).with_columns(
        pl.int_range(1, len(lines) + 1, dtype=pl.Int64).alias(LINE),
        __text=pl.col("__text").str.strip_chars(),
    )
    parts = pl.col("__text").str.extract_groups(_PLAIN)
    given = pl.col("__parts").struct.field("3").fill_null("")
    plain = (
        pl.col("__parts").struct.field("1").is_not_null()
        & ~given.str.contains(r"[#\\\t]|\"\"")
        & (given.str.count_matches('"', literal=True) % 2 == 0)
    )
    df = df.filter(pl.col("__text") != "").with_columns(__parts=parts).with_columns(__plain=plain)
    # Tokens: a quoted tag or a word; joined with `_SEP` (each token fenced by its own
    # pair of separators so that adjacent quoted tags unquote in one pass).
    tail = pl.col("__parts").struct.field("3").fill_null("")
    tokens = tail.str.extract_all(r'"[^"]*"|[^ ]+')
    fenced = pl.lit(_SEP) + tokens.list.join(_SEP + _SEP) + pl.lit(_SEP)
    joined = (
        fenced.str.replace_all(f'{_SEP}"([^{_SEP}]*)"{_SEP}', f"{_SEP}${{1}}{_SEP}")
        .str.replace_all(f"{_SEP}+", _SEP)
        .str.strip_chars(_SEP)
    )
    fast = df.filter(pl.col("__plain")).select(
        pl.col(LINE),
        pl.col("__parts").struct.field("1").alias("__s"),
        pl.col("__parts").struct.field("2").alias("__e"),
        joined.alias("__raw_tags"),
        pl.lit("").alias("__annotation"),
        pl.lit(None, pl.String).alias("__parse_error"),
    )
    odd = df.filter(~pl.col("__plain")).select(LINE, "__text")
    if odd.is_empty():
        return fast
    rest = _parse_lines(zip(odd.get_column(LINE), odd.get_column("__text"), strict=True))
    return pl.concat([fast, _raw(rest)]).sort(LINE)


def _frame(df: pl.DataFrame, config: Config) -> pl.DataFrame:
    raw_tags = pl.col("__raw_tags")
    # Tags travel joined with `_SEP` (string work, no lists): the first one with a space.
    first_phrase = raw_tags.str.extract(f"(?:^|{_SEP})([^{_SEP}]*\\s[^{_SEP}]*)", 1)
    description = (
        pl.when(pl.col("__annotation").str.strip_chars() != "")
        .then(pl.col("__annotation").str.strip_chars())
        .otherwise(pl.coalesce(first_phrase.str.strip_chars(), pl.lit("")))
    )
    df = df.with_columns(start=_stamp("__s"), end=_stamp("__e")).with_columns(
        person=pl.lit(config.person),
        client=_tag_value("client").str.strip_chars(),
        project=pl.coalesce(_tag_value("proj|project").str.strip_chars(), pl.lit("")),
        task=pl.lit(""),
        description=description,
        tags=split_tags(raw_tags, _SEP),
        date=pl.col("start").dt.convert_time_zone(config.timezone).dt.date(),
        duration=(pl.col("end") - pl.col("start")).cast(pl.Duration("us")),
        billable=pl.lit(None, pl.Boolean),
    )
    df = df.with_columns(
        first_error(
            [
                (pl.col("__parse_error").is_not_null(), pl.col("__parse_error")),
                (pl.col("start").is_null(), pl.format("unreadable start time '{}'", pl.col("__s"))),
                (
                    pl.col("__e").is_not_null() & pl.col("end").is_null(),
                    pl.format("unreadable end time '{}'", pl.col("__e")),
                ),
                (pl.col("end") < pl.col("start"), "ends before it starts"),
            ]
        ).alias(ERROR)
    ).with_columns((pl.col("__e").is_null() & pl.col(ERROR).is_null()).alias(OPEN))
    return df


def read(text: Text, *, config: Config) -> Reading:
    """Read one Timewarrior ``.data`` file or a ``timew export`` JSON array."""
    body = text.text.lstrip("\ufeff \t\r\n")
    if body.startswith("["):
        return finish(text.path, NAME, _frame(_raw(_parse_export(text)), config), source=NAME, notes=text.notes)
    return finish(text.path, NAME, _frame(_lines_frame(text), config), source=NAME)


def read_dir(path: Path, *, config: Config) -> Reading:
    """Read a Timewarrior database folder (or its ``data/`` folder) as one source.

    Every ``YYYY-MM.data`` file is read; origins and rejections name the file and line.
    When a ``timewarrior.cfg`` sits in the database, its exclusions are mentioned in the notes.
    """
    files = data_files(path)
    if not files:
        msg = f"{path}: no Timewarrior data files (YYYY-MM.data) in this folder or its data/ folder"
        raise InputError(msg)
    readings = [read(read_text(f), config=config) for f in files]
    notes: list[str] = [n for r in readings for n in r.notes]
    cfg = next(
        (
            d / CFG_NAME
            for d in (files[0].parent, files[0].parent.parent)
            if (d / CFG_NAME).is_file()
        ),
        None,
    )
    if cfg is not None:
        try:
            hours = read_exclusions(cfg)
        except (OSError, ValueError) as exc:
            notes.append(f"{cfg}: exclusions not read ({exc})")
        else:
            if hours:
                shown = "; ".join(
                    f"{d} {', '.join(str(r) for r in hours[d]) or 'off'}" for d in WEEKDAYS
                )
                notes.append(f"{cfg}: working hours from its exclusions: {shown}")
    entries = pl.concat([r.stored for r in readings]) if readings else empty_stored()
    rejected = pl.concat([r.rejected for r in readings]).cast(REJECTION_SCHEMA)  # type: ignore[arg-type]
    return Reading(
        path=str(path),
        format=NAME,
        rows=sum(r.rows for r in readings),
        stored=entries,
        rejected=rejected,
        open=sum(r.open for r in readings),
        notes=tuple(notes),
    )


# -- exclusions -----------------------------------------------------------------------------
