"""The renewal report never contradicts itself (DESIGN.md), on 320 generated scenarios.

Each scenario is a freelancer's (or a small team's) log for one client, written as a
cmtime CSV (and, for some, a French waits ledger): periods from one day to eighteen
months that start and end mid-month, fees from 0.2 to 5 times the fair fee, with and
without waits, a ledger, off-hours, unclassified work, a second person and cost rates,
in French and in English. Each report is built through the model and rendered by the
page's templates, and the rules are checked on the text a client reads:

- no rise that goes down ("monte de -"), a staged rise strictly increasing;
- no "pays for N %" above 100 %;
- no word about waits when no wait was measured;
- every amount of the fair fee recomputed from the lines under it;
- one total: the headline, the months, the activities and the evidence add up;
- a period under 28 days makes no proposal, a period without a full month says how its
  typical month is counted, a fee above the fair fee proposes no rise;
- the waits stop at the period's edges.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cmtime.analysis.report import MonthsSection, ProposalSection, WaitsSection
from cmtime.analysis.scope import Scope
from cmtime.config import load_config
from cmtime.outputs.share import Report, build_report, report_html, report_pdf
from cmtime.readers import read_paths

N_SCENARIOS = 320
NBSP, NNBSP = "\u00a0", "\u202f"


@dataclass(frozen=True)
class Scenario:
    seed: int
    lang: str
    start: dt.date
    end: dt.date
    fee_factor: float
    waits: bool
    ledger: bool
    offhours: bool
    unclassified: bool
    second_person: bool
    cost_rate: bool
    premium: float
    ledger_past_end: bool
    #: a premium per off-hours window (``premiums``), or none: drawn apart from the rest,
    #: so the scenarios drawn before it stay as they were
    premiums: tuple[tuple[str, float], ...] = ()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _scenarios() -> list[Scenario]:
    rng = random.Random(2026)
    lengths = [1, 3, 9, 15, 27, 28, 31, 45, 62, 90, 120, 200, 365, 400, 548]
    out = []
    for i in range(N_SCENARIOS):
        days = lengths[i % len(lengths)] if i < 2 * len(lengths) else rng.randint(1, 548)
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 400))
        out.append(
            Scenario(
                seed=i,
                lang="fr" if i % 2 == 0 else "en",
                start=start,
                end=start + dt.timedelta(days=days - 1),
                fee_factor=round(rng.choice([0.2, 0.5, 0.8, 0.95, 1.0, 1.05, 1.3, 2.0, 3.0, 5.0]), 2),
                waits=rng.random() < 0.5,
                ledger=rng.random() < 0.35,
                offhours=rng.random() < 0.6,
                unclassified=rng.random() < 0.5,
                second_person=rng.random() < 0.3,
                cost_rate=rng.random() < 0.4,
                premium=rng.choice([0.0, 0.25, 0.5]),
                ledger_past_end=rng.random() < 0.5,
                premiums=_premiums(i),
            )
        )
    return out


def _premiums(seed: int) -> tuple[tuple[str, float], ...]:
    """Four scenarios in ten have premiums of their own per window, with decimals."""
    rng = random.Random(10_000 + seed)
    if rng.random() >= 0.4:
        return ()
    windows = ("early", "midday", "evening", "night", "day_off")
    return tuple((w, rng.choice([0.0, 0.1, 0.125, 0.25, 0.5, 1.0])) for w in windows if rng.random() < 0.7)


SCENARIOS = _scenarios()

TARGET = 50.0


def _write(s: Scenario, folder: Path) -> Path:
    """The scenario's exports and config in ``folder``; returns it."""
    rng = random.Random(s.seed)
    people = ["Camille"] + (["Léa"] if s.second_person else [])
    lines = ["start,end,client,project,description,tags,person"]
    effort_h = 0.0
    day = s.start
    while day <= s.end:
        if day.weekday() < 5 or rng.random() < 0.1:
            for who in people:
                if rng.random() < 0.25:
                    continue
                blocks = [("09:00", "10:30", "Stratégie éditoriale", 1.5), ("10:30", "11:15", "Publication Instagram", 0.75)]
                if rng.random() < 0.5:
                    blocks.append(("14:00", "16:00", "Création des visuels", 2.0))
                if s.unclassified and rng.random() < 0.3:
                    blocks.append(("16:00", "16:40", "Suite d'hier", 2 / 3))
                if s.offhours and rng.random() < 0.3:
                    blocks.append(("19:00", "20:30", "Modération des commentaires", 1.5))
                if s.offhours and rng.random() < 0.15:
                    blocks.append(("12:40", "13:20", "Réponses aux messages", 2 / 3))
                for a, b, text, h in blocks:
                    lines.append(f"{day}T{a},{day}T{b},Lune,,{text},,{who}")
                    effort_h += h
        if s.waits and rng.random() < 0.08:
            back = day + dt.timedelta(days=rng.randint(0, 9))
            lines.append(f"{day}T10:00,{back}T15:00,Lune,,En attente de validation du client,,Camille")
        day += dt.timedelta(days=1)
    (folder / "log.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if s.ledger:
        rows = ["client;objet;demandé;répondu;relances"]
        for k in range(rng.randint(1, 4)):
            asked = s.start + dt.timedelta(days=rng.randint(0, max(s.days - 1, 0)))
            answered = asked + dt.timedelta(days=rng.randint(1, 20))
            if s.ledger_past_end and k == 0:
                asked = s.end - dt.timedelta(days=min(2, s.days - 1))
                answered = s.end + dt.timedelta(days=12)
            rows.append(f"Lune;Validation calendrier;{asked:%d/%m/%Y} 10:00;{answered:%d/%m/%Y} 16:00;1")
        (folder / "waits.csv").write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    per_month = effort_h / max(s.days, 1) * 30.44
    fee = max(round(s.fee_factor * TARGET * per_month), 1)
    people_toml = "".join(
        f'"{p}" = {{ cost_rate = {20 + 5 * i}.0 }}\n' for i, p in enumerate(people)
    ) if s.cost_rate else ""
    (folder / "cmtime.toml").write_text(
        f'timezone = "Europe/Paris"\nlanguage = "{s.lang}"\ntarget_rate = {TARGET}\n'
        f'person = "Camille"\nas_of = "{s.end + dt.timedelta(days=40)}"\n'
        '[hours]\nmon = ["09:00-12:30", "13:30-18:00"]\ntue = ["09:00-12:30", "13:30-18:00"]\n'
        'wed = ["09:00-12:30", "13:30-18:00"]\nthu = ["09:00-12:30", "13:30-18:00"]\n'
        'fri = ["09:00-12:30", "13:30-17:00"]\n[holidays]\ncountry = "FR"\n'
        + (f"[people]\n{people_toml}" if people_toml else "")
        + f'[clients."Lune"]\nmonthly_fee = {fee}.0\noffhours_premium = {s.premium}\n'
        + (f"premiums = {{ {', '.join(f'{w} = {p}' for w, p in s.premiums)} }}\n" if s.premiums else ""),
        encoding="utf-8",
    )
    return folder


def _report(s: Scenario, folder: Path) -> Report | None:
    _write(s, folder)
    config = load_config(folder / "cmtime.toml")
    loaded = read_paths([folder], config=config)
    scope = Scope.of(loaded, client="Lune", date_from=s.start, date_to=s.end, lang=s.lang)  # type: ignore[arg-type]
    if scope.summary()["totals"]["effort_h"] == 0:  # no hours at all (a day off): nothing to report
        with pytest.raises(ValueError, match="no hours"):
            build_report(scope, today=dt.date(2027, 1, 1))
        return None
    return build_report(scope, today=dt.date(2027, 1, 1))


def _text(report: Report) -> str:
    page = report_html(report, {c.name: ("<svg/>", "<svg/>") for c in report.charts})
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", "\n", body)
    return html.unescape(body).replace(NBSP, " ").replace(NNBSP, " ")


def _amount(text: str) -> float:
    """A money amount as the report writes it (``1 234 €``, ``€1,234``)."""
    digits = re.sub(r"[^\d,.-]", "", text)
    return float(digits.replace(",", "")) if "€" in text and text.strip().startswith("€") else float(
        digits.replace(" ", "").replace(",", ".")
    )


_HOURS_FR = re.compile(r"(\d[\d ]*) h(?: (\d\d))?|(\d+) min\b")
_HOURS_EN = re.compile(r"(\d[\d,]*)h(?: (\d\d)m)?|(\d+)m\b")


def _hours(text: str, lang: str) -> float:
    if lang == "fr":
        m = _HOURS_FR.search(text)
        assert m, text
        if m.group(3):  # under an hour: "40 min"
            return int(m.group(3)) / 60
        return int(m.group(1).replace(" ", "")) + int(m.group(2) or 0) / 60
    m = _HOURS_EN.search(text)
    assert m, text
    if m.group(3):
        return int(m.group(3)) / 60
    return int(m.group(1).replace(",", "")) + int(m.group(2) or 0) / 60


WAIT_WORDS = re.compile(
    r"attente|délai de réponse|réponses rapides|response time|wait|quick answers", re.IGNORECASE
)


def check(s: Scenario, report: Report) -> list[str]:
    """The rules broken by one report (an empty list when it keeps them all)."""
    broken: list[str] = []
    text = _text(report)
    model = report.model
    head = model.headline
    proposal = model.section(ProposalSection)
    assert proposal is not None
    # no negative rise, no share above 100 %
    if re.search(r"monte de -|rises by -", text):
        broken.append("negative rise")
    for n in re.findall(r"(?:paie|pays for) (\d+) ?%", text):
        if int(n) > 100:
            broken.append("paie > 100 %")
    # a staged rise strictly increasing
    steps = [_amount(m) for m in re.findall(r"(?:mois|month) \d+ ?: ([^\n]+)", text)]
    if steps and any(b <= a for a, b in itertools.pairwise(steps)):
        broken.append("staged rise not increasing")
    current, fair = proposal.figures.monthly_fee, proposal.figures.suggested_fee
    if current is not None and fair is not None and fair <= current and steps:
        broken.append("a rise proposed above the fair fee")
    # no claim about waits without a measured wait
    if head.waits == 0 and WAIT_WORDS.search(text):
        broken.append("wait claim without a wait: " + WAIT_WORDS.search(text).group(0))  # type: ignore[union-attr]
    # one total
    months = model.section(MonthsSection)
    assert months is not None
    if abs(sum(m.effort_h for m in months.rows) - head.effort_h) > 1e-6:
        broken.append("months do not add up to the headline")
    if abs(head.visible_h + head.hidden_h + head.unclassified_h - head.effort_h) > 1e-6:
        broken.append("kinds do not add up to the headline")
    if head.unclassified_h >= 1 / 60 and head.hidden_share is not None:
        hidden_line = [ln for ln in text.splitlines() if re.search(r"coulisses \(|behind the scenes \(", ln)]
        if hidden_line and not re.search(r"non class|unclassified", hidden_line[0]):
            broken.append("hidden share leaves out unclassified hours unsaid")
    # the period: too short, no full month, and the waits inside it
    if s.days < 28 and (steps or re.search(r"Le juste prix|The fair fee", text)):
        broken.append("a proposal on under 28 days")
    if s.days < 28 and not re.search(r"trop court|too short", text):
        broken.append("a short period not said")
    waits = model.section(WaitsSection)
    if waits is not None:
        for w in waits.items:
            if w.asked + dt.timedelta(days=w.days) > s.end + dt.timedelta(days=1, seconds=1):
                broken.append("a wait counted past the period's end")
                break
    if head.wait_h > s.days * 24 * max(head.waits, 1) + 1e-6:
        broken.append("wait hours beyond the period")
    # every amount of the fair fee recomputed from its lines
    if fair is not None and current is not None and fair > current and s.days >= 28:
        lines = [ln for ln in text.splitlines() if "=" in ln]
        products = [ln for ln in lines if "×" in ln]
        if not products:
            broken.append("fair fee without its computation")
        else:
            total = 0.0
            for ln in products:
                left, right = ln.rsplit("=", 1)
                amount = _amount(right)
                total += amount
                h = _hours(left, s.lang)
                factors = re.findall(r"(\d+(?:[.,]\d+)?) ?%", left)
                rate = TARGET * (float(factors[0].replace(",", ".")) / 100 if factors else 1.0)
                if abs(h * rate - amount) > 0.005 + 1e-9:  # amounts to the cent
                    broken.append(f"an amount that does not recompute: {ln.strip()}")
            totals = [ln for ln in lines if "×" not in ln]
            # rounded once, at the end: the total is the lines' sum to the nearest unit
            if not totals or abs(_amount(totals[0].rsplit("=", 1)[1]) - total) > 0.5 + 1e-9:
                broken.append("the fair fee's total is not the sum of its lines")
            elif abs(_amount(totals[0].rsplit("=", 1)[1]) - fair) > 1e-9:
                broken.append("the fair fee's total is not the fair fee")
    return broken


@pytest.mark.parametrize("block", range(8))
def test_the_report_never_contradicts_itself(block: int, tmp_path: Path) -> None:
    """40 scenarios a block (320 in all); every broken rule is listed with its scenario."""
    failures: list[str] = []
    for s in SCENARIOS[block::8]:
        folder = tmp_path / f"s{s.seed}"
        folder.mkdir()
        report = _report(s, folder)
        if report is None:
            continue
        for rule in check(s, report):
            failures.append(f"#{s.seed} ({s.lang}, {s.start}..{s.end}, fee×{s.fee_factor}): {rule}")
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


@pytest.mark.parametrize("seed", [4, 17, 33, 250])
def test_a_sample_of_the_reports_compiles_to_pdf(seed: int, tmp_path: Path) -> None:
    s = SCENARIOS[seed]
    report = _report(s, tmp_path)
    assert report is not None
    for c in report.charts:
        (tmp_path / f"{c.name}.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    pdf = report_pdf(report, tmp_path)
    assert pdf.startswith(b"%PDF")
