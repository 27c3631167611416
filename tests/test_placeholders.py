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
    assert row["wait_h"] == 48.0


def test_check_and_summary_say_how_many_blocks_and_hours(export: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["check", str(export), "--json", "--lang", "en"])
    doc = json.loads(capsys.readouterr().out)
    (f,) = doc["files"]
    assert (f["placeholder_blocks"], f["placeholder_h"]) == (4, 10.5)
    assert any("4 blocks (10.5 h)" in w and "placeholders" in w for w in doc["warnings"])
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
