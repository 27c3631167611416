"""One `Scope` for every view: the same client and period give the same number everywhere."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cmtime.analysis.common import Period
from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.analysis.report import ProposalSection
from cmtime.analysis.scope import Scope, UnknownClient, resolve_client
from cmtime.config import Client, Config
from cmtime.interfaces.cli import main
from cmtime.interfaces.notebook import (
    as_scope,
    load_offhours,
    load_pricing,
    load_waits,
    load_workload,
)
from cmtime.outputs.share import build_report

DUPONT = "Boulangerie Dupont"


@pytest.fixture(scope="module")
def sample() -> Scope:
    return Scope.load(SAMPLE_DIR, lang="fr")


def _cli_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    try:
        main([*args, "--json"])
    except SystemExit as exc:  # main exits only on an error
        pytest.fail(f"{args} exited {exc.code}")
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_summary_notebooks_dashboard_and_share_agree(sample: Scope, capsys) -> None:  # type: ignore[no-untyped-def]
    # the CLI: with --client (an alias), and the client's row of the whole summary
    alone = _cli_json(["summary", str(SAMPLE_DIR), "--client", "dupont"], capsys)
    every = _cli_json(["summary", str(SAMPLE_DIR)], capsys)
    assert alone["period"] == every["period"] == {"from": "2026-01-02", "to": "2026-12-31"}
    (row,) = alone["clients"]
    assert row == next(c for c in every["clients"] if c["client"] == DUPONT)

    # the notebooks' loaders, from the scope already read (nothing read again)
    dupont = sample.narrow(client="Dupont")
    assert dupont.analysed is sample.analysed
    assert dupont.summary()["clients"] == [row]
    assert load_workload(sample, client="Dupont").summary["clients"] == [row]
    off = load_offhours(sample, client="Dupont").by_client.row(0, named=True)
    assert round(off["offhours_h"], 2) == row["offhours_h"]
    waits = load_waits(sample, client="Dupont").by_client.row(0, named=True)
    assert (waits["waits"], round(waits["wait_median_h"], 2)) == (row["waits"], row["wait_median_h"])

    # the pricing notebook and the Voilà dashboard (same loader, same default period)
    view = load_pricing(sample)
    assert view.period == sample.period
    p = view.update(client="Dupont").proposal
    assert p is not None
    assert (round(p.fee, 2), round(p.effective_rate, 2), round(p.perceived_rate, 2)) == (
        row["fee"],
        row["effective_rate"],
        row["perceived_rate"],
    )
    assert p.suggested_fee == row["suggested_fee"]

    # the share report
    report = build_report(dupont)
    assert report.period == Period(dt.date(2026, 1, 2), dt.date(2026, 12, 31))
    headline = report.model.headline
    assert headline.hidden_share is not None
    assert headline.wait_median_h is not None
    assert round(headline.effort_h, 2) == row["effort_h"]
    assert round(headline.hidden_share, 4) == row["hidden_share"]
    assert round(headline.offhours_h, 2) == row["offhours_h"]
    assert headline.waits == row["waits"]
    assert round(headline.wait_median_h, 2) == row["wait_median_h"]
    proposal = report.model.section(ProposalSection)
    assert proposal is not None
    assert proposal.figures.effective_rate is not None
    assert proposal.figures.suggested_fee == row["suggested_fee"]
    assert round(proposal.figures.effective_rate, 2) == row["effective_rate"]


def test_a_narrowed_period_is_the_same_everywhere(sample: Scope, capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["--client", "Dupont", "--from", "2026-03-01", "--to", "2026-05-31"]
    doc = _cli_json(["summary", str(SAMPLE_DIR), *args], capsys)
    spring = as_scope(sample, client="Dupont", date_from="2026-03-01", date_to="2026-05-31")
    assert spring.period == Period(dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    assert doc.pop("warnings") == []  # the CLI adds what a user must know
    assert spring.summary() == doc
    p = load_pricing(sample).update(client="Dupont", period=spring.period).proposal
    assert p is not None
    assert p.suggested_fee == doc["clients"][0]["suggested_fee"]


def _write(folder: Path, entries: str, ledger: str) -> Path:
    folder.mkdir()
    (folder / "log.csv").write_text(
        "start,end,client,description\n" + entries, encoding="utf-8"
    )
    (folder / "waits.csv").write_text("client,item,asked,answered\n" + ledger, encoding="utf-8")
    return folder


def test_default_period_spans_the_ledger_and_open_waits(tmp_path: Path) -> None:
    entries = (
        "2026-03-02T09:00,2026-03-02T11:00,Dupont,stratégie\n"
        "2026-03-06T09:00,2026-03-06T10:00,Dupont,publication\n"
    )
    # answered after the last entry: the period runs to the answer's day
    answered = _write(
        tmp_path / "a", entries, "Dupont,Photos,2026-02-20 10:00,2026-03-20 16:00\n"
    )
    scope = Scope.load(answered, today=dt.date(2026, 6, 1))
    assert scope.period == Period(dt.date(2026, 2, 20), dt.date(2026, 3, 20))
    (row,) = scope.summary()["clients"]
    assert row["waits"] == 1  # asked before the first entry, yet inside the period

    # still open: the period runs to today, and the open wait with it
    still_open = _write(tmp_path / "o", entries, "Dupont,Photos,2026-03-10 10:00,\n")
    scope = Scope.load(still_open, today=dt.date(2026, 4, 1))
    assert scope.period == Period(dt.date(2026, 3, 2), dt.date(2026, 4, 1))
    waits = scope.waits()
    assert waits.get_column("open").to_list() == [True]
    assert scope.until <= dt.datetime(2026, 4, 1, 22, tzinfo=dt.UTC)  # end of 1 April, Paris


def test_a_client_scope_keeps_the_data_period(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "d",
        "2026-03-02T09:00,2026-03-02T11:00,Dupont,stratégie\n"
        "2026-04-10T09:00,2026-04-10T10:00,Vidal,publication\n",
        "",
    )
    scope = Scope.load(folder, today=dt.date(2026, 6, 1))
    assert scope.narrow(client="Vidal").period == scope.period == Period(
        dt.date(2026, 3, 2), dt.date(2026, 4, 10)
    )
    assert scope.narrow(client="vidal").client == "Vidal"  # as written in the data


def test_unknown_client_names_the_closest() -> None:
    cfg = Config(clients=(Client("Vidal", aliases=("Vidl",)), Client("Boulangerie Dupont")))
    with pytest.raises(UnknownClient, match=r"did you mean 'Vidal'") as exc:
        resolve_client(cfg, "Vidaal", ["Café Lune"])
    assert exc.value.known == ("Boulangerie Dupont", "Café Lune", "Vidal")
    with pytest.raises(UnknownClient, match=r"'Dupont' \(alias of 'Boulangerie Dupont'\)"):
        resolve_client(
            Config(clients=(Client("Boulangerie Dupont", aliases=("Dupont",)),)), "Dupond"
        )
    assert resolve_client(cfg, "VIDL") == "Vidal"
    assert resolve_client(cfg, "cafe lune", ["Café Lune"]) == "Café Lune"


def test_cli_unknown_client_suggests_and_exits_2(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        main(["summary", str(SAMPLE_DIR), "--client", "Boulangerie Dupond", "--lang", "en"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "unknown client 'Boulangerie Dupond'" in err
    assert "did you mean 'Boulangerie Dupont'" in err
