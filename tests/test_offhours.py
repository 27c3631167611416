"""Off-hours aggregates, hand-checked on tiny frames (Europe/Paris), and on the sample year."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cmtime.analysis.classify import classify
from cmtime.analysis.metrics import summary
from cmtime.analysis.offhours import (
    CATEGORY_COLUMNS,
    late_days,
    longest_streak,
    offhours_by,
    offhours_long,
    punchcard,
    team_offhours,
    weekends_worked,
    working_hours,
)
from cmtime.analysis.pipeline import SAMPLE_DIR, analyse
from cmtime.analysis.worktime import CATEGORIES, split_worktime
from cmtime.config import Config
from cmtime.readers import read_paths
from cmtime.schema import ENTRY_SCHEMA
from cmtime.text.labels import label

PARIS = ZoneInfo("Europe/Paris")
CONFIG = Config()


def row(
    a: str,
    b: str | None = None,
    *,
    hours: float | None = None,
    person: str = "Camille",
    client: str | None = "Dupont",
    kind: str = "visible",
) -> dict[str, object]:
    """An entry from local wall times ``"YYYY-MM-DD HH:MM"`` (``b`` or ``hours`` long).

    ``a`` of ``"YYYY-MM-DD"`` alone gives a duration-only row of ``hours``. ``kind`` is
    set through the tags classify reads (``visible``, ``hidden``, ``attente``).
    """
    if len(a) == 10:
        start = end = None
        day = dt.date.fromisoformat(a)
        duration = dt.timedelta(hours=hours or 0)
    else:
        start = dt.datetime.fromisoformat(a).replace(tzinfo=PARIS).astimezone(dt.UTC)
        if b is not None:
            end = dt.datetime.fromisoformat(b).replace(tzinfo=PARIS).astimezone(dt.UTC)
        else:
            end = start + dt.timedelta(hours=hours or 0)
        day = dt.date.fromisoformat(a[:10])
        duration = end - start
    tag = {"visible": "visible", "hidden": "hidden", "wait": "attente"}[kind]
    return {
        "entry_id": f"{person}{a}{b}{hours}{kind}",
        "source": "cmtime",
        "origin": "test",
        "person": person,
        "client": client,
        "project": "",
        "task": "",
        "description": "",
        "tags": [tag],
        "start": start,
        "end": end,
        "date": day,
        "duration": duration,
        "billable": None,
    }


def entries(*rows: dict[str, object], config: Config = CONFIG) -> pl.LazyFrame:
    lf = pl.LazyFrame(list(rows), schema=ENTRY_SCHEMA)
    return lf.pipe(classify).pipe(split_worktime, config=config)


def cells(lf: pl.LazyFrame) -> dict[tuple[int, int], float]:
    """The non-empty cells of the punch card."""
    df = punchcard(lf, config=CONFIG).collect()
    return {(d, h): v for d, h, v in df.filter(pl.col("hours") > 0).iter_rows()}


# -- punch card ----------------------------------------------------------------------------


def test_punchcard_splits_a_block_over_hours() -> None:
    lf = entries(row("2026-03-02 09:30", "2026-03-02 11:15"))  # a Monday
    df = punchcard(lf, config=CONFIG).collect()
    assert df.schema == pl.Schema({"weekday": pl.Int8, "hour": pl.Int8, "hours": pl.Float64})
    assert df.height == 7 * 24
    assert cells(lf) == {(1, 9): 0.5, (1, 10): 1.0, (1, 11): 0.25}
    assert df["hours"].sum() == 1.75


def test_punchcard_across_midnight() -> None:
    lf = entries(row("2026-03-06 23:30", "2026-03-07 00:45"))  # Friday into Saturday
    assert cells(lf) == {(5, 23): 0.5, (6, 0): 0.75}


def test_punchcard_spring_forward_has_no_2_am() -> None:
    # 2026-03-29, Paris: 02:00 CET jumps to 03:00 CEST; 01:30-03:30 is one real hour.
    lf = entries(row("2026-03-29 01:30", "2026-03-29 03:30"))
    assert cells(lf) == {(7, 1): 0.5, (7, 3): 0.5}


def test_punchcard_fall_back_puts_both_2_am_hours_in_one_cell() -> None:
    # 2026-10-25, Paris: 03:00 CEST goes back to 02:00 CET; from 01:30 CEST, 3 real hours.
    start = dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)
    r = row("2026-10-25 01:30", hours=3) | {"start": start, "end": start + dt.timedelta(hours=3)}
    lf = entries(r)
    assert cells(lf) == {(7, 1): 0.5, (7, 2): 2.0, (7, 3): 0.5}


def test_punchcard_leaves_out_waits_and_untimed_rows() -> None:
    lf = entries(
        row("2026-03-02 10:00", hours=1),
        row("2026-03-02 10:00", hours=5, kind="wait"),
        row("2026-03-03", hours=2),  # duration-only: time of day unknown
    )
    assert cells(lf) == {(1, 10): 1.0}


def test_punchcard_of_nothing_is_an_empty_grid() -> None:
    df = punchcard(entries(), config=CONFIG).collect()
    assert df.height == 168
    assert df["hours"].sum() == 0


def test_working_hours_of_the_default_config() -> None:
    df = working_hours(CONFIG)
    assert df.row(0) == (1, 9.0, 12.5)
    assert df.filter(pl.col("weekday") == 5).rows() == [(5, 9.0, 12.5), (5, 13.5, 17.0)]
    assert df.filter(pl.col("weekday") >= 6).height == 0


# -- by client / person / month --------------------------------------------------------------


def test_offhours_by_client_hand_checked() -> None:
    lf = entries(
        row("2026-03-02 17:00", "2026-03-02 19:00", client="Comptoir"),  # 1 h evening
        row("2026-03-07 10:00", "2026-03-07 11:30", client="Comptoir"),  # Saturday
        row("2026-03-03 12:00", "2026-03-03 14:00", client="Dupont"),  # 1 h lunch
        row("2026-03-04", hours=2, client="Dupont"),  # untimed on a working day
        row("2026-03-04 09:00", hours=9, client="Dupont", kind="wait"),  # not effort
    )
    df = offhours_by(lf, ["client"]).collect()
    assert df.columns == [
        "client",
        "effort_h",
        "offhours_h",
        "offhours_share",
        *CATEGORY_COLUMNS,
    ]
    expected = pl.DataFrame(
        {
            "client": ["Comptoir", "Dupont"],
            "effort_h": [3.5, 4.0],
            "offhours_h": [2.5, 1.0],
            "offhours_share": [2.5 / 3.5, 0.25],
            "in_hours_h": [1.0, 1.0],
            "early_h": [0.0, 0.0],
            "midday_h": [0.0, 1.0],
            "evening_h": [1.0, 0.0],
            "night_h": [0.0, 0.0],
            "day_off_h": [1.5, 0.0],
            "unknown_h": [0.0, 2.0],
        }
    )
    assert_frame_equal(df, expected)
    totals = offhours_by(lf, []).collect()
    assert totals.height == 1
    assert totals.row(0, named=True)["effort_h"] == 7.5


def test_offhours_by_month_and_person_schema() -> None:
    lf = entries(
        row("2026-01-31 21:00", hours=1, person="A"),
        row("2026-02-01 10:00", hours=2, person="B"),
    )
    out = offhours_by(lf, ["person", "month"])
    assert out.collect_schema()["month"] == pl.Date
    df = out.collect()
    assert df.select("person", "month", "offhours_h").rows() == [
        ("A", dt.date(2026, 1, 1), 1.0),
        ("B", dt.date(2026, 2, 1), 2.0),  # Sunday
    ]


@pytest.mark.parametrize("by", [["client", "weekday"], ["client", "client"]])
def test_offhours_by_refuses_bad_dimensions(by: list[str]) -> None:
    with pytest.raises(ValueError, match=repr(by[1])):
        offhours_by(entries(), by)


def test_offhours_long_for_charts() -> None:
    lf = entries(row("2026-03-02 17:00", "2026-03-02 19:00", client="Comptoir"))
    df = offhours_long(lf, ["client"]).collect()
    assert df.schema == pl.Schema({"client": pl.String, "category": pl.String, "hours": pl.Float64})
    assert df["category"].to_list() == list(CATEGORIES)
    assert dict(zip(df["category"], df["hours"], strict=True))["evening"] == 1.0
    assert df["hours"].sum() == 2.0
    with pytest.raises(ValueError, match="at least one"):
        offhours_long(lf, [])


# -- late days, weekends, streaks --------------------------------------------------------------


def test_late_days_per_month() -> None:
    lf = entries(
        row("2026-03-02 20:30", "2026-03-02 21:00"),  # late
        row("2026-03-03 19:00", "2026-03-03 20:00"),  # ends at 20:00: not late
        row("2026-03-04 21:00", hours=0.5),  # two blocks, one late day
        row("2026-03-04 22:00", hours=0.5),
        row("2026-03-06 00:30", "2026-03-06 01:00"),  # the night of Thursday 5th
        row("2026-03-31 23:00", "2026-04-01 00:30"),  # 31 March only
        row("2026-04-01 09:00", hours=1),
        row("2026-04-02 21:00", hours=3, kind="wait"),  # not effort
        row("2026-04-03", hours=2),  # untimed: unknown time of day
    )
    df = late_days(lf, config=CONFIG).collect()
    expected = pl.DataFrame(
        {"month": [dt.date(2026, 3, 1), dt.date(2026, 4, 1)], "late_days": [4, 0]},
        schema={"month": pl.Date, "late_days": pl.UInt32},
    )
    assert_frame_equal(df, expected)
    later = late_days(lf, config=CONFIG, after="21:30").collect()
    assert later["late_days"].to_list() == [4 - 1, 0]  # 2 March drops out


def test_late_days_bad_time_is_quoted() -> None:
    with pytest.raises(ValueError, match="'8pm'"):
        late_days(entries(), config=CONFIG, after="8pm")


def test_weekends_worked() -> None:
    lf = entries(
        row("2026-02-28 10:00", hours=1),  # Saturday: weekend of 28 Feb
        row("2026-03-01 10:00", hours=1),  # its Sunday, in March
        row("2026-03-07 10:00", hours=1),  # Saturday and Sunday: one weekend
        row("2026-03-08 18:00", hours=1),
        row("2026-03-13 23:30", "2026-03-14 00:30"),  # Friday night into Saturday
        row("2026-03-22", hours=2),  # duration-only row on a Sunday
        row("2026-03-28 10:00", hours=4, kind="wait"),  # not effort
        row("2026-05-01 10:00", hours=1),  # a holiday on Friday is not a weekend
    )
    df = weekends_worked(lf, config=CONFIG).collect()
    expected = pl.DataFrame(
        {
            "month": [dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 5, 1)],
            "weekend_days": [1, 5, 0],
            "weekends": [1, 3, 0],
        },
        schema={"month": pl.Date, "weekend_days": pl.UInt32, "weekends": pl.UInt32},
    )
    assert_frame_equal(df, expected)


def test_longest_streak_across_a_month_boundary() -> None:
    days = ["2026-01-29", "2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02"]
    lf = entries(
        *(row(f"{d} 10:00", hours=1) for d in days),
        row("2026-02-02 14:00", hours=1),  # a second block the same day
        row("2026-02-04 10:00", hours=1),
        row("2026-02-05 10:00", hours=1),
        row("2026-01-10 10:00", hours=1, person="B"),
        row("2026-01-11 10:00", hours=1, person="B"),
        row("2026-01-20 10:00", hours=1, person="B"),
        row("2026-01-21 10:00", hours=1, person="B"),  # a tie: the earliest run wins
        row("2026-01-22 10:00", hours=3, person="B", kind="wait"),  # not effort
    )
    df = longest_streak(lf).collect()
    expected = pl.DataFrame(
        {
            "person": ["B", "Camille"],
            "streak_days": [2, 5],
            "streak_start": [dt.date(2026, 1, 10), dt.date(2026, 1, 29)],
            "streak_end": [dt.date(2026, 1, 11), dt.date(2026, 2, 2)],
        },
        schema_overrides={"streak_days": pl.UInt32},
    )
    assert_frame_equal(df, expected)


# -- team --------------------------------------------------------------------------------------


def _team() -> pl.LazyFrame:
    return entries(
        row("2026-03-02 10:00", hours=1, person="Zoé"),
        row("2026-03-02 19:00", hours=3, person="Alex"),
        row("2026-03-03 10:00", hours=2, person="Léa"),
    )


def test_team_shows_names_from_min_group_on() -> None:
    df = team_offhours(_team(), min_group=3).collect()
    assert df["person"].to_list() == ["Alex", "Léa", "Zoé"]  # by effort
    assert df.columns == ["person", *offhours_by(_team(), []).collect_schema().names()]
    assert df.row(0, named=True)["evening_h"] == 3.0  # 19:00-22:00 on a Monday


@pytest.mark.parametrize(("lang", "first"), [("fr", "Personne 1"), ("en", "Person 1")])
def test_team_hides_names_in_a_small_team(lang: str, first: str) -> None:
    df = team_offhours(_team(), min_group=4, alias=label("team.person", lang)).collect()  # type: ignore[arg-type]
    assert df["person"].to_list() == [first, first[:-1] + "2", first[:-1] + "3"]
    assert df["effort_h"].to_list() == [3.0, 2.0, 1.0]  # figures stay


def test_team_bad_min_group() -> None:
    with pytest.raises(ValueError, match="-1"):
        team_offhours(_team(), min_group=-1)


# -- summary -------------------------------------------------------------------------------------

NEW_KEYS = [
    f"offhours_{c}_h" for c in ("early", "midday", "evening", "night", "day_off", "unknown")
]
OLD_KEYS = [
    "client",
    "visible_h",
    "hidden_h",
    "unclassified_h",
    "effort_h",
    "hidden_share",
    "offhours_h",
    "offhours_share",
    "wait_h",
    "waits",
    "wait_median_h",
    "fee",
    "effective_rate",
    "perceived_rate",
    "suggested_fee",
]


def test_summary_gains_category_hours() -> None:
    lf = entries(
        row("2026-03-02 07:00", "2026-03-02 10:00", client="Dupont"),  # 2 h early
        row("2026-03-02 12:00", "2026-03-02 13:45", client="Dupont"),  # 1 h lunch
        row("2026-03-02 21:00", "2026-03-02 23:00", client="Comptoir"),  # 1 h evening, 1 h night
        row("2026-03-07 10:00", hours=2.5, client="Comptoir"),  # Saturday
        row("2026-03-04", hours=2, client="Comptoir"),  # untimed: unknown, not off-hours
    )
    doc = summary(lf, config=CONFIG)
    for record in doc["clients"]:
        assert [k for k in record if k in OLD_KEYS] == OLD_KEYS  # kept, in order
        assert set(NEW_KEYS) <= set(record)
        off = sum(record[k] for k in NEW_KEYS if k != "offhours_unknown_h")
        assert off == pytest.approx(record["offhours_h"])
    comptoir = next(c for c in doc["clients"] if c["client"] == "Comptoir")
    assert {k: comptoir[k] for k in NEW_KEYS} == {
        "offhours_early_h": 0.0,
        "offhours_midday_h": 0.0,
        "offhours_evening_h": 1.0,
        "offhours_night_h": 1.0,
        "offhours_day_off_h": 2.5,
        "offhours_unknown_h": 2.0,
    }
    assert comptoir["offhours_h"] == 4.5
    totals = doc["totals"]
    assert totals["offhours_early_h"] == 2.0
    assert totals["offhours_midday_h"] == 1.0
    assert totals["offhours_unknown_h"] == 2.0
    assert totals["offhours_h"] == 7.5


# -- the sample year -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[pl.LazyFrame, Config]:
    loaded = read_paths([SAMPLE_DIR])
    return analyse(loaded).collect().lazy(), loaded.config


def test_sample_comptoir_works_the_most_off_hours(sample: tuple[pl.LazyFrame, Config]) -> None:
    lf, _ = sample
    df = offhours_by(lf, ["client"]).collect().filter(pl.col("client").is_not_null())
    worst = df.sort("offhours_share", descending=True).row(0, named=True)
    assert worst["client"] == "Le Comptoir des Halles"
    assert worst["offhours_share"] > 0.2
    assert (df["offhours_share"].sort(descending=True)[1]) < 0.15
    # the categories add up to effort for every client
    sums = df.select(pl.sum_horizontal(CATEGORY_COLUMNS) - pl.col("effort_h")).to_series()
    assert sums.abs().max() < 1e-9  # type: ignore[operator]


def test_sample_punchcard_keeps_every_hour(sample: tuple[pl.LazyFrame, Config]) -> None:
    lf, config = sample
    total = punchcard(lf, config=config).collect()["hours"].sum()
    timed = (
        lf.filter(pl.col("kind") != "wait", pl.col("start").is_not_null())
        .select(pl.col("duration").sum().dt.total_microseconds())
        .collect()
        .item()
    )
    assert total == pytest.approx(timed / 3.6e9, abs=1e-9)
