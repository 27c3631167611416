"""The client-safe renewal report: an HTML page, a PDF, the charts as PNG and SVG, a CSV.

The figures come from the report model (`cmtime.analysis.report.build_report_model`:
this client's rows only, every figure computed once), the words from
`cmtime.text.sections.report_texts`, the charts from
`cmtime.charts.report.section_charts`. This module only renders and writes: each section
of the model has one partial per format (``templates/sections/<name>.html.j2`` and
``.typ``), and the page and the PDF show them in the model's order. Its charts are
static SVG inlined in the page (no script needed: a mail preview shows them), and the
PDF is typeset by Typst from the same SVG. ``cmtime share PATH... --client NAME --out
DIR`` runs `build_report`, then `write_report`, which writes into a temporary folder
beside ``DIR`` and renames it at the end: a failure leaves nothing half-written, and no
symlink is ever followed.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime as dt
import errno
import functools
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from cmtime.analysis.report import (
    EmptyReport,
    ReportModel,
    build_report_model,
    build_statement_model,
)
from cmtime.analysis.scope import Scope
from cmtime.charts.report import section_charts
from cmtime.charts.theme import CATEGORY_COLORS, FONT, INK, KIND_COLORS, MUTED, WATER, WATERLINE
from cmtime.errors import InputError
from cmtime.outputs.drawing import Drawer, Job, draw_here
from cmtime.outputs.export import chart_spec
from cmtime.outputs.out_guard import claim, clear_stale, staging_prefix
from cmtime.outputs.page import Markup, render
from cmtime.text.labels import Lang, label
from cmtime.text.messages import message
from cmtime.text.sections import ChartView, MonthsView, ReportTexts, report_texts

if TYPE_CHECKING:  # altair comes through cmtime.charts (see cmtime.charts._iri_grammar)
    import altair as alt

__all__ = [
    "CSV_COLUMNS",
    "EmptyReport",
    "Report",
    "ReportChart",
    "ShareOutputError",
    "build_report",
    "csv_safe",
    "report_html",
    "report_pdf",
    "section_html",
    "write_report",
    "write_summary_csv",
]

#: Columns of ``summary.csv``, in order (``top_description`` only with descriptions).
CSV_COLUMNS: Final = (
    "client",
    "month",
    "days",
    "visible_h",
    "hidden_h",
    "unclassified_h",
    "effort_h",
    "offhours_h",
    "wait_h",
    "waits",
    "fee",
    "effective_rate",
    "perceived_rate",
    "suggested_fee_month",
    "hours_over_included",
)

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_START: Final = re.compile(r"^[=+\-@\t\r]")

#: Files a report writes, besides one PNG and one SVG per chart.
_PAGE, _PDF, _CSV = "report.html", "report.pdf", "summary.csv"


class ShareOutputError(InputError):
    """The output folder cannot be written as asked (a file in the way, say)."""


@dataclass(frozen=True)
class ReportChart:
    """One chart of the report: a neutral file stem, a heading, and its two sizes."""

    name: str
    heading: str
    chart: alt.TopLevelMixin
    phone: alt.TopLevelMixin | None = None

    @functools.cached_property
    def specs(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The page and phone specs as vl-convert draws them, in the chart's own language;
        built once, whether the charts are handed to a `Drawer` early or drawn at the end."""
        return _spec(self.chart), _spec(self.phone or self.chart)


@dataclass(frozen=True)
class Report:
    """A client report ready to render: the model (figures), its words, its charts."""

    model: ReportModel
    texts: ReportTexts
    charts: tuple[ReportChart, ...]
    lang: Lang

    @property
    def client(self) -> str:
        return self.model.client

    @property
    def period(self) -> Any:
        return self.model.period

    @property
    def generated(self) -> dt.date:
        return self.model.generated

    @property
    def voice(self) -> str:
        return self.model.voice

    @property
    def notes(self) -> tuple[str, ...]:
        """For the freelancer, not the client: what to check (never written into the report)."""
        return tuple(label(f"note.{key}", self.lang) for key in self.model.notes)


def build_report(
    scope: Scope,
    *,
    with_descriptions: bool = False,
    today: dt.date | None = None,
    drawer: Drawer | None = None,
    month: dt.date | None = None,
) -> Report:
    """Build the renewal report of the scope's client from its own rows only (with
    ``month``, its monthly statement: `cmtime.analysis.report.build_statement_model`).

    Parameters
    ----------
    scope
        The data, config, client (required) and period (`cmtime.analysis.scope.Scope`);
        its language is the report's.
    with_descriptions
        Show this client's own task descriptions (a "main tasks" table and a
        ``top_description`` column in the CSV), redacted. Off by default.
    today
        The generation date printed in the footer; by default the real today.
    drawer
        Starts drawing each chart as soon as it is built (`write_report` with the same
        drawer then finds it drawn).

    Raises
    ------
    ValueError
        When the scope has no client, or the client has neither rows nor a contract;
        `EmptyReport` when the client has no hours in the period.
    """
    lang = scope.lang
    model = (
        build_report_model(scope, with_descriptions=with_descriptions, today=today)
        if month is None
        else build_statement_model(scope, month=month, today=today)
    )
    texts = report_texts(model, lang)
    headings = {v.chart: v.heading for v in texts.sections if isinstance(v, MonthsView | ChartView) and v.chart}
    charts = []
    for pair in section_charts(model, lang):
        chart = ReportChart(pair.name, headings[pair.name], pair.page, pair.phone)
        if drawer is not None:  # drawn while the next chart is built
            for job in _jobs(chart):
                drawer.submit(job)
        charts.append(chart)
    return Report(model=model, texts=texts, charts=tuple(charts), lang=lang)


# -- the CSV ------------------------------------------------------------------------------------


def csv_safe(value: str) -> str:
    """Neutralise a text cell a spreadsheet would run as a formula (prefix ``'``).

    Cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
    prefixed with a single quote, as OWASP recommends against CSV injection.

    >>> csv_safe("=1+1")
    "'=1+1"
    """
    return "'" + value if _FORMULA_START.match(value) else value


def _cell(value: object, *, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_safe(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        shown = repr(round(value, 2))
        return shown.replace(".", ",") if decimal_comma else shown
    return str(value)


def write_summary_csv(report: Report, path: str | Path) -> Path:
    """Write the monthly table as a CSV a spreadsheet opens safely; return the path.

    French reports use ``;`` and a decimal comma (French Excel), English ones ``,`` and
    ``.``; both are UTF-8 with a BOM so Excel reads accents right. Text cells that a
    spreadsheet would run as a formula are neutralised (`csv_safe`). ``days`` is the
    number of days that count in the month (all its days for a full one). The header row
    is in the report's language (``report.csv.<column>``); the columns stay in this order.
    """
    out = Path(path)
    french = report.lang == "fr"
    months = report.model.months
    with_top = any(m.top_description is not None for m in months)
    columns = (*CSV_COLUMNS, "top_description") if with_top else CSV_COLUMNS
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";" if french else ",", lineterminator="\n")
        writer.writerow(message(f"report.csv.{c}", report.lang) for c in columns)
        for m in months:
            values = dataclasses.asdict(m) | {"client": report.model.client}
            if m.days is None:  # a full month: all its days count
                values["days"] = calendar.monthrange(m.month.year, m.month.month)[1]
            writer.writerow(_cell(values[c], decimal_comma=french) for c in columns)
    return out


# -- SVG -------------------------------------------------------------------------------------


def _spec(chart: alt.TopLevelMixin, lang: Lang | None = None) -> dict[str, Any]:
    """The chart's spec as vl-convert draws it (themed and localised, no host named; in
    ``lang``, by default the chart's own)."""
    spec = chart_spec(chart, lang=lang)
    spec.pop("$schema", None)
    return spec


def chart_svg(chart: alt.TopLevelMixin, lang: Lang) -> str:
    """The chart as SVG markup (vl-convert, themed and localised, no host named)."""
    return draw_here(Job(_spec(chart, lang))).svg


def _inline(svg: str, prefix: str) -> str:
    """An SVG ready to sit in a page beside others: its ids made unique, no XML header."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    return re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)


@dataclass(frozen=True)
class _Charts:
    """The report's charts drawn: per name, the page and phone SVG, and the page PNG."""

    svgs: dict[str, tuple[str, str]]
    pngs: dict[str, bytes]


_PNG_SCALE: Final = 2


def _jobs(chart: ReportChart, *, png: bool = True) -> tuple[Job, Job]:
    """What to draw for a chart: the page one (with its PNG), then the phone one."""
    page, phone = chart.specs
    return Job(page, _PNG_SCALE if png else None), Job(phone)


def _draw(report: Report, drawer: Drawer | None = None, *, png: bool = False) -> _Charts:
    """Draw every chart of ``report`` for the page and the phone (and the page one as
    PNG), with ``drawer``'s workers or, without one, in this process."""
    jobs = [job for c in report.charts for job in _jobs(c, png=png)]
    if drawer is None:
        with Drawer(workers=0) as here:
            drawn = here.draw(jobs)
    else:
        drawn = drawer.draw(jobs)
    names = [c.name for c in report.charts]
    pages, phones = drawn[0::2], drawn[1::2]
    return _Charts(
        svgs={n: (a.svg, b.svg) for n, a, b in zip(names, pages, phones, strict=True)},
        pngs={n: a.png for n, a in zip(names, pages, strict=True) if a.png is not None},
    )


def _css() -> str:
    return render(
        "report.css.j2",
        font=Markup(FONT),
        ink=INK,
        muted=MUTED,
        water=WATER,
        waterline=WATERLINE,
        visible=KIND_COLORS["visible"],
        hidden=KIND_COLORS["hidden"],
        wait=KIND_COLORS["wait"],
        evening=CATEGORY_COLORS["evening"],
    )


def report_html(report: Report, svgs: dict[str, tuple[str, str]] | None = None) -> str:
    """The report as one self-contained HTML page: static inline SVG charts, no script.

    Parameters
    ----------
    report
        From `build_report`.
    svgs
        The charts' SVG (page, phone) by name, when already drawn (`write_report`).
    """
    drawn = svgs if svgs is not None else _draw(report).svgs
    charts = {
        c.name: {
            "page": Markup(_inline(drawn[c.name][0], f"c{i}p")),
            "phone": Markup(_inline(drawn[c.name][1], f"c{i}m")),
        }
        for i, c in enumerate(report.charts, start=1)
    }
    return render("report.html.j2", css=Markup(_css()), t=report.texts, charts=charts)


# -- PDF --------------------------------------------------------------------------------------

#: Where the section partials go in ``report.typ``.
_SECTIONS_MARK: Final = "// SECTIONS:"


@functools.cache
def _typst_source() -> bytes:
    """``report.typ`` with every section partial (``sections/*.typ``) and the table of
    them put in: the PDF renders the model's sections in its order, as the page does."""
    folder = resources.files("cmtime.outputs").joinpath("templates")
    main = folder.joinpath("report.typ").read_text(encoding="utf-8")
    parts = sorted(
        (p for p in folder.joinpath("sections").iterdir() if p.name.endswith(".typ")),
        key=lambda p: (not p.name.startswith("_"), p.name),
    )
    names = [p.name.removesuffix(".typ") for p in parts if not p.name.startswith("_")]
    table = "#let sections = (" + ", ".join(f"{n}: section-{n}" for n in names) + ",)"
    body = "\n".join(p.read_text(encoding="utf-8") for p in parts) + "\n" + table + "\n"
    head, mark, tail = main.partition(_SECTIONS_MARK)
    if not mark:
        msg = f"report.typ has no {_SECTIONS_MARK!r} line for the section partials"
        raise RuntimeError(msg)
    return (head + body + tail.partition("\n")[2]).encode("utf-8")


def report_pdf(report: Report, folder: Path) -> bytes:
    """The report as an A4 PDF (Typst), from the page SVGs already written in ``folder``.

    Fonts are embedded; nothing is fetched. The texts travel to Typst as JSON data, never
    as markup, so no client text can change the layout.
    """
    context = dataclasses.asdict(report.texts)
    context["colors"] = {
        "ink": INK,
        "muted": MUTED,
        "visible": KIND_COLORS["visible"],
        "hidden": KIND_COLORS["hidden"],
        "wait": KIND_COLORS["wait"],
        "evening": CATEGORY_COLORS["evening"],
        "water": WATER,
    }
    from cmtime.outputs.typst_safe import compile_pdf, prepare  # texts bounded for Typst

    return compile_pdf(_typst_source(), root=str(folder), data=prepare(context, report.lang), client=report.client)


# -- writing ------------------------------------------------------------------------------


def _check_out(out: Path) -> None:
    if out.is_symlink():
        return  # replaced by the rename, never followed
    if out.exists() and not out.is_dir():
        msg = f"--out {out} is a file, not a folder: choose a folder for the report"
        raise ShareOutputError(msg)


def _publish(staging: Path, out: Path) -> None:
    """Move the staged files into ``out``: each one renamed over what is there (a symlink
    is replaced, never followed); a missing or symlinked ``out`` is the staging folder
    renamed whole. When another report is written to the same ``out`` at the same time,
    the folder it made first gets the files one by one."""
    if out.is_symlink():
        out.unlink()
    if not out.exists():
        staging.chmod(0o755)
        try:
            staging.rename(out)
            return
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not out.is_dir():
                raise
    for path in sorted(staging.iterdir()):
        target = out / path.name
        if target.is_dir() and not target.is_symlink():
            msg = f"{target} is a folder: remove it or choose another --out"
            raise ShareOutputError(msg)
        path.replace(target)  # replaces a symlink itself, not what it points to
    staging.rmdir()


def write_report(
    report: Report, out_dir: str | Path, *, pdf: bool = True, drawer: Drawer | None = None
) -> list[Path]:
    """Write ``report.html``, ``report.pdf``, each chart as PNG (scale 2) and SVG, and
    ``summary.csv``, all at once.

    Everything is written into a temporary folder beside ``out_dir``, then moved in: a
    failure leaves nothing half-written, a symlink in the way is replaced (never followed),
    and files of other names in ``out_dir`` are left alone. File names are neutral
    (``iceberg.png``, never a client's name).

    Parameters
    ----------
    report
        From `build_report`.
    out_dir
        Folder to write into; created if missing.
    pdf
        Write ``report.pdf`` too.
    drawer
        Draws the charts in vl-convert worker processes, started ahead by the caller
        (``cmtime share`` starts them before it reads the logs); without one, the charts
        are drawn in this process.

    Returns
    -------
    list[Path]
        The files written: the page first, then the PDF, the charts, then the CSV.

    Raises
    ------
    ShareOutputError
        When ``out_dir`` is an existing file.
    """
    out = Path(out_dir)
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clear_stale(out)  # what a killed run left beside out
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out), suffix=".tmp", dir=out.parent))
    try:
        drawn = _draw(report, drawer, png=True)
        names = [_PAGE]
        (staging / _PAGE).write_text(report_html(report, drawn.svgs), encoding="utf-8")
        charts: list[str] = []
        for name, (svg, _) in drawn.svgs.items():
            (staging / f"{name}.svg").write_text(svg, encoding="utf-8")
            (staging / f"{name}.png").write_bytes(drawn.pngs[name])
            charts += [f"{name}.png", f"{name}.svg"]
        if pdf:
            (staging / _PDF).write_bytes(report_pdf(report, staging))
            names.append(_PDF)
        names += charts
        write_summary_csv(report, staging / _CSV)
        names.append(_CSV)
        claim(out, staging, [p.name for p in staging.iterdir()])  # never over the user's files
        for path in staging.iterdir():
            path.chmod(0o644)
        _publish(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return [out / n for n in names]


def section_html(report: Report, name: str, *, height: int = 520) -> str:
    """One section of the report as the client reads it, for a notebook: the page's own
    partial and styles, in a frame of its own so that they stay apart from the notebook's."""
    view = next((v for v in report.texts.sections if v.name == name), None)
    if view is None:
        msg = f"the report has no section {name!r}: it has {[v.name for v in report.texts.sections]}"
        raise KeyError(msg)
    drawn = _draw(report).svgs if isinstance(view, MonthsView | ChartView) and view.chart else {}
    charts = {n: {"page": Markup(_inline(p, "s")), "phone": Markup(_inline(m, "m"))} for n, (p, m) in drawn.items()}
    page = render("report_section.html.j2", css=Markup(_css()), t=report.texts, s=view, charts=charts)
    return render("frame.html.j2", page=page, height=height, title=report.texts.page_title)
