"""The pricing dashboard, driven like a user would: move a control, the proposal follows."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import polars as pl
import pytest

from cmtime.analysis.metrics import Period
from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.interfaces.notebook import PricingView, load_pricing
from cmtime.interfaces.widgets import CHART_DELAY, PricingDashboard, pricing_dashboard


@pytest.fixture(scope="module")
def view() -> PricingView:
    return load_pricing(SAMPLE_DIR, lang="fr")


def test_view_reads_once_with_the_default_period(view: PricingView) -> None:
    # The default period of every view (DESIGN): first to last date of any input. The
    # dashboard used to round it out to whole months, so its rates differed from summary's.
    assert view.period == Period(dt.date(2026, 1, 2), dt.date(2026, 12, 31))
    assert view.period == view.scope.period
    assert len(view.months) == 12
    assert "Boulangerie Dupont" in view.clients
    assert view.entries.height > 0  # collected: the widgets never re-read files


def test_target_rate_slider_changes_the_proposal(view: PricingView) -> None:
    board = pricing_dashboard(view, client="Dupont")
    assert isinstance(board, PricingDashboard)
    assert board.client.value == "Boulangerie Dupont"
    assert board.state is not None
    assert board.state.proposal is not None
    before = board.state.proposal.suggested_fee
    # the CLI summary's suggested fee for the sample year: the same scope, the same period
    assert board.period == view.scope.period
    assert before == view.scope.narrow(client="Dupont").summary()["clients"][0]["suggested_fee"]
    assert before == 2211.0
    assert "2\u202f211\u00a0€" in board.proposal.value

    started = time.perf_counter()
    board.target_rate.value = 75.0
    elapsed = time.perf_counter() - started
    print(f"one pricing dashboard update: {elapsed * 1000:.1f} ms")  # noqa: T201

    after = board.state.proposal
    assert after is not None
    assert after.target_rate == 75.0
    assert after.suggested_fee != before
    assert after.suggested_fee == pytest.approx(before * 75 / 60, abs=1.0)
    assert "75\u00a0€/h" in board.proposal.value


def test_premium_period_and_client_controls(view: PricingView) -> None:
    board = pricing_dashboard(view, client="Le Comptoir des Halles")
    assert board.premium.value == 0.5  # the contract's own premium
    assert board.state is not None
    assert board.state.proposal is not None
    with_premium = board.state.proposal.suggested_fee
    board.premium.value = 0.0
    assert board.state.proposal is not None
    assert board.state.proposal.suggested_fee is not None
    assert with_premium is not None
    assert board.state.proposal.suggested_fee < with_premium

    board.months.index = (8, 11)  # September to December
    assert board.state.frames.period == Period(dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    assert board.state.frames.monthly.height == 4

    board.client.value = "Librairie Page Blanche"
    assert board.premium.value == 0.0  # reset to this client's contract
    assert board.state.proposal is not None
    assert board.state.proposal.client == "Librairie Page Blanche"
    assert board.state.frames.monthly.get_column("client").unique().to_list() == [
        "Librairie Page Blanche"
    ]


def test_period_readout_is_written_in_full(view: PricingView) -> None:
    board = pricing_dashboard(view)
    assert board.months.readout is False  # the slider's own readout cut "déc. 202"
    assert board.months_text.value == "janv. 2026 \u2013 déc. 2026"
    board.months.index = (8, 11)
    assert board.months_text.value == "sept. 2026 \u2013 déc. 2026"


def test_margins_per_client_follow_the_target_never_the_report(view: PricingView) -> None:
    from cmtime.interfaces.widgets import margins_frame

    board = pricing_dashboard(view)
    assert board.state is not None
    margins = margins_frame(board.state.frames.by_client)
    # the sample's cost_rate per person (Camille 20, Léa 18, Hugo 30 EUR/h): a client's
    # cost is each person's effort hours on it times their rate
    rates = {p.name: p.cost_rate for p in view.config.people}
    assert rates == {"Camille Martin": 20.0, "Léa Dubois": 18.0, "Hugo Petit": 30.0}
    effort = (
        view.scope.rows.filter(pl.col("kind").cast(pl.String) != "wait")
        .group_by("client", "person")
        .agg(h=pl.col("duration").dt.total_microseconds().sum() / 3.6e9)
        .with_columns(cost=pl.col("h") * pl.col("person").replace_strict(rates))
        .group_by("client")
        .agg(pl.col("cost").sum())
        .collect()
    )
    expected = dict(effort.iter_rows())
    assert margins.height == 5
    for row in margins.iter_rows(named=True):
        assert row["cost"] == pytest.approx(expected[row["client"]])
        assert row["margin"] == pytest.approx(row["fee"] - row["cost"])
        assert row["margin_rate"] == pytest.approx(row["margin"] / row["fee"])
    shown = board._margins(board.state.frames.by_client)
    assert len(shown) == 2  # the chart, then the table
    html = shown[1]._repr_html_()
    assert "Taux de marge" in html
    assert "shape:" not in html
    assert "€" in html


def test_slider_values_are_written_in_the_language(view: PricingView) -> None:
    """The sliders' own readouts are d3 formats in English ("25%"): the values are
    written next to them by the text layer instead."""
    board = pricing_dashboard(view, client="Dupont")
    assert board.premium.readout is False
    assert board.target_rate.readout is False
    assert board.premium_text.value == "25\u00a0%"
    assert board.target_text.value == "60\u00a0€/h"
    board.premium.value = 0.5
    assert board.premium_text.value == "50\u00a0%"
    english = pricing_dashboard(load_pricing(SAMPLE_DIR, lang="en"), client="Dupont")
    assert english.premium_text.value == "25%"
    assert english.target_text.value == "€60/h"


def test_controls_and_proposal_first_then_the_charts(
    view: PricingView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Voilà dashboard shows the controls and the proposal at once, then draws the
    charts (`pricing_dashboard(charts=False)`, then `refresh()`)."""
    import cmtime.interfaces.widgets as w

    shown: list[object] = []
    monkeypatch.setattr(w, "_output", lambda item: shown.append(item) or {})
    board = pricing_dashboard(view, client="Dupont", charts=False)
    assert "2\u202f211\u00a0€" in board.proposal.value
    assert shown == []
    board.refresh()
    kinds = [type(x).__name__ for x in shown]
    assert kinds.count("LayerChart") + kinds.count("Chart") >= 3, kinds  # rates, monthly, map
    assert "Table" in kinds  # the margins
    assert len(board.rates.outputs) == 1  # each chart in its own output, set in one step


def _shown(html_text: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<style.*?</style>|<[^>]+>", " ", html_text, flags=re.S))


def test_proposal_is_the_reports_three_options_and_follows_the_sliders(view: PricingView) -> None:
    """04 and the dashboard show the report's own proposal section (the same model as
    ``cmtime share``), and a slider moves it."""
    import dataclasses

    from cmtime.analysis.report import build_report_model
    from cmtime.text.sections import proposal_view

    def report_view(target: float, premium: float) -> list[str]:
        cfg = view.config
        cfg = dataclasses.replace(
            cfg,
            target_rate=target,
            clients=tuple(
                dataclasses.replace(c, offhours_premium=premium) if c.name == "Boulangerie Dupont" else c
                for c in cfg.clients
            ),
        )
        scope = dataclasses.replace(view.scope.narrow(client="Dupont"), config=cfg)
        shown = proposal_view(build_report_model(scope), "fr")
        assert shown is not None
        assert len(shown.options) == 3
        return [*(t for o in shown.options for t in (o.title, *o.figures, o.why)), *shown.calc, *shown.evidence]

    board = pricing_dashboard(view, client="Dupont", charts=False)
    page = _shown(board.proposal.value)
    for line in report_view(60.0, 0.25):
        assert line in page, line
    assert "2\u202f211\u00a0€ par mois (+195\u00a0%)" in page  # option 1, the fair fee
    board.target_rate.value = 75.0
    page = _shown(board.proposal.value)
    for line in report_view(75.0, 0.25):
        assert line in page, line
    assert "2\u202f211\u00a0€" not in page
    board.premium.value = 0.0
    page = _shown(board.proposal.value)
    for line in report_view(75.0, 0.0):
        assert line in page, line


def test_freelancer_figures_in_their_own_section_never_in_the_quotable_one(view: PricingView) -> None:
    board = pricing_dashboard(view, client="Dupont", charts=False)
    quotable, private = _shown(board.proposal.value), _shown(board.private_text.value)
    assert "Marge sur la période : 667\u00a0€ pour 8\u202f308\u00a0€ de coût d'équipe" in private
    assert "Pour vous seulement : jamais pour le client" in private
    for word in ("Marge", "coût d'équipe", "8\u202f308", "Camille", "Léa", "Hugo"):
        assert word not in quotable, word
    assert board.private in board.children  # the dashboard shows the section, title and all
    assert board.margins in board.private.children


def test_hours_per_client_table_adds_up() -> None:
    """01's hours per client: one row per client and a total row equal to the summary's."""
    from cmtime.interfaces.notebook import load_workload
    from cmtime.interfaces.widgets import hours_by_client_table

    nb = load_workload(SAMPLE_DIR, lang="fr")
    shown = hours_by_client_table(nb, lang="fr")
    frame = shown.frame
    assert frame.height == nb.workload.by_client.height + 1
    last = frame.row(-1, named=True)
    assert last["client"] == "Total"
    t = nb.summary["totals"]
    assert last["effort_h"] == pytest.approx(t["effort_h"], abs=0.01)
    assert last["effort_h"] == pytest.approx(frame["effort_h"][:-1].sum())
    html = shown._repr_html_()
    assert "En coulisses" in html
    assert "Part en coulisses" in html


def test_days_lost_by_quarter_has_totals() -> None:
    from cmtime.interfaces.notebook import load_waits
    from cmtime.interfaces.widgets import lost_by_quarter_table

    nb = load_waits(SAMPLE_DIR, lang="en")
    frame = lost_by_quarter_table(nb, lang="en").frame
    quarters = [c for c in frame.columns if c.startswith("q")]
    assert len(quarters) == 4
    body, total = frame[:-1], frame.row(-1, named=True)
    assert total["client"] == "Total"
    assert total["total"] == int(body["total"].sum())
    # per client, the quarters add up to its working days lost (each day once)
    lost = dict(nb.by_client.select("client", "days_lost").iter_rows())
    for row in body.iter_rows(named=True):
        assert row["total"] == sum(row[q] for q in quarters) == lost[row["client"]]


def test_quick_moves_update_the_proposal_each_time_and_the_charts_once(view: PricingView) -> None:
    """In the kernel (an event loop runs), five quick moves of the target rate: the proposal
    follows each one at once; the charts are drawn once, for the last value, the four
    redraws scheduled by the earlier moves dropped."""
    board = pricing_dashboard(view, client="Dupont")
    drawn: list[float] = []
    draw = board._draw_charts

    def counted(state):  # type: ignore[no-untyped-def]
        drawn.append(state.frames.target_rate)
        draw(state)

    board._draw_charts = counted

    async def five_presses() -> None:
        for rate in (61.0, 62.0, 63.0, 64.0, 65.0):
            board.target_rate.value = rate
            assert f"{rate:.0f}\u00a0€/h" in board.proposal.value  # the proposal at once
        assert drawn == []  # no chart yet: more moves may come
        await asyncio.sleep(CHART_DELAY * 6)

    asyncio.run(five_presses())
    assert drawn == [65.0]
    assert board.state is not None
    assert board.state.proposal is not None
    assert board.state.proposal.target_rate == 65.0
    # and without an event loop (a script): the charts at once, for the value set
    board.target_rate.value = 70.0
    assert drawn == [65.0, 70.0]
