"""The message catalogs: ``<lang>/LC_MESSAGES/cmtime.po`` (what translators edit) and the
``cmtime.mo`` Babel compiles from it (what `cmtime.text.messages` reads).

The languages cmtime speaks are the catalogs found: here, and first in the folders named
by ``CMTIME_LOCALE_PATH`` (separated like ``PATH``). The config (``language``), ``--lang``
and every text lookup ask `languages`, so a third language is one more catalog and no
code change. Finding them lists folders; no catalog is read here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Final

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "PATH_VARIABLE",
    "catalog_files",
    "is_language",
    "languages",
    "system_country",
    "system_language",
]

#: The gettext domain: ``cmtime.po`` / ``cmtime.mo``.
DOMAIN: Final = "cmtime"
#: The package's own catalogs.
LOCALE_DIR: Final = Path(__file__).resolve().parent
#: More folders of catalogs, searched first (``os.pathsep``-separated), e.g. a new language.
PATH_VARIABLE: Final = "CMTIME_LOCALE_PATH"


@cache
def _catalogs(extra: str) -> dict[str, Path]:
    """Language -> its ``.mo``, in the folders of ``extra`` first, then the package's."""
    folders = [*(Path(p) for p in extra.split(os.pathsep) if p), LOCALE_DIR]
    out: dict[str, Path] = {}
    for folder in reversed(folders):  # the first folder wins
        if folder.is_dir():
            for mo in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
                out[mo.parent.parent.name] = mo
    return out


def catalog_files(extra: str | None = None) -> dict[str, Path]:
    """Every language with a compiled catalog -> its ``.mo`` file, looked for in the
    folders of ``extra`` (default: ``CMTIME_LOCALE_PATH``), then in the package."""
    return _catalogs(os.environ.get(PATH_VARIABLE, "") if extra is None else extra)


def languages() -> tuple[str, ...]:
    """The languages that have a compiled catalog, in alphabetical order.

    >>> {"en", "fr"} <= set(languages())
    True
    """
    return tuple(sorted(catalog_files()))


def is_language(lang: str) -> bool:
    """Whether ``lang`` has a compiled catalog."""
    return lang in catalog_files()


def _locale_parts(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(language, territory) of the system locale, lower/upper case: ``LC_ALL``, then
    ``LC_MESSAGES``, then ``LANG`` (``fr_CA.UTF-8`` -> ``("fr", "CA")``); empty when unset
    or ``C``/``POSIX``."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            code = value.split(".")[0].split("@")[0]
            if code in ("C", "POSIX"):
                return "", ""
            lang, _, territory = code.partition("_")
            return lang.lower(), territory.upper()
    return "", ""


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The system locale's language when cmtime has a catalog for it, else None.

    >>> system_language({"LANG": "fr_CA.UTF-8"}), system_language({"LANG": "C.UTF-8"})
    ('fr', None)
    """
    lang, _ = _locale_parts(environ)
    return lang if lang and is_language(lang) else None


def system_country(environ: Mapping[str, str] | None = None) -> str | None:
    """The territory of the system locale (``fr_BE.UTF-8`` -> ``BE``), else None.

    >>> system_country({"LC_ALL": "fr_BE.UTF-8", "LANG": "en_US.UTF-8"})
    'BE'
    """
    _, territory = _locale_parts(environ)
    return territory or None
