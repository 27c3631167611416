"""JSON arrays with the physical line of every element, for JSON readers.

Watson, Toggl's API and ``timew export`` all write one JSON array of records. Rejections
and origins must point at a line, so the array is decoded element by element with
`json.JSONDecoder.raw_decode`, keeping the line where each element starts.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cmtime.readers._text import InputError, Text

_WS = " \t\r\n"
#: Integers longer than this are read as floats (Python refuses to convert more than
#: 4300 digits, and no time export writes a number of 30 digits): a reader then
#: rejects the value as out of range.
_MAX_DIGITS = 30


def _int(text: str) -> int | float:
    return int(text) if len(text) <= _MAX_DIGITS else float("inf") if text[0] != "-" else float("-inf")


_DECODER = json.JSONDecoder(parse_int=_int)
#: A JSON escape of a UTF-16 surrogate (``\\ud800``): a lone one decodes to a string no
#: encoder can write. Searched once per file (C speed); only a file that has one is walked.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


class TooDeep:
    """An element nested deeper than Python's JSON decoder can go: a reader rejects it."""

    def __repr__(self) -> str:
        return "TooDeep()"


def _value_end(s: str, i: int) -> int:
    """The end of the JSON value starting at ``i``, by counting brackets outside strings
    (linear, no recursion): for an element too deep to decode."""
    depth = 0
    quoted = escaped = False
    while i < len(s):
        ch = s[i]
        if quoted:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
            if depth < 0:
                return i
        elif ch == "," and depth == 0:
            return i
        i += 1
    return i


def _replaced(value: Any, counter: list[int]) -> Any:
    """``value`` with every lone surrogate in its strings (keys too) replaced by U+FFFD,
    counting the strings changed in ``counter[0]``. Iterative: an element may be as deep
    as the decoder allows."""

    def fix(v: Any) -> Any:
        if isinstance(v, str) and _LONE_SURROGATE.search(v):
            counter[0] += 1
            return _LONE_SURROGATE.sub(REPLACEMENT, v)
        return v

    root: list[Any] = [value]
    stack: list[list[Any] | dict[Any, Any]] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
            node.clear()
            for k, v in items:
                node[fix(k)] = v
            keys: list[Any] = list(node)
        else:
            keys = list(range(len(node)))
        for k in keys:
            v = node[k]
            if isinstance(v, list | dict):
                stack.append(v)
            else:
                node[k] = fix(v)
    return root[0]


def _skip(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def _bad(text: Text, exc: json.JSONDecodeError) -> InputError:
    return InputError(
        f"{text.path}: invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})"
    )


def json_array(text: Text, *, limit: int | None = None) -> list[tuple[int, Any]]:
    """The elements of a top-level JSON array, each with the line it starts on (1-based).

    Parameters
    ----------
    text
        The decoded file.
    limit
        Stop after this many elements (sniffing); the rest of the file is not checked.

    A lone UTF-16 surrogate (``"\\ud800"``, which no UTF-8 text can hold) becomes
    U+FFFD, and ``text.notes`` says how many texts were changed.

    Raises
    ------
    InputError
        One line naming the file and the position of the JSON error, or saying that the
        document is not an array.

    >>> from pathlib import Path
    >>> json_array(Text(Path("x.json"), '[\\n {"a": 1},\\n {"a": 2}\\n]', "utf-8"))
    [(2, {'a': 1}), (3, {'a': 2})]
    """
    s = text.text.lstrip("\ufeff")
    i = _skip(s, 0)
    if i >= len(s) or s[i] != "[":
        msg = f"{text.path}: not a JSON array of records (it should start with '[')"
        raise InputError(msg)
    out: list[tuple[int, Any]] = []
    line, counted = 1, 0
    surrogates = _SURROGATE_ESCAPE.search(s) is not None
    fixed = [0]
    i = _skip(s, i + 1)
    if i < len(s) and s[i] == "]":
        return out
    while True:
        if limit is not None and len(out) >= limit:
            return out
        line += s.count("\n", counted, i)
        counted = i
        try:
            value, i = _DECODER.raw_decode(s, i)
        except json.JSONDecodeError as exc:
            raise _bad(text, exc) from exc
        except RecursionError:
            value, i = TooDeep(), _value_end(s, i)
        if surrogates:
            value = _replaced(value, fixed)
        out.append((line, value))
        i = _skip(s, i)
        if i < len(s) and s[i] == ",":
            i = _skip(s, i + 1)
            continue
        if i < len(s) and s[i] == "]":
            break
        err = json.JSONDecodeError("Expecting ',' delimiter", s, i)
        raise _bad(text, err)
    if _skip(s, i + 1) != len(s):
        err = json.JSONDecodeError("Extra data", s, _skip(s, i + 1))
        raise _bad(text, err)
    if fixed[0] and limit is None:
        text.notes.append(
            f"{fixed[0]:,} texts held invalid Unicode (a lone surrogate such as \\ud800): "
            f"each such character is shown as {REPLACEMENT}"
        )
    return out


def first_element(text: Text) -> Any:
    """The first element of a JSON array, or None when the text is not one (for sniffing)."""
    head = text.text.lstrip("\ufeff \t\r\n")
    if not head.startswith("["):
        return None
    try:
        items = json_array(text, limit=1)
    except InputError:
        return None
    return items[0][1] if items else None
