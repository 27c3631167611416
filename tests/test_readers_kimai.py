"""The Kimai export reader: English/French/German headers, duration forms, DST, bad input.

No real Kimai export is public; the fixtures follow Kimai's export code (default CSV
template: Date ``Y-m-d``, From/To ``H:i``, Duration as decimal hours, ``H:MM`` or
``H:MM:SS``) and its English and French translations.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cmtime.analysis.checks import overlap_report
from cmtime.config import Config
from cmtime.readers import InputError, clockify, combine, harvest, kimai, native, toggl
from cmtime.readers._text import read_text
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

UTC = dt.UTC
CFG = Config()
HERE = FIXTURES / "kimai"
HEADER = "Date,From,To,Duration,User,Customer,Project,Activity,Description,Tags"


def read(path: Path, config: Config = CFG, **kw: object) -> Reading:
    reading = kimai.read(read_text(path), config=config, **kw)  # type: ignore[arg-type]
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    assert reading.format == "kimai"
    return reading


def rows(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def test_english_default_template():
    r = read(HERE / "kimai_en_default.csv")
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (5, 4, 0, 1)
    a, b, c, _d = r.entries.rows(named=True)
    assert a["start"] == dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert a["duration"] == dt.timedelta(hours=1, minutes=30)
    assert (a["person"], a["client"], a["project"], a["task"]) == (
        "camille", "Boulangerie Dupont", "Réseaux sociaux", "Publication",
    )
    assert a["description"] == "Posts Instagram, Facebook"
    assert a["tags"] == ["visible", "instagram"]
    assert a["billable"] is True
    # 23:30 -> 00:45: ends the next day, keeps the start date.
    assert b["date"] == dt.date(2026, 3, 2)
    assert b["end"] == dt.datetime(2026, 3, 2, 23, 45, tzinfo=UTC)
    assert b["duration"] == dt.timedelta(hours=1, minutes=15)
    # 0.33 h is Kimai's rounding of 14:00 -> 14:20: the exact span is used.
    assert c["duration"] == dt.timedelta(minutes=20)
    assert c["tags"] == ["caché"]


def test_dst_fall_back_night_uses_the_duration():
    # 2026-10-25 02:30 CEST -> 02:10 CET is 40 minutes, not "ends before it starts".
    r = read(HERE / "kimai_en_default.csv")
    row = r.entries.filter(r.entries["date"] == dt.date(2026, 10, 25)).row(0, named=True)
    assert row["start"] == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert row["end"] == dt.datetime(2026, 10, 25, 1, 10, tzinfo=UTC)
    assert row["duration"] == dt.timedelta(minutes=40)


def test_french_excel_semicolons_cp1252_decimal_comma():
    path = HERE / "kimai_fr_excel.csv"
    assert read_text(path).encoding == "cp1252"
    r = read(path)
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (4, 3, 1, 0)
    a, b, c = r.entries.rows(named=True)
    assert a["date"] == dt.date(2026, 3, 13)  # "13/03/2026": day-first
    assert a["duration"] == dt.timedelta(hours=1, minutes=30)  # "1,5"
    assert (a["person"], a["description"], a["tags"]) == ("Chloé", "Stratégie éditoriale", ["attente"])
    assert a["billable"] is True  # "Oui"
    assert b["duration"] == dt.timedelta(hours=1, minutes=15)  # "1:15"
    assert b["client"] == "Café Crème"
    # No De/À: a duration-only entry.
    assert (c["start"], c["end"]) == (None, None)
    assert c["date"] == dt.date(2026, 3, 2)
    assert c["duration"] == dt.timedelta(hours=2, minutes=15)
    (line, reason) = r.rejected.select("line", "reason").row(0)
    assert (line, reason) == (5, "unreadable date '31/02/2026'")
    assert any("totals" in n for n in r.notes)


def test_hms_durations_and_own_ids():
    r = read(HERE / "kimai_hms_id.csv")
    ids = r.entries.get_column("entry_id").to_list()
    assert ids[:2] == ["kimai:101", "kimai:102"]
    assert ids[2].startswith("kimai:")
    assert ids[2] not in ids[:2]
    assert r.entries.get_column("duration").to_list()[2] == dt.timedelta(hours=1, seconds=30)
    assert overlap_report(combine([r], CFG))[0] == (1,)  # 101 and 102 cover the same span


def test_seconds_column():
    r = read(HERE / "kimai_seconds.csv")
    assert r.entries.get_column("duration").to_list() == [dt.timedelta(hours=1), dt.timedelta(minutes=30)]


def test_german_headers_and_multi_day_entry(write):
    text = (
        "Datum,Von,Bis,Dauer,Benutzer,Kunde,Projekt,Tätigkeit,Beschreibung\n"
        "2026-03-06,22:00,02:00,28:00,anna,Dupont,Event,Live,Salon sur deux jours\n"
    )
    row = read(write("de.csv", text)).entries.row(0, named=True)
    assert row["start"] == dt.datetime(2026, 3, 6, 21, 0, tzinfo=UTC)
    assert row["end"] == dt.datetime(2026, 3, 8, 1, 0, tzinfo=UTC)  # the day the duration says
    assert row["duration"] == dt.timedelta(hours=28)


def test_break_deducted_keeps_the_duration_column(write):
    path = write("break.csv", rows("2026-03-02,09:00,13:00,3.5,anna,C,P,A,,"))
    row = read(path).entries.row(0, named=True)
    assert row["end"] - row["start"] == dt.timedelta(hours=4)
    assert row["duration"] == dt.timedelta(hours=3, minutes=30)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2026-02-30,09:00,10:00,1,anna,C,P,A,,", "unreadable date '2026-02-30'"),
        ("hier,09:00,10:00,1,anna,C,P,A,,", "unreadable date 'hier'"),
        ("2026-03-02,9h,10:00,1,anna,C,P,A,,", "unreadable start time '9h'"),
        ("2026-03-02,09:00,25:00,1,anna,C,P,A,,", "unreadable end time '25:00'"),
        ("2026-03-02,,10:00,1,anna,C,P,A,,", "an end time without a start time"),
        ("2026-03-02,09:00,10:00,une heure,anna,C,P,A,,", "unreadable duration 'une heure'"),
        ("2026-03-02,,,,anna,C,P,A,,", "no duration"),
        ("2026-03-02,09:00,10:00,-1:00,anna,C,P,A,,", "negative duration"),
        ("2026-03-29,02:30,03:30,0.5,anna,C,P,A,,", "does not exist"),
    ],
)
def test_bad_rows_are_rejected_with_line_and_reason(write, row, reason):
    good = "2026-03-02,08:00,09:00,1,anna,C,P,A,,"
    r = read(write("bad.csv", rows(good, row, good)))
    assert (r.rows, r.entries.height) == (3, 2)
    assert r.rejected.get_column("line").to_list() == [3]
    assert reason in r.rejected.get_column("reason").item()


def test_same_file_twice_gives_the_same_ids():
    a = read(HERE / "kimai_en_default.csv")
    b = read(HERE / "kimai_en_default.csv")
    assert combine([a, b], CFG).duplicates == (0, 4)


def test_sniff_is_strict(write):
    for path in HERE.glob("*.csv"):
        text = read_text(path)
        assert kimai.sniff(text)
        assert not any(m.sniff(text) for m in (toggl, native, clockify, harvest))
    others = [
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags",
        "Project,Client,User,Start Date,Start Time,End Date,End Time,Duration (h)",
        "start,end,client,project,description,tags",
        "Date,Client,Project,Task,Notes,Hours,First Name,Last Name",
    ]
    for i, header in enumerate(others):
        assert not kimai.sniff(read_text(write(f"o{i}.csv", header + "\n")))


def test_header_only_and_missing_duration(write):
    r = read(write("empty.csv", HEADER + "\n"))
    assert (r.rows, r.entries.height) == (0, 0)
    with pytest.raises(InputError, match="'Duration'"):
        kimai.read(read_text(write("x.csv", "Date,From,To,Activity\n")), config=CFG)
