"""Why a line was rejected, in the reader's language.

The readers write each rejection reason in English, as data (``check --json`` keeps it
so): "unreadable start date '2026-12-32'". People read it in a table of ``cmtime check``
or ``00-start-here``; in French it must read "date de début illisible '2026-12-32'".

A reason is made of a few shapes (something unreadable, negative, missing; an order
that is wrong; a limit passed) around the name of a field and the value found, quoted
as it was. `reason_text` matches the shapes and translates the field names; the value
stays as written. A reason no shape knows is shown as it is (English), never dropped.

>>> reason_text("unreadable start date '2026-12-32'", "fr")
"date de début illisible '2026-12-32'"
>>> reason_text("ends before it starts", "fr")
'finit avant de commencer'
>>> reason_text("negative hours '-2,5'", "fr")
"heures négatives '-2,5'"
>>> reason_text("unreadable start date '2026-12-32'", "en")
"unreadable start date '2026-12-32'"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from cmtime.text.format import Lang, check_lang

__all__ = ["reason_text"]

_NB = "\u00a0"

#: Field names as the readers write them -> French (longest first when matched).
FIELDS: Final[dict[str, str]] = {
    "start date": "date de début",
    "start time": "heure de début",
    "end date or time": "date ou heure de fin",
    "end date": "date de fin",
    "end time": "heure de fin",
    "asked date": "date de demande",
    "answered date": "date de réponse",
    "answered time": "heure de réponse",
    "asked time": "heure de demande",
    "start": "début",
    "stop": "fin",
    "end": "fin",
    "date": "date",
    "time": "heure",
    "duration": "durée",
    "hours": "heures",
    "reminders": "relances",
    "interval": "intervalle",
    "CSV record": "enregistrement CSV",
    "DTSTART": "DTSTART",
    "DTEND": "DTEND",
    "DURATION": "DURATION",
}
_FIELD = "|".join(re.escape(f) for f in sorted(FIELDS, key=len, reverse=True))
# adjectives agree with the French field: "date ... illisible", "heures ... négatives"
_FEMININE_PLURAL = {"heures", "relances"}


def _negative(field: str) -> str:
    fr = FIELDS[field]
    if fr in _FEMININE_PLURAL:
        return f"{fr} négatives"
    return f"{fr} négative" if fr.startswith(("durée", "date", "heure")) else f"{fr} négatif"


def _rest(value: str | None) -> str:
    return f" {value}" if value else ""


#: Reasons that are always the same words.
FIXED: Final[dict[str, str]] = {
    "ends before it starts": "finit avant de commencer",
    "stops before it starts": "finit avant de commencer",
    "answered before it was asked": "réponse antérieure à la demande",
    "all-day event, not a work block": "événement sur toute la journée, pas un bloc de travail",
    "cancelled event (STATUS:CANCELLED)": "événement annulé (STATUS:CANCELLED)",
    "the line holds a NUL byte (binary data), not text": (
        "la ligne contient un octet NUL (données binaires), pas du texte"
    ),
    "time line before any date line": "ligne d'horaire avant toute date",
    "time line under an unreadable date line": "ligne d'horaire sous une date illisible",
    "no readable start": "aucun début lisible",
    "no duration in seconds": "pas de durée en secondes",
    "no duration and no start and end times": "ni durée, ni heures de début et de fin",
    "no client": "pas de client",
    "no asked date": "pas de date de demande",
    "not a Watson frame object (no 'start'/'stop')": "pas un bloc Watson (ni 'start' ni 'stop')",
    "not a Toggl time entry (no 'start')": "pas une entrée de temps Toggl (pas de 'start')",
    "not a Timewarrior interval object (no 'start')": "pas un intervalle Timewarrior (pas de 'start')",
}

_NOT_A = {
    "Watson frame": "pas un bloc Watson",
    "Timewarrior interval": "pas un intervalle Timewarrior",
}


def _number(text: str) -> str:
    """``1,048,576`` (as the readers write counts) with French grouping."""
    return text.replace(",", "\u202f")


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

#: Reasons around a field name, a value or a limit.
_FR: Final[tuple[Rule, ...]] = (
    (
        re.compile(rf"^unreadable (?P<f>{_FIELD})(?: (?P<v>.+))?$", re.S),
        lambda m: (
            f"{FIELDS[m['f']]} illisible{'s' if FIELDS[m['f']] in _FEMININE_PLURAL else ''}"
            f"{_rest(m['v'])}"
        ),
    ),
    (re.compile(r"^unreadable(?: (?P<v>.+))?$", re.S), lambda m: f"illisible{_rest(m['v'])}"),
    (
        re.compile(rf"^negative (?P<f>{_FIELD})(?: (?P<v>.+))?$", re.S),
        lambda m: f"{_negative(m['f'])}{_rest(m['v'])}",
    ),
    (
        re.compile(r"^not a date or a time line: (?P<v>.*)$", re.S),
        lambda m: f"ni une date ni une ligne d'horaire{_NB}: {m['v']}",
    ),
    (
        re.compile(r"^not a (?P<what>Watson frame|Timewarrior interval)(?P<v>[: ].*)$", re.S),
        lambda m: _NOT_A[m["what"]] + m["v"].replace(": ", f"{_NB}: ", 1),
    ),
    (
        re.compile(
            rf"^(?P<f>{_FIELD}) does not exist in (?P<tz>\S+) \(clocks moved forward that night\)$"
        ),
        lambda m: (
            f"{FIELDS[m['f']]} inexistante en {m['tz']} (passage à l'heure d'été cette nuit-là)"
        ),
    ),
    (
        re.compile(r"^unknown time zone (?P<v>\S+) in (?P<w>.+)$", re.S),
        lambda m: f"fuseau horaire inconnu {m['v']} dans {m['w']}",
    ),
    (re.compile(r"^invalid RRULE \((?P<v>.*)\)$", re.S), lambda m: f"RRULE invalide ({m['v']})"),
    (re.compile(r"^unknown part (?P<v>.+)$", re.S), lambda m: f"partie inconnue {m['v']}"),
    (
        re.compile(
            r"^(?P<what>start or end|date)(?P<v> \S+)? outside the years (?P<y>\S+) (?P<k>\(.*\))$"
        ),
        lambda m: (
            ("début ou fin" if m["what"] == "start or end" else "date")
            + f"{m['v'] or ''} hors des années {m['y']} {m['k']}"
        ),
    ),
    (
        re.compile(r"^block longer than (?P<n>[\d,]+) days (?P<k>\(.*\))$"),
        lambda m: f"bloc de plus de {_number(m['n'])}{_NB}jours {m['k']}",
    ),
    (
        re.compile(
            r"^line of (?P<n>[\d,]+) bytes, over the limit of (?P<max>[\d,]+) (?P<k>\(.*\))$"
        ),
        lambda m: (
            f"ligne de {_number(m['n'])}{_NB}octets, au-delà de la limite de "
            f"{_number(m['max'])} {m['k']}"
        ),
    ),
)


def reason_text(reason: str, lang: Lang) -> str:
    """``reason`` (a reader's rejection reason, English) as shown to people in ``lang``.

    Parameters
    ----------
    reason
        The reason as the reader wrote it (also what ``--json`` prints).
    lang
        ``"fr"`` or ``"en"``.
    """
    if check_lang(lang) == "en":
        return reason
    if reason in FIXED:
        return FIXED[reason]
    for pattern, build in _FR:
        m = pattern.match(reason)
        if m:
            return build(m)
    return reason
