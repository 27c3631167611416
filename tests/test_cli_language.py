"""One language per run on the command line: help, click's own words, usage errors."""

from __future__ import annotations

import json
import re

import pytest
import typer

from cmtime.interfaces.cli import app
from cmtime.interfaces.speech import early_language, usage_error_text
from cmtime.text.messages import has_message
from tests.conftest import run_cli as run

#: English words that must not appear in a French page (click's, typer's and ours).
ENGLISH = re.compile(
    r"\b(Usage|Show this|Try|Error|Missing|required|Commands|Export files|Config file|Only this|Print|Folder|The client|First local|Last local)\b"
)


@pytest.mark.parametrize("args", [["--help"], ["share", "--help"], ["summary", "-h"], ["init", "--help"]])
def test_french_system_gets_french_help(capsys, monkeypatch, args):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert out.startswith("Utilisation : cmtime")
    assert "Affiche cette aide et quitte." in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


@pytest.mark.parametrize(
    ("args", "french"),
    [
        (["share"], "Erreur : argument manquant : 'CHEMIN'."),
        (["summary", "--bogus", "x"], "Erreur : option inconnue : --bogus"),
        (["summry"], "Vouliez-vous dire 'summary' ?"),
        (["share", "x", "--client"], "Erreur : l'option '--client' demande une valeur."),
    ],
)
def test_french_usage_errors(capsys, monkeypatch, args, french):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert french in err
    assert not ENGLISH.search(err), err


def test_lang_option_wins_over_the_system(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    code, out, _ = run(capsys, "share", "--help", "--lang", "en")
    assert code == 0
    assert out.startswith("Usage: cmtime share")
    assert "Show this message and exit." in out


def test_english_stays_as_it_was(capsys):
    code, _, err = run(capsys, "share")
    assert code == 2
    assert "Usage: cmtime share [OPTIONS] {PATH}\nTry 'cmtime share -h' for help.\n\nError: Missing argument 'PATH'." in err


def test_early_language_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert early_language([], {"LANG": "fr_CA.UTF-8"}) == "fr"
    assert early_language([], {"LANG": "de_DE.UTF-8"}) == "en"  # no catalog: English
    assert early_language([], {}) == "en"
    (tmp_path / "cmtime.toml").write_text('language = "en"\n', encoding="utf-8")
    assert early_language([], {"LANG": "fr_FR.UTF-8"}) == "en"  # the config before the system
    assert early_language(["--lang", "fr"], {}) == "fr"  # --lang before all


def test_every_command_and_option_has_its_help_in_the_catalogs():
    group = typer.main.get_command(app)
    missing = []
    for name, command in group.commands.items():
        if not has_message(f"cli.help.{name}", "fr"):
            missing.append(name)
        for p in command.params:
            key = p.opts[0].lstrip("-") if p.param_type_name == "option" else p.name
            if not any(has_message(k, "fr") for k in (f"cli.help.{name}.{key}", f"cli.help.opt.{key}")):
                missing.append(f"{name} {key}")
    assert missing == []


def test_unknown_shapes_stay_as_they_are():
    assert usage_error_text("Something new happened.", "fr") == "Something new happened."



def _week_folder(tmp_path, hours: str):
    from tests.conftest import FIXTURES

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "t.csv").write_bytes((FIXTURES / "toggl_fr_excel.csv").read_bytes())
    (folder / "cmtime.toml").write_text(f'language = "fr"\n[hours]\n{hours}', encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", ["check", "summary"])
def test_a_config_that_leaves_out_weekdays_warns_naming_them(capsys, tmp_path, command):
    folder = _week_folder(tmp_path, 'mon = ["09:00-18:00"]\nfri = ["09:00-17:00"]\n')
    code, _, err = run(capsys, command, str(folder))
    assert code == 0
    assert "mardi, mercredi et jeudi comptés comme jours non travaillés" in " ".join(err.split())


def test_a_full_week_does_not_warn(capsys, tmp_path):
    days = "".join(f'{d} = ["09:00-18:00"]\n' for d in ("mon", "tue", "wed", "thu", "fri"))
    folder = _week_folder(tmp_path, days)
    code, out, _ = run(capsys, "summary", str(folder), "--json")
    assert code == 0
    assert not [w for w in json.loads(out)["warnings"] if "jour" in w]


def test_the_readme_example_keeps_the_whole_week(tmp_path):
    import tomllib

    from cmtime.analysis.setup import dropped_weekdays
    from cmtime.config import config_from_dict
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("\n[hours]", 1)[1].split("\n\n", 1)[0]
    hours = tomllib.loads("[hours]" + block)["hours"]
    assert dropped_weekdays(config_from_dict({"hours": hours})) == ()


def test_reader_errors_and_skipped_files_speak_french(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    code, _, err = run(capsys, "summary", str(tmp_path / "exprots"))
    assert code == 2
    assert "fichier ou dossier introuvable" in err
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.csv").write_text("", encoding="utf-8")
    for command in ("check", "summary", "share"):
        extra = ["--client", "X", "--out", str(tmp_path / "out")] if command == "share" else []
        code, _, err = run(capsys, command, str(tmp_path / "in"), *extra)
        assert code == 2, command  # nothing readable: exit 2 everywhere
        assert "le fichier est vide" in err
        assert "the file is empty" not in err
