"""Entries as kept (`cmtime.schema.STORED_SCHEMA`) and as every view sees them (`canonical`).

Readings keep the content digest (or the source's own id) and the file and line instead of
the ``entry_id`` and ``origin`` texts; those are made by the queries that read them. These
tests hold the canonical view to what the readers wrote before: the same ids, the same
origins, the same columns in the same order, for every kind of source.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cmtime import ALLOCATOR
from cmtime.analysis.metrics import summary
from cmtime.analysis.pipeline import analyse, analysed_stored
from cmtime.config import Config
from cmtime.readers import read_file, read_paths
from cmtime.readers._build import content_parts
from cmtime.readers._parse import hash_id
from cmtime.schema import (
    ENTRY_SCHEMA,
    PRIVATE,
    STORED_SCHEMA,
    canonical,
    validate,
)
from tests.conftest import toggl_rows

FIXTURES = Path(__file__).parent / "fixtures"

ROWS = (
    "Camille Martin,camille@agence.example,Dupont,Lancement,,Montage Reel,Yes,2026-03-02,09:00:00,2026-03-02,10:30:00,01:30:00,,",
    # the same block twice: two real blocks, numbered
    "Camille Martin,camille@agence.example,Dupont,Lancement,,Point client,Yes,2026-03-02,11:00:00,2026-03-02,11:15:00,00:15:00,,",
    "Camille Martin,camille@agence.example,Dupont,Lancement,,Point client,Yes,2026-03-02,11:00:00,2026-03-02,11:15:00,00:15:00,,",
    "Léa Petit,lea@agence.example,Restaurant Leroy,LinkedIn,,\"Stratégie, calendrier\",No,2026-03-03,18:00:00,2026-03-03,19:00:00,01:00:00,hidden,",
    "Léa Petit,lea@agence.example,,Interne,,Veille,No,not a date,18:00:00,2026-03-03,19:00:00,01:00:00,,",
)

@pytest.fixture
def export(write) -> Path:  # type: ignore[no-untyped-def]
    return write("toggl.csv", toggl_rows(*ROWS))


def test_a_reading_keeps_no_id_or_origin_text(export: Path):
    reading = read_file(export, config=Config())
    assert list(reading.stored.columns) == list(STORED_SCHEMA)
    assert not {"entry_id", "origin"} & set(reading.stored.columns)
    validate(reading.stored, stored=True)
    validate(reading.entries)
    assert reading.stored.height == 4
    assert reading.rejected.height == 1


def test_origins_are_file_and_line(export: Path):
    entries = read_file(export, config=Config()).entries
    assert entries["origin"].to_list() == [f"{export}:{n}" for n in (2, 3, 4, 5)]


def test_content_ids_are_the_hash_ids_with_repeats_numbered(export: Path):
    entries = read_file(export, config=Config()).entries
    expected = entries.select(hash_id("toggl", content_parts("toggl")).alias("entry_id"))
    assert_frame_equal(entries.select("entry_id"), expected)
    ids = entries["entry_id"].to_list()
    assert len(set(ids)) == 4
    assert ids[2] == ids[1] + "-1"
    assert all(i.startswith("toggl:") for i in ids)


def test_own_ids_are_kept_as_written():
    reading = read_file(FIXTURES / "toggl_json" / "time_entries.json", config=Config())
    assert reading.stored["__digest"].null_count() == reading.stored.height
    ids = reading.entries["entry_id"].to_list()
    assert ids[0] == "3500000001"  # Toggl's own id, as exported
    validate(reading.entries)


def test_a_folder_source_names_each_file_in_its_origins():
    reading = read_file(FIXTURES / "timewarrior" / "db", config=Config())
    files = {o.rsplit(":", 1)[0] for o in reading.entries["origin"].to_list()}
    assert files
    assert all(f.endswith(".data") for f in files)


def test_overlapping_files_count_once_by_their_ids(tmp_path: Path):
    first = tmp_path / "a.csv"
    first.write_text(toggl_rows(*ROWS[:3]), encoding="utf-8")
    both = tmp_path / "b.csv"  # the same three blocks, and one more
    both.write_text(toggl_rows(*ROWS[:4]), encoding="utf-8")
    loaded = read_paths([first, both], config=Config())
    assert loaded.duplicates == (0, 3)
    entries = loaded.entries
    validate(entries)
    assert entries.height == 4
    assert entries["origin"].to_list() == [f"{first}:2", f"{first}:3", f"{first}:4", f"{both}:5"]
    # the same ids as each file read alone
    alone = read_file(both, config=Config()).entries
    assert set(entries["entry_id"]) == set(alone["entry_id"])


def test_analyse_collects_no_id_or_origin_and_shows_them_when_read(export: Path):
    loaded = read_paths([export], config=Config())
    kept = analysed_stored(loaded)
    assert not {"entry_id", "origin"} & set(kept.columns)
    assert set(PRIVATE) <= set(kept.columns)
    view = analyse(loaded).collect()
    assert view.columns[: len(ENTRY_SCHEMA)] == list(ENTRY_SCHEMA)
    assert not set(PRIVATE) & set(view.columns)
    assert_frame_equal(view.select(list(ENTRY_SCHEMA)).drop("start", "end"),
                       loaded.entries.drop("start", "end"))
    assert {"kind", "activity", "offhours"} <= set(view.columns)


def test_a_summary_reads_no_id_or_origin(export: Path):
    """The summary's queries never ask for the texts: built, they would fail here."""
    loaded = read_paths([export], config=Config())
    poisoned = canonical(analysed_stored(loaded).lazy()).with_columns(
        entry_id=pl.lit("x").str.to_integer().cast(pl.String),  # raises if computed
        origin=pl.lit("x").str.to_integer().cast(pl.String),
    )
    doc = summary(poisoned, config=Config())
    assert doc["totals"]["clients"] == 2
    assert summary(analyse(loaded), config=Config()) == doc


def _allocator_setting(code: str, env: dict[str, str]) -> str:
    code += "; import os, polars; print(os.environ['_RJEM_MALLOC_CONF'])"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=env, cwd=Path(__file__).parent.parent).stdout.strip()


def test_the_command_line_sets_the_allocator_and_keeps_a_users_setting():
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    cli = "import cmtime.interfaces.cli"
    # polars puts its defaults first; the last value of an option wins
    assert _allocator_setting(cli, env).endswith("," + ALLOCATOR)
    mine = "dirty_decay_ms:2000"
    got = _allocator_setting(cli, {**env, "_RJEM_MALLOC_CONF": mine})
    assert got.endswith("," + mine)
    assert ALLOCATOR not in got
    # a notebook's `import cmtime` loads no polars and leaves polars' own setting
    assert ALLOCATOR not in _allocator_setting("import cmtime; from cmtime import charts", env)


def test_analyse_builds_no_id_or_origin_even_for_placeholder_stacks(write, monkeypatch):  # type: ignore[no-untyped-def]
    # two blocks of one person starting at the same minute: the exact placeholder check runs
    rows = [
        f"Camille Martin,camille@agence.example,Dupont,Lancement,,Bloc {i},Yes,2026-03-02,09:00:00,"
        f"2026-03-02,09:{10 + i}:00,00:{10 + i}:00,,"
        for i in range(3)
    ]
    # the same minute in another file: no stack (a stack is within one file)
    alone = rows[0].replace("Bloc 0", "Autre bloc")
    loaded = read_paths([write("stacks.csv", toggl_rows(*rows)), write("other.csv", toggl_rows(alone))],
                        config=Config())
    expected = analysed_stored(loaded)
    assert expected["placeholder_time"].to_list() == [True, True, True, False]

    def poisoned(lf: pl.LazyFrame) -> pl.LazyFrame:
        bad = pl.lit("x").str.to_integer().cast(pl.String)  # raises if computed
        return lf.with_columns(entry_id=bad, origin=bad)

    monkeypatch.setattr("cmtime.analysis.pipeline.named", poisoned)
    assert_frame_equal(analysed_stored(loaded), expected)
