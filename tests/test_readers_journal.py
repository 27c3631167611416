"""The plain-text day journal."""

from __future__ import annotations

import datetime as dt

import polars as pl

from cmtime.config import Config
from cmtime.readers import journal
from cmtime.readers._text import read_text
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

UTC = dt.UTC
CFG = Config()
MARS = FIXTURES / "journal" / "mars.txt"


def checked(reading: Reading) -> Reading:
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    return reading


def test_fixture_entries_open_and_rejections():
    text = read_text(MARS)
    assert journal.sniff(text)
    r = checked(journal.read(text, config=CFG))
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (11, 5, 5, 1)
    rows = r.entries.select(
        pl.col("origin").str.extract(r":(\d+)$").cast(pl.Int64).alias("line"),
        "client",
        "project",
        "description",
        "tags",
        "start",
        "end",
        "date",
    ).rows()
    paris = dt.date(2026, 3, 2)
    assert rows == [
        (
            3,
            "Boulangerie Dupont",
            "",
            "stratégie éditoriale",
            ["hidden", "strategy"],
            dt.datetime(2026, 3, 2, 8, tzinfo=UTC),
            dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
            paris,
        ),
        (
            4,
            "Dupont",
            "Instagram",
            "publication du carrousel",
            [],
            dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
            dt.datetime(2026, 3, 2, 10, 15, tzinfo=UTC),
            paris,
        ),
        (
            5,
            None,
            "",
            "relances devis",
            ["chasing"],
            dt.datetime(2026, 3, 2, 13, tzinfo=UTC),
            dt.datetime(2026, 3, 2, 13, 20, tzinfo=UTC),
            paris,
        ),
        (
            6,
            "Café Lune",
            "",
            "modération du live",
            [],  # past midnight: the next day's 00:15
            dt.datetime(2026, 3, 2, 22, 30, tzinfo=UTC),
            dt.datetime(2026, 3, 2, 23, 15, tzinfo=UTC),
            paris,
        ),
        (
            10,
            "Dupont",
            "",
            "veille",
            ["monitoring"],
            dt.datetime(2026, 3, 3, 8, tzinfo=UTC),
            dt.datetime(2026, 3, 3, 8, 45, tzinfo=UTC),
            dt.date(2026, 3, 3),
        ),
    ]
    assert r.entries.get_column("source").unique().to_list() == ["journal"]
    assert r.entries.get_column("person").unique().to_list() == [CFG.person]
    assert r.rejected.select("line", "reason").rows() == [
        (11, "unreadable start time '25:00'"),
        (13, "not a date or a time line: 'blabla'"),
        (14, "unreadable date '2026-02-30'"),
        (15, "time line under an unreadable date line"),
        (17, "start time does not exist in Europe/Paris (clocks moved forward that night)"),
    ]


def test_time_before_any_date_and_ids_are_stable(write):
    path = write("j.txt", "08:00-09:00 trop tôt\n2026-03-02\n08:00-09:00 a\n08:00-09:00 a\n")
    r = checked(journal.read(read_text(path), config=CFG))
    assert r.rejected.select("line", "reason").rows() == [(1, "time line before any date line")]
    ids = r.entries.get_column("entry_id")
    assert ids.n_unique() == 2  # two identical blocks stay two
    again = journal.read(read_text(path), config=CFG)
    assert again.entries.get_column("entry_id").to_list() == ids.to_list()


def test_dashes_spaces_and_crlf(write):
    path = write("j.txt", "02/03/2026\r\n9h30 \u2013 10h extraits\r\n10:00\u201410:05 #Admin\r\n")
    r = checked(journal.read(read_text(path), config=CFG))
    assert r.entries.get_column("duration").to_list() == [
        dt.timedelta(minutes=30),
        dt.timedelta(minutes=5),
    ]
    assert r.entries.get_column("tags").to_list() == [[], ["admin"]]
    assert r.entries.get_column("date").unique().to_list() == [dt.date(2026, 3, 2)]


def test_sniff(write):
    assert not journal.sniff(read_text(write("a.txt", "just some notes\n09:00-10:00 x\n")))
    assert not journal.sniff(read_text(write("b.txt", "2026-03-02\nnothing timed\n")))
    assert journal.sniff(read_text(write("c.txt", "; c\n\n2026-03-02\n09:00-10:00 x\n")))
    assert not journal.sniff(read_text(FIXTURES / "timewarrior" / "db" / "data" / "2026-03.data"))
