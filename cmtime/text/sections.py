"""The client report's sections in words: one view per section of the report model.

`cmtime.analysis.report` computes each section's figures; `section_view` turns one into
a frozen view of plain texts (numbers, hours, money and dates formatted for ``lang``, in
the sender's voice). The outputs render each view with one partial per format
(``templates/sections/<name>.html.j2`` and ``.typ``), in the model's order, so the page
and the PDF never disagree on what a figure says. The same module holds the one builder
of the evidence sentences (`evidence_lines`), used by the report, the notebooks and the
dashboard.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Literal

from cmtime.analysis.report import (
    ActivitiesSection,
    DescriptionsSection,
    Headline,
    MonthsSection,
    OffhoursSection,
    PricingFigures,
    ProposalSection,
    ReportModel,
    Section,
    Voice,
    WaitsSection,
)
from cmtime.text.labels import Lang, hours, label, money, money_rate, month_text, number, percent
from cmtime.text.report import (
    long_date,
    month_name,
    period_text,
    rate,
    signed_percent,
    text,
    vocabulary,
    wait_text,
)

__all__ = [
    "Audience",
    "Kpi",
    "ReportTexts",
    "SectionView",
    "evidence_lines",
    "report_texts",
    "section_view",
]

#: Who reads the sentences: the client (the report, "vous") or the freelancer (notebooks).
Audience = Literal["client", "freelancer"]


@dataclass(frozen=True)
class Ctx:
    """What every view needs besides its section."""

    lang: Lang
    voice: Voice
    currency: str


# -- views ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    cls: str
    value: str
    name: str
    note: str


@dataclass(frozen=True)
class HeadlineView:
    name: str
    kpis: tuple[Kpi, ...]


@dataclass(frozen=True)
class MonthLine:
    month: str
    hours: str
    visible: str
    hidden: str
    share: str


@dataclass(frozen=True)
class MonthsView:
    name: str
    chart: str
    heading: str
    title: str
    head: tuple[str, ...]
    rows: tuple[MonthLine, ...]


@dataclass(frozen=True)
class ChartView:
    """A section shown as one chart (``chart`` is its file stem), or as ``empty`` when
    there is nothing to draw."""

    name: str
    chart: str | None
    heading: str
    empty: str = ""


@dataclass(frozen=True)
class OptionView:
    title: str
    figures: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class ProposalView:
    name: str
    title: str
    current: str
    intro: str
    options: tuple[OptionView, ...]
    evidence_title: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class DescriptionLine:
    task: str
    activity: str
    hours: str


@dataclass(frozen=True)
class DescriptionsView:
    name: str
    title: str
    head: tuple[str, ...]
    rows: tuple[DescriptionLine, ...]


SectionView = HeadlineView | MonthsView | ChartView | ProposalView | DescriptionsView


@dataclass(frozen=True)
class ReportTexts:
    """The report's own words around the sections: title, client, period, intro, footer."""

    lang: Lang
    brand: str
    title: str
    page_title: str
    client: str
    period: str
    intro: str
    footer: str
    sections: tuple[SectionView, ...]


def report_texts(model: ReportModel, lang: Lang) -> ReportTexts:
    """Every text of the report, section by section, in ``lang``."""
    ctx = Ctx(lang, model.voice, model.currency)
    footer = text("footer", lang).format(date=long_date(model.generated, lang))
    return ReportTexts(
        lang=lang,
        brand=model.brand,
        title=text("title", lang),
        page_title=f"{text('title', lang)} — {model.client}",
        client=text("client", lang).format(client=model.client),
        period=period_text(model.period.start, model.period.end, lang),
        intro=text("intro", lang, voice=model.voice),
        footer=f"{model.brand} · {footer}" if model.brand else footer,
        sections=tuple(section_view(s, ctx) for s in model.sections),
    )


@functools.singledispatch
def section_view(section: Section, ctx: Ctx) -> SectionView:  # noqa: ARG001
    """The texts of one section (one function per section type, registered below)."""
    msg = f"no view for report section {type(section).__name__}: register one in cmtime.text.sections"
    raise TypeError(msg)


@section_view.register
def _headline(s: Headline, ctx: Ctx) -> HeadlineView:
    lang = ctx.lang
    median = s.wait_median_h
    return HeadlineView(
        s.name,
        (
            Kpi(
                "",
                hours(s.effort_h, lang),
                text("kpi.effort", lang),
                text("kpi.effort_note", lang).format(visible=hours(s.visible_h, lang)),
            ),
            Kpi(
                "hidden",
                percent(s.hidden_share, lang),
                text("kpi.hidden", lang),
                text("kpi.hidden_note", lang).format(hours=hours(s.hidden_h, lang)),
            ),
            Kpi(
                "off",
                percent(s.offhours_share, lang),
                text("kpi.offhours", lang),
                text("kpi.offhours_note", lang).format(hours=hours(s.offhours_h, lang)),
            ),
            Kpi(
                "wait",
                wait_text(median, lang) if median is not None else "—",
                text("kpi.wait", lang),
                text("kpi.wait_note", lang, count=s.waits).format(waits=s.waits)
                if s.waits
                else text("kpi.no_wait", lang),
            ),
        ),
    )


@section_view.register
def _months(s: MonthsSection, ctx: Ctx) -> MonthsView:
    lang = ctx.lang
    return MonthsView(
        s.name,
        chart="iceberg",
        heading=text("chart.iceberg.title", lang),
        title=text("section.months", lang),
        head=tuple(
            text(k, lang)
            for k in ("field.month", "field.hours", "field.visible", "field.hidden", "field.hidden_share")
        ),
        rows=tuple(
            MonthLine(
                month=month_name(r.month, lang, days=r.days),
                hours=hours(r.effort_h, lang),
                visible=hours(r.visible_h, lang),
                hidden=hours(r.hidden_h, lang),
                share=percent(r.hidden_share, lang),
            )
            for r in s.rows
        ),
    )


@section_view.register
def _activities(s: ActivitiesSection, ctx: Ctx) -> ChartView:
    return ChartView(s.name, chart="activity", heading=text("chart.activity.title", ctx.lang))


@section_view.register
def _waits(s: WaitsSection, ctx: Ctx) -> ChartView:
    heading = text("chart.waits.title", ctx.lang)
    if not s.items:
        return ChartView(s.name, chart=None, heading=heading, empty=text("no_waits", ctx.lang))
    return ChartView(s.name, chart="waits", heading=heading)


@section_view.register
def _offhours(s: OffhoursSection, ctx: Ctx) -> ChartView:
    return ChartView(s.name, chart="offhours", heading=text("chart.offhours.title", ctx.lang, voice=ctx.voice))


@section_view.register
def _proposal(s: ProposalSection, ctx: Ctx) -> ProposalView:
    lang, cur, voice = ctx.lang, ctx.currency, ctx.voice
    o = s.options
    options: tuple[OptionView, ...] = ()
    if o is not None:
        options = (
            OptionView(
                text("option.fair.title", lang),
                (
                    text("option.fair.figure", lang).format(
                        fee=money(o.fair_fee, cur, lang), change=signed_percent(o.fair_change, lang)
                    ),
                ),
                text("option.fair.why", lang, voice=voice).format(target=rate(o.target_rate, cur, lang)),
            ),
            OptionView(
                text("option.scope.title", lang),
                (
                    text("option.scope.figure", lang).format(
                        fee=money(o.current_fee, cur, lang), hours=hours(o.included_h, lang)
                    ),
                    text("option.scope.detail", lang).format(
                        visible=hours(o.included_visible_h, lang), hidden=hours(o.included_hidden_h, lang)
                    ),
                ),
                text("option.scope.why", lang, voice=voice).format(share=percent(o.kept_share, lang)),
            ),
            OptionView(
                text("option.staged.title", lang, count=len(o.steps)).format(n=len(o.steps)),
                tuple(
                    text("option.staged.figure", lang).format(n=i, fee=money(f, cur, lang))
                    for i, f in enumerate(o.steps, start=1)
                ),
                text("option.staged.why", lang).format(step=money(o.step, cur, lang)),
            ),
        )
    current = s.figures.monthly_fee
    return ProposalView(
        s.name,
        title=text("section.proposal", lang),
        current=text("proposal.current", lang).format(fee=money(current, cur, lang)) if current else "",
        intro=text("proposal.intro", lang, voice=voice) if options else "",
        options=options,
        evidence_title=text("proposal.evidence", lang),
        evidence=evidence_lines(s.figures, lang=lang, currency=cur, voice=voice, audience="client"),
    )


@section_view.register
def _descriptions(s: DescriptionsSection, ctx: Ctx) -> DescriptionsView:
    lang = ctx.lang
    return DescriptionsView(
        s.name,
        title=text("section.descriptions", lang),
        head=tuple(text(k, lang) for k in ("field.task", "field.activity", "field.hours")),
        rows=tuple(
            DescriptionLine(r.description, vocabulary(r.activity, lang), hours(r.hours, lang)) for r in s.rows
        ),
    )


# -- the evidence -----------------------------------------------------------------------------


def _days(value_h: float, lang: Lang) -> str:
    """A wait for the freelancer: hours under a day, else days with one decimal."""
    if value_h < 24:
        return hours(value_h, lang)
    n = value_h / 24
    return label("wait.days_long", lang, count=round(n, 1)).format(n=number(n, lang, 1))


def evidence_lines(
    f: PricingFigures, *, lang: Lang, currency: str, voice: Voice = "je", audience: Audience
) -> tuple[str, ...]:
    """The figures behind a renewal, one sentence each, skipping the missing ones.

    The one builder of these sentences: the report shows the client's version (its own
    words, in the sender's ``voice``), the notebooks and the dashboard the freelancer's
    (which adds the suggested fee, its premium and the margin).
    """
    client = audience == "client"

    def say(key: str, count: float | None = None) -> str:
        if client:
            return text(key, lang, count=count, voice=voice)
        return label(key, lang, count=count)

    def per_hour(x: float) -> str:
        return money_rate(x, currency, lang)

    out: list[str] = []
    if f.hidden_share is not None:
        out.append(
            say("evidence.hidden").format(
                share=percent(f.hidden_share, lang),
                hidden=hours(f.hidden_h, lang),
                total=hours(f.hidden_h + f.visible_h, lang),
            )
        )
    if f.wait_median_h is not None:
        wait = wait_text(f.wait_median_h, lang) if client else _days(f.wait_median_h, lang)
        out.append(say("evidence.wait", count=f.waits).format(wait=wait, waits=f.waits))
    if f.offhours_h > 0 and f.offhours_share is not None:
        out.append(
            say("evidence.offhours").format(share=percent(f.offhours_share, lang), hours=hours(f.offhours_h, lang))
        )
    if f.effective_rate is not None:
        out.append(say("evidence.rate").format(effective=per_hour(f.effective_rate), target=per_hour(f.target_rate)))
    if f.perceived_rate is not None and (client or f.effective_rate is not None):
        effective = per_hour(f.effective_rate) if f.effective_rate is not None else ""
        out.append(say("evidence.perceived").format(perceived=per_hour(f.perceived_rate), effective=effective))
    if f.median_effort_h is not None and f.included_hours is not None:
        out.append(
            say("evidence.included").format(
                effort=hours(f.median_effort_h, lang), included=hours(f.included_hours, lang)
            )
        )
    if f.suggested_fee is not None:
        if client:
            out.append(say("evidence.typical"))
        else:
            sentence = say("evidence.suggested").format(
                fee=money(f.suggested_fee, currency, lang),
                change=signed_percent(f.change_pct, lang),
                target=per_hour(f.target_rate),
            )
            if f.offhours_premium > 0 and f.offhours_h > 0:
                sentence += say("evidence.premium").format(premium=percent(f.offhours_premium, lang))
            out.append(sentence)
    if not client and f.margin is not None and f.cost is not None:
        out.append(say("evidence.margin").format(margin=money(f.margin, currency, lang), cost=money(f.cost, currency, lang)))
    return tuple(out)


def month_label(first: dt.date, lang: Lang, *, days: int | None, one_year: bool) -> str:
    """A month on a chart axis: short, a partial month marked with ``*``."""
    name = month_text(first, lang) if one_year else month_name(first, lang, short=True)
    return name + ("*" if days is not None else "")
