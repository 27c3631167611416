"""The live chart widget (cmtime.interfaces.live): its MIME bundle, spec, locale, alt text and
the bundle it hands its view. The browser side is tests/test_live_browser.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl
import pytest

from cmtime.charts.theme import THEME
from cmtime.interfaces import live
from cmtime.interfaces.notebook import setup_notebook
from cmtime.outputs.export import javascript_bundle
from cmtime.text.format import format_locale, time_format_locale

WIDGET = "application/vnd.jupyter.widget-view+json"


def _chart(lang: str | None) -> alt.Chart:
    """Two days of hours, big enough for a thousands separator, with a description."""
    frame = pl.DataFrame(
        {"day": [dt.date(2026, 12, 28), dt.date(2026, 12, 29)], "hours": [2500.0, 1.0]}
    )
    meta = {} if lang is None else {"usermeta": {"cmtime": {"lang": lang, "chart": "test"}}}
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("day:T", axis=alt.Axis(format="%d %b")),
            y=alt.Y("hours:Q", axis=alt.Axis(format=",.0f", values=[0, 2500])),
            tooltip=["hours:Q"],
        )
        .properties(description="Hours per day.", **meta)
    )


def _texts(svg: str) -> str:
    return " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)).replace("\u202f", " ")


@pytest.fixture
def notebook() -> Iterator[None]:
    """`setup_notebook` for one test; altair's renderer and theme come back after."""
    renderer, theme = alt.renderers.active, alt.theme.active
    try:
        yield
    finally:
        alt.renderers.enable(renderer)
        alt.theme.enable(theme)


def _shown(widget: live.LiveChart) -> dict[str, Any]:
    data, metadata = widget._repr_mimebundle_()
    assert metadata == {}
    return data


def test_bundle_has_widget_svg_and_description() -> None:
    bundle = _shown(live.live_chart(_chart("fr").to_dict()))
    assert set(bundle) == {WIDGET, "image/svg+xml", "text/plain"}
    assert bundle[WIDGET]["version_major"] == 2
    assert bundle["text/plain"] == "Hours per day."
    assert "<svg" in bundle["image/svg+xml"]


@pytest.mark.parametrize(
    ("lang", "number", "day"), [("fr", "2 500", "29 déc."), ("en", "2,500", "29 Dec")]
)
def test_widget_and_svg_get_the_charts_locale(lang: str, number: str, day: str) -> None:
    widget = live.live_chart(_chart(lang).to_dict(), lang="en" if lang == "fr" else "fr")
    bundle = _shown(widget)
    assert widget.spec["config"]["locale"] == {
        "number": format_locale(lang),  # type: ignore[arg-type]
        "time": time_format_locale(lang),  # type: ignore[arg-type]
    }
    assert number in _texts(bundle["image/svg+xml"])
    assert day in _texts(bundle["image/svg+xml"])


@pytest.mark.parametrize(("lang", "number"), [("fr", "2 500"), (None, "2,500")])
def test_a_foreign_chart_gets_the_notebooks_language(lang: str | None, number: str) -> None:
    widget = live.live_chart(_chart(None).to_dict(), lang=lang)  # type: ignore[arg-type]
    bundle = _shown(widget)
    assert widget.spec["config"]["locale"]["number"] == format_locale(lang or "en")
    assert number in _texts(bundle["image/svg+xml"])


def test_widget_carries_spec_and_alt_text_but_never_the_bundle() -> None:
    spec = _chart("fr").to_dict()
    widget = live.live_chart(spec)
    assert widget.description == "Hours per day."
    assert widget.spec["encoding"] == spec["encoding"]
    assert widget.spec["usermeta"] == spec["usermeta"]
    assert "config" not in spec or "locale" not in spec["config"]  # the input is not changed
    state = str(widget.get_state())
    assert len(state) < 20_000  # the spec and a small view, not the ~900 KB bundle
    assert "vegaEmbed=" not in state.replace(" ", "")


def test_the_view_gets_the_bundle_once_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    widget = live.LiveChart({"mark": "bar"}, description="x")
    sent: list[tuple[Any, Any]] = []
    monkeypatch.setattr(
        widget, "send", lambda content, buffers=None: sent.append((content, buffers))
    )
    widget._handle_custom_msg({"type": "something else"}, [])
    widget._handle_custom_msg("not a dict", [])
    assert sent == []
    widget._handle_custom_msg({"type": live.ASK}, [])
    assert sent == [({"type": live.REPLY}, [javascript_bundle().encode("utf-8")])]
    assert b"window.vegaEmbed" in sent[0][1][0]


def test_the_view_fetches_nothing_and_labels_itself() -> None:
    esm = live.LiveChart._esm
    assert not re.search(r"https?://|//cdn|\bimport\s*\(|^\s*import\s", esm, re.M)  # no network
    assert f'"{live.ASK}"' in esm
    assert f'"{live.REPLY}"' in esm
    assert 'setAttribute("aria-label", model.get("description"))' in esm
    assert "export default" in esm


def test_the_view_is_valid_javascript(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    (tmp_path / "view.mjs").write_text(live.LiveChart._esm, encoding="utf-8")
    done = subprocess.run(
        [node, "--check", str(tmp_path / "view.mjs")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_setup_notebook_makes_every_chart_live(notebook: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JPY_SESSION_NAME", "/work/01-workload.py")  # as JupyterLab starts a kernel
    setup_notebook("fr")
    assert alt.renderers.active == live.RENDERER
    assert alt.theme.active == THEME
    bundle = _chart(None)._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert WIDGET in data
    assert "2 500" in _texts(data["image/svg+xml"])  # the notebook's language
    with pytest.raises(ValueError, match="'de'"):
        setup_notebook("de")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("env", "live_view"),
    [({}, False), ({"JPY_SESSION_NAME": "01-workload.py"}, True), ({"VOILA_REQUEST_URL": "http://x/"}, True),
     ({"CMTIME_LIVE": "0", "JPY_SESSION_NAME": "a"}, False), ({"CMTIME_LIVE": "1"}, True)],
)  # fmt: skip
def test_a_chart_is_its_svg_where_no_page_draws_widgets(
    notebook: None, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], live_view: bool
) -> None:
    """nbconvert --execute, nbclient and papermill have no page to draw a widget on: there a
    chart is its SVG (an exported HTML showed an empty output where the widget was)."""
    for name in ("JPY_SESSION_NAME", "VOILA_REQUEST_URL", "CMTIME_LIVE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    setup_notebook("fr")
    bundle = _chart(None)._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert (WIDGET in data) is live_view
    assert "2 500" in _texts(data["image/svg+xml"])
