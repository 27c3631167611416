"""The renewal proposal in words: current and suggested fee, change, and the evidence.

Figures come from `cmtime.analysis.pricing.period_pricing` (typed by
`cmtime.analysis.report.pricing_figures`); the sentences from the one evidence builder,
`cmtime.text.sections.evidence_lines`, in the freelancer's words. The HTML is the outputs' job
(`cmtime.outputs.page.proposal_html`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from cmtime.analysis.metrics import Period
from cmtime.analysis.report import pricing_figures
from cmtime.config import Config
from cmtime.text.format import date_text
from cmtime.text.labels import Lang, check_lang, label, money
from cmtime.text.report import signed_percent
from cmtime.text.sections import evidence_lines

__all__ = ["RenewalProposal", "proposal_from_row"]


# -- the renewal proposal -------------------------------------------------------------------


@dataclass(frozen=True)
class RenewalProposal:
    """A client's renewal: current and suggested monthly fee, and the figures behind them.

    Amounts are unrounded (the suggested fee is already a whole price); ``evidence``
    holds the sentences in ``lang``, one per figure that exists, and ``notes`` what the
    user should check (no contract, unknown team costs).
    """

    client: str
    period: Period
    lang: Lang
    currency: str
    target_rate: float
    offhours_premium: float
    current_fee: float | None
    suggested_fee: float | None
    #: change from the current to the suggested fee, in percent (+25.0 for +25 %)
    change_pct: float | None
    fee: float | None
    effort_h: float
    visible_h: float
    effective_rate: float | None
    perceived_rate: float | None
    hidden_share: float | None
    offhours_share: float | None
    median_wait_h: float | None
    median_effort_h: float | None
    cost: float | None
    margin: float | None
    evidence: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def rows(self) -> list[tuple[str, str]]:
        """The headline figures as (label, formatted value) pairs, in ``lang``."""
        lang = self.lang
        start, end = self.period.start, self.period.end
        return [
            (label("proposal.period", lang), f"{date_text(start, lang)} \u2013 {date_text(end, lang)}"),
            (label("proposal.current", lang), money(self.current_fee, self.currency, lang)),
            (label("proposal.suggested", lang), money(self.suggested_fee, self.currency, lang)),
            (label("proposal.change", lang), signed_percent(self.change_pct, lang)),
        ]


def proposal_from_row(
    row: Mapping[str, object],
    *,
    config: Config,
    period: Period,
    lang: Lang | None = None,
    median_wait_h: float | None = None,
) -> RenewalProposal:
    """Build the proposal from one row of `period_pricing` (no aggregation: fast).

    Parameters
    ----------
    row
        One row of `period_pricing`, as a dict.
    config
        For the currency and the default language.
    period
        The period the row covers.
    lang
        Language of the sentences; by default ``config.language``.
    median_wait_h
        Replaces the row's ``wait_median_h`` when given.
    """
    lang = check_lang(lang or config.language)
    f = pricing_figures(row)
    if median_wait_h is not None:
        f = dataclasses.replace(f, wait_median_h=median_wait_h)
    notes: list[str] = []
    if f.monthly_fee is None:
        notes.append(label("note.no_contract", lang))
    if not f.effort_h:
        notes.append(label("note.no_effort", lang))
    if f.unknown_people:
        notes.append(label("note.unknown_cost", lang).format(people=", ".join(f.unknown_people)))
    return RenewalProposal(
        client=f.client if f.client is not None else label("no_client", lang),
        period=period,
        lang=lang,
        currency=config.currency,
        target_rate=f.target_rate,
        offhours_premium=f.offhours_premium,
        current_fee=f.monthly_fee,
        suggested_fee=f.suggested_fee,
        change_pct=f.change_pct,
        fee=f.fee,
        effort_h=f.effort_h,
        visible_h=f.visible_h,
        effective_rate=f.effective_rate,
        perceived_rate=f.perceived_rate,
        hidden_share=f.hidden_share,
        offhours_share=f.offhours_share,
        median_wait_h=f.wait_median_h,
        median_effort_h=f.median_effort_h,
        cost=f.cost,
        margin=f.margin,
        evidence=evidence_lines(f, lang=lang, currency=config.currency, audience="freelancer"),
        notes=tuple(notes),
    )
