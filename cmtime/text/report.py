"""The renewal report's own words: the client reads them.

Kept apart from `cmtime.text.labels`, whose texts talk to the freelancer in the notebooks.
Here "vous" is the client, and "je" (a freelancer) or "nous" (an agency, `Voice`) is the one
who sends the report. Only the neutral vocabulary (kinds, activities, moments of the day,
`SHARED_KEYS`) is borrowed from the labels table; a test checks that no other label
reaches a report. Numbers, money, hours and dates come from `cmtime.text.format` (Babel).
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
    plural_category,
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

_Forms = Mapping[str, str]

#: key -> (fr, en); a key in `_WE` has a "nous" version, one in `_COUNTED` plural forms.
TEXTS: Final[Mapping[str, tuple[str, str]]] = {
    "title": ("Bilan d'activité", "Activity report"),
    "client": ("Client\u00a0: {client}", "Client: {client}"),
    "period": ("du {start} au {end}", "{start} to {end}"),
    "intro": (
        "Ce bilan montre tout le travail que j'ai réalisé pour vous, y compris celui que vous "
        "ne voyez pas, mesuré à partir de mes relevés de temps.",
        "This report shows all the work I did for you, including the part you do not see, "
        "measured from my time records.",
    ),
    "kpi.effort": ("Heures consacrées à votre compte", "Hours spent on your account"),
    "kpi.effort_note": ("dont {visible} visibles pour vous", "{visible} of them visible to you"),
    "kpi.hidden": ("Travail en coulisses", "Work behind the scenes"),
    "kpi.hidden_note": ("{hours} que vous ne voyez pas", "{hours} you do not see"),
    "kpi.offhours": ("Hors horaires de bureau", "Outside office hours"),
    "kpi.offhours_note": ("{hours} tôt, le soir ou le week-end", "{hours} early, late or at weekends"),
    "kpi.wait": ("Votre délai de réponse médian", "Your median response time"),
    "kpi.no_wait": ("aucune attente notée", "no wait recorded"),
    "section.months": ("Mois après mois", "Month by month"),
    "section.descriptions": ("Principales tâches", "Main tasks"),
    "section.proposal": ("Proposition de renouvellement", "Renewal proposal"),
    "no_waits": (
        "Aucune attente enregistrée sur la période\u00a0: merci pour vos réponses rapides\u00a0!",
        "No wait recorded in the period: thank you for your quick answers!",
    ),
    "field.month": ("Mois", "Month"),
    "field.hours": ("Heures", "Hours"),
    "field.visible": ("Visibles", "Visible"),
    "field.hidden": ("En coulisses", "Behind the scenes"),
    "field.hidden_share": ("Part en coulisses", "Share behind the scenes"),
    "field.task": ("Tâche", "Task"),
    "field.activity": ("Activité", "Activity"),
    "footer": ("Rapport généré avec cmtime le {date}", "Report generated with cmtime on {date}"),
    "pdf.shortened": (
        "textes trop longs raccourcis dans ce PDF (…) : {fields}",
        "texts too long for this PDF shortened (…): {fields}",
    ),
    # -- charts
    "chart.iceberg.title": ("Ce que vous voyez, et le reste", "What you see, and the rest"),
    "chart.iceberg.subtitle": (
        "Au-dessus de la ligne, ce que vous voyez\u00a0; en dessous, les coulisses et leur part",
        "Above the line, what you see; below it, the work behind the scenes and its share",
    ),
    "chart.iceberg.partial": ("(*\u00a0: mois incomplet)", "(*: partial month)"),
    "chart.visible": ("visible", "visible"),
    "chart.hidden": ("en coulisses", "behind the scenes"),
    "chart.hours": ("Heures", "Hours"),
    "chart.activity.title": ("Où part le temps", "Where the time goes"),
    "chart.activity.subtitle": (
        "Heures par activité\u00a0; en foncé, ce que vous ne voyez pas",
        "Hours by activity; dark: what you do not see",
    ),
    "chart.waits.title": ("Vos délais de réponse", "Your response times"),
    "chart.waits.axis": ("Jours d'attente", "Days waiting"),
    "chart.waits.asked": ("Demande du", "Asked on"),
    "chart.waits.answered": ("répondu", "answered"),
    "chart.waits.open": ("toujours en attente", "still open"),
    "chart.waits.median": ("médiane {days}", "median {days}"),
    "chart.waits.status": ("État", "Status"),
    "chart.offhours.title": (
        "Quand je travaille pour vous hors horaires",
        "When I work for you outside office hours",
    ),
    "chart.offhours.subtitle": (
        "{hours} sur {total}, par moment de la journée",
        "{hours} of {total}, by time of day",
    ),
    "chart.offhours.none": ("Aucune heure hors horaires", "No hours outside office hours"),
    # -- the proposal
    "proposal.intro": (
        "Pour continuer ensemble, je vous propose trois options\u00a0; à vous de choisir "
        "celle qui vous convient.",
        "To keep working together, I offer you three options; the choice is yours.",
    ),
    "proposal.current": ("Votre forfait actuel\u00a0: {fee} par mois", "Your current fee: {fee} a month"),
    "option.fair.title": ("Le juste prix, le même travail", "The fair fee, the same work"),
    "option.fair.figure": ("{fee} par mois ({change})", "{fee} a month ({change})"),
    "option.fair.why": (
        "Tout ce que je fais aujourd'hui continue, au tarif de {target} sur un mois type.",
        "Everything I do today goes on, at {target} over a typical month.",
    ),
    "option.scope.title": ("Le même forfait, moins de travail", "The same fee, less work"),
    "option.scope.figure": ("{fee} par mois pour {hours} de travail", "{fee} a month for {hours} of work"),
    "option.scope.detail": (
        "dont {visible} visibles et {hidden} en coulisses",
        "{visible} visible and {hidden} behind the scenes",
    ),
    "option.scope.why": (
        "Votre forfait paie {share} du travail d'aujourd'hui\u00a0: nous choisissons ensemble "
        "ce que j'arrête.",
        "Your fee pays for {share} of today's work: we choose together what I stop doing.",
    ),
    "option.staged.figure": ("mois {n}\u00a0: {fee}", "month {n}: {fee}"),
    "option.staged.why": (
        "Le forfait monte de {step} par mois jusqu'au juste prix, le temps de l'inscrire à "
        "votre budget.",
        "The fee rises by {step} a month up to the fair fee, so your budget can follow.",
    ),
    "proposal.evidence": ("Sur quoi reposent ces chiffres", "What these figures rest on"),
    "evidence.hidden": (
        "{share} du travail pour vous se fait en coulisses ({hidden} sur {total}).",
        "{share} of the work for you happens behind the scenes ({hidden} of {total}).",
    ),
    "evidence.offhours": (
        "{share} de mes heures pour vous tombent hors horaires\u00a0: tôt, à midi, le soir, "
        "la nuit ou un jour non travaillé ({hours}).",
        "{share} of my hours for you fall outside office hours: early, at lunch, evenings, "
        "nights or days off ({hours}).",
    ),
    "evidence.rate": (
        "Votre forfait revient à {effective} par heure travaillée, pour un tarif visé de {target}.",
        "Your fee comes to {effective} per hour worked, against a target rate of {target}.",
    ),
    "evidence.perceived": (
        "Rapporté aux seules heures visibles, il semble valoir {perceived}.",
        "Counting only the hours you see, it looks like {perceived}.",
    ),
    "evidence.included": (
        "Un mois type compte {effort} de travail, pour un forfait prévu de {included}.",
        "A typical month takes {effort} of work, for a retainer sold as {included}.",
    ),
    "evidence.typical": (
        "Mois type\u00a0: le mois médian, parmi les mois complets quand il y en a.",
        "Typical month: the median month, among the full months when there are any.",
    ),
}

#: The "nous" (agency) version of the texts that say "je".
_WE: Final[Mapping[str, tuple[str, str]]] = {
    "intro": (
        "Ce bilan montre tout le travail que nous avons réalisé pour vous, y compris celui que "
        "vous ne voyez pas, mesuré à partir de nos relevés de temps.",
        "This report shows all the work we did for you, including the part you do not see, "
        "measured from our time records.",
    ),
    "chart.offhours.title": (
        "Quand nous travaillons pour vous hors horaires",
        "When we work for you outside office hours",
    ),
    "proposal.intro": (
        "Pour continuer ensemble, nous vous proposons trois options\u00a0; à vous de choisir "
        "celle qui vous convient.",
        "To keep working together, we offer you three options; the choice is yours.",
    ),
    "option.fair.why": (
        "Tout ce que nous faisons aujourd'hui continue, au tarif de {target} sur un mois type.",
        "Everything we do today goes on, at {target} over a typical month.",
    ),
    "option.scope.why": (
        "Votre forfait paie {share} du travail d'aujourd'hui\u00a0: nous choisissons ensemble "
        "ce que nous arrêtons.",
        "Your fee pays for {share} of today's work: we choose together what we stop doing.",
    ),
    "evidence.offhours": (
        "{share} de nos heures pour vous tombent hors horaires\u00a0: tôt, à midi, le soir, "
        "la nuit ou un jour non travaillé ({hours}).",
        "{share} of our hours for you fall outside office hours: early, at lunch, evenings, "
        "nights or days off ({hours}).",
    ),
}

#: Texts that count: (fr forms, en forms) by CLDR plural category (``other`` required).
_COUNTED: Final[Mapping[str, tuple[_Forms, _Forms]]] = {
    "kpi.wait_note": (
        {"one": "sur {waits} demande", "other": "sur {waits} demandes"},
        {"one": "over {waits} request", "other": "over {waits} requests"},
    ),
    "chart.waits.subtitle": (
        {
            "one": "{waits} demande, en jours entre la demande et votre réponse",
            "other": "{waits} demandes, en jours entre la demande et votre réponse",
        },
        {
            "one": "{waits} request, in days from the request to your answer",
            "other": "{waits} requests, in days from the request to your answer",
        },
    ),
    "evidence.wait": (
        {
            "one": "Votre délai de réponse médian\u00a0: {wait} ({waits} demande).",
            "other": "Votre délai de réponse médian\u00a0: {wait} ({waits} demandes).",
        },
        {
            "one": "Your median response time: {wait} ({waits} request).",
            "other": "Your median response time: {wait} ({waits} requests).",
        },
    ),
    "option.staged.title": (
        {"one": "Une hausse en {n} mois", "other": "Une hausse progressive sur {n} mois"},
        {"one": "An increase in {n} month", "other": "A staged increase over {n} months"},
    ),
    "days": ({"one": "{n} jour", "other": "{n} jours"}, {"one": "{n} day", "other": "{n} days"}),
    "days_short": ({"other": "{n}\u00a0j"}, {"other": "{n} d"}),
    "partial_month": (
        {"one": "{month} ({days} jour)", "other": "{month} ({days} jours)"},
        {"one": "{month} ({days} day)", "other": "{month} ({days} days)"},
    ),
}


def text(key: str, lang: Lang, *, count: float | None = None, voice: Voice = "je") -> str:
    """The report's text for ``key`` in ``lang``, in the sender's ``voice``.

    A counted text picks its plural form from ``count``; an unknown key raises `KeyError`
    (the report must never show a key).

    >>> text("kpi.wait_note", "fr", count=1).format(waits=1)
    'sur 1 demande'
    >>> text("intro", "en", voice="nous").split(",")[0]
    'This report shows all the work we did for you'
    """
    i = 0 if check_lang(lang) == "fr" else 1
    if key in _COUNTED:
        forms = _COUNTED[key][i]
        category = plural_category(count, lang) if count is not None else "other"
        return forms.get(category, forms["other"])
    if voice == "nous" and key in _WE:
        return _WE[key][i]
    return TEXTS[key][i]


def all_texts() -> list[str]:
    """Every text of the report in both languages and voices (for tests)."""
    out = [s for pair in (*TEXTS.values(), *_WE.values()) for s in pair]
    out += [s for pair in _COUNTED.values() for forms in pair for s in forms.values()]
    return out


def vocabulary(key: str, lang: Lang) -> str:
    """A kind, activity or moment of the day (the shared vocabulary of `SHARED_KEYS`)."""
    return label(key if key in SHARED_KEYS else "other", lang)


def long_date(day: dt.date, lang: Lang) -> str:
    """``1er mars 2026`` (fr), ``March 1, 2026`` (en)."""
    month = month_text(day, lang, full=True)
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month.lower()} {day.year}"
    return f"{month} {day.day}, {day.year}"


def period_text(start: dt.date, end: dt.date, lang: Lang) -> str:
    """The period in words: ``du 5 janvier 2026 au 31 mars 2026``."""
    return text("period", lang).format(start=long_date(start, lang), end=long_date(end, lang))


def month_name(first: dt.date, lang: Lang, *, days: int | None = None, short: bool = False) -> str:
    """A month for people; a partial month says how many of its days count.

    >>> month_name(dt.date(2026, 1, 1), "fr", days=17)
    'janvier 2026 (17 jours)'
    """
    name = month_text(first, lang, with_year=True, full=not short)
    if days is None:
        return name
    return text("partial_month", lang, count=days).format(month=name, days=days)


def wait_text(value_h: float, lang: Lang) -> str:
    """A wait for people: hours under a day, else days with one decimal."""
    if value_h < 24:
        return hours(value_h, lang)
    n = value_h / 24
    return text("days", lang, count=round(n, 1)).format(n=number(n, lang, 1))


def days_short(n: float, lang: Lang) -> str:
    """``2,5 j`` / ``2.5 d``."""
    return text("days_short", lang).format(n=number(n, lang, 1))


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
