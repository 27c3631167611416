"""Widgets where no page draws them (cmtime.interfaces.widgets_static): a notebook run by
``nbconvert --execute`` shows each widget as its content, charts as SVG, so that an export
shows them. Before, every widget (the pricing notebook's charts in ``Output`` widgets, its
controls, the dashboard's board) left an empty widget view in the exported HTML; the
whole-notebook exports are tests/test_export_notebooks.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import altair as alt
import ipywidgets as widgets
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.display import display
from IPython.utils.capture import capture_output

from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.interfaces import live
from cmtime.interfaces.notebook import PricingView, load_pricing, load_team, setup_notebook
from cmtime.interfaces.widgets import AgencyBoard, pricing_dashboard
from cmtime.interfaces.widgets_static import WIDGET_VIEW, static_outputs, static_widgets

SVG = "image/svg+xml"


@pytest.fixture(scope="module")
def view() -> PricingView:
    return load_pricing(SAMPLE_DIR, lang="fr")


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch) -> Iterator[InteractiveShell]:
    """An IPython shell with no page (as under nbconvert); the widgets' display, altair's
    renderer and theme come back after."""
    for name in ("JPY_SESSION_NAME", "VOILA_REQUEST_URL", "CMTIME_LIVE"):
        monkeypatch.delenv(name, raising=False)
    ip = InteractiveShell.instance()
    hook = ip.display_formatter.ipython_display_formatter
    renderer, theme = alt.renderers.active, alt.theme.active
    try:
        yield ip
    finally:
        hook.pop(widgets.Widget, None)
        alt.renderers.enable(renderer)
        alt.theme.enable(theme)


def _shown(*items: Any) -> list[dict[str, Any]]:
    """The display data of ``display(*items)``, as the cell would store them."""
    with capture_output() as cap:
        display(*items)  # type: ignore[no-untyped-call]
    return [dict(o.data) for o in cap.outputs]


def _svgs(outputs: list[dict[str, Any]]) -> int:
    return sum(SVG in o for o in outputs)


def test_every_pricing_chart_is_an_svg_output_of_its_cell(shell: InteractiveShell, view: PricingView) -> None:
    setup_notebook("fr")
    board = pricing_dashboard(view, client="Dupont")
    # 04-pricing shows each part in its own cell
    for part, charts in (("rates", 1), ("monthly", 1), ("clients_map", 1), ("private", 1)):
        shown = _shown(getattr(board, part))
        assert not [o for o in shown if WIDGET_VIEW in o], part
        assert _svgs(shown) == charts, (part, [sorted(o) for o in shown])
    private = _shown(board.private)
    assert "<table" in private[-1]["text/html"]  # the margins' table after their chart
    # the whole board: the four charts in order, texts between; the dashboard shows its
    # head (controls, proposal) first, then its body once the charts are drawn
    assert _svgs(_shown(board)) == 4
    assert _svgs(_shown(board.head)) == 0
    assert _svgs(_shown(board.body)) == 4


def test_controls_read_what_they_are_set_to(shell: InteractiveShell, view: PricingView) -> None:
    setup_notebook("fr")
    board = pricing_dashboard(view, client="Dupont")
    board.target_rate.value = 75.0
    (controls,) = _shown(board.controls)
    text = controls["text/plain"]
    assert "Client Boulangerie Dupont" in text
    assert "janv. 2026 \u2013 déc. 2026" in text  # the months written next to the slider
    assert "75\u00a0€/h" in text
    assert "75.0" not in text  # a slider without readout reads nothing of its own
    # the proposal's HTML as it is
    (proposal,) = _shown(board.proposal)
    assert proposal["text/html"] == f"<div>{board.proposal.value}</div>"


def test_a_table_in_an_output_widget_and_a_button_with_nothing_to_press(shell: InteractiveShell, view: PricingView) -> None:
    setup_notebook("fr", charts=False)
    clients = load_team(view.scope).figures.clients
    agency = AgencyBoard(clients, target_margin=0.3, currency="EUR", lang="fr")
    shown = _shown(agency)
    assert len(shown) == 2, shown
    assert "Marge visée 30\u00a0%" in shown[0]["text/plain"]
    assert "<table" in shown[1]["text/html"]
    assert _shown(widgets.VBox([widgets.Button(description="Lire")])) == []


def test_a_live_chart_shown_directly_is_its_svg(shell: InteractiveShell) -> None:
    setup_notebook("fr")
    chart = live.live_chart({"mark": "point", "data": {"values": [{"x": 1}]},
                             "encoding": {"x": {"field": "x", "type": "quantitative"}}, "description": "Un point."})  # fmt: skip
    (shown,) = _shown(widgets.VBox([chart]))
    assert set(shown) == {"text/plain", SVG}
    assert shown["text/plain"] == "Un point."


def test_static_charts_create_no_widget(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a page an altair chart is its SVG, drawn with no widget made for it: an
    export then holds no widget state for its charts."""
    made: list[Any] = []

    class Counted(live.LiveChart):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(live, "LiveChart", Counted)
    setup_notebook("fr")
    chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
    (shown,) = _shown(chart)
    assert SVG in shown
    assert WIDGET_VIEW not in shown
    assert made == []
    monkeypatch.setenv("CMTIME_LIVE", "1")
    assert WIDGET_VIEW in _shown(chart)[0]
    assert len(made) == 1


def test_where_a_page_draws_widgets_they_stay_live(shell: InteractiveShell, view: PricingView, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JPY_SESSION_NAME", "04-pricing.py")  # as JupyterLab starts a kernel
    assert static_widgets() is False
    board = pricing_dashboard(view, client="Dupont", charts=False)
    (shown,) = _shown(board.controls)
    assert WIDGET_VIEW in shown
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert static_widgets() is True
    assert WIDGET_VIEW not in _shown(board.controls)[0]


def test_static_outputs_keep_the_order_and_join_texts() -> None:
    out = widgets.Output()
    out.outputs = (
        {"output_type": "display_data", "data": {SVG: "<svg/>", "text/plain": "a chart"}, "metadata": {}},
    )
    box = widgets.VBox([widgets.HTML("<p>avant</p>"), widgets.HBox([widgets.FloatSlider(description="Taux", readout=False),
                        widgets.HTML("60 €/h")]), out, widgets.Label("après")])  # fmt: skip
    shown = static_outputs(box)
    assert [sorted(o["data"]) for o in shown] == [["text/html", "text/plain"], [SVG, "text/plain"], ["text/html", "text/plain"]]
    assert re.sub(r"\s+", " ", shown[0]["data"]["text/plain"]) == "avant Taux 60 €/h"
    assert shown[2]["data"]["text/plain"] == "après"
