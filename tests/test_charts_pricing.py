"""Pricing charts: assertions on `chart.to_dict()` (marks, encodings, titles, data), fr and en."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from cmtime.charts import (
    KIND_COLORS,
    clients_map_chart,
    fee_vs_suggested_chart,
    label,
    rates_chart,
)
from cmtime.text.labels import NBSP, NNBSP


def _values(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline rows of one layer (altair stores them in top-level datasets)."""
    data = layer.get("data", spec.get("data"))
    values: list[dict[str, Any]] = spec["datasets"][data["name"]]
    return values


def _marks(spec: dict[str, Any]) -> list[str]:
    return [
        layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        for layer in spec["layer"]
    ]


@pytest.fixture
def by_client() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "client": ["Dupont", "Lumen", None],
            "effort_h": [400.0, 100.0, 20.0],
            "fee": [9000.0, 12000.0, None],
            "effective_rate": [22.5, 120.0, None],
            "perceived_rate": [90.0, 200.0, None],
            "target_rate": [60.0, 60.0, 60.0],
        }
    )


@pytest.fixture
def monthly() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "client": ["Dupont"] * 3,
            "month": [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)],
            "fee": [750.0, 750.0, 750.0],
            "suggested_fee_month": [2000.0, 2100.0, 0.0],
            "target_rate": [60.0] * 3,
        }
    )


# -- rates ------------------------------------------------------------------------------------


def test_rates_chart_fr(by_client: pl.DataFrame) -> None:
    spec = rates_chart(by_client, lang="fr", target=60.0).to_dict()
    assert spec["title"]["text"] == label("rates.title", "fr")
    assert spec["usermeta"] == {"cmtime": {"lang": "fr", "chart": "rates"}}
    assert _marks(spec) == ["rule", "point", "text", "text", "text", "rule", "text"]
    dots = spec["layer"][1]
    # each client's name above its line (no axis label beside it, where a low effective
    # rate's label ran into it at 390 px); on a narrow chart the rates go under their points
    assert dots["encoding"]["y"]["axis"] is None
    assert spec["layer"][2]["encoding"]["text"]["field"] == "client"
    perceived, effective = spec["layer"][3]["mark"], spec["layer"][4]["mark"]
    assert (perceived["align"], effective["align"]) == ("left", "right")
    assert perceived["dy"] == effective["dy"] == {"expr": "width < 420 ? 9 : 0"}
    assert dots["encoding"]["x"]["title"] == "Taux horaire (€/h)"
    assert dots["encoding"]["color"]["scale"]["range"] == [
        KIND_COLORS["visible"],
        KIND_COLORS["hidden"],
    ]
    rows = _values(spec, dots)
    # the client without a contract has no rate and is left out; lowest effective rate first
    assert {r["client"] for r in rows} == {"Dupont", "Lumen"}
    assert dots["encoding"]["y"]["sort"] == ["Dupont", "Lumen"]
    texts = {(r["client"], r["rate"]): r["value_text"] for r in rows}
    assert texts[("Dupont", "effective_rate")] == f"22{NBSP}€/h"  # 22.5 rounds half to even
    assert texts[("Lumen", "perceived_rate")] == f"200{NBSP}€/h"
    target = spec["layer"][5]
    assert _values(spec, target)[0]["value"] == 60.0
    assert _values(spec, spec["layer"][6])[0]["text"] == f"Objectif 60{NBSP}€/h"


def test_rates_chart_en_and_currency(by_client: pl.DataFrame) -> None:
    spec = rates_chart(by_client, lang="en", target=75.0, currency="CHF").to_dict()
    assert spec["layer"][1]["encoding"]["x"]["title"] == "Hourly rate (CHF/h)"
    assert _values(spec, spec["layer"][6])[0]["text"] == "Target CHF\u00a075/h"
    domain = spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Perceived rate (visible hours)", "Effective rate (all hours)"]


def test_rates_chart_checks(by_client: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="'perceived_rate'"):
        rates_chart(by_client.drop("perceived_rate"), lang="fr", target=60.0)
    with pytest.raises(ValueError, match="several"):
        rates_chart(pl.concat([by_client, by_client]), lang="fr", target=60.0)
    with pytest.raises(TypeError, match="collect"):
        rates_chart(by_client.lazy(), lang="fr", target=60.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'de'"):
        rates_chart(by_client, lang="de", target=60.0)  # type: ignore[arg-type]


# -- fee against the fair price ----------------------------------------------------------------


def test_fee_vs_suggested_chart(monthly: pl.DataFrame) -> None:
    spec = fee_vs_suggested_chart(monthly, lang="fr", suggested=2050.0).to_dict()
    assert spec["title"]["text"] == "Dupont : le forfait face au travail fourni"
    assert spec["title"]["subtitle"].endswith(f"à 60{NBSP}€/h")
    assert _marks(spec) == ["bar", "line", "rule", "text"]
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["title"] == "Montant mensuel (€)"
    assert bars["encoding"]["x"]["sort"] == ["janv.", "févr.", "mars"]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Forfait facturé", "Prix juste du mois"]
    rows = _values(spec, bars)
    assert len(rows) == 6  # fee and fair price for three months, in one long frame
    assert {r["amount_text"] for r in rows if r["series"] == "fee"} == {f"750{NBSP}€"}
    assert _values(spec, spec["layer"][3])[0]["text"] == f"Tarif proposé 2{NNBSP}050{NBSP}€"


def test_fee_vs_suggested_chart_en_without_rule(monthly: pl.DataFrame) -> None:
    spec = fee_vs_suggested_chart(monthly, lang="en", currency="USD").to_dict()
    assert _marks(spec) == ["bar", "line"]
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Monthly amount ($)"
    assert spec["title"]["subtitle"].endswith("at $60/h")


def test_fee_vs_suggested_chart_checks(monthly: pl.DataFrame) -> None:
    other = monthly.with_columns(client=pl.lit("Lumen"))
    with pytest.raises(ValueError, match="one client"):
        fee_vs_suggested_chart(pl.concat([monthly, other]), lang="fr")
    with pytest.raises(ValueError, match="'suggested_fee_month'"):
        fee_vs_suggested_chart(monthly.drop("suggested_fee_month"), lang="fr")


# -- the clients map -----------------------------------------------------------------------------


def test_clients_map_chart(by_client: pl.DataFrame) -> None:
    spec = clients_map_chart(by_client, lang="fr").to_dict()
    assert spec["title"]["text"] == "Qui paie le juste prix ?"
    assert f"60{NBSP}€/h" in spec["title"]["subtitle"]
    assert _marks(spec) == ["area", "line", "text", "text", "point", "text", "text"]
    line = spec["layer"][1]
    assert line["encoding"]["x"]["field"] == "effort_h"
    assert line["encoding"]["y"]["field"] == "fee"
    assert line["encoding"]["x"]["title"] == "Heures travaillées sur la période (h)"
    assert line["encoding"]["y"]["title"] == "Forfait sur la période (€)"
    # the target line: fee = 60 x hours
    assert all(r["fee"] == pytest.approx(60.0 * r["effort_h"]) for r in _values(spec, line))
    points = _values(spec, spec["layer"][4])
    assert {r["client"] for r in points} == {"Dupont", "Lumen"}  # no fee, no point
    dupont = next(r for r in points if r["client"] == "Dupont")
    assert dupont["point_text"] == f"Dupont · 22{NBSP}€/h"
    assert _values(spec, spec["layer"][3])[0]["text"] == "sous-facturé"


def test_clients_map_chart_en_and_checks(by_client: pl.DataFrame) -> None:
    spec = clients_map_chart(by_client, lang="en", currency="CAD").to_dict()
    assert spec["title"]["subtitle"] == (
        "Below the line (fee = CA$60/h \u00d7 hours), the client is underpriced"
    )
    with pytest.raises(ValueError, match="'effort_h'"):
        clients_map_chart(by_client.drop("effort_h"), lang="en")
    with pytest.raises(ValueError, match="one target_rate"):
        clients_map_chart(
            by_client.with_columns(target_rate=pl.Series([60.0, 70.0, 60.0])), lang="en"
        )
