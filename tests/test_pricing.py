"""Pricing: pro rata fees, rates, the suggested fee, agency margins, money and the evidence.

Hand-checked on tiny frames shaped like the output of `cmtime.analysis.pipeline.analyse` (only the
columns pricing reads), then on the sample year.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import polars as pl
import pytest

from cmtime.analysis.metrics import Period, fee_for_period, summary
from cmtime.analysis.pipeline import SAMPLE_DIR, analyse
from cmtime.analysis.pricing import (
    MONTHLY_COLUMNS,
    PERIOD_COLUMNS,
    as_lazy,
    monthly_pricing,
    period_pricing,
    renewal_options,
    whole_months,
)
from cmtime.analysis.scope import resolve_client
from cmtime.config import Client, Config, Person
from cmtime.outputs.page import proposal_html
from cmtime.readers import read_paths
from cmtime.text.labels import NBSP, NNBSP, money, money_rate
from cmtime.text.proposal import RenewalProposal, proposal_from_row

KINDS = pl.Enum(["visible", "hidden", "wait", "unclassified"])
YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def renewal_proposal(
    lf: pl.LazyFrame | pl.DataFrame,
    *,
    config: Config,
    period: Period,
    client: str,
    lang: str,
    target_rate: float | None = None,
    premium: float | None = None,
    median_wait_h: float | None = None,
) -> RenewalProposal:
    """One client's proposal the way the notebooks build it: its `period_pricing` row."""
    written = as_lazy(lf).select(pl.col("client").drop_nulls().unique()).collect().to_series()
    name = resolve_client(config, client, written.to_list())
    rows = (
        period_pricing(as_lazy(lf), config=config, period=period, target_rate=target_rate, premium=premium)
        .filter(pl.col("client") == name)
        .collect()
    )
    if rows.height == 0:
        msg = f"no client {client!r} in the config or in the entries"
        raise ValueError(msg)
    return proposal_from_row(rows.row(0, named=True), config=config, period=period, lang=lang, median_wait_h=median_wait_h)


def entries(*rows: tuple[Any, ...]) -> pl.LazyFrame:
    """Rows of (date, client, kind, hours[, offhours hours[, person]])."""
    out = []
    for r in rows:
        day, client, kind, h = r[:4]
        off = r[4] if len(r) > 4 else 0.0
        person = r[5] if len(r) > 5 else "Camille"
        out.append(
            {
                "date": dt.date.fromisoformat(day),
                "client": client,
                "person": person,
                "kind": kind,
                "duration": dt.timedelta(hours=h),
                "offhours": dt.timedelta(hours=off),
            }
        )
    return pl.LazyFrame(
        out,
        schema={
            "date": pl.Date,
            "client": pl.String,
            "person": pl.String,
            "kind": KINDS,
            "duration": pl.Duration("us"),
            "offhours": pl.Duration("us"),
        },
    )


def month(frame: pl.DataFrame, client: str, first: str) -> dict[str, Any]:
    rows = frame.filter(
        (pl.col("client") == client) & (pl.col("month") == dt.date.fromisoformat(first))
    )
    assert rows.height == 1, rows
    return rows.row(0, named=True)


def one(frame: pl.DataFrame, client: str | None) -> dict[str, Any]:
    rows = frame.filter(pl.col("client").eq_missing(client))
    assert rows.height == 1, rows
    return rows.row(0, named=True)


# -- fees and rates -------------------------------------------------------------------------


def test_pro_rata_fee_for_a_contract_starting_mid_month() -> None:
    # 21 of March's 31 days are under contract: 930 * 21 / 31 = 630
    cfg = Config(clients=(Client("A", monthly_fee=930.0, start=dt.date(2026, 3, 11)),))
    lf = entries(
        ("2026-03-15", "A", "visible", 5.0),
        ("2026-03-16", "A", "hidden", 5.0),
        ("2026-04-02", "A", "visible", 10.0),
        ("2026-04-03", "A", "unclassified", 10.0),
    )
    period = Period(dt.date(2026, 2, 1), dt.date(2026, 4, 30))
    m = monthly_pricing(lf, config=cfg, period=period).collect()
    assert m.get_column("month").to_list() == [dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    march, april = month(m, "A", "2026-03-01"), month(m, "A", "2026-04-01")
    assert march["fee"] == pytest.approx(630.0)
    assert march["effective_rate"] == pytest.approx(63.0)  # 630 / 10 h
    assert march["perceived_rate"] == pytest.approx(126.0)  # 630 / 5 visible h
    assert april["fee"] == pytest.approx(930.0)
    assert april["effort_h"] == pytest.approx(20.0)
    assert april["effective_rate"] == pytest.approx(46.5)
    p = one(period_pricing(lf, config=cfg, period=period).collect(), "A")
    assert p["fee"] == pytest.approx(1560.0)
    assert p["fee"] == pytest.approx(fee_for_period(cfg.clients[0], period))
    assert p["effective_rate"] == pytest.approx(1560.0 / 30.0)
    assert p["perceived_rate"] == pytest.approx(1560.0 / 15.0)


def test_partial_period_and_contract_end_are_pro_rata() -> None:
    cfg = Config(clients=(Client("A", monthly_fee=600.0, end=dt.date(2026, 6, 10)),))
    lf = entries(("2026-06-05", "A", "visible", 3.0))
    period = Period(dt.date(2026, 6, 3), dt.date(2026, 6, 30))
    # 3..10 June: 8 days of 30
    m = monthly_pricing(lf, config=cfg, period=period).collect()
    assert month(m, "A", "2026-06-01")["fee"] == pytest.approx(600.0 * 8 / 30)


def test_month_without_effort_has_null_rates_never_inf_or_zero() -> None:
    cfg = Config(clients=(Client("A", monthly_fee=800.0),))
    lf = entries(
        ("2026-01-10", "A", "visible", 4.0),
        ("2026-03-10", "A", "hidden", 8.0),  # hidden only: no visible hour
        ("2026-02-10", "A", "wait", 48.0),  # waiting is not effort
    )
    m = monthly_pricing(lf, config=cfg, period=Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    df = m.collect()
    feb, mar = month(df, "A", "2026-02-01"), month(df, "A", "2026-03-01")
    assert feb["fee"] == pytest.approx(800.0)
    assert feb["effort_h"] == 0.0
    assert feb["effective_rate"] is None
    assert feb["perceived_rate"] is None
    assert feb["gap_to_target"] is None
    assert mar["effective_rate"] == pytest.approx(100.0)
    assert mar["perceived_rate"] is None
    rates = df.select("effective_rate", "perceived_rate").to_series().drop_nulls()
    assert rates.is_finite().all()


def test_lazy_schema_and_column_order() -> None:
    cfg = Config(clients=(Client("A", monthly_fee=800.0),), people=(Person("Camille", 20.0),))
    lf = entries(("2026-01-10", "A", "visible", 4.0))
    monthly = monthly_pricing(lf, config=cfg, period=YEAR)
    assert isinstance(monthly, pl.LazyFrame)
    schema = monthly.collect_schema()
    assert tuple(schema.names()) == MONTHLY_COLUMNS
    assert schema["month"] == pl.Date
    assert schema["fee"] == pl.Float64
    assert schema["unknown_people"] == pl.List(pl.String)
    per = period_pricing(lf, config=cfg, period=YEAR).collect_schema()
    assert tuple(per.names()) == PERIOD_COLUMNS
    assert per["suggested_fee"] == pl.Float64
    assert per["months"] == pl.Int64


def test_client_without_contract_has_null_money() -> None:
    lf = entries(("2026-01-10", "B", "visible", 4.0), ("2026-01-11", None, "hidden", 2.0))
    p = period_pricing(lf, config=Config(), period=YEAR).collect()
    for name in ("B", None):
        row = one(p, name)
        for key in ("fee", "effective_rate", "perceived_rate", "suggested_fee", "change_pct"):
            assert row[key] is None, key
    assert one(p, "B")["effort_h"] == pytest.approx(4.0)


# -- the suggested fee -----------------------------------------------------------------------


@pytest.fixture
def three_months() -> tuple[Config, pl.LazyFrame]:
    cfg = Config(
        target_rate=50.0,
        clients=(Client("A", monthly_fee=800.0, included_hours=12.0, offhours_premium=0.5),),
    )
    lf = entries(
        ("2026-01-10", "A", "visible", 10.0, 2.0),  # 50 * (10 + 0.5 * 2) = 550
        ("2026-02-10", "A", "hidden", 20.0, 0.0),  # 50 * 20 = 1000
        ("2026-03-10", "A", "visible", 10.0, 4.0),  # 50 * (30 + 0.5 * 4) = 1600
        ("2026-03-11", "A", "hidden", 20.0, 0.0),
        # April: under contract, no effort: not a month of the median
    )
    return cfg, lf


def test_suggested_fee_is_the_median_month_with_premium(
    three_months: tuple[Config, pl.LazyFrame],
) -> None:
    cfg, lf = three_months
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    m = monthly_pricing(lf, config=cfg, period=period).collect()
    assert m.get_column("suggested_fee_month").to_list() == pytest.approx(
        [550.0, 1000.0, 1600.0, 0.0]
    )
    assert month(m, "A", "2026-01-01")["offhours_value"] == pytest.approx(0.5 * 2 * 50)
    p = one(period_pricing(lf, config=cfg, period=period).collect(), "A")
    assert p["months"] == 3
    assert p["suggested_fee"] == 1000.0  # with April's 0 it would be 775
    assert p["change_pct"] == pytest.approx(25.0)  # 1000 vs 800
    assert p["offhours_value"] == pytest.approx(50.0 + 100.0)


def test_overrides_for_the_widgets(three_months: tuple[Config, pl.LazyFrame]) -> None:
    cfg, lf = three_months
    p = one(
        period_pricing(lf, config=cfg, period=YEAR, target_rate=60.0, premium=0.0).collect(), "A"
    )
    assert p["target_rate"] == 60.0
    assert p["offhours_premium"] == 0.0
    assert p["suggested_fee"] == 1200.0  # 60 * 20 h, the median month
    assert p["gap_to_target"] == pytest.approx(p["effective_rate"] - 60.0)
    with pytest.raises(ValueError, match="-1"):
        period_pricing(lf, config=cfg, period=YEAR, target_rate=-1.0)


def test_suggested_fee_is_rounded_to_the_currency_unit() -> None:
    cfg = Config(target_rate=33.33, clients=(Client("A", monthly_fee=300.0),))
    lf = entries(("2026-01-10", "A", "visible", 10.0))
    p = one(period_pricing(lf, config=cfg, period=YEAR).collect(), "A")
    assert p["suggested_fee"] == 333.0


def test_hours_over_included(three_months: tuple[Config, pl.LazyFrame]) -> None:
    cfg, lf = three_months
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    m = monthly_pricing(lf, config=cfg, period=period).collect()
    # effort 10, 20, 30, 0 against 12 included hours
    assert m.get_column("hours_over_included").to_list() == pytest.approx([0.0, 8.0, 18.0, 0.0])
    p = one(period_pricing(lf, config=cfg, period=period).collect(), "A")
    assert p["hours_over_included"] == pytest.approx(26.0)
    assert p["median_effort_h"] == pytest.approx(20.0)


def test_whole_months() -> None:
    assert whole_months(Period(dt.date(2026, 1, 2), dt.date(2026, 2, 3))) == Period(
        dt.date(2026, 1, 1), dt.date(2026, 2, 28)
    )


# -- agency ----------------------------------------------------------------------------------


def test_agency_cost_and_margin() -> None:
    cfg = Config(
        clients=(Client("X", monthly_fee=1000.0),),
        people=(Person("Alice", 20.0), Person("Bob", 30.0)),
    )
    lf = entries(
        ("2026-05-04", "X", "visible", 10.0, 0.0, "Alice"),
        ("2026-05-05", "X", "hidden", 5.0, 0.0, "bob"),  # names match case-insensitively
        ("2026-05-06", "X", "wait", 40.0, 0.0, "Bob"),  # waiting is not effort, not cost
    )
    period = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    p = one(period_pricing(lf, config=cfg, period=period).collect(), "X")
    assert p["cost_h"] == pytest.approx(15.0)
    assert p["cost"] == pytest.approx(10 * 20 + 5 * 30)
    assert p["margin"] == pytest.approx(1000.0 - 350.0)
    assert p["note"] is None


def test_agency_unknown_person_nulls_the_cost_with_a_note() -> None:
    cfg = Config(clients=(Client("X", monthly_fee=1000.0),), people=(Person("Alice", 20.0),))
    lf = entries(
        ("2026-05-04", "X", "visible", 10.0, 0.0, "Alice"),
        ("2026-05-05", "X", "hidden", 5.0, 0.0, "Chloé"),
    )
    period = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    p = one(period_pricing(lf, config=cfg, period=period).collect(), "X")
    assert p["cost"] is None
    assert p["margin"] is None
    assert p["cost_h"] == pytest.approx(10.0)
    assert p["unknown_people"] == ["Chloé"]
    assert "Chloé" in p["note"]
    proposal = renewal_proposal(lf, config=cfg, period=period, client="X", lang="fr")
    assert any("Chloé" in n and "cost_rate" in n for n in proposal.notes)


def test_freelancer_without_cost_rates_has_no_cost_and_no_note() -> None:
    cfg = Config(clients=(Client("X", monthly_fee=1000.0),))
    lf = entries(("2026-05-04", "X", "visible", 10.0))
    p = one(period_pricing(lf, config=cfg, period=YEAR).collect(), "X")
    assert (p["cost_h"], p["cost"], p["margin"], p["note"]) == (None, None, None, None)


# -- money -----------------------------------------------------------------------------------


def test_money_french_and_english() -> None:
    assert money(1860.0, "EUR", "fr") == f"1{NNBSP}860{NBSP}€"
    assert money(1860.0, "EUR", "en") == "€1,860"
    assert money(1859.6, "EUR", "fr") == f"1{NNBSP}860{NBSP}€"  # rounded for display only
    assert money(1860.0, "USD", "en") == "$1,860"
    assert money(1860.0, "CAD", "en") == "CA$1,860"
    assert money(1860.0, "CAD", "fr") == f"1{NNBSP}860{NBSP}$CA"  # CLDR's French symbol
    assert money(1860.0, "CHF", "en") == f"CHF{NBSP}1,860"  # CLDR currency spacing
    assert money(1860.0, "CHF", "fr") == f"1{NNBSP}860{NBSP}CHF"
    assert money(-50.0, "EUR", "en") == "-€50"
    assert money(None, "EUR", "fr") == "—"
    assert money_rate(32.4, "EUR", "fr") == f"32{NBSP}€/h"
    assert money_rate(32.4, "EUR", "en") == "€32/h"
    with pytest.raises(ValueError, match="'de'"):
        money(1.0, "EUR", "de")  # type: ignore[arg-type]


# -- the proposal ----------------------------------------------------------------------------


@pytest.fixture
def one_client() -> tuple[Config, pl.LazyFrame, Period]:
    """Fee 1000, 20 h of effort (5 visible, 15 hidden, 2 off-hours), waits 48 h and 120 h."""
    cfg = Config(
        target_rate=60.0,
        clients=(
            Client("Dupont", aliases=("Boulangerie",), monthly_fee=1000.0, offhours_premium=0.25),
        ),
    )
    lf = entries(
        ("2026-05-04", "Dupont", "visible", 5.0, 1.0),
        ("2026-05-05", "Dupont", "hidden", 15.0, 1.0),
        ("2026-05-06", "Dupont", "wait", 48.0),
        ("2026-05-07", "Dupont", "wait", 120.0),
    )
    return cfg, lf, Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))


def test_evidence_in_french(one_client: tuple[Config, pl.LazyFrame, Period]) -> None:
    cfg, lf, period = one_client
    p = renewal_proposal(lf, config=cfg, period=period, client="boulangerie", lang="fr")
    assert isinstance(p, RenewalProposal)
    assert p.client == "Dupont"
    assert p.current_fee == 1000.0
    assert p.suggested_fee == 1230.0  # 60 * (20 + 0.25 * 2)
    assert p.change_pct == pytest.approx(23.0)
    text = "\n".join(p.evidence)
    assert f"Le travail invisible représente 75{NBSP}% du temps" in text
    assert "Délai médian de réponse du client : 3,5 jours (2 attentes)" in text  # 84 h
    assert f"10{NBSP}% des heures hors horaires" in text
    assert f"Taux horaire effectif : 50{NBSP}€/h, pour un objectif de 60{NBSP}€/h" in text
    assert (
        f"Le client croit payer 200{NBSP}€/h (heures visibles), il paie réellement 50{NBSP}€/h"
        in text
    )
    assert f"1{NNBSP}230{NBSP}€ par mois (+23{NBSP}%)" in text
    assert f"majorées de 25{NBSP}%" in text
    assert "None" not in text
    assert "—" not in text
    html = proposal_html(p)
    assert "<table>" in html
    assert "Renouvellement : Dupont" in html


def test_evidence_in_english(one_client: tuple[Config, pl.LazyFrame, Period]) -> None:
    cfg, lf, period = one_client
    p = renewal_proposal(lf, config=cfg, period=period, client="Dupont", lang="en")
    text = "\n".join(p.evidence)
    assert "Hidden work is 75% of the time" in text
    assert "Median client response time: 3.5 days (2 waits)" in text
    assert "10% of the hours outside working hours" in text
    assert "Effective hourly rate: €50/h, against a target of €60/h" in text
    assert "The client believes they pay €200/h (visible hours); they actually pay €50/h" in text
    assert "Proposed fee: €1,230 a month (+23%)" in text
    assert "None" not in text


def test_precomputed_median_wait(one_client: tuple[Config, pl.LazyFrame, Period]) -> None:
    cfg, lf, period = one_client
    p = renewal_proposal(
        lf, config=cfg, period=period, client="Dupont", lang="fr", median_wait_h=156.0
    )
    assert p.median_wait_h == 156.0
    assert any("6,5 jours" in s for s in p.evidence)


def test_only_figures_that_exist_get_a_sentence() -> None:
    # no contract, no visible hour, no wait, no off-hours: only the hidden share remains
    lf = entries(("2026-05-04", "Prospect", "hidden", 3.0))
    period = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    p = renewal_proposal(lf, config=Config(), period=period, client="Prospect", lang="fr")
    assert p.current_fee is None
    assert p.suggested_fee is None
    assert p.evidence == (
        f"Le travail invisible représente 100{NBSP}% du temps (3{NBSP}h sur 3{NBSP}h)",
    )
    assert p.notes
    assert "forfait" in p.notes[0]
    with pytest.raises(ValueError, match="'Nobody'"):
        renewal_proposal(lf, config=Config(), period=period, client="Nobody", lang="fr")


# -- the sample year -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[Config, pl.DataFrame]:
    loaded = read_paths([SAMPLE_DIR])
    return loaded.config, analyse(loaded).collect()


def test_sample_every_client_pays_less_than_they_think(sample: tuple[Config, pl.DataFrame]) -> None:
    cfg, df = sample
    period = whole_months(Period(df.get_column("date").min(), df.get_column("date").max()))  # type: ignore[arg-type]
    p = period_pricing(df, config=cfg, period=period).collect()
    contracted = [c.name for c in cfg.clients if c.monthly_fee is not None]
    assert contracted
    for name in contracted:
        row = one(p, name)
        assert row["effective_rate"] < row["perceived_rate"], name
        assert row["suggested_fee"] is not None, name
        assert row["suggested_fee"] > 0, name
        assert row["suggested_fee"] == float(round(row["suggested_fee"])), name


def test_sample_suggested_fee_matches_the_summary(sample: tuple[Config, pl.DataFrame]) -> None:
    cfg, df = sample
    p = period_pricing(df, config=cfg, period=YEAR).collect()
    doc = summary(df.lazy(), config=cfg, period=YEAR)
    for c in doc["clients"]:
        row = one(p, c["client"])
        assert row["suggested_fee"] == c["suggested_fee"], c["client"]
        if c["fee"] is not None:
            assert row["fee"] == pytest.approx(c["fee"])
            assert row["effective_rate"] == pytest.approx(c["effective_rate"], abs=0.01)


def test_sample_proposals_in_both_languages(sample: tuple[Config, pl.DataFrame]) -> None:
    cfg, df = sample
    for lang in ("fr", "en"):
        p = renewal_proposal(df, config=cfg, period=YEAR, client="Lumen", lang=lang)
        assert p.client == "Studio Lumen"
        assert len(p.evidence) >= 6
        assert all("None" not in s and "nan" not in s for s in p.evidence)


def test_typical_month_without_a_full_month_is_per_day(three_months: tuple[Config, pl.LazyFrame]) -> None:
    """DESIGN.md: without a full month, the period's effort per calendar day × 30.44,
    counted to the minute; under 28 days in the contract, no typical month at all."""
    cfg, lf = three_months
    period = Period(dt.date(2026, 1, 5), dt.date(2026, 2, 18))  # 45 days, no month whole
    p = one(period_pricing(lf, config=cfg, period=period).collect(), "A")
    assert p["typical"] == "per_day"
    assert p["contract_days"] == 45
    effort = round((10.0 + 20.0) / 45 * 30.44 * 60) / 60  # 20 h 17
    off = round(2.0 / 45 * 30.44 * 60) / 60  # 1 h 21
    assert p["typical_effort_h"] == pytest.approx(effort)
    assert p["typical_offhours_h"] == pytest.approx(off)
    assert p["suggested_fee"] == round(50 * (effort + 0.5 * off))
    short = one(period_pricing(lf, config=cfg, period=Period(dt.date(2026, 1, 1), dt.date(2026, 1, 27))).collect(), "A")
    assert (short["typical"], short["suggested_fee"], short["contract_days"]) == ("too_short", None, 27)


def test_staged_rise_is_strictly_increasing_and_never_a_fall() -> None:
    o = renewal_options(current_fee=1000.0, fair_fee=1002.0, target_rate=50.0, visible_h=1.0, hidden_h=1.0, steps=3)
    assert o.steps == (1001.0, 1002.0)  # two steps of 1, not 1001, 1001, 1002
    for current, fair in ((600.0, 900.0), (999.5, 1001.0), (100.0, 107.0)):
        steps = renewal_options(
            current_fee=current, fair_fee=fair, target_rate=50.0, visible_h=1.0, hidden_h=1.0, steps=3
        ).steps
        assert all(b > a for a, b in itertools.pairwise((current, *steps))), steps
        assert steps[-1] == fair
    with pytest.raises(ValueError, match="above the current"):
        renewal_options(current_fee=1000.0, fair_fee=900.0, target_rate=50.0, visible_h=1.0, hidden_h=1.0)
