"""Timewarrior: data files, database folders, ``timew export`` JSON and exclusions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from cmtime.config import Config, TimeRange, read_exclusions
from cmtime.readers import timewarrior
from cmtime.readers._text import InputError, read_text
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

UTC = dt.UTC
CFG = Config()
DB = FIXTURES / "timewarrior" / "db"


def checked(reading: Reading) -> Reading:
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    return reading


def seconds(reading: Reading) -> int:
    return int(reading.entries.get_column("duration").dt.total_seconds().sum())


# -- corpus ---------------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("folder", "rows", "secs"),
    [("timewarrior/jongbinjung", 42, 454_077), ("timewarrior/pgierz", 32, 130_182)],
)
def test_corpus_database_reads_as_its_readme_says(corpus, folder, rows, secs):
    for path in (corpus / folder, corpus / folder / "data"):
        assert timewarrior.sniff_dir(path)
        r = checked(timewarrior.read_dir(path, config=CFG))
        assert (r.rows, r.entries.height, r.rejected.height, r.open) == (rows, rows, 0, 0)
        assert seconds(r) == secs
        assert r.entries.get_column("entry_id").n_unique() == rows


@pytest.mark.corpus
def test_corpus_annotation_is_description_and_tags_are_unquoted(corpus):
    r = timewarrior.read_dir(corpus / "timewarrior/pgierz", config=CFG)
    line3 = r.entries.filter(pl.col("origin").str.ends_with("2023-06.data:3")).row(0, named=True)
    assert line3["description"] == "stand up meeting"
    assert line3["tags"] == ["esm-tools", "meeting", "stand-up-meeting"]
    line8 = r.entries.filter(pl.col("origin").str.ends_with(":8")).row(0, named=True)
    assert line8["description"] == "description:Help Students: Student 1"
    assert line8["tags"] == ["paleodyn"]
    all_tags = set(r.entries.get_column("tags").explode().drop_nulls().to_list())
    assert "jira-issues" in all_tags
    assert not any('"' in t or "#" in t for t in all_tags)
    assert any("exclusions" in n for n in r.notes)


@pytest.mark.corpus
def test_corpus_multiword_tag_is_description_and_proj_is_project(corpus):
    r = timewarrior.read(
        read_text(corpus / "timewarrior/jongbinjung/data/2017-05.data"), config=CFG
    )
    first = r.entries.row(0, named=True)
    assert first["description"] == "Write up DT modeling"
    assert first["project"] == "strokes"
    assert first["origin"].endswith("2017-05.data:1")
    assert first["start"] == dt.datetime(2017, 5, 2, 16, 31, 24, tzinfo=UTC)
    last = r.entries.row(-1, named=True)  # 05-31 18:31Z -> 06-01 05:16Z, still a May block
    assert last["end"].month == 6
    assert last["date"] == dt.date(2017, 5, 31)


@pytest.mark.corpus
def test_corpus_exclusions_become_working_hours(corpus):
    hours = read_exclusions(corpus / "timewarrior/pgierz/timewarrior.cfg")
    day = (TimeRange(dt.timedelta(hours=7), dt.timedelta(hours=19)),)
    assert hours == {
        "mon": day,
        "tue": day,
        "wed": day,
        "thu": day,
        "fri": day,
        "sat": (),
        "sun": (),
    }


# -- fixtures -------------------------------------------------------------------------------


def test_data_file_quotes_annotations_open_and_rejections():
    text = read_text(DB / "data" / "2026-03.data")
    assert timewarrior.sniff(text)
    r = checked(timewarrior.read(text, config=CFG))
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (7, 3, 3, 1)
    first = r.entries.row(0, named=True)
    assert first["description"] == "revue avec la cliente"
    assert first["project"] == "Dupont"
    assert first["client"] == "Boulangerie"
    assert first["tags"] == ["plan éditorial mars", "proj:dupont", "client:boulangerie"]
    assert first["duration"] == dt.timedelta(hours=1, minutes=30)
    assert first["source"] == "timewarrior"
    second = r.entries.row(1, named=True)
    assert second["description"] == ""
    assert second["tags"] == ["social-media", "veille"]
    assert second["client"] is None
    late = r.entries.row(2, named=True)  # 23:00Z is 00:00 in Paris: the local day counts
    assert late["date"] == dt.date(2026, 3, 3)
    assert late["description"] == "Live Café"
    assert r.rejected.get_column("line").to_list() == [5, 6, 7]
    assert r.rejected.get_column("reason").to_list()[0] == "ends before it starts"


def test_folder_is_one_source_and_skips_tags_data_and_cfg(tmp_path: Path):
    assert timewarrior.sniff_dir(DB)
    assert timewarrior.sniff_dir(DB / "data")
    assert not timewarrior.sniff_dir(FIXTURES / "watson")
    r = checked(timewarrior.read_dir(DB, config=CFG))
    assert (r.rows, r.entries.height, r.open) == (7, 3, 1)
    assert r.path == str(DB)
    assert r.rejected.get_column("path").unique().to_list() == [str(DB / "data" / "2026-03.data")]
    assert any("mon 09:00-12:30, 13:30-18:00" in n for n in r.notes)
    with pytest.raises(InputError, match="no Timewarrior data files"):
        timewarrior.read_dir(tmp_path, config=CFG)


def test_export_json_matches_the_data_file_ids():
    text = read_text(FIXTURES / "timewarrior" / "export.json")
    assert timewarrior.sniff(text)
    r = checked(timewarrior.read(text, config=CFG))
    assert (r.rows, r.entries.height, r.rejected.height, r.open) == (3, 2, 0, 1)
    data = timewarrior.read(read_text(DB / "data" / "2026-03.data"), config=CFG)
    assert (
        r.entries.get_column("entry_id").to_list()
        == data.entries.get_column("entry_id")[:2].to_list()
    )
    assert r.entries.get_column("origin")[0].endswith("export.json:2")


def test_exclusion_ranges_and_bad_values(tmp_path: Path):
    hours = read_exclusions(DB / "timewarrior.cfg")
    assert [str(x) for x in hours["mon"]] == ["09:00-12:30", "13:30-18:00"]
    assert [str(x) for x in hours["wed"]] == ["00:00-24:00"]  # not listed: no exclusion
    assert hours["sun"] == ()
    none = tmp_path / "timewarrior.cfg"
    none.write_text("verbose = yes\n", encoding="utf-8")
    assert read_exclusions(none) == {}
    bad = tmp_path / "bad.cfg"
    bad.write_text("define exclusions:\n  monday = soon\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'soon'"):
        read_exclusions(bad)


def test_invalid_json_export_is_one_clear_line(write):
    path = write("export.json", '[{"start": "20260302T080000Z",}]')
    with pytest.raises(InputError, match=r"export\.json: invalid JSON at line 1 column"):
        timewarrior.read(read_text(path), config=CFG)


def test_sniff_refuses_other_text(write):
    assert not timewarrior.sniff(read_text(write("a.txt", "include this\n")))
    assert not timewarrior.sniff(read_text(write("b.json", '[{"start": "2026-03-02T08:00"}]')))


def test_column_wise_tokenizer_equals_the_line_tokenizer(tmp_path):
    # Plain lines (the column-wise path) between odd ones (the line tokenizer): quoted tags
    # with spaces, adjacent quotes, an empty tag, annotations, escapes, tabs, an open
    # interval, garbage, blank lines. Both paths must give the same rows, in line order.
    from cmtime.readers._text import read_text
    from cmtime.readers.timewarrior import _lines_frame, _parse_lines, _raw

    lines = [
        'inc 20260302T080000Z - 20260302T090000Z # "Stratégie éditoriale" "client:Dupont" proj:LinkedIn',
        'inc 20260302T090000Z - 20260302T093000Z # "a b""c d" x ""',
        "",
        'inc 20260302T093000Z - 20260302T100000Z # meeting # "notes: call back"',
        'inc 20260302T100000Z - 20260302T103000Z # "say \\"hi\\"" client:Lumen',
        "inc 20260302T103000Z - 20260302T110000Z # tab\tword",
        "inc 20260302T110000Z - 20260302T113000Z",
        "inc 20260302T113000Z - 20260302T120000Z #",
        "   inc 20260302T120000Z - 20260302T123000Z # padded   spaces  ",
        "garbage line",
        'inc 20260302T123000Z - 20260302T130000Z # ab"c d" "unbalanced',
        "inc 20260302T130000Z # running",
    ]
    path = tmp_path / "2026-03.data"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast = _lines_frame(read_text(path))
    slow = _raw(_parse_lines(enumerate(lines, start=1)))
    assert fast.to_dicts() == slow.to_dicts()
    assert fast.height == 11
