"""Rules that read the structure of a description (issue #32), in French and English.

A qualifier makes a block hidden work *about* a visible thing; a wait is recognised by
who holds the work; a training is visible when given to the client. Each is a class of
descriptions, generated here from its parts, not a list of strings.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmtime.analysis.classify import classify
from tests.test_classify import entries


def kinds(descriptions: list[str]) -> list[tuple[str, str]]:
    got = classify(entries(descriptions).lazy()).collect()
    return list(zip(got["kind"].cast(pl.String), got["rule"], strict=True))


# What is made alone, and the visible thing it is made for or checked before.
WORK_FR = ["Deck", "Slides", "Visuels", "Relecture", "Vérification des liens", "Support", "Textes", "Photos", "Check"]
WORK_EN = ["Deck", "Slides", "Visuals", "Proofreading", "Copy", "Checking links", "Photos", "QA"]
THING_FR = ["la réunion client", "le rdv avec la gérante", "la publication de lundi", "la mise en ligne",
            "l'envoi de la newsletter", "le comité de pilotage", "la présentation client", "le live de jeudi"]
THING_EN = ["the client meeting", "Monday's call with the founder", "tomorrow's post", "the launch",
            "the quarterly review", "scheduling", "posting", "the client workshop"]
QUALIFIER_FR = ["pour", "avant", "en vue de"]
QUALIFIER_EN = ["for", "before", "ahead of", "prior to"]


@settings(max_examples=25, deadline=None)
@given(
    st.one_of(
        st.tuples(st.sampled_from(WORK_FR), st.sampled_from(QUALIFIER_FR), st.sampled_from(THING_FR)),
        st.tuples(st.sampled_from(WORK_EN), st.sampled_from(QUALIFIER_EN), st.sampled_from(THING_EN)),
    )
)
def test_work_for_or_before_a_visible_thing_is_hidden(parts: tuple[str, str, str]) -> None:
    work, qualifier, thing = parts
    ((kind, rule),) = kinds([f"{work} {qualifier} {thing}"])
    assert kind == "hidden", (parts, rule)


ACTION_FR = ["Publication", "Programmation", "Animation communauté", "Modération", "Réponses aux DM",
             "Gestion des commentaires", "Relais des stories", "Rdv avec la gérante", "Appel avec le client"]
ACTION_EN = ["Posting", "Publishing", "Community management", "Replying to comments", "Moderating comments",
             "Sharing UGC", "Call with the client"]


@settings(max_examples=25, deadline=None)
@given(
    st.one_of(
        st.tuples(st.sampled_from(ACTION_FR), st.sampled_from(QUALIFIER_FR), st.sampled_from(THING_FR)),
        st.tuples(st.sampled_from(ACTION_EN), st.sampled_from(QUALIFIER_EN), st.sampled_from(THING_EN)),
    )
)
def test_a_visible_action_before_the_qualifier_stays_visible(parts: tuple[str, str, str]) -> None:
    """What comes before the qualifier is what the block is: a visible action stays one,
    whatever it is for ("Animation communauté pour la publication de lundi")."""
    action, qualifier, thing = parts
    ((kind, rule),) = kinds([f"{action} {qualifier} {thing}"])
    assert kind == "visible", (parts, rule)


@pytest.mark.parametrize(
    "text",
    [
        "Publication pour le lancement",  # the block is the publication itself
        "Post avant les soldes",
        "Publication story avant 9h",
        "Appel avec le client pour le point mensuel",
        "Rdv avec la gérante pour le bilan",
        "IG stories for the launch",
        "Posting before lunch rush",
        "Presenting the deck to the client",
        "Remercier les abonnés pour les partages",
        "Tirage au sort pour le post concours",
    ],
)
def test_a_block_that_starts_with_the_visible_thing_stays_visible(text: str) -> None:
    ((kind, rule),) = kinds([text])
    assert kind == "visible", rule


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Deck pour la réunion client", "builtin:fr/ahead_of"),
        ("Relecture avant programmation", "builtin:fr/ahead_of"),
        ("Brouillon newsletter avril", "builtin:fr/draft"),
        ("Débrief réunion client", "builtin:fr/debrief"),
        ("Réunion interne sur la stratégie client", "builtin:fr/internal"),
        ("Proofreading before scheduling", "builtin:en/ahead_of"),
        ("Slides for the client workshop", "builtin:en/ahead_of"),
        ("Debrief after the client call", "builtin:fr/debrief"),  # the same word in both tables: French first
        ("Draft newsletter for Monday", "builtin:en/draft"),
        ("Ébauche de l'infolettre", "builtin:fr/draft"),
    ],
)
def test_rules_say_which_qualifier_decided(text: str, qualifier: str) -> None:
    """``cmtime rules`` shows the rule column: the qualifier, then what gave the activity."""
    ((kind, rule),) = kinds([text])
    assert kind == "hidden"
    assert rule.split(" + ")[0] == qualifier, rule


HOLDER_FR = ["att.", "Att", "stand-by :", "Stand by -", "En suspens,", "le client doit", "la cliente doit",
             "Balle dans le camp du client :", "sur la glace,", "en attente"]
HOLDER_EN = ["pending", "Pending:", "waiting on client:", "on hold -", "stand-by:", "client to", "still waiting:",
             "no word from client,"]
ACT_FR = ["valider le calendrier", "validation visuels", "photos produits", "retour sur le devis", "envoyer les textes",
          "BAT affiche", "logo HD", "feu vert campagne"]
ACT_EN = ["feedback on the mockups", "sign off the calendar", "send product photos", "approval on carousel",
          "brand assets", "reply", "confirm the date"]


@settings(max_examples=25, deadline=None)
@given(
    st.one_of(
        st.tuples(st.sampled_from(HOLDER_FR), st.sampled_from(ACT_FR)),
        st.tuples(st.sampled_from(HOLDER_EN), st.sampled_from(ACT_EN)),
    )
)
def test_a_wait_is_who_holds_the_work_whatever_the_activity_words(parts: tuple[str, str]) -> None:
    holder, act = parts
    ((kind, rule),) = kinds([f"{holder} {act}"])
    assert kind == "wait", (parts, rule)


@pytest.mark.parametrize(
    "text",
    ["Pending invoices", "Shoot at the bakery", "Tournage vidéo chez le client", "Rédaction du post en attendant",
     "On-site filming at the event"],
)
def test_holder_words_do_not_turn_other_work_into_waits(text: str) -> None:
    ((kind, rule),) = kinds([text])
    assert kind != "wait", rule


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Formation de l'équipe du client à Canva", "visible"),
        ("Former la gérante à la modération", "visible"),
        ("Cours Instagram pour le personnel", "visible"),
        ("Training the client's staff on Canva", "visible"),
        ("Client training: scheduling tool", "visible"),
        ("Formation Canva (pour moi)", "hidden"),
        ("Autoformation algorithme", "hidden"),
        ("Webinar on LinkedIn ads", "hidden"),
        ("Self-training: new Meta features", "hidden"),
        ("Traduction des posts EN", "hidden"),
        ("Trad posts FR/NL", "hidden"),
        ("Translating posts into Spanish", "hidden"),
    ],
)
def test_who_the_training_is_for_and_translating(text: str, kind: str) -> None:
    ((got, rule),) = kinds([text])
    assert got == kind, rule


@pytest.mark.parametrize(
    "text",
    ["Encodage des prestations", "factu mars", "Fact. Dupont", "timesheet entry", "Shortlist influenceurs",
     "Sélection photos", "Photo selection", "Tri des photos du shooting"],
)
def test_regional_and_admin_vocabulary_is_hidden_work(text: str) -> None:
    ((kind, rule),) = kinds([text])
    assert kind == "hidden", rule


def test_short_words_are_matched_exactly() -> None:
    """A doubled letter typed once is a typo in a long word, another word in a short one."""
    got = kinds(["cal. édito", "commentaire", "comentaires", "Réel du jour", "at the shop"])
    assert got[0][1] != "builtin:fr/meeting"  # "cal" is not "call"
    assert got[1][0] == got[2][0] == "visible"
    assert "wait" not in {k for k, _ in got}


def test_the_rules_command_says_which_qualifier_decided(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from cmtime.interfaces.cli import main

    path = tmp_path / "log.csv"
    path.write_text(
        "start,end,client,project,description,tags\n"
        "2026-03-02T09:00,2026-03-02T10:00,Dupont,,Deck pour la réunion client,\n"
        "2026-03-02T10:00,2026-03-02T11:00,Dupont,,att. validation visuels,\n"
        "2026-03-02T11:00,2026-03-02T12:00,Dupont,,Réunion client,\n",
        encoding="utf-8",
    )
    main(["rules", str(path), "--json", "--lang", "en"])
    rows = {r["description"]: r for r in json.loads(capsys.readouterr().out)["descriptions"]}
    assert rows["Deck pour la réunion client"]["kind"] == "hidden"
    assert rows["Deck pour la réunion client"]["rule"].startswith("builtin:fr/ahead_of + ")
    assert rows["att. validation visuels"]["rule"] == "builtin:fr/waiting_validation"
    assert rows["Réunion client"]["kind"] == "visible"
