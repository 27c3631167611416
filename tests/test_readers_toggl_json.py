"""Toggl Track API v9 time entries JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from cmtime.config import Config
from cmtime.readers import toggl_json
from cmtime.readers._text import InputError, read_text
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

UTC = dt.UTC
CFG = Config()
PATH = FIXTURES / "toggl_json" / "time_entries.json"


def checked(reading: Reading) -> Reading:
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    return reading


def test_entries_running_timer_and_rejection():
    text = read_text(PATH)
    assert toggl_json.sniff(text)
    r = checked(toggl_json.read(text, config=CFG))
    assert r.format == "toggl_json"
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (4, 2, 1, 1)
    first = r.entries.row(0, named=True)
    assert first["entry_id"] == "3500000001"
    assert first["source"] == "toggl"
    assert first["start"] == dt.datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert first["end"] == dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert first["duration"] == dt.timedelta(seconds=5399)  # duration is authoritative
    assert first["project"] == "Réseaux sociaux"
    assert first["client"] == "Boulangerie Dupont"
    assert first["tags"] == ["hidden", "stratégie"]
    assert first["billable"] is True
    assert first["person"] == CFG.person
    assert first["origin"].endswith("time_entries.json:2")
    second = r.entries.row(1, named=True)
    assert second["description"] == ""
    assert second["tags"] == []
    assert second["project"] == "project 789"
    assert second["date"] == dt.date(2026, 3, 3)  # 23:30Z is 00:30 in Paris
    assert r.rejected.row(0, named=True)["reason"] == "unreadable start 'yesterday'"
    assert r.rejected.row(0, named=True)["line"] == 45


def test_several_users_are_told_apart(write):
    path = write(
        "t.json",
        '[{"id": 1, "start": "2026-03-02T08:00:00Z", "stop": "2026-03-02T09:00:00Z", '
        '"duration": 3600, "user_id": 7, "workspace_id": 1},'
        '{"id": 2, "start": "2026-03-02T08:00:00Z", "stop": "2026-03-02T09:00:00Z", '
        '"duration": 3600, "user_id": 8, "user_name": "Léa", "workspace_id": 1}]',
    )
    r = checked(toggl_json.read(read_text(path), config=CFG))
    assert r.entries.get_column("person").to_list() == ["user 7", "Léa"]


def test_re_reading_keeps_ids():
    a = toggl_json.read(read_text(PATH), config=CFG)
    b = toggl_json.read(read_text(PATH), config=CFG)
    assert a.entries.get_column("entry_id").to_list() == b.entries.get_column("entry_id").to_list()


def test_invalid_json_and_not_an_array(write):
    with pytest.raises(InputError, match=r"t\.json: invalid JSON at line 2 column 10"):
        toggl_json.read(read_text(write("t.json", '[{"id": 1,\n "start" "x"}]')), config=CFG)
    with pytest.raises(InputError, match="not a JSON array"):
        toggl_json.read(read_text(write("u.json", '{"id": 1}')), config=CFG)


def test_sniff_is_by_content():
    assert not toggl_json.sniff(read_text(FIXTURES / "watson" / "log.json"))
    assert not toggl_json.sniff(read_text(FIXTURES / "timewarrior" / "export.json"))
    assert not toggl_json.sniff(read_text(FIXTURES / "journal" / "mars.txt"))
