"""A plain-text day log, for people who track their time without a tracker.

The format (UTF-8 text, one line per block)::

    // Semaine 10 : lignes de commentaire
    2026-03-02
    09:00-10:30 [Boulangerie Dupont] stratégie éditoriale #hidden #strategy
    10:30-11:15 [Dupont / Instagram] publication du carrousel
    14:00-14:20 relances devis #chasing
    23:30-00:15 [Café Lune] modération du live

    03/03/2026
    9h-9h45 [Dupont] veille #monitoring
    18:00- [Café Lune] modération

Rules:

- **Date line**: a line holding only a date, ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (day first).
  It applies to the time lines below it, up to the next date line.
- **Time line**: ``START-END text``. Times are ``H:MM``, ``HH:MM``, ``9h``, ``9h30`` (24 h),
  local wall time in the configured time zone; a hyphen, an en dash or an em dash between them, spaces
  allowed. An END earlier than START means the block runs past midnight (next day).
  ``START-`` with no END is a running block: counted as open, not an entry.
- **Client**: an optional ``[Client]`` right after the times; ``[Client / project]``
  also gives the project. Without brackets the client is empty (null): words are never
  guessed to be client names.
- **Tags**: every ``#word`` (letters, digits, ``-``, ``_``), lower-cased; they are removed
  from the description, which is the rest of the text.
- **Comments**: blank lines and lines starting with ``//`` or ``;`` are ignored.
- **Errors**: a time line before any date line, a time line under an unreadable date, an
  impossible date or time, or any other line is rejected with its line number.

``person`` is the configured person; ``billable`` is null.
"""

from __future__ import annotations

import re

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import ERROR, OPEN, finish
from cmtime.readers._parse import first_error, parse_clock, resolve_local
from cmtime.readers._text import LINE, Text
from cmtime.readers.reader import label_key
from cmtime.schema import Reading

NAME = "journal"
LABEL = label_key(NAME)

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_FR_DATE = r"^\d{1,2}/\d{1,2}/\d{4}$"
_CLOCK = r"\d{1,2}(?::\d{2}|h\d{0,2})"
_DASH = "[-\u2013\u2014]"  # hyphen, en dash, em dash
_TIME_LINE = rf"^({_CLOCK})\s*{_DASH}\s*({_CLOCK})?(?:\s+(.*))?$"
_CLIENT = r"^\[([^\]]*)\]\s*(.*)$"
_TAG = r"(?:^|\s)#([\p{L}\p{N}_-]+)"
_SNIFF_TIME = re.compile(rf"^\s*{_CLOCK}\s*{_DASH}", re.MULTILINE)


def _is_comment(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith(("//", ";"))


def sniff(text: Text) -> bool:
    """True when the first non-comment line is a date and some line is a time range."""
    body = text.text.lstrip("\ufeff")
    first = next((ln.strip() for ln in body.splitlines() if not _is_comment(ln)), "")
    is_date = bool(re.match(_ISO_DATE, first) or re.match(_FR_DATE, first))
    return is_date and bool(_SNIFF_TIME.search(body))


def _clock(token: pl.Expr) -> pl.Expr:
    """``9h``, ``9h30``, ``09:30`` as a Duration since midnight."""
    normal = token.str.replace(r"h$", ":00").str.replace("h", ":")
    return parse_clock(normal)


def read(text: Text, *, config: Config) -> Reading:
    """Read a journal file (format in the module docstring) into canonical entries."""
    lines = text.text.lstrip("\ufeff").splitlines()
    df = pl.DataFrame({"__raw": lines}, schema={"__raw": pl.String()}).with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(LINE),
        __t=pl.col("__raw").str.strip_chars(),
    )
    t = pl.col("__t")
    comment = (t == "") | t.str.starts_with("//") | t.str.starts_with(";")
    date_like = t.str.contains(_ISO_DATE) | t.str.contains(_FR_DATE)
    parsed_date = pl.coalesce(
        pl.when(t.str.contains(_ISO_DATE)).then(t.str.strptime(pl.Date, "%Y-%m-%d", strict=False)),
        pl.when(t.str.contains(_FR_DATE)).then(t.str.strptime(pl.Date, "%d/%m/%Y", strict=False)),
    )
    # The current day, carried down to the time lines: -1 marks an unreadable date line.
    day = (
        pl.when(date_like)
        .then(parsed_date.cast(pl.Int32).fill_null(-1))
        .otherwise(None)
        .forward_fill()
    )
    df = df.with_columns(
        __comment=comment,
        __date_like=date_like,
        __date_ok=date_like & parsed_date.is_not_null(),
        __day=day,
    ).filter(~pl.col("__comment") & ~pl.col("__date_ok"))

    g = t.str.extract_groups(_TIME_LINE)
    df = df.with_columns(
        __is_time=t.str.contains(_TIME_LINE),
        __s_tok=g.struct.field("1"),
        __e_tok=g.struct.field("2"),
        __text=g.struct.field("3").fill_null("").str.strip_chars(),
    ).with_columns(
        __s_clock=_clock(pl.col("__s_tok")),
        __e_clock=_clock(pl.col("__e_tok")),
        __date=pl.when(pl.col("__day") >= 0).then(pl.col("__day").cast(pl.Date)),
    )
    sn = pl.col("__date").cast(pl.Datetime("us")) + pl.col("__s_clock")
    en_same = pl.col("__date").cast(pl.Datetime("us")) + pl.col("__e_clock")
    en = (
        pl.when(pl.col("__e_clock") < pl.col("__s_clock"))
        .then(en_same + pl.duration(days=1))
        .otherwise(en_same)
    )
    start, end = resolve_local(sn, en, en - sn, config.timezone)

    bracket = pl.col("__text").str.extract_groups(_CLIENT)
    inside = bracket.struct.field("1")
    client_part = inside.str.split("/").list.first().str.strip_chars()
    project_part = inside.str.split("/").list.slice(1).list.join("/").str.strip_chars()
    rest = pl.coalesce(bracket.struct.field("2"), pl.col("__text"))
    df = df.with_columns(
        start=start,
        end=end,
        __rest=rest,
        client=pl.when(client_part != "").then(client_part),
        project=project_part.fill_null(""),
    ).with_columns(
        person=pl.lit(config.person),
        task=pl.lit(""),
        tags=pl.col("__rest")
        .str.extract_all(_TAG)
        .list.eval(
            pl.element()
            .str.strip_chars()
            .str.strip_chars_start("#")
            .str.to_lowercase()
            .unique(maintain_order=True)
        ),
        description=pl.col("__rest")
        .str.replace_all(_TAG, " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(),
        date=pl.col("__date"),
        duration=(pl.col("end") - pl.col("start")).cast(pl.Duration("us")),
        billable=pl.lit(None, pl.Boolean),
    )
    tz = config.timezone
    shown = pl.concat_str([pl.lit("'"), t.str.slice(0, 40), pl.lit("'")])
    df = df.with_columns(
        first_error(
            [
                (pl.col("__date_like"), pl.format("unreadable date {}", shown)),
                (~pl.col("__is_time"), pl.format("not a date or a time line: {}", shown)),
                (pl.col("__day").is_null(), "time line before any date line"),
                (pl.col("__day") < 0, "time line under an unreadable date line"),
                (
                    pl.col("__s_clock").is_null(),
                    pl.format("unreadable start time '{}'", pl.col("__s_tok")),
                ),
                (
                    pl.col("__e_tok").is_not_null() & pl.col("__e_clock").is_null(),
                    pl.format("unreadable end time '{}'", pl.col("__e_tok")),
                ),
                (
                    pl.col("start").is_null(),
                    f"start time does not exist in {tz} (clocks moved forward that night)",
                ),
                (
                    pl.col("__e_tok").is_not_null() & pl.col("end").is_null(),
                    f"end time does not exist in {tz} (clocks moved forward that night)",
                ),
            ]
        ).alias(ERROR)
    ).with_columns((pl.col("__e_tok").is_null() & pl.col(ERROR).is_null()).alias(OPEN))
    return finish(text.path, NAME, df, source=NAME)
