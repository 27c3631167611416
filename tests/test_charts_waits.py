"""Client wait charts: assertions on `chart.to_dict()`, never on pixels."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.analysis.waits import INTERVAL_SCHEMA
from cmtime.charts import (
    KIND_COLORS,
    label,
    wait_cumulative_chart,
    wait_latency_chart,
    wait_timeline_chart,
)
from cmtime.charts.waits import (
    MAX_ROWS,
    OPEN_COLOR,
    QUARTER_DAYS,
    wait_timeline_charts,
    wait_timeline_frame,
    wait_timeline_spans,
)
from cmtime.text.labels import NBSP

UTC = dt.UTC


@pytest.fixture
def intervals() -> pl.DataFrame:
    """Three waits: Dupont twice (one still open), Lumen once; one duration-only wait."""
    t0 = dt.datetime(2026, 3, 6, 16, tzinfo=UTC)
    rows = [
        (
            "Boulangerie Dupont",
            "Photos",
            "waiting_assets",
            t0,
            t0 + dt.timedelta(hours=240),
            False,
            240.0,
            6,
        ),
        (
            "Boulangerie Dupont",
            "Logo",
            "waiting_validation",
            t0,
            t0 + dt.timedelta(hours=96),
            True,
            96.0,
            2,
        ),
        (
            "Studio Lumen",
            "Devis",
            "waiting_answer",
            t0,
            t0 + dt.timedelta(hours=24),
            False,
            24.0,
            0,
        ),
        (None, "?", "waiting_answer", None, None, False, 3.0, None),
    ]
    return pl.DataFrame(
        [
            {
                "client": c,
                "item": i,
                "wait_kind": k,
                "date": dt.date(2026, 3, 6),
                "asked": a,
                "answered": None if o else e,
                "end_used": e,
                "open": o,
                "reminders": None,
                "calendar_h": h,
                "working_h": None,
                "business_days": b,
                "origin": "x",
            }
            for c, i, k, a, e, o, h, b in rows
        ],
        schema=INTERVAL_SCHEMA,
    )


def layer_marks(spec: dict[str, Any]) -> list[Any]:
    return [layer["mark"] for layer in spec["layer"]]


def data_of(spec: dict[str, Any], layer: int) -> list[dict[str, Any]]:
    name = spec["layer"][layer]["data"]["name"]
    return list(spec["datasets"][name])


def test_timeline_bars_from_ask_to_answer_and_open_waits_marked(intervals: pl.DataFrame) -> None:
    spec = wait_timeline_chart(intervals, lang="fr", timezone="Europe/Paris").to_dict()
    assert spec["title"]["text"] == label("wait_timeline.title", "fr")
    assert (
        spec["title"]["subtitle"]
        == "3 attentes, de la demande à la réponse ; 1 encore en cours (→)"
    )
    bars, names, words = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    enc = bars["encoding"]
    assert (enc["x"]["field"], enc["x2"]["field"], enc["y"]["field"]) == ("start", "end", "client")
    assert enc["y"]["sort"] == ["Boulangerie Dupont", "Studio Lumen"]  # longest median first
    assert enc["color"]["scale"] == {
        "domain": ["répondu", "en cours"],
        "range": [KIND_COLORS["wait"], OPEN_COLOR],
    }
    assert enc["strokeDash"]["condition"]["test"] == "datum.open"
    rows = data_of(spec, 0)
    assert len(rows) == 3  # the duration-only wait cannot be placed in time
    assert rows[-1]["open"] is True  # drawn last, on top
    first = next(r for r in rows if r["item"] == "Photos")
    assert first["start"] == "2026-03-06T17:00:00Z"  # Paris wall time on a UTC scale
    assert first["days_text"] == f"10,0{NBSP}j"
    assert first["kind_label"] == label("waiting_assets", "fr")
    assert bars["encoding"]["y"]["axis"] is None  # each client's name above its lane instead
    assert names["encoding"]["text"]["field"] == "client"
    assert [(r["client"], r["open_here"]) for r in data_of(spec, 1)] == [
        ("Boulangerie Dupont", True), ("Studio Lumen", False)
    ]
    assert words["mark"]["type"] == "text"
    assert words["mark"]["text"] == "en cours →"
    assert [r["client"] for r in data_of(spec, 2)] == ["Boulangerie Dupont"]  # one word per lane
    assert spec["usermeta"] == {"cmtime": {"lang": "fr", "chart": "wait_timeline"}}


def long_waits(months: int = 30, seed: int = 3) -> pl.DataFrame:
    """``wait_intervals`` of ``months`` months from January 2025: five clients, a wait
    every one to seven days, of hours to weeks, the last one still open."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 6, 9, tzinfo=UTC)
    end = start + dt.timedelta(days=30.4 * months)
    clients = ["Boulangerie Dupont", "Cabinet Morel", "Studio Lumen", "Le Comptoir des Halles",
               "Librairie Page Blanche"]  # fmt: skip
    rows = []
    asked = start
    while asked < end:
        length = dt.timedelta(hours=rng.choice([3, 20, 50, 120, 300, 500]))
        rows.append({"client": rng.choice(clients), "asked": asked, "end_used": min(asked + length, end)})
        asked += dt.timedelta(hours=rng.randint(30, 160))
    return _waits(rows)


def _waits(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """``wait_intervals`` of ``rows`` (client, asked, end_used), the last one open."""
    frame = pl.DataFrame(rows, schema={"client": pl.String, "asked": pl.Datetime("us", "UTC"),
                                       "end_used": pl.Datetime("us", "UTC")})  # fmt: skip
    return frame.with_columns(
        item=pl.lit("Validation"),
        wait_kind=pl.lit("waiting_validation"),
        open=pl.int_range(pl.len()) == pl.len() - 1,
        calendar_h=(pl.col("end_used") - pl.col("asked")).dt.total_seconds() / 3600,
        business_days=pl.lit(1, dtype=pl.Int64),
    )


def _domain_days(spec: dict[str, Any]) -> float:
    lo, hi = (dt.datetime.fromisoformat(d) for d in spec["layer"][0]["encoding"]["x"]["scale"]["domain"])
    return (hi - lo) / dt.timedelta(days=1)


def test_a_long_timeline_is_cut_into_quarters_of_readable_days() -> None:
    """30 months of waits in one chart left under a pixel a day (640 px for 900 days);
    one chart per quarter keeps 7 px a day, every quarter on the same scale."""
    waits = long_waits()
    charts = wait_timeline_charts(waits, lang="fr", timezone="Europe/Paris")
    spans = wait_timeline_spans(waits, timezone="Europe/Paris")
    assert spans[0] == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert spans[-1] == (dt.date(2027, 7, 1), dt.date(2027, 9, 30))  # 30.4 × 30 days: into July 2027
    assert len(charts) == len(spans) == 11
    for (first, _), chart in zip(spans, charts, strict=True):
        spec = chart.to_dict()
        assert 90 <= _domain_days(spec) <= QUARTER_DAYS
        assert spec["width"] / _domain_days(spec) >= 6.9  # px a day at the chart's own width
        quarter = (first.month - 1) // 3 + 1
        assert spec["title"]["text"].startswith(f"T{quarter} {first.year} · ")
        assert [v[:7] for v in spec["layer"][0]["encoding"]["x"]["axis"]["values"]] == [
            f"{first.year}-{first.month + k:02d}" for k in range(3)
        ]  # a label per month, none at the next quarter's start
    # every wait drawn somewhere; the open one only in the last quarter, with its word
    assert sum(len(data_of(c.to_dict(), 2)) for c in charts) == 1
    assert data_of(charts[-1].to_dict(), 2)


def test_a_short_timeline_stays_one_chart(intervals: pl.DataFrame) -> None:
    waits = long_waits(months=2)
    assert wait_timeline_spans(waits, timezone="Europe/Paris") == [None]
    (chart,) = wait_timeline_charts(waits, lang="en", timezone="Europe/Paris")
    assert "domain" not in chart.to_dict()["layer"][0]["encoding"]["x"]["scale"]
    assert wait_timeline_spans(intervals, timezone="Europe/Paris") == [None]


_FIRST = dt.datetime(2025, 1, 1, tzinfo=UTC)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 3 * 365 * 24), st.integers(1, 60 * 24), st.sampled_from(["A", "B", "C"])),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from(["Europe/Paris", "America/Toronto", "UTC"]),
)
def test_cutting_into_quarters_loses_and_adds_no_time(waits: list[tuple[int, int, str]], zone: str) -> None:
    """However the waits fall, the quarters' bars add up to the waits (no hour lost at a
    quarter's edge, none counted twice), each bar inside its quarter."""
    rows = [
        {"client": c, "asked": _FIRST + dt.timedelta(hours=h), "end_used": _FIRST + dt.timedelta(hours=h + n)}
        for h, n, c in waits
    ]
    frame = _waits(rows)
    total = sum(n for _, n, _ in waits)
    drawn = 0.0
    for span in wait_timeline_spans(frame, timezone=zone):
        bars = wait_timeline_frame(frame, lang="en", timezone=zone, span=span)
        starts = bars.get_column("start").str.to_datetime("%Y-%m-%dT%H:%M:%SZ")
        ends = bars.get_column("end").str.to_datetime("%Y-%m-%dT%H:%M:%SZ")
        if span is not None:
            assert bars.height  # a quarter with no wait is left out
            assert starts.min() >= dt.datetime.combine(span[0], dt.time())
            assert ends.max() <= dt.datetime.combine(span[1] + dt.timedelta(days=1), dt.time())
        # wall-clock hours: a DST change inside a bar shifts it by an hour, never more
        drawn += sum((e - s) / dt.timedelta(hours=1) for s, e in zip(starts, ends, strict=True))
    assert abs(drawn - total) <= (0 if zone == "UTC" else 2 * len(waits))


def test_timeline_in_english_and_all_answered(intervals: pl.DataFrame) -> None:
    spec = wait_timeline_chart(intervals.filter(~pl.col("open")), lang="en").to_dict()
    assert spec["title"]["subtitle"] == "2 waits, from the ask to the client's answer"
    rows = data_of(spec, 0)
    assert rows[0]["start"] == "2026-03-06T16:00:00Z"  # no zone given: UTC
    assert {r["answered_text"] for r in rows if r["client"] == "Studio Lumen"} == {"Mar 7, 2026"}


def test_latency_box_ticks_and_median(intervals: pl.DataFrame) -> None:
    spec = wait_latency_chart(intervals, lang="fr").to_dict()
    assert layer_marks(spec)[0]["type"] == "boxplot"
    assert layer_marks(spec)[1]["type"] == "tick"
    assert spec["layer"][1]["encoding"]["x"]["field"] == "days"
    assert spec["layer"][1]["encoding"]["x"]["title"] == "Jours d'attente (calendaires)"
    medians = {r["client"]: r["median_text"] for r in data_of(spec, 2)}
    assert medians["Boulangerie Dupont"] == f"médiane 7,0{NBSP}j"  # (10 + 4) / 2
    assert medians["Studio Lumen"] == f"médiane 1,0{NBSP}j"
    assert medians[label("no_client", "fr")] == f"médiane 0,1{NBSP}j"


def test_cumulative_lines_with_end_labels() -> None:
    df = pl.DataFrame(
        {
            "client": ["Boulangerie Dupont"] * 2 + ["Studio Lumen"] * 2,
            "month": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)] * 2,
            "business_days": [3, 4, 1, 0],
            "cumulative_days": [3, 7, 1, 1],
        }
    )
    spec = wait_cumulative_chart(df, lang="en").to_dict()
    lines = spec["layer"][0]
    assert lines["mark"]["type"] == "line"
    assert lines["encoding"]["y"]["field"] == "cumulative_days"
    assert lines["encoding"]["color"]["scale"]["domain"] == ["Boulangerie Dupont", "Studio Lumen"]
    assert lines["encoding"]["color"]["scale"]["range"][0] == KIND_COLORS["wait"]
    assert spec["title"]["subtitle"] == (
        "Working days spent waiting for the client, month after month (8 d in all)"
    )
    assert [r["end_text"] for r in data_of(spec, 1)] == [
        "Boulangerie Dupont: 7 d",
        "Studio Lumen: 1 d",
    ]


def test_checks(intervals: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="missing column 'end_used'"):
        wait_timeline_chart(intervals.drop("end_used"), lang="fr")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        wait_latency_chart(intervals, lang="de")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="aggregated polars DataFrame"):
        wait_latency_chart(intervals.lazy(), lang="fr")  # type: ignore[arg-type]
    many = pl.concat([intervals] * (MAX_ROWS // intervals.height + 1))
    with pytest.raises(ValueError, match="more than altair's 5000"):
        wait_timeline_chart(many, lang="fr")
    twice = pl.DataFrame(
        {"client": ["A", "A"], "month": [dt.date(2026, 1, 1)] * 2, "cumulative_days": [1, 2]}
    )
    with pytest.raises(ValueError, match="one row per"):
        wait_cumulative_chart(twice, lang="fr")


def test_empty_frames_still_chart(intervals: pl.DataFrame) -> None:
    spec = wait_timeline_chart(intervals.clear(), lang="fr").to_dict()
    assert spec["title"]["subtitle"] == label("wait_timeline.subtitle_empty", "fr")
    wait_latency_chart(intervals.clear(), lang="en").to_dict()
    empty = pl.DataFrame(
        schema={"client": pl.String, "month": pl.Date, "cumulative_days": pl.Int64}
    )
    wait_cumulative_chart(empty, lang="fr").to_dict()
