"""Split each logged block exactly into working hours and the kinds of off-hours.

A block ``[start, start + duration)`` is cut at every local boundary of the days it touches
(local midnight, the configured working ranges, the night window) and each piece is put in
one of `CATEGORIES`. The local calendar (weekday hours, public holidays, personal days off)
comes from the `Config`; local wall times are turned into UTC instants once per calendar day,
so DST days of 23 h or 25 h are measured in real time.

How a local day is labelled, for a working day (one with ranges in ``[hours]``):

- inside a working range: ``in_hours``;
- otherwise inside the night window (default 22:00-06:00): ``night``;
- otherwise before the first range: ``early``; after the last range: ``evening``;
  between two ranges: ``midday``.

A weekday without ranges, a public holiday or a personal day off is ``day_off`` all day.
Rows without a start (duration-only sources) go wholly to ``day_off`` when their ``date`` is
a day off, and to ``unknown`` otherwise.

Choices that make the split exact:

- ``duration`` is authoritative (see DESIGN.md): a timed block is split over
  ``[start, start + duration)``; ``end`` is not read. Trackers round ``end`` and
  ``duration`` separately (Toggl differs by a second), and this keeps
  ``sum(categories) == duration`` to the microsecond with no scaling.
- A local wall time that happens twice (the clock falls back) is read as its first
  occurrence; one that never happens (the clock springs forward) is read as the instant of
  the jump. So ``02:30-04:00`` on a spring-forward night in Paris is one real hour
  (03:00-04:00), and on a fall-back night it is 2.5 real hours (from the first 02:30).
  The mapping is monotonic, so no time is created or lost.
- A night window whose start equals its end (``"22:00-22:00"``) is empty.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import polars as pl
import polars.selectors as cs

from cmtime.cache import public_holidays
from cmtime.config import Config, Person, TimeRange

#: The categories a block is split into, in output order; they sum to ``duration``.
CATEGORIES = ("in_hours", "early", "midday", "evening", "night", "day_off", "unknown")
#: The categories that count as off-hours (``offhours`` is their sum).
OFFHOURS = ("early", "midday", "evening", "night", "day_off")

_TIMED = CATEGORIES[:-1]  # every category a timed block can land in
_CODE = {name: i for i, name in enumerate(CATEGORIES)}
_DAY = dt.timedelta(days=1)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = pl.Duration("us")
_P = "_wt_"  # prefix of the temporary columns
_BUCKET = 3_600_000_000  # µs: an hour, the step of the boundary index in `_piece_index`

_CALENDAR_SCHEMA: dict[str, pl.DataType] = {
    "date": pl.Date(),
    "day_off": pl.Boolean(),
    "holiday": pl.String(),
}


def day_calendar(config: Config, start: dt.date, end: dt.date) -> pl.DataFrame:
    """One row per local date in ``[start, end]``: is it a day off, and which holiday.

    Parameters
    ----------
    config
        Working hours per weekday, holiday country and subdivision, personal days off.
        Holiday names are in ``config.language`` where the `holidays` package has it.
    start, end
        First and last date, inclusive; ``end < start`` gives an empty frame.

    Returns
    -------
    pl.DataFrame
        ``date`` (Date), ``day_off`` (Boolean: a weekday without working ranges, a public
        holiday or a personal day off) and ``holiday`` (String, null on ordinary days).

    >>> import datetime as dt
    >>> day_calendar(Config(), dt.date(2026, 7, 14), dt.date(2026, 7, 14)).row(0)
    (datetime.date(2026, 7, 14), True, 'Fête nationale')
    """
    if end < start:
        return pl.DataFrame(schema=_CALENDAR_SCHEMA)
    names: dict[dt.date, str] = {}
    if config.country:
        found = public_holidays(
            config.country,
            subdiv=config.subdivision or None,
            years=range(start.year, end.year + 1),
            language=config.language,
        )
        names = {day: name for day, name in found.items() if start <= day <= end}
    free_weekdays = [i + 1 for i in range(7) if not _ranges(config, i)]
    holidays_frame = pl.DataFrame(
        {"date": list(names), "holiday": list(names.values())},
        schema={"date": pl.Date(), "holiday": pl.String()},
    )
    return (
        pl.DataFrame({"date": pl.date_range(start, end, "1d", eager=True)})
        .join(holidays_frame, on="date", how="left", maintain_order="left")
        .select(
            "date",
            (
                pl.col("date").dt.weekday().is_in(free_weekdays)
                | pl.col("holiday").is_not_null()
                | pl.col("date").is_in(pl.Series(config.days_off, dtype=pl.Date()).implode())
            ).alias("day_off"),
            "holiday",
        )
    )


def split_worktime(
    lf: pl.LazyFrame, *, config: Config, span: tuple[dt.date, dt.date] | None = None
) -> pl.LazyFrame:
    """Add the exact split of each block into working hours and off-hours categories.

    Parameters
    ----------
    lf
        Blocks with at least ``start`` (Datetime(us, UTC), null for duration-only rows),
        ``date`` (Date, local) and ``duration`` (Duration(us), not negative).
    config
        Time zone, working hours, night window, holidays and personal days off.
    span
        First and last local date of the calendar (`day_span`), when the caller knows
        dates that cover the blocks: otherwise they are collected from ``lf``, which
        runs the plan behind ``lf`` once more. A wider span gives the same split.

    Returns
    -------
    pl.LazyFrame
        The same rows in the same order, with Duration(us) columns added: one per name in
        `CATEGORIES` (they sum to ``duration`` exactly) and ``offhours``, the sum of
        `OFFHOURS`.

    Notes
    -----
    The calendar is sized to the data: one small aggregate (earliest start, latest end,
    date span) is collected here; the split itself stays lazy. Each block costs two look-ups
    in a timeline of the calendar's boundaries with running totals per category, whatever
    its length, so long blocks (a 48 h hackathon) cost no more than short ones.
    """
    lo, hi = span or day_span(lf, config.timezone)
    calendar = day_calendar(config, lo, hi)
    line = _timeline(config, calendar)
    off_days = calendar.filter("day_off")["date"]
    bounds, codes = pl.lit(line["b"]), pl.lit(line["code"])

    start = pl.col("start").dt.epoch("us")
    length = pl.col("duration").dt.total_microseconds()
    timed = pl.col("start").is_not_null()
    known = pl.col("duration").is_not_null()  # never null in the canonical schema
    # The interval split, in microseconds since the epoch; rows without a start (or a
    # duration) get an empty interval at the first boundary.
    ends = {"s": pl.when(timed & known).then(start), "e": pl.when(timed).then(start + length)}

    def col(what: str, end: str) -> pl.Expr:
        return pl.col(f"{_P}{what}{end}")

    def running(name: str, end: str) -> pl.Expr:
        # Time spent in `name` from the first boundary to this end of the interval.
        inside = pl.when(col("code", end) == _CODE[name]).then(col("t", end) - col("b", end))
        return pl.lit(line[f"c_{name}"]).gather(col("j", end)) + inside.otherwise(0)

    untimed_off = ~timed & pl.col("date").is_in(off_days.implode()).fill_null(False)
    untimed = {
        "day_off": pl.when(untimed_off).then(length).otherwise(0),
        "unknown": pl.when(~timed & ~untimed_off).then(length).otherwise(0),
    }
    split = {name: running(name, "e") - running(name, "s") for name in _TIMED}
    return (
        lf.with_columns(expr.fill_null(line["b"][0]).alias(f"{_P}t{k}") for k, expr in ends.items())
        .with_columns(
            # index of the boundary at or before each end: the piece it falls in
            _piece_index(col("t", k), line["b"]).alias(f"{_P}j{k}")
            for k in ends
        )
        .with_columns(
            expr
            for k in ends
            for expr in (
                bounds.gather(col("j", k)).alias(f"{_P}b{k}"),
                codes.gather(col("j", k)).alias(f"{_P}code{k}"),
            )
        )
        .with_columns(
            pl.when(known)
            .then(sum((p[name] for p in (split, untimed) if name in p), start=pl.lit(0)))
            .cast(_US)
            .alias(name)
            for name in CATEGORIES
        )
        .with_columns(pl.sum_horizontal(OFFHOURS, ignore_nulls=False).alias("offhours"))
        .drop(cs.starts_with(_P))
    )


def person_config(config: Config, person: Person) -> Config:
    """The calendar of one person: their own ``hours`` (else ``[hours]``), and their own
    ``days_off`` on top of the config's (public holidays stay the config's country's)."""
    return dataclasses.replace(
        config,
        hours=person.hours if person.hours is not None else config.hours,
        days_off=tuple(sorted({*config.days_off, *person.days_off})),
    )


def person_key(name: pl.Expr) -> pl.Expr:
    """The key a person's name is matched on in ``[people]``: trimmed, case-folded."""
    return name.str.strip_chars().str.to_lowercase()


def split_by_person(
    lf: pl.LazyFrame, *, config: Config, span: tuple[dt.date, dt.date] | None = None
) -> pl.LazyFrame:
    """`split_worktime`, each person's rows with that person's calendar (`person_config`):
    off-hours are outside *their* working hours, on *their* days off.

    The rows of people without own ``hours`` or ``days_off`` (and rows without a person)
    use the config's calendar; the rows keep their order. With no such person this is
    `split_worktime` itself.
    """
    own = [p for p in config.people if p.hours is not None or p.days_off]
    if not own:
        return split_worktime(lf, config=config, span=span)
    lo, hi = span or day_span(lf, config.timezone)
    index, who = "_by_person_row", "_by_person_who"  # not _P: split_worktime drops those
    keyed = lf.with_row_index(index).with_columns(person_key(pl.col("person")).alias(who))
    names = [p.name.strip().lower() for p in own]
    parts = [
        keyed.filter(~pl.col(who).is_in(names).fill_null(False)).pipe(
            split_worktime, config=config, span=(lo, hi)
        )
    ]
    parts += [
        keyed.filter(pl.col(who) == name).pipe(
            split_worktime, config=person_config(config, p), span=(lo, hi)
        )
        for p, name in zip(own, names, strict=True)
    ]
    return pl.concat(parts).sort(index).drop(index, who)


def _ranges(config: Config, weekday: int) -> tuple[TimeRange, ...]:
    """Working ranges of ``weekday`` (0 = Monday); a missing weekday has none."""
    return config.hours[weekday] if weekday < len(config.hours) else ()


def day_span(lf: pl.LazyFrame, tz: str) -> tuple[dt.date, dt.date]:
    """The local dates the blocks touch, with a day of margin on each side."""
    local = {
        "lo": pl.col("start").min(),
        "hi": (pl.col("start") + pl.col("duration")).max(),
    }
    row = (
        lf.select(
            *(e.dt.convert_time_zone(tz).dt.date().alias(k) for k, e in local.items()),
            pl.col("date").min().alias("lo_date"),
            pl.col("date").max().alias("hi_date"),
        )
        .collect()
        .row(0, named=True)
    )
    lows = [d for d in (row["lo"], row["lo_date"]) if d is not None]
    highs = [d for d in (row["hi"], row["hi_date"]) if d is not None]
    if not lows or not highs:  # no rows: any one day will do
        return dt.date(2000, 1, 1), dt.date(2000, 1, 1)
    return min(lows) - _DAY, max(highs) + _DAY


def _day_template(
    ranges: tuple[TimeRange, ...], night: TimeRange
) -> list[tuple[dt.timedelta, int]]:
    """Where each category starts in a local day (from 00:00), for one weekday's ranges."""
    if not ranges:
        return [(dt.timedelta(0), _CODE["day_off"])]
    if night.end < night.start:
        nights = [(dt.timedelta(0), night.end), (night.start, _DAY)]
    elif night.end > night.start:
        nights = [(night.start, night.end)]
    else:
        nights = []
    cuts = {dt.timedelta(0), _DAY}
    cuts.update(t for r in ranges for t in (r.start, r.end))
    cuts.update(min(t, _DAY) for n in nights for t in n)
    points = sorted(cuts)
    out: list[tuple[dt.timedelta, int]] = []
    for a, b in itertools.pairwise(points):
        mid = a + (b - a) / 2
        if any(r.start <= mid < r.end for r in ranges):
            name = "in_hours"
        elif any(n0 <= mid < n1 for n0, n1 in nights):
            name = "night"
        elif mid < ranges[0].start:
            name = "early"
        elif mid >= ranges[-1].end:
            name = "evening"
        else:
            name = "midday"
        if not out or out[-1][1] != _CODE[name]:
            out.append((a, _CODE[name]))
    return out


def _timeline(config: Config, calendar: pl.DataFrame) -> pl.DataFrame:
    """Category boundaries of the calendar's days as UTC instants, with running totals.

    One row per boundary, sorted: ``b`` (microseconds since the epoch), ``code`` (index in
    `CATEGORIES` of the piece that starts there; -1 on the last row, the end of the last
    day) and, per timed category, ``c_<name>``: its time from the first boundary to ``b``.
    """
    template = pl.DataFrame(
        [
            (key, offset, code)
            for key in range(8)  # 0: day off; 1..7: Monday..Sunday
            for offset, code in _day_template(_ranges(config, key - 1) if key else (), config.night)
        ],
        schema={"key": pl.Int8(), "offset": _US, "code": pl.Int8()},
        orient="row",
    )
    walls = (
        calendar.select(
            "date",
            pl.when("day_off")
            .then(0)
            .otherwise(pl.col("date").dt.weekday())
            .cast(pl.Int8)
            .alias("key"),
        )
        .join(template, on="key")
        .select(
            (pl.col("date").cast(pl.Datetime("us")) + pl.col("offset")).alias("wall"),
            "code",
        )
        .vstack(
            calendar.select(  # the end of the last day
                (pl.col("date").max().cast(pl.Datetime("us")) + _DAY).alias("wall"),
                pl.lit(-1, pl.Int8).alias("code"),
            )
        )
        .sort("wall")
    )
    line = walls.select(_instants(walls["wall"], config.timezone).alias("b"), "code")
    line = line.filter(pl.col("b").shift(-1).ne_missing(pl.col("b")))  # drop empty pieces
    if not line["b"].is_sorted():  # pragma: no cover - would be a bug in _instants
        msg = f"local boundaries in {config.timezone!r} are not in time order"
        raise RuntimeError(msg)
    piece = pl.col("b").shift(-1, fill_value=pl.col("b").last()) - pl.col("b")
    return line.with_columns(
        pl.when(pl.col("code") == _CODE[name])
        .then(piece)
        .otherwise(0)
        .cum_sum()
        .shift(1, fill_value=0)
        .alias(f"c_{name}")
        for name in _TIMED
    )


def _piece_index(t: pl.Expr, bounds: pl.Series) -> pl.Expr:
    """Index of the last boundary at or before ``t`` (µs), for ``bounds[0] <= t < bounds[-1]``.

    The same as ``search_sorted(side="right") - 1``, several times faster: an hourly table
    gives the last boundary at or before the start of ``t``'s hour, then one step forward
    per boundary that can lie inside an hour (one for usual working hours).
    """
    first = bounds[0]
    hour = (bounds - first) // _BUCKET
    hours = pl.int_range(hour[-1] + 1, eager=True) * _BUCKET + first
    table = bounds.search_sorted(hours, side="right").cast(pl.Int64) - 1
    inside = hour.filter((bounds - first) % _BUCKET != 0)
    steps = inside.value_counts()["count"].max() if len(inside) else 0
    last = len(bounds) - 1
    index = pl.lit(table).gather((t - first) // _BUCKET)
    for _ in range(int(steps or 0)):
        ahead = pl.lit(bounds).gather((index + 1).clip(upper_bound=last))
        index = index + (ahead <= t).cast(pl.Int64)
    return index


def _instants(walls: pl.Series, tz: str) -> pl.Series:
    """Microseconds since the epoch of naive local wall times in ``tz``.

    A repeated wall time is its first occurrence; a skipped one is the instant of the jump.
    """
    out = walls.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null").dt.epoch("us")
    gaps = out.is_null() & walls.is_not_null()
    if not gaps.any():
        return out
    zone = ZoneInfo(tz)
    fixed = [_jump(w, zone) for w in walls.filter(gaps)]  # a few per year, calendar only
    return out.scatter(gaps.arg_true(), fixed)


def _jump(wall: dt.datetime, zone: ZoneInfo) -> int:
    """The instant (µs since the epoch) when the clock jumps over the skipped ``wall``."""

    def offset(us: int) -> dt.timedelta | None:
        return (_EPOCH + dt.timedelta(microseconds=us)).astimezone(zone).utcoffset()

    before = wall.replace(tzinfo=zone, fold=0).utcoffset() or dt.timedelta(0)  # before the jump
    after = wall.replace(tzinfo=zone, fold=1).utcoffset() or dt.timedelta(0)
    lo = (wall - after - _EPOCH.replace(tzinfo=None)) // dt.timedelta(microseconds=1)
    hi = (wall - before - _EPOCH.replace(tzinfo=None)) // dt.timedelta(microseconds=1)
    while hi - lo > 1:  # offset(lo) == before, offset(hi) == after
        mid = (lo + hi) // 2
        if offset(mid) == before:
            lo = mid
        else:
            hi = mid
    return hi
