"""Client waits: intervals from entries and a ledger, hand-checked hours and days, summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cmtime.analysis.classify import classify
from cmtime.analysis.metrics import Period, summary
from cmtime.analysis.pipeline import SAMPLE_DIR, analyse
from cmtime.analysis.waits import (
    INTERVAL_SCHEMA,
    cumulative_days,
    days_lost_by_quarter,
    lost_days,
    until_for,
    wait_intervals,
    waits_by_client,
)
from cmtime.config import config_from_dict
from cmtime.readers import read_paths
from cmtime.schema import CLASSIFIED_SCHEMA, WAIT_SCHEMA

UTC = dt.UTC
# Defaults: Paris, FR holidays, Mon-Thu 09:00-12:30 + 13:30-18:00, Fri ends 17:00.
CFG = config_from_dict({"clients": {"Boulangerie Dupont": {"aliases": ["Dupont"]}}})
LATER = dt.datetime(2030, 1, 1, tzinfo=UTC)


def entry(
    client: str | None,
    start: dt.datetime,
    hours_: float,
    *,
    kind: str = "wait",
    activity: str = "waiting_validation",
    description: str = "Attente validation",
) -> dict[str, Any]:
    duration = dt.timedelta(hours=hours_)
    return {
        "entry_id": f"{client}{start}{kind}",
        "source": "cmtime",
        "origin": "log.csv:2",
        "person": "Camille",
        "client": client,
        "project": "",
        "task": "",
        "description": description,
        "tags": [],
        "start": start,
        "end": start + duration,
        "date": start.date(),
        "duration": duration,
        "billable": None,
        "kind": kind,
        "activity": activity,
    }


def entries(*rows: dict[str, Any]) -> pl.LazyFrame:
    return pl.LazyFrame(list(rows), schema=CLASSIFIED_SCHEMA)


def ledger(*rows: tuple[str, str, dt.datetime, dt.datetime | None, int]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "wait_id": f"w{i}",
                "origin": f"waits.csv:{i + 2}",
                "client": c,
                "item": item,
                "asked": a,
                "answered": b,
                "reminders": r,
            }
            for i, (c, item, a, b, r) in enumerate(rows)
        ],
        schema=WAIT_SCHEMA,
    )


NONE = entries()
FRI_17 = dt.datetime(2026, 3, 6, 16, tzinfo=UTC)  # Friday 17:00 in Paris (UTC+1)
MON_10 = dt.datetime(2026, 3, 9, 9, tzinfo=UTC)  # Monday 10:00


def one(lf: pl.LazyFrame) -> dict[str, Any]:
    df = lf.collect()
    assert df.height == 1
    return df.row(0, named=True)


def test_friday_evening_to_monday_morning_by_hand() -> None:
    # 65 calendar hours; Friday's hours end at 17:00, so only Monday 09:00-10:00 is worked
    # time; one working day (Monday) elapsed after the ask.
    from_entry = one(
        wait_intervals(entries(entry("Dupont", FRI_17, 65)), None, config=CFG, until=LATER)
    )
    from_ledger = one(
        wait_intervals(
            NONE, ledger(("Dupont", "Photos", FRI_17, MON_10, 2)), config=CFG, until=LATER
        )
    )
    for row in (from_entry, from_ledger):
        assert row["calendar_h"] == 65.0
        assert row["working_h"] == 1.0
        assert row["business_days"] == 1
        assert row["asked"] == FRI_17
        assert row["end_used"] == MON_10
        assert row["open"] is False
        assert row["date"] == dt.date(2026, 3, 6)
    assert from_entry["wait_kind"] == "waiting_validation"
    assert from_entry["reminders"] is None
    assert from_ledger["reminders"] == 2
    assert from_ledger["wait_kind"] == "waiting_assets"  # "Photos"
    assert from_ledger["origin"] == "waits.csv:2"


def test_lazy_schema_and_both_sources_in_one_frame() -> None:
    lf = wait_intervals(
        entries(entry("Lumen", FRI_17, 2)),
        ledger(("Dupont", "Validation calendrier", FRI_17, MON_10, 0)),
        config=CFG,
        until=LATER,
    )
    assert isinstance(lf, pl.LazyFrame)
    assert dict(lf.collect_schema()) == INTERVAL_SCHEMA
    df = lf.collect()
    assert df.get_column("client").to_list() == ["Lumen", "Dupont"]
    assert df.get_column("wait_kind").to_list() == ["waiting_validation", "waiting_validation"]


def test_effort_rows_are_not_waits() -> None:
    lf = entries(entry("Dupont", FRI_17, 1, kind="hidden", activity="chasing"))
    assert wait_intervals(lf, None, config=CFG, until=LATER).collect().height == 0


def test_open_wait_runs_to_until() -> None:
    mon_9 = dt.datetime(2026, 3, 9, 8, tzinfo=UTC)  # Monday 09:00
    until = dt.datetime(2026, 3, 10, 8, tzinfo=UTC)  # Tuesday 09:00
    row = one(
        wait_intervals(NONE, ledger(("Dupont", "Logo", mon_9, None, 1)), config=CFG, until=until)
    )
    assert row["open"] is True
    assert row["answered"] is None
    assert row["end_used"] == until
    assert row["calendar_h"] == 24.0
    assert row["working_h"] == 8.0  # Monday 09:00-12:30 and 13:30-18:00
    assert row["business_days"] == 1  # Tuesday
    # asked after `until` (a period that ended before the ask): zero, not negative
    late = one(
        wait_intervals(NONE, ledger(("Dupont", "Logo", until, None, 0)), config=CFG, until=mon_9)
    )
    assert (late["calendar_h"], late["working_h"], late["business_days"]) == (0.0, 0.0, 0)


def test_wait_over_a_public_holiday() -> None:
    # Monday 13 July 17:00 -> Wednesday 15 July 10:00; Tuesday 14 July is Fête nationale.
    start = dt.datetime(2026, 7, 13, 15, tzinfo=UTC)  # 17:00 in Paris (UTC+2)
    row = one(wait_intervals(entries(entry("Dupont", start, 41)), None, config=CFG, until=LATER))
    assert row["calendar_h"] == 41.0
    assert row["working_h"] == 2.0  # Monday 17:00-18:00 + Wednesday 09:00-10:00
    assert row["business_days"] == 1  # Tuesday is off: only Wednesday
    plain = config_from_dict({"holidays": {"country": ""}})
    row = one(wait_intervals(entries(entry("Dupont", start, 41)), None, config=plain, until=LATER))
    assert (row["working_h"], row["business_days"]) == (10.0, 2)


def test_same_day_answer_is_zero_business_days() -> None:
    mon_10 = MON_10
    row = one(wait_intervals(entries(entry("Dupont", mon_10, 5)), None, config=CFG, until=LATER))
    assert row["business_days"] == 0
    assert row["working_h"] == 4.0  # 10:00-12:30 and 13:30-15:00


def test_duration_only_wait_keeps_its_hours() -> None:
    row = entry("Dupont", FRI_17, 3) | {"start": None, "end": None}
    out = one(wait_intervals(entries(row), None, config=CFG, until=LATER))
    assert out["calendar_h"] == 3.0
    assert out["working_h"] is None
    assert out["business_days"] is None


def test_waits_by_client_hand_checked() -> None:
    lf = entries(
        entry("Dupont", FRI_17, 10),
        entry("Dupont", FRI_17 + dt.timedelta(days=7), 20),
        entry("Dupont", FRI_17 + dt.timedelta(days=14), 40),
        entry("Dupont", MON_10, 0.5, kind="hidden", activity="chasing", description="Relance"),
        entry("Lumen", MON_10, 0.25, kind="hidden", activity="chasing", description="Relance"),
    )
    book = ledger(("Comptoir", "Menu", MON_10, None, 3))
    until = MON_10 + dt.timedelta(hours=36)
    got = waits_by_client(wait_intervals(lf, book, config=CFG, until=until), lf).collect()
    expected = pl.DataFrame(
        {
            "client": ["Comptoir", "Dupont", "Lumen"],
            "waits": [1, 3, 0],
            "wait_h": [36.0, 70.0, 0.0],
            "wait_median_h": [36.0, 20.0, None],
            "p90_h": [36.0, 36.0, None],  # linear: 20 + 0.8 * (40 - 20)
            "longest_h": [36.0, 40.0, None],
            # Comptoir: Mon 10:00-18:00 (7 h, lunch out) + Tue 09:00-18:00 (8 h); Dupont's
            # waits all run from a Friday 17:00 into the weekend: no working time, no day.
            "wait_business_h": [15.0, 0.0, 0.0],
            "business_days": [1, 0, 0],
            "open_waits": [1, 0, 0],
            "oldest_open_days": [1.5, None, None],
            "reminders": [3, 0, 0],
            "chasing_h": [0.0, 0.5, 0.25],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_days_lost_by_quarter_and_cumulative() -> None:
    lf = entries(
        entry("Dupont", FRI_17, 65),  # 1 day, March
        entry("Dupont", dt.datetime(2026, 4, 7, 8, tzinfo=UTC), 48),  # Tue -> Thu: 2 days, April
        entry("Lumen", dt.datetime(2026, 5, 4, 8, tzinfo=UTC), 24),  # Mon -> Tue: 1 day, May
    )
    iv = wait_intervals(lf, None, config=CFG, until=LATER)
    quarters = days_lost_by_quarter(iv, config=CFG).collect()
    assert quarters.select("client", "label", "waits", "business_days").rows() == [
        ("Dupont", "2026 Q1", 1, 1),
        ("Dupont", "2026 Q2", 1, 2),
        ("Lumen", "2026 Q2", 1, 1),
    ]
    cum = cumulative_days(iv, config=CFG).collect()
    assert cum.filter(pl.col("client") == "Dupont").get_column("cumulative_days").to_list() == [
        1,
        3,
        3,
    ]
    assert cum.filter(pl.col("client") == "Lumen").get_column("cumulative_days").to_list() == [
        0,
        0,
        1,
    ]


def test_until_for_is_the_end_of_the_last_day_or_now() -> None:
    now = dt.datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert until_for(dt.date(2026, 3, 9), timezone="Europe/Paris", now=now) == dt.datetime(
        2026, 3, 9, 23, tzinfo=UTC
    )
    assert until_for(dt.date(2026, 12, 31), timezone="Europe/Paris", now=now) == now
    assert until_for(None, timezone="Europe/Paris", now=now) == now


def test_summary_counts_entries_and_ledger_waits() -> None:
    lf = (
        entries(
            entry("Boulangerie Dupont", FRI_17, 65),
            entry(
                "Boulangerie Dupont",
                MON_10,
                2,
                kind="visible",
                activity="publishing",
                description="Post",
            ),
        )
        .pipe(lambda x: x.drop("kind", "activity"))
        .pipe(classify, rules=CFG.rules)
    )
    from cmtime.analysis.worktime import split_worktime

    lf = lf.pipe(split_worktime, config=CFG)
    mon_9 = dt.datetime(2026, 3, 9, 8, tzinfo=UTC)
    book = ledger(
        ("Boulangerie Dupont", "Logo", mon_9, None, 1),  # open: runs to the end of 10 March
        ("Studio Lumen", "Devis", FRI_17, MON_10, 0),  # a client with no effort is kept
        ("Studio Lumen", "Avant", dt.datetime(2026, 2, 2, 9, tzinfo=UTC), MON_10, 0),  # before
    )
    doc = summary(
        lf, config=CFG, period=Period(dt.date(2026, 3, 1), dt.date(2026, 3, 10)), ledger=book
    )
    by = {c["client"]: c for c in doc["clients"]}
    dupont, lumen = by["Boulangerie Dupont"], by["Studio Lumen"]
    # Monday 09:00 -> Tuesday 10 March 24:00 local: 39 h, 8 + 8 working hours
    assert (dupont["waits"], dupont["open_waits"]) == (2, 1)
    assert dupont["wait_h"] == 65.0 + 39.0
    assert dupont["wait_median_h"] == 52.0
    assert dupont["wait_business_h"] == 1.0 + 16.0
    assert dupont["effort_h"] == 2.0
    assert (lumen["waits"], lumen["wait_h"], lumen["wait_business_h"], lumen["open_waits"]) == (
        1,
        65.0,
        1.0,
        0,
    )
    assert lumen["effort_h"] == 0.0
    t = doc["totals"]
    assert (t["waits"], t["wait_h"], t["wait_business_h"], t["open_waits"]) == (3, 169.0, 18.0, 1)
    # without a ledger: only the wait entries
    plain = summary(lf, config=CFG, period=Period(dt.date(2026, 3, 1), dt.date(2026, 3, 10)))
    assert plain["totals"]["waits"] == 1
    assert plain["totals"]["open_waits"] == 0


@pytest.fixture(scope="module")
def sample() -> tuple[pl.LazyFrame, pl.DataFrame]:
    loaded = read_paths([SAMPLE_DIR])
    lf = loaded.lazy().pipe(classify, rules=loaded.config.rules)
    iv = wait_intervals(lf, loaded.waits, config=loaded.config, until=LATER).collect()
    return lf, waits_by_client(iv.lazy(), lf).collect()


def test_sample_dupont_keeps_the_work_blocked_longest(
    sample: tuple[pl.LazyFrame, pl.DataFrame],
) -> None:
    _, by = sample
    first = by.row(0, named=True)
    assert first["client"] == "Boulangerie Dupont"
    assert first["wait_median_h"] == by.get_column("wait_median_h").max()
    assert first["wait_median_h"] / 24 > 10  # more than ten days
    assert first["chasing_h"] > 0
    assert by.get_column("waits").sum() == 89  # every "attente" row of the sample


def test_sample_summary_uses_the_intervals() -> None:
    loaded = read_paths([SAMPLE_DIR])
    doc = summary(analyse(loaded), config=loaded.config, ledger=loaded.waits)
    dupont = next(c for c in doc["clients"] if c["client"] == "Boulangerie Dupont")
    assert dupont["waits"] == 26
    assert 0 < dupont["wait_business_h"] < dupont["wait_h"]
    assert {"wait_business_h", "open_waits"} <= set(doc["totals"])


def test_days_lost_count_each_working_day_once() -> None:
    mon = dt.datetime(2026, 3, 2, 8, tzinfo=UTC)
    lf = entries(
        entry("Dupont", mon, 72),  # Mon -> Thu: Tue, Wed, Thu
        entry("Dupont", mon + dt.timedelta(days=1), 48),  # Tue -> Thu: Wed, Thu (already lost)
        entry("Dupont", dt.datetime(2026, 3, 13, 8, tzinfo=UTC), 96),  # Fri -> Tue: Mon, Tue
        entry("Lumen", mon, 24),  # Mon -> Tue: Tue
    )
    iv = wait_intervals(lf, None, config=CFG, until=LATER)
    got = waits_by_client(iv, config=CFG).collect()
    rows = {r["client"]: r for r in got.iter_rows(named=True)}
    assert rows["Dupont"]["business_days"] == 3 + 2 + 2  # per wait, summed
    assert rows["Dupont"]["days_lost"] == 5  # Tue 3, Wed 4, Thu 5, Mon 16, Tue 17
    assert rows["Lumen"]["days_lost"] == 1
    dupont = lost_days(iv, config=CFG).filter(pl.col("client") == "Dupont").collect()
    assert dupont.get_column("date").to_list() == [dt.date(2026, 3, d) for d in (3, 4, 5, 16, 17)]
    cum = cumulative_days(iv, config=CFG).collect().filter(pl.col("client") == "Dupont")
    assert cum.get_column("cumulative_days").to_list() == [5]


def test_wait_hours_are_the_same_in_any_row_order() -> None:
    """The totals of each client's waits do not depend on the order of the rows.

    A float sum depends on the order it adds in, and a group_by hands each group its rows
    in no fixed order: on a year of 1M Toggl rows one client's business hours of waiting
    came out as 1692.28 or 1692.29 from run to run. The sums are now exact: the quotient
    of the summed microseconds, whatever the order.
    """
    import random

    from cmtime.analysis.common import US_PER_H, hours

    rng = random.Random(19)
    n, clients = 3000, [f"Client {i}" for i in range(7)]
    length_us = [rng.randrange(60, 40 * 3600) * 1_000_000 + rng.randrange(1_000_000) for _ in range(n)]
    working_us = [rng.randrange(0, us + 1) for us in length_us]
    who = [clients[i % len(clients)] for i in range(n)]
    base = pl.DataFrame(
        {
            "client": who,
            "length": pl.Series(length_us, dtype=pl.Duration("us")),
            "working": pl.Series(working_us, dtype=pl.Duration("us")),
        }
    ).select(
        "client",
        calendar_h=hours(pl.col("length")),
        working_h=hours(pl.col("working")),
        business_days=pl.lit(0, pl.Int64),
        open=pl.lit(False),
    )
    frame = base.select(
        [pl.col(c) if c in base.columns else pl.lit(None, dtype=t).alias(c) for c, t in INTERVAL_SCHEMA.items()]
    )
    exact = {
        c: (
            sum(us for us, w in zip(length_us, who, strict=True) if w == c) / US_PER_H,
            sum(us for us, w in zip(working_us, who, strict=True) if w == c) / US_PER_H,
        )
        for c in clients
    }
    for seed in range(6):
        shuffled = frame.sample(fraction=1.0, shuffle=True, seed=seed) if seed else frame
        got = waits_by_client(shuffled.lazy()).collect()
        assert {r["client"]: (r["wait_h"], r["wait_business_h"]) for r in got.iter_rows(named=True)} == exact


def test_waits_hold_no_day_after_the_period() -> None:
    """An open wait stops at the midnight after the period's last day: that midnight is
    not a day lost (it counted the Thursday after a period ending on a Wednesday)."""
    import datetime as dt

    from cmtime.analysis.metrics import Period
    from cmtime.analysis.waits import lost_days, waits_in_period
    from cmtime.config import Config
    from cmtime.schema import CLASSIFIED_SCHEMA, WAIT_SCHEMA

    ledger = pl.DataFrame(
        {
            "wait_id": ["w"], "origin": ["waits.csv:2"], "client": ["Dupont"], "item": ["Validation"],
            "asked": [dt.datetime(2026, 12, 28, 9, tzinfo=dt.UTC)], "answered": [None], "reminders": [0],
        },
        schema={k: v for k, v in WAIT_SCHEMA.items() if k in ("wait_id", "origin", "client", "item", "asked", "answered", "reminders")},
    )
    for name, dtype in WAIT_SCHEMA.items():
        if name not in ledger.columns:
            ledger = ledger.with_columns(pl.lit("" if dtype == pl.String else None, dtype).alias(name))
    config = Config()
    period = Period(dt.date(2026, 12, 1), dt.date(2026, 12, 30))  # ends on a Wednesday
    iv = waits_in_period(pl.LazyFrame(schema=CLASSIFIED_SCHEMA), ledger.select(list(WAIT_SCHEMA)), config=config, period=period, now=dt.datetime(2027, 2, 1, tzinfo=dt.UTC))
    days = lost_days(iv, config=config).collect().get_column("date").to_list()
    assert days == [dt.date(2026, 12, 29), dt.date(2026, 12, 30)]  # not Thursday the 31st
    assert iv.collect().get_column("business_days").to_list() == [2]
