"""Property tests of the off-hours split: no time is created or lost, and it matches an oracle."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.analysis.worktime import CATEGORIES, OFFHOURS, split_worktime
from cmtime.config import Config, TimeRange

SCHEMA: dict[str, pl.DataType] = {
    "start": pl.Datetime("us", "UTC"),
    "date": pl.Date(),
    "duration": pl.Duration("us"),
}
ZONES = ("Europe/Paris", "America/Toronto")
COUNTRIES = (("", ""), ("FR", ""), ("CA", "QC"))
FIRST = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
SPAN_US = int((dt.datetime(2028, 1, 1, tzinfo=dt.UTC) - FIRST) / dt.timedelta(microseconds=1))
HOUR_US = 3_600_000_000
# Around the DST changes of both zones in 2025-2027 (06:00 UTC on the change days).
DST_DAYS = [
    "2025-03-09", "2025-03-30", "2025-10-26", "2025-11-02", "2026-03-08", "2026-03-29",
    "2026-10-25", "2026-11-01", "2027-03-14", "2027-03-28", "2027-10-31", "2027-11-07",
]  # fmt: skip
DST = [dt.datetime.fromisoformat(f"{d}T06:00+00:00") for d in DST_DAYS]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def minutes(m: int) -> dt.timedelta:
    return dt.timedelta(minutes=m)


@st.composite
def calendars(draw: st.DrawFn, *, step: int = 1, avoid: tuple[int, int] | None = None) -> Config:
    """A random config: zone, holidays, 0-3 ranges per weekday, a night window, days off.

    Boundaries fall on multiples of ``step`` minutes, and never strictly inside ``avoid``.
    """
    points = [m for m in range(0, 24 * 60 + 1, step) if not (avoid and avoid[0] < m < avoid[1])]
    busy = [m for m in points if 9 * 60 <= m <= 10 * 60]  # many boundaries in one hour
    hours = []
    for _ in range(7):
        pick = st.sampled_from(points) | st.sampled_from(busy)
        cuts = sorted(draw(st.sets(pick, max_size=6)))
        cuts = cuts[: len(cuts) // 2 * 2]
        hours.append(
            tuple(
                TimeRange(minutes(a), minutes(b))
                for a, b in zip(cuts[::2], cuts[1::2], strict=True)
            )
        )
    night = TimeRange(
        minutes(draw(st.sampled_from(points[:-1]))), minutes(draw(st.sampled_from(points)))
    )
    country, subdivision = draw(st.sampled_from(COUNTRIES))
    days_off = draw(st.lists(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), max_size=5))
    return Config(
        timezone=draw(st.sampled_from(ZONES)),
        hours=tuple(hours),
        night=night,
        country=country,
        subdivision=subdivision,
        days_off=tuple(sorted(set(days_off))),
    )


@st.composite
def blocks(
    draw: st.DrawFn, *, max_hours: int = 72, untimed: bool = True
) -> list[dict[str, object]]:
    """1-25 blocks in 2025-2027, many across DST nights; some without a start."""
    rows: list[dict[str, object]] = []
    for _ in range(draw(st.integers(1, 25))):
        length = dt.timedelta(microseconds=draw(st.integers(0, max_hours * HOUR_US)))
        if untimed and draw(st.integers(0, 9)) == 0:
            day = draw(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)))
            rows.append({"start": None, "date": day, "duration": length})
            continue
        if draw(st.booleans()):
            shift = draw(st.integers(-max_hours * HOUR_US, 36 * HOUR_US))
            start = draw(st.sampled_from(DST)) + dt.timedelta(microseconds=shift)
        else:
            start = FIRST + dt.timedelta(microseconds=draw(st.integers(0, SPAN_US)))
        # `date` is the local day; a wrong one must not matter for timed rows.
        rows.append({"start": start, "date": start.date(), "duration": length})
    return rows


def run(rows: list[dict[str, object]], config: Config) -> pl.DataFrame:
    return split_worktime(pl.LazyFrame(rows, schema=SCHEMA), config=config).collect()


@SETTINGS
@given(config=calendars(), rows=blocks(), cut=st.floats(0, 1))
def test_no_time_created_or_lost(config: Config, rows: list[dict[str, object]], cut: float) -> None:
    got = run(rows, config)
    assert got.height == len(rows)
    zero = pl.duration()
    checks = got.select(
        total=pl.sum_horizontal(CATEGORIES) == pl.col("duration"),
        positive=pl.all_horizontal(pl.col(c) >= zero for c in CATEGORIES),
        offhours=pl.sum_horizontal(OFFHOURS) == pl.col("offhours"),
        untimed=pl.col("start").is_not_null()
        | (pl.col("day_off") + pl.col("unknown") == pl.col("duration")),
        timed=pl.col("start").is_null() | (pl.col("unknown") == zero),
    )
    assert checks.select(pl.all().all()).row(0) == (True,) * 5

    # Cutting every timed block in two changes nothing.
    timed = pl.LazyFrame(rows, schema=SCHEMA).filter(pl.col("start").is_not_null())
    first = timed.with_columns(pl.col("duration") * cut).with_columns(
        pl.col("duration").dt.cast_time_unit("us")
    )
    halves = pl.concat(
        [
            first,
            timed.with_columns(
                pl.col("start") + pl.col("duration") * cut,
                pl.col("duration") - pl.col("duration") * cut,
            ),
        ]
    ).with_columns(pl.col("duration").dt.cast_time_unit("us"))
    whole = got.filter(pl.col("start").is_not_null()).select(pl.col(CATEGORIES).sum())
    parts = split_worktime(halves, config=config).select(pl.col(CATEGORIES).sum()).collect()
    assert whole.row(0) == parts.row(0)


def oracle(rows: list[dict[str, object]], config: Config) -> list[tuple[dt.timedelta, ...]]:
    """Classify each 15-minute UTC slice by its local wall time, in plain Python.

    Valid when the zone's offsets are whole hours and every boundary is a quarter hour
    outside the DST changes (01:00-03:00 excluded): then a slice lies in one category.
    """
    zone = ZoneInfo(config.timezone)
    found = (
        holidays.country_holidays(
            config.country, subdiv=config.subdivision or None, years=range(2024, 2029)
        )
        if config.country
        else {}
    )
    quarter = dt.timedelta(minutes=15)
    out = []
    for row in rows:
        start, length = row["start"], row["duration"]
        assert isinstance(start, dt.datetime)
        assert isinstance(length, dt.timedelta)
        end = start + length
        totals = dict.fromkeys(CATEGORIES, dt.timedelta(0))
        q = start - (start - FIRST) % quarter
        while q < end:
            local = q.astimezone(zone)
            totals[category(local, config, found)] += min(end, q + quarter) - max(start, q)
            q += quarter
        out.append(tuple(totals[c] for c in CATEGORIES))
    return out


def category(local: dt.datetime, config: Config, found: object) -> str:
    """The category of a local wall time."""
    ranges = config.hours[local.weekday()]
    day = local.date()
    if not ranges or day in config.days_off or day in found:  # type: ignore[operator]
        return "day_off"
    t = dt.timedelta(hours=local.hour, minutes=local.minute)
    ns, ne = config.night.start, config.night.end
    if any(r.start <= t < r.end for r in ranges):
        return "in_hours"
    if (ns <= t < ne) if ns <= ne else (t >= ns or t < ne):
        return "night"
    if t < ranges[0].start:
        return "early"
    if t >= ranges[-1].end:
        return "evening"
    return "midday"


@SETTINGS
@given(config=calendars(step=15, avoid=(60, 180)), rows=blocks(max_hours=30, untimed=False))
def test_matches_slice_oracle(config: Config, rows: list[dict[str, object]]) -> None:
    got = run(rows, config).select(CATEGORIES).rows()
    assert got == oracle(rows, config)
