"""A waits ledger, ``waits.csv``: what was asked of a client, when, and when they answered.

Header ``client,item,asked,answered,reminders`` (French ``client,objet,demandé,répondu,
relances`` also works; ``;`` separators and cp1252 files come with `read_table`). The
format is detected by its header: ``client``, ``asked`` and ``answered`` columns.

- ``asked`` and ``answered`` are local wall times in the configured zone
  (``2026-03-02 09:30``, ``2026-03-02T09:30:00``, ``02/03/2026 09:30``) or ISO 8601 with an
  offset (``2026-03-02T09:30+01:00``, ``...Z``). A wall time that happens twice (the clock
  falls back) is read as its first occurrence.
- An empty ``answered`` is an open wait: the client has not answered yet.
- ``reminders`` (optional) is how many times the client was chased; empty means 0.
- ``item`` (optional) says what was asked for ("Validation calendrier de mars").
- ``status`` (optional, French ``statut``) says what became of what was sent:
  ``abandonné`` / ``annulé`` / ``cancelled`` (abandoned), ``refusé`` / ``refused``
  (refused), ``validé`` / ``accepted`` / ``ok`` / ``livré`` (accepted), ``en cours`` /
  ``en attente`` / ``pending`` (pending), or empty. Abandoned and refused pieces are lost
  work in the frame of the mission (DESIGN.md).

Rows with no client, an unreadable date, an answer before the ask, a reminder count
that is not a whole number ≥ 0 or a status of none of these words are rejected with their
line. The waits go into
`Reading.waits` (`WAIT_SCHEMA`); the ledger has no time entries.
"""

from __future__ import annotations

import polars as pl

from cmtime.config import Config
from cmtime.readers._parse import clean, first_error, hash_id, localize, quoted
from cmtime.readers._text import LINE, InputError, Text, column_lookup, header_fields, read_table
from cmtime.readers.native import _instant
from cmtime.readers.reader import label_key
from cmtime.schema import (
    REJECTION_SCHEMA,
    UTC_DT,
    WAIT_SCHEMA,
    Reading,
    empty_stored,
    rejections,
)

NAME = "waits"
LABEL = label_key(NAME)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "client": ("client", "customer"),
    "item": ("item", "objet", "sujet", "subject", "what", "quoi"),
    "asked": ("asked", "asked at", "demandé", "demande", "demandé le", "requested"),
    "answered": ("answered", "answered at", "répondu", "repondu", "répondu le", "reçu", "received"),
    "reminders": ("reminders", "relances", "nudges"),
    "status": ("status", "statut", "état", "etat", "state"),
}
#: The words of the ``status`` column (lower-cased, accents removed), by status.
STATUSES: dict[str, tuple[str, ...]] = {
    "abandoned": ("abandonne", "abandonnee", "abandoned", "annule", "annulee", "cancelled", "canceled"),
    "refused": ("refuse", "refusee", "refused", "rejete", "rejetee", "rejected"),
    "accepted": ("valide", "validee", "validated", "accepte", "acceptee", "accepted", "approved",
                 "ok", "livre", "livree", "delivered", "done", "fait", "termine", "terminee", "publie", "published"),
    "pending": ("en cours", "en attente", "pending", "open", "ouvert", "in progress", "waiting"),
}


def _status(text: pl.Expr) -> pl.Expr:
    """The status a ``status`` cell names (`STATUSES`), "" when empty, null when unknown."""
    bare = (
        text.str.to_lowercase()
        .str.replace_all("[éèêë]", "e")
        .str.replace_all("[àâ]", "a")
        .str.replace_all(r"\s+", " ")
    )
    out: pl.Expr = pl.lit(None, pl.String)
    for status, words in reversed(STATUSES.items()):
        out = pl.when(bare.is_in(words)).then(pl.lit(status)).otherwise(out)
    return pl.when(bare == "").then(pl.lit("")).otherwise(out)
REQUIRED = ("client", "asked", "answered")


def sniff(text: Text) -> bool:
    """True when a CSV header is a waits ledger: client, asked and answered columns."""
    cols = column_lookup(header_fields(text.head), SYNONYMS)
    return all(k in cols for k in REQUIRED)


def _utc(text: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr]:
    """(UTC instant or null, naive wall time or null) of a local or offset date-time."""
    naive, offset = _instant(text)
    fixed = (naive - offset).dt.replace_time_zone("UTC").cast(UTC_DT)
    local = localize(naive, tz, ambiguous="earliest")
    return pl.when(offset.is_not_null()).then(fixed).otherwise(local), naive


def read(text: Text, *, config: Config) -> Reading:
    """Read a waits ledger into `WAIT_SCHEMA` waits (no entries)."""
    table = read_table(text)
    cols = column_lookup(table.frame.columns, SYNONYMS)
    missing = [k for k in REQUIRED if k not in cols]
    if missing:
        msg = (
            f"{text.path}: not a waits ledger, missing column {', '.join(repr(m) for m in missing)}"
        )
        raise InputError(msg)
    tz = config.timezone
    c = cols.get
    asked, asked_naive = _utc(clean(c("asked")), tz)
    answered, answered_naive = _utc(clean(c("answered")), tz)
    reminders_text = clean(c("reminders"))
    df = table.frame.with_columns(
        client=clean(c("client")),
        item=clean(c("item")),
        asked=asked,
        answered=answered,
        __asked_naive=asked_naive,
        __answered_naive=answered_naive,
        __answered_given=clean(c("answered")) != "",
        status=_status(clean(c("status"))),
        reminders=pl.when(reminders_text == "")
        .then(0)
        .otherwise(reminders_text.cast(pl.Int64, strict=False)),
    )
    a, b = cols["asked"], cols["answered"]
    checks: list[tuple[pl.Expr, str | pl.Expr]] = [
        (pl.col("client") == "", "no client"),
        (clean(a) == "", "no asked date"),
        (pl.col("__asked_naive").is_null(), pl.format("unreadable asked date {}", quoted(a))),
        (
            pl.col("__answered_given") & pl.col("__answered_naive").is_null(),
            pl.format("unreadable answered date {}", quoted(b)),
        ),
        (
            pl.col("asked").is_null(),
            f"asked time does not exist in {tz} (clocks moved forward that night)",
        ),
        (
            pl.col("__answered_given") & pl.col("answered").is_null(),
            f"answered time does not exist in {tz} (clocks moved forward that night)",
        ),
        (pl.col("answered") < pl.col("asked"), "answered before it was asked"),
    ]
    r = c("reminders")
    if r is not None:
        checks += [
            (
                pl.col("reminders").is_null(),
                pl.format("reminders {} is not a whole number", quoted(r)),
            ),
            (pl.col("reminders") < 0, pl.format("negative reminders {}", quoted(r))),
        ]
    st = c("status")
    if st is not None:
        hint = "use abandonné, refusé, validé or en cours (abandoned, refused, accepted, pending), or leave it empty"
        checks.append((pl.col("status").is_null(), pl.format(f"unknown status {{}}; {hint}", quoted(st))))
    error = first_error(checks)
    df = df.with_columns(__error=error)
    good = df.filter(pl.col("__error").is_null())
    waits = good.with_columns(
        wait_id=hash_id(NAME, [pl.col("client"), pl.col("item"), pl.col("asked").dt.epoch("us")]),
        origin=pl.concat_str([pl.lit(f"{text.path}:"), pl.col(LINE).cast(pl.String)]),
    ).select([pl.col(name).cast(dtype) for name, dtype in WAIT_SCHEMA.items()])
    broken = table.broken
    rejected = (
        pl.concat(
            [
                df.filter(pl.col("__error").is_not_null()).select(
                    pl.lit(str(text.path)).alias("path"),
                    pl.col(LINE).cast(pl.Int64).alias("line"),
                    pl.col("__error").alias("reason"),
                ),
                rejections(str(text.path), [x[0] for x in broken], [x[1] for x in broken]),
            ]
        )
        .sort("line")
        .cast(REJECTION_SCHEMA)  # type: ignore[arg-type]
    )
    return Reading(
        path=str(text.path),
        format=NAME,
        rows=waits.height + rejected.height,
        stored=empty_stored(),
        rejected=rejected,
        open=0,
        waits=waits,
    )
