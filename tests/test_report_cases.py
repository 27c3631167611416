"""The three reports of issue #28, on the sample: each says only what holds.

- a fee above the fair fee proposes no rise and says the retainer covers the work;
- half a month is too short for a proposal, and says so;
- a client without any measured wait gets no sentence, card or chart about waits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from pathlib import Path

import pytest

from cmtime.analysis.report import ProposalSection
from cmtime.analysis.scope import Scope
from cmtime.config import Client, Config
from cmtime.outputs.share import Report, build_report, report_html
from cmtime.readers import read_paths

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def _text(report: Report) -> str:
    page = report_html(report, {c.name: ("<svg/>", "<svg/>") for c in report.charts})
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def sample() -> Scope:
    return Scope.load([SAMPLE], lang="fr")


def test_a_fee_above_the_fair_fee_proposes_no_rise(sample: Scope) -> None:
    dupont = sample.config.client("Boulangerie Dupont")
    assert dupont is not None
    rich = dataclasses.replace(dupont, monthly_fee=5000.0)
    config = dataclasses.replace(sample.config, clients=tuple(rich if c is dupont else c for c in sample.config.clients))
    scope = Scope.of(sample.loaded, client="Dupont", lang="fr", config=config)
    report = build_report(scope, today=dt.date(2027, 1, 1))
    proposal = report.model.section(ProposalSection)
    assert proposal is not None
    assert proposal.state == "covered"
    assert proposal.options is None
    text = _text(report)
    assert "couvre le travail" in text
    assert "5 000 €" in text
    for said in ("monte de", "hausse progressive", "Le même forfait, moins de travail", "paie"):
        assert said not in text, said
    # the fair fee is still worked out, line by line
    assert re.search(r"\d+ h \d\d × 60 €/h = [\d ]+,\d\d €", text)


def test_half_a_month_is_too_short_for_a_proposal() -> None:
    scope = Scope.load([SAMPLE], client="Dupont", lang="fr", date_from="2026-11-01", date_to="2026-11-15")
    report = build_report(scope, today=dt.date(2027, 1, 1))
    proposal = report.model.section(ProposalSection)
    assert proposal is not None
    assert proposal.state == "too_short"
    assert proposal.figures.suggested_fee is None
    text = _text(report)
    assert "15 jours de contrat" in text
    assert "trop court" in text
    for said in ("Le juste prix", "Un mois type compte", "par mois (-", "paie", "mois 1"):
        assert said not in text, said


def test_no_measured_wait_no_word_about_waits(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    rows = ["start,end,client,project,description,tags"]
    day = dt.date(2026, 3, 2)
    while day <= dt.date(2026, 5, 29):
        if day.weekday() < 5:
            rows += [
                f"{day}T09:00,{day}T10:30,Lune,,Stratégie éditoriale,",
                f"{day}T10:30,{day}T11:00,Lune,,Publication Instagram,",
                f"{day}T11:00,{day}T11:20,Lune,,Relance du client pour les photos,",
            ]
        day += dt.timedelta(days=1)
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    config = Config(clients=(Client("Lune", monthly_fee=900.0),))
    report = build_report(Scope.of(read_paths([log], config=config), client="Lune", lang="fr"), today=dt.date(2027, 1, 1))
    assert report.model.headline.waits == 0
    text = _text(report)
    for said in ("attente", "délai de réponse", "réponses rapides", "merci pour"):
        assert said not in text.lower(), said
    assert [k.cls for k in report.texts.sections[0].kpis] == ["", "hidden", "off"]  # type: ignore[union-attr]
    assert "waits" not in [c.name for c in report.charts]
