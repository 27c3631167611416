"""Classification: user rules first, built-in French and English rules, tag overrides."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cmtime.analysis.classify import classify, unclassified_top
from cmtime.config import Rule
from cmtime.schema import CLASSIFIED_SCHEMA, ENTRY_SCHEMA, validate


def entries(descriptions: list[str], tags: list[list[str]] | None = None, project: str = "") -> pl.DataFrame:
    n = len(descriptions)
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    return pl.DataFrame(
        {
            "entry_id": [f"id{i}" for i in range(n)],
            "source": ["cmtime"] * n,
            "origin": [f"f.csv:{i + 2}" for i in range(n)],
            "person": ["Camille"] * n,
            "client": ["Dupont"] * n,
            "project": [project] * n,
            "task": [""] * n,
            "description": descriptions,
            "tags": tags or [[] for _ in range(n)],
            "start": [start] * n,
            "end": [start + dt.timedelta(hours=1)] * n,
            "date": [dt.date(2026, 3, 2)] * n,
            "duration": [dt.timedelta(hours=1)] * n,
            "billable": [None] * n,
        },
        schema=ENTRY_SCHEMA,
    )


@pytest.mark.parametrize(
    ("description", "kind", "activity"),
    [
        ("Publication Instagram", "visible", "publishing"),
        ("Programmation posts LinkedIn", "visible", "publishing"),
        ("Modération commentaires", "visible", "community"),
        ("Réponses DM", "visible", "community"),
        ("Point mensuel client", "visible", "meeting"),
        ("Weekly call with client", "visible", "meeting"),
        ("Gestion bad buzz", "visible", "incident"),
        ("Stratégie éditoriale", "hidden", "strategy"),
        ("strategie editoriale", "hidden", "strategy"),
        ("Content strategy workshop", "hidden", "strategy"),
        ("Calendrier éditorial mars", "hidden", "planning"),
        ("Création visuels Canva", "hidden", "creation"),
        ("Rédaction légendes", "hidden", "creation"),
        ("Révisions visuels V2", "hidden", "revisions"),
        ("Corrections demandées par le client", "hidden", "revisions"),
        ("Veille concurrentielle", "hidden", "monitoring"),
        ("Reporting mensuel", "hidden", "reporting"),
        ("Monthly analytics report", "hidden", "reporting"),
        ("Relance validation calendrier", "hidden", "chasing"),
        ("Facturation", "hidden", "admin"),
        ("Formation Meta Ads", "hidden", "training"),
        ("Attente validation calendrier", "wait", "waiting_validation"),
        ("Attente visuels client", "wait", "waiting_assets"),
        ("Waiting for client answer", "wait", "waiting_answer"),
        ("Misc", "unclassified", "other"),
    ],
)
def test_builtin_bilingual_rules(description, kind, activity):
    got = classify(entries([description]).lazy()).collect().row(0, named=True)
    assert (got["kind"], got["activity"]) == (kind, activity)


def test_schema_and_order_are_canonical():
    lf = classify(entries(["Publication"]).lazy())
    assert dict(lf.collect_schema()) == CLASSIFIED_SCHEMA
    validate(lf.collect(), classified=True)


def test_user_rules_win_over_builtin_and_first_match_wins():
    rules = (
        Rule("(?i)publication", "hidden", "creation"),
        Rule("(?i)publication|instagram", "visible", "publishing"),
    )
    got = classify(entries(["Publication Instagram"]).lazy(), rules=rules).collect()
    assert got.select("kind", "activity").row(0) == ("hidden", "creation")


def test_tags_override_the_kind_but_keep_the_activity():
    df = entries(
        ["Publication Instagram", "Publication Instagram", "Misc", "Point client"],
        tags=[["caché"], ["hidden"], ["attente"], ["Wait"]],
    )
    got = classify(df.lazy()).collect().select("kind", "activity")
    expected = pl.DataFrame(
        {
            "kind": ["hidden", "hidden", "wait", "visible"],
            "activity": ["publishing", "publishing", "waiting_answer", "meeting"],
        },
        schema={"kind": CLASSIFIED_SCHEMA["kind"], "activity": pl.String},
    )
    # "Wait" with a capital W is not a tag: readers lower-case tags, this frame did not.
    assert_frame_equal(got, expected)


def test_project_and_tags_are_matched_too():
    got = classify(entries(["Session"], tags=[["reporting"]]).lazy()).collect()
    assert got.get_column("activity").item() == "reporting"
    got = classify(entries(["Session"], project="Stratégie 2026").lazy()).collect()
    assert got.get_column("activity").item() == "strategy"


def test_unclassified_top_lists_descriptions_by_hours():
    df = classify(entries(["Misc", "Misc", "Divers", "Publication"]).lazy())
    top = unclassified_top(df).collect()
    assert top.rows() == [("Misc", 2.0, 2), ("Divers", 1.0, 1)]


def test_builtin_rules_recover_the_sample_year_ground_truth():
    from cmtime.sample.synthetic import _demo

    truth = _demo(7, 2026)
    got = classify(truth.drop("kind", "activity").with_columns(
        pl.col("project").fill_null(""), pl.col("task").fill_null("")
    ).lazy()).collect()
    kind_ok = (got.get_column("kind").cast(pl.String) == truth.get_column("kind")).mean()
    # The generator predates the shoot activity: its "Shooting photo" blocks say creation.
    expected = truth.select(
        pl.when(pl.col("description").str.starts_with("Shooting"))
        .then(pl.lit("shoot"))
        .otherwise(pl.col("activity"))
    ).to_series()
    activity_ok = (got.get_column("activity") == expected).mean()
    assert kind_ok == 1.0
    assert activity_ok is not None
    assert activity_ok > 0.97


@pytest.mark.parametrize(
    ("description", "kind", "activity"),
    [
        # a stem never matches a longer word: publi is not publicité
        ("Création visuel publicitaire", "hidden", "ads"),
        ("Conception de la publicité", "hidden", "ads"),
        ("publi insta", "visible", "publishing"),
        # preparation, minutes and briefs are hidden whatever the topic
        ("Préparation réunion client", "hidden", "meeting"),
        ("Règlement du concours", "hidden", "community"),
        ("Compte rendu de la réunion", "hidden", "reporting"),
        ("Brief photographe", "hidden", "briefing"),
        ("Prep for client meeting", "hidden", "meeting"),
        # the client present outweighs the topic
        ("Présentation du bilan au client", "visible", "meeting"),
        ("Atelier de co-création avec l'équipe du client", "visible", "meeting"),
        ("Réunion client bilan trimestriel", "visible", "meeting"),
        # the new activities
        ("Séance photo produits", "hidden", "shoot"),
        ("Séance avec le client", "visible", "meeting"),
        ("Recherche de hashtags", "hidden", "research"),
        ("Optimisation campagne Meta Ads", "hidden", "ads"),
        ("Formation Meta Ads", "hidden", "training"),
        ("Rangement du Drive partagé", "hidden", "admin"),
        ("Courriels", "hidden", "admin"),
        ("Réponse aux avis Google", "visible", "community"),
        ("Weekly sync", "visible", "meeting"),
        # accents dropped, typos, hashtags
        ("reunion avec le client", "visible", "meeting"),
        ("publcation pinterest", "visible", "publishing"),
        ("#moderation #commentaires", "visible", "community"),
    ],
)
def test_guards_order_of_evidence_and_new_activities(description, kind, activity):
    got = classify(entries([description]).lazy()).collect().row(0, named=True)
    assert (got["kind"], got["activity"]) == (kind, activity)


def test_rule_column_says_what_decided():
    df = entries(
        ["Campagne Meta Ads", "Préparation réunion client", "Publication Instagram", "Misc", "Dupont special"],
        tags=[[], [], ["caché"], [], []],
    )
    rules = (Rule("Dupont", "hidden", "creation", line=12),)
    got = classify(df.lazy(), rules=rules).collect()["rule"].to_list()
    assert got == [
        "builtin:fr/ads",  # "campagne Meta": the French rule is tried before the English one
        "builtin:fr/preparation + builtin:fr/client_meeting",
        "tag:#caché + builtin:fr/publishing",
        "",
        "config:line 12",
    ]


def test_config_rules_know_their_line_and_one_without_activity_sets_the_kind_only(tmp_path):
    from cmtime.config import load_config

    path = tmp_path / "cmtime.toml"
    path.write_text(
        'timezone = "Europe/Paris"\n\n[[rules]]\nmatch = "(?i)dupont"\nkind = "hidden"\n\n'
        '[[rules]]\nmatch = "(?i)comptoir"\nkind = "visible"\nactivity = "meeting"\n',
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert [r.line for r in cfg.rules] == [3, 7]
    got = classify(entries(["Dupont publication", "Comptoir", "Dupont"]).lazy(), rules=cfg.rules).collect()
    assert got.select("kind", "activity", "rule").rows() == [
        ("hidden", "publishing", "config:line 3 + builtin:fr/publishing"),
        ("visible", "meeting", "config:line 7"),
        ("hidden", "other", "config:line 3"),
    ]


def test_every_builtin_rule_is_ordered_and_every_activity_has_a_label():
    from cmtime.analysis.classify import builtin, builtin_rules
    from cmtime.text.labels import label

    assert len(builtin()) == len(builtin_rules()) > 40
    activities = {r.activity for r in builtin()}
    assert {"ads", "shoot", "research", "briefing"} <= activities
    for lang in ("fr", "en"):
        missing = [a for a in sorted(activities) if label(a, lang) == a]
        assert not missing, (lang, missing)


def test_word_regex_matches_words_not_fragments():
    from cmtime.analysis.classify import normalized, words_regex

    texts = pl.Series(["Publicité", "publi fb", "Publications", "republier", "e-mail", "emails"])
    hits = texts.to_frame("t").select(normalized(pl.col("t")).str.contains(words_regex(["publi", "publication", "e-mail"])))
    assert hits.to_series().to_list() == [False, True, True, False, True, True]


def test_explain_lists_descriptions_by_hours_with_their_rule():
    from cmtime.analysis.classify import explain

    df = classify(entries(["Misc", "Misc", "Publication", "Veille"]).lazy())
    got = explain(df).collect()
    assert got.columns == ["description", "kind", "activity", "rule", "hours", "blocks"]
    assert got.row(0) == ("Misc", "unclassified", "other", "", 2.0, 2)
    assert explain(df, kind="hidden").collect()["description"].to_list() == ["Veille"]
    with pytest.raises(ValueError, match="'nope'"):
        explain(df, kind="nope")


def test_explain_can_put_the_unclassified_first():
    from cmtime.analysis.classify import explain

    df = classify(entries(["Publication", "Publication", "Misc"]).lazy())
    got = explain(df, unclassified_first=True).collect()
    assert got["description"].to_list() == ["Misc", "Publication"]


def test_table_words_are_normalized_in_python_as_polars_does():
    """`_plain` (plain Python, used at import for the tables' words) equals `normalized`."""
    import re

    from cmtime.analysis.classify import _plain, _read_table, normalized

    words = sorted(
        {
            part.rstrip("*")
            for lang in ("fr", "en", "de")
            for rule in _read_table(lang)["rules"]
            for key in ("words", "with", "unless")
            for phrase in rule.get(key, [])
            for token in phrase.split()
            for part in re.split(r"[-'\u2019/]", token)
        }
        | {"Œuvre", "ÆTHER", "Modé #Réponses_DM 💬 l'équipe", "ﬁn", "São  Paulo!"}
    )
    expected = pl.DataFrame({"w": words}).select(normalized(pl.col("w"))).to_series().to_list()
    assert [_plain(w) for w in words] == expected


def test_the_rule_table_is_built_on_first_use_and_written_nowhere(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Importing classify builds no rule table and writes no cache (issue #27); the first
    classify builds it once, in memory."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    home = tmp_path / "home"
    home.mkdir()
    script = (
        "import cmtime.analysis.classify as c, cmtime.analysis.waits\n"
        "assert c.builtin.cache_info().currsize == 0, 'built at import'\n"
        "import polars as pl\n"
        "from cmtime.schema import empty_entries\n"
        "c.classify(empty_entries().lazy()).collect()\n"
        "assert c.builtin.cache_info().currsize == 1\n"
        "assert c.builtin() is c.builtin()\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=tmp_path)
    assert not any(home.rglob("*")), sorted(home.rglob("*"))
    assert not any(p for p in tmp_path.iterdir() if p.name != "home")


def test_rows_get_their_labels_when_two_combinations_share_a_hash(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Rows are matched to their combination's labels by a 64-bit hash only when no two
    distinct combinations share one; otherwise by the texts themselves. A hash that
    collides for every combination gives the same labels, row by row."""
    from cmtime.analysis import classify as module
    from cmtime.analysis.pipeline import SAMPLE_DIR
    from cmtime.readers import read_paths

    entries = read_paths([SAMPLE_DIR]).entries
    hashed = classify(entries.lazy()).collect()
    monkeypatch.setattr(module, "_combination_hash", lambda columns: pl.lit(7, dtype=pl.UInt64))
    texts = classify(entries.lazy()).collect()
    assert hashed.select(pl.col("kind").n_unique()).item() == 4
    assert_frame_equal(texts, hashed)
