"""Chart and report labels: `label`, a thin wrapper over the message catalog.

Every word a chart or a report shows is a message of `cmtime.text.messages` (the gettext
catalogs under ``cmtime/locale``); charts never hold their own strings. Label ids are
the values found in the data (kinds, activities, off-hours categories) or dotted names
for chart texts (``iceberg.title``, ``axis.hours``). `label` gives a text with fields as
a template for `str.format` (``{share} hidden``), the form chart code fills in; new code
calls `cmtime.text.messages.message`, which fills the fields itself. A text that counts
something (``{waits} attentes``) takes the form of ``label(key, lang, count=n)``.

The catalogs hold the project's words only. Numbers, money, percentages, hours, dates and
month names are formatted from CLDR by Babel in `cmtime.text.format`; its functions are
re-exported here so ``from cmtime.text.labels import number, money, label`` keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

# The formatting functions, re-exported (``from cmtime.text.labels import hours, label``).
from cmtime.text.format import MISSING as MISSING
from cmtime.text.format import NBSP as NBSP
from cmtime.text.format import NNBSP as NNBSP
from cmtime.text.format import Lang as Lang
from cmtime.text.format import check_lang as check_lang
from cmtime.text.format import currency_symbol as currency_symbol
from cmtime.text.format import date_text as date_text
from cmtime.text.format import format_locale as format_locale
from cmtime.text.format import hours as hours
from cmtime.text.format import money as money
from cmtime.text.format import money_rate as money_rate
from cmtime.text.format import month_text as month_text
from cmtime.text.format import number as number
from cmtime.text.format import percent as percent
from cmtime.text.format import plural_category as plural_category
from cmtime.text.format import time_format_locale as time_format_locale
from cmtime.text.messages import Table, has_message, template

__all__ = ["ACTIVITIES", "KIND_ORDER", "LABELS", "OFFHOURS", "label"]

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
    "ads",
    "shoot",
    "research",
    "briefing",
    "waiting_validation",
    "waiting_assets",
    "waiting_answer",
    "other",
)

#: Off-hours categories, for the off-hours charts.
OFFHOURS: Final = ("in_hours", "early", "midday", "evening", "night", "day_off", "unknown")

#: The labels, read-only, from the catalogs: ``LABELS[key][lang]`` (a counted text gives
#: its general plural, ``{field}`` templates for `str.format`).
LABELS: Final[Mapping[str, Mapping[str, str]]] = Table()


def label(key: str, lang: Lang, *, count: float | Decimal | None = None) -> str:
    """Return the label of ``key`` in ``lang``; an unknown key is returned as is.

    Parameters
    ----------
    key
        A kind, activity or off-hours category as found in the data, or a dotted chart key.
    lang
        A language with a catalog; anything else raises `ValueError`.
    count
        For a counted text, the number it counts: the catalog's plural rule picks the
        form. Without it, the general plural.

    Examples
    --------
    >>> label("hidden", "fr")
    'Invisible'
    >>> label("some_new_activity", "en")
    'some_new_activity'
    >>> [label("report.kpi.wait_note", "fr", count=n).format(waits=n) for n in (1, 2)]
    ['sur 1 demande', 'sur 2 demandes']
    >>> [label("report.kpi.wait_note", "en", count=n).format(waits=n) for n in (0, 1)]
    ['over 0 requests', 'over 1 request']
    """
    lang = check_lang(lang)
    if not has_message(key, lang):
        return key
    return template(key, lang, count=None if count is None else float(count))
