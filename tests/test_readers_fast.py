"""The readers' fast paths give exactly what the careful parsers give.

Readers parse every row with a cheap expression for the common layout and hand the rows
it cannot settle to the careful parser (`refine`); local times are converted once per
block except near a clock change. These tests put both kinds of rows in one frame and
check that nothing moves: row order, DST nights, duplicates, encodings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal

from cmtime.config import Config
from cmtime.readers import read_file
from cmtime.readers._parse import (
    clock_change_days,
    fast_hms,
    hash_id,
    parse_clock,
    parse_hms_duration,
    refine,
    resolve_local,
    with_digests,
    with_local_instants,
)
from cmtime.readers._text import HEAD_BYTES, read_text
from cmtime.schema import entry_id
from tests.conftest import toggl_rows

CFG = Config()


def test_refine_puts_careful_values_back_on_their_own_rows():
    df = pl.DataFrame({"t": ["07:05:00", "7:05", "08:00:00", "9:30", "", "25:00:00"]})
    df = df.with_columns(d=fast_hms(pl.col("t")))
    assert df["d"].null_count() == 4
    out = refine(df, {"d": parse_clock(pl.col("t"))}, where=pl.col("d").is_null())
    expected = df.select(parse_clock(pl.col("t")).alias("d"))["d"]
    assert_series_equal(out["d"], expected)
    assert out["d"].to_list()[:4] == [
        dt.timedelta(hours=7, minutes=5),
        dt.timedelta(hours=7, minutes=5),
        dt.timedelta(hours=8),
        dt.timedelta(hours=9, minutes=30),
    ]


def test_refine_handles_list_columns_and_no_hits():
    df = pl.DataFrame({"t": ["a,b", "", "c"]}).with_columns(tags=pl.lit([], dtype=pl.List(pl.String)))
    split = pl.col("t").str.split(",")
    out = refine(df, {"tags": split}, where=pl.col("t") != "")
    assert out["tags"].to_list() == [["a", "b"], [], ["c"]]
    assert refine(df, {"tags": split}, where=pl.lit(False)) is df


@pytest.mark.parametrize(
    "text",
    ["00:00:00", "23:59:59", "07:05:00", "7:05:00", "24:00:00", "99:59:59", "07:60:00", "07:05:60", "7:5:00", "ab:cd:ef", ""],
)
def test_fast_hms_never_disagrees_with_the_careful_parsers(text):
    got = pl.select(fast_hms(pl.lit(text))).item()
    if got is not None:  # the fast parse may leave a row null, never give another value
        assert got == pl.select(parse_clock(pl.lit(text))).item()
        assert got == pl.select(parse_hms_duration(pl.lit(text))).item()


@pytest.mark.parametrize("tz", ["Europe/Paris", "America/Santiago", "Australia/Lord_Howe", "UTC"])
def test_local_instants_equal_the_careful_resolution_around_every_clock_change(tz):
    # Every quarter hour of two years, with lengths from 0 to 49 h: blocks on, across and
    # far from clock changes, including the ones that start in a gap or a repeated hour.
    starts = pl.datetime_range(
        dt.datetime(2025, 1, 1), dt.datetime(2026, 12, 31), "15m", eager=True, time_unit="us"
    )
    lengths = [dt.timedelta(minutes=m) for m in (0, 20, 95, 600, 1500, 2950)]
    df = pl.DataFrame({"sn": starts}).with_columns(
        dur=pl.Series([lengths[i % len(lengths)] for i in range(len(starts))])
    ).with_columns(en=pl.col("sn") + pl.col("dur"))
    fast = with_local_instants(df, start="sn", end="en", duration="dur", tz=tz)
    start, end = resolve_local(pl.col("sn"), pl.col("en"), pl.col("dur"), tz)
    careful = df.with_columns(start=start, end=end)
    assert_frame_equal(fast, careful)


def test_clock_change_days_lists_the_transitions():
    days = clock_change_days(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "America/Toronto").to_list()
    assert days == [dt.date(2026, 3, 8), dt.date(2026, 11, 1)]
    assert clock_change_days(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "Asia/Tokyo").is_empty()


def test_hash_ids_fast_equals_expression_with_repeated_rows():
    df = pl.DataFrame(
        {"who": ["a", "b", "a", "a", "c", "b"], "n": [1, 2, 1, 1, 3, 2]}
    )
    parts = [pl.col("who"), pl.col("n")]
    digested = with_digests(df, parts).with_columns(source=pl.lit("toggl"), __id=pl.lit(None, pl.String))
    fast = digested.select("who", "n", entry_id().alias("entry_id"))
    slow = df.with_columns(hash_id("toggl", parts).alias("entry_id"))
    assert_frame_equal(fast, slow)
    ids = fast["entry_id"].to_list()
    assert len(set(ids)) == 6
    assert ids[3].endswith("-2")
    assert ids[0].startswith("toggl:")
    assert "-" not in ids[0].removeprefix("toggl:")


def test_toggl_file_mixing_layouts_reads_each_row_in_place(tmp_path: Path):
    # Fast rows (ISO date, HH:MM:SS) around careful ones (short clock, long duration,
    # French date) and a bad one: every value must land on its own line.
    rows = [
        "Ana,a@x.fr,Dupont,Social,,Post {i},Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,",
    ]
    body = [rows[0].format(i=i) for i in range(50)]
    body[10] = "Ana,a@x.fr,Dupont,Social,,Court,Yes,2026-03-02,9:15,2026-03-02,9:45,0:30:00,,"
    body[20] = "Ana,a@x.fr,Dupont,Social,,Long,No,2026-03-02,08:00:00,2026-03-03,10:00:00,26:00:00,,"
    body[30] = "Ana,a@x.fr,Dupont,Social,,Français,oui,02/03/2026,14:00:00,02/03/2026,15:30:00,01:30:00,\"#Live, Story\","
    body[40] = "Ana,a@x.fr,Dupont,Social,,Cassé,Yes,2026-03-02,xx:00:00,2026-03-02,10:00:00,01:00:00,,"
    path = tmp_path / "mixed.csv"
    path.write_text(toggl_rows(*body), encoding="utf-8")
    r = read_file(path, config=CFG)
    assert r.rows == 50
    assert r.entries.height == 49
    assert r.rejected.select("line", "reason").row(0) == (42, "unreadable start time 'xx:00:00'")
    by_desc = {row["description"]: row for row in r.entries.iter_rows(named=True)}
    paris = dt.timezone(dt.timedelta(hours=1))
    assert by_desc["Court"]["start"] == dt.datetime(2026, 3, 2, 9, 15, tzinfo=paris)
    assert by_desc["Court"]["duration"] == dt.timedelta(minutes=30)
    assert by_desc["Court"]["origin"].endswith(":12")
    assert by_desc["Long"]["duration"] == dt.timedelta(hours=26)
    assert by_desc["Long"]["billable"] is False
    assert by_desc["Français"]["date"] == dt.date(2026, 3, 2)
    assert by_desc["Français"]["tags"] == ["live", "story"]
    assert by_desc["Français"]["billable"] is True
    assert by_desc["Post 0"]["tags"] == []


def test_utf8_head_then_cp1252_falls_back_to_the_right_encoding(tmp_path: Path):
    # A big export that is plain ASCII for its first 64 KiB and cp1252 further down (Excel).
    filler = "Ana,a@x.fr,Dupont,Social,,Post,Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,"
    n = HEAD_BYTES // len(filler) + 10
    late = "Ana,a@x.fr,Dupont,Social,,Stratégie éditoriale,Yes,2026-03-03,09:00:00,2026-03-03,10:00:00,01:00:00,,"
    path = tmp_path / "excel.csv"
    path.write_bytes(toggl_rows(*([filler] * n), late).encode("cp1252"))
    text = read_text(path)
    assert text.encoding == "utf-8"  # what the head says, until the rest is read
    r = read_file(path, config=CFG)
    assert r.entries.height == n + 1
    assert r.entries["description"][-1] == "Stratégie éditoriale"
    assert path.read_bytes().count("é".encode("cp1252")) == 2  # the input is untouched


@pytest.mark.parametrize("text", ["07:05", "7:05", "23:59", "24:00", "07:60", "0705", "07:05:00", ""])
def test_fast_short_clock_never_disagrees_with_the_careful_parser(text):
    from cmtime.readers._infer import parse_clock_any

    got = pl.select(fast_hms(pl.lit(text), seconds=False)).item()
    if got is not None:
        assert got == pl.select(parse_clock_any(pl.lit(text))).item()


def test_parse_distinct_equals_parsing_every_row():
    from cmtime.readers._infer import parse_date_ordered, parse_decimal
    from cmtime.readers._parse import parse_distinct

    df = pl.DataFrame(
        {
            "d": ["21/01/2026", "03/02/2026", None, "21/01/2026", "31/02/2026", "2026-03-04"],
            "h": ["1,5", "2.000,0", "", "1,5", "x", "0,25"],
        }
    )
    fast = parse_distinct(
        df,
        {
            "date": (pl.col("d"), lambda t: parse_date_ordered(t, "dmy")),
            "hours": (pl.col("h"), parse_decimal),
        },
    )
    slow = df.with_columns(date=parse_date_ordered(pl.col("d"), "dmy"), hours=parse_decimal(pl.col("h")))
    assert_frame_equal(fast, slow)
    assert fast["hours"].to_list() == [1.5, 2000.0, None, 1.5, None, 0.25]


_ROW = "Ana,a@x.fr,Dupont,Social,,{d},Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,"


def _lines(r) -> list[int]:
    return [int(o.rsplit(":", 1)[1]) for o in r.entries.get_column("origin")]


def test_scan_skips_blank_records_and_keeps_physical_lines(tmp_path: Path):
    # Blank lines are not rows; a ",,," record is a rejection (issue 33: it was dropped
    # uncounted); the lines after them keep their numbers.
    bad = "Ana,a@x.fr,Dupont,Social,,Cassé,Yes,2026-03-02,9h,2026-03-02,10:00:00,01:00:00,,"
    body = [_ROW.format(d="a"), "", ",,,,,,,,,,,,,", _ROW.format(d="b"), "", bad, _ROW.format(d="c")]
    path = tmp_path / "blank.csv"
    path.write_text(toggl_rows(*body), encoding="utf-8")
    r = read_file(path, config=CFG)
    assert r.rows == 5
    assert _lines(r) == [2, 5, 8]
    assert r.rejected.select("line", "reason").rows() == [
        (4, "a record of empty fields (separators only)"),
        (7, "unreadable start time '9h'"),
    ]


def test_a_quoted_line_break_sends_the_file_to_the_careful_path(tmp_path: Path):
    # The scan cannot number lines past a record that spans two: the careful path can.
    multi = 'Ana,a@x.fr,Dupont,Social,,"deux\nlignes",Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,'
    bad = "Ana,a@x.fr,Dupont,Social,,Cassé,Yes,2026-03-02,9h,2026-03-02,10:00:00,01:00:00,,"
    path = tmp_path / "multi.csv"
    path.write_text(toggl_rows(_ROW.format(d="a"), multi, bad, _ROW.format(d="b")), encoding="utf-8")
    r = read_file(path, config=CFG)
    assert r.rows == 4
    assert _lines(r) == [2, 3, 6]
    assert r.entries.get_column("description").to_list() == ["a", "deux\nlignes", "b"]
    assert r.rejected.get_column("line").to_list() == [5]


@pytest.mark.parametrize("fmt", ["toggl", "cmtime"])
def test_a_file_scanned_from_disk_reads_like_one_in_memory(tmp_path: Path, monkeypatch, fmt):
    # Over LAZY_BYTES the file stays on disk and polars scans it there; the result,
    # rejections and DST nights included, must not depend on that.
    from cmtime.readers import _text
    from cmtime.sample import synthetic as sample

    path = sample.write_sample(tmp_path, entries=3000, seed=3, fmt=fmt)[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(40, lines[40].replace(":", "h", 1) if fmt == "toggl" else "nope,2026-01-01T10:00:00")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    in_memory = read_file(path, config=CFG)
    monkeypatch.setattr(_text, "LAZY_BYTES", 1024)
    assert read_text(path)._file == path  # stays on disk
    on_disk = read_file(path, config=CFG)
    assert in_memory.rejected.height == 1
    assert_frame_equal(on_disk.entries, in_memory.entries)
    assert_frame_equal(on_disk.rejected, in_memory.rejected)
    assert on_disk.rows == in_memory.rows == len(lines) - 1
