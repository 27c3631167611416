"""The agency view (issue #31): a hand-made month worked out by hand, and properties.

The case (tests/data/team): November 2026 in Paris, [hours] Mon-Thu 09:00-12:30 and
13:30-18:00 (8 h), Fri 09:00-12:30 and 13:30-17:00 (7 h). Wednesday 11 November is a
public holiday (Armistice); 1 November is a Sunday.

Inès (30 €/h) works [hours] and takes Friday 20 November off. Her capacity:
  Mondays 2, 9, 16, 23, 30: 5 × 8 = 40; Tuesdays 4 × 8 = 32; Wednesdays 4 × 8 - 8 (the 11th) = 24;
  Thursdays 4 × 8 = 32; Fridays 4 × 7 - 7 (the 20th) = 21.  149 h.
Marc (40 €/h) works part time: Mon 09:00-12:00 + 13:00-17:00 (7 h), Thu 09:00-12:00 (3 h).
  5 Mondays × 7 + 4 Thursdays × 3 = 47 h.

Inès's blocks:                                   effort  off-hours
  Mon  2  09:00-17:00 Alpha  (12:30-13:30 midday)    8     1
  Tue  3  09:00-10:00 no client (internal)           1     0
  Wed 11  10:00-13:00 Bêta   (public holiday)        3     3
  Fri 20  09:00-11:00 Alpha  (her day off)           2     2
  Sat 21  10:00-12:00 Bêta   (weekend)               2     2
  Sun 22  08:00-09:00 Bêta   (weekend)               1     1
                                                    17     9   client hours 16
  longest run: 20, 21, 22 November = 3 days.
Marc's blocks (his own hours):
  Mon  2  08:00-12:00 Bêta   (08-09 early)           4     1
  Thu  5  09:00-14:00 Alpha  (12-14 after his day)   5     2   ([hours] would say 1)
  Fri  6  09:00-11:00 Bêta   (not his working day)   2     2
                                                    11     5   longest run 2 (5, 6)

Clients (November is a full contract month; fees are monthly):
  Alpha: Inès 10 h × 30 + Marc 5 h × 40 = 500 €; fee 2000; margin 1500 (75 %);
         typical month = November: 15 h, 5 h off-hours; floor 500 / 0.7 = 714.29 → 715;
         fair fee 60 × (15 + 0.25 × 5) = 975.
  Bêta:  Inès 6 h × 30 + Marc 6 h × 40 = 420 €; fee 300; margin -120 (-40 %): loses 120 €
         a month; floor 420 / 0.7 = 600; fair fee 60 × (12 + 0.5 × 9) = 990.
  no client: Inès 1 h × 30 = 30 €, no fee, no floor fee.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.analysis.common import Period
from cmtime.analysis.scope import Scope
from cmtime.analysis.team import capacity_days, team_clients, team_figures, team_people, team_weeks
from cmtime.config import Config, Person, parse_range

CASE = Path(__file__).parent / "data" / "team"
NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.fixture(scope="module")
def scope() -> Scope:
    return Scope.load(CASE, date_from=NOVEMBER.start, date_to=NOVEMBER.end)


def test_people_by_hand(scope: Scope) -> None:
    people = team_people(scope.entries, config=scope.config, period=scope.period)
    assert people.rows(named=True) == [
        {
            "person": "Inès", "capacity_h": 149.0, "effort_h": 17.0, "utilisation": pytest.approx(17 / 149),
            "client_h": 16.0, "client_share": pytest.approx(16 / 17), "offhours_h": 9.0,
            "offhours_share": pytest.approx(9 / 17), "balance_h": -132.0, "longest_run_days": 3,
        },
        {
            "person": "Marc", "capacity_h": 47.0, "effort_h": 11.0, "utilisation": pytest.approx(11 / 47),
            "client_h": 11.0, "client_share": 1.0, "offhours_h": 5.0,
            "offhours_share": pytest.approx(5 / 11), "balance_h": -36.0, "longest_run_days": 2,
        },
    ]


def test_weeks_by_hand(scope: Scope) -> None:
    weeks = team_weeks(scope.entries, config=scope.config, period=scope.period)
    mondays = [dt.date(2026, 10, 26) + dt.timedelta(weeks=i) for i in range(6)]
    assert weeks.filter(pl.col("person") == "Inès").select("week", "capacity_h", "effort_h", "balance_h").rows() == [
        (w, c, e, e - c) for w, c, e in zip(mondays, [0, 39, 31, 32, 39, 8], [0, 9, 3, 5, 0, 0], strict=True)
    ]
    assert weeks.filter(pl.col("person") == "Marc").select("week", "capacity_h", "effort_h").rows() == [
        (w, c, e) for w, c, e in zip(mondays, [0, 10, 10, 10, 10, 7], [0, 11, 0, 0, 0, 0], strict=True)
    ]
    # the weeks sum to the period's balance
    assert weeks.group_by("person").agg(pl.col("balance_h").sum()).sort("person").rows() == [("Inès", -132.0), ("Marc", -36.0)]


def test_clients_by_hand(scope: Scope) -> None:
    clients = team_clients(scope.entries, config=scope.config, period=scope.period)
    got = {r["client"]: r for r in clients.rows(named=True)}
    assert got["Alpha"] | {} == {
        "client": "Alpha", "effort_h": 15.0, "cost": 500.0, "fee": 2000.0, "margin": 1500.0, "margin_share": 0.75,
        "typical_effort_h": 15.0, "typical_cost": 500.0, "floor_fee": 715.0, "fair_fee": 975.0, "loss_per_month": None,
    }
    assert got["Bêta"] == {
        "client": "Bêta", "effort_h": 12.0, "cost": 420.0, "fee": 300.0, "margin": -120.0, "margin_share": -0.4,
        "typical_effort_h": 12.0, "typical_cost": pytest.approx(420.0), "floor_fee": 600.0, "fair_fee": 990.0,
        "loss_per_month": 120.0,
    }
    assert (got[None]["cost"], got[None]["fee"], got[None]["floor_fee"]) == (30.0, None, None)


def test_the_fair_fee_is_summarys(scope: Scope) -> None:
    """One number everywhere: the team view's fair fee is summary's suggested fee."""
    clients = team_clients(scope.entries, config=scope.config, period=scope.period)
    summary = {c["client"]: c["suggested_fee"] for c in scope.summary()["clients"]}
    assert dict(clients.select("client", "fair_fee").drop_nulls().iter_rows()) == {
        k: v for k, v in summary.items() if v is not None
    }


def test_own_hours_change_off_hours(scope: Scope) -> None:
    """Marc's 12:00-14:00 on a Thursday is after his day; under [hours] one hour of it is in."""
    plain = dataclasses.replace(scope.config, people=tuple(dataclasses.replace(p, hours=None) for p in scope.config.people))
    mine = Scope.of(scope.loaded, config=plain, date_from=NOVEMBER.start, date_to=NOVEMBER.end)
    marc = team_people(mine.entries, config=plain, period=NOVEMBER).filter(pl.col("person") == "Marc")
    # Mon 08-09 early (1), Thu 12:30-13:30 midday (1), Fri 09-11 in hours (0)
    assert marc.select("offhours_h", "capacity_h").row(0) == (2.0, 40 + 32 + 24 + 32 + 28)


def test_under_min_group_one_row_for_the_team(scope: Scope) -> None:
    """Shown to others, two people under min_group 3 are one row: no name, no one's figures."""
    figures = team_figures(scope.entries, config=scope.config, period=scope.period, min_group=3)
    assert figures.grouped
    assert figures.people.rows(named=True) == [
        {
            "person": None, "capacity_h": 196.0, "effort_h": 28.0, "utilisation": pytest.approx(28 / 196),
            "client_h": 27.0, "client_share": pytest.approx(27 / 28), "offhours_h": 14.0, "offhours_share": 0.5,
            "balance_h": -168.0, "longest_run_days": 3,
        }
    ]
    assert figures.weeks["person"].null_count() == figures.weeks.height == 6
    assert not team_figures(scope.entries, config=scope.config, period=scope.period, min_group=2).grouped
    with pytest.raises(ValueError, match="-1"):
        team_people(scope.entries, config=scope.config, period=scope.period, min_group=-1)


def test_capacity_of_a_week_without_hours_is_zero() -> None:
    nobody = Person("X", hours=((),) * 7)
    days = capacity_days(Config(), nobody, Period(dt.date(2026, 3, 2), dt.date(2026, 3, 8)))
    assert days["capacity_h"].to_list() == [0.0] * 7


# -- properties ---------------------------------------------------------------------------

_RANGES = st.lists(
    st.tuples(st.integers(0, 23), st.integers(1, 4)).map(lambda t: f"{t[0]:02d}:00-{min(t[0] + t[1], 24):02d}:00"),
    max_size=2,
)


@st.composite
def _teams(draw: st.DrawFn) -> tuple[Config, Period, pl.LazyFrame]:
    start = draw(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)))
    period = Period(start, start + dt.timedelta(days=draw(st.integers(0, 40))))
    people = []
    for name in ("A", "B"):
        week = None
        if draw(st.booleans()):
            days = [sorted({str(r) for r in map(parse_range, draw(_RANGES))}) for _ in range(7)]
            ranges = [tuple(sorted((parse_range(r) for r in d), key=lambda r: r.start)) for d in days]
            # overlapping drawn ranges: keep the first of each day
            week = tuple(d[:1] for d in ranges)
        off = tuple(draw(st.lists(st.dates(period.start, period.end), max_size=3, unique=True)))
        people.append(Person(name, cost_rate=20.0, hours=week, days_off=tuple(sorted(off))))
    blocks = draw(
        st.lists(
            st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, period.days - 1), st.integers(0, 600),
                      st.sampled_from(["X", None]), st.sampled_from(["visible", "hidden", "wait", "unclassified"])),
            max_size=30,
        )
    )
    rows = pl.LazyFrame(
        {
            "person": [b[0] for b in blocks],
            "date": [period.start + dt.timedelta(days=b[1]) for b in blocks],
            "duration": [dt.timedelta(minutes=b[2]) for b in blocks],
            "offhours": [dt.timedelta(minutes=b[2] // 3) for b in blocks],
            "client": [b[3] for b in blocks],
            "kind": [b[4] for b in blocks],
        },
        schema={"person": pl.String, "date": pl.Date, "duration": pl.Duration("us"), "offhours": pl.Duration("us"),
                "client": pl.String, "kind": pl.String},
    )
    return Config(people=tuple(people)), period, rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_teams())
def test_capacity_utilisation_and_balance_rules(team: tuple[Config, Period, pl.LazyFrame]) -> None:
    config, period, rows = team
    people = team_people(rows, config=config, period=period)
    weeks = team_weeks(rows, config=config, period=period)
    assert (people["capacity_h"] >= 0).all()
    assert set(people["person"]) >= {"A", "B"}  # configured people count even idle
    for r in people.iter_rows(named=True):
        assert r["balance_h"] == pytest.approx(r["effort_h"] - r["capacity_h"])
        if r["capacity_h"] > 0:
            assert r["utilisation"] == pytest.approx(r["effort_h"] / r["capacity_h"])
        else:
            assert r["utilisation"] is None
        mine = weeks.filter(pl.col("person") == r["person"])
        assert mine["balance_h"].sum() == pytest.approx(r["balance_h"])
        assert mine["capacity_h"].sum() == pytest.approx(r["capacity_h"])
        assert 0 <= r["longest_run_days"] <= period.days
    effort = rows.filter(pl.col("kind") != "wait").select(pl.col("duration").sum()).collect().item()
    assert people["effort_h"].sum() == pytest.approx(effort.total_seconds() / 3600)


# -- cmtime team --json ------------------------------------------------------------------------


def _team_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    import json

    from cmtime.interfaces.cli import main

    code = 0
    try:
        main(["team", str(CASE), "--from", "2026-11-01", "--to", "2026-11-30", "--json", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_cli_json_every_figure_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _team_json(capsys)
    assert doc["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    assert doc["people"] == [
        {"person": "Inès", "capacity_h": 149.0, "effort_h": 17.0, "utilisation": 0.1141, "client_h": 16.0,
         "offhours_h": 9.0, "offhours_share": 0.5294, "balance_h": -132.0, "client_share": 0.9412,
         "longest_run_days": 3},
        {"person": "Marc", "capacity_h": 47.0, "effort_h": 11.0, "utilisation": 0.234, "client_h": 11.0,
         "offhours_h": 5.0, "offhours_share": 0.4545, "balance_h": -36.0, "client_share": 1.0,
         "longest_run_days": 2},
    ]
    assert doc["clients"] == [
        {"client": "Alpha", "cost": 500.0, "fee": 2000.0, "margin": 1500.0, "margin_share": 0.75,
         "floor_fee": 715.0, "fair_fee": 975.0, "loss_per_month": None},
        {"client": "Bêta", "cost": 420.0, "fee": 300.0, "margin": -120.0, "margin_share": -0.4,
         "floor_fee": 600.0, "fair_fee": 990.0, "loss_per_month": 120.0},
        {"client": None, "cost": 30.0, "fee": None, "margin": None, "margin_share": None,
         "floor_fee": None, "fair_fee": None, "loss_per_month": None},
    ]
    assert (doc["currency"], doc["target_margin"], doc["min_group"]) == ("EUR", 0.3, 0)
    # the next quarter starts in December: Inès's December is Mon 4 × 8 + Tue, Wed, Thu 5 × 8 each
    # + Fri 4 × 7 less Christmas (a Friday) = 173 h; Marc's Mon 4 × 7 + Thu 5 × 3 = 43 h
    forecast = doc["forecast"]
    assert forecast["history"] == {"from": "2025-12-01", "to": "2026-11-30"}  # type: ignore[index]
    first = forecast["months"][0]  # type: ignore[index]
    assert (first["month"], first["capacity_h"]) == ("2026-12-01", 216.0)
    marc = [(w["week"], w["balance_h"]) for w in doc["weeks"] if w["person"] == "Marc"]  # type: ignore[attr-defined]
    assert marc == [("2026-10-26", 0.0), ("2026-11-02", 1.0), ("2026-11-09", -10.0), ("2026-11-16", -10.0),
                    ("2026-11-23", -10.0), ("2026-11-30", -7.0)]


def test_cli_min_group_hides_names(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _team_json(capsys, "--min-group", "3")
    text = str(doc["people"]) + str(doc["weeks"])
    assert "Inès" not in text
    assert "Marc" not in text
    assert [p["person"] for p in doc["people"]] == [None]  # type: ignore[index]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cli_table_in_the_users_language(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    from cmtime.interfaces.cli import main

    main(["team", str(CASE), "--from", "2026-11-01", "--to", "2026-11-30", "--lang", lang])
    out = capsys.readouterr().out
    words = {"fr": ("capacité h", "plancher /mois", "Bêta fait perdre 120 EUR par mois"),
             "en": ("capacity h", "floor /month", "Bêta loses 120 EUR a month")}[lang]
    for w in words:
        assert w in out


def test_cli_negative_min_group_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    from cmtime.interfaces.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["team", str(CASE), "--min-group", "-1"])
    assert exc.value.code == 2
    assert "--min-group" in capsys.readouterr().err


def test_agency_board_floor_fees_follow_the_slider(scope: Scope) -> None:
    """The dashboard's slider: at 30 % Bêta's floor is 600 (420 / 0.7), at 40 % 700 (420 / 0.6)."""
    from cmtime.interfaces.widgets import AgencyBoard

    clients = team_clients(scope.entries, config=scope.config, period=scope.period)
    board = AgencyBoard(clients, target_margin=0.3, currency="EUR", lang="en")
    floors = lambda: dict(board.frame().select("client", "floor_fee").iter_rows())  # noqa: E731
    assert floors() == {"Alpha": 715.0, "Bêta": 600.0}
    board.target_margin.value = 0.4
    assert floors() == {"Alpha": 834.0, "Bêta": 700.0}  # 500 / 0.6 = 833.33, rounded up
    assert board.margin_text.value == "40%"  # English percent format


# -- cmtime sample --agency -----------------------------------------------------------------------


def test_sample_agency_has_what_the_view_is_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two years of five people: a part-timer (less capacity), one person over capacity in the
    autumn, one client under water; the same seed writes the same files."""
    import json

    from cmtime.interfaces.cli import main

    main(["sample", "--agency", "--out", str(tmp_path / "a")])
    main(["sample", "--agency", "--out", str(tmp_path / "b")])
    for name in ("toggl_agency_2025_2026.csv", "cmtime.toml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    capsys.readouterr()
    main(["team", str(tmp_path / "a"), "--from", "2026-09-01", "--to", "2026-11-30", "--json"])
    doc = json.loads(capsys.readouterr().out)
    people = {p["person"]: p for p in doc["people"]}
    assert len(people) == 5
    assert people["Marc Lefèvre"]["capacity_h"] < 0.6 * people["Inès Garnier"]["capacity_h"]  # part time
    over = [name for name, p in people.items() if p["balance_h"] > 0]
    assert over == ["Sofia Rossi"]  # the autumn's overload
    assert people["Sofia Rossi"]["offhours_share"] > 0.1
    losing = [c["client"] for c in doc["clients"] if c["loss_per_month"] is not None]
    assert losing == ["Café Lune"]
    with pytest.raises(SystemExit):
        main(["sample", "--agency", "--entries", "10", "--out", str(tmp_path / "c")])
