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
import math
from dataclasses import dataclass
from typing import Literal

from cmtime.analysis.report import (
    ActivitiesSection,
    DelayTerm,
    DescriptionsSection,
    FrameSection,
    Headline,
    MonthsSection,
    OffhoursSection,
    PricingFigures,
    ProposalSection,
    ReportModel,
    Section,
    StatementSection,
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
    "private_lines",
    "proposal_view",
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
    #: the months summed (exactly, then formatted once): the headline's hours
    total: MonthLine
    #: what the hours hold besides the visible and hidden ones (unclassified work)
    table_note: str = ""


@dataclass(frozen=True)
class ChartView:
    """A section shown as one chart (``chart`` is its file stem), or as ``empty`` when
    there is nothing to draw."""

    name: str
    chart: str | None
    heading: str
    empty: str = ""
    #: a sentence under the chart (waits that ran past the period's end)
    note: str = ""


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
    #: the three options' introduction, or what stands instead of them (the fee already
    #: covers the work, the period is too short)
    intro: str
    options: tuple[OptionView, ...]
    #: the typical month worked out, line by line (hours × rate = amount … total)
    calc_title: str
    calc: tuple[str, ...]
    #: how the typical month is counted
    typical: str
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


@dataclass(frozen=True)
class FrameView:
    """The frame of the mission: one neutral sentence per term agreed and measured."""

    name: str
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class StatementView:
    """The monthly statement's hours: the month's work against the retainer, in sentences."""

    name: str
    title: str
    lines: tuple[str, ...]


SectionView = HeadlineView | MonthsView | ChartView | FrameView | StatementView | ProposalView | DescriptionsView


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
    statement = model.kind == "statement"
    title = text("statement.title" if statement else "title", lang)
    period = (
        month_name(model.period.start, lang)
        if statement
        else period_text(model.period.start, model.period.end, lang)
    )
    return ReportTexts(
        lang=lang,
        brand=model.brand,
        title=title,
        page_title=f"{title} — {model.client}",
        client=text("client", lang).format(client=model.client),
        period=period,
        intro=text("statement.intro" if statement else "intro", lang, voice=model.voice),
        footer=f"{model.brand} · {footer}" if model.brand else footer,
        sections=tuple(section_view(s, ctx) for s in model.sections),
    )


def proposal_view(model: ReportModel, lang: Lang) -> ProposalView | None:
    """The report's proposal section in words, as the report writes it (None without one):
    what the notebooks and the dashboard show a freelancer preparing a renewal."""
    found = model.section(ProposalSection)
    return _proposal(found, Ctx(lang, model.voice, model.currency)) if found is not None else None


@functools.singledispatch
def section_view(section: Section, ctx: Ctx) -> SectionView:  # noqa: ARG001
    """The texts of one section (one function per section type, registered below)."""
    msg = f"no view for report section {type(section).__name__}: register one in cmtime.text.sections"
    raise TypeError(msg)


@section_view.register
def _headline(s: Headline, ctx: Ctx) -> HeadlineView:
    lang = ctx.lang
    median = s.wait_median_h
    kpis: tuple[Kpi, ...] = (
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
                text("kpi.offhours_note", lang).format(
                    hours=hours(s.offhours_h, lang), total=hours(s.effort_h, lang)
                ),
            ),
    )
    if s.waits and median is not None:  # nothing is said about waits without a measured one
        kpis += (
            Kpi(
                "wait",
                wait_text(median, lang),
                text("kpi.wait", lang),
                text("kpi.wait_note", lang, count=s.waits).format(waits=s.waits),
            ),
        )
    return HeadlineView(s.name, kpis)


@section_view.register
def _months(s: MonthsSection, ctx: Ctx) -> MonthsView:
    lang = ctx.lang
    visible = math.fsum(r.visible_h for r in s.rows)
    hidden = math.fsum(r.hidden_h for r in s.rows)
    unclassified = math.fsum(r.unclassified_h for r in s.rows)
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
        total=MonthLine(
            month=text("field.total", lang),
            hours=hours(math.fsum(r.effort_h for r in s.rows), lang),
            visible=hours(visible, lang),
            hidden=hours(hidden, lang),
            share=percent(hidden / (visible + hidden) if visible + hidden > 0 else None, lang),
        ),
        table_note=text("months.unclassified", lang).format(hours=hours(unclassified, lang)) if unclassified >= 1 / 60 else "",
    )


@section_view.register
def _activities(s: ActivitiesSection, ctx: Ctx) -> ChartView:
    return ChartView(s.name, chart="activity", heading=text("chart.activity.title", ctx.lang))


@section_view.register
def _waits(s: WaitsSection, ctx: Ctx) -> ChartView:
    heading = text("chart.waits.title", ctx.lang)
    if not s.items:  # nothing measured, nothing said (DESIGN.md)
        return ChartView(s.name, chart=None, heading=heading)
    note = ""
    if s.past_end and s.end is not None:
        note = text("waits.past_end", ctx.lang, count=s.past_end).format(
            n=s.past_end, date=long_date(s.end, ctx.lang)
        )
    return ChartView(s.name, chart="waits", heading=heading, note=note)


def _workdays(n: int, lang: Lang) -> str:
    return text("frame.workdays", lang, count=n).format(n=number(n, lang, 0))


def _delay_line(key: str, d: DelayTerm, lang: Lang) -> str:
    fields = {
        "late": number(d.late, lang, 0),
        "total": number(d.count, lang, 0),
        "sla": number(d.sla_days, lang, 0),
        "days": _workdays(d.sla_days, lang),
        "beyond": _workdays(d.days_beyond, lang),
    }
    if d.late == 0:
        return text(f"frame.{key}_on_time", lang, count=d.count).format(**fields)
    return text(f"frame.{key}", lang, count=d.late).format(**fields)


@section_view.register
def _frame(s: FrameSection, ctx: Ctx) -> FrameView:
    lang = ctx.lang
    lines: list[str] = []
    if s.included_h is not None:
        months = ", ".join(
            text("frame.hours_month", lang).format(hours=hours(h, lang), month=month_text(m, lang, with_year=True, full=True))
            for m, h in s.over
        )
        if len(s.over) > 3:  # a long period: how many months, and the hours in all
            lines.append(
                text("frame.hours_over_many", lang).format(
                    included=hours(s.included_h, lang),
                    over=number(len(s.over), lang, 0),
                    months=number(s.months, lang, 0),
                    hours=hours(math.fsum(h for _, h in s.over), lang),
                )
            )
        else:
            key = "frame.hours_over" if s.over else "frame.hours_within"
            lines.append(text(key, lang).format(included=hours(s.included_h, lang), months=months))
    if s.validations is not None:
        lines.append(_delay_line("validations", s.validations, lang))
    if s.assets is not None:
        lines.append(_delay_line("assets", s.assets, lang))
    if s.rounds_included is not None:
        if s.over_items:
            lines.append(
                text("frame.rounds_over", lang, count=s.over_items).format(
                    items=number(s.over_items, lang, 0),
                    revised=number(s.revised, lang, 0),
                    included=number(s.rounds_included, lang, 0),
                    rounds=text("frame.rounds", lang, count=s.rounds_included).format(n=number(s.rounds_included, lang, 0)),
                    over=text("frame.more_rounds", lang, count=s.over_rounds).format(n=number(s.over_rounds, lang, 0)),
                )
            )
        else:
            lines.append(
                text("frame.rounds_within", lang, count=s.revised).format(
                    revised=number(s.revised, lang, 0), included=number(s.rounds_included, lang, 0)
                )
            )
    if s.lost_h > 0:
        lines.append(text("frame.lost", lang).format(hours=hours(s.lost_h, lang)))
    return FrameView(s.name, title=text("section.frame", lang), lines=tuple(lines))


@section_view.register
def _statement(s: StatementSection, ctx: Ctx) -> StatementView:
    lang, r = ctx.lang, s.row
    lines = [
        text("statement.used", lang).format(
            used=hours(r.effort_h, lang), visible=hours(r.visible_h, lang), hidden=hours(r.hidden_h, lang)
        )
    ]
    if s.included_h is not None:
        carried = s.carried_in_h or 0.0
        key = "statement.included_carried" if carried > 0 else "statement.included"
        lines.append(text(key, lang).format(included=hours(s.included_h, lang), carried=hours(carried, lang)))
        if s.over_h:
            lines.append(text("statement.over", lang).format(over=hours(s.over_h, lang)))
        else:
            left = s.included_h + carried - r.effort_h
            lines.append(text("statement.left", lang).format(left=hours(max(left, 0.0), lang)))
        if s.pace_h is not None:
            lines.append(
                text("statement.pace", lang).format(
                    pace=hours(s.pace_h, lang), included=hours(s.included_h + carried, lang)
                )
            )
    return StatementView(s.name, title=text("section.statement", lang), lines=tuple(lines))


@section_view.register
def _offhours(s: OffhoursSection, ctx: Ctx) -> ChartView:
    return ChartView(s.name, chart="offhours", heading=text("chart.offhours.title", ctx.lang, voice=ctx.voice))


def _calc(s: ProposalSection, lang: Lang, cur: str) -> tuple[str, ...]:
    """The typical month worked out: its hours × the rate, its off-hours × the rate × the
    premium, and their total rounded once: the fair fee."""
    f = s.figures
    if s.work_amount is None or f.typical_effort_h is None or f.suggested_fee is None:
        return ()
    per_hour = rate(f.target_rate, cur, lang)
    lines = [
        text("calc.work", lang).format(
            hours=hours(f.typical_effort_h, lang), rate=per_hour, amount=money(s.work_amount, cur, lang, 2)
        )
    ]
    for part in f.premium_parts():
        amount = money(part.amount, cur, lang, 2)
        if part.window is None:
            line = text("calc.premium", lang).format(
                hours=hours(part.hours, lang), rate=per_hour, premium=premium_percent(part.premium, lang), amount=amount
            )
        else:
            line = text("calc.premium_window", lang).format(
                hours=hours(part.hours, lang),
                window=text(f"window.{part.window}", lang),
                rate=per_hour,
                premium=premium_percent(part.premium, lang),
                amount=amount,
            )
        lines.append(line)
    lines.append(text("calc.total", lang).format(fee=money(f.suggested_fee, cur, lang)))
    return tuple(lines)


@section_view.register
def _proposal(s: ProposalSection, ctx: Ctx) -> ProposalView:
    lang, cur, voice = ctx.lang, ctx.currency, ctx.voice
    f, o, state = s.figures, s.options, s.state
    options: tuple[OptionView, ...] = ()
    parts = f.premium_parts()
    if state == "rise" and o is not None:
        target = rate(o.target_rate, cur, lang)
        if not parts:
            why = text("option.fair.why", lang, voice=voice).format(target=target)
        elif f.by_window:
            why = text("option.fair.why_premiums", lang, voice=voice).format(
                target=target, premiums=premium_list(f, lang)
            )
        else:
            why = text("option.fair.why_premium", lang, voice=voice).format(
                target=target, premium=premium_percent(f.premium, lang)
            )
        options = (
            OptionView(
                text("option.fair.title", lang),
                (
                    text("option.fair.figure", lang).format(
                        fee=money(o.fair_fee, cur, lang), change=signed_percent(o.fair_change, lang)
                    ),
                ),
                why,
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
                    text("option.staged.figure", lang).format(n=i, fee=money(fee, cur, lang))
                    for i, fee in enumerate(o.steps, start=1)
                ),
                text("option.staged.why", lang).format(step=money(o.step, cur, lang)),
            ),
        )
    current = f.monthly_fee
    if state == "rise":
        intro = text("proposal.intro", lang, voice=voice)
    elif state == "covered" and current is not None and f.suggested_fee is not None:
        intro = text("proposal.covered", lang, voice=voice).format(
            fair=money(f.suggested_fee, cur, lang), target=rate(f.target_rate, cur, lang), fee=money(current, cur, lang)
        )
    elif state == "too_short":
        intro = text("proposal.too_short", lang).format(days=f.contract_days)
    else:
        intro = ""
    calc = _calc(s, lang, cur) if state in ("rise", "covered") else ()
    typical = ""
    if calc and f.typical == "median":
        typical = text("typical.median", lang)
    elif calc and f.typical == "per_day":
        typical = text("typical.per_day", lang).format(days=f.contract_days)
    return ProposalView(
        s.name,
        title=text("section.proposal", lang),
        current=text("proposal.current", lang).format(fee=money(current, cur, lang)) if current else "",
        intro=intro,
        options=options,
        calc_title=text("calc.title", lang),
        calc=calc,
        typical=typical,
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
    unclassified = f.effort_h - f.visible_h - f.hidden_h
    if f.hidden_share is not None:
        # a share of the classified hours says so when some were left out (one total)
        key = "evidence.hidden_unclassified" if client and unclassified >= 1 / 60 else "evidence.hidden"
        out.append(
            say(key).format(
                share=percent(f.hidden_share, lang),
                hidden=hours(f.hidden_h, lang),
                total=hours(f.hidden_h + f.visible_h, lang),
                unclassified=hours(unclassified, lang),
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
        # the client's sentence says "par heure travaillée": the amount, not a rate
        effective = money(f.effective_rate, currency, lang) if client else per_hour(f.effective_rate)
        out.append(say("evidence.rate").format(effective=effective, target=per_hour(f.target_rate)))
    if f.perceived_rate is not None and (client or f.effective_rate is not None):
        effective = per_hour(f.effective_rate) if f.effective_rate is not None else ""
        out.append(say("evidence.perceived").format(perceived=per_hour(f.perceived_rate), effective=effective))
    if f.median_effort_h is not None and f.included_hours is not None:
        out.append(
            say("evidence.included").format(
                effort=hours(f.median_effort_h, lang), included=hours(f.included_hours, lang)
            )
        )
    if f.suggested_fee is not None and not client:  # the report works the fair fee out instead
        sentence = say("evidence.suggested").format(
            fee=money(f.suggested_fee, currency, lang),
            change=signed_percent(f.change_pct, lang),
            target=per_hour(f.target_rate),
        )
        if f.by_window and f.offhours_h > 0 and any(p > 0 for _, p in f.premiums):
            sentence += say("evidence.premiums").format(premiums=premium_list(f, lang))
        elif f.premium > 0 and f.offhours_h > 0:
            sentence += say("evidence.premium").format(premium=premium_percent(f.premium, lang))
        out.append(sentence)
    if client and f.by_window and f.offhours_h > 0 and any(p > 0 for _, p in f.premiums):
        # the agreed premium of each window, named where the off-hours are: the proposal's
        # lines per window multiply by them
        out.append(say("evidence.premiums").format(premiums=premium_list(f, lang)))
    if not client:
        out.extend(private_lines(f, lang=lang, currency=currency))
    return tuple(out)


def premium_percent(p: float, lang: Lang) -> str:
    """A premium in percent with the decimals it needs to be multiplied by again
    (12.5 %, not 13 %: the proposal's lines recompute from what they show)."""
    pct = p * 100
    decimals = next((d for d in (0, 1, 2) if abs(round(pct, d) - pct) < 1e-9), 2)
    return percent(p, lang, decimals)


def premium_list(f: PricingFigures, lang: Lang) -> str:
    """The agreed premiums of the windows that have one: "+25 % en soirée, +50 % la nuit"."""
    return ", ".join(
        text("premium.item", lang).format(premium="+" + premium_percent(p, lang), window=text(f"window.{w}", lang))
        for w, p in f.premiums
        if p > 0
    )


def private_lines(f: PricingFigures, *, lang: Lang, currency: str) -> tuple[str, ...]:
    """The freelancer's own figures about one client, never for the client's eyes: the
    margin the fee leaves and what the team's hours cost (part of the freelancer's
    `evidence_lines`, never of the client's)."""
    if f.margin is None or f.cost is None:
        return ()
    return (
        label("evidence.margin", lang).format(
            margin=money(f.margin, currency, lang), cost=money(f.cost, currency, lang)
        ),
    )


def month_label(first: dt.date, lang: Lang, *, days: int | None, one_year: bool) -> str:
    """A month on a chart axis: short, a partial month marked with ``*``."""
    name = month_text(first, lang) if one_year else month_name(first, lang, short=True)
    return name + ("*" if days is not None else "")
