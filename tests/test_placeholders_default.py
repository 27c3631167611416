"""Placeholder clock times, sign (b): a clock time to the second that starts a large share
of a file's timed blocks (DESIGN.md, "placeholder clock times"; the rule in
`cmtime.analysis.placeholders`). Generated years with one or two default starts are
marked, single-block days included; a freelancer who really starts at 09:00 is not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cmtime.analysis.scope import Scope
from cmtime.interfaces.cli import main
from tests.test_placeholders import HEADER

PARIS = ZoneInfo("Europe/Paris")
FIRST_DAY = dt.date(2026, 1, 5)  # the days run over the March change of hour


def _local(day: int, seconds: int) -> dt.datetime:
    """Day ``day`` after FIRST_DAY, ``seconds`` after local midnight in Paris, as UTC."""
    date = FIRST_DAY + dt.timedelta(days=day)
    return (dt.datetime.combine(date, dt.time(), tzinfo=PARIS) + dt.timedelta(seconds=seconds)).astimezone(dt.UTC)


def _blocks(rows: list[tuple[int, int, int]]) -> pl.LazyFrame:
    """Classified entries of one person in one file: (day, local start second, minutes)."""
    from cmtime.schema import KIND

    starts = [_local(d, s) for d, s, _ in rows]
    return pl.LazyFrame(
        {
            "origin": [f"year.csv:{i + 2}" for i in range(len(rows))],
            "source": ["toggl"] * len(rows),
            "person": ["Ana"] * len(rows),
            "date": [FIRST_DAY + dt.timedelta(days=d) for d, _, _ in rows],
            "start": starts,
            "end": [s + dt.timedelta(minutes=m) for s, (_, _, m) in zip(starts, rows, strict=True)],
            "duration": [dt.timedelta(minutes=m) for _, _, m in rows],
            "kind": pl.Series(["hidden"] * len(rows), dtype=KIND),
        },
        schema_overrides={"start": pl.Datetime("us", "UTC"), "end": pl.Datetime("us", "UTC")},
    )


def _marked(rows: list[tuple[int, int, int]]) -> list[bool]:
    from cmtime.analysis.placeholders import mark_placeholders

    return mark_placeholders(_blocks(rows), tz="Europe/Paris").collect()["placeholder_time"].to_list()


NINE = 9 * 3600
HALF_PAST_EIGHT = 8 * 3600 + 1800
# whole and half hours, as people type durations
TYPED = st.sampled_from([30, 60, 90, 120, 180, 240, 300, 360, 420, 480])
# a real start: any second of the working day, never in a default's minute (a block
# there would stack with the default's blocks: sign (a), rightly)
REAL_START = st.integers(7 * 3600, 20 * 3600).filter(lambda s: s // 60 not in (NINE // 60, HALF_PAST_EIGHT // 60))


@st.composite
def default_year(draw: st.DrawFn, defaults: tuple[int, ...]) -> tuple[list[tuple[int, int, int]], list[bool]]:
    """Days logged as durations on the tracker's default start (one to four blocks a day,
    single-block days among them), mixed with blocks timed for real; the default changes
    halfway through when two are given. Returns the rows and which are defaults."""
    days = draw(st.integers(25, 70))
    rows: list[tuple[int, int, int]] = []
    truth: list[bool] = []
    for day in range(days):
        start = defaults[0] if day < days // 2 or len(defaults) == 1 else defaults[1]
        for _ in range(draw(st.sampled_from([1, 2, 2, 3, 4]))):
            rows.append((day, start, draw(TYPED)))
            truth.append(True)
        # real blocks of a day start at different minutes (else they stack: sign (a))
        for start in draw(st.lists(REAL_START, max_size=2, unique_by=lambda s: s // 60)):
            rows.append((day, start, draw(st.integers(5, 200))))
            truth.append(False)
    # a tracker's default holds most durations, several on most days (the year:
    # 346 of 476 rows at 09:00:00); the days with one block are the ones sign (a) missed
    for start in defaults:
        at = [r for r, t in zip(rows, truth, strict=True) if t and r[1] == start]
        assume(len(at) >= 1.25 * len({d for d, _, _ in at}))
    return rows, truth


@settings(max_examples=30, deadline=None)
@given(default_year((NINE,)))
def test_one_default_start_marks_its_blocks_single_days_included(year) -> None:  # type: ignore[no-untyped-def]
    rows, truth = year
    assert _marked(rows) == truth


@settings(max_examples=30, deadline=None)
@given(default_year((NINE, HALF_PAST_EIGHT)))
def test_two_default_starts_mark_both(year) -> None:  # type: ignore[no-untyped-def]
    rows, truth = year
    assert _marked(rows) == truth


@st.composite
def real_schedule(draw: st.DrawFn, typed_nine: bool) -> list[tuple[int, int, int]]:
    """A freelancer who really starts at 09:00 most days: the first block at 09:00 (to the
    second when typed by hand, else a timer's minute and second around it), then the
    day's other blocks one after the other, through the day."""
    rows: list[tuple[int, int, int]] = []
    for day in range(draw(st.integers(25, 120))):
        if draw(st.integers(0, 9)) < 8:  # most days
            start = NINE if typed_nine else NINE + draw(st.integers(-300, 300))
        else:
            start = draw(st.integers(7 * 3600, 11 * 3600))
        for _ in range(draw(st.integers(1, 5))):
            minutes = draw(TYPED if typed_nine else st.integers(10, 240))
            rows.append((day, start, minutes))
            start += minutes * 60 + draw(st.integers(0, 90)) * 60
            if start > 23 * 3600:
                break
    return rows


@settings(max_examples=30, deadline=None)
@given(st.booleans().flatmap(real_schedule))
def test_a_real_schedule_starting_at_nine_is_not_flagged(rows) -> None:  # type: ignore[no-untyped-def]
    assert not any(_marked(rows))


def test_default_starts_need_the_share_the_count_and_the_pile() -> None:
    from cmtime.analysis.placeholders import default_starts

    def found(rows: list[tuple[int, int, int]]) -> list[int]:
        return default_starts(_blocks(rows), tz="Europe/Paris")["second"].to_list()

    stacked = [(d, NINE, 60) for d in range(10) for _ in range(2)]  # 20 blocks, 2 a day
    assert found(stacked) == [NINE]
    assert found(stacked[:-1]) == []  # 19 blocks
    spread = [(d, 14 * 3600 + d * 7, 30) for d in range(47)]  # 20 of 67 is under 30 %
    assert found(stacked + spread) == []
    assert found(stacked + spread[:40]) == [NINE]
    assert found([(d, NINE, 60) for d in range(40)]) == []  # one a day: a real start


def test_a_toggl_year_logged_as_durations_has_no_invented_lunch(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The issue's case: most rows start at 09:00:00, stacked on most days and alone on 17
    days (whole hours up to 8 h); split as real they made lunch-time work that never was."""
    lines = []
    day = dt.date(2026, 1, 5)
    n = 0
    default_h = 0.0
    while n < 80:
        if day.weekday() < 5:
            if n < 17:  # alone on its day, 0.5 to 8 h
                hours_ = [0.5, 1, 2, 3, 4, 5, 6, 7, 8][n % 9]
                blocks = [hours_]
            else:
                blocks = [1.0, 2.0, 0.5]
            for h in blocks:
                end = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(hours=h)
                lines.append(f"{day}T09:00:00,{end:%Y-%m-%dT%H:%M:%S},Dupont,Social,rédaction des posts,\n")
                default_h += h
            lines.append(f"{day}T16:{n % 60:02d}:{(n * 7) % 60:02d},{day}T16:59:00,Dupont,Social,modération,\n")
            n += 1
        day += dt.timedelta(days=1)
    path = tmp_path / "year.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    (row,) = Scope.load(path).summary()["clients"]
    assert row["offhours_midday_h"] == 0.0
    assert row["offhours_unknown_h"] >= 0.95 * default_h
    main(["check", str(path), "--json", "--lang", "en"])
    doc = json.loads(capsys.readouterr().out)
    (f,) = doc["files"]
    assert f["placeholder_blocks"] == 17 + 3 * 63
    assert f["placeholder_h"] == round(default_h, 2)
    said = f"{17 + 3 * 63} blocks ({default_h:g} h)"
    assert any(said in w and "placeholder" in w for w in doc["warnings"]), doc["warnings"]
    main(["summary", str(path), "--json", "--lang", "en"])
    assert any(said in w for w in json.loads(capsys.readouterr().out)["warnings"])
