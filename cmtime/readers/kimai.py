"""Kimai timesheet export CSV, with English, French or German headers.

Built from Kimai's own export code (no real export was available): the default CSV
template writes ``Date, From, To, Duration, Currency, Price, …, User, E-mail, Customer,
Project, Activity, Description, Billable, Tags, …`` plus custom (meta) fields, translated
into the user's language (French ``Date, De, À, Durée, …, Utilisateur, Client, Projet,
Activité, Description, Facturable, Étiquettes``). Date is ``YYYY-MM-DD`` and From/To are
``HH:MM`` local wall times in the user's zone; a file re-saved by a spreadsheet may have
``DD/MM/YYYY`` dates (the order is inferred from the whole file, see
`cmtime.readers._infer`), ``;`` separators and cp1252.

Duration comes in the three forms Kimai writes: decimal hours (the default template,
``1.5``, ``1`` or ``"1,5"``), ``H:MM`` and ``H:MM:SS``. A column of whole numbers larger
than 48, or one whose header says seconds, is read as seconds. The Duration column is
authoritative; it also decides which instant a wall time means on a DST night, and the
end day when an entry runs past midnight or for days. Kimai rounds decimal hours to
0.01 h, so when From -> To rounds to the same hundredth the exact span is used (20 min,
not 0.33 h = 19 min 48 s); when they differ (a break was deducted) the column stands.

A row with From but no To is a running timer (counted as open). A row with neither
From nor To is a duration-only entry (start and end null). A row with no Date, From or
To, no customer, project, activity or user but a Duration is a totals line written by some spreadsheet exports: skipped, with a
note. An ``ID`` column, when filled, gives the entry id.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import OPEN, content_parts, finish, time_checks, with_errors
from cmtime.readers._infer import (
    DateOrder,
    configured_date_order,
    hours_to_duration,
    infer_date_order,
    parse_clock_any,
    parse_date_ordered,
    parse_decimal,
    uses_12_hour_clock,
)
from cmtime.readers._parse import (
    clean,
    fast_hms,
    hash_id,
    parse_distinct,
    parse_hms_duration,
    quoted,
    refine,
    with_local_instants,
    with_text_columns,
)
from cmtime.readers._text import LINE, InputError, Text, column_lookup, header_fields, read_table
from cmtime.readers.reader import label_key
from cmtime.schema import Reading

NAME = "kimai"
LABEL = label_key(NAME)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("date", "datum"),
    "begin": ("from", "begin", "de", "von"),
    "end": ("to", "end", "à", "a", "bis"),
    "duration": (
        "duration", "durée", "duree", "dauer",
        "duration (seconds)", "duration (s)", "durée (secondes)", "dauer (sekunden)",
    ),
    "alias": ("alias", "name", "nom"),
    "user": ("user", "username", "utilisateur", "identifiant", "benutzer", "benutzername"),
    "email": ("e-mail", "email", "courriel"),
    "customer": ("customer", "client", "kunde"),
    "project": ("project", "projet", "projekt"),
    "activity": ("activity", "activité", "activite", "tätigkeit", "taetigkeit"),
    "description": ("description", "beschreibung"),
    "tags": ("tags", "étiquettes", "etiquettes", "mots-clés", "mots-cles", "schlagworte"),
    "billable": ("billable", "facturable", "abrechenbar"),
    "id": ("id",),
}
#: Headers of other formats that Kimai never writes (Toggl, Clockify, native cmtime).
_FOREIGN = {"start date", "start time", "start", "début", "debut", "duration (h)", "hours"}


def sniff(text: Text) -> bool:
    """True when a CSV header is a Kimai export: Date, From, To, Duration (in any of the
    supported languages) plus Activity or Customer, and none of the Toggl/Clockify
    ``Start date``/``Start time``, Harvest ``Hours`` or native ``start`` columns."""
    fields = header_fields(text.head)
    cols = column_lookup(fields, SYNONYMS)
    norm = {" ".join(f.casefold().split()) for f in fields}
    core = all(k in cols for k in ("date", "begin", "end", "duration"))
    return core and ("activity" in cols or "customer" in cols) and not (norm & _FOREIGN)


def _duration(col: str, frame: pl.DataFrame) -> tuple[pl.Expr, pl.Expr]:
    """Kimai's duration column in whichever of its forms the file uses, and the decimal
    hours of each value written as decimal hours (null for the other forms)."""
    text = clean(col)
    header = col.casefold()
    seconds_header = any(w in header for w in ("second", "sekunde", "(s)"))
    numeric = parse_decimal(pl.col(col))
    whole = frame.select(
        (text.str.contains(r"^\d+$") | (text == "") | text.str.contains(":")).all() & (numeric.max() > 48)
    ).item()
    as_seconds = seconds_header or bool(whole)
    if as_seconds:
        # strict=False: a 20-digit number of seconds overflows to null, an unreadable duration
        from_number = (numeric * 1_000_000).round(0).cast(pl.Int64, strict=False).cast(pl.Duration("us"))
        hours = pl.lit(None, pl.Float64)
    else:
        from_number = hours_to_duration(numeric)
        hours = pl.when(~text.str.contains(":")).then(numeric)
    return pl.when(text.str.contains(":")).then(parse_hms_duration(text)).otherwise(from_number), hours


def read(text: Text, *, config: Config, date_order: DateOrder | None = None) -> Reading:
    """Read a Kimai CSV export into canonical entries.

    Parameters
    ----------
    text
        The decoded file.
    config
        Settings: time zone, the fallback person, and ``date_order`` if the config has it.
    date_order
        Force the order of ambiguous dates (``"dmy"`` or ``"mdy"``).
    """
    table = read_table(text)
    cols = column_lookup(table.frame.columns, SYNONYMS)
    missing = [k for k in ("date", "duration") if k not in cols]
    if missing:
        msg = f"{text.path}: not a Kimai export, missing column {', '.join(repr(m.title()) for m in missing)}"
        raise InputError(msg)
    c = cols.get
    tz = config.timezone
    dcol, ducol = c("date"), c("duration")
    assert dcol
    assert ducol
    frame = table.frame
    keys = ("begin", "end", "customer", "project", "activity", "alias", "user", "email")
    blank = [clean(dcol) == "", *[clean(c(k)) == "" for k in keys if c(k)]]
    totals = pl.all_horizontal(blank) & (clean(ducol) != "")
    n_totals = frame.filter(totals).height
    frame = frame.filter(~totals)
    twelve = uses_12_hour_clock(frame, [c("begin"), c("end")])
    order, note = infer_date_order(
        frame, [dcol], path=text.path, configured=configured_date_order(config, date_order), twelve_hour=twelve
    )
    b_text, e_text = clean(c("begin")), clean(c("end"))
    # Dates and durations repeat: parsed once per distinct text (the duration's form is
    # decided over the distinct values, which is the same as over the column); clock
    # times in Kimai's HH:MM take the fast parse, the others the careful one.
    frame = parse_distinct(frame, {"__date_p": (clean(dcol), lambda t: parse_date_ordered(t, order))})
    frame = frame.with_columns(__b_p=fast_hms(b_text, seconds=False), __e_p=fast_hms(e_text, seconds=False))
    for name, given in (("__b_p", b_text), ("__e_p", e_text)):
        frame = refine(frame, {name: parse_clock_any(given)}, where=pl.col(name).is_null() & (given != ""))
    values = frame.get_column(ducol)
    distinct = pl.DataFrame({ducol: values.unique()})
    dur_expr, hours_expr = _duration(ducol, distinct)
    forms = distinct.select(dur_expr.alias("d"), hours_expr.cast(pl.Float64).alias("h"))
    known = distinct.get_column(ducol)
    frame = frame.with_columns(
        values.replace_strict(known, forms["d"], default=None, return_dtype=pl.Duration("us")).alias("__dur_p"),
        values.replace_strict(known, forms["h"], default=None, return_dtype=pl.Float64).alias("__hours_p"),
    )
    date = pl.col("__date_p")
    b_clock, e_clock = pl.col("__b_p"), pl.col("__e_p")
    duration, dec_hours = pl.col("__dur_p"), pl.col("__hours_p")
    day = pl.duration(days=1)

    df = frame.with_columns(
        __date=date,
        __timed=b_text != "",
        __end_given=e_text != "",
        __dur_given=clean(ducol) != "",
        __dur=duration,
    ).with_columns(
        __sn=pl.col("__date").cast(pl.Datetime("us")) + b_clock,
        __e0=pl.col("__date").cast(pl.Datetime("us")) + e_clock,
    ).with_columns(
        # The end's day: the one that makes From -> To closest to the duration (an entry
        # past midnight, or running for days); without a duration, the next day when To < From.
        __days=pl.when(pl.col("__dur").is_not_null())
        .then(((pl.col("__sn") + pl.col("__dur") - pl.col("__e0")) / day).round(0).cast(pl.Int64))
        .otherwise(pl.when(e_clock < b_clock).then(1).otherwise(0)),
    ).with_columns(
        __en=pl.col("__e0") + pl.duration(days=pl.col("__days")),
    ).with_columns(
        __dur=pl.coalesce(
            pl.col("__dur"), pl.when(pl.col("__timed")).then(pl.col("__en") - pl.col("__sn"))
        ),
        **{OPEN: pl.col("__timed") & ~pl.col("__end_given")},
    )
    df = with_local_instants(df, start="__sn", end="__en", duration="__dur", tz=tz)
    timed = pl.col("__timed")
    df = df.with_columns(
        start=pl.when(timed).then(pl.col("start")),
        end=pl.when(timed).then(pl.col("end")),
    )
    # Decimal hours are rounded to 0.01 h by Kimai: when From -> To rounds to the same
    # hundredth, the exact span is the better figure; otherwise the column stands.
    span = pl.col("end") - pl.col("start")
    same = ((span.dt.total_seconds() / 36).round(0) == (dec_hours * 100).round(0)).fill_null(False)
    df = df.with_columns(__dur=pl.when(timed & same).then(span).otherwise(pl.col("__dur")))
    df = with_text_columns(
        df,
        c,
        default_person=config.person,
        person=("alias", "user", "email"),
        client="customer",
        task="activity",
    ).with_columns(date=pl.col("__date"), duration=pl.col("__dur"))
    bcol, ecol = c("begin") or dcol, c("end") or dcol
    df = with_errors(
        df,
        [
            (pl.col("__date").is_null(), pl.format("unreadable date {}", quoted(dcol))),
            (timed & b_clock.is_null(), pl.format("unreadable start time {}", quoted(bcol))),
            (pl.col("__end_given") & e_clock.is_null(), pl.format("unreadable end time {}", quoted(ecol))),
            (pl.col("__end_given") & ~timed, "an end time without a start time"),
            (pl.col("__dur_given") & duration.is_null(), pl.format("unreadable duration {}", quoted(ducol))),
            (pl.col("__dur").is_null(), "no duration and no start and end times"),
            (pl.col("__dur") < pl.duration(), pl.format("negative duration {}", quoted(ducol))),
            *time_checks(tz, timed=timed),
        ],
    )
    notes = [note] if note else []
    if n_totals:
        notes.append(f"skipped {n_totals} totals line(s) (no date, no times, only a duration)")
    id_expr = None
    if c("id"):
        own = clean(c("id"))
        id_expr = pl.when(own != "").then(pl.format("kimai:{}", own)).otherwise(hash_id(NAME, content_parts(NAME)))
    assert LINE in df.columns
    return finish(text.path, NAME, df, source=NAME, id_expr=id_expr, broken=table.broken, notes=notes)


def read_path(path: Path, *, config: Config, date_order: DateOrder | None = None) -> Reading:
    """Convenience: read a Kimai CSV file by path."""
    from cmtime.readers._text import read_text

    return read(read_text(path), config=config, date_order=date_order)
