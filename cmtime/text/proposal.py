"""The renewal proposal in words: current and suggested fee, change, and the evidence.

Figures come from `cmtime.analysis.pricing.period_pricing`; this module only turns one
of its rows into sentences in the chosen language. The HTML is the outputs' job
(`cmtime.outputs.page.proposal_html`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from cmtime.analysis.metrics import Period
from cmtime.analysis.pricing import PricingRow, as_lazy, period_pricing, pricing_row
from cmtime.analysis.scope import resolve_client
from cmtime.config import Config
from cmtime.text.format import date_text
from cmtime.text.labels import (
    Lang,
    check_lang,
    hours,
    label,
    money,
    money_rate,
    number,
    percent,
)

__all__ = ["RenewalProposal", "evidence_sentences", "proposal_from_row", "renewal_proposal", "signed_percent"]


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


def signed_percent(value_pct: float | None, lang: Lang) -> str:
    """A change in percent with its sign: ``+25 %`` (fr), ``-3%`` (en); None gives ``"—"``.

    >>> signed_percent(178.6, "en")
    '+179%'
    """
    text = percent(None if value_pct is None else value_pct / 100.0, lang)
    return f"+{text}" if value_pct is not None and round(value_pct) > 0 else text


def _days(value_h: float, lang: Lang) -> str:
    """A wait for people: days with one decimal from a day on, else hours."""
    if value_h < 24:
        return hours(value_h, lang)
    n = value_h / 24
    text = number(n, lang, 1)
    return label("wait.days_long", lang, count=round(n, 1)).format(n=text)


def _present(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def evidence_sentences(row: Mapping[str, object], *, currency: str, lang: Lang) -> tuple[str, ...]:
    """The evidence sentences for one row of `period_pricing`, skipping missing figures.

    Parameters
    ----------
    row
        A row of `period_pricing` as a dict (``median_wait_h`` may replace
        ``wait_median_h``).
    currency
        ISO code for the amounts.
    lang
        ``"fr"`` or ``"en"``.
    """
    lang = check_lang(lang)
    out: list[str] = []

    def get(key: str) -> float | None:
        x = row.get(key)
        return float(x) if isinstance(x, int | float) and _present(x) else None

    def rate(x: float) -> str:
        return money_rate(x, currency, lang)

    share, hidden, visible = get("hidden_share"), get("hidden_h"), get("visible_h")
    if share is not None and hidden is not None and visible is not None:
        out.append(
            label("evidence.hidden", lang).format(
                share=percent(share, lang),
                hidden=hours(hidden, lang),
                total=hours(hidden + visible, lang),
            )
        )
    wait = get("median_wait_h") if "median_wait_h" in row else get("wait_median_h")
    if wait is not None:
        waits = int(get("waits") or 0)
        out.append(label("evidence.wait", lang, count=waits).format(wait=_days(wait, lang), waits=waits))
    off, off_share = get("offhours_h"), get("offhours_share")
    if off is not None and off_share is not None and off > 0:
        out.append(
            label("evidence.offhours", lang).format(
                share=percent(off_share, lang), hours=hours(off, lang)
            )
        )
    effective, target = get("effective_rate"), get("target_rate")
    if effective is not None and target is not None:
        out.append(
            label("evidence.rate", lang).format(effective=rate(effective), target=rate(target))
        )
    perceived = get("perceived_rate")
    if perceived is not None and effective is not None:
        out.append(
            label("evidence.perceived", lang).format(
                perceived=rate(perceived), effective=rate(effective)
            )
        )
    median_effort, included = get("median_effort_h"), get("included_hours")
    if median_effort is not None and included is not None:
        out.append(
            label("evidence.included", lang).format(
                effort=hours(median_effort, lang), included=hours(included, lang)
            )
        )
    suggested = get("suggested_fee")
    if suggested is not None and target is not None:
        text = label("evidence.suggested", lang).format(
            fee=money(suggested, currency, lang),
            change=signed_percent(get("change_pct"), lang),
            target=rate(target),
        )
        premium = get("offhours_premium")
        if premium is not None and premium > 0 and off is not None and off > 0:
            text += label("evidence.premium", lang).format(premium=percent(premium, lang))
        out.append(text)
    margin, cost = get("margin"), get("cost")
    if margin is not None and cost is not None:
        out.append(
            label("evidence.margin", lang).format(
                margin=money(margin, currency, lang), cost=money(cost, currency, lang)
            )
        )
    return tuple(out)


def renewal_proposal(
    lf: pl.LazyFrame | pl.DataFrame,
    *,
    config: Config,
    period: Period,
    client: str,
    lang: Lang | None = None,
    target_rate: float | None = None,
    premium: float | None = None,
    median_wait_h: float | None = None,
) -> RenewalProposal:
    """The renewal proposal for one client: current fee, suggested fee, change, evidence.

    Parameters
    ----------
    lf
        Output of `cmtime.analysis.pipeline.analyse`.
    config
        Contracts, target rate, currency, language.
    period
        Inclusive local dates the figures cover.
    client
        The client's name or one of its aliases.
    lang
        Language of the sentences; by default ``config.language``.
    target_rate, premium
        Override the config, as in `period_pricing`.
    median_wait_h
        A median wait computed elsewhere (e.g. `cmtime.analysis.metrics.summary` with a ledger);
        by default the median of the client's ``wait`` rows in the period.

    Raises
    ------
    ValueError
        When the client is neither in the config nor in the entries of the period.
    """
    lang = check_lang(lang or config.language)
    written = as_lazy(lf).select(pl.col("client").drop_nulls().unique()).collect().to_series()
    name = resolve_client(config, client, written.to_list())
    row = (
        period_pricing(
            as_lazy(lf).filter(pl.col("client") == name),
            config=config,
            period=period,
            target_rate=target_rate,
            premium=premium,
        ).collect()
    )
    r = pricing_row(row, name)
    if r is None:
        msg = f"no client {client!r} in the config or in the entries from {period.start} to {period.end}"
        raise ValueError(msg)
    return proposal_from_row(
        r, config=config, period=period, lang=lang, median_wait_h=median_wait_h
    )


def proposal_from_row(
    row: PricingRow,
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
    r: PricingRow = row if median_wait_h is None else {**row, "wait_median_h": median_wait_h}
    notes: list[str] = []
    if r["monthly_fee"] is None:
        notes.append(label("note.no_contract", lang))
    if not r["effort_h"]:
        notes.append(label("note.no_effort", lang))
    if r["unknown_people"]:
        people = ", ".join(r["unknown_people"])
        notes.append(label("note.unknown_cost", lang).format(people=people))
    return RenewalProposal(
        client=r["client"] if r["client"] is not None else label("no_client", lang),
        period=period,
        lang=lang,
        currency=config.currency,
        target_rate=float(r["target_rate"]),
        offhours_premium=float(r["offhours_premium"]),
        current_fee=r["monthly_fee"],
        suggested_fee=r["suggested_fee"],
        change_pct=r["change_pct"],
        fee=r["fee"],
        effort_h=float(r["effort_h"]),
        visible_h=float(r["visible_h"]),
        effective_rate=r["effective_rate"],
        perceived_rate=r["perceived_rate"],
        hidden_share=r["hidden_share"],
        offhours_share=r["offhours_share"],
        median_wait_h=r["wait_median_h"],
        median_effort_h=r["median_effort_h"],
        cost=r["cost"],
        margin=r["margin"],
        evidence=evidence_sentences(r, currency=config.currency, lang=lang),
        notes=tuple(notes),
    )
