"""Expression builders shared by readers: dates, clock times, durations, local time, ids."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import polars as pl

from cmtime.schema import UTC_DT

US_PER_S = 1_000_000


def clean(col: str | None) -> pl.Expr:
    """A string column trimmed, with null for a missing column; never null after."""
    if col is None:
        return pl.lit("", dtype=pl.String)
    return pl.col(col).fill_null("").str.strip_chars()


def parse_date(text: pl.Expr, formats: Sequence[str] = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")) -> pl.Expr:
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
    se, sl = localize(start_naive, tz, ambiguous="earliest"), localize(start_naive, tz, ambiguous="latest")
    ee, el = localize(end_naive, tz, ambiguous="earliest"), localize(end_naive, tz, ambiguous="latest")

    def miss(s: pl.Expr, e: pl.Expr) -> pl.Expr:
        return ((e - s) - duration).abs()

    pairs = [(se, ee), (se, el), (sl, ee), (sl, el)]
    costs = [miss(s, e) for s, e in pairs]
    best = pl.min_horizontal(costs)
    start = pl.when(costs[0] == best).then(se).when(costs[1] == best).then(se).otherwise(sl)
    end = (
        pl.when(costs[0] == best).then(ee)
        .when(costs[1] == best).then(el)
        .when(costs[2] == best).then(ee)
        .otherwise(el)
    )
    # When duration is unknown the costs are null: fall back to the earliest reading.
    return pl.coalesce(start, se), pl.coalesce(end, ee)


def with_local_instants(
    df: pl.DataFrame, *, start: str, end: str, duration: str, tz: str
) -> pl.DataFrame:
    """`resolve_local` on columns, each candidate computed once: adds ``start``/``end``.

    The same rule as `resolve_local` (closest to the tracker's duration, earliest on a
    tie, null in the DST gap), staged so that no conversion is evaluated twice.
    """
    s, e, d = pl.col(start), pl.col(end), pl.col(duration)
    df = df.with_columns(
        __se=localize(s, tz, ambiguous="earliest"),
        __sl=localize(s, tz, ambiguous="latest"),
        __ee=localize(e, tz, ambiguous="earliest"),
        __el=localize(e, tz, ambiguous="latest"),
    )
    pairs = [("__se", "__ee"), ("__se", "__el"), ("__sl", "__ee"), ("__sl", "__el")]
    df = df.with_columns(
        [((pl.col(b) - pl.col(a)) - d).abs().alias(f"__c{i}") for i, (a, b) in enumerate(pairs)]
    ).with_columns(__best=pl.min_horizontal([f"__c{i}" for i in range(4)]))
    best, c = pl.col("__best"), [pl.col(f"__c{i}") for i in range(4)]
    start_expr = pl.when(c[0] == best).then(pl.col("__se")).when(c[1] == best).then(pl.col("__se"))
    end_expr = (
        pl.when(c[0] == best).then(pl.col("__ee"))
        .when(c[1] == best).then(pl.col("__el"))
        .when(c[2] == best).then(pl.col("__ee"))
        .otherwise(pl.col("__el"))
    )
    return df.with_columns(
        start=pl.coalesce(start_expr.otherwise(pl.col("__sl")), pl.col("__se")),
        end=pl.coalesce(end_expr, pl.col("__ee")),
    ).drop("__se", "__sl", "__ee", "__el", "__c0", "__c1", "__c2", "__c3", "__best")


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


def text_columns(
    col: Callable[[str], str | None],
    *,
    default_person: str,
    person: Sequence[str] = ("user", "email"),
    client: str = "client",
    task: str = "task",
) -> dict[str, pl.Expr]:
    """The canonical text columns of a CSV export, from its column lookup ``col``.

    ``person`` is the first non-empty of the ``person`` columns, else ``default_person``;
    an empty client is null; project, task and description are trimmed, never null;
    tags are comma-separated; billable is Yes/No-like or null.
    """
    return {
        "person": pl.coalesce(
            *[pl.when(clean(col(k)) != "").then(clean(col(k))) for k in person if col(k)],
            pl.lit(default_person),
        ),
        "client": pl.when(clean(col(client)) != "").then(clean(col(client))),
        "project": clean(col("project")),
        "task": clean(col(task)),
        "description": clean(col("description")),
        "tags": split_tags(clean(col("tags")), r",")
        if col("tags")
        else pl.lit([], dtype=pl.List(pl.String)),
        "billable": parse_bool(clean(col("billable")))
        if col("billable")
        else pl.lit(None, pl.Boolean),
    }


def parse_bool(text: pl.Expr) -> pl.Expr:
    """Yes/No, true/false, oui/non, 1/0 as Boolean; null otherwise."""
    low = text.str.strip_chars().str.to_lowercase()
    yes = low.is_in(["yes", "true", "1", "oui", "y", "o", "vrai"])
    no = low.is_in(["no", "false", "0", "non", "n", "faux"])
    return pl.when(yes).then(True).when(no).then(False).otherwise(None).cast(pl.Boolean)


def hash_id(source: str, parts: Sequence[pl.Expr]) -> pl.Expr:
    """A stable id from the row's content plus an occurrence number among identical rows.

    Two identical blocks in one file stay two (occurrence 0 and 1); the same file read
    twice gives the same ids, so overlapping exports de-duplicate. Two 64-bit hashes of
    the row's fields (as a struct: no string building) make a 128-bit id.
    """
    key = pl.struct([p.alias(f"k{i}") for i, p in enumerate(parts)])
    first = key.hash(0x636D74)
    occurrence = pl.int_range(pl.len(), dtype=pl.UInt64).over(first)
    # Identical rows differ only by their occurrence, mixed into the second hash.
    second = pl.struct(key.alias("k"), occurrence.alias("n")).hash(42)
    return pl.concat_str(
        [pl.lit(f"{source}:"), first.cast(pl.String), pl.lit("-"), second.cast(pl.String)]
    )


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
