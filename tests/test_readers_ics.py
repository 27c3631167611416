"""iCalendar: bounded expansion, time zones, all-day and long events, overrides."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from cmtime.config import Config
from cmtime.readers import ics
from cmtime.readers._text import InputError, read_text
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

UTC = dt.UTC
CFG = Config()
SMALL = FIXTURES / "ics" / "small.ics"


def checked(reading: Reading) -> Reading:
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    return reading


# -- corpus -----------------------------------------------------------------------------------

MACHBAR = "ics/niccokunzmann/machbar_16_feb_2019.ics"
ISSUE_173 = "ics/niccokunzmann/issue_173_only_modifications_error.ics"


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("rel", "window", "rows", "timed", "all_day", "planned", "none"),
    [
        (MACHBAR, (dt.date(2018, 1, 1), dt.date(2019, 1, 1)), 211, 210, 1, 0, 0),
        (MACHBAR, None, 313, 304, 3, 6, 0),
        (ISSUE_173, (dt.date(2024, 1, 1), dt.date(2025, 1, 1)), 691, 591, 96, 0, 4),
        (ISSUE_173, None, 644, 513, 66, 59, 6),
    ],
)
def test_corpus_occurrences_in_the_window(corpus, rel, window, rows, timed, all_day, planned, none):
    """Every VEVENT is an entry, a rejection or open (issue 33): events planned after the
    export (their DTSTART after the latest DTSTAMP) and events whose every occurrence is
    excluded (EXDATE) vanished before; they are rejections with their line now."""
    text = read_text(corpus / rel)
    assert ics.sniff(text)
    r = checked(ics.read(text, config=CFG, window=window))
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (rows, timed, all_day + planned + none, 0)
    reasons = r.rejected.get_column("reason")
    assert (reasons == ics.ALL_DAY).sum() == all_day
    assert reasons.str.starts_with("starts after the calendar was exported").sum() == planned
    assert reasons.str.starts_with("no occurrence").sum() == none
    assert r.entries.get_column("entry_id").n_unique() == timed
    assert not r.entries.get_column("origin").str.ends_with(":0").any()
    lines = (corpus / rel).read_text(encoding="utf-8").splitlines()
    for line in r.rejected.get_column("line").unique():
        assert lines[line - 1] == "BEGIN:VEVENT"


@pytest.mark.corpus
def test_corpus_default_window_is_stated_and_long_events_flagged(corpus):
    r = ics.read(read_text(corpus / ISSUE_173), config=CFG)
    assert "2022-12-06 08:00 UTC to 2024-09-06 07:53 UTC" in r.notes[0]
    assert any(n.startswith("12-day event 'XXX' from 2024-05-01 00:00") for n in r.notes)
    m = ics.read(read_text(corpus / MACHBAR), config=CFG)
    assert any("'Open Health HACKademy'" in n for n in m.notes)


@pytest.mark.corpus
def test_corpus_overrides_without_master_are_kept(corpus):
    r = ics.read(
        read_text(corpus / ISSUE_173), config=CFG, window=(dt.date(2022, 1, 1), dt.date(2026, 1, 1))
    )
    text = (corpus / ISSUE_173).read_text(encoding="utf-8")
    blocks = text.split("BEGIN:VEVENT")[1:]
    uid = re.compile(r"^UID:(.*?)\r?$", re.MULTILINE)
    masters = {uid.findall(b)[0] for b in blocks if "RECURRENCE-ID" not in b}
    orphans = {uid.findall(b)[0] for b in blocks if "RECURRENCE-ID" in b} - masters
    assert len(orphans) == 5
    lines = text.splitlines()
    uids_read = {
        next(ln[4:].strip() for ln in lines[int(o.rsplit(":", 1)[1]) :] if ln.startswith("UID:"))
        for o in r.entries.get_column("origin")
    }
    assert orphans <= uids_read


# -- fixture ----------------------------------------------------------------------------------


def test_small_calendar_default_window():
    text = read_text(SMALL)
    assert ics.sniff(text)
    r = checked(ics.read(text, config=CFG))
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (8, 6, 2, 0)
    assert "2026-03-02 08:00 UTC to 2026-03-20 12:00 UTC" in r.notes[0]
    assert "1 all-day occurrences" in r.notes[1]
    assert r.notes[2] == "3-day event 'Salon' from 2026-03-10 09:00 kept: check it is work"
    reasons = dict(zip(r.rejected["line"], r.rejected["reason"], strict=True))
    assert reasons == {38: ics.ALL_DAY, 60: ics.CANCELLED}
    e = {row["description"]: row for row in r.entries.iter_rows(named=True)}
    weekly = e["Point hebdo"]  # TZID Europe/Paris, [Client] prefix, CATEGORIES
    assert weekly["client"] == "Dupont"
    assert weekly["tags"] == ["meeting", "visible"]
    assert weekly["start"] == dt.datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert weekly["origin"].endswith("small.ics:5")
    moved = e["Point hebdo (décalé)"]  # the override, not the master's 09:00
    assert moved["start"] == dt.datetime(2026, 3, 16, 13, tzinfo=UTC)
    assert moved["origin"].endswith("small.ics:15")
    assert e["Veille concurrentielle sur les réseaux de la boulangerie"]["end"] == dt.datetime(
        2026, 3, 3, 14, 30, tzinfo=UTC
    )  # folded SUMMARY line, UTC times
    floating = e["Modération"]  # floating time read in the configured zone, DURATION
    assert floating["start"] == dt.datetime(2026, 3, 4, 8, tzinfo=UTC)
    assert floating["duration"] == dt.timedelta(minutes=45)
    assert e["Orphan override"]["origin"].endswith("small.ics:45")
    assert e["Salon"]["duration"] == dt.timedelta(days=3)
    assert not any(
        d.startswith("Point hebdo") and s.day == 9
        for d, s in r.entries.select("description", "start").iter_rows()
    )


def test_explicit_window_bounds_the_unbounded_rule():
    r = checked(
        ics.read(read_text(SMALL), config=CFG, window=(dt.date(2026, 3, 1), dt.date(2026, 4, 1)))
    )
    weekly = r.entries.filter(pl.col("description").str.starts_with("Point hebdo"))
    assert weekly.height == 4  # 02, (09 excluded), 16 moved, 23, 30
    assert "2026-03-01 to 2026-04-01 (window given" in r.notes[0]
    later = checked(
        ics.read(read_text(SMALL), config=CFG, window=(dt.date(2030, 1, 1), dt.date(2030, 2, 1)))
    )
    assert later.entries.height == 4  # only the weekly rule reaches 2030


def test_ids_are_stable_and_follow_the_occurrence():
    a = ics.read(read_text(SMALL), config=CFG)
    b = ics.read(read_text(SMALL), config=CFG, window=(dt.date(2026, 3, 1), dt.date(2026, 4, 1)))
    ids_a = set(a.entries.get_column("entry_id"))
    assert ids_a <= set(b.entries.get_column("entry_id"))


def test_floating_times_use_the_calendar_zone_else_the_configured_one(write):
    cfg = Config(timezone="America/Montreal")
    r = ics.read(read_text(SMALL), config=cfg)  # X-WR-TIMEZONE:Europe/Paris wins
    floating = r.entries.filter(pl.col("description") == "Modération").row(0, named=True)
    assert floating["start"] == dt.datetime(2026, 3, 4, 8, tzinfo=UTC)
    assert floating["date"] == dt.date(2026, 3, 4)
    bare = SMALL.read_text(encoding="utf-8").replace("X-WR-TIMEZONE:Europe/Paris\n", "")
    r = checked(ics.read(read_text(write("bare.ics", bare)), config=cfg))
    floating = r.entries.filter(pl.col("description") == "Modération").row(0, named=True)
    assert floating["start"] == dt.datetime(2026, 3, 4, 14, tzinfo=UTC)  # 09:00 EST


def test_unreadable_dtstart_rejects_that_event_only(write):
    path = write(
        "bad.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:yesterday\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:y\nDTSTAMP:20260302T120000Z\nDTSTART:20260302T090000Z\n"
        "DTEND:20260302T100000Z\nSUMMARY:ok\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    r = checked(ics.read(read_text(path), config=CFG))
    assert r.entries.height == 1
    assert r.rejected.select("line", "reason").rows() == [(2, "unreadable DTSTART 'yesterday'")]


def test_unreadable_calendar_is_one_clear_line(write):
    path = write("bad.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n")
    with pytest.raises(InputError, match=r"bad\.ics: not a readable iCalendar file"):
        ics.read(read_text(path), config=CFG)


def test_sniff(write):
    assert not ics.sniff(read_text(FIXTURES / "journal" / "mars.txt"))
    assert ics.sniff(read_text(write("a.ics", "\n\nbegin:vcalendar\nEND:VCALENDAR\n")))
