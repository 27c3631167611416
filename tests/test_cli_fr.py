"""French output: with ``language = "fr"`` (or ``--lang fr``) the command line's tables,
notes, warnings and errors are French, through the text layer (CLDR numbers, ``10 h 30``);
with ``language = "en"`` they are the English they always were. ``--json`` does not change."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.text.cli import TEXTS, say
from tests.conftest import run_cli as run

# CLDR's French group separator: a narrow no-break space (or a no-break space in older data)
GROUP = "[\u202f\u00a0]"
ENGLISH = re.compile(
    r"\b(blocks?|rejected|warning|error|entries|overlapping|skipped|wrote|unknown client|did you mean)\b"
)

HEADER = "start,end,client,project,description,tags\n"
# A week of Vidal's work under a misspelled name (not the alias "Vidl"): four blocks the
# tracker stacked at 08:00 (placeholders), two overlapping, one that ends before it starts,
# and "Divers", which no rule classifies.
ROWS = """\
2026-03-02T08:00,2026-03-02T10:00,Vidal,Social,stratégie éditoriale,
2026-03-02T08:00,2026-03-02T13:00,Vidal,Social,création des visuels,
2026-03-02T08:00,2026-03-02T09:30,Vidal,Social,modération des commentaires,
2026-03-02T08:00,2026-03-02T10:00,Vidal,Social,rapport mensuel,
2026-03-03T10:00,2026-03-03T11:00,Cabinet Vidal,Social,publication Instagram,
2026-03-03T10:30,2026-03-03T11:30,Cabinet Vidal,Social,Divers,
2026-03-04T10:00,2026-03-04T09:00,Cabinet Vidal,Social,publication Instagram,
2026-03-04T14:00,2026-03-04T16:00,Cabinet Vidal,Social,Divers,
"""


def flat(text: str) -> str:
    """Rich's wrapping undone: one space between words (no-break spaces are kept)."""
    return " ".join(re.split(r"[ \t\n]+", text.strip()))


def folder(tmp_path: Path, language: str, name: str = "") -> Path:
    where = tmp_path / f"exports_{language}{name}"
    where.mkdir()
    (where / "cmtime.toml").write_text(
        f'language = "{language}"\n[clients."Cabinet Vidal"]\naliases = ["Vidl"]\nmonthly_fee = 900.0\n',
        encoding="utf-8",
    )
    (where / "log.csv").write_text(HEADER + ROWS, encoding="utf-8")
    return where


def test_every_text_has_both_languages_and_the_same_fields() -> None:
    fields = re.compile(r"\{(\w+)")
    for key, by_lang in TEXTS.items():
        assert by_lang["fr"], key
        assert by_lang["en"], key
        assert set(fields.findall(by_lang["fr"])) == set(fields.findall(by_lang["en"])), key
    assert say("blocks", "fr", count=1, n=1) == "1 bloc"
    assert say("blocks", "fr", count=2, n=2) == "2 blocs"
    with pytest.raises(KeyError):
        say("no.such.text", "fr")


def test_check_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(folder(tmp_path, "fr")))
    assert code == 0
    text = flat(out)
    for header in (
        "Fichiers lus",
        "fichier",
        "lignes",
        "blocs",
        "effort h",
        "attente h",
        "rejetées",
        "doublons",
        "chevauchements",
        "en cours",
        "Clients tels qu'écrits dans les données",
        "tel qu'écrit",
        "compté comme",
        "contrat",
    ):
        assert header in text, header
    assert "14,50" in text  # effort hours with a decimal comma
    assert (
        "1 rejetée : finit avant de commencer (ligne 8)" in text
    )  # the reader's reason, told in French (--json keeps it English)
    assert (
        "7 paires de blocs qui se chevauchent, gardées telles quelles, par ex. la ligne 3 commence"
        in text
    )
    assert "Travail non classé" in text
    assert re.search(r"3,0 h +2 blocs +Divers", text)
    assert "Vidal (non configuré)" in text
    assert "oui" in text
    assert "non" in text
    warnings = flat(err)
    assert (
        "attention : le client 'Vidal' des données ne correspond à aucun client ni alias configuré"
        in warnings
    )
    assert "ses 10\u00a0h\u00a030 comptent comme un client à part" in warnings
    assert "Vouliez-vous dire 'Vidl' (alias de 'Cabinet Vidal') ou 'Cabinet Vidal' ?" in warnings
    assert "attention : 4 blocs (10\u00a0h\u00a030)" in warnings
    assert not ENGLISH.search(text + warnings), ENGLISH.search(text + warnings)


def test_check_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(folder(tmp_path, "en")))
    assert code == 0
    text = flat(out)
    for header in (
        "Files read",
        "rows",
        "entries",
        "effort h",
        "wait h",
        "rejected",
        "duplicates",
        "overlaps",
        "Clients as written in the data",
        "as written",
        "counts as",
        "contract",
    ):
        assert header in text, header
    assert "14.50" in text
    assert "1 rejected: ends before it starts (line 8)" in text
    assert "7 overlapping pairs, kept as they are, e.g. line 3 starts" in text
    assert re.search(r"3\.0 h +2 blocks +Divers", text)
    assert "Vidal (not configured)" in text
    warnings = flat(err)
    assert (
        "warning: client 'Vidal' in the data matches no configured client or alias: its 10.5 h"
        in warnings
    )
    assert "Did you mean 'Vidl' (alias of 'Cabinet Vidal') or 'Cabinet Vidal'?" in warnings
    assert "warning: 4 blocks (10.5 h)" in warnings
    assert "Fichiers" not in text
    assert "attention" not in warnings
    # --lang overrides the config, both ways
    _, out_fr, err_fr = run(capsys, "check", str(folder(tmp_path, "en", "_again")), "--lang", "fr")
    assert "Fichiers lus" in out_fr
    assert "attention : " in err_fr


def test_json_is_the_same_in_both_languages_but_its_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, fr_out, fr_err = run(capsys, "check", str(folder(tmp_path, "fr")), "--json")
    _, en_out, _ = run(capsys, "check", str(folder(tmp_path, "en")), "--json")
    fr, en = json.loads(fr_out), json.loads(en_out)
    assert set(fr) == set(en) == {"files", "skipped", "clients", "warnings"}
    for doc in (fr, en):
        for f in doc["files"]:
            f["path"] = Path(f["path"]).name
    assert fr["files"] == en["files"]  # English keys, machine values, reader reasons
    assert fr["clients"] == en["clients"]
    # the warnings are sentences for people: in the messages' language, as on stderr
    assert len(fr["warnings"]) == len(en["warnings"]) == 2
    assert all(f"attention : {flat(w)}" in flat(fr_err) for w in fr["warnings"])
    assert "alias de 'Cabinet Vidal'" in fr["warnings"][0]
    assert "alias of 'Cabinet Vidal'" in en["warnings"][0]


def test_summary_of_the_sample_in_french_then_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "summary", str(SAMPLE_DIR))  # the sample's config is French
    assert code == 0
    text = flat(out)
    assert "Synthèse cmtime du 2 janv. 2026 au 31 déc. 2026" in text
    for header in (
        "effort h",
        "visible h",
        "invisible",
        "hors horaires",
        "attentes",
        "attente méd. h",
        "forfait EUR",
        "effectif /h",
        "perçu /h",
        "suggéré /mois",
        "TOTAL",
        "(sans client)",
    ):
        assert header in text, header
    dupont = next(line for line in out.splitlines() if "Boulangerie Dupont" in line)
    assert re.search(rf"\b2{GROUP}211\b", dupont)  # its suggested fee, CLDR's French grouping
    assert "75\u00a0%" in dupont  # hidden share, CLDR's no-break space before %
    assert "22,0" in dupont  # effective rate, decimal comma
    assert "2,211" not in out
    total = next(line for line in out.splitlines() if "TOTAL" in line)
    assert re.search(rf"\b1{GROUP}901\b", total)
    assert re.search(rf"\b44{GROUP}290\b", total)
    assert not ENGLISH.search(text + err)
    assert "suggested" not in text
    assert "(no client)" not in text

    code, out, _ = run(capsys, "summary", str(SAMPLE_DIR), "--lang", "en")
    assert code == 0
    text = flat(out)
    assert "cmtime summary 2026-01-02 → 2026-12-31" in text
    for header in (
        "effort h",
        "hidden",
        "off-hours",
        "median wait h",
        "fee EUR",
        "suggested /month",
        "(no client)",
    ):
        assert header in text, header
    dupont = next(line for line in out.splitlines() if "Boulangerie Dupont" in line)
    assert "2,211" in dupont
    assert "75%" in dupont
    assert "Synthèse" not in text

    # --json: the same document whatever the language
    _, fr_json, _ = run(capsys, "summary", str(SAMPLE_DIR), "--json")
    _, en_json, _ = run(capsys, "summary", str(SAMPLE_DIR), "--json", "--lang", "en")
    fr_doc, en_doc = json.loads(fr_json), json.loads(en_json)
    # the same figures whatever the language; the warnings are sentences, in each language
    assert {**fr_doc, "warnings": None} == {**en_doc, "warnings": None}
    # the sample's config sets as_of: its one open wait stops there, and the summary says so
    assert fr_doc["warnings"] == [
        "1 attente encore ouverte est comptée jusqu'au 31 déc. 2026 (as_of dans cmtime.toml), "
        "pas jusqu'à aujourd'hui"
    ]
    assert en_doc["warnings"] == [
        "1 wait still open is counted up to 2026-12-31 (as_of in cmtime.toml), not up to today"
    ]


def test_errors_speak_the_config_language_after_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "summary", str(SAMPLE_DIR), "--client", "Dupond")
    assert (code, out) == (2, "")
    assert flat(err).startswith(
        "erreur : client inconnu 'Dupond' (vouliez-vous dire 'Dupont' (alias de 'Boulangerie Dupont') ?) ; "
        "clients connus : Boulangerie Dupont,"
    )
    code, _, err = run(
        capsys, "summary", str(SAMPLE_DIR), "--from", "2026-05-01", "--to", "2026-04-01"
    )
    assert code == 2
    assert "erreur : la période se termine (1 avr. 2026) avant de commencer (1 mai 2026)" in flat(
        err
    )
    code, _, err = run(capsys, "summary", str(folder(tmp_path, "en")), "--client", "Vidl0")
    assert code == 2
    assert (
        "error: unknown client 'Vidl0' (did you mean 'Vidl' (alias of 'Cabinet Vidal') or 'Vidal'?); known clients: Cabinet Vidal, Vidal"
        in flat(err)
    )


def test_before_the_config_is_read_english_unless_lang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "summary", str(SAMPLE_DIR), "--from", "demain")
    assert code == 2
    assert "error: --from 'demain' is not a date; write YYYY-MM-DD or DD/MM/YYYY" in flat(err)
    code, _, err = run(capsys, "summary", str(SAMPLE_DIR), "--from", "demain", "--lang", "fr")
    assert code == 2
    assert "erreur : --from 'demain' n'est pas une date ; écrivez AAAA-MM-JJ ou JJ/MM/AAAA" in flat(
        err
    )
    code, _, err = run(capsys, "summary", str(tmp_path / "nope"))
    assert code == 2
    assert flat(err).startswith("error: ")  # the reader's message, English
    code, _, err = run(capsys, "check", str(SAMPLE_DIR), "--lang", "de")
    assert code == 2
    assert "--lang 'de' is not supported; use fr or en" in flat(err)
    code, _, err = run(
        capsys,
        "share",
        str(SAMPLE_DIR),
        "--client",
        "Dupont",
        "--out",
        str(SAMPLE_DIR / "o"),
        "--lang",
        "fr",
    )
    assert code == 2
    assert "rien n'est jamais écrit dans votre dossier d'entrée" in flat(err)


def test_sample_and_rules_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "sample", "--out", str(tmp_path / "s"), "--format", "excel", "--lang", "fr"
    )
    assert code == 2
    assert "choisissez toggl ou cmtime" in err
    code, _, err = run(
        capsys, "sample", "--out", str(tmp_path / "s"), "--entries", "20", "--lang", "fr"
    )
    assert code == 0
    assert "écrit : " in err
    assert "wrote" not in err
    code, out, _ = run(capsys, "rules", str(folder(tmp_path, "fr")))
    assert code == 0
    text = flat(out)
    assert "Pourquoi chaque description a reçu son type" in text
    for header in ("heures", "blocs", "type", "activité", "règle"):
        assert header in text
    assert "Non classé" in text  # "Divers": the kind in the charts' words
    assert "aucune règle" in text
    code, out, _ = run(capsys, "rules", str(folder(tmp_path, "en")))
    assert "Why each description got its kind" in flat(out)
    assert "unclassified" in out


def test_share_notes_and_written_files_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = folder(tmp_path, "fr")
    (where / "cmtime.toml").write_text('language = "fr"\n', encoding="utf-8")  # no contract: a note
    code, out, err = run(
        capsys, "share", str(where), "--client", "Cabinet Vidal", "--out", str(tmp_path / "o")
    )
    assert code == 0, err
    assert re.search(r"^écrit : .*report\.html$", out, re.M)
    assert "wrote" not in out
    notes = [line for line in err.splitlines() if line.startswith("note")]
    assert notes
    assert all(line.startswith("note : ") for line in notes)
    assert not ENGLISH.search(flat(out + err))
