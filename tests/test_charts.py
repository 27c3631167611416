"""Charts, theme and labels: assertions on `chart.to_dict()`, never on pixels."""

from __future__ import annotations

import datetime as dt
import math
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import altair as alt
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cmtime.charts import (
    KIND_COLORS,
    LABELS,
    THEME,
    activity_chart,
    hours,
    iceberg_chart,
    label,
    number,
    percent,
    use_theme,
    weekly_effort_chart,
)
from cmtime.charts.theme import themed_spec
from cmtime.text.labels import (
    ACTIVITIES,
    KIND_ORDER,
    NBSP,
    NNBSP,
    OFFHOURS,
    format_locale,
    time_format_locale,
)

# -- inline aggregated frames ------------------------------------------------------------


@pytest.fixture
def by_client() -> pl.DataFrame:
    """effort_by_client: five clients and the no-client row, given out of order."""
    df = pl.DataFrame(
        {
            "client": ["Garage Lefèvre", "Boulangerie Dupont", None, "Domaine des Vignes"],
            "visible_h": [4.5, 14.5, 0.5, 11.25],
            "hidden_h": [7.0, 24.0, 3.0, 13.0],
            "unclassified_h": [0.0, 3.5, 1.5, 2.0],
            "wait_h": [2.0, 40.0, 0.0, 80.0],
        }
    )
    return df.with_columns(
        effort_h=pl.col("visible_h") + pl.col("hidden_h") + pl.col("unclassified_h"),
        hidden_share=pl.col("hidden_h") / (pl.col("visible_h") + pl.col("hidden_h")),
    )


@pytest.fixture
def weekly() -> pl.DataFrame:
    monday = dt.date(2026, 1, 5)
    return pl.DataFrame(
        {
            "week": [monday, monday, monday + dt.timedelta(days=7), monday],
            "kind": ["hidden", "visible", "visible", "unclassified"],
            "hours": [12.0, 6.5, 8.0, 1.5],
        }
    )


@pytest.fixture
def by_activity() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "activity": ["publishing", "creation", "creation", "community", "brand_new", "other"],
            "kind": ["visible", "hidden", "visible", "visible", "hidden", "unclassified"],
            "hours": [18.0, 22.0, 2.0, 12.0, 1.0, 5.0],
        }
    )


def _values(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline rows one (layer of a) chart draws."""
    rows: list[dict[str, Any]] = spec["datasets"][layer["data"]["name"]]
    return rows


def _title(spec: dict[str, Any]) -> tuple[str, str]:
    return spec["title"]["text"], spec["title"]["subtitle"]


# -- labels and formatting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "fr", "en"),
    [
        ("visible", "Visible", "Visible"),
        ("hidden", "Invisible", "Hidden"),
        ("unclassified", "Non classé", "Unclassified"),
        ("wait", "Attente client", "Client wait"),
        ("community", "Animation de communauté", "Community management"),
        ("monitoring", "Veille", "Monitoring"),
        ("incident", "Gestion de crise", "Crisis management"),
        ("day_off", "Jour non travaillé", "Day off"),
        ("midday", "Pause déjeuner", "Lunch break"),
        ("no_client", "(sans client)", "(no client)"),
        ("axis.hours", "Heures (h)", "Hours (h)"),
        ("axis.week", "Semaine", "Week"),
    ],
)
def test_label_translates(key: str, fr: str, en: str) -> None:
    assert (label(key, "fr"), label(key, "en")) == (fr, en)


def test_every_known_value_has_both_languages() -> None:
    for key in (*KIND_ORDER, *ACTIVITIES, *OFFHOURS):
        assert key in LABELS, key
    for key, entry in LABELS.items():
        assert set(entry) == {"fr", "en"}, key
        assert entry["fr"].strip(), key
        assert entry["en"].strip(), key


def test_unknown_key_comes_back_as_is() -> None:
    assert label("some_new_activity", "fr") == "some_new_activity"


def test_bad_language_is_named() -> None:
    with pytest.raises(ValueError, match="'de'"):
        label("hidden", "de")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'FR'"):
        hours(1.0, "FR")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.56, "fr", 1, f"1{NNBSP}234,6"),
        (1234.56, "en", 1, "1,234.6"),
        (1234567.0, "fr", 0, f"1{NNBSP}234{NNBSP}567"),
        (0.5, "fr", 2, "0,50"),
        (-0.01, "fr", 1, "0,0"),  # no "-0,0"
        (-12.26, "en", 1, "-12.3"),
        (None, "fr", 1, "—"),
        (math.nan, "en", 1, "—"),
    ],
)
def test_number(value: float | None, lang: str, decimals: int, expected: str) -> None:
    assert number(value, lang, decimals) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (12.5, "fr", f"12{NBSP}h{NBSP}30"),
        (12.5, "en", "12h 30m"),
        (12.0, "fr", f"12{NBSP}h"),
        (12.0, "en", "12h"),
        (0.75, "fr", f"45{NBSP}min"),
        (0.75, "en", "45m"),
        (1 + 5 / 60, "fr", f"1{NBSP}h{NBSP}05"),
        (0.9999, "fr", f"1{NBSP}h"),  # rounds to the minute, carries into the hour
        (0.0, "fr", f"0{NBSP}h"),
        (1234.5, "fr", f"1{NNBSP}234{NBSP}h{NBSP}30"),
        (1234.5, "en", "1,234h 30m"),
        (-2.5, "en", "-2h 30m"),
        (None, "fr", "—"),
    ],
)
def test_hours(value: float | None, lang: str, expected: str) -> None:
    assert hours(value, lang) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (0.638, "fr", 0, f"64{NBSP}%"),
        (0.638, "en", 0, "64%"),
        (0.6384, "fr", 1, f"63,8{NBSP}%"),
        (1.0, "en", 0, "100%"),
        (None, "fr", 0, "—"),
    ],
)
def test_percent(value: float | None, lang: str, decimals: int, expected: str) -> None:
    assert percent(value, lang, decimals) == expected  # type: ignore[arg-type]


def test_vega_locales_match_python_formatting() -> None:
    fr = format_locale("fr")
    assert (fr["decimal"], fr["thousands"], fr["percent"]) == (",", NNBSP, f"{NBSP}%")
    assert format_locale("en")["decimal"] == "."
    assert time_format_locale("fr")["shortMonths"][0] == "janv."
    assert time_format_locale("en")["shortMonths"][0] == "Jan"
    assert len(time_format_locale("fr")["days"]) == 7


# -- theme ---------------------------------------------------------------------------------


def test_theme_is_registered_not_enabled_and_scoped() -> None:
    assert THEME in alt.theme.names()
    before = alt.theme.active
    assert before != THEME
    chart = alt.Chart(pl.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q")
    with use_theme():
        assert alt.theme.active == THEME
        config = chart.to_dict()["config"]
    assert alt.theme.active == before
    assert config["range"]["category"][:4] == [
        KIND_COLORS["visible"],
        KIND_COLORS["hidden"],
        KIND_COLORS["unclassified"],
        KIND_COLORS["wait"],
    ]
    assert "DejaVu Sans" in config["font"]
    assert config["title"]["anchor"] == "start"


def test_kind_colors_are_distinct() -> None:
    assert set(KIND_COLORS) == {"visible", "hidden", "unclassified", "wait"}
    assert len(set(KIND_COLORS.values())) == 4


def test_themed_spec_never_touches_the_global_theme(by_client: pl.DataFrame) -> None:
    """The share report draws its charts in threads: enabling the theme for a block there
    left "cmtime" on for every later test (each block restores what it found)."""
    chart = iceberg_chart(by_client, lang="fr")
    before = alt.theme.active
    with use_theme():
        expected = chart.to_dict()
    assert themed_spec(chart) == expected
    seen: set[str] = set()

    def draw(_: int) -> dict[str, Any]:
        seen.add(alt.theme.active)
        return themed_spec(chart, validate=False)

    with ThreadPoolExecutor(max_workers=8) as pool:
        specs = list(pool.map(draw, range(64)))
    assert alt.theme.active == before
    assert seen == {before}
    assert all(spec == expected for spec in specs)
    assert expected["config"]["range"]["category"][0] == KIND_COLORS["visible"]
    # A chart with its data at the top, and one with none.
    plain = alt.Chart(pl.DataFrame({"a": [1.5]})).mark_bar().encode(x="a:Q")
    rule = alt.Chart().mark_rule().encode(x=alt.datum(1))
    for other in (plain, rule):
        with use_theme():
            assert themed_spec(other) == other.to_dict()


# -- iceberg -------------------------------------------------------------------------------


def test_iceberg_layers_and_encodings(by_client: pl.DataFrame) -> None:
    spec = iceberg_chart(by_client, lang="fr").to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "bar", "rule", "text", "text"]
    bars = spec["layer"][1]
    y = bars["encoding"]["y"]
    assert (y["field"], y["type"], y["stack"], y["title"]) == (
        "signed_h",
        "quantitative",
        "zero",
        "Heures (h)",
    )
    assert "abs(datum.value)" in y["axis"]["labelExpr"]
    color = bars["encoding"]["color"]
    assert color["scale"]["domain"] == ["Visible", "Invisible", "Non classé"]
    assert color["scale"]["range"] == [
        KIND_COLORS["visible"],
        KIND_COLORS["hidden"],
        KIND_COLORS["unclassified"],
    ]
    assert [t["title"] for t in bars["encoding"]["tooltip"]] == [
        "Client",
        "Type de travail",
        "Heures",
        "Part invisible",
    ]
    assert spec["usermeta"] == {"cmtime": {"lang": "fr", "chart": "iceberg"}}


def test_iceberg_sorted_by_effort_with_no_client_translated(by_client: pl.DataFrame) -> None:
    fr = iceberg_chart(by_client, lang="fr").to_dict()
    x = fr["layer"][1]["encoding"]["x"]
    # Effort: Dupont 42, Vignes 26.25, Lefèvre 11.5, no client 5; names wrap at 13 characters.
    assert x["sort"] == [
        "Boulangerie\nDupont",
        "Domaine des\nVignes",
        "Garage\nLefèvre",
        "(sans client)",
    ]
    assert x["title"] == "Client"
    en = iceberg_chart(by_client, lang="en").to_dict()
    assert en["layer"][1]["encoding"]["x"]["sort"][-1] == "(no client)"


def test_iceberg_visible_up_hidden_down(by_client: pl.DataFrame) -> None:
    spec = iceberg_chart(by_client, lang="fr").to_dict()
    rows = _values(spec, spec["layer"][1])
    dupont = {r["kind"]: r for r in rows if r["client"] == "Boulangerie Dupont"}
    assert dupont["visible"]["signed_h"] == 14.5
    assert dupont["hidden"]["signed_h"] == -24.0
    assert dupont["unclassified"]["signed_h"] == -3.5
    assert dupont["hidden"]["kind_label"] == "Invisible"
    assert dupont["hidden"]["hours_text"] == f"24{NBSP}h"
    # Zero-hour segments are not drawn (Lefèvre has no unclassified time).
    assert {r["kind"] for r in rows if r["client"] == "Garage Lefèvre"} == {"visible", "hidden"}
    # Stack order: hidden against the waterline, unclassified below it.
    assert dupont["hidden"]["rank"] < dupont["unclassified"]["rank"]


def test_iceberg_titles_waterline_and_shares(by_client: pl.DataFrame) -> None:
    fr = iceberg_chart(by_client, lang="fr").to_dict()
    title, subtitle = _title(fr)
    assert title == "Ce que vos clients voient… et le reste"
    # hidden 47 h of 77 h 45 classified = 60 %
    assert subtitle == (
        f"Travail invisible : 60{NBSP}% des heures classées (47{NBSP}h sur 77{NBSP}h{NBSP}45)"
    )
    assert fr["layer"][3]["mark"]["text"] == "ligne de flottaison"
    # read out by screen readers: the title, what is drawn, the subtitle
    assert fr["description"] == f"{title}. {label('alt.iceberg', 'fr')}. {subtitle}."
    shares = {r["client_axis"]: r["share_text"] for r in _values(fr, fr["layer"][4])}
    assert shares["Boulangerie\nDupont"] == f"62{NBSP}% invisible"
    assert fr["layer"][4]["encoding"]["y"]["field"] == "bottom"

    en = iceberg_chart(by_client, lang="en").to_dict()
    assert _title(en) == (
        "What clients see… and the rest",
        "Hidden work: 60% of classified hours (47h of 77h 45m)",
    )
    assert en["layer"][3]["mark"]["text"] == "waterline"
    shares_en = {r["client_axis"]: r["share_text"] for r in _values(en, en["layer"][4])}
    assert shares_en["Boulangerie\nDupont"] == "62% hidden"


def test_iceberg_nothing_classified() -> None:
    df = pl.DataFrame(
        {
            "client": ["A"],
            "visible_h": [0.0],
            "hidden_h": [0.0],
            "unclassified_h": [2.0],
            "effort_h": [2.0],
            "hidden_share": [None],
        },
        schema_overrides={"hidden_share": pl.Float64},
    )
    spec = iceberg_chart(df, lang="fr").to_dict()
    assert _title(spec)[1] == "Aucune heure classée"
    assert _values(spec, spec["layer"][4])[0]["share_text"] == ""


def test_iceberg_empty_frame_still_charts(by_client: pl.DataFrame) -> None:
    spec = iceberg_chart(by_client.clear(), lang="en").to_dict()
    assert _title(spec)[1] == "No classified hours"


def test_charts_do_not_mutate_their_input(by_client: pl.DataFrame) -> None:
    before = by_client.clone()
    iceberg_chart(by_client, lang="fr")
    assert_frame_equal(by_client, before)


# -- weekly ----------------------------------------------------------------------------------


def test_weekly_stacks_kinds_per_week(weekly: pl.DataFrame) -> None:
    spec = weekly_effort_chart(weekly, lang="fr").to_dict()
    assert spec["mark"]["type"] == "bar"
    enc = spec["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"], enc["x"]["scale"]["type"]) == (
        "start",
        "temporal",
        "utc",
    )
    assert (enc["x2"]["field"], enc["y"]["field"], enc["y2"]["field"]) == ("end", "top", "base")
    assert (enc["x"]["title"], enc["y"]["title"]) == ("Semaine", "Heures (h)")
    rows = {(r["start"][:10], r["kind"]): r for r in _values(spec, spec)}
    first = "2026-01-05"
    assert rows[first, "visible"]["start"] == "2026-01-05T03:00:00Z"
    assert (rows[first, "visible"]["base"], rows[first, "visible"]["top"]) == (0.0, 6.5)
    assert (rows[first, "hidden"]["base"], rows[first, "hidden"]["top"]) == (6.5, 18.5)
    assert (rows[first, "unclassified"]["base"], rows[first, "unclassified"]["top"]) == (18.5, 20.0)
    assert rows[first, "hidden"]["week_text"] == "5 janv. 2026"
    assert [t["title"] for t in enc["tooltip"]] == ["Semaine du", "Type de travail", "Heures"]
    assert enc["color"]["scale"]["domain"] == ["Visible", "Invisible", "Non classé"]
    # One tick per week, in the middle of its bar (Thursday noon UTC).
    monday_ms = int(dt.datetime(2026, 1, 5, tzinfo=dt.UTC).timestamp() * 1000)
    assert enc["x"]["axis"]["values"][0] == monday_ms + 302_400_000


def test_weekly_titles(weekly: pl.DataFrame) -> None:
    fr = weekly_effort_chart(weekly, lang="fr").to_dict()
    assert _title(fr) == (
        "Heures travaillées par semaine",
        f"28{NBSP}h sur 2 semaines, soit 14{NBSP}h par semaine en moyenne",
    )
    en = weekly_effort_chart(weekly, lang="en").to_dict()
    assert _title(en) == ("Hours worked per week", "28h over 2 weeks, 14h per week on average")
    assert _values(en, en)[0]["week_text"] == "Jan 5, 2026"


def test_weekly_counts_empty_weeks_in_the_mean() -> None:
    df = pl.DataFrame(
        {
            "week": [dt.date(2026, 1, 5), dt.date(2026, 1, 19)],
            "kind": ["hidden"] * 2,
            "hours": [3.0] * 2,
        }
    )
    assert _title(weekly_effort_chart(df, lang="en").to_dict())[1] == (
        "6h over 3 weeks, 2h per week on average"
    )


def test_row_limit_is_kept() -> None:
    weeks = pl.date_range(dt.date(1900, 1, 1), dt.date(2000, 12, 31), "1w", eager=True)[:5001]
    df = pl.DataFrame({"week": weeks, "kind": "hidden", "hours": 1.0})
    with pytest.raises(alt.MaxRowsError):
        weekly_effort_chart(df, lang="en").to_dict()


# -- activity --------------------------------------------------------------------------------


def test_activity_sorted_translated_and_coloured(by_activity: pl.DataFrame) -> None:
    spec = activity_chart(by_activity, lang="fr").to_dict()
    bars, ends = spec["layer"]
    assert (bars["mark"]["type"], ends["mark"]["type"]) == ("bar", "text")
    y = bars["encoding"]["y"]
    assert y["field"] == "activity_label"
    # Totals: creation 24, publishing 18, community 12, other 5, brand_new 1 (no label: as is).
    assert y["sort"] == ["Création", "Publication", "Animation de communauté", "Autre", "brand_new"]
    assert ends["encoding"]["y"]["sort"] == y["sort"]
    x = bars["encoding"]["x"]
    assert (x["field"], x["stack"], x["title"]) == ("hours", "zero", "Heures (h)")
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Visible", "Invisible", "Non classé"]
    totals = {r["activity_label"]: r["total_text"] for r in _values(spec, ends)}
    assert totals["Création"] == f"24{NBSP}h"
    assert _title(spec) == (
        "Où passent les heures",
        "Heures par activité, selon ce que le client en voit",
    )
    assert [t["title"] for t in bars["encoding"]["tooltip"]] == [
        "Activité",
        "Type de travail",
        "Heures",
        "Total",
    ]


def test_activity_in_english(by_activity: pl.DataFrame) -> None:
    spec = activity_chart(by_activity, lang="en").to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"][:3] == [
        "Content creation",
        "Publishing",
        "Community management",
    ]
    assert spec["title"]["text"] == "Where the hours go"
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Activity"


# -- refusing what is not an aggregated frame ------------------------------------------------

_REQUIRED = {
    "iceberg": ["client", "visible_h", "hidden_h", "unclassified_h", "effort_h", "hidden_share"],
    "weekly": ["week", "kind", "hours"],
    "activity": ["activity", "kind", "hours"],
}


def _chart_and_frame(
    which: str, by_client: pl.DataFrame, weekly: pl.DataFrame, by_activity: pl.DataFrame
) -> tuple[Any, pl.DataFrame]:
    return {
        "iceberg": (iceberg_chart, by_client),
        "weekly": (weekly_effort_chart, weekly),
        "activity": (activity_chart, by_activity),
    }[which]


@pytest.mark.parametrize(
    ("which", "column"), [(w, c) for w, cols in _REQUIRED.items() for c in cols]
)
def test_missing_column_is_named(
    which: str,
    column: str,
    by_client: pl.DataFrame,
    weekly: pl.DataFrame,
    by_activity: pl.DataFrame,
) -> None:
    chart, frame = _chart_and_frame(which, by_client, weekly, by_activity)
    with pytest.raises(ValueError, match=f"missing column '{column}'"):
        chart(frame.drop(column), lang="fr")


def test_wrong_dtype_is_named(weekly: pl.DataFrame) -> None:
    bad = weekly.with_columns(pl.col("week").cast(pl.String))
    with pytest.raises(ValueError, match="column 'week' must be of date type"):
        weekly_effort_chart(bad, lang="fr")


def test_raw_entries_are_refused(weekly: pl.DataFrame, by_activity: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="aggregate the entries first"):
        weekly_effort_chart(pl.concat([weekly, weekly]), lang="fr")
    with pytest.raises(ValueError, match="one row per \\(activity, kind\\)"):
        activity_chart(pl.concat([by_activity, by_activity]), lang="fr")
    with pytest.raises(TypeError, match="LazyFrame"):
        weekly_effort_chart(weekly.lazy(), lang="fr")  # type: ignore[arg-type]


def test_iceberg_refuses_two_rows_for_one_client(by_client: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="one row per \\(client\\)"):
        iceberg_chart(pl.concat([by_client, by_client.head(1)]), lang="en")


def test_waits_and_unknown_kinds_are_refused(weekly: pl.DataFrame) -> None:
    wait = weekly.with_columns(pl.lit("wait").alias("kind")).head(1)
    with pytest.raises(ValueError, match="'wait' is client waiting time"):
        weekly_effort_chart(wait, lang="fr")
    odd = weekly.with_columns(pl.lit("billable").alias("kind")).head(1)
    with pytest.raises(ValueError, match="unknown kind 'billable'"):
        weekly_effort_chart(odd, lang="fr")


def test_chart_bad_language(by_client: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="'es'"):
        iceberg_chart(by_client, lang="es")  # type: ignore[arg-type]
