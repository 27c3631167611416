"""Column-wide inference shared by the CSV readers: date order, 12/24 h clocks, decimal marks.

A tracker writes dates in its user's format (``03/04/2024`` is 3 April in Paris and
4 March in New York) and numbers in its user's locale (``"2.000,0"``). A single value
cannot tell; the whole column usually can. These helpers look at every value of a
column (expressions and one small aggregate, never per-row Python) and decide once per
file, saying how they decided.

Date order, in this order of precedence:

1. evidence in the file, from every date column and every row: a date that is real
   day-first only (``21/01/2026``) or a real dotted date (``31.12.2024``) means
   day-first; a date real month-first only (``10/15/2024``) means month-first; both
   kinds in one file is an `InputError`. A date real in neither order (``31/31/2026``)
   is no evidence: the reader rejects its row, naming the value and the column;
2. the configured order (``date_order = "dmy"`` or ``"mdy"``), when the file has no evidence;
3. the stated rule *a 12-hour clock (AM/PM) means month-first*, the US default of the
   trackers that offer both; the reading carries a note saying so;
4. otherwise an `InputError` that says the file cannot tell and how to fix it.

ISO dates (``2024-03-04``) need no inference and are read in any file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, cast, get_args

import polars as pl

from cmtime.readers._text import InputError

DateOrder = Literal["dmy", "mdy", "ymd"]

#: ``D/M/YYYY``-like dates with ``/``, ``.`` or ``-`` between the fields.
_DMY_LIKE = r"^\s*(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{4})\s*$"
_ISO_LIKE = r"^\s*(\d{4})[/\-](\d{1,2})[/\-](\d{1,2})\s*$"
_CLOCK = r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(?:([AaPp])\.?\s*[Mm]\.?)?\s*$"
_MERIDIEM = r"(?i)\d\s*[ap]\.?\s*m\.?\s*$"

HINT = (
    'set date_order = "dmy" (day first) or "mdy" (month first) in cmtime.toml, '
    "or export again with dates as YYYY-MM-DD"
)


def check_date_order(value: object) -> DateOrder | None:
    """``value`` as a `DateOrder` (None stays None); `ValueError` quoting a bad value."""
    if value is None:
        return None
    if value not in get_args(DateOrder):
        msg = f"date_order must be one of {', '.join(get_args(DateOrder))}, not {value!r}"
        raise ValueError(msg)
    return cast(DateOrder, value)


def configured_date_order(config: object, explicit: DateOrder | None = None) -> DateOrder | None:
    """The date order asked for: ``explicit`` first, else ``config.date_order`` if the
    config object has such a setting, else None."""
    if explicit is not None:
        return check_date_order(explicit)
    return check_date_order(getattr(config, "date_order", None))


def uses_12_hour_clock(frame: pl.DataFrame, columns: Sequence[str | None]) -> bool:
    """True when any value of the given time columns ends in AM or PM."""
    cols = [c for c in columns if c is not None and c in frame.columns]
    if not cols or frame.height == 0:
        return False
    # Clock times repeat: each distinct value is looked at once.
    hit = frame.select(
        pl.any_horizontal([pl.col(c).unique().fill_null("").str.contains(_MERIDIEM).any() for c in cols])
    ).item()
    return bool(hit)


def infer_date_order(
    frame: pl.DataFrame,
    columns: Sequence[str | None],
    *,
    path: Path,
    configured: DateOrder | None = None,
    twelve_hour: bool = False,
    line_col: str = "__line",
) -> tuple[DateOrder, str | None]:
    """Decide how the non-ISO dates of ``columns`` read, from the whole file.

    Parameters
    ----------
    frame
        The all-string table.
    columns
        Date columns written in the same user format (start, end, creation date).
    path
        The file, for messages.
    configured
        The user's ``date_order``, used only when the file itself has no evidence.
    twelve_hour
        The file's clock uses AM/PM (month-first rule).
    line_col
        The column with physical line numbers, quoted in messages.

    Returns
    -------
    tuple
        The order and a note for the reading (None when the file's own evidence
        decided without contradicting the configuration).

    >>> df = pl.DataFrame({"d": ["21/01/2026", "03/02/2026"], "__line": [2, 3]})
    >>> infer_date_order(df, ["d"], path=Path("x.csv"))
    ('dmy', None)
    """
    cols = [c for c in columns if c is not None and c in frame.columns]
    if not cols or frame.height == 0:
        return configured or "ymd", None
    # Each distinct date once, with the first line it is on (for the examples).
    long = pl.concat(
        [
            frame.group_by(pl.col(c).fill_null("").alias("v")).agg(pl.col(line_col).min().alias("line"))
            for c in cols
        ]
    )
    g = pl.col("v").str.extract_groups(_DMY_LIKE)
    first = g.struct.field("1").cast(pl.Int64, strict=False)
    # A value is evidence only for the order it is a real date in: '31/31/2026' (a date
    # in neither order) says nothing and is rejected with its row by the reader.
    as_dmy = parse_date_ordered(pl.col("v"), "dmy").is_not_null()
    as_mdy = parse_date_ordered(pl.col("v"), "mdy").is_not_null()
    flagged = long.with_columns(
        slashed=first.is_not_null() & (as_dmy | as_mdy),
        day_first=as_dmy & (~as_mdy | (g.struct.field("2") == ".")),
        month_first=as_mdy & ~as_dmy & (g.struct.field("2") != "."),
    ).sort("line")
    day = flagged.filter(pl.col("day_first"))
    month = flagged.filter(pl.col("month_first"))
    slashed = flagged.filter(pl.col("slashed"))
    if slashed.height == 0:
        return "ymd", None

    def example(df: pl.DataFrame) -> str:
        v, line = df.select("v", "line").row(0)
        return f"'{v.strip()}' on line {line}"

    if day.height and month.height:
        msg = (
            f"{path}: dates mix day-first ({example(day)}) and month-first "
            f"({example(month)}); export the file again with one date format"
        )
        raise InputError(msg)
    found: DateOrder | None = "dmy" if day.height else "mdy" if month.height else None
    if found is not None:
        note = None
        if configured is not None and configured != found:
            note = (
                f"dates read {_word(found)} as the file shows ({example(day if day.height else month)}), "
                f"not {_word(configured)} as configured"
            )
        return found, note
    if configured is not None:
        return configured, f"dates such as {example(slashed)} read {_word(configured)}, as configured"
    if twelve_hour:
        return "mdy", (
            f"dates such as {example(slashed)} fit both orders; read month-first because the "
            f"file uses a 12-hour clock (AM/PM), the US setting. If that is wrong, {HINT}"
        )
    msg = (
        f"{path}: cannot tell whether dates such as {example(slashed)} are day-first or "
        f"month-first (no day above 12 in the file); {HINT}"
    )
    raise InputError(msg)


def _word(order: DateOrder) -> str:
    return {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}[order]


def parse_date_ordered(text: pl.Expr, order: DateOrder) -> pl.Expr:
    """A date from ISO ``YYYY-MM-DD`` (or ``YYYY/MM/DD``) or from ``D/M/YYYY``-like text
    read in ``order``; null when malformed or impossible (``31/02/2026``)."""
    iso = text.str.extract_groups(_ISO_LIKE)
    dmy = text.str.extract_groups(_DMY_LIKE)
    a, b, y = dmy.struct.field("1"), dmy.struct.field("3"), dmy.struct.field("4")
    day, month = (b, a) if order == "mdy" else (a, b)

    def build(year: pl.Expr, mon: pl.Expr, dd: pl.Expr) -> pl.Expr:
        return pl.concat_str(
            [year, mon.str.zfill(2), dd.str.zfill(2)], separator="-"
        ).str.strptime(pl.Date, "%Y-%m-%d", strict=False)

    from_iso = build(iso.struct.field("1"), iso.struct.field("2"), iso.struct.field("3"))
    from_dmy = build(y, month, day) if order != "ymd" else pl.lit(None, pl.Date)
    return pl.coalesce(from_iso, from_dmy)


def parse_clock_any(text: pl.Expr) -> pl.Expr:
    """``H:MM[:SS]`` in 24 h or 12 h (``10:23 AM``, ``10:23:52 p.m.``) as a Duration since
    midnight; fractions of a second are dropped; null when malformed."""
    g = text.str.extract_groups(_CLOCK)
    h = g.struct.field("1").cast(pl.Int64, strict=False)
    m = g.struct.field("2").cast(pl.Int64, strict=False)
    s = g.struct.field("3").cast(pl.Int64, strict=False).fill_null(0)
    ap = g.struct.field("4").str.to_lowercase()
    hour = pl.when(ap.is_null()).then(h).when(ap == "a").then(h % 12).otherwise(h % 12 + 12)
    ok = (m <= 59) & (s <= 59) & pl.when(ap.is_null()).then(h <= 23).otherwise((h >= 1) & (h <= 12))
    return pl.when(ok).then(pl.duration(hours=hour, minutes=m, seconds=s, time_unit="us"))


def parse_decimal(text: pl.Expr) -> pl.Expr:
    """A number written with a decimal point or comma, with or without thousands marks.

    ``4.5``, ``"20,0"``, ``"0,01"``, ``"2.000,0"``, ``1,234.5``, ``1 234,5`` and
    ``1'234.50`` all read. When one value cannot tell (``2.000``: two, or two thousand?)
    the rest of the column decides: a column whose other values use a decimal comma
    reads ``2.000`` as 2000. Without any evidence a lone mark is a decimal mark. Null
    when malformed. Must be evaluated over the whole column (it aggregates).
    """
    s = text.fill_null("").str.replace_all(r"[\s\u00a0\u202f'\u2019]", "")
    comma_evident = s.str.contains(r"^[+-]?\d*(\.\d{3})*,\d+$") & ~s.str.contains(r"^[+-]?\d{1,3},\d{3}$")
    dot_evident = s.str.contains(r"^[+-]?\d*(,\d{3})*\.\d+$") & ~s.str.contains(r"^[+-]?\d{1,3}\.\d{3}$")
    col_comma = comma_evident.any()
    col_dot = dot_evident.any()
    n_c = s.str.count_matches(",")
    n_d = s.str.count_matches(r"\.")
    last = s.str.extract(r"([.,])\d*$", 1)
    ambiguous = s.str.contains(r"^[+-]?\d{1,3}[.,]\d{3}$")
    mark = (
        pl.when((n_c > 0) & (n_d > 0))
        .then(last)
        .when((n_c == 1) & (n_d == 0))
        .then(pl.when(ambiguous & col_dot & ~col_comma).then(pl.lit(None, pl.String)).otherwise(pl.lit(",")))
        .when((n_d == 1) & (n_c == 0))
        .then(pl.when(ambiguous & col_comma & ~col_dot).then(pl.lit(None, pl.String)).otherwise(pl.lit(".")))
        .otherwise(pl.lit(None, pl.String))
    )
    plain = (
        pl.when(mark == ",")
        .then(s.str.replace_all(r"\.", "").str.replace(",", ".", literal=True))
        .when(mark == ".")
        .then(s.str.replace_all(",", "", literal=True))
        .otherwise(s.str.replace_all(r"[.,]", ""))
    )
    return pl.when(plain.str.contains(r"^[+-]?\d+(\.\d+)?$")).then(plain.cast(pl.Float64, strict=False))


def hours_to_duration(hours: pl.Expr) -> pl.Expr:
    """Decimal hours as a Duration rounded to the second (0.01 h is 36 s)."""
    return ((hours * 3600).round(0).cast(pl.Int64, strict=False) * 1_000_000).cast(pl.Duration("us"))
