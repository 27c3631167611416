"""The notebooks' own sentences: the catalogs' ``nb.*`` messages.

Every heading, explanation and printed sentence of ``notebooks/0*.py`` is a message of
`cmtime.text.messages` (``text`` and ``say`` are thin wrappers over ``message``): a
notebook runs in one language (its ``lang`` parameter) and shows no word of another.
Numbers, hours, money and dates are formatted by `cmtime.text.format` before they are
put into a text; a text that counts something has one form per plural form of the
language, picked by ``count``.

`say` returns a `Prose`: a string that Jupyter displays as Markdown, so a cell whose last
expression is ``say("01.title", lang)`` shows the text as if it were a Markdown cell.
Column headers of the notebook tables are `column` keys (``col.hours``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from cmtime.text.format import Lang, check_lang
from cmtime.text.messages import Table, has_message, message

__all__ = ["NOTEBOOK_TEXTS", "Prose", "column", "say", "text"]

#: Every notebook text, read-only, from the catalogs: ``NOTEBOOK_TEXTS[key][lang]`` (a
#: counted text gives its general plural), as `str.format` templates.
NOTEBOOK_TEXTS: Final[Mapping[str, Mapping[str, str]]] = Table("nb.")


class Prose(str):
    """A text that Jupyter displays as Markdown (the last expression of a cell)."""

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        return str(self)


def text(key: str, lang: Lang, *, count: float | None = None, **fields: Any) -> str:
    """The notebook text ``key`` in ``lang``, its ``{fields}`` filled in.

    Parameters
    ----------
    key
        A key of `NOTEBOOK_TEXTS` (the message ``nb.<key>``); an unknown key raises
        `KeyError`.
    lang
        A language with a catalog.
    count
        For a counted text, the number it counts (the language's plural rule picks the form).
    fields
        Values for the ``%(name)s`` fields, already formatted for ``lang``.

    >>> text("03.totals", "fr", count=1, waits=1), text("03.open", "fr", count=0, open=0)
    ('**1** attente sur la période.', "**0** encore ouverte : le client n'a pas répondu.")
    >>> text("col.hours", "en")
    'Hours'
    """
    return message(f"nb.{key}", check_lang(lang), count=count, **fields)


def say(key: str, lang: Lang, *, count: float | None = None, **fields: Any) -> Prose:
    """`text` as Markdown: what a notebook cell shows instead of a Markdown cell or a print."""
    return Prose(text(key, lang, count=count, **fields))


def column(name: str, lang: Lang) -> str:
    """The header of a notebook table column (``col.<name>``); unknown names stay as they are."""
    key = f"nb.col.{name}"
    return message(key, check_lang(lang)) if has_message(key, lang) else name
