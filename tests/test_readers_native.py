"""The native cmtime CSV: ISO 8601 local or with offset, tags, errors."""

from __future__ import annotations

import datetime as dt

from cmtime.config import Config
from cmtime.readers import read_file, read_paths
from cmtime.schema import validate

UTC = dt.UTC
CFG = Config()


def test_local_and_offset_times(write):
    path = write(
        "log.csv",
        "start,end,client,project,description,tags\n"
        "2026-03-02T09:00,2026-03-02T10:30,Dupont,Social,Stratégie éditoriale,#hidden;Stratégie\n"
        "2026-03-02 14:00:00+01:00,2026-03-02 15:00:00+01:00,,,Réunion,\n"
        "2026-07-01T08:00:00Z,2026-07-01T09:15:00Z,Lumen,,Publication,visible|urgent\n",
    )
    r = read_file(path, config=CFG)
    validate(r.entries)
    a, b, c = r.entries.rows(named=True)
    assert a["start"] == dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert a["duration"] == dt.timedelta(hours=1, minutes=30)
    assert a["tags"] == ["hidden", "stratégie"]
    assert a["person"] == CFG.person
    assert b["start"] == dt.datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    assert b["client"] is None
    assert c["start"] == dt.datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert c["date"] == dt.date(2026, 7, 1)
    assert c["tags"] == ["visible", "urgent"]


def test_rejections_and_midnight(write):
    path = write(
        "log.csv",
        "start,end,client,description\n"
        "2026-03-02T23:30,2026-03-03T00:45,A,late post\n"
        "2026-03-02T10:00,2026-03-02T09:00,A,backwards\n"
        "yesterday,2026-03-02T09:00,A,words\n"
        "2026-03-29T02:15,2026-03-29T04:00,A,in the gap\n",
    )
    r = read_file(path, config=CFG)
    assert r.rows == 4
    assert r.entries.height == 1
    assert r.entries.get_column("date").item() == dt.date(2026, 3, 2)
    assert r.entries.get_column("duration").item() == dt.timedelta(hours=1, minutes=15)
    reasons = dict(r.rejected.select("line", "reason").iter_rows())
    assert reasons[3] == "ends before it starts"
    assert reasons[4].startswith("unreadable start 'yesterday'")
    assert "does not exist" in reasons[5]


def test_folder_with_config_and_readme(tmp_path):
    (tmp_path / "cmtime.toml").write_text('[clients."Boulangerie Dupont"]\naliases = ["Dupont"]\n')
    (tmp_path / "README.txt").write_text("my notes\n")
    (tmp_path / "log.csv").write_text("start,end,client\n2026-03-02T09:00,2026-03-02T10:00,dupont\n")
    loaded = read_paths([tmp_path])
    assert loaded.entries.get_column("client").to_list() == ["Boulangerie Dupont"]
    assert [s.path for s in loaded.skipped] == [str(tmp_path / "README.txt")]
    assert loaded.config.path == str(tmp_path / "cmtime.toml")
