"""Clock times that were never real: stacked blocks count as duration-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cmtime.analysis.scope import Scope
from cmtime.interfaces.cli import main

HEADER = "start,end,client,project,description,tags\n"
# Monday: the tracker stored 08:00 for every block of the day; the blocks pile up from it.
STACKED = [
    ("2026-03-02T08:00", "2026-03-02T10:00", "stratégie éditoriale"),
    ("2026-03-02T08:00", "2026-03-02T13:00", "création des visuels"),
    ("2026-03-02T08:00", "2026-03-02T09:30", "modération des commentaires"),
    ("2026-03-02T08:00", "2026-03-02T10:00", "rapport mensuel"),
]
# Tuesday: real times, one of them in the evening.
REAL = [
    ("2026-03-03T10:00", "2026-03-03T11:00", "publication Instagram"),
    ("2026-03-03T18:30", "2026-03-03T19:30", "modération du live"),
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    rows = "".join(f"{a},{b},Dupont,Social,{d},\n" for a, b, d in [*STACKED, *REAL])
    wait = "2026-03-02T08:00,2026-03-04T08:00,Dupont,Social,attente validation client,\n"
    path = tmp_path / "log.csv"
    path.write_text(HEADER + rows + wait, encoding="utf-8")
    return path


def test_stacked_blocks_are_duration_only_and_real_ones_keep_their_split(export: Path) -> None:
    (row,) = Scope.load(export).summary()["clients"]
    assert row["effort_h"] == 2 + 5 + 1.5 + 2 + 1 + 1
    # split at their stored times, they would make 4 h "early" and 0.5 h of lunch
    assert row["offhours_early_h"] == 0.0
    assert row["offhours_midday_h"] == 0.0
    assert row["offhours_unknown_h"] == 10.5  # a working Monday: unknown, not off-hours
    assert row["offhours_evening_h"] == 1.0  # Tuesday's real evening block keeps its split
    assert row["offhours_h"] == 1.0
    assert row["waits"] == 1  # a wait starting at the same minute is no stack, nor changed
    assert row["wait_h"] == 40.0  # 48 h, of which the 40 up to the period's last day (Tuesday) count


def test_check_and_summary_say_how_many_blocks_and_hours(export: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["check", str(export), "--json", "--lang", "en"])
    doc = json.loads(capsys.readouterr().out)
    (f,) = doc["files"]
    assert (f["placeholder_blocks"], f["placeholder_h"]) == (4, 10.5)
    assert any("4 blocks (10.5 h)" in w and "placeholder" in w for w in doc["warnings"])
    main(["summary", str(export), "--json", "--lang", "en"])
    out = capsys.readouterr()
    warnings = json.loads(out.out)["warnings"]
    assert any("4 blocks (10.5 h)" in w for w in warnings)
    assert "4 blocks (10.5 h)" in out.err


def test_two_blocks_at_the_same_minute_on_different_days_are_real(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        HEADER
        + "2026-03-02T07:00,2026-03-02T08:00,Dupont,,veille,\n"
        + "2026-03-03T07:00,2026-03-03T08:00,Dupont,,veille,\n",
        encoding="utf-8",
    )
    (row,) = Scope.load(path).summary()["clients"]
    assert row["offhours_early_h"] == 2.0


def _entries(rows: list[tuple[str, str, int, str]]):  # type: ignore[no-untyped-def]
    """Canonical entries: (person, source, start minute of 2026-03-02 in UTC, kind)."""
    import datetime as dt

    import polars as pl

    from cmtime.schema import ENTRY_SCHEMA

    base = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
    frame = pl.DataFrame(
        {
            "entry_id": [f"e{i}" for i in range(len(rows))],
            "source": [r[1] for r in rows],
            "origin": [f"t.csv:{i + 2}" for i in range(len(rows))],
            "person": [r[0] for r in rows],
            "client": ["Dupont"] * len(rows),
            "project": [""] * len(rows),
            "task": [""] * len(rows),
            "description": [r[3] for r in rows],
            "tags": [[] for _ in rows],
            "start": [base + dt.timedelta(minutes=r[2]) for r in rows],
            "end": [base + dt.timedelta(minutes=r[2] + 45) for r in rows],
            "date": [dt.date(2026, 3, 2)] * len(rows),
            "duration": [dt.timedelta(minutes=45)] * len(rows),
            "billable": [None] * len(rows),
        },
        schema=ENTRY_SCHEMA,
    )
    return frame


@pytest.mark.parametrize(
    ("rows", "stack"),
    [
        ([("Ana", "toggl", 0, "stratégie"), ("Ana", "toggl", 1, "visuels")], False),
        ([("Ana", "toggl", 0, "stratégie"), ("Léo", "toggl", 0, "visuels")], False),
        ([("Ana", "ics", 0, "stratégie"), ("Ana", "ics", 0, "visuels")], False),
        ([("Ana", "toggl", 0, "stratégie"), ("Ana", "toggl", 0, "visuels")], True),
        # a wait at the same minute: the cheap test says "maybe", the exact mark says no
        ([("Ana", "toggl", 0, "stratégie"), ("Ana", "toggl", 0, "attente validation client")], True),
    ],
)
def test_the_cheap_stack_test_never_misses_a_placeholder(rows, stack) -> None:  # type: ignore[no-untyped-def]
    """`may_stack` says no only when the exact mark finds no placeholder."""
    from cmtime.analysis.classify import classify
    from cmtime.analysis.placeholders import drop_placeholder_times, may_stack

    lf = _entries(rows).lazy()
    assert may_stack(lf) is stack
    marked = classify(lf).pipe(drop_placeholder_times).collect().get_column("placeholder_time")
    if not stack:
        assert not marked.any()


def test_analyse_gives_the_same_rows_with_or_without_the_cheap_test(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A generated Toggl year has no stack: the shortcut and the exact mark give the same frame."""
    from polars.testing import assert_frame_equal

    from cmtime.analysis import pipeline
    from cmtime.analysis.placeholders import may_stack
    from cmtime.readers import read_paths
    from cmtime.sample import synthetic as sample

    loaded = read_paths(sample.write_sample(tmp_path, entries=3000, seed=5, fmt="toggl"))
    assert not may_stack(loaded.lazy())
    fast = pipeline.analyse(loaded).collect()
    monkeypatch.setattr(pipeline, "may_stack", lambda lf: True)
    exact = pipeline.analyse(loaded).collect()
    assert_frame_equal(fast, exact)

