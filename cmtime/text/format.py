"""Formatting for people, from CLDR through Babel: numbers, money, percentages, hours,
dates, month names, plural categories, and the matching number and time locales for Vega.

Every separator, symbol, pattern and name comes from the CLDR data that Babel ships, so
the texts and the chart axes agree with each other and with the language:

=============  ==================================  ===========================
               French (``fr``)                      English (``en``)
=============  ==================================  ===========================
number         ``1 234,5`` (U+202F groups)         ``1,234.5``
percentage     ``64 %`` (U+00A0 before ``%``)      ``64%``
money          ``1 860 €``, ``1 860 $CA``          ``€1,860``, ``CHF 1,860``
month          ``janv. 2026``                      ``Jan 2026``
=============  ==================================  ===========================

Hours are the one format CLDR has no pattern for: the project writes them ``12 h 30``
in French (no-break spaces, minutes on two digits, ``45 min`` under an hour) and
``12h 30m`` in English, the short form of time trackers, with CLDR's digits and grouping.

Amounts are rounded here (half to even) for display only; a figure that rounds to zero
never shows a minus sign, and None or NaN shows ``—``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import Any, Final, Literal, cast, get_args

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

from cmtime.text.messages import is_language, languages, message

__all__ = [
    "FALLBACK_LOCALE",
    "LANGS",
    "MISSING",
    "NBSP",
    "NNBSP",
    "Lang",
    "PluralCategory",
    "check_lang",
    "currency_symbol",
    "date_text",
    "format_locale",
    "hours",
    "money",
    "money_rate",
    "month_text",
    "number",
    "percent",
    "plural_category",
    "time_format_locale",
    "weekday_list",
]

#: The languages cmtime ships catalogs for, for typing; at run time a language is any
#: one with a catalog (`cmtime.text.messages.languages`).
Lang = Literal["fr", "en"]
#: Those languages (a test checks they are the catalogs shipped); code that must accept
#: any language with a catalog asks `cmtime.text.messages.languages`.
LANGS: Final[tuple[Lang, ...]] = get_args(Lang)
#: The locale whose CLDR data formats a language Babel does not know (a pseudo-locale).
FALLBACK_LOCALE: Final = "en"

#: CLDR plural categories (French and English use ``one``, ``many`` and ``other``).
PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]

NBSP: Final = "\u00a0"  # no-break space: "12 h 30", "64 %", "1 860 €"
NNBSP: Final = "\u202f"  # narrow no-break space: French thousands, "1 234,5"
MISSING: Final = "—"  # shown for a null or NaN number


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it has a message catalog, else raise `ValueError` quoting it.

    Parameters
    ----------
    lang
        Language code: ``"fr"``, ``"en"``, or any language whose catalog is found.
    """
    if is_language(lang):
        return cast("Lang", lang)
    msg = f"unknown language {lang!r}: expected one of {', '.join(map(repr, languages()))}"
    raise ValueError(msg)


@cache
def _locale(lang: Lang) -> Locale:
    """The CLDR locale of ``lang``; English's for a language Babel does not know."""
    code = check_lang(lang)
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LOCALE)


# -- numbers --------------------------------------------------------------------------------


def _shown(value: float | Decimal | None, decimals: int) -> Decimal | None:
    """``value`` rounded to what is shown, without a negative zero; None if not finite."""
    if value is None or not math.isfinite(value):
        return None
    shown = Decimal(repr(float(value)) if isinstance(value, float) else value)
    shown = shown.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return shown.copy_abs() if shown.is_zero() else shown


_NUMBER_CORE: Final = re.compile(r"([#,]*0+)(?:\.[0#]+)?")


@cache
def _pattern(lang: Lang, kind: Literal["decimal", "percent", "currency"], decimals: int) -> str:
    """The locale's CLDR pattern of ``kind`` with exactly ``decimals`` fraction digits."""
    loc = _locale(lang)
    base = {
        "decimal": loc.decimal_formats[None],
        "percent": loc.percent_formats[None],
        "currency": loc.currency_formats["standard"],
    }[kind].pattern
    frac = "." + "0" * decimals if decimals > 0 else ""
    return _NUMBER_CORE.sub(lambda m: m[1] + frac, base.split(";")[0], count=1)


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
    >>> number(-0.01, "fr")
    '0,0'
    """
    lang = check_lang(lang)
    shown = _shown(value, decimals)
    if shown is None:
        return MISSING
    return format_decimal(shown, format=_pattern(lang, "decimal", decimals), locale=_locale(lang))


def percent(x: float | None, lang: Lang, decimals: int = 0) -> str:
    """Format a share (0..1) as a percentage: ``64 %`` (fr, CLDR's no-break space), ``64%`` (en).

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
    >>> percent(0.638, "en"), percent(0.6384, "fr", 1)
    ('64%', '63,8\\xa0%')
    """
    lang = check_lang(lang)
    shown = _shown(x, decimals + 2)
    if shown is None:
        return MISSING
    return format_percent(shown, format=_pattern(lang, "percent", decimals), locale=_locale(lang))


def currency_symbol(currency: str, lang: Lang = "en") -> str:
    """Return CLDR's symbol of an ISO currency code in ``lang``: ``€``, ``CHF``, ``CA$`` / ``$CA``.

    Parameters
    ----------
    currency
        ISO 4217 code such as ``"EUR"`` (any case); a code CLDR does not know comes back
        upper-cased.
    lang
        ``"fr"`` or ``"en"``: the symbol of some currencies depends on it.

    Examples
    --------
    >>> currency_symbol("cad"), currency_symbol("CAD", "fr")
    ('CA$', '$CA')
    """
    return get_currency_symbol(currency.strip().upper(), locale=_locale(check_lang(lang)))


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char).startswith("S") or char.isspace()


def money(value: float | None, currency: str, lang: Lang, decimals: int = 0) -> str:
    """Format an amount for people: ``1 860 €`` (fr), ``€1,860`` (en).

    The pattern, symbol and separators are CLDR's. Babel leaves out CLDR's currency
    spacing, so it is applied here: a symbol that ends in a letter is kept apart from
    the digits by a no-break space (``CHF 1,860``), one that ends in a sign is not
    (``CA$1,860``).

    Parameters
    ----------
    value
        The amount; None or NaN gives ``"—"``.
    currency
        ISO 4217 code (``EUR``, ``CHF``, ``CAD``…); an unknown code is written as is.
    lang
        ``"fr"`` or ``"en"``.
    decimals
        Digits after the decimal separator.

    Examples
    --------
    >>> money(1860, "EUR", "en"), money(-50, "EUR", "en")
    ('€1,860', '-€50')
    >>> money(1860.4, "CHF", "en")
    'CHF\\xa01,860'
    """
    lang = check_lang(lang)
    shown = _shown(value, decimals)
    if shown is None:
        return MISSING
    code = currency.strip().upper()
    symbol = currency_symbol(code, lang)
    pattern = _pattern(lang, "currency", decimals)
    if not _is_symbol(symbol[-1]):  # CLDR currencySpacing, beforeCurrency / afterCurrency
        pattern = re.sub(r"¤(?=[#0])", f"¤{NBSP}", pattern)
    if not _is_symbol(symbol[0]):
        pattern = re.sub(r"(?<=0)¤", f"{NBSP}¤", pattern)
    return format_currency(shown, code, format=pattern, locale=_locale(lang), currency_digits=False)


def money_rate(value: float | None, currency: str, lang: Lang, decimals: int = 0) -> str:
    """Format an hourly rate: ``32 €/h`` (fr), ``€32/h`` (en); None gives ``"—"``.

    Parameters
    ----------
    value
        Amount per hour.
    currency
        ISO code, as for `money`.
    lang
        ``"fr"`` or ``"en"``.
    decimals
        Digits after the decimal separator.

    Examples
    --------
    >>> money_rate(32.4, "EUR", "en")
    '€32/h'
    """
    text = money(value, currency, lang, decimals)
    return text if text == MISSING else f"{text}/h"



def hours(value_h: float | None, lang: Lang) -> str:
    """Format a number of hours to the minute: ``12 h 30`` (fr), ``12h 30m`` (en).

    Whole hours drop the minutes (``12 h`` / ``12h``); under an hour only the minutes
    show (``45 min`` / ``45m``); minutes after hours take two digits (``1 h 05``).

    Parameters
    ----------
    value_h
        Duration in hours; None or NaN gives ``"—"``.
    lang
        ``"fr"`` or ``"en"``.

    Examples
    --------
    >>> hours(12.5, "en"), hours(0.75, "en"), hours(1234.5, "en")
    ('12h 30m', '45m', '1,234h 30m')
    """
    lang = check_lang(lang)
    if value_h is None or not math.isfinite(value_h):
        return MISSING
    minutes = round(abs(value_h) * 60)
    sign = _locale(lang).number_symbols["latn"]["minusSign"] if value_h < 0 and minutes else ""
    h, m = divmod(minutes, 60)
    # the catalog's duration.* messages: no CLDR pattern says "12 h 30"
    key = "duration.minutes" if h == 0 and m else "duration.hours_minutes" if m else "duration.hours"
    h_text = format_decimal(h, format="#,##0", locale=_locale(lang))
    return sign + message(key, lang, h=h_text, m=f"{m:02d}" if h else str(m))


def plural_category(count: float | Decimal, lang: Lang) -> PluralCategory:
    """CLDR's plural category of ``count`` in ``lang``: ``one`` or ``other`` (or ``many``).

    French takes ``one`` for 0 and 1 (and 1,5), English for 1 only; French ``many`` is
    for round millions.

    >>> [plural_category(n, "fr") for n in (0, 1, 2)], [plural_category(n, "en") for n in (0, 1, 2)]
    (['one', 'one', 'other'], ['other', 'one', 'other'])
    """
    return cast("PluralCategory", _locale(check_lang(lang)).plural_form(count))


# -- dates ----------------------------------------------------------------------------------


def month_text(day: dt.date, lang: Lang, *, with_year: bool = False, full: bool = False) -> str:
    """A month's name for people, as CLDR writes it (the chart axes use the same names).

    Parameters
    ----------
    day
        Any day of the month.
    lang
        ``"fr"`` or ``"en"``.
    with_year
        Add the year: ``janv. 2026``.
    full
        The whole name (``janvier``) instead of the abbreviation (``janv.``).

    >>> import datetime as dt
    >>> month_text(dt.date(2026, 1, 5), "fr", with_year=True), month_text(dt.date(2026, 1, 5), "en")
    ('janv. 2026', 'Jan')
    """
    loc = _locale(check_lang(lang))
    if with_year:
        return format_skeleton("yMMMM" if full else "yMMM", day, locale=loc)
    return format_date(day, "LLLL" if full else "LLL", locale=loc)  # the stand-alone name


def date_text(
    day: dt.date, lang: Lang, length: Literal["short", "medium", "long"] = "medium"
) -> str:
    """A date for people in CLDR's ``short``, ``medium`` or ``long`` form.

    >>> import datetime as dt
    >>> date_text(dt.date(2025, 12, 29), "fr"), date_text(dt.date(2025, 12, 29), "en", "long")
    ('29 déc. 2025', 'December 29, 2025')
    """
    if length not in ("short", "medium", "long"):
        msg = f"unknown date length {length!r}: expected 'short', 'medium' or 'long'"
        raise ValueError(msg)
    return format_date(day, length, locale=_locale(check_lang(lang)))


# -- locales for Vega (d3-format, d3-time-format) -------------------------------------------


def format_locale(lang: Lang, currency: str = "EUR") -> dict[str, Any]:
    """Return the d3-format locale for Vega, built from the same CLDR data as `number`.

    Parameters
    ----------
    lang
        ``"fr"`` or ``"en"``.
    currency
        ISO code placed where a ``$`` format asks for a currency.

    Examples
    --------
    >>> fr = format_locale("fr")
    >>> fr["decimal"], fr["thousands"], fr["percent"], fr["currency"]
    (',', '\\u202f', '\\xa0%', ['', '\\xa0€'])
    """
    lang = check_lang(lang)
    symbols = _locale(lang).number_symbols["latn"]
    sample = money(1.0, currency, lang)  # "1 €", "€1": what sits around the digit
    prefix, _, suffix = sample.partition(number(1, lang, 0))
    return {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [3],
        "currency": [prefix, suffix],
        "percent": percent(0.01, lang).replace(number(1, lang, 0), "", 1),
        "minus": symbols["minusSign"],
    }


_D3_FIELDS: Final[dict[str, str]] = {
    "y": "%Y",
    "yyyy": "%Y",
    "yy": "%y",
    "MMMM": "%B",
    "MMM": "%b",
    "MM": "%m",
    "M": "%-m",
    "dd": "%d",
    "d": "%-d",
    "EEEE": "%A",
    "EEE": "%a",
    "E": "%a",
    "HH": "%H",
    "H": "%-H",
    "hh": "%I",
    "h": "%-I",
    "mm": "%M",
    "ss": "%S",
    "a": "%p",
}
_CLDR_TOKEN: Final = re.compile(
    r"'(?P<quoted>[^']*)'|(?P<field>(?P<letter>[A-Za-z])(?P=letter)*)|(?P<text>.)", re.S
)


def _d3_time(pattern: str) -> str:
    """Turn a CLDR date pattern (``d MMM y``) into a d3-time-format one (``%-d %b %Y``)."""
    out: list[str] = []
    for token in _CLDR_TOKEN.finditer(pattern):
        if token["field"]:
            if token["field"] not in _D3_FIELDS:
                msg = f"no d3 directive for the CLDR field {token['field']!r} in {pattern!r}"
                raise ValueError(msg)
            out.append(_D3_FIELDS[token["field"]])
        else:
            text = token["text"] if token["text"] is not None else token["quoted"] or "'"
            out.append(text.replace("%", "%%"))
    return "".join(out)


def time_format_locale(lang: Lang) -> dict[str, Any]:
    """Return the d3-time-format locale for Vega: CLDR's day and month names and patterns.

    Parameters
    ----------
    lang
        ``"fr"`` or ``"en"``.

    Examples
    --------
    >>> fr = time_format_locale("fr")
    >>> fr["shortMonths"][11], fr["shortDays"][0], fr["date"]
    ('déc.', 'dim.', '%d/%m/%Y')
    """
    loc = _locale(check_lang(lang))
    sunday_first = (6, 0, 1, 2, 3, 4, 5)  # Babel counts from Monday, d3 from Sunday
    periods = loc.day_periods["format"]["abbreviated"]
    date, time = (
        _d3_time(loc.date_formats["medium"].pattern),
        _d3_time(loc.time_formats["medium"].pattern),
    )
    return {
        "dateTime": str(loc.datetime_formats["medium"]).replace("{1}", date).replace("{0}", time),
        "date": _d3_time(loc.date_formats["short"].pattern),
        "time": time,
        "periods": [periods["am"], periods["pm"]],
        "days": [loc.days["format"]["wide"][d] for d in sunday_first],
        "shortDays": [loc.days["format"]["abbreviated"][d] for d in sunday_first],
        "months": [loc.months["format"]["wide"][m] for m in range(1, 13)],
        "shortMonths": [loc.months["format"]["abbreviated"][m] for m in range(1, 13)],
    }


def weekday_list(days: Sequence[int], lang: Lang) -> str:
    """Weekdays (0 = Monday) as a sentence lists them, in CLDR's words for ``lang``.

    >>> weekday_list([1, 2, 3], "fr"), weekday_list([0], "en")
    ('mardi, mercredi et jeudi', 'Monday')
    """
    from babel.lists import format_list

    loc = _locale(lang)
    names = loc.days["format"]["wide"]
    return format_list([names[d] for d in days], locale=loc)
