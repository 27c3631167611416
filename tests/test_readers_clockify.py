"""The Clockify detailed CSV reader: corpus files, date order, 12/24 h clocks, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from cmtime.analysis.checks import overlap_report
from cmtime.config import Config
from cmtime.readers import InputError, clockify, combine, native, toggl
from cmtime.readers._text import read_text
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

UTC = dt.UTC
CFG = Config()
HERE = FIXTURES / "clockify"


def read(path: Path, config: Config = CFG, **kw: object) -> Reading:
    reading = clockify.read(read_text(path), config=config, **kw)  # type: ignore[arg-type]
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    assert reading.format == "clockify"
    return reading


def seconds(reading: Reading) -> int:
    return int(reading.entries.get_column("duration").dt.total_seconds().sum())


HEADER = (
    "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,"
    "End Date,End Time,Duration (h),Duration (decimal),Billable Rate (EUR),Billable Amount (EUR)"
)


def rows(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


# -- the conformance corpus ------------------------------------------------------------

CORPUS_EXPECTED = [
    # path, rows, entries, rejected, total seconds, overlapping pairs
    ("clockify/metaplm/Clockify_Time_Report_Detailed_01_01_2026-31_12_2026.csv", 42, 42, 0, 698_280, 1),
    ("clockify/solidtime/clockify_time_entries_import_test_2.csv", 1, 1, 0, 1_800, 0),
    ("clockify/solidtime/clockify_time_entries_import_test_5.csv", 2, 2, 0, 3_601, 0),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("rel", "n_rows", "entries", "rejected", "secs", "overlaps"), CORPUS_EXPECTED)
def test_corpus_file_reads_as_its_readme_says(corpus, rel, n_rows, entries, rejected, secs, overlaps):
    text = read_text(corpus / rel)
    assert clockify.sniff(text)
    assert not toggl.sniff(text)
    assert not native.sniff(text)
    r = read(corpus / rel)
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (n_rows, entries, rejected, 0)
    assert seconds(r) == secs
    loaded = combine([r], CFG)
    assert overlap_report(loaded)[0] == (overlaps,)
    assert loaded.duplicates == (0,)


@pytest.mark.corpus
def test_corpus_metaplm_is_day_first_crlf_and_keeps_start_date(corpus):
    r = read(corpus / CORPUS_EXPECTED[0][0])
    assert r.notes == ()  # unambiguous: days above 12
    first = r.entries.row(0, named=True)
    assert first["date"] == dt.date(2026, 1, 21)  # "21/01/2026", not the creation date
    assert first["start"] == dt.datetime(2026, 1, 21, 10, 0, tzinfo=UTC)  # 11:00 CET
    assert first["project"].startswith("Baykar Teknoloji Yerinde \u00c7al\u0131\u015f")
    midnight = r.entries.filter(pl.col("origin").str.ends_with(":6")).row(0, named=True)
    assert midnight["date"] == dt.date(2026, 1, 30)
    assert midnight["end"] - midnight["start"] == dt.timedelta(hours=1, minutes=6)
    assert midnight["tags"] == ["fatura edilmedi"]
    assert midnight["billable"] is True


@pytest.mark.corpus
def test_corpus_extra_columns_and_12_hour_clock(corpus):
    r = read(corpus / CORPUS_EXPECTED[1][0])
    row = r.entries.row(0, named=True)
    assert row["date"] == dt.date(2024, 10, 15)
    assert row["start"] == dt.datetime(2024, 10, 15, 9, 0, tzinfo=UTC)  # 11:00 AM CEST
    assert row["end"] == dt.datetime(2024, 10, 15, 9, 30, tzinfo=UTC)
    assert row["task"] == "A giant task"
    assert "\\\\\\" in row["description"]


@pytest.mark.corpus
def test_corpus_ambiguous_date_follows_the_stated_am_pm_rule(corpus):
    path = corpus / CORPUS_EXPECTED[2][0]
    r = read(path)
    assert r.entries.get_column("date").to_list() == [dt.date(2024, 3, 4)] * 2
    assert [d.total_seconds() for d in r.entries.get_column("duration")] == [0, 3601]
    assert r.entries.get_column("task").to_list() == ["", "Task 1"]  # Activity is the task
    assert r.entries.row(0, named=True)["tags"] == ["development", "backend"]
    # Not a silent guess: the reading says how the order was chosen.
    assert len(r.notes) == 1
    assert "12-hour clock" in r.notes[0]
    assert "03/04/2024" in r.notes[0]
    # The configured order wins over the AM/PM rule.
    dmy = read(path, date_order="dmy")
    assert dmy.entries.get_column("date").to_list() == [dt.date(2024, 4, 3)] * 2
    assert "as configured" in dmy.notes[0]


# -- the project's own fixtures --------------------------------------------------------


def test_dotted_day_first_crlf_no_client_custom_column():
    r = read(HERE / "clockify_dmy_dots_crlf.csv")
    assert (r.rows, r.entries.height) == (3, 3)
    a, b, c = r.entries.rows(named=True)
    assert a["date"] == dt.date(2026, 3, 2)
    assert a["client"] is None
    assert a["tags"] == ["hidden", "planning"]
    assert a["description"] == "Planning éditorial"
    assert b["date"] == dt.date(2026, 3, 13)  # crosses midnight, keeps the start date
    assert b["end"] == dt.datetime(2026, 3, 13, 23, 20, tzinfo=UTC)
    assert c["person"] == "lea@example.ch"  # no User: the e-mail
    assert c["duration"] == dt.timedelta(0)


def test_month_first_and_mixed_12_24_hour_clock():
    r = read(HERE / "clockify_mdy_mixed_clock.csv")
    assert r.notes == ()  # "10/15/2024" settles the order
    a, b, c = r.entries.rows(named=True)
    assert a["start"] == dt.datetime(2024, 10, 15, 8, 23, tzinfo=UTC)  # 10:23 AM CEST
    assert a["end"] == dt.datetime(2024, 10, 15, 9, 23, 1, tzinfo=UTC)
    assert b["start"] == dt.datetime(2024, 10, 16, 12, 30, tzinfo=UTC)  # "14:30:00"
    assert b["end"] == dt.datetime(2024, 10, 16, 14, 45, 30, tzinfo=UTC)  # "04:45:30 PM"
    assert b["person"] == "sam@example.com"
    assert c["start"] == dt.datetime(2024, 10, 17, 10, 5, tzinfo=UTC)  # 12:05 PM is noon
    assert c["person"] == CFG.person
    assert c["client"] is None


def test_ambiguous_dates_with_a_24_hour_clock_are_a_clear_error(write):
    path = write("amb.csv", rows("P,C,,T,U,,,,No,03/04/2024,10:00:00,03/04/2024,11:00:00,01:00:00,1.00,0,0"))
    with pytest.raises(InputError, match=r"cannot tell.*03/04/2024.*date_order"):
        clockify.read(read_text(path), config=CFG)
    r = read(path, date_order="mdy")
    assert r.entries.row(0, named=True)["date"] == dt.date(2024, 3, 4)


def test_a_config_with_date_order_is_honoured(write):
    path = write("amb.csv", rows("P,C,,T,U,,,,No,03/04/2024,10:00:00,03/04/2024,11:00:00,01:00:00,1.00,0,0"))

    r = read(path, config=Config(date_order="dmy"))
    assert r.entries.row(0, named=True)["date"] == dt.date(2024, 4, 3)


def test_evidence_in_the_file_beats_the_configured_order(write):
    path = write(
        "evidence.csv",
        rows(
            "P,C,,T,U,,,,No,03/04/2024,10:00:00,03/04/2024,11:00:00,01:00:00,1.00,0,0",
            "P,C,,T,U,,,,No,25/04/2024,10:00:00,25/04/2024,11:00:00,01:00:00,1.00,0,0",
        ),
    )
    r = read(path, date_order="mdy")
    assert r.entries.get_column("date").to_list() == [dt.date(2024, 4, 3), dt.date(2024, 4, 25)]
    assert "not month-first as configured" in r.notes[0]


def test_dates_of_both_orders_in_one_file_are_refused(write):
    path = write(
        "mixed.csv",
        rows(
            "P,C,,T,U,,,,No,25/04/2024,10:00:00,25/04/2024,11:00:00,01:00:00,1.00,0,0",
            "P,C,,T,U,,,,No,04/26/2024,10:00:00,04/26/2024,11:00:00,01:00:00,1.00,0,0",
        ),
    )
    with pytest.raises(InputError, match=r"mix day-first .*line 2.* month-first .*line 3"):
        clockify.read(read_text(path), config=CFG)


def test_duration_h_is_authoritative_over_decimal_and_span(write):
    path = write(
        "auth.csv",
        rows("P,C,,T,U,,,,No,2026-03-02,09:00:00,2026-03-02,10:00:00,00:59:59,0.00,0,0"),
    )
    r = read(path)
    row = r.entries.row(0, named=True)
    assert row["duration"] == dt.timedelta(minutes=59, seconds=59)
    assert row["end"] - row["start"] == dt.timedelta(hours=1)


def test_decimal_only_layout_and_running_timer(write):
    text = (
        "Project,Description,User,Start Date,Start Time,End Date,End Time,Duration (decimal)\n"
        "P,a,U,2026-03-02,09:00,2026-03-02,10:30,1.50\n"
        "P,running,U,2026-03-02,11:00,,,\n"
    )
    r = read(write("decimal.csv", text))
    assert (r.rows, r.entries.height, r.open) == (2, 1, 1)
    assert r.entries.row(0, named=True)["duration"] == dt.timedelta(hours=1, minutes=30)


def test_dst_fall_back_uses_the_duration(write):
    # 2026-10-25: Paris clocks go from 03:00 CEST back to 02:00 CET.
    path = write(
        "dst.csv",
        rows("P,C,,T,U,,,,No,10/25/2026,02:50:00 AM,10/25/2026,02:20:00 AM,00:30:00,0.50,0,0"),
    )
    row = read(path).entries.row(0, named=True)
    assert row["start"] == dt.datetime(2026, 10, 25, 0, 50, tzinfo=UTC)
    assert row["end"] == dt.datetime(2026, 10, 25, 1, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("P,C,,T,U,,,,No,31/02/2026,10:00:00,31/02/2026,11:00:00,01:00:00,1.00,0,0", "unreadable start date '31/02/2026'"),
        ("P,C,,T,U,,,,No,hier,10:00:00,15/03/2026,11:00:00,01:00:00,1.00,0,0", "unreadable start date 'hier'"),
        ("P,C,,T,U,,,,No,15/03/2026,13:00 PM,15/03/2026,11:00:00,01:00:00,1.00,0,0", "unreadable start time"),
        ("P,C,,T,U,,,,No,15/03/2026,10:00:00,15/03/2026,11:00:00,une heure,1.00,0,0", "unreadable duration"),
        ("P,C,,T,U,,,,No,15/03/2026,10:00:00,15/03/2026,xx,01:00:00,1.00,0,0", "unreadable end"),
        ("P,C,,T,U,,,,No,15/03/2026,10:00:00,15/03/2026,09:00:00,01:00:00,1.00,0,0", "ends before it starts"),
        ("P,C,,T,U,,,,No,29/03/2026,02:30:00,29/03/2026,03:30:00,00:30:00,0.50,0,0", "does not exist"),
    ],
)
def test_bad_rows_are_rejected_with_line_and_reason(write, row, reason):
    good = "P,C,,T,U,,,,No,15/03/2026,08:00:00,15/03/2026,09:00:00,01:00:00,1.00,0,0"
    r = read(write("bad.csv", rows(good, row, good)))
    assert (r.rows, r.entries.height) == (3, 2)
    assert r.rejected.get_column("line").to_list() == [3]
    assert reason in r.rejected.get_column("reason").item()


def test_same_file_twice_gives_the_same_ids():
    a = read(HERE / "clockify_mdy_mixed_clock.csv")
    b = read(HERE / "clockify_mdy_mixed_clock.csv")
    assert a.entries.get_column("entry_id").to_list() == b.entries.get_column("entry_id").to_list()
    assert combine([a, b], CFG).duplicates == (0, 3)


def test_sniff_is_strict(write):
    toggl_like = write(
        "t.csv",
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n",
    )
    assert not clockify.sniff(read_text(toggl_like))
    assert toggl.sniff(read_text(toggl_like))
    for path in HERE.glob("*.csv"):
        text = read_text(path)
        assert clockify.sniff(text)
        assert not toggl.sniff(text)
        assert not native.sniff(text)


def test_header_only_and_missing_columns(write):
    r = read(write("empty.csv", HEADER + "\n"))
    assert (r.rows, r.entries.height) == (0, 0)
    with pytest.raises(InputError, match="'Start Time'"):
        clockify.read(read_text(write("x.csv", "Project,User,Start Date,Duration (h)\n")), config=CFG)


def test_bad_date_order_value_is_quoted(write):
    path = write("x.csv", rows("P,C,,T,U,,,,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,1.00,0,0"))
    with pytest.raises(ValueError, match="'ymd-ish'"):
        clockify.read(read_text(path), config=CFG, date_order="ymd-ish")  # type: ignore[arg-type]
