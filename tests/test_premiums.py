"""Premiums per off-hours window (issue #30): each window's hours weigh by their own premium in
the fair fee, the proposal works it out line by line, and the evidence names the premiums.

The case is worked out by hand (default hours: Monday-Thursday 09:00-12:30 and 13:30-18:00,
Friday to 17:00; night 22:00-06:00; March 2026 has no public holiday in France), then the
invariants are proven on generated blocks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.analysis.metrics import Period, summary
from cmtime.analysis.pipeline import analyse
from cmtime.analysis.pricing import monthly_pricing, period_pricing
from cmtime.analysis.report import ProposalSection
from cmtime.analysis.scope import Scope
from cmtime.config import WINDOWS, Client, Config, load_config
from cmtime.outputs.share import build_report
from cmtime.readers import combine, journal
from cmtime.readers._text import Text
from cmtime.text.sections import evidence_lines, proposal_view

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
SPRING = Period(dt.date(2026, 3, 1), dt.date(2026, 4, 30))
PREMIUMS = (("evening", 0.25), ("night", 0.5), ("day_off", 1.0))

# The blocks of the hand-made month, local time (Europe/Paris), one client "Lune":
#   Mon 2 March 09:00-11:00  in hours                        2 h
#   Mon 2 March 20:00-23:00  evening 20-22 (2 h), night 22-23 (1 h)   3 h
#   Tue 3 March 12:30-13:30  midday (the lunch break)        1 h
#   Wed 4 March 07:00-09:00  early                           2 h
#   Sat 7 March 10:00-13:00  day off (a weekend day)         3 h
# effort 11 h, off-hours 2 + 1 + 1 + 2 + 3 = 9 h
BLOCKS = [
    ("2026-03-02", "09:00", "11:00", "Stratégie éditoriale"),
    ("2026-03-02", "20:00", "23:00", "Modération des commentaires"),
    ("2026-03-03", "12:30", "13:30", "Publication Instagram"),
    ("2026-03-04", "07:00", "09:00", "Publication Instagram"),
    ("2026-03-07", "10:00", "13:00", "Création des visuels"),
]
TOML = """\
target_rate = 60.0
[clients."Lune"]
monthly_fee = 800.0
offhours_premium = 0.0
premiums = { evening = 0.25, night = 0.5, day_off = 1.0 }
"""


def _csv(blocks: list[tuple[str, str, str, str]]) -> str:
    rows = ["start,end,client,project,description,tags"]
    rows += [f"{d}T{a},{d}T{b},Lune,,{what}," for d, a, b, what in blocks]
    return "\n".join(rows) + "\n"


def _folder(tmp_path: Path, blocks: list[tuple[str, str, str, str]], toml: str = TOML) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "log.csv").write_text(_csv(blocks), encoding="utf-8")
    (tmp_path / "cmtime.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def _scope(folder: Path) -> Scope:
    return Scope.load([folder], client="Lune", lang="fr", date_from="2026-03-01", date_to="2026-03-31")


def test_each_window_weighs_by_its_own_premium(tmp_path: Path) -> None:
    scope = _scope(_folder(tmp_path, BLOCKS))
    cfg = scope.config
    lune = cfg.client("Lune")
    assert lune is not None
    assert [lune.premium(w) for w in WINDOWS] == [0.0, 0.0, 0.25, 0.5, 1.0]
    row = period_pricing(scope.rows, config=cfg, period=MARCH).collect().row(0, named=True)
    assert row["typical"] == "median"  # March is a full month: the one month is the median
    assert (row["typical_effort_h"], row["typical_offhours_h"]) == (11.0, 9.0)
    windows = {w: row[f"typical_{w}_h"] for w in WINDOWS}
    assert windows == {"early": 2.0, "midday": 1.0, "evening": 2.0, "night": 1.0, "day_off": 3.0}
    # premium hours: 0 × 2 (early) + 0 × 1 (midday) + 0.25 × 2 + 0.5 × 1 + 1.0 × 3 = 4 h
    assert row["typical_premium_h"] == pytest.approx(4.0)
    # fair fee: 60 × (11 + 4) = 900; one premium of 25 % would have given 60 × (11 + 0.25 × 9) = 795
    assert row["suggested_fee"] == 900.0
    assert row["offhours_value"] == pytest.approx(240.0)  # 60 × 4
    doc = summary(scope.rows, config=cfg, period=MARCH)
    assert [c["suggested_fee"] for c in doc["clients"]] == [900.0]


def test_the_proposal_works_the_premium_out_window_by_window(tmp_path: Path) -> None:
    report = build_report(_scope(_folder(tmp_path, BLOCKS)), today=dt.date(2026, 4, 1))
    proposal = report.model.section(ProposalSection)
    assert proposal is not None
    assert proposal.state == "rise"  # 900 > 800
    view = proposal_view(report.model, "fr")
    assert view is not None
    calc = [line.replace("\u202f", " ").replace("\xa0", " ") for line in view.calc]
    assert calc == [
        "11 h × 60 €/h = 660,00 €",  # 11 × 60
        "2 h en soirée × 60 €/h × 25 % = 30,00 €",  # 2 × 60 × 0.25
        "1 h la nuit × 60 €/h × 50 % = 30,00 €",  # 1 × 60 × 0.5
        "3 h les jours non travaillés × 60 €/h × 100 % = 180,00 €",  # 3 × 60 × 1.0
        "Total = 900 € par mois",  # 660 + 30 + 30 + 180
    ]
    evidence = " | ".join(view.evidence).replace("\u202f", " ").replace("\xa0", " ")
    assert "Majorations convenues hors horaires : +25 % en soirée, +50 % la nuit, +100 % les jours non travaillés" in evidence
    fair = view.options[0].why.replace("\u202f", " ").replace("\xa0", " ")
    assert "+25 % en soirée, +50 % la nuit, +100 % les jours non travaillés" in fair
    # the freelancer's own evidence names them too
    mine = evidence_lines(proposal.figures, lang="en", currency="EUR", audience="freelancer")
    assert any("+25% in the evening, +50% at night, +100% on days off" in s for s in mine), mine


def test_one_premium_for_every_window_keeps_one_line(tmp_path: Path) -> None:
    toml = TOML.replace("offhours_premium = 0.0\n", "offhours_premium = 0.25\n").replace(
        "premiums = { evening = 0.25, night = 0.5, day_off = 1.0 }\n", "premiums = { evening = 0.25 }\n"
    )
    toml = toml.replace("monthly_fee = 800.0", "monthly_fee = 700.0")
    report = build_report(_scope(_folder(tmp_path, BLOCKS, toml)), today=dt.date(2026, 4, 1))
    view = proposal_view(report.model, "fr")
    assert view is not None
    calc = [line.replace("\u202f", " ").replace("\xa0", " ") for line in view.calc]
    # every window at 25 %: 60 × (11 + 0.25 × 9) = 795, the premium on one line
    assert calc == [
        "11 h × 60 €/h = 660,00 €",
        "9 h hors horaires × 60 €/h × 25 % = 135,00 €",
        "Total = 795 € par mois",
    ]
    assert not any("Majorations convenues" in s for s in view.evidence)


def test_a_block_over_two_windows_is_split_at_their_boundary(tmp_path: Path) -> None:
    """20:00-23:00 is 2 h of evening and 1 h of night: logged whole or as two blocks cut at
    22:00 (or anywhere else), the premium is the same."""
    whole = _scope(_folder(tmp_path / "a", BLOCKS))
    cut = [b for b in BLOCKS if b[1] != "20:00"]
    cut += [("2026-03-02", "20:00", "22:00", "Modération"), ("2026-03-02", "22:00", "23:00", "Modération")]
    parts = _scope(_folder(tmp_path / "b", cut))
    odd = [b for b in BLOCKS if b[1] != "20:00"]
    odd += [("2026-03-02", "20:00", "21:17", "Modération"), ("2026-03-02", "21:17", "23:00", "Modération")]
    elsewhere = _scope(_folder(tmp_path / "c", odd))
    rows = [
        period_pricing(s.rows, config=s.config, period=MARCH).collect().row(0, named=True)
        for s in (whole, parts, elsewhere)
    ]
    assert {r["typical_premium_h"] for r in rows} == {4.0}
    assert {r["suggested_fee"] for r in rows} == {900.0}


def test_a_config_without_the_window_split_is_refused_only_when_it_matters() -> None:
    lf = pl.LazyFrame(
        {
            "date": [dt.date(2026, 3, 2)],
            "client": ["Lune"],
            "person": ["moi"],
            "kind": ["visible"],
            "duration": [dt.timedelta(hours=2)],
            "offhours": [dt.timedelta(hours=1)],
        },
        schema_overrides={"kind": pl.Enum(["visible", "hidden", "wait", "unclassified"])},
    )
    one = Config(clients=(Client("Lune", monthly_fee=800.0, offhours_premium=0.25),))
    assert monthly_pricing(lf, config=one, period=MARCH).collect()["offhours_value"].item() == pytest.approx(15.0)
    many = Config(clients=(Client("Lune", monthly_fee=800.0, premiums=(("night", 0.5),)),))
    with pytest.raises(ValueError, match="off-hours split"):
        monthly_pricing(lf, config=many, period=MARCH).collect()
    # an override is one premium for every window again
    assert monthly_pricing(lf, config=many, period=MARCH, premium=0.5).collect()["offhours_value"].item() == pytest.approx(30.0)


def test_the_config_reads_premiums_per_window(tmp_path: Path) -> None:
    path = tmp_path / "cmtime.toml"
    path.write_text(TOML, encoding="utf-8")
    lune = load_config(path).client("Lune")
    assert lune is not None
    assert lune.premiums == PREMIUMS


# -- generated cases ---------------------------------------------------------------------------

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
#: window boundaries of the default hours (local minutes): a block cut there changes window
BOUNDARIES = (6 * 60, 9 * 60, 12 * 60 + 30, 13 * 60 + 30, 17 * 60, 18 * 60, 22 * 60)


@st.composite
def blocks(draw: st.DrawFn) -> list[tuple[dt.date, int, int]]:
    """Blocks of (day, start minute, end minute) within one local day, over March and April,
    one a day (two blocks starting at the same minute would read as placeholder clock times)."""
    days = draw(st.lists(st.dates(SPRING.start, SPRING.end), min_size=1, max_size=6, unique=True))
    out = []
    for day in days:
        start = draw(st.integers(0, 24 * 4 - 1)) * 15
        end = draw(st.integers(start // 15 + 1, 24 * 4)) * 15
        out.append((day, start, min(end, 24 * 60 - 1)))
    return out


premiums = st.fixed_dictionaries({w: st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0]) for w in WINDOWS})


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def _analysed(cfg: Config, items: list[tuple[dt.date, int, int]]) -> pl.LazyFrame:
    days: dict[dt.date, list[str]] = {}
    for day, a, b in items:
        days.setdefault(day, []).append(f"{_hhmm(a)}-{_hhmm(b)} [Lune] modération")
    text = "\n".join(f"{d}\n" + "\n".join(lines) for d, lines in sorted(days.items()))
    return analyse(combine([journal.read(Text(Path("journal.txt"), text=text), config=cfg)], cfg))


def _cut(items: list[tuple[dt.date, int, int]]) -> list[tuple[dt.date, int, int]]:
    """Every block cut at every window boundary inside it."""
    out = []
    for day, a, b in items:
        cuts = [a, *(m for m in BOUNDARIES if a < m < b), b]
        out += [(day, x, y) for x, y in itertools.pairwise(cuts)]
    return out


def _config(p: dict[str, float], base: float = 0.0) -> Config:
    return Config(clients=(Client("Lune", monthly_fee=800.0, offhours_premium=base, premiums=tuple(p.items())),))


@SETTINGS
@given(items=blocks(), p=premiums)
def test_cutting_blocks_at_window_boundaries_changes_no_premium(items: list[tuple[dt.date, int, int]], p: dict[str, float]) -> None:
    cfg = _config(p)
    whole = period_pricing(_analysed(cfg, items), config=cfg, period=SPRING).collect().row(0, named=True)
    cut = period_pricing(_analysed(cfg, _cut(items)), config=cfg, period=SPRING).collect().row(0, named=True)
    for key in ("typical_premium_h", "suggested_fee", "offhours_value", *(f"typical_{w}_h" for w in WINDOWS)):
        assert cut[key] == pytest.approx(whole[key], abs=1e-9), key


@SETTINGS
@given(items=blocks(), p=premiums)
def test_a_period_cut_at_a_month_boundary_sums_to_the_whole(items: list[tuple[dt.date, int, int]], p: dict[str, float]) -> None:
    """The premium of March and April together is March's plus April's, each month's hours
    weighed by each window's premium."""
    cfg = _config(p)
    lf = _analysed(cfg, items)
    both = monthly_pricing(lf, config=cfg, period=SPRING).collect()["offhours_value"].sum()
    halves = sum(
        monthly_pricing(lf, config=cfg, period=half).collect()["offhours_value"].sum()
        for half in (MARCH, Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30)))
    )
    assert both == pytest.approx(halves, abs=1e-9)
    # and by hand: target × Σ premium(window) × hours in the window
    month = monthly_pricing(lf, config=cfg, period=SPRING).collect()
    by_hand = sum(60.0 * p[w] * month[f"{w}_h"].sum() for w in WINDOWS)
    assert both == pytest.approx(by_hand, abs=1e-6)


@SETTINGS
@given(items=blocks(), p=premiums)
def test_zero_premium_changes_nothing_and_one_premium_is_the_old_rule(items: list[tuple[dt.date, int, int]], p: dict[str, float]) -> None:
    zero = _config(dict.fromkeys(WINDOWS, 0.0))
    none = Config(clients=(Client("Lune", monthly_fee=800.0),))
    lf = _analysed(none, items)
    a = period_pricing(lf, config=zero, period=SPRING).collect().row(0, named=True)
    b = period_pricing(lf, config=none, period=SPRING).collect().row(0, named=True)
    assert a["suggested_fee"] == b["suggested_fee"] == round(60.0 * b["typical_effort_h"])
    assert a["typical_premium_h"] == b["typical_premium_h"] == 0.0
    # every window at the same premium x is offhours_premium = x, to the bit
    x = p["evening"]
    same = period_pricing(lf, config=_config(dict.fromkeys(WINDOWS, x)), period=SPRING).collect().row(0, named=True)
    old = period_pricing(lf, config=Config(clients=(Client("Lune", monthly_fee=800.0, offhours_premium=x),)), period=SPRING)
    old_row = old.collect().row(0, named=True)
    assert same["suggested_fee"] == old_row["suggested_fee"]
    assert same["typical_premium_h"] == pytest.approx(old_row["typical_premium_h"], abs=1e-12)
    # a premium only changes the fee upward
    priced = period_pricing(lf, config=_config(p), period=SPRING).collect().row(0, named=True)
    if b["suggested_fee"] is not None:
        assert priced["suggested_fee"] >= b["suggested_fee"]


def test_replacing_a_premium_changes_only_its_windows(tmp_path: Path) -> None:
    scope = _scope(_folder(tmp_path, BLOCKS))
    lune = scope.config.client("Lune")
    assert lune is not None
    night = dataclasses.replace(lune, premiums=(("evening", 0.25), ("night", 1.5), ("day_off", 1.0)))
    cfg = dataclasses.replace(scope.config, clients=(night,))
    row = period_pricing(scope.rows, config=cfg, period=MARCH).collect().row(0, named=True)
    # one more hour of premium at night: 0.25 × 2 + 1.5 × 1 + 1.0 × 3 = 5 h; 60 × (11 + 5) = 960
    assert row["typical_premium_h"] == pytest.approx(5.0)
    assert row["suggested_fee"] == 960.0


@pytest.mark.parametrize("slider", [None, 0.0, 0.4])
def test_the_notebook_premium_slider_gives_one_fair_fee_in_the_table_and_the_report(
    tmp_path: Path, slider: float | None
) -> None:
    """The pricing notebook's premium slider overrides every window's premium, in the
    table (`period_pricing`) and in the report's proposal alike: before, the report kept
    the client's own ``premiums`` per window and gave 900 € where the table gave 60 × (11 +
    0.4 × 9) = 876 €."""
    from cmtime.interfaces.notebook import load_pricing

    view = load_pricing(_folder(tmp_path, BLOCKS), date_from="2026-03-01", date_to="2026-03-31", lang="fr")
    update = view.update(client="Lune", target_rate=60.0, premium=slider)
    table = update.frames.by_client.filter(pl.col("client") == "Lune").row(0, named=True)["suggested_fee"]
    # by hand: no slider, the contract's windows (900); 0 % everywhere: 60 × 11; 40 %: 60 × (11 + 3.6)
    assert table == {None: 900.0, 0.0: 660.0, 0.4: 876.0}[slider]
    assert update.report is not None
    proposal = update.report.section(ProposalSection)
    assert proposal is not None
    assert proposal.figures.suggested_fee == table
