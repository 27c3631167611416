"""`cmtime init`: a commented cmtime.toml from the user's own exports, never over a file."""

from __future__ import annotations

import json
import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmtime.analysis.setup import LEGAL_SUFFIXES, alias_groups, alias_key
from cmtime.config import WEEKDAYS, load_config, normalize_name
from cmtime.interfaces import init_cmd
from cmtime.sample import write_sample
from tests.conftest import CORPUS, toggl_rows
from tests.conftest import run_cli as run

# -- alias grouping, proved on generated names ----------------------------------------------

_words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçô", min_size=2, max_size=9).filter(
        lambda w: normalize_name(w) not in LEGAL_SUFFIXES
    ),
    min_size=1,
    max_size=4,
)
_forms = ("SARL", "S.A.R.L.", "SAS", "SA", "EURL", "Inc.", "inc", "LLC", "Ltd", "Ltée", "GmbH", "Sàrl")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@st.composite
def _variant(draw: st.DrawFn, words: list[str]) -> str:
    """The same client as a tracker may write it: case, accents, punctuation, a legal form."""
    out = []
    for w in words:
        w = draw(st.sampled_from([w, w.upper(), w.capitalize(), _strip_accents(w)]))
        out.append(w)
    glue = draw(st.sampled_from([" ", "  ", "-", " - ", ", ", "_", ". ", " & "[1:]]))
    name = glue.join(out)
    where = draw(st.sampled_from(["none", "end", "start", "end,"]))
    form = draw(st.sampled_from(_forms))
    if where == "end":
        name = f"{name} {form}"
    elif where == "end,":
        name = f"{name}, {form}"
    elif where == "start":
        name = f"{form} {name}"
    return draw(st.sampled_from([name, f" {name} ", name + "."]))


@given(data=st.data(), words=_words)
def test_names_that_differ_only_by_case_accents_punctuation_or_legal_form_group(data, words):
    a, b = data.draw(_variant(words)), data.draw(_variant(words))
    assert alias_key(a) == alias_key(b)
    groups = alias_groups({a: 2.0, b: 1.0})
    assert len(groups) == 1


@given(names=st.dictionaries(st.text(alphabet=string.ascii_letters + " .-éÉ", min_size=1, max_size=12),
                             st.floats(0, 100), max_size=12))
def test_alias_groups_partition_the_names(names):
    groups = alias_groups(names)
    listed = [n for name, aliases in groups for n in (name, *aliases)]
    assert sorted(listed) == sorted(names)  # every name once
    keys = [alias_key(name) for name, _ in groups]
    assert len(set(keys)) == len(keys)  # one group per key
    for name, aliases in groups:
        assert all(alias_key(a) == alias_key(name) for a in aliases)
        assert all(names[name] >= names[a] for a in aliases)  # the busiest spelling names it


def test_different_clients_stay_apart():
    groups = alias_groups({"Cabinet Morel": 10.0, "Cabinet Morel Avocats": 2.0, "Morel": 1.0, "SAS": 1.0, "SA": 1.0})
    assert [g[0] for g in groups] == ["Cabinet Morel", "Cabinet Morel Avocats", "Morel", "SA", "SAS"]


# -- the command on exports ------------------------------------------------------------------


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A generated year of Toggl exports, as a user has them: no cmtime.toml beside."""
    folder = tmp_path / "exports"
    write_sample(folder, seed=11, year=2025)
    (folder / "cmtime.toml").unlink(missing_ok=True)
    return folder


def test_init_writes_a_config_that_summary_uses(capsys, monkeypatch, tmp_path, export):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, _, err = run(capsys, "init", str(export), "--yes", "--lang", "fr")
    assert code == 0, err
    assert "cmtime.toml" in err
    text = (work / "cmtime.toml").read_text(encoding="utf-8")
    cfg = load_config(work / "cmtime.toml")
    assert cfg.language == "fr"
    assert all(cfg.hours[i] for i in range(5)), "a full Monday-Friday week"
    assert not cfg.hours[5]
    assert not cfg.hours[6]
    assert "Heures de travail" in text
    assert "Working hours" not in text
    # every client name of the data resolves to a configured client
    code, out, _ = run(capsys, "check", str(export), "--json", "--config", "cmtime.toml")
    assert code == 0
    names = json.loads(out)["clients"]
    written = [n for n in names if n["written"] is not None]
    assert written
    assert all(n["match"] in ("name", "alias") for n in written)
    assert len({n["client"] for n in written}) == len(cfg.clients) < len(written), "spellings grouped"
    code, out, err = run(capsys, "summary", str(export), "--json")  # ./cmtime.toml found by itself
    assert code == 0, err
    doc = json.loads(out)
    assert not [w for w in doc["warnings"] if "alias" in w]
    assert {c["client"] for c in doc["clients"]} - {None} == {c.name for c in cfg.clients}
    assert all(c["fee"] is None for c in doc["clients"])  # fees are left to fill in


def test_second_init_leaves_the_file_alone(capsys, monkeypatch, tmp_path, export):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cmtime.toml").write_text("# mine\n", encoding="utf-8")
    code, _, err = run(capsys, "init", str(export), "--yes", "--lang", "en")
    assert code == 0, err
    assert (tmp_path / "cmtime.toml").read_text(encoding="utf-8") == "# mine\n"
    assert "cmtime.toml already exists and stays as it is" in err
    assert "cmtime.toml.new" in err
    assert "--config cmtime.toml.new" in err
    first = (tmp_path / "cmtime.toml.new").read_text(encoding="utf-8")
    load_config(tmp_path / "cmtime.toml.new")
    code, _, _ = run(capsys, "init", str(export), "--yes")
    assert code == 0
    assert (tmp_path / "cmtime.toml.new").read_text(encoding="utf-8") == first
    assert (tmp_path / "cmtime.toml.new.2").is_file()


def test_init_never_writes_through_a_link(capsys, monkeypatch, tmp_path, export):
    monkeypatch.chdir(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "cmtime.toml").symlink_to(victim)
    code, _, _ = run(capsys, "init", str(export), "--yes")
    assert code == 0
    assert victim.read_text(encoding="utf-8") == "keep"
    assert (tmp_path / "cmtime.toml.new").is_file()


def test_init_asks_rate_and_fees_on_a_terminal(capsys, monkeypatch, tmp_path, write):
    path = write(
        "t.csv",
        toggl_rows(
            "A,,Café Lumière SARL,,,Post,No,2026-03-02,09:00:00,2026-03-02,11:00:00,02:00:00,,",
            "A,,cafe lumiere,,,Post,No,2026-03-03,09:00:00,2026-03-03,10:00:00,01:00:00,,",
            'A,,"Studio ""Nord"" # 2",,,Post,No,2026-03-04,09:00:00,2026-03-04,10:00:00,01:00:00,,',
        ),
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(init_cmd, "_interactive", lambda: True)
    answers = iter(["72,5", "1 200,50", "abc", ""])
    monkeypatch.setattr(init_cmd.typer, "prompt", lambda *a, **k: next(answers))
    code, _, err = run(capsys, "init", str(path), "--lang", "en")
    assert code == 0, err
    assert "'abc' is not an amount" in err
    cfg = load_config(tmp_path / "cmtime.toml")
    assert cfg.target_rate == 72.5
    lumiere = cfg.client("cafe lumiere")
    assert lumiere is not None
    assert lumiere.name == "Café Lumière SARL"
    assert lumiere.aliases == ("cafe lumiere",)
    assert lumiere.monthly_fee == 1200.5
    nord = cfg.client('Studio "Nord" # 2')
    assert nord is not None
    assert nord.monthly_fee is None


def test_init_language_follows_the_system(capsys, monkeypatch, tmp_path, export):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    code, _, err = run(capsys, "init", str(export), "--yes")
    assert code == 0
    assert "écrit" in err
    cfg = load_config(tmp_path / "cmtime.toml")
    assert (cfg.language, cfg.country, cfg.subdivision) == ("fr", "CA", "QC")


def test_init_on_nothing_readable_exits_2(capsys, monkeypatch, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.csv").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "init", str(tmp_path / "in"), "--yes")
    assert code == 2
    assert not (tmp_path / "cmtime.toml").exists()
    assert "Traceback" not in err


@pytest.mark.skipif(not (CORPUS / "toggl").is_dir(), reason="the shared corpus is absent")
def test_init_on_a_corpus_export(capsys, monkeypatch, tmp_path):
    src = CORPUS / "toggl" / "rqcastro"
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "init", str(src), "--yes", "--lang", "en")
    assert code == 0, err
    cfg = load_config(tmp_path / "cmtime.toml")
    assert cfg.clients
    code, _, err = run(capsys, "summary", str(src))
    assert code == 0, err
    assert [d for d in WEEKDAYS[:5] if not cfg.hours[WEEKDAYS.index(d)]] == []
