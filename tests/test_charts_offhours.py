"""Off-hours charts: assertions on `chart.to_dict()` (marks, encodings, titles), fr and en."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from cmtime.analysis.offhours import working_hours
from cmtime.charts import (
    CATEGORY_COLORS,
    KIND_COLORS,
    label,
    offhours_by_client_chart,
    offhours_trend_chart,
    punchcard_chart,
    team_chart,
)
from cmtime.config import Config
from cmtime.text.labels import NBSP, OFFHOURS


def _values(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline rows of one layer (altair stores them in top-level datasets)."""
    data = layer.get("data", spec.get("data"))  # shared data is lifted to the top
    values: list[dict[str, Any]] = spec["datasets"][data["name"]]
    return values


@pytest.fixture
def punch() -> pl.DataFrame:
    return pl.DataFrame(
        {"weekday": [1, 1, 1, 6], "hour": [9, 10, 11, 21], "hours": [0.5, 1.0, 0.25, 2.0]},
        schema={"weekday": pl.Int8, "hour": pl.Int8, "hours": pl.Float64},
    )


@pytest.fixture
def by_client_long() -> pl.DataFrame:
    rows = {
        "Boulangerie Dupont": {"in_hours": 90.0, "early": 2.0, "evening": 6.0, "day_off": 2.0},
        "Le Comptoir des Halles": {"in_hours": 60.0, "evening": 25.0, "day_off": 15.0},
        None: {"in_hours": 10.0, "night": 0.5},
    }
    return pl.DataFrame(
        [
            {"client": client, "category": c, "hours": hours.get(c, 0.0)}
            for client, hours in rows.items()
            for c in OFFHOURS
        ],
        schema={"client": pl.String, "category": pl.String, "hours": pl.Float64},
    )


@pytest.fixture
def monthly() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "client": ["A", "A", "B", "B"],
            "month": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)] * 2,
            "offhours_share": [0.1, 0.2, 0.3, None],
            "offhours_h": [1.0, 2.0, 3.0, 0.0],
        }
    )


@pytest.fixture
def team() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "person": ["Personne 1", "Personne 2"],
            "effort_h": [10.0, 8.0],
            "offhours_h": [3.0, 0.0],
            "offhours_share": [0.3, 0.0],
            "in_hours_h": [7.0, 8.0],
            "early_h": [0.0, 0.0],
            "midday_h": [0.5, 0.0],
            "evening_h": [2.0, 0.0],
            "night_h": [0.5, 0.0],
            "day_off_h": [0.0, 0.0],
            "unknown_h": [0.0, 0.0],
        }
    )


# -- punch card ----------------------------------------------------------------------------


def test_punchcard_heatmap_encodings(punch: pl.DataFrame) -> None:
    chart = punchcard_chart(punch, lang="fr", working=working_hours(Config()))
    spec = chart.to_dict()
    heat, boxes = spec["layer"]
    assert heat["mark"]["type"] == "rect"
    enc = heat["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"], enc["x2"]["field"]) == (
        "hour",
        "quantitative",
        "hour_end",
    )
    assert enc["x"]["scale"]["domain"] == [0, 24]
    assert enc["y"]["sort"] == ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
    assert (enc["color"]["field"], enc["color"]["type"]) == ("hours", "quantitative")
    assert enc["color"]["title"] == "Heures (h)"
    assert enc["x"]["axis"]["title"] == "Heure de la journée"
    rows = _values(spec, heat)
    assert len(rows) == 7 * 24  # missing cells are drawn empty
    cell = next(r for r in rows if r["weekday"] == 6 and r["hour"] == 21)
    assert (cell["day"], cell["hours"], cell["hours_text"]) == ("sam.", 2.0, f"2{NBSP}h")
    # the working-hours boxes: no fill, one per range
    assert boxes["mark"]["type"] == "rect"
    assert boxes["mark"]["fill"] is None
    assert len(_values(spec, boxes)) == 10
    assert spec["title"]["text"] == "Quand le travail se fait"
    assert f"3{NBSP}h{NBSP}45" in spec["title"]["subtitle"]
    assert spec["usermeta"] == {"cmtime": {"lang": "fr", "chart": "punchcard"}}


def test_punchcard_in_english_without_boxes(punch: pl.DataFrame) -> None:
    spec = punchcard_chart(punch, lang="en").to_dict()
    assert len(spec["layer"]) == 1
    enc = spec["layer"][0]["encoding"]
    assert enc["y"]["sort"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert enc["x"]["axis"]["title"] == "Hour of the day"
    assert spec["title"]["text"] == "When the work gets done"
    assert spec["title"]["subtitle"] == "Hours worked per day and hour of day (3h 45m)"


def test_punchcard_refuses_bad_cells(punch: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="'hour'"):
        punchcard_chart(punch.drop("hour"), lang="fr")
    with pytest.raises(ValueError, match="hour 0-23"):
        punchcard_chart(punch.with_columns(pl.lit(24).alias("hour")).head(1), lang="fr")
    with pytest.raises(ValueError, match="one row per"):
        punchcard_chart(pl.concat([punch, punch]), lang="fr")
    with pytest.raises(ValueError, match="'end_h'"):
        punchcard_chart(punch, lang="fr", working=working_hours(Config()).drop("end_h"))


# -- off-hours by client ----------------------------------------------------------------------


def test_by_client_stacks_off_hours_only(by_client_long: pl.DataFrame) -> None:
    spec = offhours_by_client_chart(by_client_long, lang="fr").to_dict()
    bars, ends, _names = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    enc = bars["encoding"]
    assert (enc["x"]["field"], enc["x"]["stack"]) == ("hours", "zero")
    assert enc["x"]["title"] == "Heures hors horaires (h)"
    assert enc["y"]["sort"] == ["Le Comptoir des Halles", "Boulangerie Dupont", "(sans client)"]
    rows = _values(spec, bars)
    assert {r["category"] for r in rows} == {"early", "evening", "night", "day_off"}
    # colours follow CATEGORY_COLORS, categories in split order
    scale = enc["color"]["scale"]
    assert scale["domain"] == ["Tôt le matin", "Soirée", "Nuit", "Jour non travaillé"]
    assert scale["range"] == [CATEGORY_COLORS[c] for c in ("early", "evening", "night", "day_off")]
    labels = {r["client"]: r["end_text"] for r in _values(spec, ends)}
    assert labels["Le Comptoir des Halles"] == f"40{NBSP}h · 40{NBSP}%"
    assert labels["Boulangerie Dupont"] == f"10{NBSP}h · 10{NBSP}%"
    assert ends["mark"]["type"] == "text"
    assert spec["title"]["text"] == "Quel client vous fait travailler hors horaires ?"


def test_by_client_in_english(by_client_long: pl.DataFrame) -> None:
    spec = offhours_by_client_chart(by_client_long, lang="en").to_dict()
    assert spec["title"]["text"] == "Which client has you working outside working hours?"
    bars, ends, _names = spec["layer"]
    assert bars["encoding"]["x"]["title"] == "Hours outside working hours (h)"
    assert bars["encoding"]["y"]["sort"][-1] == "(no client)"
    assert {r["end_text"] for r in _values(spec, ends)} >= {"40h · 40%"}


def test_by_client_refuses_unknown_categories(by_client_long: pl.DataFrame) -> None:
    bad = by_client_long.with_columns(pl.lit("weekend").alias("category")).head(1)
    with pytest.raises(ValueError, match="'weekend'"):
        offhours_by_client_chart(bad, lang="fr")
    with pytest.raises(ValueError, match="'category'"):
        offhours_by_client_chart(by_client_long.drop("category"), lang="fr")


# -- trend ---------------------------------------------------------------------------------------


def test_trend_per_client(monthly: pl.DataFrame) -> None:
    spec = offhours_trend_chart(monthly, lang="fr").to_dict()
    line, points = spec["layer"]
    assert line["mark"]["type"] == "line"
    assert points["mark"]["type"] == "point"
    enc = line["encoding"]
    assert enc["color"]["field"] == "series"
    assert enc["x"]["sort"] == ["janv.", "févr."]
    assert (enc["y"]["field"], enc["y"]["axis"]["format"]) == ("offhours_share", ".0%")
    assert enc["y"]["title"] == "Part des heures hors horaires (%)"
    assert spec["title"]["text"] == "Les heures hors horaires, mois après mois"


def test_trend_overall_in_english(monthly: pl.DataFrame) -> None:
    overall = monthly.filter(pl.col("client") == "A").drop("client")
    spec = offhours_trend_chart(overall, lang="en").to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line", "point"]
    assert spec["layer"][1]["mark"]["color"] == CATEGORY_COLORS["evening"]
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["Jan", "Feb"]
    assert spec["title"]["text"] == "Hours outside working hours, month by month"
    assert {r["series"] for r in _values(spec, spec["layer"][0])} == {"All clients"}


def test_trend_refuses_missing_share(monthly: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="'offhours_share'"):
        offhours_trend_chart(monthly.drop("offhours_share"), lang="fr")


# -- team ---------------------------------------------------------------------------------------


def test_team_chart(team: pl.DataFrame) -> None:
    spec = team_chart(team, lang="fr").to_dict()
    bars, ends, _names = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["sort"] == ["Personne 1", "Personne 2"]
    assert bars["encoding"]["color"]["scale"]["domain"][0] == "Heures ouvrées"
    assert {r["share_text"] for r in _values(spec, ends)} == {f"30{NBSP}%", f"0{NBSP}%"}
    assert spec["title"]["text"] == "L'équipe face aux heures hors horaires"
    spec_en = team_chart(team, lang="en").to_dict()
    assert spec_en["title"]["text"] == "The team and hours outside working hours"
    assert spec_en["layer"][0]["encoding"]["x"]["title"] == "Hours (h)"


def test_team_chart_names_the_missing_column(team: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="'night_h'"):
        team_chart(team.drop("night_h"), lang="fr")


# -- colours and labels ----------------------------------------------------------------------------


def test_category_colors_cover_the_split_and_are_distinct() -> None:
    assert set(CATEGORY_COLORS) == set(OFFHOURS)
    assert len(set(CATEGORY_COLORS.values())) == len(OFFHOURS)
    assert KIND_COLORS["visible"] not in CATEGORY_COLORS.values()


@pytest.mark.parametrize(
    "key",
    [
        "punchcard.title",
        "offhours_client.title",
        "offhours_trend.title",
        "team.title",
        "team.person",
    ],
)
def test_new_labels_in_both_languages(key: str) -> None:
    assert label(key, "fr") != key
    assert label(key, "en") != key
