"""Exports: PNG, SVG and offline HTML files, and multi-chart HTML pages.

PNG conversion costs about half a second, so only one test writes a PNG.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import altair as alt
import polars as pl
import pytest

from cmtime.charts import KIND_COLORS, THEME, activity_chart, iceberg_chart, weekly_effort_chart
from cmtime.outputs.export import chart_spec, javascript_bundle, page_html, save_chart
from cmtime.text.labels import NNBSP

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# vl-convert's bundle hands vega-embed to the page exactly once, here.
EMBED_MARKER = "window.vegaEmbed="
TWO_MB = 2 * 1024 * 1024


@pytest.fixture
def iceberg() -> alt.LayerChart:
    df = pl.DataFrame(
        {
            "client": ["Boulangerie Dupont", "Domaine des Vignes", None],
            "visible_h": [14.5, 11.25, 0.5],
            "hidden_h": [24.0, 13.0, 3.0],
            "unclassified_h": [3.5, 2.0, 1.5],
        }
    ).with_columns(
        effort_h=pl.col("visible_h") + pl.col("hidden_h") + pl.col("unclassified_h"),
        hidden_share=pl.col("hidden_h") / (pl.col("visible_h") + pl.col("hidden_h")),
    )
    return iceberg_chart(df, lang="fr")


@pytest.fixture
def weekly_frame() -> pl.DataFrame:
    monday = dt.date(2026, 1, 5)
    return pl.DataFrame(
        {
            "week": [monday, monday, monday + dt.timedelta(days=7)],
            "kind": ["visible", "hidden", "hidden"],
            "hours": [1234.5, 12.0, 8.0],
        }
    )


def _markup(page: str) -> str:
    """The page without the contents of its inline scripts (the bundle holds HTML strings)."""
    return re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.S)


def _assert_offline(page: str) -> None:
    lowered = page.lower()
    assert "<script src" not in lowered
    assert "cdn" not in lowered
    assert "@import" not in lowered
    # The page's own markup loads nothing either.
    markup = _markup(lowered)
    assert re.search(r"<[a-z]+\b[^>]*\b(src|href)\s*=", markup) is None
    assert "http" not in markup


def test_save_chart_writes_png_svg_html(iceberg: alt.LayerChart, tmp_path: Path) -> None:
    before = alt.theme.active
    out = tmp_path / "out" / "charts"  # created on demand
    paths = save_chart(iceberg, out, "iceberg")
    assert paths == [out / "iceberg.png", out / "iceberg.svg", out / "iceberg.html"]
    assert alt.theme.active == before  # the theme was enabled only while converting

    png = paths[0].read_bytes()
    assert png.startswith(PNG_MAGIC)
    assert len(png) > 10_000

    svg = paths[1].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Ce que vos clients voient… et le reste" in svg
    assert "ligne de flottaison" in svg
    # The cmtime theme is applied: palette and font stack come from it.
    assert KIND_COLORS["hidden"] in svg
    assert "Source Sans 3" in svg

    page = paths[2].read_text(encoding="utf-8")
    assert paths[2].stat().st_size < TWO_MB
    _assert_offline(page)
    assert page.count(EMBED_MARKER) == 1
    assert '<html lang="fr">' in page
    assert "<title>Ce que vos clients voient… et le reste</title>" in page
    assert 'name="viewport"' in page


def test_exports_use_the_chart_language(weekly_frame: pl.DataFrame, tmp_path: Path) -> None:
    (fr,) = save_chart(
        weekly_effort_chart(weekly_frame, lang="fr"), tmp_path, "fr", formats=["svg"]
    )
    (en,) = save_chart(
        weekly_effort_chart(weekly_frame, lang="en"), tmp_path, "en", formats=["svg"]
    )
    fr_svg, en_svg = fr.read_text(encoding="utf-8"), en.read_text(encoding="utf-8")
    assert "5 janv." in fr_svg  # French month names on the week axis
    assert "5 Jan" in en_svg
    # French thousands separator on the hours axis (1 234,5 h in the first week).
    assert f"1{NNBSP}200" in fr_svg or f"1{NNBSP}000" in fr_svg
    assert "1,000" in en_svg or "1,200" in en_svg


def test_chart_spec_applies_theme_and_locale(iceberg: alt.LayerChart) -> None:
    before = alt.theme.active
    spec = chart_spec(iceberg)
    assert alt.theme.active == before
    assert before != THEME
    config = spec["config"]
    assert config["range"]["category"][0] == KIND_COLORS["visible"]
    assert config["locale"]["number"]["decimal"] == ","  # read from the chart's usermeta
    assert config["locale"]["time"]["shortMonths"][0] == "janv."
    assert chart_spec(iceberg, lang="en")["config"]["locale"]["number"]["decimal"] == "."
    # A chart made elsewhere carries no language: English.
    plain = alt.Chart(pl.DataFrame({"a": [1.5]})).mark_bar().encode(x="a:Q")
    assert chart_spec(plain)["config"]["locale"]["number"]["decimal"] == "."


def test_page_html_inlines_the_bundle_once_for_three_charts(
    iceberg: alt.LayerChart, weekly_frame: pl.DataFrame
) -> None:
    activity = pl.DataFrame(
        {"activity": ["creation", "publishing"], "kind": ["hidden", "visible"], "hours": [3.0, 2.0]}
    )
    page = page_html(
        [
            ("Visible et invisible", iceberg),
            ("", weekly_effort_chart(weekly_frame, lang="fr")),
            ("Par activité", activity_chart(activity, lang="fr")),
        ],
        title="Bilan <2026> & renouvellement",
        lang="fr",
        intro_html="<p>Période : <strong>janvier à mars</strong></p>",
    )
    _assert_offline(page)
    assert page.count(EMBED_MARKER) == 1
    assert page.count(javascript_bundle()[:20_000]) == 1
    assert len(page.encode()) < TWO_MB
    assert len(page) < len(javascript_bundle()) + 200_000  # the bundle is the bulk, once

    markup = _markup(page)
    assert re.findall(r'id="(chart-\d+)"', markup) == ["chart-1", "chart-2", "chart-3"]
    assert "<h1>Bilan &lt;2026&gt; &amp; renouvellement</h1>" in markup
    assert "<h2>Visible et invisible</h2>" in markup
    assert markup.count("<h2>") == 2  # an empty heading adds none
    assert "<p>Période : <strong>janvier à mars</strong></p>" in markup  # trusted, as is
    # Responsive and printable.
    assert "@media print" in page
    assert "@media (max-width: 600px)" in page
    assert '"width":"container"' in page
    # The "open in the Vega editor" action would post the data to a web site.
    assert '"editor":false' in page
    assert "Enregistrer en PNG" in page


def test_page_html_cannot_be_broken_by_a_client_name() -> None:
    df = pl.DataFrame(
        {
            "client": ["</script><script>alert(1)</script>"],
            "visible_h": [1.0],
            "hidden_h": [2.0],
            "unclassified_h": [0.0],
            "effort_h": [3.0],
            "hidden_share": [2 / 3],
        }
    )
    page = page_html([("", iceberg_chart(df, lang="en"))], title="t", lang="en")
    assert "alert(1)" in page  # the name is there, as JSON data
    assert page.lower().count("</script>") == 2  # the bundle's and the embedding script's
    assert "<script>alert" not in page


def test_save_chart_rejects_bad_arguments(iceberg: alt.LayerChart, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'pdf'"):
        save_chart(iceberg, tmp_path, "x", formats=["pdf"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=re.escape("'../x'")):
        save_chart(iceberg, tmp_path, "../x", formats=["svg"])
    with pytest.raises(ValueError, match="'de'"):
        page_html([("", iceberg)], title="t", lang="de")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
