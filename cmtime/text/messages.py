"""The one message catalog: every text a person reads, looked up by its id.

The texts live in gettext catalogs, one per language, under ``cmtime/locale``::

    cmtime/locale/fr/LC_MESSAGES/cmtime.po   # what translators edit
    cmtime/locale/fr/LC_MESSAGES/cmtime.mo   # what `message` reads (``make messages``)

Code holds message ids (``iceberg.title``, ``cli.warn.skipped``), never sentences. A text
with fields names them, Python style (``%(hours)s``, ``%(kind)r``); a text that counts
something has one form per plural form of its language (``msgid_plural``), chosen by the
catalog's ``Plural-Forms`` header; a variant of a text for a context (the report's
``nous``) is a ``msgctxt``. The languages are the catalogs found, so a third language is
one new ``.po`` file and no code change. Folders named in ``CMTIME_LOCALE_PATH``
(separated like ``PATH``) are searched before the package's own.

Id namespaces: chart and report labels have bare ids (``visible``, ``axis.hours``); the
command line's texts start with ``cli.``, the notebooks' with ``nb.``, the client
report's with ``report.``, rejection reasons with ``reason.``, durations with
``duration.``.

A catalog is read once, on the first lookup in its language, so importing this module
reads nothing.

>>> message("hidden", "fr")
'Invisible'
>>> message("cli.blocks", "en", count=2, n=2)
'2 blocks'
>>> message("report.days", "fr", count=1.5, n="1,5")
'1,5 jour'
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

from cmtime.locale import DOMAIN, LOCALE_DIR, PATH_VARIABLE, catalog_files, is_language, languages

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "NAMESPACES",
    "PATH_VARIABLE",
    "Catalog",
    "Table",
    "all_forms",
    "catalog",
    "format_template",
    "has_message",
    "is_language",
    "languages",
    "message",
    "message_ids",
    "plural_rule",
    "template",
]

#: The language every other one falls back to, message by message (a text not translated yet).
SOURCE_LANGUAGE: Final = "en"
#: Id prefixes of the texts that are not chart or report labels.
NAMESPACES: Final = ("cli", "nb", "report", "reason", "duration")

_CONTEXT_GLUE: Final = "\x04"  # how gettext joins a msgctxt to its msgid


# -- plural forms -----------------------------------------------------------------------------

_TOKEN: Final = re.compile(r"\s*(?:(n\b)|(\d+)|(&&|\|\||[=!<>]=|[-+*/%<>!?:()]))")


def plural_rule(expression: str) -> Callable[[float], int]:
    """The plural form index of a count, from a ``Plural-Forms`` C expression.

    gettext evaluates the expression on whole numbers; here it is evaluated on the
    count's absolute value as a real number, so a catalog can say how ``1,5 jour`` goes:
    French writes ``plural=(n >= 2)``, which is ``n > 1`` for whole numbers and keeps
    ``0,5`` and ``1,5`` singular, as CLDR does; English ``plural=(n != 1)`` makes them
    plural. ``/`` and ``%`` keep C's integer meaning on whole numbers.

    >>> [plural_rule("(n >= 2)")(n) for n in (0, 1, 1.5, 2)]
    [0, 0, 0, 1]
    >>> rule = plural_rule("n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2")
    >>> [rule(n) for n in (1, 3, 12, 22, 25)]
    [0, 1, 2, 1, 2]
    """
    tokens: list[str] = []
    pos = 0
    text = expression.strip().rstrip(";")
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            msg = f"unreadable plural expression {expression!r} at {text[pos:]!r}"
            raise ValueError(msg)
        tokens.append(m[1] or m[2] or m[3])
        pos = m.end()
    tree, rest = _ternary(tokens)
    if rest:
        msg = f"unreadable plural expression {expression!r} at {' '.join(rest)!r}"
        raise ValueError(msg)

    def index(count: float) -> int:
        return int(tree(abs(count)))

    return index


_Node = Callable[[float], float]
_BINARY: Final[tuple[tuple[str, ...], ...]] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)


def _apply(op: str, a: float, b: float) -> float:
    if op == "||":
        return float(bool(a) or bool(b))
    if op == "&&":
        return float(bool(a) and bool(b))
    if op in ("==", "!=", "<", ">", "<=", ">="):
        return float(
            {"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        )
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        msg = "division by zero in a plural expression"
        raise ZeroDivisionError(msg)
    whole = float(a).is_integer() and float(b).is_integer()
    if op == "/":
        return float(int(a) // int(b)) if whole else a / b
    return float(int(a) % int(b)) if whole else a % b


def _ternary(tokens: list[str]) -> tuple[_Node, list[str]]:
    cond, rest = _binary(tokens, 0)
    if rest[:1] != ["?"]:
        return cond, rest
    yes, rest = _ternary(rest[1:])
    if rest[:1] != [":"]:
        msg = "a plural expression's '?' has no ':'"
        raise ValueError(msg)
    no, rest = _ternary(rest[1:])
    return (lambda n: yes(n) if cond(n) else no(n)), rest


def _binary(tokens: list[str], level: int) -> tuple[_Node, list[str]]:
    if level == len(_BINARY):
        return _unary(tokens)
    left, rest = _binary(tokens, level + 1)
    while rest and rest[0] in _BINARY[level]:
        op = rest[0]
        right, rest = _binary(rest[1:], level + 1)
        left = (lambda a, b, o: lambda n: _apply(o, a(n), b(n)))(left, right, op)
    return left, rest


def _unary(tokens: list[str]) -> tuple[_Node, list[str]]:
    if not tokens:
        msg = "a plural expression ends too early"
        raise ValueError(msg)
    head, rest = tokens[0], tokens[1:]
    if head == "!":
        inner, rest = _unary(rest)
        return (lambda n: float(not inner(n))), rest
    if head == "-":
        inner, rest = _unary(rest)
        return (lambda n: -inner(n)), rest
    if head == "(":
        inner, rest = _ternary(rest)
        if rest[:1] != [")"]:
            msg = "a plural expression's '(' is not closed"
            raise ValueError(msg)
        return inner, rest[1:]
    if head == "n":
        return (lambda n: n), rest
    if head.isdigit():
        value = float(head)
        return (lambda _n: value), rest
    msg = f"unexpected {head!r} in a plural expression"
    raise ValueError(msg)


# -- catalogs ---------------------------------------------------------------------------------


class Catalog(gettext.GNUTranslations):
    """One language's compiled messages (a ``.mo`` file), plural forms chosen on real counts."""

    nplurals: int

    def _parse(self, fp: Any) -> None:
        super()._parse(fp)
        forms = dict(
            part.strip().split("=", 1)
            for part in self.info().get("plural-forms", "nplurals=2; plural=(n != 1);").split(";")
            if "=" in part
        )
        self.nplurals = int(forms.get("nplurals", "2"))
        self.plural = plural_rule(forms.get("plural", "(n != 1)"))

    def forms(self, msgid: str) -> str | tuple[str, ...] | None:
        """The text of ``msgid`` (its plural forms, in order, for a counted text), or None."""
        found: dict[object, str] = self._catalog  # type: ignore[attr-defined]
        text = found.get(msgid)
        if text is not None:
            return text
        if (msgid, 0) not in found:
            return None
        return tuple(found[(msgid, i)] for i in range(self.nplurals) if (msgid, i) in found)

    def ids(self) -> Iterator[str]:
        """Every message id of this catalog (with its context, ``ctx\\x04id``), header aside."""
        found: dict[object, str] = self._catalog  # type: ignore[attr-defined]
        for key in found:
            msgid = key[0] if isinstance(key, tuple) else key
            if msgid and (not isinstance(key, tuple) or key[1] == 0):
                yield str(msgid)


@cache
def _load(path: Path, fallback: Path | None) -> Catalog:
    with path.open("rb") as fp:
        found = Catalog(fp)
    if fallback is not None:
        found.add_fallback(_load(fallback, None))
    return found


def catalog(lang: str) -> Catalog:
    """The catalog of ``lang``, read on first use (a text it lacks comes from English).

    Raises `ValueError` quoting ``lang`` when no catalog of that language exists.
    """
    return _catalog(lang, os.environ.get(PATH_VARIABLE, ""))


@cache
def _catalog(lang: str, extra: str) -> Catalog:
    found = catalog_files(extra)
    path = found.get(lang)
    if path is None:
        msg = f"unknown language {lang!r}: expected one of {', '.join(map(repr, sorted(found)))}"
        raise ValueError(msg)
    source = found.get(SOURCE_LANGUAGE)
    return _load(path, None if source in (None, path) else source)


def _pick(place: Catalog, forms: str | tuple[str, ...], count: float | None) -> str:
    if isinstance(forms, str):
        return forms
    # without a count, the last form: the general plural ("other")
    i = len(forms) - 1 if count is None else place.plural(count)
    return forms[min(i, len(forms) - 1)]


def _lookup(key: str, lang: str, count: float | None, context: str | None) -> str | None:
    place: gettext.NullTranslations | None = catalog(lang)
    while isinstance(place, Catalog):  # the language, then English for what it lacks
        if context:
            forms = place.forms(f"{context}{_CONTEXT_GLUE}{key}")
            if forms:
                return _pick(place, forms, count)
        forms = place.forms(key)
        if forms:
            return _pick(place, forms, count)
        place = place._fallback  # type: ignore[attr-defined]
    return None


def has_message(key: str, lang: str = SOURCE_LANGUAGE, *, context: str | None = None) -> bool:
    """Whether ``key`` has a text in ``lang`` (or in English, which it falls back to)."""
    return _lookup(key, lang, None, context) is not None


def message(
    key: str,
    lang: str,
    *,
    count: float | None = None,
    context: str | None = None,
    **fields: object,
) -> str:
    """The text ``key`` in ``lang``, its ``%(fields)s`` filled in: the one lookup of cmtime.

    Parameters
    ----------
    key
        A message id; one no catalog has raises `KeyError` (a typo is a bug, not a text).
    lang
        A language with a catalog (`languages`); another raises `ValueError`.
    count
        For a counted text, the number it counts: the catalog's plural rule picks the
        form. Without it, the last form (the general plural).
    context
        A variant of the text (``msgctxt``), e.g. ``"nous"``; a text without that
        variant is the plain one.
    **fields
        The values of the text's ``%(name)s`` fields. Without fields the text comes back
        as it is written (a ``%`` in it stays a ``%``).
    """
    text = _lookup(key, lang, count, context)
    if text is None:
        raise KeyError(key)
    return text % fields if fields else text


_FIELD: Final = re.compile(r"%(?:\((\w+)\)([sr])|%)")


def format_template(text: str) -> str:
    """A catalog text as a `str.format` template: ``%(hours)s`` -> ``{hours}``,
    ``%(kind)r`` -> ``{kind!r}``, ``%%`` -> ``%``.

    >>> format_template("%(share)s of %(total)r, 100%%")
    '{share} of {total!r}, 100%'
    """
    return _FIELD.sub(
        lambda m: "%" if m[0] == "%%" else "{" + m[1] + "!r" * (m[2] == "r") + "}", text
    )


def template(key: str, lang: str, *, count: float | None = None, context: str | None = None) -> str:
    """The text ``key`` as a `str.format` template (``{hours}``, ``{kind!r}``), for the
    callers that fill it in themselves; `message` fills it in directly.

    >>> template("iceberg.share", "en")
    '{share} hidden'
    """
    return format_template(message(key, lang, count=count, context=context))


def all_forms(prefix: str, lang: str) -> list[str]:
    """Every text of ``lang``'s own catalog whose id starts with ``prefix``: every plural
    form, every context."""
    cat = catalog(lang)
    out: list[str] = []
    for msgid in cat.ids():
        if msgid.rsplit(_CONTEXT_GLUE, 1)[-1].startswith(prefix):
            forms = cat.forms(msgid)
            out += [forms] if isinstance(forms, str) else list(forms or ())
    return out


def message_ids(lang: str = SOURCE_LANGUAGE) -> frozenset[str]:
    """Every message id of ``lang``'s own catalog (without its English fallback)."""
    return frozenset(catalog(lang).ids())


class Table(Mapping[str, Mapping[str, str]]):
    """A read-only view of the catalogs: ``table[key][lang]`` is `template` (a counted
    text gives its general plural). Nothing is copied: every read goes to `message`.

    Parameters
    ----------
    prefix
        The ids under ``prefix`` (without it, as the old tables keyed them); ``""`` for
        the bare ids of the chart and report labels.
    """

    def __init__(self, prefix: str = "") -> None:
        self._prefix = prefix

    def _keys(self) -> list[str]:
        ids = sorted(i for i in message_ids() if _CONTEXT_GLUE not in i)
        if self._prefix:
            return [i.removeprefix(self._prefix) for i in ids if i.startswith(self._prefix)]
        return [i for i in ids if i.split(".", 1)[0] not in NAMESPACES]

    def __getitem__(self, key: str) -> Mapping[str, str]:
        full = self._prefix + key
        if key not in self._keys():
            raise KeyError(key)
        return {lang: template(full, lang) for lang in languages()}

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())
