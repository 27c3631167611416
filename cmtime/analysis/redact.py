"""Redaction of personal and secret details in free text shown to a client.

Task descriptions come from the freelancer's own tracker and sometimes hold what a
client must never receive: a colleague's e-mail address, a URL with a login and password
in it, the path of a file on the freelancer's computer. `redact` replaces each with a
short placeholder; the share report calls it on every description it prints, even with
``--with-descriptions``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Names", "redact", "redact_names"]

#: user:password@ in a URL (any scheme), e.g. https://lea:s3cret@drive.example.com/x
_URL_CREDENTIALS = re.compile(r"\b([a-z][a-z0-9+.-]*://)[^\s/@:]+(?::[^\s/@]*)?@", re.IGNORECASE)
#: URLs whose query carries a secret: token=, key=, password=, sig=, ...
_URL_SECRET_QUERY = re.compile(
    r"\b((?:https?|ftp)://[^\s?#]+)\?[^\s#]*\b(?:token|key|apikey|api_key|password|passwd|pwd|secret|sig|signature|auth|access_token)=[^\s#]*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
#: /home/…, /Users/…, ~/…, C:\…, \\server\share\…: at least two path parts
_POSIX_PATH = re.compile(r"(?<![\w:/.])(?:~|/[\w.-]+)(?:/[^\s/\"'<>|,;]+)+/?")
_WINDOWS_PATH = re.compile(r"(?<!\w)(?:[a-z]:\\|\\\\[\w.-]+\\)[^\s\"'<>|,;]*(?:\\[^\s\"'<>|,;]*)*", re.IGNORECASE)

EMAIL = "[e-mail]"
CREDENTIALS = "[credentials]@"
PATH = "[path]"
SECRET = "[link with a secret]"


def redact(text: str) -> str:
    """``text`` with e-mail addresses, credentials in URLs and absolute file paths replaced.

    A URL keeps its host and path (a client may know the page), minus any
    ``user:password@`` and any query that carries a token or password. Plain URLs
    (``https://example.com/page``) are kept.

    >>> redact("Envoyé à lea@example.org depuis /home/lea/Clients/Dupont/devis.pdf")
    'Envoyé à [e-mail] depuis [path]'
    >>> redact("Maquette sur https://lea:s3cret@drive.example.com/maquette")
    'Maquette sur https://[credentials]@drive.example.com/maquette'
    >>> redact(r"Fichier C:\\Users\\Lea\\Desktop\\post.png, voir https://example.com/a/b")
    'Fichier [path], voir https://example.com/a/b'
    """
    if not text:
        return text
    out = _URL_CREDENTIALS.sub(lambda m: m[1] + CREDENTIALS, text)
    out = _URL_SECRET_QUERY.sub(lambda m: m[1] + "?" + SECRET, out)
    out = _EMAIL.sub(EMAIL, out)
    out = _mask_paths(out)
    return out


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def _mask_paths(text: str) -> str:
    """Replace absolute paths outside URLs (a URL's own path is not a file path)."""
    pieces: list[str] = []
    at = 0
    for m in _URL.finditer(text):
        pieces.append(_paths(text[at : m.start()]))
        pieces.append(m[0])
        at = m.end()
    pieces.append(_paths(text[at:]))
    return "".join(pieces)


def _paths(text: str) -> str:
    return _WINDOWS_PATH.sub(PATH, _POSIX_PATH.sub(PATH, text))


OTHER_CLIENT = "[client]"


def _fold(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Names:
    """Other clients' names to hide in one client's texts, and that client's own names
    (never hidden, even when another name is part of them). Matched as whole words,
    case- and accent-insensitively; names under 3 letters are not matched."""

    pattern: re.Pattern[str] | None
    own: frozenset[str]

    @classmethod
    def of(cls, others: Iterable[str], own: Iterable[str]) -> Names:
        mine = {" ".join(_fold(n).split()) for n in own}
        theirs = {" ".join(_fold(n).split()) for n in others} - mine
        theirs = {n for n in theirs if len(n.replace(" ", "")) >= 3}
        if not theirs:
            return cls(None, frozenset(mine))
        # longest first: "boulangerie dupont" (own) wins over "boulangerie" (another's)
        alts = sorted(theirs | {n for n in mine if n}, key=len, reverse=True)
        body = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in alts)
        return cls(re.compile(rf"(?<!\w)(?:{body})(?!\w)"), frozenset(mine))


def redact_names(text: str, names: Names) -> str:
    """``text`` with every other client's name or alias replaced by ``[client]``.

    >>> names = Names.of(["Lumen", "Café Noir"], own=["Dupont"])
    >>> redact_names("Comme la campagne LUMEN et le cafe noir, pour Dupont", names)
    'Comme la campagne [client] et le [client], pour Dupont'
    """
    if names.pattern is None or not text:
        return text
    folded: list[str] = []
    where: list[int] = []  # the original index of each folded character
    for i, ch in enumerate(text):
        f = _fold(ch)
        folded.append(f)
        where.extend([i] * len(f))
    flat = "".join(folded)
    out: list[str] = []
    at = 0
    for m in names.pattern.finditer(flat):
        if " ".join(m.group(0).split()) in names.own or m.end() == m.start():
            continue
        start, end = where[m.start()], where[m.end() - 1] + 1
        out += [text[at:start], OTHER_CLIENT]
        at = end
    return "".join([*out, text[at:]]) if out else text
