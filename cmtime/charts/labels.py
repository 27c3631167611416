"""The one translation table (fr, en) for chart and report labels, and number formatting.

Every word a chart or a report shows comes from `LABELS`; charts never hold their own
strings. Keys are the values found in the data (kinds, activities, off-hours categories)
or dotted names for chart texts (``iceberg.title``, ``axis.hours``). Texts with ``{…}``
fields are templates for `str.format`.

Formatting for people (``number``, ``hours``, ``percent``) follows each language's
typography: French uses a comma for decimals, a narrow no-break space (U+202F) between
thousands and before ``%``, and no-break spaces (U+00A0) around ``h`` in durations
(``12 h 30``); English uses ``1,234.5``, ``64%`` and the time-tracker style ``12h 30m``.
The same conventions are handed to Vega through `format_locale` so axes agree with texts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, get_args

Lang = Literal["fr", "en"]
LANGS: Final[tuple[Lang, ...]] = get_args(Lang)

NBSP: Final = "\u00a0"  # no-break space: "12 h 30"
NNBSP: Final = "\u202f"  # narrow no-break space: "1 234,5", "64 %"
MISSING: Final = "—"  # shown for a null or NaN number

#: Effort kinds in display order (``wait`` is not effort but shares the palette).
KIND_ORDER: Final = ("visible", "hidden", "unclassified", "wait")

#: Activities in the order of the canonical schema.
ACTIVITIES: Final = (
    "publishing",
    "community",
    "meeting",
    "reporting",
    "strategy",
    "planning",
    "creation",
    "revisions",
    "monitoring",
    "admin",
    "chasing",
    "training",
    "incident",
    "waiting_validation",
    "waiting_assets",
    "waiting_answer",
    "other",
)

#: Off-hours categories, for the off-hours charts.
OFFHOURS: Final = ("in_hours", "early", "midday", "evening", "night", "day_off", "unknown")

_TABLE: dict[str, tuple[str, str]] = {
    # key: (fr, en)
    # -- kinds of work
    "visible": ("Visible", "Visible"),
    "hidden": ("Invisible", "Hidden"),
    "unclassified": ("Non classé", "Unclassified"),
    "wait": ("Attente client", "Client wait"),
    # -- activities
    "publishing": ("Publication", "Publishing"),
    "community": ("Animation de communauté", "Community management"),
    "meeting": ("Réunions", "Meetings"),
    "reporting": ("Reporting", "Reporting"),
    "strategy": ("Stratégie", "Strategy"),
    "planning": ("Planification", "Planning"),
    "creation": ("Création", "Content creation"),
    "revisions": ("Révisions", "Revisions"),
    "monitoring": ("Veille", "Monitoring"),
    "admin": ("Administratif", "Admin"),
    "chasing": ("Relances", "Chasing the client"),
    "training": ("Formation", "Training"),
    "incident": ("Gestion de crise", "Crisis management"),
    "waiting_validation": ("Attente de validation", "Waiting for approval"),
    "waiting_assets": ("Attente de contenus", "Waiting for assets"),
    "waiting_answer": ("Attente de réponse", "Waiting for an answer"),
    "other": ("Autre", "Other"),
    # -- off-hours categories
    "in_hours": ("Heures ouvrées", "Working hours"),
    "early": ("Tôt le matin", "Early morning"),
    "midday": ("Pause déjeuner", "Lunch break"),
    "evening": ("Soirée", "Evening"),
    "night": ("Nuit", "Night"),
    "day_off": ("Jour non travaillé", "Day off"),
    "unknown": ("Inconnu", "Unknown"),
    # -- shared chart words
    "no_client": ("(sans client)", "(no client)"),
    "axis.hours": ("Heures (h)", "Hours (h)"),
    "axis.week": ("Semaine", "Week"),
    "axis.client": ("Client", "Client"),
    "axis.activity": ("Activité", "Activity"),
    "field.client": ("Client", "Client"),
    "field.kind": ("Type de travail", "Kind of work"),
    "field.activity": ("Activité", "Activity"),
    "field.hours": ("Heures", "Hours"),
    "field.week": ("Semaine du", "Week of"),
    "field.effort": ("Heures travaillées", "Hours worked"),
    "field.hidden_share": ("Part invisible", "Hidden share"),
    "field.total": ("Total", "Total"),
    # -- iceberg chart
    "iceberg.title": (
        "Ce que vos clients voient… et le reste",
        "What clients see… and the rest",
    ),
    "iceberg.subtitle": (
        "Travail invisible : {share} des heures classées ({hidden} sur {classified})",
        "Hidden work: {share} of classified hours ({hidden} of {classified})",
    ),
    "iceberg.subtitle_empty": ("Aucune heure classée", "No classified hours"),
    "iceberg.waterline": ("ligne de flottaison", "waterline"),
    "iceberg.share": ("{share} invisible", "{share} hidden"),
    # -- weekly chart
    "weekly.title": ("Heures travaillées par semaine", "Hours worked per week"),
    "weekly.subtitle": (
        "{total} sur {weeks} semaines, soit {mean} par semaine en moyenne",
        "{total} over {weeks} weeks, {mean} per week on average",
    ),
    "weekly.subtitle_empty": ("Aucune heure sur la période", "No hours in the period"),
    # -- activity chart
    "activity.title": ("Où passent les heures", "Where the hours go"),
    "activity.subtitle": (
        "Heures par activité, selon ce que le client en voit",
        "Hours by activity, by what the client sees of them",
    ),
    # -- HTML pages
    "page.noscript": (
        "Activez JavaScript pour afficher les graphiques.",
        "Turn on JavaScript to see the charts.",
    ),
    "page.save_png": ("Enregistrer en PNG", "Save as PNG"),
    "page.save_svg": ("Enregistrer en SVG", "Save as SVG"),
    "page.actions": ("Enregistrer le graphique", "Save the chart"),
}

#: The translation table, read-only: ``LABELS[key][lang]``.
LABELS: Final[Mapping[str, Mapping[Lang, str]]] = MappingProxyType(
    {key: MappingProxyType({"fr": fr, "en": en}) for key, (fr, en) in _TABLE.items()}
)


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language, else raise `ValueError` quoting it.

    Parameters
    ----------
    lang
        Language code, ``"fr"`` or ``"en"``.
    """
    if lang == "fr":
        return "fr"
    if lang == "en":
        return "en"
    msg = f"unknown language {lang!r}: expected one of {', '.join(map(repr, LANGS))}"
    raise ValueError(msg)


def label(key: str, lang: Lang) -> str:
    """Return the label of ``key`` in ``lang``; an unknown key is returned as is.

    Parameters
    ----------
    key
        A kind, activity or off-hours category as found in the data, or a dotted chart key.
    lang
        ``"fr"`` or ``"en"``; anything else raises `ValueError`.

    Examples
    --------
    >>> label("hidden", "fr")
    'Invisible'
    >>> label("some_new_activity", "en")
    'some_new_activity'
    """
    lang = check_lang(lang)
    entry = LABELS.get(key)
    return key if entry is None else entry[lang]


def _group(text: str, lang: Lang) -> str:
    """Localise a number already formatted the Python way (``1,234.5``)."""
    if lang == "en":
        return text
    return text.replace(",", NNBSP).replace(".", ",")


def number(value: float | None, lang: Lang, decimals: int = 1) -> str:
    """Format a number for people: ``1 234,5`` in French, ``1,234.5`` in English.

    Parameters
    ----------
    value
        The number; None or NaN gives ``"—"``.
    lang
        ``"fr"`` or ``"en"``.
    decimals
        Digits after the decimal separator.

    Examples
    --------
    >>> number(1234.56, "en")
    '1,234.6'
    """
    lang = check_lang(lang)
    if value is None or math.isnan(value):
        return MISSING
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":  # no "-0.0"
        text = text.lstrip("-")
    return _group(text, lang)


def hours(value_h: float | None, lang: Lang) -> str:
    """Format a number of hours to the minute: ``12 h 30`` (fr), ``12h 30m`` (en).

    French follows the usual typography (no-break spaces around ``h``, minutes on two
    digits, ``45 min`` under an hour); English uses the short form of time trackers
    (``12h 30m``, ``45m``). Whole hours drop the minutes: ``12 h`` / ``12h``.

    Parameters
    ----------
    value_h
        Duration in hours; None or NaN gives ``"—"``.
    lang
        ``"fr"`` or ``"en"``.

    Examples
    --------
    >>> hours(12.5, "en")
    '12h 30m'
    >>> hours(0.75, "en")
    '45m'
    """
    lang = check_lang(lang)
    if value_h is None or math.isnan(value_h):
        return MISSING
    minutes = round(abs(value_h) * 60)
    sign = "-" if value_h < 0 and minutes else ""
    h, m = divmod(minutes, 60)
    whole = _group(f"{h:,d}", lang)
    if lang == "fr":
        if h == 0 and m:
            return f"{sign}{m}{NBSP}min"
        return f"{sign}{whole}{NBSP}h" + (f"{NBSP}{m:02d}" if m else "")
    if h == 0 and m:
        return f"{sign}{m}m"
    return f"{sign}{whole}h" + (f" {m:02d}m" if m else "")


def percent(x: float | None, lang: Lang, decimals: int = 0) -> str:
    """Format a share (0..1) as a percentage: ``64 %`` (fr, narrow no-break space), ``64%`` (en).

    Parameters
    ----------
    x
        The share, 0.64 for 64 %; None or NaN gives ``"—"``.
    lang
        ``"fr"`` or ``"en"``.
    decimals
        Digits after the decimal separator.

    Examples
    --------
    >>> percent(0.638, "en")
    '64%'
    """
    lang = check_lang(lang)
    if x is None or math.isnan(x):
        return MISSING
    value = number(x * 100, lang, decimals)
    return f"{value}{NNBSP}%" if lang == "fr" else f"{value}%"


_TIME_LOCALES: dict[Lang, dict[str, Any]] = {
    "fr": {
        "dateTime": "%A %e %B %Y à %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["", ""],
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "shortMonths": [
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ],
    },
    "en": {
        "dateTime": "%a %b %e %X %Y",
        "date": "%m/%d/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ],
    },
}


def format_locale(lang: Lang) -> dict[str, Any]:
    """Return the d3-format locale matching `number` and `percent`, for Vega.

    Parameters
    ----------
    lang
        ``"fr"`` or ``"en"``.
    """
    lang = check_lang(lang)
    if lang == "fr":
        return {
            "decimal": ",",
            "thousands": NNBSP,
            "grouping": [3],
            "currency": ["", f"{NBSP}€"],
            "percent": f"{NNBSP}%",
        }
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]}


def time_format_locale(lang: Lang) -> dict[str, Any]:
    """Return the d3-time-format locale (day and month names) for Vega.

    Parameters
    ----------
    lang
        ``"fr"`` or ``"en"``.
    """
    lang = check_lang(lang)
    return {k: list(v) if isinstance(v, list) else v for k, v in _TIME_LOCALES[lang].items()}
