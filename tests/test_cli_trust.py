"""Numbers that must not change without a word (issue: no silent wrong numbers).

Each case reproduces a situation found by trying the product, through the real command line.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cmtime.interfaces.cli import main

HEADER = "start,end,client,project,description,tags\n"


def _week(client: str, *, days: int = 5) -> str:
    """A realistic week of blocks for one client (strategy, publishing, a wait)."""
    rows = []
    for d in range(2, 2 + days):
        day = f"2026-03-{d:02d}"
        rows.append(f"{day}T09:00,{day}T10:30,{client},Social,stratégie éditoriale,\n")
        rows.append(f"{day}T14:00,{day}T14:45,{client},Social,publication Instagram,\n")
    rows.append(f"2026-03-02T11:00,2026-03-04T11:00,{client},Social,attente validation client,\n")
    return "".join(rows)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    got = capsys.readouterr()
    return code, got.out, got.err


@pytest.fixture
def vidal(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "cmtime.toml").write_text(
        '[clients."Cabinet Vidal"]\naliases = ["Vidl"]\nmonthly_fee = 900.0\n', encoding="utf-8"
    )
    (folder / "march.csv").write_text(HEADER + _week("Vidal"), encoding="utf-8")
    return folder


def test_a_misspelled_alias_is_named_in_check_and_summary(vidal: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _run(["check", str(vidal), "--json", "--lang", "en"], capsys)
    assert code == 0
    doc = json.loads(out)
    (row,) = doc["clients"]
    assert (row["written"], row["client"], row["match"], row["contract"]) == (
        "Vidal", "Vidal", "data", False
    )
    assert row["effort_h"] == 11.25  # 5 x (1.5 h + 0.75 h); the wait is not effort
    assert row["wait_h"] == 48.0
    (warning,) = doc["warnings"]
    assert "'Vidal'" in warning
    assert "'Vidl' (alias of 'Cabinet Vidal')" in warning
    assert warning in err  # and on stderr, for people

    code, out, err = _run(["summary", str(vidal), "--json", "--lang", "en"], capsys)
    assert code == 0
    summary = json.loads(out)
    assert any("'Vidl' (alias of 'Cabinet Vidal')" in w for w in summary["warnings"])
    assert "11.2 h count as a separate client" in summary["warnings"][0]

    # the report for the configured client warns too: its hours are missing from it
    code, out, err = _run(["summary", str(vidal), "--client", "Cabinet Vidal", "--json", "--lang", "en"], capsys)
    assert code == 0
    (warning,) = [w for w in json.loads(out)["warnings"] if "alias of 'Cabinet Vidal'" in w]
    assert "11.2 h count as a separate client" in warning  # was 0.0 h: the narrowed summary


def test_the_alias_fixed_gives_one_client_with_its_fee(vidal: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (vidal / "cmtime.toml").write_text(
        '[clients."Cabinet Vidal"]\naliases = ["Vidal"]\nmonthly_fee = 900.0\n', encoding="utf-8"
    )
    _, out, _ = _run(["summary", str(vidal), "--json"], capsys)
    doc = json.loads(out)
    assert doc["warnings"] == []
    (row,) = doc["clients"]
    assert row["client"] == "Cabinet Vidal"
    assert row["effort_h"] == 11.25
    assert row["fee"] is not None  # the contract's fee, pro rata for the week
    # one week of logs is too short for a typical month (under 28 days): no suggested fee
    assert row["suggested_fee"] is None


def test_overlapping_exports_under_an_alias_count_once(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    one = tmp_path / "one"
    one.mkdir()
    (one / "cmtime.toml").write_text(
        '[clients."Boulangerie Dupont"]\naliases = ["Dupont"]\nmonthly_fee = 800.0\n',
        encoding="utf-8",
    )
    (one / "a.csv").write_text(HEADER + _week("Boulangerie Dupont"), encoding="utf-8")
    _, out, _ = _run(["summary", str(one), "--json"], capsys)
    alone = json.loads(out)["clients"][0]

    (one / "b.csv").write_text(HEADER + _week("Dupont", days=3), encoding="utf-8")  # re-export
    _, out, _ = _run(["summary", str(one), "--json"], capsys)
    both = json.loads(out)["clients"]
    assert [c["client"] for c in both] == ["Boulangerie Dupont"]
    assert both[0]["effort_h"] == alone["effort_h"] == 11.25  # was 18 h: 11.25 + 6.75 counted twice
    assert both[0]["waits"] == alone["waits"] == 1

    _, out, _ = _run(["check", str(one), "--json"], capsys)
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["b.csv"]["duplicates"] == 7  # 3 days x 2 blocks + the wait


def test_two_identical_blocks_in_one_file_stay_two(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    twice = "2026-03-02T09:00,2026-03-02T10:00,Dupont,,modération,\n" * 2
    (tmp_path / "a.csv").write_text(HEADER + twice, encoding="utf-8")
    (tmp_path / "b.csv").write_text(HEADER + twice, encoding="utf-8")
    _, out, _ = _run(["summary", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--json"], capsys)
    assert json.loads(out)["totals"]["effort_h"] == 2.0


def test_check_separates_effort_and_wait_hours(vidal: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = _run(["check", str(vidal), "--json"], capsys)
    (f,) = json.loads(out)["files"]
    assert (f["effort_h"], f["wait_h"], f["hours"]) == (11.25, 48.0, 59.25)
    _, out, _ = _run(["check", str(vidal), "--lang", "en"], capsys)
    assert "effort h" in out
    assert "wait h" in out


def test_only_skipped_files_is_an_error_not_zeros(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "README.txt").write_text("my exports go here\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    for command in (["summary"], ["share", "--client", "X", "--out", str(tmp_path.parent / "o")]):
        code, out, err = _run([*command, str(tmp_path), "--lang", "en"], capsys)
        assert code == 2, command
        assert "nothing readable" in err
        assert "README.txt" in err
        assert "Traceback" not in err
    code, out, _ = _run(["check", str(tmp_path), "--strict", "--lang", "en"], capsys)
    assert code == 2  # nothing readable: exit 2 like summary and share (#29), after the report
    assert "skipped" in out
    assert "README.txt" in out


def test_an_open_wait_runs_to_today_without_to(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "log.csv").write_text(HEADER + _week("Dupont"), encoding="utf-8")
    (tmp_path / "waits.csv").write_text(
        "client,item,asked,answered\nDupont,Photos de la vitrine,2026-03-05 10:00,\n",
        encoding="utf-8",
    )
    _, out, _ = _run(["summary", str(tmp_path), "--json"], capsys)
    doc = json.loads(out)
    today = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
    assert doc["period"] == {"from": "2026-03-02", "to": max(today, dt.date(2026, 3, 6)).isoformat()}
    assert doc["totals"]["open_waits"] == 1
    # with --to, the open wait stops at the end of that day
    _, out, _ = _run(["summary", str(tmp_path), "--to", "2026-03-06", "--json"], capsys)
    row = json.loads(out)["clients"][0]
    ledger_wait = 14 + 24  # 5 March 10:00 -> 7 March 00:00 (Paris)
    assert row["wait_h"] == pytest.approx(48 + ledger_wait)


def test_implausible_blocks_are_kept_flagged_and_counted_by_strict(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "log.csv"
    path.write_text(
        HEADER
        + "2026-03-02T09:00,2026-03-02T10:00,Dupont,,stratégie,\n"
        + "2026-03-03T09:00,2026-03-04T15:00,Dupont,,création des visuels,\n"  # 30 h: a timer left on
        + "2026-03-05T09:00,2026-03-09T09:00,Dupont,,attente validation client,\n",  # a 96 h wait: exempt
        encoding="utf-8",
    )
    code, out, _ = _run(["check", str(path), "--json", "--lang", "en"], capsys)
    assert code == 0
    (f,) = json.loads(out)["files"]
    assert f["implausible"] == [{"line": 3, "hours": 30.0}]
    assert f["entries"] == 3  # kept
    assert any("longer than 24" in w for w in json.loads(out)["warnings"])
    code, _, _ = _run(["check", str(path), "--strict"], capsys)
    assert code == 1  # --strict counts it
    _, out, _ = _run(["summary", str(path), "--json", "--lang", "en"], capsys)
    doc = json.loads(out)
    assert doc["clients"][0]["effort_h"] == 31.0  # counted
    assert any("log.csv" in w and "(line 3)" in w for w in doc["warnings"])
    (tmp_path / "cmtime.toml").write_text("[limits]\nimplausible_hours = 48\n", encoding="utf-8")
    _, out, _ = _run(["check", str(path), "--json", "--config", str(tmp_path / "cmtime.toml")], capsys)
    assert json.loads(out)["files"][0]["implausible"] == []
