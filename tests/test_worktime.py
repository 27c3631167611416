"""Hand-checked splits of blocks into working hours and off-hours (Europe/Paris unless said)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cmtime.analysis.worktime import CATEGORIES, OFFHOURS, day_calendar, split_worktime
from cmtime.config import Config, parse_range

PARIS = ZoneInfo("Europe/Paris")
UTC_DT = pl.Datetime("us", "UTC")
US = pl.Duration("us")
SCHEMA: dict[str, pl.DataType] = {
    "entry_id": pl.String(),
    "start": UTC_DT,
    "end": UTC_DT,
    "date": pl.Date(),
    "duration": US,
}
OUT = [*CATEGORIES, "offhours"]


def h(hours: float = 0, minutes: float = 0) -> dt.timedelta:
    return dt.timedelta(hours=hours, minutes=minutes)


def block(a: str, b: str, *, tz: str = "Europe/Paris", entry_id: str = "x") -> dict[str, object]:
    """A timed row from local wall times ``"YYYY-MM-DD HH:MM"`` (first occurrence)."""
    zone = ZoneInfo(tz)
    start = dt.datetime.fromisoformat(a).replace(tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.fromisoformat(b).replace(tzinfo=zone).astimezone(dt.UTC)
    return {
        "entry_id": entry_id,
        "start": start,
        "end": end,
        "date": dt.date.fromisoformat(a[:10]),
        "duration": end - start,
    }


def untimed(day: str, duration: dt.timedelta, entry_id: str = "x") -> dict[str, object]:
    """A duration-only row (Harvest, Kimai): no start, no end."""
    return {
        "entry_id": entry_id,
        "start": None,
        "end": None,
        "date": dt.date.fromisoformat(day),
        "duration": duration,
    }


def split(rows: list[dict[str, object]], config: Config | None = None) -> pl.DataFrame:
    lf = pl.LazyFrame(rows, schema=SCHEMA)
    return split_worktime(lf, config=config or Config()).collect()


def expect(*rows: dict[str, dt.timedelta]) -> pl.DataFrame:
    """Expected categories; unnamed ones are zero and ``offhours`` is derived."""
    full = []
    for row in rows:
        cats = {c: row.get(c, dt.timedelta(0)) for c in CATEGORIES}
        full.append({**cats, "offhours": sum((cats[c] for c in OFFHOURS), dt.timedelta(0))})
    return pl.DataFrame(full, schema=dict.fromkeys(OUT, US))


def check(
    rows: list[dict[str, object]], *want: dict[str, dt.timedelta], config: Config | None = None
) -> None:
    got = split(rows, config)
    assert_frame_equal(got.select(OUT), expect(*want))
    total = got.select(pl.sum_horizontal(CATEGORIES) == pl.col("duration")).to_series()
    assert total.all()


def with_hours(config: Config, **days: list[str]) -> Config:
    """``config`` with the working ranges of some weekdays replaced."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    hours = list(config.hours)
    for day, ranges in days.items():
        hours[names.index(day)] = tuple(parse_range(r) for r in ranges)
    return replace(config, hours=tuple(hours))


# --- the examples of the issue ------------------------------------------------------------


def test_lunch_gap_tuesday() -> None:
    check([block("2026-03-10 12:00", "2026-03-10 14:00")], {"in_hours": h(1), "midday": h(1)})


def test_friday_evening_into_saturday() -> None:
    check(
        [block("2026-03-13 16:30", "2026-03-14 01:00")],
        {"in_hours": h(0, 30), "evening": h(5), "night": h(2), "day_off": h(1)},
    )


def test_public_holiday() -> None:
    check([block("2026-07-14 10:00", "2026-07-14 12:00")], {"day_off": h(2)})


def test_personal_day_off() -> None:
    rows = [block("2026-08-10 10:00", "2026-08-10 12:00")]  # a Monday
    check(rows, {"in_hours": h(2)})
    check(rows, {"day_off": h(2)}, config=Config(days_off=(dt.date(2026, 8, 10),)))


def test_early_morning() -> None:
    check(
        [block("2026-03-10 05:00", "2026-03-10 10:00")],
        {"night": h(1), "early": h(3), "in_hours": h(1)},
    )


def test_duration_only_rows() -> None:
    check(
        [
            untimed("2026-03-10", h(2)),  # Tuesday
            untimed("2026-03-15", h(3)),  # Sunday
            untimed("2026-07-14", h(1)),  # holiday
        ],
        {"unknown": h(2)},
        {"day_off": h(3)},
        {"day_off": h(1)},
    )


def test_48h_block_over_weekdays() -> None:
    check(
        [block("2026-03-11 09:00", "2026-03-13 09:00")],  # Wednesday to Friday
        {"in_hours": h(16), "midday": h(2), "evening": h(8), "night": h(16), "early": h(6)},
    )


def test_48h_hackathon_over_weekend() -> None:
    check(
        [block("2026-03-13 18:00", "2026-03-15 18:00")],  # Friday 18:00 to Sunday 18:00
        {"evening": h(4), "night": h(2), "day_off": h(42)},
    )


# --- daylight saving time --------------------------------------------------------------------

WEEKEND = with_hours(Config(), sat=["09:00-12:30"], sun=["09:00-12:30"])


def test_spring_forward_night_is_7_real_hours() -> None:
    rows = [block("2026-03-28 20:00", "2026-03-29 04:00")]
    assert rows[0]["duration"] == h(7)
    check(rows, {"evening": h(2), "night": h(5)}, config=WEEKEND)
    check(rows, {"day_off": h(7)})


def test_fall_back_night_is_9_real_hours() -> None:
    rows = [block("2026-10-24 20:00", "2026-10-25 04:00")]
    assert rows[0]["duration"] == h(9)
    check(rows, {"evening": h(2), "night": h(7)}, config=WEEKEND)


@pytest.mark.parametrize(
    ("day", "length", "night"),
    [("2026-03-29", h(23), h(5 + 2)), ("2026-10-25", h(25), h(7 + 2))],
)
def test_whole_dst_day(day: str, length: dt.timedelta, night: dt.timedelta) -> None:
    nxt = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    rows = [block(f"{day} 00:00", f"{nxt} 00:00")]
    assert rows[0]["duration"] == length
    check(
        rows,
        {"in_hours": h(3, 30), "early": h(3), "evening": h(9, 30), "night": night},
        config=WEEKEND,
    )


def test_range_inside_the_skipped_hour() -> None:
    # 02:30 never happens on 2026-03-29: the range starts when the clock jumps to 03:00.
    config = with_hours(Config(), sun=["02:30-04:00"])
    rows = [block("2026-03-29 00:00", "2026-03-30 00:00")]
    check(rows, {"night": h(2 + 2 + 2), "in_hours": h(1), "evening": h(16)}, config=config)


def test_range_inside_the_repeated_hour() -> None:
    # 02:30 happens twice on 2026-10-25: the range starts at the first one.
    config = with_hours(Config(), sun=["02:30-04:00"])
    rows = [block("2026-10-25 00:00", "2026-10-26 00:00")]
    check(rows, {"night": h(2.5 + 2 + 2), "in_hours": h(2.5), "evening": h(16)}, config=config)


def test_several_boundaries_inside_the_skipped_hour() -> None:
    config = with_hours(Config(), sun=["02:00-02:30", "02:45-04:00"])
    rows = [block("2026-03-29 00:00", "2026-03-30 00:00")]
    check(rows, {"night": h(2 + 2 + 2), "in_hours": h(1), "evening": h(16)}, config=config)


def test_toronto_spring_forward_and_quebec_holiday() -> None:
    config = Config(timezone="America/Toronto", country="CA", subdivision="QC")
    tz = "America/Toronto"
    check(
        [
            # Friday 2026-03-06 20:00 -> Monday 2026-03-09 07:00; DST starts on Sunday 8.
            block("2026-03-06 20:00", "2026-03-09 07:00", tz=tz),
            block("2026-06-24 10:00", "2026-06-24 11:00", tz=tz),  # Fête nationale du Québec
            block("2026-06-25 10:00", "2026-06-25 11:00", tz=tz),
        ],
        {"evening": h(2), "night": h(2 + 6), "day_off": h(47), "early": h(1)},
        {"day_off": h(1)},
        {"in_hours": h(1)},
        config=config,
    )


# --- boundaries and edge cases ---------------------------------------------------------------


def test_duration_is_authoritative() -> None:
    # Toggl: end - start is one second longer than the exported duration.
    row = block("2026-03-10 17:00", "2026-03-10 19:00")
    row["end"] = row["end"] + dt.timedelta(seconds=1)  # type: ignore[operator]
    row["duration"] = h(1, 30)
    check([row], {"in_hours": h(1), "evening": h(0, 30)})


def test_exact_boundaries_and_empty_blocks() -> None:
    check(
        [
            block("2026-03-10 22:00", "2026-03-11 00:00"),  # ends at midnight
            block("2026-03-11 00:00", "2026-03-11 00:00"),  # empty, at midnight
            block("2026-03-11 12:30", "2026-03-11 13:30"),  # exactly the lunch break
            block("2026-03-11 09:00", "2026-03-11 18:00"),  # exactly the working day
        ],
        {"night": h(2)},
        {},
        {"midday": h(1)},
        {"in_hours": h(8), "midday": h(1)},
    )


def test_microsecond_pieces() -> None:
    row = block("2026-03-10 08:59", "2026-03-10 09:00")
    row["start"] = row["end"] - dt.timedelta(microseconds=3)  # type: ignore[operator]
    row["duration"] = dt.timedelta(microseconds=7)
    check([row], {"early": dt.timedelta(microseconds=3), "in_hours": dt.timedelta(microseconds=4)})


@pytest.mark.parametrize(
    ("night", "want"),
    [
        ("22:00-06:00", {"night": h(6 + 2), "early": h(3), "evening": h(4)}),
        ("23:00-05:00", {"night": h(5 + 1), "early": h(4), "evening": h(5)}),
        ("00:00-05:00", {"night": h(5), "early": h(4), "evening": h(6)}),
        ("22:00-22:00", {"early": h(9), "evening": h(6)}),
    ],
)
def test_night_windows(night: str, want: dict[str, dt.timedelta]) -> None:
    config = replace(Config(), night=parse_range(night, wrap=True))
    rows = [block("2026-03-10 00:00", "2026-03-11 00:00")]
    check(rows, {"in_hours": h(8), "midday": h(1), **want}, config=config)


def test_several_boundaries_in_one_hour() -> None:
    config = with_hours(Config(), tue=["09:00-09:10", "09:20-09:30", "09:40-10:00"])
    rows = [
        block("2026-03-10 08:00", "2026-03-10 11:00"),
        block("2026-03-10 09:05", "2026-03-10 09:55"),  # both ends inside the hour
    ]
    check(
        rows,
        {"early": h(1), "in_hours": h(0, 40), "midday": h(0, 20), "evening": h(1)},
        {"in_hours": h(0, 30), "midday": h(0, 20)},
        config=config,
    )


def test_working_range_until_midnight_beats_night() -> None:
    config = with_hours(Config(), tue=["20:00-24:00"])
    rows = [block("2026-03-10 19:00", "2026-03-11 01:00")]
    check(rows, {"early": h(1), "in_hours": h(4), "night": h(1)}, config=config)


def test_keeps_rows_columns_and_order() -> None:
    rows = [
        untimed("2026-03-15", h(1), entry_id="c"),
        block("2026-03-10 12:00", "2026-03-10 14:00", entry_id="a"),
        block("2025-12-31 23:00", "2026-01-01 01:00", entry_id="b"),
    ]
    got = split(rows)
    assert_frame_equal(got.select(list(SCHEMA)), pl.DataFrame(rows, schema=SCHEMA))
    assert got.columns == [*SCHEMA, *OUT]
    assert_frame_equal(
        got.select(OUT),
        expect(
            {"day_off": h(1)}, {"in_hours": h(1), "midday": h(1)}, {"night": h(1), "day_off": h(1)}
        ),
    )


def test_lazy_schema_and_empty_input() -> None:
    lf = split_worktime(pl.LazyFrame(schema=SCHEMA), config=Config())
    assert isinstance(lf, pl.LazyFrame)
    assert lf.collect_schema() == pl.Schema({**SCHEMA, **dict.fromkeys(OUT, US)})
    assert lf.collect().height == 0


def test_only_duration_only_rows() -> None:
    check([untimed("2026-03-14", h(2))], {"day_off": h(2)})


# --- the day calendar ------------------------------------------------------------------------


def test_day_calendar_week_of_14_july() -> None:
    got = day_calendar(
        Config(days_off=(dt.date(2026, 7, 16),)), dt.date(2026, 7, 13), dt.date(2026, 7, 19)
    )
    want = pl.DataFrame(
        {
            "date": pl.date_range(dt.date(2026, 7, 13), dt.date(2026, 7, 19), eager=True),
            "day_off": [False, True, False, True, False, True, True],
            "holiday": [None, "Fête nationale", None, None, None, None, None],
        },
        schema={"date": pl.Date(), "day_off": pl.Boolean(), "holiday": pl.String()},
    )
    assert_frame_equal(got, want)


def test_day_calendar_english_quebec_and_no_country() -> None:
    config = Config(country="CA", subdivision="QC", language="en", timezone="America/Toronto")
    got = day_calendar(config, dt.date(2026, 6, 24), dt.date(2026, 6, 24))
    assert got.row(0) == (dt.date(2026, 6, 24), True, "Saint John the Baptist Day")
    none = day_calendar(Config(country=""), dt.date(2026, 7, 14), dt.date(2026, 7, 14))
    assert none.row(0) == (dt.date(2026, 7, 14), False, None)


def test_day_calendar_weekday_without_hours_and_empty_span() -> None:
    config = with_hours(Config(), wed=[])
    got = day_calendar(config, dt.date(2026, 3, 9), dt.date(2026, 3, 11))
    assert got["day_off"].to_list() == [False, False, True]
    assert day_calendar(config, dt.date(2026, 3, 11), dt.date(2026, 3, 10)).height == 0


def test_categories_constant() -> None:
    assert CATEGORIES == ("in_hours", "early", "midday", "evening", "night", "day_off", "unknown")
    assert PARIS.key == "Europe/Paris"
