"""The Toggl detailed CSV reader: corpus files, DST nights, midnight, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from cmtime.analysis.checks import overlap_report
from cmtime.config import Config
from cmtime.readers import InputError, read_file, read_paths
from cmtime.schema import validate
from tests.conftest import FIXTURES, toggl_rows

UTC = dt.UTC
CFG = Config()


def read(path: Path, config: Config = CFG):  # type: ignore[no-untyped-def]
    reading = read_file(path, config=config)
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    return reading


def seconds(reading) -> int:  # type: ignore[no-untyped-def]
    return int(reading.entries.get_column("duration").dt.total_seconds().sum())


# -- the conformance corpus ------------------------------------------------------------

CORPUS_EXPECTED = [
    # path, rows, entries, rejected, total seconds, overlapping pairs
    ("toggl/floresfdev/Toggl_time_entries_2017-08-01_to_2017-08-31.csv", 217, 217, 0, 672_994, 9),
    ("toggl/rqcastro/Toggl_time_entries_2023-10-09_to_2023-10-22.csv", 440, 440, 0, 1_476_900, 18),
    ("toggl/solidtime/toggl_time_entries_import_test_2.csv", 1, 1, 0, 2, 0),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("rel", "rows", "entries", "rejected", "secs", "overlaps"), CORPUS_EXPECTED)
def test_corpus_file_reads_as_its_readme_says(corpus, rel, rows, entries, rejected, secs, overlaps):
    loaded = read_paths([corpus / rel], config=CFG)
    r = loaded.readings[0]
    assert r.format == "toggl"
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (rows, entries, rejected, 0)
    assert seconds(r) == secs
    assert overlap_report(loaded)[0] == (overlaps,)
    assert loaded.duplicates == (0,)
    validate(loaded.entries)


@pytest.mark.corpus
def test_corpus_duration_column_is_authoritative(corpus):
    r = read(corpus / CORPUS_EXPECTED[0][0])
    spans = r.entries.select((pl.col("end") - pl.col("start")).dt.total_seconds().sum()).item()
    assert seconds(r) == 672_994
    assert spans == 672_994 + 9  # nine rows where Duration = End - Start - 1 s


@pytest.mark.corpus
def test_corpus_midnight_crossings_keep_the_start_date(corpus):
    r = read(corpus / CORPUS_EXPECTED[0][0])
    row = r.entries.filter(pl.col("origin").str.ends_with(":30")).row(0, named=True)
    assert row["date"] == dt.date(2017, 8, 6)
    assert row["start"] == dt.datetime(2017, 8, 6, 20, 47, 12, tzinfo=UTC)  # 22:47:12 CEST
    assert row["end"] == dt.datetime(2017, 8, 6, 22, 32, 8, tzinfo=UTC)


@pytest.mark.corpus
def test_corpus_quotes_bom_and_unpadded_hours(corpus):
    r = read(corpus / CORPUS_EXPECTED[2][0])
    row = r.entries.row(0, named=True)
    assert row["person"] == "Peter Tester"
    assert row["task"] == "A giant task"
    assert "🔥" in row["description"]
    assert row["tags"] == []
    r2 = read(corpus / CORPUS_EXPECTED[1][0])
    assert r2.entries.get_column("duration")[0] == dt.timedelta(hours=3)  # "3:00:00"
    assert r2.entries.filter(pl.col("duration") == dt.timedelta(0)).height == 9


@pytest.mark.corpus
def test_corpus_same_export_twice_counts_once(corpus):
    path = corpus / CORPUS_EXPECTED[0][0]
    once = read_paths([path], config=CFG)
    twice = read_paths([path, path], config=CFG)
    assert twice.entries.height == once.entries.height == 217
    assert twice.duplicates == (0, 217)
    assert once.entries.get_column("entry_id").to_list() == twice.entries.get_column("entry_id").to_list()


# -- the project's own fixtures --------------------------------------------------------


def test_legacy_layout_fixture(write):
    path = write(
        "toggl.csv",
        toggl_rows(
            "Camille,c@example.org,Dupont,Social,,Publication Instagram,Yes,2026-03-02,09:00:00,2026-03-02,09:30:00,00:30:00,\"urgent, Visible , urgent\",",
            "Camille,c@example.org,,Admin,,Facturation,No,2026-03-02,23:30:00,2026-03-03,00:30:00,1:00:00,,",
        ),
    )
    r = read(path)
    assert r.entries.height == 2
    first, second = r.entries.rows(named=True)
    assert first["start"] == dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert first["tags"] == ["urgent", "visible"]
    assert first["billable"] is True
    assert first["client"] == "Dupont"
    assert second["client"] is None
    assert second["date"] == dt.date(2026, 3, 2)
    assert second["end"] - second["start"] == dt.timedelta(hours=1)
    assert first["origin"].endswith("toggl.csv:2")


def test_2023_layout_stop_synonyms_member_and_semicolons_cp1252(write):
    text = (
        '"Member";"Email";"Client";"Project";"Description";"Start date";"Start time";'
        '"Stop date";"Stop time";"Duration";"Tags"\n'
        '"Chloé";"";"Café Crème";"Réseaux";"Stratégie éditoriale";"02/03/2026";"14:00:00";'
        '"02/03/2026";"15:30:00";"01:30:00";"caché"\n'
    )
    r = read(write("excel.csv", text, encoding="cp1252"))
    row = r.entries.row(0, named=True)
    assert (row["person"], row["client"], row["description"]) == ("Chloé", "Café Crème", "Stratégie éditoriale")
    assert row["tags"] == ["caché"]
    assert row["date"] == dt.date(2026, 3, 2)
    assert row["duration"] == dt.timedelta(hours=1, minutes=30)


def test_dst_fall_back_uses_the_duration(write):
    # 2026-10-25: Paris clocks go from 03:00 CEST back to 02:00 CET.
    path = write(
        "fallback.csv",
        toggl_rows(
            "A,,,,,crosses the repeated hour,No,2026-10-25,01:50:00,2026-10-25,02:10:00,01:20:00,,",
            "A,,,,,inside the repeated hour,No,2026-10-25,02:10:00,2026-10-25,02:40:00,00:30:00,,",
            "A,,,,,second pass of the hour,No,2026-10-25,02:50:00,2026-10-25,02:20:00,00:30:00,,",
        ),
    )
    r = read(path)
    a, b, c = r.entries.rows(named=True)
    assert a["start"] == dt.datetime(2026, 10, 24, 23, 50, tzinfo=UTC)  # 01:50 CEST
    assert a["end"] == dt.datetime(2026, 10, 25, 1, 10, tzinfo=UTC)  # 02:10 CET
    assert b["end"] - b["start"] == dt.timedelta(minutes=30)
    assert b["start"] == dt.datetime(2026, 10, 25, 0, 10, tzinfo=UTC)  # earliest on a tie
    # 02:50 CEST -> 02:20 CET is 30 minutes later, not "ends before it starts".
    assert c["start"] == dt.datetime(2026, 10, 25, 0, 50, tzinfo=UTC)
    assert c["end"] == dt.datetime(2026, 10, 25, 1, 20, tzinfo=UTC)


def test_dst_spring_forward_gap_is_a_rejection(write):
    path = write(
        "gap.csv",
        toggl_rows(
            "A,,,,,ok,No,2026-03-29,01:00:00,2026-03-29,03:30:00,01:30:00,,",
            "A,,,,,in the gap,No,2026-03-29,02:30:00,2026-03-29,03:30:00,00:30:00,,",
        ),
    )
    r = read(path)
    assert r.entries.height == 1
    assert r.entries.row(0, named=True)["duration"] == dt.timedelta(hours=1, minutes=30)
    (line, reason) = r.rejected.select("line", "reason").row(0)
    assert line == 3
    assert "does not exist" in reason


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("A,,,,,x,No,2026-03-02,10:00:00,2026-03-02,09:00:00,01:00:00,,", "ends before it starts"),
        ("A,,,,,x,No,2026-03-02,10:00:00,2026-03-02,11:00:00,-1:00:00,,", "negative duration"),
        ("A,,,,,x,No,2026-03-02,10:00:00,2026-03-02,11:00:00,une heure,,", "unreadable duration"),
        ("A,,,,,x,No,2026-13-45,10:00:00,2026-03-02,11:00:00,01:00:00,,", "unreadable start date"),
        ("A,,,,,x,No,2026-03-02,25:00:00,2026-03-02,11:00:00,01:00:00,,", "unreadable start time"),
        ("A,,,,,x,No,2026-03-02,10:00:00,2026-03-02,xx,01:00:00,,", "unreadable end"),
    ],
)
def test_bad_rows_are_rejected_with_line_and_reason(write, row, reason):
    good = "A,,,,,fine,No,2026-03-02,08:00:00,2026-03-02,09:00:00,01:00:00,,"
    r = read(write("bad.csv", toggl_rows(good, row, good)))
    assert r.rows == 3
    assert r.entries.height == 2
    assert r.rejected.get_column("line").to_list() == [3]
    assert reason in r.rejected.get_column("reason").item()


def test_quoted_line_breaks_and_ragged_rows_keep_physical_lines(write):
    text = toggl_rows(
        'A,,,,,"two\nlines",No,2026-03-02,08:00:00,2026-03-02,09:00:00,01:00:00,,',
        "A,,,,,too,many,fields,No,2026-03-02,08:00:00,2026-03-02,09:00:00,01:00:00,,",
        "A,,,,,last,No,2026-03-02,10:00:00,2026-03-02,11:00:00,1:00:00,,",
    )
    r = read(write("multi.csv", text))
    assert r.rows == 3
    assert r.entries.get_column("origin").str.extract(r":(\d+)$").to_list() == ["2", "5"]
    assert r.rejected.get_column("line").to_list() == [4]
    assert "fields" in r.rejected.get_column("reason").item()


def test_identical_rows_in_one_file_stay_two(write):
    row = "A,,Dupont,,,Publication,No,2026-03-02,08:00:00,2026-03-02,09:00:00,01:00:00,,"
    loaded = read_paths([write("twice.csv", toggl_rows(row, row))], config=CFG)
    assert loaded.entries.height == 2
    assert loaded.entries.get_column("entry_id").n_unique() == 2
    assert overlap_report(loaded)[0] == (1,)


def test_header_only_and_unknown_columns(write):
    r = read(write("empty.csv", TOGGL_HEADER_PLUS + "\n"))
    assert (r.rows, r.entries.height) == (0, 0)


TOGGL_HEADER_PLUS = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (EUR),Custom field,Another"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe\x00binary\x00", "binary"),
        (b"User,Start date,Start time,End date,End time\nA,2026-03-02,08:00,2026-03-02,09:00\n", "unknown format"),
    ],
)
def test_unreadable_files_are_one_clear_error(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_file(path, config=CFG)


def test_missing_required_column_is_named(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("User,Email,Start date,Start time,End date,End time,Tags\n")
    with pytest.raises(InputError, match="'Duration'"):
        read_file(path, config=CFG, fmt="toggl")


def test_fixture_file_in_repo_reads(tmp_path):
    r = read(FIXTURES / "toggl_fr_excel.csv")
    assert r.entries.height == 4
    assert r.rejected.height == 1
    assert r.entries.get_column("client").to_list().count("Boulangerie Dupont") == 2
