"""Why a line was rejected, in the reader's language.

The readers write each rejection reason in English, as data (``check --json`` keeps it
so): "unreadable start date '2026-12-32'". People read it in a table of ``cmtime check``
or ``00-start-here``; in French it must read "date de début illisible '2026-12-32'".

A reason is made of a few shapes (something unreadable, negative, missing; an order
that is wrong; a limit passed) around the name of a field and the value found, quoted
as it was. `reason_text` matches the shapes here and takes their words from the
catalogs' ``reason.*`` messages (a reason always the same words is the message
``reason.fixed.<the English reason>``; each field is ``reason.field.<field>``, and
``reason.unreadable.<field>`` / ``reason.negative.<field>`` let a language make the
adjective agree with the field). The value stays as written. English is the readers' own
language: a reason is shown in it as it is. A reason no shape knows is shown as it is
(English), never dropped.

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

from cmtime.text.format import Lang, check_lang, format_locale
from cmtime.text.messages import SOURCE_LANGUAGE, has_message, message

__all__ = ["FIELDS", "reason_text"]

#: Field names as the readers write them (their words: ``reason.field.<name>``).
FIELDS: Final = (
    "start date",
    "start time",
    "end date or time",
    "end date",
    "end time",
    "asked date",
    "answered date",
    "answered time",
    "asked time",
    "start",
    "stop",
    "end",
    "date",
    "time",
    "duration",
    "hours",
    "reminders",
    "interval",
    "CSV record",
    "DTSTART",
    "DTEND",
    "DURATION",
)
_FIELD = "|".join(re.escape(f) for f in sorted(FIELDS, key=len, reverse=True))


def _rest(value: str | None) -> str:
    return f" {value}" if value else ""


def _grouped(text: str, lang: str) -> str:
    """``1,048,576`` (as the readers write counts) with the language's digit grouping."""
    return text.replace(",", format_locale(check_lang(lang))["thousands"])


_Build = Callable[[re.Match[str], str], str]
Rule = tuple[re.Pattern[str], _Build]

#: Reasons around a field name, a value or a limit: (the English shape, its words in ``lang``).
_RULES: Final[tuple[Rule, ...]] = (
    (
        re.compile(r"^negative DURATION (?P<v>\(.*\)): ends before it starts$", re.S),
        lambda m, lang: message("reason.negative_duration", lang, value=m["v"]),
    ),
    (
        re.compile(rf"^unreadable (?P<f>{_FIELD})(?: (?P<v>.+))?$", re.S),
        lambda m, lang: message(f"reason.unreadable.{m['f']}", lang) + _rest(m["v"]),
    ),
    (
        re.compile(r"^unreadable(?: (?P<v>.+))?$", re.S),
        lambda m, lang: message("reason.unreadable", lang) + _rest(m["v"]),
    ),
    (
        re.compile(rf"^negative (?P<f>{_FIELD})(?: (?P<v>.+))?$", re.S),
        lambda m, lang: message(f"reason.negative.{m['f']}", lang) + _rest(m["v"]),
    ),
    (
        re.compile(r"^not a date or a time line: (?P<v>.*)$", re.S),
        lambda m, lang: message("reason.not_a_date_line", lang, value=m["v"]),
    ),
    (
        re.compile(r"^not a (?P<what>Watson frame|Timewarrior interval)(?P<v>[: ].*)$", re.S),
        lambda m, lang: (
            message(f"reason.not_a.{m['what']}", lang)
            + m["v"].replace(": ", message("reason.colon", lang), 1)
        ),
    ),
    (
        re.compile(
            rf"^(?P<f>{_FIELD}) does not exist in (?P<tz>\S+) \(clocks moved forward that night\)$"
        ),
        lambda m, lang: message(
            "reason.no_such_time", lang, field=message(f"reason.field.{m['f']}", lang), zone=m["tz"]
        ),
    ),
    (
        re.compile(r"^unknown time zone (?P<v>\S+) in (?P<w>.+)$", re.S),
        lambda m, lang: message("reason.unknown_zone", lang, zone=m["v"], where=m["w"]),
    ),
    (
        re.compile(r"^starts after the calendar was exported \(its latest DTSTAMP, (?P<v>.+)\): planned, not yet worked$", re.S),
        lambda m, lang: message("reason.planned", lang, when=m["v"]),
    ),
    (
        re.compile(r"^no occurrence from (?P<a>.+) to (?P<b>.+)$", re.S),
        lambda m, lang: message("reason.no_occurrence", lang, start=m["a"], end=m["b"]),
    ),
    (
        re.compile(r"^floating (?P<f>DTSTART|DTEND|RECURRENCE-ID) and the calendar's X-WR-TIMEZONE (?P<v>'.*') is not a time zone$", re.S),
        lambda m, lang: message("reason.floating_bad_zone", lang, field=m["f"], zone=m["v"]),
    ),
    (
        re.compile(r"^invalid RRULE \((?P<v>.*)\)$", re.S),
        lambda m, lang: message("reason.invalid_rrule", lang, value=m["v"]),
    ),
    (
        re.compile(r"^unknown part (?P<v>.+)$", re.S),
        lambda m, lang: message("reason.unknown_part", lang, value=m["v"]),
    ),
    (
        re.compile(
            r"^(?P<what>start or end|date)(?P<v> \S+)? outside the years (?P<y>\S+) (?P<k>\(.*\))$"
        ),
        lambda m, lang: message(
            f"reason.outside_years.{m['what']}",
            lang,
            value=m["v"] or "",
            years=m["y"],
            limit=m["k"],
        ),
    ),
    (
        re.compile(rf"^(?P<f>{_FIELD}) outside the years (?P<y>\S+) (?P<k>\(.*\))$"),
        lambda m, lang: message(
            "reason.field_outside_years",
            lang,
            field=message(f"reason.field.{m['f']}", lang),
            years=m["y"],
            limit=m["k"],
        ),
    ),
    (
        re.compile(r"^no occurrence from (?P<a>.+) to (?P<b>.+)$", re.S),
        lambda m, lang: message("reason.no_occurrence", lang, start=m["a"], end=m["b"]),
    ),
    (
        re.compile(
            r"^starts after the calendar was exported \(its latest DTSTAMP, (?P<at>.+)\): "
            r"planned, not yet worked$",
            re.S,
        ),
        lambda m, lang: message("reason.planned", lang, at=m["at"]),
    ),
    (
        re.compile(r"^DURATION (?P<v>.+) ends past the year 9999$", re.S),
        lambda m, lang: message("reason.duration_past_9999", lang, value=m["v"]),
    ),
    (
        re.compile(
            r"^time zone TZID=(?P<tz>\S+) in (?P<w>\S+): its VTIMEZONE is unreadable \((?P<why>.*)\)$",
            re.S,
        ),
        lambda m, lang: message(
            "reason.unreadable_zone", lang, zone=m["tz"], where=m["w"], why=m["why"]
        ),
    ),
    (
        re.compile(
            rf"^floating (?P<f>{_FIELD}) and the calendar's X-WR-TIMEZONE (?P<v>.+) is not a time zone$",
            re.S,
        ),
        lambda m, lang: message(
            "reason.floating_bad_zone",
            lang,
            field=message(f"reason.field.{m['f']}", lang),
            value=m["v"],
        ),
    ),
    (
        re.compile(r"^block longer than (?P<n>[\d,]+) days (?P<k>\(.*\))$"),
        lambda m, lang: message(
            "reason.long_block", lang, days=_grouped(m["n"], lang), limit=m["k"]
        ),
    ),
    (
        re.compile(
            r"^line of (?P<n>[\d,]+) bytes, over the limit of (?P<max>[\d,]+) (?P<k>\(.*\))$"
        ),
        lambda m, lang: message(
            "reason.long_line",
            lang,
            bytes=_grouped(m["n"], lang),
            limit_bytes=_grouped(m["max"], lang),
            limit=m["k"],
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
        A language with a catalog.
    """
    if check_lang(lang) == SOURCE_LANGUAGE:
        return reason
    fixed = f"reason.fixed.{reason}"
    if has_message(fixed, lang):
        return message(fixed, lang)
    for pattern, build in _RULES:
        m = pattern.match(reason)
        if m:
            return build(m, lang)
    return reason
