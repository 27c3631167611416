"""Readers: one module per source format, detected by content, in one registry.

Each format module is a `cmtime.readers.reader.Reader`: ``NAME``, ``LABEL`` (the key of
its name for people), ``sniff(text) -> bool`` (content, never the file name alone) and
``read(text, *, config) -> Reading``. A folder format (a Timewarrior database) is also a
`cmtime.readers.reader.FolderReader` (``sniff_dir(path)``, ``read_dir(path, *, config)``)
and is listed in `DIR_FORMATS`; such a folder is read as one source. `FORMATS` is the one
registry: detection, ``--format`` and ``check`` use it. `read_paths` reads any mix of
files and folders, finds a folder's ``cmtime.toml``, de-duplicates overlapping exports by
``entry_id``, resolves client aliases and counts overlaps per file.
"""

from __future__ import annotations

import datetime as dt
import errno
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import polars as pl

from cmtime.config import CONFIG_NAME, Config, Limits, load_config, normalize_name
from cmtime.readers import (
    clockify,
    harvest,
    ics,
    journal,
    kimai,
    native,
    timewarrior,
    toggl,
    toggl_json,
    waits_ledger,
    watson,
)
from cmtime.readers._build import capped
from cmtime.readers._parse import first_error
from cmtime.readers._text import DuplicateColumn, InputError, Text, header_fields, read_text
from cmtime.readers.reader import FolderReader, Reader
from cmtime.schema import (
    REJECTION_SCHEMA,
    STORED_SCHEMA,
    WAIT_SCHEMA,
    Reading,
    StoredEntries,
    empty_stored,
    entry_id,
    rejections,
)

__all__ = ["DIR_FORMATS", "FORMATS", "FolderReader", "InputError", "Loaded", "Reader", "detect", "read_file", "read_paths"]

Window = tuple[dt.date, dt.date]

_READERS: tuple[Reader, ...] = (
    toggl, clockify, harvest, kimai, native, toggl_json, timewarrior, watson, ics, journal, waits_ledger
)
#: Every reader by its ``--format`` name, in the order detection tries them.
FORMATS: Mapping[str, Reader] = MappingProxyType({r.NAME: r for r in _READERS})
#: The readers that also read a folder as one source.
DIR_FORMATS: Mapping[str, FolderReader] = MappingProxyType(
    {name: r for name, r in FORMATS.items() if isinstance(r, FolderReader)}
)


def detect(text: Text) -> str:
    """The one format whose header matches; `InputError` when none or several do."""
    # Sniffers look at content, and the first 64 KiB say what a file is: no need to make
    # every sniffer scan a 100 MB export.
    head = Text(text.path, text.head, text.encoding)
    found = [name for name, mod in FORMATS.items() if mod.sniff(head)]
    if len(found) == 1:
        return found[0]
    if not found:
        fields = header_fields(text.head)
        shown = ", ".join(fields[:6]) + ("…" if len(fields) > 6 else "")
        msg = (
            f"{text.path}: unknown format (header: {shown}); "
            f"use --format with one of {', '.join(FORMATS)}"
        )
        raise InputError(msg)
    msg = f"{text.path}: ambiguous format, could be {' or '.join(found)}; use --format"
    raise InputError(msg)


def dir_format(path: Path) -> str | None:
    """The folder format a directory holds as one source (a Timewarrior database), if any."""
    for name, mod in DIR_FORMATS.items():
        try:
            if mod.sniff_dir(path):
                return name
        except OSError:  # a folder that cannot be listed is no database; the walk says why
            return None
    return None


def read_file(
    path: Path, *, config: Config, fmt: str | None = None, window: Window | None = None
) -> Reading:
    """Read one file (or one folder source) with the given or detected format.

    ``window`` (first and last local date) bounds the expansion of recurring calendar
    events; other formats read everything and the period is applied later.
    """
    if fmt is not None and fmt not in FORMATS:
        msg = f"unknown format {fmt!r}; known formats: {', '.join(FORMATS)}"
        raise InputError(msg)
    if path.is_dir():
        name = fmt if fmt in DIR_FORMATS else dir_format(path)
        if name is None:
            msg = f"{path}: a folder of no known format"
            if fmt is not None:
                msg += f"; --format {fmt} reads a file (name the files, or leave --format out)"
            raise InputError(msg)
        folder: Reading = DIR_FORMATS[name].read_dir(path, config=config)
        return capped(within_limits(folder, config.limits))
    if fmt in DIR_FORMATS:
        msg = f"{path}: --format {fmt} reads a folder, not a file"
        raise InputError(msg)
    limits = config.limits
    text = read_text(path, max_line=limits.max_line_bytes, max_bytes=limits.max_file_bytes)
    if text.is_blank():
        msg = f"{path}: the file is empty; export the time entries again"
        if text.bad_lines:  # every line was refused before parsing: say why, not "empty"
            line, reason = text.bad_lines[0]
            msg = f"{path}: nothing readable: line {line}: {reason}"
        raise InputError(msg)
    name = fmt or detect(text)
    try:
        if name == ics.NAME:
            reading: Reading = ics.read(text, config=config, window=window)
        else:
            reading = FORMATS[name].read(text, config=config)
    except DuplicateColumn as exc:
        msg = f"{path}: {exc}"
        raise InputError(msg) from exc
    return capped(within_limits(with_bad_lines(reading, text.bad_lines), limits))


def with_bad_lines(reading: Reading, bad: Sequence[tuple[int, str]]) -> Reading:
    """The lines emptied before parsing (too long, NUL bytes) added as rejections."""
    if not bad:
        return reading
    extra = rejections(reading.path, [b[0] for b in bad], [b[1] for b in bad])
    # an emptied header or a line a reader still saw as a record is counted once
    seen = set(reading.rejected.get_column("line").to_list())
    extra = extra.filter(~pl.col("line").is_in(list(seen)))
    rejected = pl.concat([reading.rejected, extra]).sort("line")
    return replace(reading, rejected=rejected, rows=reading.rows + extra.height)


def within_limits(reading: Reading, limits: Limits) -> Reading:
    """Entries (and ledger waits) dated outside ``[limits]`` years, or longer than
    ``max_duration_days``, moved to the rejections with their line.

    A year 1 or 9999 in an export is a broken value; left in, it would make every later
    stage build calendars over thousands of years.
    """
    lo = dt.datetime(limits.first_year, 1, 1, tzinfo=dt.UTC)
    hi = dt.datetime(limits.last_year + 1, 1, 1, tzinfo=dt.UTC)
    years = f"outside the years {limits.first_year}-{limits.last_year} ([limits] first_year, last_year)"

    def outside(col: str) -> pl.Expr:
        return pl.col(col).is_not_null() & ((pl.col(col) < lo) | (pl.col(col) >= hi))

    def line(frame: pl.DataFrame) -> pl.Expr:
        if "__line" in frame.columns:  # entries
            return pl.col("__line").cast(pl.Int64)
        return pl.col("origin").str.extract(r":(\d+)$").cast(pl.Int64, strict=False).fill_null(0)

    e = reading.stored
    day_lo, day_hi = lo.date(), hi.date()
    entry_checks = [
        (pl.col("date").is_not_null() & ((pl.col("date") < day_lo) | (pl.col("date") >= day_hi)),
         pl.format("date {} {}", pl.col("date").cast(pl.String), pl.lit(years))),
        (outside("start") | outside("end"), pl.lit(f"start or end {years}")),
        (pl.col("duration") > pl.duration(days=limits.max_duration_days),
         pl.lit(f"block longer than {limits.max_duration_days} days ([limits] max_duration_days)")),
    ]
    e = e.with_columns(__why=first_error(entry_checks))
    bad = e.filter(pl.col("__why").is_not_null())
    waits = reading.waits
    bad_waits = None
    if waits is not None and waits.height:
        waits = waits.with_columns(__why=first_error([(outside("asked") | outside("answered"), pl.lit(f"date {years}"))]))
        bad_waits = waits.filter(pl.col("__why").is_not_null())
        waits = waits.filter(pl.col("__why").is_null()).drop("__why")
    if not bad.height and not (bad_waits is not None and bad_waits.height):
        return reading
    moved = [
        frame.select(pl.lit(reading.path).alias("path"), line(frame).alias("line"), pl.col("__why").alias("reason"))
        for frame in (bad, bad_waits)
        if frame is not None and frame.height
    ]
    rejected = pl.concat([reading.rejected, *moved]).sort("line").cast(REJECTION_SCHEMA)  # type: ignore[arg-type]
    entries = e.filter(pl.col("__why").is_null()).drop("__why")
    return replace(reading, stored=entries, rejected=rejected, waits=waits)


@dataclass(frozen=True)
class Skipped:
    """A file inside a folder that is not a time export."""

    path: str
    reason: str


@dataclass(frozen=True)
class Loaded(StoredEntries):
    """Everything read from the paths given on the command line or in a notebook."""

    config: Config
    readings: tuple[Reading, ...]
    skipped: tuple[Skipped, ...]
    #: de-duplicated entries of all files, clients resolved, as kept (`STORED_SCHEMA`)
    stored: pl.DataFrame
    #: per reading (same order): entries already read from an earlier file
    duplicates: tuple[int, ...] = ()
    #: waits noted in ledgers (`WAIT_SCHEMA`), clients resolved; empty without a ledger
    waits: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=WAIT_SCHEMA))



def find_config(paths: Sequence[Path], explicit: Path | None) -> Config:
    """``--config`` if given, else a ``cmtime.toml`` inside a folder argument, else
    ``./cmtime.toml``, else the built-in defaults."""
    if explicit is not None:
        return load_config(explicit)
    for p in paths:
        if p.is_dir() and (p / CONFIG_NAME).is_file():
            return load_config(p / CONFIG_NAME)
    return load_config(None)


def _odd(path: Path) -> str | None:
    """Why ``path`` is neither a folder nor a regular file (None when it is one)."""
    try:
        mode = path.stat().st_mode  # follows links
    except FileNotFoundError:
        return "a link to nothing (dangling link)" if path.is_symlink() else "no such file or folder"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a link that loops back on itself"
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
    return f"not a regular file ({kind})"


def _expand(paths: Sequence[Path]) -> tuple[list[tuple[Path, bool]], list[Skipped]]:
    """Files to read, each with whether it was named explicitly.

    Regular files and folders only: a FIFO would block forever and a device such as
    ``/dev/zero`` never ends, so they are refused when named and skipped inside a folder,
    as are dangling or looping links and folders that cannot be listed. Each real folder
    is walked once, however many links lead to it (two links to ``.`` would otherwise
    read the same files over and over); each real file inside folders is read once.
    """
    out: list[tuple[Path, bool]] = []
    skipped: list[Skipped] = []
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()

    def first_visit(path: Path, seen: set[tuple[int, int]]) -> bool:
        st = path.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return False
        seen.add(key)
        return True

    def walk(folder: Path) -> None:
        try:
            children = sorted(folder.iterdir())
        except OSError as exc:
            skipped.append(Skipped(str(folder), f"folder cannot be read ({exc.strerror})"))
            return
        for child in children:
            if child.name.startswith(".") or child.name == CONFIG_NAME:
                continue
            why = _odd(child)
            if why is not None:
                skipped.append(Skipped(str(child), why))
            elif child.is_dir():
                if not first_visit(child, seen_dirs):
                    continue
                if dir_format(child):
                    out.append((child, False))
                else:
                    walk(child)
            elif first_visit(child, seen_files):
                out.append((child, False))

    for p in paths:
        why = _odd(p)
        if why is not None:
            msg = f"{p}: {why}"
            raise InputError(msg)
        if p.is_dir():
            if not first_visit(p, seen_dirs):
                continue
            if dir_format(p):
                out.append((p, True))
            else:
                walk(p)
        else:  # a file named twice is read twice (its entries then count once)
            first_visit(p, seen_files)
            out.append((p, True))
    return out, skipped


def read_paths(
    paths: Iterable[str | Path],
    *,
    config: Config | None = None,
    config_path: str | Path | None = None,
    fmt: str | None = None,
    progress: Callable[[Path], None] | None = None,
    window: Window | None = None,
) -> Loaded:
    """Read files and folders into one de-duplicated canonical frame.

    Parameters
    ----------
    paths
        Files and folders. A named file of unknown format is an `InputError`; inside a
        folder it is listed in ``skipped``.
    config
        Settings; when None, found with `find_config`.
    config_path
        An explicit config file (``--config``).
    fmt
        Force one reader for every file.
    progress
        Called with each file before it is read (a progress bar).
    window
        The period asked for, which bounds calendar expansion (``--from``/``--to``).
    """
    plist = [Path(p) for p in paths]
    if not plist:
        msg = "no input given; name export files or folders"
        raise InputError(msg)
    cfg = config or find_config(plist, Path(config_path) if config_path else None)
    files, skipped = _expand(plist)

    def one(path: Path) -> Reading | InputError:
        try:
            return read_file(path, config=cfg, fmt=fmt, window=window)
        except InputError as exc:
            return exc

    # Small files are read two at a time (a reader is mostly polars work, which runs
    # outside the GIL); a big one alone, so that memory peaks at one file's worth.
    small = [_is_small(path) for path, _ in files]
    ahead: dict[int, Future[Reading | InputError]] = {}
    readings: list[Reading] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for i, (path, named) in enumerate(files):
            if progress:
                progress(path)
            nxt = i + 1
            if small[i] and nxt < len(files) and small[nxt] and nxt not in ahead:
                ahead[nxt] = pool.submit(one, files[nxt][0])
            got = ahead.pop(i).result() if i in ahead else one(path)
            if isinstance(got, InputError):
                if named:
                    raise got
                skipped.append(Skipped(str(path), str(got).removeprefix(f"{path}: ")))
            else:
                readings.append(got)
    return combine(readings, cfg, skipped)


#: Files up to this size may be read while another one is (`read_paths`).
_SMALL_FILE = 16 * 2**20


def _is_small(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size <= _SMALL_FILE
    except OSError:
        return False


def combine(readings: Sequence[Reading], config: Config, skipped: Sequence[Skipped] = ()) -> Loaded:
    """De-duplicate by ``entry_id`` across files and resolve clients.

    Ids are unique within one reading (identical rows are numbered), so only several
    readings can repeat an entry. Overlaps are counted when first asked for
    (`Loaded.overlaps`).
    """
    frames = [r.stored.with_columns(pl.lit(i, pl.Int32).alias("__file")) for i, r in enumerate(readings)]
    allrows = pl.concat(frames) if frames else empty_stored().with_columns(pl.lit(0, pl.Int32).alias("__file"))
    dup_counts: dict[int, int] = {}
    allrows = allrows.lazy().pipe(resolve_clients, config=config).collect()
    if len(readings) > 1:
        # A repeat is the same id, or the same block once aliases are resolved: one export
        # saying "Boulangerie Dupont" and an overlapping one saying "Dupont" (an alias)
        # hold the same blocks under different raw names, hence different content ids.
        key = pl.struct(
            "source", "person", "start", "end", "date", "duration", _client_key(), "project",
            "task", "description",
        ).hash()
        nth = pl.int_range(pl.len(), dtype=pl.UInt32).over("__file", key)
        allrows = allrows.with_columns(
            __first=entry_id().is_first_distinct()
            & pl.struct(key.alias("k"), nth.alias("n")).is_first_distinct()
        )
        dup_counts = dict(allrows.group_by("__file").agg((~pl.col("__first")).sum()).iter_rows())
        allrows = allrows.filter(pl.col("__first"))
    entries = allrows.select(list(STORED_SCHEMA))
    ledgers = [r.waits for r in readings if r.waits is not None]
    waits = (
        pl.concat(ledgers).lazy().unique("wait_id", keep="first", maintain_order=True)
        .pipe(resolve_clients, config=config)
        .collect()
        if ledgers
        else pl.DataFrame(schema=WAIT_SCHEMA)
    )
    return Loaded(
        config=config,
        readings=tuple(readings),
        waits=waits,
        skipped=tuple(skipped),
        stored=entries,
        duplicates=tuple(int(dup_counts.get(i, 0)) for i in range(len(readings))),
    )


def _client_key() -> pl.Expr:
    """The client as `cmtime.config.normalize_name` compares it (case, accents, spaces)."""
    return (
        pl.col("client")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def resolve_clients(lf: pl.LazyFrame, *, config: Config) -> pl.LazyFrame:
    """Replace client aliases by the configured client name (case/accent-insensitive)."""
    mapping = config.alias_map()
    if not mapping:
        return lf
    return lf.with_columns(
        client=_client_key().replace_strict(mapping, default=pl.col("client"), return_dtype=pl.String)
    )


def with_config(loaded: Loaded, config: Config) -> Loaded:
    """The same readings under another config (clients re-resolved)."""
    return replace(combine(loaded.readings, config, loaded.skipped))


def known_clients(loaded: Loaded) -> list[str]:
    """Client names present in the data or the config, sorted case-insensitively."""
    names = set(loaded.stored.get_column("client").drop_nulls().unique().to_list())
    names |= {c.name for c in loaded.config.clients}
    return sorted(names, key=normalize_name)
