"""The report model: one builder per section, one partial per format, the same order.

A section of the client report is a frozen dataclass of figures built in
`cmtime.analysis.report`, a view in `cmtime.text.sections`, and one partial per format
under ``cmtime/outputs/templates/sections``. The page and the PDF iterate the model's
sections: they list the same sections in the same order.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import re
import typing
from pathlib import Path

import pytest

from cmtime.analysis import report as model_module
from cmtime.analysis.report import (
    DescriptionsSection,
    Headline,
    ProposalSection,
    ReportModel,
    WaitsSection,
)
from cmtime.analysis.scope import Scope
from cmtime.outputs.share import build_report, report_html, write_report
from cmtime.text.sections import section_view

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SECTIONS = ROOT / "cmtime" / "outputs" / "templates" / "sections"


def _section_types() -> tuple[type, ...]:
    return typing.get_args(model_module.Section)


def test_every_section_type_has_a_view_and_a_partial_per_format() -> None:
    types = _section_types()
    assert len(types) >= 7
    for kind in types:
        assert dataclasses.is_dataclass(kind), kind
        assert kind.__dataclass_params__.frozen, kind  # type: ignore[attr-defined]
        name = kind.name  # type: ignore[attr-defined]
        assert section_view.dispatch(kind) is not section_view.dispatch(object), name
        assert (SECTIONS / f"{name}.html.j2").is_file(), name
        assert (SECTIONS / f"{name}.typ").is_file(), name
        assert f"#let section-{name}(" in (SECTIONS / f"{name}.typ").read_text(encoding="utf-8"), name


def test_outputs_import_no_polars() -> None:
    """The outputs render and write; figures are computed below them."""
    for path in (ROOT / "cmtime" / "outputs").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "polars" or n.startswith("polars.") for n in names), path.name


@pytest.fixture(scope="module")
def dupont() -> Scope:
    return Scope.load([SAMPLE], client="Dupont", lang="fr")


def test_model_sections_in_order_and_typed(dupont: Scope) -> None:
    report = build_report(dupont, with_descriptions=True, today=dt.date(2026, 12, 7))
    model: ReportModel = report.model
    names = [s.name for s in model.sections]
    # the sample's clients agreed included hours: the frame of the mission says how they went
    assert names == ["headline", "months", "activities", "waits", "frame", "offhours", "proposal", "descriptions"]
    assert isinstance(model.sections[0], Headline)
    proposal = model.section(ProposalSection)
    assert proposal is not None
    # the client never sees the freelancer's costs
    assert proposal.figures.cost is None
    assert proposal.figures.margin is None
    # the months add up to the headline
    assert sum(m.effort_h for m in model.months) == pytest.approx(model.headline.effort_h)
    assert model.section(DescriptionsSection) is not None
    without = build_report(dupont, today=dt.date(2026, 12, 7)).model
    assert without.section(DescriptionsSection) is None


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_html_and_pdf_list_the_same_sections_in_the_same_order(dupont: Scope, tmp_path: Path) -> None:
    report = build_report(dupont, with_descriptions=True, today=dt.date(2026, 12, 7))
    order = [s.name for s in report.model.sections]
    page = report_html(report, {c.name: ("<svg/>", "<svg/>") for c in report.charts})
    seen = list(dict.fromkeys(re.findall(r'data-section="([a-z_]+)"', page)))
    assert seen == order
    # the PDF: each section's first own text, found in the same order in the document
    write_report(report, tmp_path / "out")
    text = re.sub(r"\s+", " ", _pdf_text(tmp_path / "out" / "report.pdf"))
    views = {v.name: v for v in report.texts.sections}
    marks = {
        "headline": views["headline"].kpis[0].name,  # type: ignore[union-attr]
        "months": views["months"].title,  # type: ignore[union-attr]
        "frame": views["frame"].title,  # type: ignore[union-attr]
        "proposal": views["proposal"].title,  # type: ignore[union-attr]
        "descriptions": views["descriptions"].title,  # type: ignore[union-attr]
    }
    positions = [text.find(re.sub(r"\s+", " ", marks[n])) for n in order if n in marks]
    assert all(p >= 0 for p in positions), (positions, marks)
    assert positions == sorted(positions)


def test_a_report_without_waits_has_no_wait_chart(tmp_path: Path) -> None:
    from cmtime.config import Client, Config
    from cmtime.readers import read_paths

    path = tmp_path / "one.csv"
    path.write_text(
        "start,end,client,project,description,tags\n"
        "2026-03-02T09:00,2026-03-02T10:30,Lune,,Stratégie,\n"
        "2026-03-03T09:00,2026-03-03T11:00,Lune,,Publication,\n",
        encoding="utf-8",
    )
    cfg = Config(clients=(Client("Lune", monthly_fee=300.0),))
    report = build_report(Scope.of(read_paths([path], config=cfg), client="Lune", lang="en"))
    waits = report.model.section(WaitsSection)
    assert waits is not None
    assert waits.items == ()
    assert "waits" not in [c.name for c in report.charts]
