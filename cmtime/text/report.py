"""The renewal report's own words: the client reads them (the catalogs' ``report.*``).

Kept apart from the chart labels, whose texts talk to the freelancer in the notebooks.
Here "vous" is the client, and "je" (a freelancer) or "nous" (an agency, `Voice`, the
messages' ``nous`` context) is the one who sends the report. Only the neutral
vocabulary (kinds, activities, moments of the day, `SHARED_KEYS`) is borrowed from the
labels; a test checks that no other label reaches a report. `text` is a thin wrapper
over `cmtime.text.messages`. Numbers, money, hours and dates come from `cmtime.text.format` (Babel).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

from cmtime.analysis.report import Voice
from cmtime.text.labels import (
    ACTIVITIES,
    KIND_ORDER,
    OFFHOURS,
    Lang,
    check_lang,
    hours,
    label,
    money,
    money_rate,
    month_text,
    number,
    percent,
)
from cmtime.text.messages import (
    Table,
    all_forms,
    format_template,
    languages,
    message,
    template,
)

__all__ = [
    "SHARED_KEYS",
    "TEXTS",
    "Voice",
    "long_date",
    "month_name",
    "period_text",
    "signed_percent",
    "text",
    "vocabulary",
    "wait_text",
]


#: Keys of `cmtime.text.labels` the report may show: the neutral vocabulary.
SHARED_KEYS: Final = frozenset((*ACTIVITIES, *KIND_ORDER, *OFFHOURS))

#: The report's texts, read-only, from the catalogs: ``TEXTS[key][lang]`` (the message
#: ``report.<key>``; a counted text gives its general plural), as `str.format` templates.
TEXTS: Final[Mapping[str, Mapping[str, str]]] = Table("report.")


def text(key: str, lang: Lang, *, count: float | None = None, voice: Voice = "je") -> str:
    """The report's text for ``key`` in ``lang``, in the sender's ``voice``, as a
    `str.format` template (its fields are filled in by the caller).

    A counted text picks its plural form from ``count``; the ``nous`` voice is the
    message's ``nous`` context where it has one; an unknown key raises `KeyError` (the
    report must never show a key).

    >>> text("kpi.wait_note", "fr", count=1).format(waits=1)
    'sur 1 demande'
    >>> text("intro", "en", voice="nous").split(",")[0]
    'This report shows all the work we did for you'
    """
    return template(
        f"report.{key}", check_lang(lang), count=count, context="nous" if voice == "nous" else None
    )


def all_texts() -> list[str]:
    """Every text of the report in every language and voice, as templates (for tests)."""
    return [format_template(t) for lang in languages() for t in all_forms("report.", lang)]


def vocabulary(key: str, lang: Lang) -> str:
    """A kind, activity or moment of the day (the shared vocabulary of `SHARED_KEYS`)."""
    return label(key if key in SHARED_KEYS else "other", lang)


def long_date(day: dt.date, lang: Lang) -> str:
    """``1er mars 2026`` (fr), ``March 1, 2026`` (en): the catalog's ``report.long_date``."""
    return message(
        "report.long_date",
        lang,
        day=message("report.first_day", lang) if day.day == 1 else day.day,
        month=month_text(day, lang, full=True),
        year=day.year,
    )


def period_text(start: dt.date, end: dt.date, lang: Lang) -> str:
    """The period in words: ``du 5 janvier 2026 au 31 mars 2026``."""
    return message("report.period", lang, start=long_date(start, lang), end=long_date(end, lang))


def month_name(first: dt.date, lang: Lang, *, days: int | None = None, short: bool = False) -> str:
    """A month for people; a partial month says how many of its days count.

    >>> month_name(dt.date(2026, 1, 1), "fr", days=17)
    'janvier 2026 (17 jours)'
    """
    name = month_text(first, lang, with_year=True, full=not short)
    if days is None:
        return name
    return message("report.partial_month", lang, count=days, month=name, days=days)


def wait_text(value_h: float, lang: Lang) -> str:
    """A wait for people: hours under a day, else days with one decimal."""
    if value_h < 24:
        return hours(value_h, lang)
    n = value_h / 24
    return message("report.days", lang, count=round(n, 1), n=number(n, lang, 1))


def days_short(n: float, lang: Lang) -> str:
    """``2,5 j`` / ``2.5 d``."""
    return message("report.days_short", lang, n=number(n, lang, 1))


def signed_percent(value_pct: float | None, lang: Lang) -> str:
    """A change in percent with its sign: ``+25 %``."""
    shown = percent(None if value_pct is None else value_pct / 100.0, lang)
    return f"+{shown}" if value_pct is not None and round(value_pct) > 0 else shown


def rate(value: float, currency: str, lang: Lang) -> str:
    """An hourly rate: ``60 €/h``."""
    return money_rate(value, currency, lang)


def fee(value: float, currency: str, lang: Lang) -> str:
    """A fee, rounded to the currency unit."""
    return money(value, currency, lang)
