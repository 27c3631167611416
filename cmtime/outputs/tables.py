"""Tables for people: the frames the notebooks show, as great-tables tables.

`table` takes a small eager frame and the columns to show, each with a kind (hours,
money, percent…). Every value is formatted by the text layer in the notebook's language
(`cmtime.text.tables.shown_table`), numbers are right-aligned, every row is shown (a
long table scrolls inside its box instead of losing rows), and an empty frame gives a
sentence instead of an empty grid. The raw frames stay available in code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from great_tables import GT, loc, style

from cmtime.text.notebooks import Prose
from cmtime.text.tables import Kind, Shown, shown_table

if TYPE_CHECKING:
    from cmtime.text.format import Lang

__all__ = ["Kind", "Table", "table"]

#: Tables longer than this scroll inside a box of `_HEIGHT`: every row stays there.
_SCROLL_ROWS = 15
_HEIGHT = "420px"


@dataclass(frozen=True)
class Table:
    """A table as shown: great-tables HTML in a notebook, aligned text elsewhere.

    ``gt`` is the great-tables object (``gt.as_raw_html()``, ``gt.save(...)``), ``frame``
    the raw frame it was built from, ``shown`` the formatted strings.
    """

    gt: GT
    values: Shown

    @property
    def frame(self) -> Any:
        return self.values.frame

    @property
    def shown(self) -> Any:
        return self.values.shown

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(self.values.headers.values())

    def _repr_html_(self) -> str:
        return str(self.gt.as_raw_html())

    def __repr__(self) -> str:
        rows = [self.headers, *self.values.rows]
        widths = [max(len(str(r[i])) for r in rows) for i in range(len(self.headers))]
        return "\n".join(
            "  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows
        )


def table(
    frame: Any,
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
    values = shown_table(
        frame, columns, lang=lang, currency=currency, headers=headers, unless_zero=unless_zero
    )
    if values is None:
        return Prose(empty)
    gt = (
        GT(values.shown)
        .cols_label(cases=dict[str, Any](values.headers))
        .tab_options(
            table_font_size="14px",
            column_labels_font_weight="bold",
            table_width="auto",
            table_margin_left="0",
        )
        .tab_style(style.text(whitespace="nowrap"), loc.body(columns=list(values.numeric)))
    )
    if values.numeric:
        gt = gt.cols_align("right", columns=list(values.numeric))
    if values.frame.height > _SCROLL_ROWS:
        gt = gt.tab_options(container_height=_HEIGHT, container_overflow_y="auto")
    return Table(gt, values)
