"""Watson: the frames file, ``watson log --json`` and ``watson log --csv``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cmtime.config import Config
from cmtime.readers import watson
from cmtime.readers._text import InputError, read_text
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

UTC = dt.UTC
CFG = Config()
W = FIXTURES / "watson"


def checked(reading: Reading) -> Reading:
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    return reading


def seconds(reading: Reading) -> int:
    return int(reading.entries.get_column("duration").dt.total_seconds().sum())


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("rel", "frames", "secs"),
    [("watson/mathematicalmichael/frames", 86, 327_050), ("watson/cbrasser/frames", 36, 313_844)],
)
def test_corpus_frames_read_as_their_readme_says(corpus, rel, frames, secs):
    text = read_text(corpus / rel)
    assert watson.sniff(text)
    r = checked(watson.read(text, config=CFG))
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (frames, frames, 0, 0)
    assert seconds(r) == secs
    ids = r.entries.get_column("entry_id")
    assert ids.n_unique() == frames
    assert ids.str.contains(r"^[0-9a-f]{32}$").all()  # Watson's own frame ids


@pytest.mark.corpus
def test_corpus_empty_tags_short_frames_and_projects_kept(corpus):
    r = watson.read(read_text(corpus / "watson/cbrasser/frames"), config=CFG)
    tags = r.entries.get_column("tags")
    assert tags.null_count() == 0
    assert (tags.list.len() == 0).sum() == 27
    short = r.entries.filter(r.entries.get_column("duration") < dt.timedelta(minutes=1))
    assert short.height == 6
    projects = r.entries.get_column("project").value_counts().rows()
    assert ("jk_holistid", 1) in projects
    assert ("jk_holistic", 16) in projects
    first = r.entries.row(0, named=True)
    assert first["entry_id"] == "77aa7e70ac2f409fa42e8cf05699212f"
    assert first["start"] == dt.datetime(2019, 10, 21, 10, 58, 35, tzinfo=UTC)
    assert first["origin"].endswith("frames:2")


def test_frames_fixture_epochs_tags_and_a_backwards_frame():
    path = W / "frames"
    assert not path.read_bytes().endswith(b"\n")
    r = checked(watson.read(read_text(path), config=CFG))
    assert (r.rows, r.entries.height, r.rejected.height) == (3, 2, 1)
    row = r.entries.row(0, named=True)
    assert row["entry_id"] == "aaaa1111bbbb2222cccc3333dddd4444"
    assert row["project"] == "dupont"
    assert row["client"] is None
    assert row["tags"] == ["strategie", "hidden"]
    assert row["start"] == dt.datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert row["duration"] == dt.timedelta(hours=1, minutes=30)
    assert row["person"] == CFG.person
    lines = path.read_text(encoding="utf-8").splitlines()
    for origin in r.entries.get_column("origin"):
        assert lines[int(origin.rsplit(":", 1)[1]) - 1].strip() == "["
    assert r.rejected.row(0, named=True)["reason"] == "stops before it starts"
    assert lines[r.rejected.row(0, named=True)["line"] - 1].strip() == "["


def test_log_json_gives_the_same_ids_and_instants_as_frames():
    text = read_text(W / "log.json")
    assert watson.sniff(text)
    r = checked(watson.read(text, config=CFG))
    frames = watson.read(read_text(W / "frames"), config=CFG)
    cols = ["entry_id", "start", "end", "project", "tags", "date"]
    assert r.entries.select(cols).equals(frames.entries.select(cols))


def test_log_csv_local_times_and_short_ids():
    text = read_text(W / "log.csv")
    assert watson.sniff(text)
    r = checked(watson.read(text, config=CFG))
    assert (r.rows, r.entries.height, r.rejected.height) == (3, 2, 1)
    row = r.entries.row(0, named=True)
    assert row["entry_id"] == "aaaa111"
    assert row["start"] == dt.datetime(2026, 3, 2, 8, tzinfo=UTC)  # 09:00 in Paris
    assert row["tags"] == ["strategie", "hidden"]
    assert r.entries.row(1, named=True)["tags"] == []
    assert r.rejected.row(0, named=True)["line"] == 4


def test_folder_counts_the_running_frame_in_state(tmp_path: Path):
    (tmp_path / "frames").write_bytes((W / "frames").read_bytes())
    assert watson.sniff_dir(tmp_path)
    assert not watson.read_dir(tmp_path, config=CFG).open
    (tmp_path / "state").write_text('{"project": "dupont", "start": 1772460000, "tags": []}')
    r = checked(watson.read_dir(tmp_path, config=CFG))
    assert (r.rows, r.entries.height, r.open) == (4, 2, 1)
    assert not watson.sniff_dir(FIXTURES / "timewarrior")


def test_invalid_json_names_file_and_position(write):
    path = write("frames", '[\n [1, 2, "p", "id", [], 3],\n [1, 2\n]')
    with pytest.raises(InputError, match=r"frames: invalid JSON at line 4 column 2"):
        watson.read(read_text(path), config=CFG)


def test_sniff_is_by_content(write):
    assert not watson.sniff(read_text(FIXTURES / "toggl_json" / "time_entries.json"))
    assert not watson.sniff(read_text(write("x.json", "[[1, 2, 3]]")))
    assert not watson.sniff(read_text(write("y.csv", "id,start,end,project\n")))
