"""Client wait charts: assertions on `chart.to_dict()`, never on pixels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from cmtime.analysis.waits import INTERVAL_SCHEMA
from cmtime.charts import (
    KIND_COLORS,
    label,
    wait_cumulative_chart,
    wait_latency_chart,
    wait_timeline_chart,
)
from cmtime.charts.waits import MAX_ROWS, OPEN_COLOR
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
    bars, words = spec["layer"]
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
    assert words["mark"]["type"] == "text"
    assert words["mark"]["text"] == "→ en cours"
    assert [r["item"] for r in data_of(spec, 1)] == ["Logo"]
    assert spec["usermeta"] == {"cmtime": {"lang": "fr", "chart": "wait_timeline"}}


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
