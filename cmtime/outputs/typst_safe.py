"""What the PDF step hands to Typst, bounded so that one text cannot take the machine.

Typst lays out a grapheme cluster (a letter and the marks stacked on it) as one unit, and
its memory grows with the square of a cluster's length: five descriptions of one letter
and 20 000 combining accents took 8.2 GB, a brand of 30 000 marks 16 GB; a cluster over
64 KiB makes it panic (``pyo3_runtime.PanicException``, a `BaseException`). So, before
the compilation:

- every text is cut to a number of grapheme clusters (`MAX_GRAPHEMES`, a description
  fewer) and each cluster to `MAX_MARKS` marks; a text cut ends with "…", and the caller
  says in the report that texts were shortened;
- the whole input is refused past `MAX_INPUT_CHARS` (it cannot happen with the caps
  above and the report's few tables, so it is a bug's guard, not a user's limit);
- a panic of Typst becomes a `PdfError` naming the client and the field that holds the
  longest cluster.

A "mark" here is what extends a cluster: combining marks (categories Mn, Mc, Me), the
zero-width joiners, variation selectors, emoji modifiers and tags, and conjoining Hangul
jamo; real text needs a few at most.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cmtime.errors import InputError
from cmtime.text.format import Lang
from cmtime.text.report import text

__all__ = ["MAX_GRAPHEMES", "MAX_MARKS", "Bounded", "PdfError", "bound", "compile_pdf", "prepare"]

#: Grapheme clusters kept of one text (a name, a heading, the brand).
MAX_GRAPHEMES = 400
#: Of a description (the report shows at most ten, in a table).
MAX_DESCRIPTION = 200
#: Marks kept on one cluster (Vietnamese stacks two, Zalgo text dozens).
MAX_MARKS = 8
#: The JSON handed to Typst, in characters: far above what the capped report holds.
MAX_INPUT_CHARS = 4 * 2**20
ELLIPSIS = "…"

#: Characters that never start a cluster, beside the Mn/Mc/Me categories.
_EXTENDERS = re.compile(
    "[\u200c\u200d\ufe00-\ufe0f\U000e0020-\U000e007f\U000e0100-\U000e01ef\U0001f3fb-\U0001f3ff"
    "\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
#: A quick test: a text with none of these (nor any non-ASCII) needs no walk.
_ASCII = re.compile(r"[\x00-\x7f]*")


class PdfError(InputError):
    """The PDF could not be laid out; the message names the client and the field."""


def _is_mark(ch: str) -> bool:
    return bool(_EXTENDERS.match(ch)) or unicodedata.category(ch) in ("Mn", "Mc", "Me")


@dataclass
class Bounded:
    """What `bound` changed: the fields shortened, and the field with the longest cluster."""

    shortened: list[str]
    longest_field: str = ""
    longest_cluster: int = 0


def _bound_text(text: str, limit: int) -> tuple[str, bool, int]:
    """``text`` cut to ``limit`` clusters (the last one an ellipsis when cut), each of at
    most `MAX_MARKS` marks; whether it changed; its longest cluster kept, in characters.
    Linear in the text."""
    if _ASCII.fullmatch(text):
        if len(text) <= limit:
            return text, False, 1 if text else 0
        return text[: limit - 1] + ELLIPSIS, True, 1
    out: list[str] = []
    clusters = longest = run = last = 0
    changed = False
    for ch in text:
        if clusters and _is_mark(ch):
            if run > MAX_MARKS:  # the base and MAX_MARKS marks are kept
                changed = True
                continue
            run += 1
            longest = max(longest, run)
            out.append(ch)
            continue
        if clusters == limit:  # one cluster too many: the last one kept becomes "…"
            del out[last:]
            out.append(ELLIPSIS)
            return "".join(out), True, longest
        clusters += 1
        last, run = len(out), 1
        longest = max(longest, 1)
        out.append(ch)
    return "".join(out), changed, longest


def bound(value: Any, *, path: str = "", limits: Callable[[str], int] | None = None, seen: Bounded | None = None) -> tuple[Any, Bounded]:
    """``value`` (the JSON-like data for Typst) with every text bounded; and what changed.

    ``limits`` gives the cluster cap of a field from its path (``descriptions.3.task``);
    by default a description (a ``task``) gets `MAX_DESCRIPTION`, every other text `MAX_GRAPHEMES`.

    >>> data, what = bound({"client": "ZZ" + "\\u0336" * 33000, "months": ["mars"]})
    >>> len(data["client"]), what.shortened, what.longest_field
    (10, ['client'], 'client')
    """
    seen = seen if seen is not None else Bounded([])
    cap = limits or _default_limit
    if isinstance(value, str):
        text, changed, longest = _bound_text(value, cap(path))
        if changed:
            seen.shortened.append(path)
        if longest > seen.longest_cluster:
            seen.longest_cluster, seen.longest_field = longest, path
        return text, seen
    if isinstance(value, dict):
        return {k: bound(v, path=f"{path}.{k}" if path else str(k), limits=limits, seen=seen)[0] for k, v in value.items()}, seen
    if isinstance(value, list | tuple):
        return [bound(v, path=f"{path}.{i}", limits=limits, seen=seen)[0] for i, v in enumerate(value)], seen
    return value, seen


def _default_limit(path: str) -> int:
    return MAX_DESCRIPTION if _field(path) == "task" else MAX_GRAPHEMES


def _field(path: str) -> str:
    """The name of the field at ``path`` (``sections.4.rows.0.task`` -> ``task``)."""
    return next((p for p in reversed(path.split(".")) if not p.isdigit()), path)


def prepare(context: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """The report's data for Typst, bounded (`bound`); when a text was shortened, the
    footer says which fields (each cut text also ends with "…")."""
    bounded, what = bound(context)
    data: dict[str, Any] = bounded
    if what.shortened:
        fields = ", ".join(dict.fromkeys(_field(p) for p in what.shortened))
        note = text("pdf.shortened", lang).format(fields=fields)
        data["footer"] = f"{data.get('footer', '')} · {note}"
    return data


def compile_pdf(template: bytes, *, root: str, data: dict[str, Any], client: str) -> bytes:
    """Compile the Typst ``template`` to PDF with ``data`` as ``sys.inputs.data``.

    The data must already be bounded (`bound`). Typst's panic, a `BaseException`, and its
    errors become a `PdfError` naming ``client`` and the field with the longest cluster.
    """
    import typst

    payload = json.dumps(data, ensure_ascii=False)
    if len(payload) > MAX_INPUT_CHARS:
        msg = f"the PDF for {client!r} was not made: its texts hold {len(payload):,} characters, over {MAX_INPUT_CHARS:,}"
        raise PdfError(msg)
    try:
        # typst's stubs want the source and the root of one type; the root is a folder,
        # which typst accepts only as a str
        pdf: bytes = typst.compile(template, root=root, sys_inputs={"data": payload}, format="pdf")  # type: ignore[call-overload]
        return pdf
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # pyo3_runtime.PanicException derives from BaseException
        _, what = bound(data)
        field = f" (field {what.longest_field!r})" if what.longest_field else ""
        first = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        msg = f"the PDF for {client!r} could not be laid out{field}: Typst stopped ({type(exc).__name__}: {first})"
        raise PdfError(msg) from exc
