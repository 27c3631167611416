"""Tables for people, in words: a small frame's values formatted for one language.

`shown_table` takes a small eager frame and the columns to show, each with a kind
(hours, money, percent…), and writes every value in the notebook's language (``12 h 30``,
``1 250 €``, ``25 %``, ``janv. 2026``), with headers from `cmtime.text.notebooks.column`.
`cmtime.outputs.tables` lays the result out as a great-tables table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import polars as pl

from cmtime.text.format import (
    MISSING,
    Lang,
    check_lang,
    date_text,
    hours,
    money,
    month_text,
    number,
    percent,
)
from cmtime.text.labels import label
from cmtime.text.notebooks import column

__all__ = ["NUMERIC", "Kind", "Shown", "shown_table"]

#: How a column's values are written.
#: ``text`` as is, ``file`` a path's last part (the file's name), ``label`` through the label table (kinds, activities), ``int``,
#: ``number`` (one decimal), ``days`` (hours shown as days, one decimal), ``hours``,
#: ``money``, ``percent``, ``date``, ``month``.
Kind = Literal[
    "text", "file", "label", "int", "number", "days", "hours", "money", "percent", "date", "month"
]

NUMERIC = frozenset({"int", "number", "days", "hours", "money", "percent"})


@dataclass(frozen=True)
class _Formatter:
    kind: Kind
    lang: Lang
    currency: str

    def __call__(self, value: Any) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return MISSING
        k, lang = self.kind, self.lang
        if k == "file":
            return str(value).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        if k == "label":
            return label(str(value), lang)
        if k == "int":
            return number(float(value), lang, 0)
        if k == "number":
            return number(float(value), lang, 1)
        if k == "days":
            return number(float(value) / 24, lang, 1)
        if k == "hours":
            return hours(float(value), lang)
        if k == "money":
            return money(float(value), self.currency, lang)
        if k == "percent":
            return percent(float(value), lang)
        if k == "date" and isinstance(value, dt.date):
            return date_text(value, lang)
        if k == "month" and isinstance(value, dt.date):
            return month_text(value, lang, with_year=True)
        return str(value)


@dataclass(frozen=True)
class Shown:
    """A table's values as people read them: ``frame`` the raw frame, ``shown`` the same
    rows as formatted strings, ``headers`` in display order, ``numeric`` the columns to
    right-align."""

    frame: pl.DataFrame
    shown: pl.DataFrame
    headers: dict[str, str]
    numeric: tuple[str, ...]

    @property
    def rows(self) -> list[tuple[str, ...]]:
        return self.shown.rows()


def shown_table(
    frame: pl.DataFrame,
    columns: Sequence[tuple[str, Kind]],
    *,
    lang: Lang,
    currency: str = "EUR",
    headers: dict[str, str] | None = None,
    unless_zero: Sequence[str] = (),
) -> Shown | None:
    """``frame``'s ``columns`` formatted for ``lang`` (`cmtime.outputs.tables.table`
    gives the parameters); None when the frame has no row."""
    lang = check_lang(lang)
    for name, kind in columns:
        if kind not in get_args(Kind):
            msg = f"unknown column kind {kind!r} for {name!r}; expected one of {get_args(Kind)}"
            raise ValueError(msg)
        if name not in frame.columns:
            msg = f"column {name!r} is not in the frame (columns: {frame.columns})"
            raise ValueError(msg)
    if frame.height == 0:
        return None
    quiet = {name for name in unless_zero if not (frame.get_column(name).fill_null(0) != 0).any()}
    columns = [(name, kind) for name, kind in columns if name not in quiet]
    shown = pl.DataFrame(
        {
            name: [_Formatter(kind, lang, currency)(v) for v in frame.get_column(name).to_list()]
            for name, kind in columns
        },
        schema={name: pl.String for name, _ in columns},
    )
    names = {name: (headers or {}).get(name) or column(name, lang) for name, _ in columns}
    numeric = tuple(name for name, kind in columns if kind in NUMERIC)
    return Shown(frame, shown, names, numeric)
