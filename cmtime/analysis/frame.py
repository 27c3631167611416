"""The frame of the mission: what the contract says against what happened (DESIGN.md).

Per client, the terms of `cmtime.config.Client` (included hours and carry-over, agreed
delays for validations and material, included revision rounds) are set against the
entries and the waits ledger of a period:

- **the retainer**, per month: ``used_h`` (effort), ``included_h`` (the included hours,
  in proportion to the month's days inside the contract), ``carried_in_h`` and
  ``over_h``. The unused included hours of a month (included - used, at least 0) move
  into the next month by the policy: ``none`` (nothing), ``next_month`` (all of them) or
  ``cap:N`` (at most N). Carried hours live one month: what a month does not use of them
  does not move again. ``over_h`` = used - included - carried in, at least 0.
- **validations and material**: the waits of kind ``waiting_validation`` /
  ``waiting_assets`` asked in the period (wait blocks, and ledger rows whose subject says
  so, with the wait rules). A wait's delay is the number of working days (hours
  calendar, public holidays and days off excluded) after the day of the ask, up to and
  including the day of the answer (same day: 0; open: up to the period's end). Late:
  delay > the agreed days. Days beyond: the working days of late waits past the agreed
  delay and inside the period, each counted once per client however many late waits
  overlap it.
- **revision rounds** per deliverable: the entry's task, else its project, else its
  description, version markers (``V2``, ``v3``, ``3e version``, ``version 4``, ``R2``)
  removed; a ledger row's deliverable is its subject. Rounds = the highest version marker
  - 1 (``V3``: two rounds after the first version), or the number of days with
  ``revisions`` blocks, whichever is larger.
- **lost work**: the effort on a deliverable any of whose blocks is tagged ``abandonné``
  / ``annulé`` / ``cancelled``, or whose ledger row has the status ``abandoned`` or
  ``refused``.

A term not agreed is not measured against: its figures are null (``included_h``,
``late``, ``over``...), the observations (hours used, delays, rounds) stay.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from cmtime.analysis.classify import normalized
from cmtime.analysis.common import Period, hours, in_period, is_effort, now_for
from cmtime.analysis.documents import (
    DeliverableForm,
    DeliverableGroup,
    FrameClient,
    FrameDelays,
    FrameDeliverable,
    FrameDocument,
    FrameMonth,
    FrameRevisions,
)
from cmtime.analysis.waits import until_for, wait_intervals
from cmtime.analysis.worktime import day_calendar
from cmtime.config import Client, Config
from cmtime.schema import WAIT_SCHEMA

#: Version markers: ``V2``, ``v3``, ``R2``, ``3e version``, ``2nd version``, ``version 4``.
VERSION_MARKER = (
    r"(?i)\b[vr]\s?\d{1,2}\b"
    r"|\b\d{1,2}\s*(?:e|ème|eme|è|ere|ère|re|nd|rd|th|st)\s+version\b"
    r"|\bversion\s*\d{1,2}\b"
)
#: Tags that mark a deliverable as abandoned (tags are lower-cased by the readers).
LOST_TAGS = ("abandonné", "abandonne", "abandoned", "annulé", "annule", "cancelled", "canceled")
#: Ledger statuses of lost work (`cmtime.readers.waits_ledger.STATUSES`).
LOST_STATUSES = ("abandoned", "refused")
_KINDS = {"validations": "waiting_validation", "assets": "waiting_assets"}


def _r2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _terms(config: Config, clients: list[str]) -> dict[str, Client]:
    """Each client's configured terms (an empty contract for a client not configured)."""
    out = {}
    for name in clients:
        found = config.client(name)
        out[name] = found if found is not None else Client(name)
    return out


def version_number(text: pl.Expr) -> pl.Expr:
    """The highest version marker of ``text``, null when it has none.

    >>> pl.select(version_number(pl.lit("Affiche soldes V2 puis v3"))).item()
    3
    >>> pl.select(version_number(pl.lit("3e version du flyer"))).item()
    3
    """
    found = text.str.extract_all(VERSION_MARKER)
    return found.list.eval(pl.element().str.extract(r"(\d+)").cast(pl.Int64)).list.max()


def deliverable_name(text: pl.Expr) -> pl.Expr:
    """``text`` without its version markers, trimmed of the separators left around them.

    >>> pl.select(deliverable_name(pl.lit("Affiche soldes - V2"))).item()
    'Affiche soldes'
    """
    return (
        text.str.replace_all(VERSION_MARKER, " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" -\u2013\u2014_:/()[],.#")  # hyphen, en and em dashes
    )


def months(rows: pl.LazyFrame, *, config: Config, period: Period, clients: list[str]) -> pl.DataFrame:
    """Hours used against included hours per client and month, with carry-over.

    Returns
    -------
    pl.DataFrame
        ``client``, ``month`` (first day), ``used_h``, ``included_h``, ``carried_in_h``
        and ``over_h`` (the last three null when no included hours were agreed); a month
        outside the contract with no hours used is left out.
    """
    used = (
        rows.filter(is_effort() & pl.col("client").is_in(clients))
        .group_by("client", month=pl.col("date").dt.month_start())
        .agg(used=pl.col("duration").sum())
        .with_columns(used_h=hours(pl.col("used")))
        .select("client", "month", "used_h")
    )
    first = period.start.replace(day=1)
    grid_months = pl.date_range(first, period.end, "1mo", eager=True).alias("month")
    terms = _terms(config, clients)
    contract = pl.DataFrame(
        {
            "client": clients,
            "included": [terms[c].included_hours for c in clients],
            "carry": [terms[c].carry_over for c in clients],
            "cap": [terms[c].carry_cap for c in clients],
            "c_start": [terms[c].start for c in clients],
            "c_end": [terms[c].end for c in clients],
        },
        schema={
            "client": pl.String,
            "included": pl.Float64,
            "carry": pl.String,
            "cap": pl.Float64,
            "c_start": pl.Date,
            "c_end": pl.Date,
        },
    )
    month_end = pl.col("month").dt.month_end()
    lo = pl.max_horizontal(pl.col("month"), pl.col("c_start").fill_null(pl.col("month")))
    hi = pl.min_horizontal(month_end, pl.col("c_end").fill_null(month_end))
    share = ((hi - lo).dt.total_days() + 1).clip(lower_bound=0) / month_end.dt.day()
    unused = (pl.col("included_h") - pl.col("used_h")).clip(lower_bound=0.0)
    moved = unused.shift(1).over("client", order_by="month").fill_null(0.0)
    carried = (
        pl.when(pl.col("included").is_null())
        .then(None)
        .when(pl.col("carry") == "next_month")
        .then(moved)
        .when(pl.col("carry") == "cap")
        .then(pl.min_horizontal(moved, pl.col("cap")))
        .otherwise(0.0)
    )
    return (
        contract.lazy()
        .join(pl.LazyFrame(grid_months), how="cross")
        .join(used, on=["client", "month"], how="left")
        .with_columns(pl.col("used_h").fill_null(0.0), included_h=pl.col("included") * share)
        .sort("client", "month")
        .with_columns(carried_in_h=carried)
        .with_columns(
            over_h=(pl.col("used_h") - pl.col("included_h") - pl.col("carried_in_h")).clip(lower_bound=0.0)
        )
        # a month outside the contract, with nothing done, says nothing
        .filter(~((pl.col("included_h") == 0.0) & (pl.col("used_h") == 0.0)).fill_null(False))
        .select("client", "month", "used_h", "included_h", "carried_in_h", "over_h")
        .collect()
    )


def delays(
    rows: pl.LazyFrame, ledger: pl.DataFrame, *, config: Config, period: Period
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Validation and material waits asked in the period, their delays in working days.

    Returns
    -------
    tuple[pl.DataFrame, pl.DataFrame]
        The waits (``client``, ``wait_kind``, ``wait``, ``delay_days``) and their working
        days (``client``, ``wait_kind``, ``wait``, ``date``, ``n``: the day's rank in the
        wait, from 1), days after the period's end left out of the second.
    """
    until = until_for(period.end, timezone=config.timezone, now=now_for(config))
    tz = config.timezone
    iv = (
        in_period(wait_intervals(rows, ledger, config=config, until=until), period)
        .filter(pl.col("wait_kind").is_in(list(_KINDS.values())) & pl.col("asked").is_not_null())
        .with_columns(
            wait=pl.int_range(pl.len()),
            first=pl.col("asked").dt.convert_time_zone(tz).dt.date() + pl.duration(days=1),
            last=pl.col("end_used").dt.convert_time_zone(tz).dt.date(),
        )
        .with_columns(
            last=pl.when(pl.col("open")).then(pl.min_horizontal("last", pl.lit(period.end))).otherwise("last")
        )
        .collect()
    )
    empty_days = pl.DataFrame(
        schema={"client": pl.String, "wait_kind": pl.String, "wait": pl.Int64, "date": pl.Date, "n": pl.Int64}
    )
    if iv.is_empty():
        waits = iv.select("client", "wait_kind", pl.col("wait").cast(pl.Int64), delay_days=pl.lit(0, pl.Int64))
        return waits, empty_days
    lo = iv.get_column("first").min()
    hi = max(iv.get_column("last").max(), lo)  # type: ignore[type-var]
    working = day_calendar(config, lo, hi).filter(~pl.col("day_off")).select("date")  # type: ignore[arg-type]
    days = (
        iv.filter(pl.col("last") >= pl.col("first"))
        .select("client", "wait_kind", pl.col("wait").cast(pl.Int64), date=pl.date_ranges("first", "last", "1d"))
        .explode("date")
        .join(working, on="date", how="semi")
        .sort("wait", "date")
        .with_columns(n=pl.int_range(1, pl.len() + 1).over("wait").cast(pl.Int64))
    )
    counted = days.group_by("wait").agg(delay_days=pl.len().cast(pl.Int64))
    waits = (
        iv.select("client", "wait_kind", pl.col("wait").cast(pl.Int64))
        .join(counted, on="wait", how="left")
        .with_columns(pl.col("delay_days").fill_null(0))
    )
    return waits, days.filter(pl.col("date") <= period.end)


def _delay_figures(waits: pl.DataFrame, days: pl.DataFrame, sla: int | None) -> FrameDelays:
    count = waits.height
    median = waits.get_column("delay_days").median() if count else None
    late = beyond = None
    if sla is not None:
        late = waits.filter(pl.col("delay_days") > sla).height
        beyond = days.filter(pl.col("n") > sla).get_column("date").n_unique()
    return FrameDelays(
        count=count,
        late=late,
        sla_days=sla,
        median_days=None if median is None else float(median),  # type: ignore[arg-type]
        days_beyond_sla=beyond,
    )


def _pieces(rows: pl.LazyFrame, ledger: pl.DataFrame, *, clients: list[str]) -> pl.LazyFrame:
    """What deliverables are made of: one row per effort block and per ledger row of the
    clients, with ``source`` (``task``, ``project``, ``description`` or ``ledger``: where its
    name comes from), ``written`` (that text as written), ``described`` (the block's
    description when the name is its task or project, whose markers count too), ``name`` (without its version
    markers), ``key`` (the name normalised: what groups pieces into one deliverable),
    ``version``, ``revision``, ``lost``, ``date``, ``start`` and ``duration``."""
    task, project, desc = pl.col("task"), pl.col("project"), pl.col("description")
    has_task, has_project = task.str.strip_chars() != "", project.str.strip_chars() != ""
    source = pl.when(has_task).then(task).when(has_project).then(project)
    effort = rows.filter(is_effort() & pl.col("client").is_in(clients)).select(
        "client",
        "date",
        "start",
        source=pl.when(has_task).then(pl.lit("task")).when(has_project).then(pl.lit("project")).otherwise(pl.lit("description")),
        written=source.otherwise(desc),
        described=pl.when(has_task | has_project).then(desc).otherwise(pl.lit("")),
        name=deliverable_name(source.otherwise(desc)),
        version=version_number(pl.concat_str([source.fill_null(""), pl.lit(" "), desc])),
        revision=pl.col("activity") == "revisions",
        lost=pl.col("tags").list.eval(pl.element().is_in(LOST_TAGS)).list.any().fill_null(False),
        duration=pl.col("duration"),
    )
    book = ledger.lazy().filter(pl.col("client").is_in(clients))
    from_ledger = book.select(
        "client",
        pl.lit(None, pl.Date).alias("date"),
        pl.col("asked").alias("start"),
        source=pl.lit("ledger"),
        written=pl.col("item").fill_null(""),
        described=pl.lit(""),
        name=deliverable_name(pl.col("item").fill_null("")),
        version=version_number(pl.col("item").fill_null("")),
        revision=pl.lit(False),
        lost=pl.col("status").fill_null("").is_in(LOST_STATUSES),
        duration=pl.lit(dt.timedelta(0), pl.Duration("us")),
    )
    return (
        pl.concat(
            [effort.with_columns(pl.col("duration").cast(pl.Duration("us"))), from_ledger], how="vertical_relaxed"
        )
        .with_columns(key=normalized(pl.col("name")))
        .filter(pl.col("key") != "")
    )


def deliverables(rows: pl.LazyFrame, ledger: pl.DataFrame, *, clients: list[str]) -> pl.DataFrame:
    """Deliverables per client: rounds of revisions and lost effort.

    Returns
    -------
    pl.DataFrame
        ``client``, ``key`` (normalised name), ``name``, ``rounds``, ``markers`` (the
        rounds by version marker), ``days`` (the working days with ``revisions`` blocks),
        ``lost`` (Boolean) and ``effort_h``.
    """
    return (
        _pieces(rows, ledger, clients=clients)
        .sort("start", nulls_last=True)
        .group_by("client", "key")
        .agg(
            name=pl.col("name").first(),
            markers=(pl.col("version").max().fill_null(1) - 1).clip(lower_bound=0),
            days=pl.col("date").filter(pl.col("revision")).n_unique().cast(pl.Int64),
            lost=pl.col("lost").any(),
            effort=pl.col("duration").sum(),
        )
        .select(
            "client",
            "key",
            "name",
            rounds=pl.max_horizontal("markers", "days").cast(pl.Int64),
            markers=pl.col("markers").cast(pl.Int64),
            days="days",
            lost=pl.col("lost"),
            effort_h=hours(pl.col("effort")),
        )
        .sort("client", "key")
        .collect()
    )


def _present(rows: pl.LazyFrame, ledger: pl.DataFrame) -> list[str]:
    """The clients of the entries and the ledger, sorted as people read them."""
    present = (
        pl.concat([rows.select(pl.col("client").cast(pl.String)), ledger.lazy().select(pl.col("client").cast(pl.String))])
        .drop_nulls()
        .unique()
        .collect()
        .get_column("client")
        .to_list()
    )
    return sorted(present, key=lambda n: (n.casefold(), n))


def deliverable_groups(
    rows: pl.LazyFrame, ledger: pl.DataFrame | None, *, clients: list[str] | None = None
) -> list[DeliverableGroup]:
    """How blocks and ledger rows were grouped into deliverables (``cmtime rules``): per
    client and deliverable, its rounds (by version marker and by days of revisions), and
    every text it was read from, with the version marker found in it.

    The groups are those `deliverables` counts rounds on, from the same pieces; the
    clients default to every client of the entries and the ledger. ``rows`` need the
    classified columns (``kind``, ``activity``).
    """
    ledger = ledger if ledger is not None else pl.DataFrame(schema=WAIT_SCHEMA)
    clients = _present(rows, ledger) if clients is None else clients
    groups = deliverables(rows, ledger, clients=clients)
    forms = (
        _pieces(rows, ledger, clients=clients)
        .group_by("client", "key", "source", "written", "described")
        .agg(
            version=pl.col("version").max(),
            blocks=(pl.col("source") != "ledger").sum().cast(pl.Int64),
            hours=hours(pl.col("duration").sum()),
        )
        .sort("client", "key", "written", "described", "source")
        .collect()
    )
    by_group: dict[tuple[str, str], list[DeliverableForm]] = {}
    for f in forms.iter_rows(named=True):
        by_group.setdefault((f["client"], f["key"]), []).append(
            DeliverableForm(
                source=f["source"],
                text=f["written"],
                description=f["described"],
                version=f["version"],
                blocks=f["blocks"],
                hours=round(f["hours"], 2),
            )
        )
    ordered = groups.sort(["client", "rounds", "effort_h", "key"], descending=[False, True, True, False])
    return [
        DeliverableGroup(
            client=g["client"],
            deliverable=g["name"],
            rounds=g["rounds"],
            by_markers=g["markers"],
            revision_days=g["days"],
            lost=g["lost"],
            hours=round(g["effort_h"], 2),
            forms=by_group.get((g["client"], g["key"]), []),
        )
        for g in ordered.iter_rows(named=True)
    ]


def frame_document(
    rows: pl.LazyFrame, ledger: pl.DataFrame | None, *, config: Config, period: Period
) -> FrameDocument:
    """The ``cmtime frame --json`` document: each client's terms against the period.

    Parameters
    ----------
    rows
        Analysed entries inside the period (`cmtime.analysis.scope.Scope.rows`).
    ledger
        Ledger waits (`cmtime.schema.WAIT_SCHEMA`), or None.
    config
        Terms per client, hours calendar, holidays.
    period
        Inclusive local dates.
    """
    book = ledger if ledger is not None else pl.DataFrame(schema=WAIT_SCHEMA)
    book_in = book.filter(
        pl.col("asked").dt.convert_time_zone(config.timezone).dt.date().is_between(period.start, period.end)
    )
    clients = _present(rows, book_in)
    terms = _terms(config, clients)
    month_rows = months(rows, config=config, period=period, clients=clients)
    waits, days = delays(rows, book, config=config, period=period)
    parts = deliverables(rows, book_in, clients=clients)
    # a ledger row's status makes its deliverable lost whenever it was asked
    lost_keys = deliverables(
        rows.filter(pl.lit(False)), book.filter(pl.col("status").is_in(LOST_STATUSES)), clients=clients
    ).select("client", "key")
    parts = (
        parts.join(lost_keys.with_columns(refused=pl.lit(True)), on=["client", "key"], how="left")
        .with_columns(lost=pl.col("lost") | pl.col("refused").fill_null(False))
        .drop("refused")
    )
    out: list[FrameClient] = []
    for name in clients:
        c = terms[name]
        mine = month_rows.filter(pl.col("client") == name)
        month_docs = [
            FrameMonth(
                month=r["month"].strftime("%Y-%m"),
                used_h=_r2(r["used_h"]) or 0.0,
                included_h=_r2(r["included_h"]),
                carried_in_h=_r2(r["carried_in_h"]),
                over_h=_r2(r["over_h"]),
            )
            for r in mine.iter_rows(named=True)
        ]
        figures = {}
        for key, kind in _KINDS.items():
            sla = c.validation_days if key == "validations" else c.assets_days
            figures[key] = _delay_figures(
                waits.filter((pl.col("client") == name) & (pl.col("wait_kind") == kind)),
                days.filter((pl.col("client") == name) & (pl.col("wait_kind") == kind)),
                sla,
            )
        own = parts.filter(pl.col("client") == name)
        included = c.revision_rounds
        listed = own.filter(pl.col("rounds") > 0).sort(["rounds", "name"], descending=[True, False])
        items = [
            FrameDeliverable(
                name=r["name"],
                rounds=r["rounds"],
                over=None if included is None else max(0, r["rounds"] - included),
            )
            for r in listed.iter_rows(named=True)
        ]
        out.append(
            FrameClient(
                client=name,
                months=month_docs,
                validations=figures["validations"],
                assets=figures["assets"],
                revisions=FrameRevisions(
                    included=included,
                    deliverables=items,
                    over=None if included is None else sum(d["over"] or 0 for d in items),
                ),
                lost_h=_r2(float(own.filter(pl.col("lost")).get_column("effort_h").sum())) or 0.0,
            )
        )
    return FrameDocument(
        period={"from": period.start.isoformat(), "to": period.end.isoformat()}, clients=out
    )
