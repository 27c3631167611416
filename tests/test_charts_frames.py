"""The data each chart draws (``*_frame``), on tiny hand-made frames: empty input, one
client, a null client, zero hours. Texts are built with the same formatting functions the
charts use; numbers, order and columns are written out by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cmtime.charts.monthly import monthly_effort_frame
from cmtime.charts.offhours import (
    offhours_by_client_frame,
    offhours_trend_frame,
    punchcard_boxes_frame,
    punchcard_frame,
    team_frame,
)
from cmtime.charts.pricing import clients_map_frame, fee_vs_suggested_frame, rates_frame
from cmtime.charts.waits import wait_cumulative_frame, wait_latency_frame, wait_timeline_frame
from cmtime.charts.workload import activity_frame, iceberg_frame, weekly_effort_frame
from cmtime.text.labels import OFFHOURS, hours, label, money, money_rate, percent

UTC = "UTC"


def _h(values: list[float], lang: str = "fr") -> list[str]:
    return [hours(v, lang) for v in values]  # type: ignore[arg-type]


# -- iceberg ------------------------------------------------------------------------------


def _by_client(
    clients: list[str | None], v: list[float], h: list[float], u: list[float]
) -> pl.DataFrame:
    df = pl.DataFrame(
        {"client": clients, "visible_h": v, "hidden_h": h, "unclassified_h": u},
        schema_overrides={"client": pl.String},
    )
    return df.with_columns(
        effort_h=pl.col("visible_h") + pl.col("hidden_h") + pl.col("unclassified_h"),
        hidden_share=pl.when(pl.col("visible_h") + pl.col("hidden_h") > 0).then(
            pl.col("hidden_h") / (pl.col("visible_h") + pl.col("hidden_h"))
        ),
    )


def test_iceberg_frame_null_client_and_zero_hours() -> None:
    df = _by_client(["Zoé", None], [2.0, 0.0], [6.0, 0.0], [0.0, 1.0])
    got = iceberg_frame(df, lang="fr")
    no_client = label("no_client", "fr")
    expected = pl.DataFrame(
        {
            "client": ["Zoé"] * 3 + [no_client] * 3,
            "client_axis": ["Zoé"] * 3 + [no_client] * 3,
            "share_value": [percent(0.75, "fr")] * 3 + ["—"] * 3,
            "kind": ["visible", "hidden", "unclassified"] * 2,
            "hours": [2.0, 6.0, 0.0, 0.0, 0.0, 1.0],
            "signed_h": [2.0, -6.0, -0.0, 0.0, -0.0, -1.0],
            "kind_label": [label(k, "fr") for k in ("visible", "hidden", "unclassified")] * 2,
            "rank": [0, 1, 2] * 2,
            "hours_text": _h([2.0, 6.0, 0.0, 0.0, 0.0, 1.0]),
            "share_text": [label("iceberg.share", "fr").format(share=percent(0.75, "fr"))] * 3
            + [""] * 3,
            "bottom": [-6.0] * 3 + [-1.0] * 3,
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_iceberg_frame_empty() -> None:
    got = iceberg_frame(_by_client([], [], [], []), lang="en")
    assert got.height == 0
    assert got.columns[:3] == ["client", "client_axis", "share_value"]


# -- weekly and activity ----------------------------------------------------------------


def test_weekly_effort_frame_stacks_and_drops_zero_hours() -> None:
    monday = dt.date(2026, 1, 5)
    df = pl.DataFrame(
        {
            "week": [monday, monday, monday],
            "kind": ["hidden", "visible", "unclassified"],
            "hours": [3.0, 1.5, 0.0],
        }
    )
    got = weekly_effort_frame(df, lang="en")
    expected = pl.DataFrame(
        {
            "week": [monday, monday],
            "kind": ["visible", "hidden"],
            "hours": [1.5, 3.0],
            "start": ["2026-01-05T03:00:00Z"] * 2,
            "end": ["2026-01-11T21:00:00Z"] * 2,
            "kind_label": [label("visible", "en"), label("hidden", "en")],
            "rank": [0, 1],
            "top": [1.5, 4.5],
            "base": [0.0, 1.5],
            "hours_text": _h([1.5, 3.0], "en"),
            "week_text": ["Jan 5, 2026"] * 2,
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)
    assert weekly_effort_frame(df.clear(), lang="fr").height == 0


def test_activity_frame_totals_and_order() -> None:
    df = pl.DataFrame(
        {
            "activity": ["creation", "publishing", "creation", None],
            "kind": ["hidden", "visible", "visible", "unclassified"],
            "hours": [2.0, 5.0, 1.0, 0.0],
        }
    )
    got = activity_frame(df, lang="fr")
    creation, publishing = label("creation", "fr"), label("publishing", "fr")
    expected = pl.DataFrame(
        {
            "activity": ["publishing", "creation", "creation"],
            "kind": ["visible", "visible", "hidden"],
            "hours": [5.0, 1.0, 2.0],
            "activity_label": [publishing, creation, creation],
            "kind_label": [label("visible", "fr"), label("visible", "fr"), label("hidden", "fr")],
            "rank": [0, 0, 1],
            "total": [5.0, 3.0, 3.0],
            "total_text": _h([5.0, 3.0, 3.0]),
            "hours_text": _h([5.0, 1.0, 2.0]),
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


# -- waits ---------------------------------------------------------------------------------


def _waits(rows: list[tuple[str | None, str, str, bool, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "client": [r[0] for r in rows],
            "item": ["post"] * len(rows),
            "wait_kind": ["waiting_validation"] * len(rows),
            "asked": [dt.datetime.fromisoformat(r[1]) for r in rows],
            "end_used": [dt.datetime.fromisoformat(r[2]) for r in rows],
            "open": [r[3] for r in rows],
            "calendar_h": [r[4] for r in rows],
            "business_days": [1] * len(rows),
        },
        schema_overrides={
            "client": pl.String,
            "asked": pl.Datetime("us", UTC),
            "end_used": pl.Datetime("us", UTC),
        },
    )


def test_wait_timeline_frame_wall_times_and_open_last() -> None:
    df = _waits(
        [
            ("Zoé", "2026-03-02T08:00:00+00:00", "2026-03-09T08:00:00+00:00", True, 168.0),
            (None, "2026-03-01T23:30:00+00:00", "2026-03-03T23:30:00+00:00", False, 48.0),
        ]
    )
    got = wait_timeline_frame(df, lang="fr", timezone="Europe/Paris")
    no_client = label("no_client", "fr")
    expected = pl.DataFrame(
        {
            "client": [no_client, "Zoé"],
            "item": ["post", "post"],
            "kind_label": [label("waiting_validation", "fr")] * 2,
            "start": ["2026-03-02T00:30:00Z", "2026-03-02T09:00:00Z"],
            "end": ["2026-03-04T00:30:00Z", "2026-03-09T09:00:00Z"],
            "open": [False, True],
            "days": [2.0, 7.0],
            "business_days": [1, 1],
            "days_text": [
                label("wait.days", "fr").format(n="2,0"),
                label("wait.days", "fr").format(n="7,0"),
            ],
            "asked_text": ["2 mars 2026", "2 mars 2026"],
            "answered_text": ["4 mars 2026", label("wait.open", "fr")],
            "status": [label("wait.closed", "fr"), label("wait.open", "fr")],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)
    assert wait_timeline_frame(df.clear(), lang="en").height == 0


def test_wait_latency_frame_carries_the_median() -> None:
    df = pl.DataFrame({"client": ["A", "A", "B"], "calendar_h": [24.0, 72.0, None]})
    got = wait_latency_frame(df, lang="en")
    expected = pl.DataFrame(
        {
            "client": ["A", "A"],
            "days": [1.0, 3.0],
            "open": [False, False],
            "days_text": ["1.0 d", "3.0 d"],
            "median": [2.0, 2.0],
            "longest": [3.0, 3.0],
            "waits": [2, 2],
            "median_text": [label("wait_latency.median", "en").format(days="2.0 d")] * 2,
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_wait_cumulative_frame_ends_on_the_last_month() -> None:
    jan, feb = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
    df = pl.DataFrame(
        {"client": ["B", "A", "A"], "month": [jan, feb, jan], "cumulative_days": [4.0, 3.0, 1.0]}
    )
    got = wait_cumulative_frame(df, lang="en")
    end = label("wait_cumulative.end", "en")
    expected = pl.DataFrame(
        {
            "client": ["A", "A", "B"],
            "cumulative_days": [1.0, 3.0, 4.0],
            "month_iso": ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z"],
            "days_text": ["1 d", "3 d", "4 d"],
            "month_text": ["January 2026", "February 2026", "January 2026"],
            "end_text": [
                None,
                end.format(client="A", days="3 d"),
                end.format(client="B", days="4 d"),
            ],
            # B's label at 4; A's pushed 0.2 (5 % of 4) below it, 3 is already lower
            "label_y": [None, 3.0, 4.0],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


# -- pricing -------------------------------------------------------------------------------


def test_rates_frame_one_client_and_no_contract() -> None:
    df = pl.DataFrame(
        {"client": ["Zoé", None], "effective_rate": [40.0, None], "perceived_rate": [80.0, None]},
        schema_overrides={"client": pl.String},
    )
    got = rates_frame(df, lang="fr")
    expected = pl.DataFrame(
        {
            "client": ["Zoé", "Zoé"],
            "rate": ["perceived_rate", "effective_rate"],
            "value": [80.0, 40.0],
            "rate_label": [label("rate.perceived", "fr"), label("rate.effective", "fr")],
            "value_text": [money_rate(80.0, "EUR", "fr"), money_rate(40.0, "EUR", "fr")],
            "dx": [10, -10],
            "effective_rate": [40.0, 40.0],
            "perceived_rate": [80.0, 80.0],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_fee_vs_suggested_frame_keeps_unknown_amounts_as_nulls() -> None:
    df = pl.DataFrame(
        {
            "client": ["Zoé", "Zoé"],
            "month": [dt.date(2026, 2, 1), dt.date(2026, 1, 1)],
            "fee": [500.0, 500.0],
            "suggested_fee_month": [None, 720.0],
            "target_rate": [60.0, 60.0],
        }
    )
    got = fee_vs_suggested_frame(df, lang="en", currency="EUR")
    expected = pl.DataFrame(
        {
            "month": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)] * 2,
            "series": ["fee", "fee", "suggested_fee_month", "suggested_fee_month"],
            "amount": [500.0, 500.0, 720.0, None],
            "month_text": ["Jan", "Feb"] * 2,
            "series_label": [label("fee.current", "en")] * 2 + [label("fee.suggested", "en")] * 2,
            "amount_text": [money(v, "EUR", "en") for v in (500.0, 500.0, 720.0, None)],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_clients_map_frame_leaves_out_clients_without_fee() -> None:
    df = pl.DataFrame(
        {
            "client": ["Zoé", "Max", None],
            "effort_h": [10.0, 100.0, 5.0],
            "fee": [600.0, 3000.0, None],
            "effective_rate": [60.0, 30.0, None],
            "target_rate": [60.0, 60.0, 60.0],
        },
        schema_overrides={"client": pl.String},
    )
    got = clients_map_frame(df, lang="fr")
    rates = [money_rate(60.0, "EUR", "fr"), money_rate(30.0, "EUR", "fr")]
    expected = pl.DataFrame(
        {
            "client": ["Zoé", "Max"],
            "effort_h": [10.0, 100.0],
            "fee": [600.0, 3000.0],
            "effective_rate": [60.0, 30.0],
            "fee_text": [money(600.0, "EUR", "fr"), money(3000.0, "EUR", "fr")],
            "rate_text": rates,
            "hours_text": _h([10.0, 100.0]),
            "point_text": [f"Zoé · {rates[0]}", f"Max · {rates[1]}"],
            "left": [False, True],  # right of 0.6 x 115 h
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


# -- monthly ---------------------------------------------------------------------------------


def test_monthly_effort_frame_totals_in_month_order_and_zero_hours_dropped() -> None:
    jan, mar = dt.date(2026, 1, 1), dt.date(2027, 3, 1)
    df = pl.DataFrame(
        {
            "month": [mar, jan, jan, jan],
            "kind": ["visible", "hidden", "visible", "unclassified"],
            "hours": [4.0, 2.5, 1.0, 0.0],
        }
    )
    got = monthly_effort_frame(df, lang="en")
    expected = pl.DataFrame(
        {
            "month": [jan, jan, mar],
            "kind": ["visible", "hidden", "visible"],  # by month, then stacking rank
            "hours": [1.0, 2.5, 4.0],
            "month_text": ["Jan 2026", "Jan 2026", "Mar 2027"],  # two years: with the year
            "kind_label": [label("visible", "en"), label("hidden", "en"), label("visible", "en")],
            "rank": [0, 1, 0],
            "hours_text": _h([1.0, 2.5, 4.0], "en"),
            "total": [3.5, 3.5, 4.0],
            "total_text": _h([3.5, 3.5, 4.0], "en"),
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)
    # the input's order (a group_by's, which varies from run to run) does not matter
    assert_frame_equal(monthly_effort_frame(df.reverse(), lang="en"), got)
    assert monthly_effort_frame(df.filter(pl.col("hours") == 0), lang="fr").height == 0
    assert monthly_effort_frame(df.clear(), lang="fr").columns == expected.columns


# -- off-hours -------------------------------------------------------------------------------


def test_punchcard_frame_fills_the_week() -> None:
    df = pl.DataFrame(
        {"weekday": [1, 7], "hour": [9, 23], "hours": [1.5, None]},
        schema={"weekday": pl.Int8, "hour": pl.Int8, "hours": pl.Float64},
    )
    got = punchcard_frame(df, lang="fr")
    assert got.height == 7 * 24
    assert got.get_column("hours").sum() == 1.5
    monday_9 = pl.DataFrame(
        {
            "weekday": [1, 1, 7],
            "hour": [0, 9, 23],
            "hours": [0.0, 1.5, 0.0],  # a missing cell and a null one are 0 h
            "hour_end": [1, 10, 24],
            "day": ["lun.", "lun.", "dim."],
            "day_name": ["lundi", "lundi", "dimanche"],
            "hour_text": [
                "0\u00a0h \u2013 1\u00a0h",
                "9\u00a0h \u2013 10\u00a0h",
                "23\u00a0h \u2013 24\u00a0h",
            ],
            "hours_text": _h([0.0, 1.5, 0.0]),
        }
    )
    assert_frame_equal(got[[0, 9, 167]], monday_9, check_dtypes=False)
    empty = punchcard_frame(df.clear(), lang="en")
    assert empty.height == 7 * 24
    assert empty.get_column("hours").sum() == 0
    assert empty.row(0, named=True)["hour_text"] == "0:00 \u2013 1:00"


def test_punchcard_boxes_frame_names_the_days() -> None:
    working = pl.DataFrame({"weekday": [5, 1], "start_h": [13.5, 9.0], "end_h": [17.0, 12.5]})
    got = punchcard_boxes_frame(working, lang="en")
    expected = pl.DataFrame({"day": ["Fri", "Mon"], "start_h": [13.5, 9.0], "end_h": [17.0, 12.5]})
    assert_frame_equal(got, expected)
    assert punchcard_boxes_frame(working.clear(), lang="fr").height == 0


def test_offhours_by_client_frame_null_client_and_zero_hours() -> None:
    rows = [
        ("Zoé", "in_hours", 6.0),
        ("Zoé", "evening", 2.0),
        (None, "in_hours", 4.0),
        ("Max", "in_hours", 0.0),
    ]
    df = pl.DataFrame(
        {
            "client": [r[0] for r in rows],
            "category": [r[1] for r in rows],
            "hours": [r[2] for r in rows],
        },
        schema={"client": pl.String, "category": pl.String, "hours": pl.Float64},
    )
    got = offhours_by_client_frame(df, lang="fr")
    no_client = label("no_client", "fr")
    off = ["early", "midday", "evening", "night", "day_off"]
    end = label("offhours_client.end", "fr")
    # Zoé: 2 h off out of 8 h; then by name: "(sans client)" before "Max" (0 of 4 h, 0 of 0 h).
    clients = ["Zoé", no_client, "Max"]
    shares = [0.25, 0.0, None]
    expected = pl.DataFrame(
        {
            "client": [c for c in clients for _ in off],
            "category": off * 3,
            "hours": [0.0, 0.0, 2.0, 0.0, 0.0] + [0.0] * 10,
            "category_label": [label(c, "fr") for c in off] * 3,
            "rank": [1, 2, 3, 4, 5] * 3,
            "share_text": [percent(s, "fr") for s in shares for _ in off],
            "hours_text": _h([0.0, 0.0, 2.0, 0.0, 0.0] + [0.0] * 10),
            "offhours": [2.0] * 5 + [0.0] * 10,
            "share": [s for s in shares for _ in off],
            "end_text": [
                end.format(hours=hours(h, "fr"), share=percent(s, "fr"))
                for h, s in ((2.0, 0.25), (0.0, 0.0), (0.0, None))
                for _ in off
            ],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)
    assert offhours_by_client_frame(df.clear(), lang="en").height == 0


def test_offhours_trend_frame_per_client_and_overall() -> None:
    jan, feb = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
    per_client = pl.DataFrame(
        {
            "client": ["Zoé", None, "Zoé"],
            "month": [feb, jan, jan],
            "offhours_share": [0.5, 0.0, None],
            "offhours_h": [3.0, 0.0, None],
        },
        schema_overrides={"client": pl.String},
    )
    got = offhours_trend_frame(per_client, lang="fr")
    expected = pl.DataFrame(
        {
            "series": [label("no_client", "fr"), "Zoé", "Zoé"],
            "month": [jan, jan, feb],
            "offhours_share": [0.0, None, 0.5],
            "offhours_h": [0.0, None, 3.0],
            "month_text": ["janv.", "janv.", "févr."],
            "share_text": [percent(0.0, "fr"), "—", percent(0.5, "fr")],
            "hours_text": [hours(0.0, "fr"), hours(None, "fr"), hours(3.0, "fr")],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)
    overall = offhours_trend_frame(
        per_client.filter(pl.col("client") == "Zoé").drop("client", "offhours_h"), lang="en"
    )
    assert overall.get_column("series").to_list() == [label("overall", "en")] * 2
    assert overall.get_column("offhours_h").to_list() == [None, None]
    assert overall.get_column("month_text").to_list() == ["Jan", "Feb"]
    assert offhours_trend_frame(per_client.clear(), lang="en").height == 0


def test_team_frame_one_person_and_zero_hours() -> None:
    cats = {f"{c}_h": [0.0, 0.0] for c in OFFHOURS}
    cats["in_hours_h"] = [6.0, 0.0]
    cats["evening_h"] = [2.0, 0.0]
    df = pl.DataFrame(
        {"person": ["Zoé", None], "effort_h": [8.0, 0.0], "offhours_share": [0.25, None], **cats},
        schema_overrides={"person": pl.String},
    )
    got = team_frame(df, lang="en")
    zoe = [6.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0]  # in OFFHOURS order
    expected = pl.DataFrame(
        {
            "person": ["Zoé"] * 7 + ["?"] * 7,
            "category": list(OFFHOURS) * 2,
            "hours": zoe + [0.0] * 7,
            "category_label": [label(c, "en") for c in OFFHOURS] * 2,
            "rank": list(range(7)) * 2,
            "share_text": ["25%"] * 7 + ["—"] * 7,
            "hours_text": _h(zoe + [0.0] * 7, "en"),
            "effort_h": [8.0] * 7 + [0.0] * 7,
            "offhours_share": [0.25] * 7 + [None] * 7,
        }
    )
    assert OFFHOURS[:4] == ("in_hours", "early", "midday", "evening")
    assert_frame_equal(got, expected, check_dtypes=False)
    assert team_frame(df.clear(), lang="fr").height == 0


@pytest.mark.parametrize(
    "frame",
    [
        iceberg_frame,
        weekly_effort_frame,
        activity_frame,
        rates_frame,
        clients_map_frame,
        monthly_effort_frame,
        punchcard_frame,
        offhours_by_client_frame,
        offhours_trend_frame,
        team_frame,
    ],
)
def test_frames_refuse_a_lazy_frame(frame) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="aggregated polars DataFrame"):
        frame(pl.LazyFrame({"client": ["A"]}), lang="fr")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_monthly_chart_shows_every_month_of_a_year(lang: str) -> None:
    """Twelve short month names fit their bands: none is hidden (vega's greedy overlap
    test hid février and août); labels with a year keep the greedy test."""
    import re

    import vl_convert as vlc

    from cmtime.charts.monthly import monthly_effort_chart
    from cmtime.outputs.export import chart_spec

    months = [dt.date(2026, m, 1) for m in range(1, 13)]
    df = pl.DataFrame({"month": months * 2, "kind": ["visible"] * 12 + ["hidden"] * 12, "hours": [40.0] * 12 + [110.0] * 12})
    svg = vlc.vegalite_to_svg(chart_spec(monthly_effort_chart(df, lang=lang), lang=lang), allowed_base_urls=[])
    axis = svg[svg.index('class="mark-text role-axis-label"'):]
    axis = axis[: axis.index("</g>")]
    assert len(re.findall(r"<text", axis)) == 12
    assert 'opacity="0"' not in axis
    two_years = df.with_columns(pl.col("month").dt.offset_by("6mo"))
    spec = monthly_effort_chart(two_years, lang=lang).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["axis"]["labelOverlap"] == "greedy"
