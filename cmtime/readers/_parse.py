"""Expression builders shared by readers: dates, clock times, durations, local time, ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, cast

import polars as pl

from cmtime.schema import UTC_DT, id_text, row_hash

US_PER_S = 1_000_000


def clean(col: str | None) -> pl.Expr:
    """A string column trimmed, with null for a missing column; never null after."""
    if col is None:
        return pl.lit("", dtype=pl.String)
    return pl.col(col).fill_null("").str.strip_chars()


def parse_date(
    text: pl.Expr, formats: Sequence[str] = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
) -> pl.Expr:
    """Parse a date trying ``formats`` in order (first that fits wins)."""
    return pl.coalesce([text.str.strptime(pl.Date, f, strict=False) for f in formats])


def _hms(text: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """(hours, minutes, seconds, well-formed) of ``H+:MM[:SS]``, by splitting on ``:``.

    Splitting is an order of magnitude faster than a regex with groups; the checks keep
    it as strict: digits only, two-digit minutes and seconds, seconds optional.
    """
    parts = text.str.strip_chars().str.split_exact(":", 2)
    fields = [parts.struct.field(f"field_{i}") for i in range(3)]
    digits = [f.str.contains(r"^\d+$") for f in fields]
    h, m, s = (f.cast(pl.Int64, strict=False) for f in fields)
    ok = (
        digits[0]
        & digits[1]
        & (fields[1].str.len_bytes() == 2)
        & (fields[2].is_null() | (digits[2] & (fields[2].str.len_bytes() == 2)))
        & (m <= 59)
        & (s.fill_null(0) <= 59)
    )
    return h, m, s.fill_null(0), ok


def parse_clock(text: pl.Expr) -> pl.Expr:
    """``H:MM[:SS]`` (24 h) as a Duration since midnight; null when malformed."""
    h, m, s, ok = _hms(text)
    ok = ok & (h <= 23) & (text.str.strip_chars().str.len_bytes() <= 8)
    return pl.when(ok).then(pl.duration(hours=h, minutes=m, seconds=s, time_unit="us"))


def parse_hms_duration(text: pl.Expr) -> pl.Expr:
    """``H+:MM:SS`` (hours unpadded or beyond 24) as Duration; a leading ``-`` gives a
    negative duration (a reader rejects it); null when malformed."""
    body = text.str.strip_chars()
    negative = body.str.starts_with("-")
    h, m, s, ok = _hms(body.str.strip_prefix("-"))
    sign = pl.when(negative).then(-1).otherwise(1)
    total = (h * 3600 + m * 60 + s) * sign * US_PER_S
    return pl.when(ok).then(total.cast(pl.Duration("us")))


def localize(naive: pl.Expr, tz: str, *, ambiguous: str) -> pl.Expr:
    """A naive local wall time as a UTC instant; null when it does not exist (DST gap)."""
    return (
        naive.dt.replace_time_zone(tz, ambiguous=ambiguous, non_existent="null")  # type: ignore[arg-type]
        .dt.convert_time_zone("UTC")
        .cast(UTC_DT)
    )


def resolve_local(
    start_naive: pl.Expr, end_naive: pl.Expr, duration: pl.Expr, tz: str
) -> tuple[pl.Expr, pl.Expr]:
    """UTC start and end from local wall times, using ``duration`` on DST fall-back nights.

    A wall time that occurs twice (02:30 on the last Sunday of October in Paris) has two
    candidate instants; the pair (start, end) whose span is closest to the tracker's own
    duration wins, the earlier instants on a tie. A wall time that never occurs (the
    spring-forward gap) gives null, which the reader reports as a rejection.
    """
    se, sl = (
        localize(start_naive, tz, ambiguous="earliest"),
        localize(start_naive, tz, ambiguous="latest"),
    )
    ee, el = (
        localize(end_naive, tz, ambiguous="earliest"),
        localize(end_naive, tz, ambiguous="latest"),
    )

    def miss(s: pl.Expr, e: pl.Expr) -> pl.Expr:
        return ((e - s) - duration).abs()

    pairs = [(se, ee), (se, el), (sl, ee), (sl, el)]
    costs = [miss(s, e) for s, e in pairs]
    best = pl.min_horizontal(costs)
    start = pl.when(costs[0] == best).then(se).when(costs[1] == best).then(se).otherwise(sl)
    end = (
        pl.when(costs[0] == best)
        .then(ee)
        .when(costs[1] == best)
        .then(el)
        .when(costs[2] == best)
        .then(ee)
        .otherwise(el)
    )
    # When duration is unknown the costs are null: fall back to the earliest reading.
    return pl.coalesce(start, se), pl.coalesce(end, ee)


def with_local_instants(
    df: pl.DataFrame, *, start: str, end: str, duration: str, tz: str
) -> pl.DataFrame:
    """`resolve_local` on columns: adds ``start``/``end`` (UTC) from naive local times.

    The same rule as `resolve_local` (closest to the tracker's duration, earliest on a
    tie, null in the DST gap), staged for speed: on a day with no clock change the UTC
    offset is the same all day, so a block that starts and ends on such days needs one
    conversion (its start) and keeps its wall-clock span (`local_instants`). Only blocks
    that touch a day with a clock change, or span more than a day, go through
    `resolve_local` (`refine_local_instants`).
    """
    df = df.with_columns(**local_instants(pl.col(start), pl.col(end), tz))
    return refine_local_instants(df, start=start, end=end, duration=duration, tz=tz)


def local_instants(start: pl.Expr, end: pl.Expr, tz: str) -> dict[str, pl.Expr]:
    """``start`` and ``end`` (UTC) from naive local times, as on a day with no clock
    change: the start localized, the end at the same wall-clock span from it. Row by row,
    so a streaming query can compute them; `refine_local_instants` then corrects the
    blocks this is not right for."""
    first = localize(start, tz, ambiguous="earliest")
    return {"start": first, "end": first + (end - start)}


def refine_local_instants(
    df: pl.DataFrame, *, start: str, end: str, duration: str, tz: str
) -> pl.DataFrame:
    """``start`` and ``end`` through `resolve_local` for the blocks that touch a day with
    a clock change, span more than a day, or have a start and no end; the others keep the
    values of `local_instants`."""
    s, e = pl.col(start), pl.col(end)
    # clipped: Python dates stop at years 1 and 9999, a broken export does not (those
    # rows are rejected later; only the days near a clock change matter here)
    edge = (dt.datetime(1, 1, 2), dt.datetime(9999, 12, 28))
    bounds = df.select(
        lo=pl.min_horizontal(s.min(), e.min()).clip(*edge), hi=pl.max_horizontal(s.max(), e.max()).clip(*edge)
    )
    lo, hi = bounds.row(0)
    if lo is None:
        return df
    changes = clock_change_days(lo.date(), hi.date(), tz)
    sd, ed = s.dt.date(), e.dt.date()
    near = (
        sd.is_in(changes.implode())
        | ed.is_in(changes.implode())
        | ((ed - sd) > pl.duration(days=1))
        | (s.is_not_null() & e.is_null())
    )
    careful = resolve_local(s, e, pl.col(duration), tz)
    return refine(df, {"start": careful[0], "end": careful[1]}, where=near.fill_null(False))


def clock_change_days(first: dt.date, last: dt.date, tz: str) -> pl.Series:
    """Local days in ``[first, last]`` (one day of margin) whose UTC offset changes.

    A day is listed when its midnight and the next one have different offsets, or when
    either midnight does not exist or occurs twice: the days `with_local_instants` must
    treat carefully.

    >>> clock_change_days(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "Europe/Paris").to_list()
    [datetime.date(2026, 3, 29), datetime.date(2026, 10, 25)]
    """
    one = dt.timedelta(days=1)
    # a year 1 or 9999 in a broken export must not overflow here (such rows are rejected later)
    first, last = max(first, dt.date(1, 1, 2)), min(last, dt.date(9999, 12, 28))
    days = pl.date_range(first - one, last + 2 * one, eager=True)
    frame = pl.DataFrame({"day": days}).with_columns(mid=pl.col("day").cast(pl.Datetime("us")))
    mid = pl.col("mid")
    early = mid.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    late = mid.dt.replace_time_zone(tz, ambiguous="latest", non_existent="null")
    offset = mid - early.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    changing = (
        (offset != offset.shift(-1)).fill_null(True)
        | early.is_null()
        | (early != late)
        | early.shift(-1).is_null()
    )
    return frame.filter(changing & (pl.col("day") <= last + one)).get_column("day")


def refine(df: pl.DataFrame, careful: dict[str, pl.Expr], *, where: pl.Expr) -> pl.DataFrame:
    """Recompute columns with ``careful`` expressions, on the rows where ``where`` holds.

    Readers first parse every row with a fast expression for the common layout, then
    hand the rows it could not settle (usually none, or a few) to the careful parser,
    which accepts every layout the format allows but costs ten times more per row.
    The careful result must have each column's dtype.

    >>> df = pl.DataFrame({"t": ["1", "x"], "n": [1, None]})
    >>> refine(df, {"n": pl.lit(0)}, where=pl.col("n").is_null())["n"].to_list()
    [1, 0]
    """
    hits = df.select(where.fill_null(False).alias("hit")).get_column("hit")
    if not hits.any():
        return df
    rows = hits.arg_true()
    # lazily, so that only the columns the careful expressions read are gathered
    fixed = df.lazy().filter(pl.lit(hits)).select([expr.alias(name) for name, expr in careful.items()]).collect()
    out: list[pl.Expr | pl.Series] = []
    for name in careful:
        dtype = df.schema[name]
        values = fixed.get_column(name).cast(dtype)
        if dtype.is_nested():  # scatter takes flat dtypes only
            hit = pl.lit(hits)
            slot = pl.when(hit).then(hit.cast(pl.UInt32).cum_sum() - 1)
            out.append(pl.when(hit).then(pl.lit(values).gather(slot)).otherwise(pl.col(name)).alias(name))
        else:  # copies the column once, then writes the fixed rows (5x faster than when/then)
            old = df.get_column(name)
            out.append(same_chunks(old.clone().scatter(rows, values), old))
    return df.with_columns(out)


def same_chunks(new: pl.Series, like: pl.Series) -> pl.Series:
    """``new`` cut into the chunks of ``like`` (zero-copy slices), when they differ.

    A frame whose columns are chunked alike is copied whole by the next ``with_columns``
    that brings a column chunked otherwise: a streaming query's result comes in dozens
    of chunks, and one column rewritten as a single chunk cost a copy of every other
    column (150 MB on a million Toggl rows).
    """
    if like.n_chunks() == 1 or new.n_chunks() != 1 or len(new) != len(like):
        return new
    pieces, at = [], 0
    for chunk in like.get_chunks():
        pieces.append(new.slice(at, len(chunk)))
        at += len(chunk)
    return pl.concat(pieces, rechunk=False)


def fast_hms(text: pl.Expr, *, seconds: bool = True) -> pl.Expr:
    """``HH:MM:SS`` (``HH:MM`` with ``seconds=False``), under 24 h, as a Duration; null
    otherwise.

    The fast parse for clock times and durations; `parse_clock` and
    `parse_hms_duration` (via `refine`) take whatever it leaves null.
    """
    if not seconds:
        short = text.str.len_bytes() == 5
        return pl.when(short).then(text.str.strptime(pl.Time, "%H:%M", strict=False)).cast(pl.Duration("us"))
    # strptime reads a leap second ``:60`` as the next minute; the careful parsers refuse it.
    fixed = (text.str.len_bytes() == 8) & ~text.str.ends_with(":60")
    return pl.when(fixed).then(text.str.strptime(pl.Time, "%H:%M:%S", strict=False)).cast(pl.Duration("us"))


def fast_duration(text: pl.Expr) -> pl.Expr:
    """``H+:MM:SS`` (one to six plain digits of hours, no sign, nothing to trim) as a
    Duration; null otherwise, for `parse_hms_duration` (via `refine`) to take.

    The fast parse of durations that may pass a day (a timer left running over a
    weekend writes ``68:10:00``): `fast_hms` stops at 23:59:59 and sent those rows, one
    in a hundred in a year of Toggl exports, through the much slower careful parser.
    """
    ok = text.str.contains(r"^[0-9]{1,6}:[0-5][0-9]:[0-5][0-9]$")
    h = text.str.head(-6).cast(pl.Int64, strict=False)
    m = text.str.slice(-5, 2).cast(pl.Int64, strict=False)
    s = text.str.tail(2).cast(pl.Int64, strict=False)
    return pl.when(ok).then(((h * 3600 + m * 60 + s) * US_PER_S).cast(pl.Duration("us")))


def split_tags(text: pl.Expr, pattern: str = r"[,;|]") -> pl.Expr:
    """Tags lower-cased, trimmed, ``#`` dropped, empty removed, de-duplicated in order."""
    return (
        text.fill_null("")
        .str.replace_all(pattern, "\x1f")
        .str.split("\x1f")
        .list.eval(
            pl.element()
            .str.strip_chars()
            .str.strip_chars_start("#")
            .str.to_lowercase()
            .filter(pl.element().str.strip_chars() != "")
            .unique(maintain_order=True)
        )
    )


def with_text_columns(
    df: pl.DataFrame,
    col: Callable[[str], str | None],
    *,
    default_person: str,
    person: Sequence[str] = ("user", "email"),
    client: str = "client",
    task: str = "task",
    tag_separators: str = ",",
) -> pl.DataFrame:
    """Add the canonical text columns of a CSV export, from its column lookup ``col``.

    ``person`` is the first non-empty of the ``person`` columns, else ``default_person``;
    an empty client is null; project, task and description are trimmed, never null;
    tags are split on ``tag_separators`` (a regex; only on the rows that have any); billable is
    Yes/No-like or null.
    """
    present = [clean(col(k)).alias(f"__p{i}") for i, k in enumerate(person) if col(k)]
    df = df.with_columns(*present, __client=clean(col(client)), __tags=clean(col("tags")))
    names = [e.meta.output_name() for e in present]
    df = with_tags(df.with_columns(**text_columns(col, names, default_person=default_person, task=task)), tag_separators)
    return with_billable(df, col).drop(*names, "__client")


def text_columns(
    col: Callable[[str], str | None], people: Sequence[str], *, default_person: str, task: str = "task"
) -> dict[str, pl.Expr]:
    """The text columns `with_text_columns` adds, from its trimmed ``people`` columns
    and ``__client``: row by row, so a streaming query can compute them too."""
    return {
        "person": pl.coalesce(*[pl.when(pl.col(n) != "").then(pl.col(n)) for n in people], pl.lit(default_person)),
        "client": pl.when(pl.col("__client") != "").then(pl.col("__client")),
        "project": clean(col("project")),
        "task": clean(col(task)),
        "description": clean(col("description")),
    }


def with_tags(df: pl.DataFrame, separators: str = ",") -> pl.DataFrame:
    """``tags`` from the trimmed ``__tags`` (dropped): `split_tags` on ``separators``."""
    return _with_tags(df.with_columns(tags=pl.lit([], dtype=pl.List(pl.String))), separators).drop("__tags")


def _with_tags(df: pl.DataFrame, separators: str) -> pl.DataFrame:
    """``tags``: `split_tags` of ``__tags``, split once per distinct text when texts repeat.

    Exports repeat a handful of tag sets ("hidden", "hidden, stratégie") over thousands
    of rows: splitting each distinct text and gathering the lists costs a tenth of
    splitting every row. Mostly distinct texts are split row by row, on the rows that
    have any.
    """
    texts = df.get_column("__tags")
    distinct = texts.unique()
    if df.height == 0 or len(distinct) * 4 > df.height:
        return refine(df, {"tags": split_tags(pl.col("__tags"), separators)}, where=pl.col("__tags") != "")
    return df.with_columns(_by_distinct(texts, distinct, lambda text: split_tags(text, separators)).alias("tags"))


def parse_bool(text: pl.Expr) -> pl.Expr:
    """Yes/No, true/false, oui/non, 1/0 as Boolean (any case); null otherwise."""
    low = text.str.strip_chars().str.to_lowercase()
    yes = low.is_in(_YES)
    no = low.is_in(_NO)
    return pl.when(yes).then(True).when(no).then(False).otherwise(None).cast(pl.Boolean)


_YES = ["yes", "true", "1", "oui", "y", "o", "vrai"]
_NO = ["no", "false", "0", "non", "n", "faux"]
#: The spellings exports write a million times, looked up as written.
_USUAL_BOOL = {
    **{w: True for w in _YES for w in (w, w.capitalize(), w.upper())},
    **{w: False for w in _NO for w in (w, w.capitalize(), w.upper())},
}


def usual_bool(text: pl.Expr) -> pl.Expr:
    """`parse_bool` of the spellings exports write a million times (``Yes``, ``no``,
    ``TRUE``...), looked up as written; null for any other text."""
    return text.replace_strict(_USUAL_BOOL, default=None, return_dtype=pl.Boolean)


def with_billable(df: pl.DataFrame, col: Callable[[str], str | None]) -> pl.DataFrame:
    """``billable`` from the export's billable column (`with_bool`), null without one."""
    name = col("billable")
    return with_bool(df, "billable", pl.col(name)) if name else df.with_columns(billable=pl.lit(None, pl.Boolean))


def with_bool(df: pl.DataFrame, name: str, text: pl.Expr) -> pl.DataFrame:
    """Add column ``name``: `parse_bool` of ``text``, fast for the usual spellings.

    Exports write ``Yes``/``No`` (or ``true``/``false``) a million times: those are
    looked up as written; only other spellings pay for trimming and lower-casing.
    """
    df = df.with_columns(usual_bool(text).alias(name))
    return refine(df, {name: parse_bool(text)}, where=pl.col(name).is_null() & (text.fill_null("") != ""))


def hash_id(source: str, parts: Sequence[pl.Expr]) -> pl.Expr:
    """A stable id from the row's content plus an occurrence number among identical rows.

    ``source:<64-bit hash of the fields>``, with ``-<n>`` appended for the n-th repeat of
    an identical row: two identical blocks in one file stay two, and the same file read
    twice gives the same ids, so overlapping exports de-duplicate. No string is built
    to hash. On a large frame `with_digests` gives the same ids faster.
    """
    digest = row_hash(parts)
    occurrence = pl.int_range(pl.len(), dtype=pl.UInt64).over(digest)
    return id_text(pl.lit(source), digest, occurrence)


def with_digests(df: pl.DataFrame, parts: Sequence[pl.Expr]) -> pl.DataFrame:
    """Add what `hash_id` makes an id of, for `cmtime.schema.entry_id` to write out when
    asked: ``__digest`` (the content hash) and ``__n`` (the occurrence among rows of
    the same content), numbered only among rows whose content repeats: a window over a
    million distinct rows costs a second.
    """
    df = df.with_columns(__digest=row_hash(parts), __n=pl.lit(0, dtype=pl.UInt32))
    if df.get_column("__digest").n_unique() < df.height:
        numbered = pl.int_range(pl.len(), dtype=pl.UInt32).over("__digest")
        df = refine(df, {"__n": numbered}, where=pl.col("__digest").is_duplicated())
    return df


def first_error(checks: Sequence[tuple[pl.Expr, str | pl.Expr]]) -> pl.Expr:
    """The first failing check's message, or null when the row is fine."""
    chain: Any = pl
    for bad, reason in checks:
        msg = pl.lit(reason) if isinstance(reason, str) else reason
        chain = chain.when(bad.fill_null(False)).then(msg)
    return cast(pl.Expr, chain.otherwise(pl.lit(None, dtype=pl.String)))


def quoted(col: str) -> pl.Expr:
    """The raw value of ``col`` in quotes, for rejection messages."""
    return pl.concat_str([pl.lit("'"), pl.col(col).fill_null(""), pl.lit("'")])


def parse_distinct(df: pl.DataFrame, parsed: dict[str, tuple[pl.Expr, Callable[[pl.Expr], pl.Expr]]]) -> pl.DataFrame:
    """Add columns parsed once per distinct text: ``{name: (text, parse)}``.

    Dates, clock times and durations repeat: a million rows hold a few hundred dates. The
    careful (regex) parser ``parse`` runs on the distinct values of ``text`` only and the
    results are mapped back, so the result is exactly ``parse(text)`` row by row, for
    parsers that look at the whole column too (`parse_decimal`'s evidence is the same on
    the distinct values).

    >>> df = pl.DataFrame({"d": ["1,5", "2", "1,5"]})
    >>> from cmtime.readers._infer import parse_decimal
    >>> parse_distinct(df, {"h": (pl.col("d"), parse_decimal)})["h"].to_list()
    [1.5, 2.0, 1.5]
    """
    texts = df.select([text.alias(name) for name, (text, _) in parsed.items()])
    out = []
    for name, (_, parse) in parsed.items():
        values = texts.get_column(name)
        out.append(_by_distinct(values, values.unique(), parse).alias(name))
    return df.with_columns(out)


def _by_distinct(values: pl.Series, distinct: pl.Series, parse: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    """``parse`` of ``values``, run on their ``distinct`` values and mapped back."""
    mapped = pl.DataFrame({"v": distinct}).select(parse(pl.col("v"))).to_series()
    # each row's slot among the distinct values, then their results gathered: any result
    # dtype, lists too (replace_strict maps to flat values only; on no rows it hands the
    # texts back unchanged)
    slot = (
        values.replace_strict(distinct, pl.int_range(len(distinct), dtype=pl.UInt32, eager=True), return_dtype=pl.UInt32)
        if len(values)
        else pl.Series(values.name, [], dtype=pl.UInt32)
    )
    return same_chunks(mapped.gather(slot), values)
