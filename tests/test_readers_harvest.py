"""The Harvest time report reader: duration-only rows, decimal commas, date order, ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cmtime.config import Config
from cmtime.readers import InputError, clockify, combine, harvest, native, toggl
from cmtime.readers._text import read_text
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

CFG = Config()
HERE = FIXTURES / "harvest"
HEADER = "Date,Client,Project,Task,Notes,Hours,Billable?,First Name,Last Name"


def read(path: Path, config: Config = CFG, **kw: object) -> Reading:
    reading = harvest.read(read_text(path), config=config, **kw)  # type: ignore[arg-type]
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    assert reading.format == "harvest"
    return reading


def seconds(reading: Reading) -> int:
    return int(reading.entries.get_column("duration").dt.total_seconds().sum())


def rows(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


# -- the conformance corpus ------------------------------------------------------------

CORPUS_EXPECTED = [
    # path, rows, entries, rejected, total seconds
    ("harvest/solidtime/harvest_time_entries_import_test_1.csv", 2, 2, 0, 72_036),
    ("harvest/flandrade/harvest-example.csv", 12, 12, 0, 129_600),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("rel", "n_rows", "entries", "rejected", "secs"), CORPUS_EXPECTED)
def test_corpus_file_reads_as_its_readme_says(corpus, rel, n_rows, entries, rejected, secs):
    text = read_text(corpus / rel)
    assert harvest.sniff(text)
    assert not any(m.sniff(text) for m in (toggl, native, clockify))
    r = read(corpus / rel)
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (n_rows, entries, rejected, 0)
    assert seconds(r) == secs
    assert r.entries.get_column("start").null_count() == r.entries.height
    assert r.entries.get_column("end").null_count() == r.entries.height
    loaded = combine([r], CFG)
    assert loaded.duplicates == (0,)
    assert loaded.entries.height == entries


@pytest.mark.corpus
def test_corpus_decimal_comma_hours(corpus):
    r = read(corpus / CORPUS_EXPECTED[0][0])
    a, b = r.entries.rows(named=True)
    assert a["duration"] == dt.timedelta(hours=20)  # "20,0"
    assert b["duration"] == dt.timedelta(seconds=36)  # "0,01"
    assert a["client"] is None
    assert (b["client"], b["task"], b["description"]) == ("Big Company", "Task 1", "Working hard")
    assert a["person"] == "Peter Tester"
    assert (a["billable"], b["billable"]) == (False, True)
    assert a["date"] == dt.date(2024, 3, 4)


@pytest.mark.corpus
def test_corpus_five_column_subset_keeps_same_day_rows_apart(corpus):
    path = corpus / CORPUS_EXPECTED[1][0]
    r = read(path)
    assert r.entries.get_column("entry_id").n_unique() == 12
    assert set(r.entries.get_column("person")) == {"Jane Austen", "Emily Bronte"}
    assert r.entries.get_column("client").null_count() == 12
    # Reading the same export twice counts it once.
    again = read(path)
    assert combine([r, again], CFG).duplicates == (0, 12)


# -- the project's own fixtures --------------------------------------------------------


def test_french_excel_semicolons_cp1252_day_first():
    r = read(HERE / "harvest_fr_dmy.csv")
    assert (r.rows, r.entries.height) == (3, 3)
    a, b, _c = r.entries.rows(named=True)
    assert a["date"] == dt.date(2026, 3, 25)
    assert b["date"] == dt.date(2026, 3, 2)  # "02/03/2026" read day-first, like "25/03/2026"
    assert a["duration"] == dt.timedelta(hours=1, minutes=30)  # "1,5"
    assert b["duration"] == dt.timedelta(minutes=15)  # "0,25"
    assert a["person"] == "Chloé Lefèvre"
    assert a["description"] == "Stratégie éditoriale"
    assert b["client"] is None
    assert b["description"] == "Relance, facture"
    assert (a["billable"], b["billable"]) == (True, False)


def test_us_month_first():
    r = read(HERE / "harvest_us_mdy.csv")
    a, b, c = r.entries.rows(named=True)
    assert a["date"] == dt.date(2026, 3, 25)
    assert b["date"] == dt.date(2026, 3, 4)
    assert a["duration"] == dt.timedelta(hours=4, minutes=30)
    assert c["person"] == CFG.person  # no names: the file owner


def test_ambiguous_dates_need_a_date_order(write):
    path = write("amb.csv", rows("03/04/2026,C,P,T,N,1,Yes,A,B"))
    with pytest.raises(InputError, match=r"cannot tell.*date_order"):
        harvest.read(read_text(path), config=CFG)
    assert read(path, date_order="dmy").entries.row(0, named=True)["date"] == dt.date(2026, 4, 3)


def test_thousands_marks_are_read_from_the_column(write):
    path = write(
        "thousands.csv",
        rows(
            '2026-03-02,C,P,T,a,"1.000,5",Yes,A,B',
            '2026-03-02,C,P,T,b,"0,5",Yes,A,B',
        ),
    )
    a, b = read(path).entries.rows(named=True)
    assert a["duration"] == dt.timedelta(hours=1000, minutes=30)
    assert b["duration"] == dt.timedelta(minutes=30)


def test_identical_rows_stay_two(write):
    row = "2026-03-02,C,P,T,same,1,Yes,A,B"
    r = read(write("twice.csv", rows(row, row)))
    assert r.entries.height == 2
    assert r.entries.get_column("entry_id").n_unique() == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2026-02-30,C,P,T,N,1,Yes,A,B", "unreadable date '2026-02-30'"),
        ("hier,C,P,T,N,1,Yes,A,B", "unreadable date 'hier'"),
        ("2026-03-02,C,P,T,N,une heure,Yes,A,B", "unreadable hours 'une heure'"),
        ("2026-03-02,C,P,T,N,,Yes,A,B", "unreadable hours ''"),
        ("2026-03-02,C,P,T,N,-1.5,Yes,A,B", "negative hours"),
    ],
)
def test_bad_rows_are_rejected_with_line_and_reason(write, row, reason):
    good = "2026-03-02,C,P,T,N,1.5,Yes,A,B"
    r = read(write("bad.csv", rows(good, row, good)))
    assert (r.rows, r.entries.height) == (3, 2)
    assert r.rejected.get_column("line").to_list() == [3]
    assert reason in r.rejected.get_column("reason").item()


def test_sniff_is_strict(write):
    for path in HERE.glob("*.csv"):
        text = read_text(path)
        assert harvest.sniff(text)
        assert not any(m.sniff(text) for m in (toggl, native, clockify))
    # Date and Hours alone could be anything; a clock column means another tracker.
    assert not harvest.sniff(read_text(write("a.csv", "Date,Hours\n")))
    assert not harvest.sniff(read_text(write("b.csv", "Date,Hours,Project,Start Time\n")))


def test_header_only_and_missing_hours(write):
    r = read(write("empty.csv", HEADER + "\n"))
    assert (r.rows, r.entries.height) == (0, 0)
    with pytest.raises(InputError, match="'Hours'"):
        harvest.read(read_text(write("x.csv", "Date,Project,First Name\n2026-03-02,P,A\n")), config=CFG)
