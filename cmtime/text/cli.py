"""The command line's own words: table headers, notes, warnings and errors.

The CLI (`cmtime.interfaces.cli`, `cmtime.interfaces.rules_cmd`) holds no sentence of its
own: it asks `say` for one, in the language of the config or of ``--lang``. `say` is a
thin wrapper over `cmtime.text.messages.message`: its texts are the catalogs' ``cli.*``
messages. Numbers,
hours and percentages in these texts are formatted by `cmtime.text.format` (CLDR, Babel),
so ``2 140`` and ``12 h 30`` in French match the charts. The English texts are the
ones the command line always printed, kept word for word (scripts and tests read them).

Texts that count something (``4 blocs``) have one form per plural form of the language,
picked by ``say(key, lang, count=n)``.

Messages written by the readers (why a row is rejected, why a file is skipped) and by
the config loader stay in English: they are quoted as they come.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from cmtime.text.format import Lang, check_lang, hours, number
from cmtime.text.messages import Table, message

__all__ = ["TEXTS", "alias_hint", "hours_text", "number_cell", "or_list", "say"]

#: Every text, read-only, from the catalogs: ``TEXTS[key][lang]`` (a counted text gives its
#: general plural), as `str.format` templates.
TEXTS: Final[Mapping[str, Mapping[str, str]]] = Table("cli.")


def say(key: str, lang: Lang, *, count: float | Decimal | None = None, **fields: Any) -> str:
    """The command line's text ``key`` in ``lang``, its fields filled in.

    Parameters
    ----------
    key
        A key of `TEXTS` (the message ``cli.<key>``); an unknown key raises `KeyError`
        (a typo is a bug, not a text).
    lang
        A language with a catalog.
    count
        For a counted text, the number that picks its plural form.
    **fields
        The values of its ``%(name)s`` fields.

    Examples
    --------
    >>> say("blocks", "fr", count=1, n=1), say("blocks", "en", count=1, n=1)
    ('1 bloc', '1 block')
    >>> say("check.rejected", "fr", count=3, n=3)
    '3 rejetées'
    """
    return message(f"cli.{key}", check_lang(lang), count=None if count is None else float(count), **fields)


def hours_text(value: float, lang: Lang) -> str:
    """Hours in a sentence: ``10 h 30`` in French (CLDR digits), ``10.5 h`` in English
    (the form the command line always printed).

    >>> hours_text(10.5, "fr"), hours_text(10.5, "en")
    ('10\\xa0h\\xa030', '10.5 h')
    """
    return hours(value, lang) if check_lang(lang) == "fr" else f"{value:.1f} h"


def or_list(items: Sequence[str], lang: Lang) -> str:
    """``'a' or 'b'`` / ``'a' ou 'b'``."""
    return say("or", lang).join(items)


def alias_hint(alias: str, client: str, lang: Lang) -> str:
    """A close name that is an alias, as people read it: ``'Vidl' (alias de 'Cabinet Vidal')``."""
    return say("alias_of", lang, alias=repr(alias), client=repr(client))


def number_cell(value: float, lang: Lang) -> str:
    """A figure in a table: no decimal from 100 up, one below (``2 140``, ``12,5``)."""
    return number(value, lang, 0 if abs(value) >= 100 else 1)
