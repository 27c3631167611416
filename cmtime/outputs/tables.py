"""Tables for people: the frames the notebooks show, as great-tables tables.

`table` takes a small eager frame and the columns to show, each with a kind (hours,
money, percent…). Every value is formatted by the text layer in the notebook's language
(``12 h 30``, ``1 250 €``, ``25 %``, ``janv. 2026``), headers come from
`cmtime.text.notebooks.column`, numbers are right-aligned, every row is shown (a long
table scrolls inside its box instead of losing rows), and an empty frame gives a
sentence instead of an empty grid. The raw frames stay available in code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import polars as pl
from great_tables import GT, loc, style

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
from cmtime.text.notebooks import Prose, column

__all__ = ["Kind", "Table", "table"]

#: How a column's values are written.
#: ``text`` as is, ``file`` a path's last part (the file's name), ``label`` through the label table (kinds, activities), ``int``,
#: ``number`` (one decimal), ``days`` (hours shown as days, one decimal), ``hours``,
#: ``money``, ``percent``, ``date``, ``month``.
Kind = Literal[
    "text", "file", "label", "int", "number", "days", "hours", "money", "percent", "date", "month"
]

_NUMERIC = frozenset({"int", "number", "days", "hours", "money", "percent"})
#: Tables longer than this scroll inside a box of `_HEIGHT`: every row stays there.
_SCROLL_ROWS = 15
_HEIGHT = "420px"


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
class Table:
    """A table as shown: great-tables HTML in a notebook, aligned text elsewhere.

    ``gt`` is the great-tables object (``gt.as_raw_html()``, ``gt.save(...)``), ``frame``
    the raw frame it was built from, ``shown`` the formatted strings.
    """

    gt: GT
    frame: pl.DataFrame
    shown: pl.DataFrame
    headers: tuple[str, ...]

    def _repr_html_(self) -> str:
        return str(self.gt.as_raw_html())

    def __repr__(self) -> str:
        rows = [self.headers, *self.shown.rows()]
        widths = [max(len(str(r[i])) for r in rows) for i in range(len(self.headers))]
        return "\n".join(
            "  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows
        )


def table(
    frame: pl.DataFrame,
    columns: Sequence[tuple[str, Kind]],
    *,
    lang: Lang,
    empty: str,
    currency: str = "EUR",
    headers: dict[str, str] | None = None,
    unless_zero: Sequence[str] = (),
) -> Table | Prose:
    """A great-tables table of ``frame`` for people, or the sentence ``empty`` without rows.

    Parameters
    ----------
    frame
        A small eager frame (every row is shown).
    columns
        ``(column name, kind)`` in display order; other columns are left out.
    lang
        ``"fr"`` or ``"en"``: headers (`cmtime.text.notebooks.column`) and formats.
    empty
        What to say when ``frame`` has no row (already in ``lang``).
    currency
        Currency of ``money`` columns.
    headers
        Headers for columns that have none in the text table (a quarter's name…).
    unless_zero
        Columns shown only when some row is not 0 (counts of problems: a column of
        zeros says nothing the sentence above the table does not, and widens it).

    Examples
    --------
    >>> import polars as pl
    >>> t = table(pl.DataFrame({"client": ["A"], "hours": [12.5]}),
    ...           [("client", "text"), ("hours", "hours")], lang="fr", empty="Rien.")
    >>> "12\\u00a0h\\u00a030" in t._repr_html_(), "Heures" in t._repr_html_()
    (True, True)
    >>> table(pl.DataFrame({"client": []}), [("client", "text")], lang="en", empty="Nothing.")
    'Nothing.'
    >>> table(pl.DataFrame({"client": ["A"], "rejected": [0]}), [("client", "text"),
    ...       ("rejected", "int")], lang="en", empty="", unless_zero=["rejected"]).headers
    ('Client',)
    """
    lang = check_lang(lang)
    for name, kind in columns:
        if kind not in get_args(Kind):
            msg = f"unknown column kind {kind!r} for {name!r}; expected one of {get_args(Kind)}"
            raise ValueError(msg)
        if name not in frame.columns:
            msg = f"column {name!r} is not in the frame (columns: {frame.columns})"
            raise ValueError(msg)
    if frame.height == 0:
        return Prose(empty)
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
    numeric = [name for name, kind in columns if kind in _NUMERIC]
    gt = (
        GT(shown)
        .cols_label(cases=dict[str, Any](names))
        .tab_options(
            table_font_size="14px",
            column_labels_font_weight="bold",
            table_width="auto",
            table_margin_left="0",
        )
        .tab_style(style.text(whitespace="nowrap"), loc.body(columns=numeric))
    )
    if numeric:
        gt = gt.cols_align("right", columns=numeric)
    if frame.height > _SCROLL_ROWS:
        gt = gt.tab_options(container_height=_HEIGHT, container_overflow_y="auto")
    return Table(gt, frame, shown, tuple(names.values()))
