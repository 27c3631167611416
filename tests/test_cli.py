"""The command line: JSON contracts, exit codes, one-line errors, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, toggl_rows
from tests.conftest import run_cli as run

FIXTURE = FIXTURES / "toggl_fr_excel.csv"


def test_check_json_contract(capsys):
    code, out, _ = run(capsys, "check", str(FIXTURE), "--json")
    assert code == 0
    doc = json.loads(out)
    (f,) = doc["files"]
    assert set(f) == {
        "path", "format", "rows", "entries", "hours", "effort_h", "wait_h", "rejected", "rejected_more",
        "placeholder_blocks", "placeholder_h", "implausible",
        "duplicates", "overlaps", "open",
    }
    assert set(doc) == {"files", "skipped", "clients", "warnings"}
    assert f["hours"] == f["effort_h"] + f["wait_h"]
    assert (f["format"], f["rows"], f["entries"], f["open"]) == ("toggl", 5, 4, 0)
    assert f["rejected"] == [{"line": 5, "reason": "ends before it starts"}]
    assert f["rows"] == f["entries"] + len(f["rejected"]) + f["rejected_more"] + f["open"]
    assert f["hours"] == pytest.approx(1.5 + 25 / 60 + 1.75 + 20 / 60)


def test_check_strict_exits_1_on_rejections(capsys):
    code, _, _ = run(capsys, "check", str(FIXTURE), "--strict", "--json")
    assert code == 1


def test_check_table_lists_rejections_and_unclassified(capsys, write):
    path = write("t.csv", toggl_rows("A,,Dupont,,,Divers,No,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,"))
    code, out, _ = run(capsys, "check", str(FIXTURE), str(path), "--lang", "en")
    assert code == 0
    assert "rejected" in out
    assert "1 rejected: ends before it starts (line 5)" in out
    assert "Divers" in out


def test_summary_json_fields(capsys):
    code, out, _ = run(capsys, "summary", str(FIXTURE), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["period"] == {"from": "2026-03-02", "to": "2026-03-09"}
    keys = {
        "client", "visible_h", "hidden_h", "unclassified_h", "effort_h", "hidden_share",
        "offhours_h", "offhours_share", "wait_h", "waits", "wait_median_h", "fee",
        "effective_rate", "perceived_rate", "suggested_fee",
    }
    assert all(keys <= set(c) for c in doc["clients"])  # the contract's keys, maybe more
    dupont = next(c for c in doc["clients"] if c["client"] == "Boulangerie Dupont")
    assert dupont["hidden_h"] == 1.5
    assert dupont["fee"] is None  # no contract without a config


def test_summary_period_and_client(capsys):
    code, out, _ = run(
        capsys, "summary", str(FIXTURE), "--json", "--from", "2026-03-06", "--to", "2026-03-06",
        "--client", "le comptoir des halles",
    )
    assert code == 0
    doc = json.loads(out)
    assert [c["client"] for c in doc["clients"]] == ["Le Comptoir des Halles"]
    assert doc["clients"][0]["effort_h"] == 1.75


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "nope.csv"], "no such file"),
        (["summary", str(FIXTURE), "--client", "Inconnu", "--lang", "en"], "unknown client 'Inconnu'; known clients: Boulangerie Dupont"),
        (["summary", str(FIXTURE), "--from", "demain"], "--from 'demain' is not a date"),
        (["summary", str(FIXTURE), "--from", "2026-03-09", "--to", "2026-03-01", "--lang", "en"], "ends"),
        (["check", str(FIXTURE), "--format", "excel"], "unknown format 'excel'"),
        (["check", str(FIXTURE), "--config", "missing.toml"], "cannot read the config"),
    ],
)
def test_user_errors_are_one_line_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in " ".join(err.split())
    assert "Traceback" not in err


def test_folder_skips_unknown_files_but_a_named_one_is_fatal(capsys, tmp_path):
    (tmp_path / "notes.md").write_text("# my notes\n")
    (tmp_path / "log.csv").write_bytes(FIXTURE.read_bytes())
    code, out, _ = run(capsys, "check", str(tmp_path), "--json")
    assert code == 0
    doc = json.loads(out)
    assert [s["path"] for s in doc["skipped"]] == [str(tmp_path / "notes.md")]
    code, _, err = run(capsys, "check", str(tmp_path / "notes.md"))
    assert code == 2
    assert "unknown format" in err


def test_input_files_are_never_modified(capsys, tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(FIXTURE.read_bytes())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    run(capsys, "summary", str(tmp_path), "--json")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]


def test_console_script_has_no_traceback(tmp_path):
    exe = Path(sys.executable).with_name("cmtime")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x00garbage\x00")
    proc = subprocess.run([str(exe), "check", str(bad)], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "binary" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.corpus
def test_check_on_the_mixed_corpus_folder_explains_each_file(capsys, corpus):
    code, out, _ = run(capsys, "check", str(corpus), "--lang", "en")
    assert code == 0
    text = " ".join(out.split())
    for fmt in ("Toggl", "Clockify", "Harvest", "Timewarrior", "Watson", "Calendar (iCalendar)"):
        assert f" {fmt} " in text
    assert "9 overlapping pairs, kept as they are, e.g. line 171 starts 22 s before line 170 ends" in text
    assert "66 rejected: all-day event, not a work block" in text
    assert "skipped" in text
    assert "README.md" in text
    code, out, _ = run(capsys, "check", str(corpus), "--json")
    doc = json.loads(out)
    assert all(f["rows"] == f["entries"] + len(f["rejected"]) + f["rejected_more"] + f["open"] for f in doc["files"])
    assert len(doc["files"]) == 14


def _row(client: str, day: int, hours: int, description: str) -> str:
    end = f"{9 + hours:02d}:00:00"
    return (
        f"Camille,c@x.fr,{client},P,,{description},Yes,2026-03-{day:02d},09:00:00,"
        f"2026-03-{day:02d},{end},{hours:02d}:00:00,,"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["Kessler : 6 h sur 8 h ne sont pas classées ; sa part invisible ne porte que sur les 2 h classées",
                "Zorn : aucune de ses 3 h n'est classée, sa part invisible est donc inconnue"]),
        ("en", ["Kessler: 6.0 h of 8.0 h are unclassified; its hidden share covers only the 2.0 h classified",
                "Zorn: none of its 3.0 h is classified, so its hidden share is unknown"]),
    ],
)
def test_summary_says_when_a_hidden_share_leaves_most_hours_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, expected: list[str]
) -> None:
    """A client whose hours are mostly unclassified showed "invisible 0 %" with nothing to
    say that the share covered 30 minutes of 141 hours (a real Toggl export tried with
    `cmtime init`). A fifth of the effort unclassified or more gets a line; less does not."""
    rows = [
        _row("Dupont", 2, 4, "Publication Instagram"),
        _row("Dupont", 3, 3, "Stratégie éditoriale"),
        _row("Dupont", 4, 1, "Gelman and Hill"),  # 1 h of 8: an eighth, no line
        _row("Kessler", 2, 2, "Rédaction des posts"),
        _row("Kessler", 3, 6, "Vue-cinema conversion issus"),
        _row("Zorn", 4, 3, "acg - a3"),
    ]
    (tmp_path / "t.csv").write_text(toggl_rows(*rows), encoding="utf-8")
    code, out, err = run(capsys, "summary", str(tmp_path / "t.csv"), "--json", "--lang", lang)
    assert code == 0, err
    doc = json.loads(out)
    hours = {c["client"]: (c["unclassified_h"], c["effort_h"]) for c in doc["clients"]}
    assert hours == {"Dupont": (1.0, 8.0), "Kessler": (6.0, 8.0), "Zorn": (3.0, 3.0)}
    said = [w.replace("\u202f", " ").replace("\xa0", " ") for w in doc["warnings"]]
    mine = [w for w in said if w.startswith(("Dupont", "Kessler", "Zorn"))]
    assert [w.split(". cmtime check")[0] for w in mine] == expected
    assert all("cmtime rules" in w for w in mine)  # what to do next
