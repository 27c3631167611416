"""The bulk sample written in other trackers' CSV layouts, for the per-reader benchmark rows.

Benchmark-only: cmtime's own `cmtime sample` writes Toggl and native CSV; these writers put
the same generated blocks (`cmtime.sample.generate`) into the layouts the other CSV readers
take, with the headers of the real exports in ``../shared/corpus`` (Clockify's detailed
report with dd/mm/yyyy dates, Harvest's time report with decimal hours, Kimai's English
export). Every file holds the same rows as the Toggl file of the same size.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cmtime.sample.synthetic import _hms, generate, write_native, write_toggl


def _hours(duration: pl.Expr) -> pl.Expr:
    return (duration.dt.total_seconds() / 3600).round(2).cast(pl.String)


def _yes(flag: pl.Expr) -> pl.Expr:
    return pl.when(flag).then(pl.lit("Yes")).otherwise(pl.lit("No"))


def write_clockify(df: pl.DataFrame, path: Path) -> Path:
    """Clockify detailed report, European layout (dd/mm/yyyy, 24 h)."""
    start, end = pl.col("start_local"), pl.col("end_local")
    df.select(
        pl.col("project").alias("Project"),
        pl.col("client").alias("Client"),
        pl.col("description").alias("Description"),
        pl.col("task").alias("Task"),
        pl.col("person").alias("User"),
        pl.lit("").alias("Group"),
        pl.col("email").alias("Email"),
        pl.col("tags").list.join(", ").alias("Tags"),
        _yes(pl.col("billable")).alias("Billable"),
        start.dt.strftime("%d/%m/%Y").alias("Start Date"),
        start.dt.strftime("%H:%M:%S").alias("Start Time"),
        end.dt.strftime("%d/%m/%Y").alias("End Date"),
        end.dt.strftime("%H:%M:%S").alias("End Time"),
        _hms(pl.col("duration")).alias("Duration (h)"),
        _hours(pl.col("duration")).alias("Duration (decimal)"),
        pl.lit("60.00").alias("Billable Rate (EUR)"),
        pl.lit("0.00").alias("Billable Amount (EUR)"),
        start.dt.strftime("%d/%m/%Y").alias("Date of creation"),
    ).write_csv(path)
    return path


def write_harvest(df: pl.DataFrame, path: Path) -> Path:
    """Harvest time report: a date and decimal hours, no clock times."""
    names = pl.col("person").str.split_exact(" ", 1)
    df.select(
        pl.col("start_local").dt.strftime("%Y-%m-%d").alias("Date"),
        pl.col("client").alias("Client"),
        pl.col("project").alias("Project"),
        pl.lit("").alias("Project Code"),
        pl.col("task").alias("Task"),
        pl.col("description").alias("Notes"),
        _hours(pl.col("duration")).alias("Hours"),
        _yes(pl.col("billable")).alias("Billable?"),
        pl.lit("No").alias("Invoiced?"),
        pl.lit("No").alias("Approved?"),
        names.struct.field("field_0").alias("First Name"),
        names.struct.field("field_1").fill_null("").alias("Last Name"),
        pl.lit("").alias("Roles"),
        pl.lit("Yes").alias("Employee?"),
        pl.lit("60.0").alias("Billable Rate"),
        pl.lit("0.0").alias("Billable Amount"),
        pl.lit("0.0").alias("Cost Rate"),
        pl.lit("0.0").alias("Cost Amount"),
        pl.lit("Euro - EUR").alias("Currency"),
        pl.lit("").alias("External Reference URL"),
    ).write_csv(path)
    return path


def write_kimai(df: pl.DataFrame, path: Path) -> Path:
    """Kimai CSV export, English headers, decimal-hour durations."""
    start, end = pl.col("start_local"), pl.col("end_local")
    df.select(
        start.dt.strftime("%Y-%m-%d").alias("Date"),
        start.dt.strftime("%H:%M").alias("From"),
        end.dt.strftime("%H:%M").alias("To"),
        _hours(pl.col("duration")).alias("Duration"),
        pl.lit("EUR").alias("Currency"),
        pl.lit("0").alias("Price"),
        pl.col("person").alias("User"),
        pl.col("email").alias("E-mail"),
        pl.col("client").alias("Customer"),
        pl.col("project").alias("Project"),
        pl.col("task").alias("Activity"),
        pl.col("description").alias("Description"),
        _yes(pl.col("billable")).alias("Billable"),
        pl.col("tags").list.join(",").alias("Tags"),
    ).write_csv(path)
    return path


WRITERS = {
    "toggl": write_toggl,
    "clockify": write_clockify,
    "harvest": write_harvest,
    "kimai": write_kimai,
    "cmtime": write_native,
}


def write_formats(n: int, folder: Path, formats: list[str] | None = None) -> dict[str, Path]:
    """The ``n``-row bulk sample in each CSV layout (files reused when already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = formats or list(WRITERS)
    paths = {fmt: folder / f"{fmt}_2026_{n}.csv" for fmt in wanted}
    missing = [fmt for fmt, p in paths.items() if not p.exists()]
    if missing:
        df = generate(entries=n)
        for fmt in missing:
            tmp = paths[fmt].with_suffix(".tmp")
            WRITERS[fmt](df, tmp)
            tmp.replace(paths[fmt])
    return paths

#: How the table names each reader.
LABELS = {"toggl": "Toggl", "clockify": "Clockify", "harvest": "Harvest", "kimai": "Kimai", "cmtime": "native cmtime CSV"}
