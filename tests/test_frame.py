"""The frame of the mission (`cmtime frame`): every figure of a hand-made case, worked out
by hand below, equals the one `cmtime frame --json` prints.

The case is tests/data/frame_case (cmtime.toml, log.csv, waits.csv), period 1 Oct - 30 Nov
2026, Paris, Monday-Friday hours. Days that are not working days in November 2026: the
weekends, Wed 11 Nov (Armistice, a French public holiday) and Fri 20 Nov (a personal day
off). ``as_of`` is 30 Nov, so the one open wait runs up to the period's end.

A wait's delay: the working days after the day of the ask, up to and including the day of
the answer.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from cmtime.analysis.frame import deliverable_name, version_number
from cmtime.interfaces.cli import main
from tests.conftest import FIXTURES

CASE = FIXTURES.parent / "data" / "frame_case"
PERIOD = ("--from", "2026-10-01", "--to", "2026-11-30")

# -- Boulangerie Dupont: included 10 h, carry_over none, validations 2 days, material 3 days,
#    1 revision round.
# Hours. October: Affiche soldes 3 + 2 + 2, Calendrier 2 = 9 h (1 h unused, not carried:
# policy none). November: Vidéo Noël 3 + 2, Affiche soldes 3, Newsletter 3, Post Instagram 1,
# Visuel Black Friday 2 = 14 h; over = 14 - 10 - 0 = 4 h. (The wait block of 23-24 Nov is no effort.)
DUPONT_MONTHS = [
    {"month": "2026-10", "used_h": 9.0, "included_h": 10.0, "carried_in_h": 0.0, "over_h": 0.0},
    {"month": "2026-11", "used_h": 14.0, "included_h": 10.0, "carried_in_h": 0.0, "over_h": 4.0},
]
# Validations (agreed: 2 working days):
#   affiche   asked Mon 9,  answered Fri 13: Tue 10, (Wed 11 holiday), Thu 12, Fri 13 = 3, late;
#             beyond the 2 agreed days: {13}
#   calendrier asked Tue 10, answered Wed 18: 12, 13, 16, 17, 18 = 5, late; beyond: {16, 17, 18}
#             (overlaps the affiche wait on 12-13: 13 counted once)
#   post      asked and answered Tue 17 = 0
#   vidéo     asked Thu 19, answered Wed 25: (Fri 20 day off), 23, 24, 25 = 3, late; beyond {25}
#   newsletter (a wait block, not the ledger) Mon 23 10:00 -> Tue 24 10:00 = 1
# count 5, late 3, median of [0, 1, 3, 3, 5] = 3, days beyond = |{13, 16, 17, 18, 25}| = 5.
DUPONT_VALIDATIONS = {"count": 5, "late": 3, "sla_days": 2, "median_days": 3.0, "days_beyond_sla": 5}
# Material (agreed: 3 working days):
#   photos boutique  asked Wed 28 Oct, answered Thu 5 Nov: 29, 30 Oct, 2, 3, 4, 5 Nov = 6, late;
#                    beyond: {3, 4, 5 Nov}
#   logo             asked Tue 10, answered Mon 16: 12, 13, 16 = 3 (4 if the holiday counted), on time
#   photos de Noël   asked Tue 24, still open: 25, 26, 27, 30 = 4 (up to the period's end), late;
#                    beyond: {30}
#   visuel Black Friday (the wait rules read "visuel" as material) asked Wed 18, answered Thu 19 = 1
#   (Réponse devis is an answer wait: no agreed delay, not counted.)
# count 4, late 2, median of [1, 3, 4, 6] = 3.5, beyond = |{3, 4, 5, 30}| = 4.
DUPONT_ASSETS = {"count": 4, "late": 2, "sla_days": 3, "median_days": 3.5, "days_beyond_sla": 4}
# Revisions (1 round included):
#   Affiche soldes: markers V1, V2, v3 -> 3 - 1 = 2 rounds; days with `revisions` blocks: 6 Oct
#     (V2), 7 Oct (v3 corrections), 4 Nov (corrections) = 3 -> 3 rounds, 2 over
#   Post Instagram (no task, no project: the description without "3e version"): 2 rounds, 1 over
#   Newsletter (R2): 1 round, 0 over
#   Calendrier novembre, Vidéo Noël, Visuel Black Friday: 0 rounds, not listed
# over = 2 + 1 + 0 = 3.
DUPONT_REVISIONS = {
    "included": 1,
    "deliverables": [
        {"name": "Affiche soldes", "rounds": 3, "over": 2},
        {"name": "Post Instagram", "rounds": 2, "over": 1},
        {"name": "Newsletter", "rounds": 1, "over": 0},
    ],
    "over": 3,
}
# Lost: Vidéo Noël (a block tagged annulé: all its effort, 3 + 2 h) and Visuel Black Friday
# (ledger status refusé, 2 h) = 7 h.
DUPONT_LOST = 7.0

# -- Comptoir: no terms at all; 2 h in October, nothing in November: nothing is claimed.
# -- Lumen: included 8 h, carry_over next_month, nothing else agreed.
# October 3 + 2 = 5 h (3 h unused, carried into November). November 3 + 3.5 + 3.5 + 2 = 12 h;
# over = 12 - 8 - 3 = 1 h. One validation asked Thu 12, answered Mon 16: 13, 16 = 2 days.
# "Maquette site" then "Maquette site V2": 1 round.
NOT_AGREED = {"count": 0, "late": None, "sla_days": None, "median_days": None, "days_beyond_sla": None}

EXPECTED: dict[str, Any] = {
    "period": {"from": "2026-10-01", "to": "2026-11-30"},
    "clients": [
        {
            "client": "Boulangerie Dupont",
            "months": DUPONT_MONTHS,
            "validations": DUPONT_VALIDATIONS,
            "assets": DUPONT_ASSETS,
            "revisions": DUPONT_REVISIONS,
            "lost_h": DUPONT_LOST,
        },
        {
            "client": "Comptoir",
            "months": [
                {"month": "2026-10", "used_h": 2.0, "included_h": None, "carried_in_h": None, "over_h": None},
                {"month": "2026-11", "used_h": 0.0, "included_h": None, "carried_in_h": None, "over_h": None},
            ],
            "validations": NOT_AGREED,
            "assets": NOT_AGREED,
            "revisions": {"included": None, "deliverables": [], "over": None},
            "lost_h": 0.0,
        },
        {
            "client": "Lumen",
            "months": [
                {"month": "2026-10", "used_h": 5.0, "included_h": 8.0, "carried_in_h": 0.0, "over_h": 0.0},
                {"month": "2026-11", "used_h": 12.0, "included_h": 8.0, "carried_in_h": 3.0, "over_h": 1.0},
            ],
            "validations": {**NOT_AGREED, "count": 1, "median_days": 2.0},
            "assets": NOT_AGREED,
            "revisions": {
                "included": None,
                "deliverables": [{"name": "Maquette site", "rounds": 1, "over": None}],
                "over": None,
            },
            "lost_h": 0.0,
        },
    ],
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out.replace("\xa0", " ").replace("\u202f", " ")


def test_hand_made_case_every_figure(capsys):
    code, text = run(capsys, "frame", str(CASE), *PERIOD, "--json")
    assert code == 0
    assert json.loads(text) == EXPECTED


def test_one_client(capsys):
    code, text = run(capsys, "frame", str(CASE), *PERIOD, "--client", "Dupont", "--json")
    assert code == 0
    assert json.loads(text)["clients"] == EXPECTED["clients"][:1]


def test_cap_carries_at_most_n_hours(tmp_path, capsys):
    for name in ("log.csv", "waits.csv"):
        (tmp_path / name).write_bytes((CASE / name).read_bytes())
    toml = (CASE / "cmtime.toml").read_text(encoding="utf-8").replace('"next_month"', '"cap:2"')
    (tmp_path / "cmtime.toml").write_text(toml, encoding="utf-8")
    code, text = run(capsys, "frame", str(tmp_path), *PERIOD, "--client", "Lumen", "--json")
    assert code == 0
    # 3 h unused in October, at most 2 carried: over = 12 - 8 - 2 = 2 h
    assert json.loads(text)["clients"][0]["months"][1] == {
        "month": "2026-11", "used_h": 12.0, "included_h": 8.0, "carried_in_h": 2.0, "over_h": 2.0,
    }


def test_table_in_french_promised_against_observed(capsys):
    code, text = run(capsys, "frame", str(CASE), *PERIOD, "--client", "Dupont")
    assert code == 0
    assert "Cadre de la mission du 1 oct. 2026 au 30 nov. 2026" in text
    assert "10 h incluses + 0 h reportées" in text
    assert "14 h utilisées, 4 h au-delà" in text
    assert "3 en retard sur 5, médiane 3,0 j, 5 jours ouvrés de décalage" in text
    assert "travail perdu" in text


def test_table_in_english(capsys):
    code, text = run(capsys, "frame", str(CASE), *PERIOD, "--client", "Lumen", "--lang", "en")
    assert code == 0
    assert "8.0 h included + 3.0 h carried over" in text
    assert "not agreed" in text


@pytest.mark.parametrize(
    ("text", "version", "name"),
    [
        ("Affiche soldes V2", 2, "Affiche soldes"),
        ("affiche soldes v3 - corrections", 3, "affiche soldes - corrections"),
        ("Post Instagram 3e version", 3, "Post Instagram"),
        ("Flyer 2ème version", 2, "Flyer"),
        ("Logo version 4", 4, "Logo"),
        ("Bannière R2", 2, "Bannière"),
        ("Calendrier éditorial", None, "Calendrier éditorial"),
        ("Vidéo 2026", None, "Vidéo 2026"),  # a year is no version
        ("Rv2 ordre du jour", None, "Rv2 ordre du jour"),  # inside a word: no marker
    ],
)
def test_version_markers(text, version, name):
    got = pl.select(v=version_number(pl.lit(text)), n=deliverable_name(pl.lit(text))).row(0)
    assert got == (version, name)


# -- the report's section ------------------------------------------------------------------


def _frame_lines(client: str, lang: str) -> tuple[str, ...] | None:
    from cmtime.analysis.report import build_report_model
    from cmtime.analysis.scope import Scope
    from cmtime.text.sections import report_texts

    scope = Scope.load(CASE, client=client, date_from="2026-10-01", date_to="2026-11-30")
    views = {v.name: v for v in report_texts(build_report_model(scope), lang).sections}  # type: ignore[arg-type]
    view = views.get("frame")
    if view is None:
        return None
    return tuple(line.replace("\xa0", " ").replace("\u202f", " ") for line in view.lines)  # type: ignore[union-attr]


def test_report_section_says_only_terms_agreed_and_measured():
    assert _frame_lines("Dupont", "fr") == (
        "Forfait : 10 h incluses par mois. Au-delà, reports compris : 4 h en novembre 2026.",
        "3 validations sur 5 ont pris plus de 2 jours ouvrés (convenu : 2) ; 5 jours ouvrés de décalage au total.",
        "2 envois d'éléments sur 4 ont pris plus de 3 jours ouvrés (convenu : 3) ; "
        "4 jours ouvrés de décalage au total.",
        "2 livrables sur 3 retouchés ont demandé plus de 1 tour de retouches (convenu : 1) ; "
        "3 tours de plus au total.",
        "7 h de travail sur des pièces abandonnées ou refusées.",
    )
    # Lumen agreed included hours only: no word on its validation (no delay agreed)
    assert _frame_lines("Lumen", "en") == (
        "Retainer: 8h included per month. Beyond it, carry-over included: 1h in November 2026.",
    )


def test_report_section_absent_when_nothing_agreed():
    assert _frame_lines("Comptoir", "fr") is None


def test_the_sample_shows_the_frame():
    """The demo's Dupont agreed every term: the report says each; a long period counts the
    months beyond the retainer instead of listing them."""
    from cmtime.analysis.pipeline import SAMPLE_DIR
    from cmtime.analysis.report import build_report_model
    from cmtime.analysis.scope import Scope
    from cmtime.text.sections import report_texts

    views = {v.name: v for v in report_texts(build_report_model(Scope.load(SAMPLE_DIR, client="Dupont")), "fr").sections}
    lines = views["frame"].lines  # type: ignore[union-attr]
    assert len(lines) == 4
    assert "11 mois sur 12" in lines[0]
    assert "(convenu : 3)" in lines[1]
    assert "(convenu : 5)" in lines[2]
    assert "(convenu : 2)" in lines[3]


# -- generated cases: delays against a plain day-by-day count ------------------------------


def _working_days_after(asked, answered, off):  # type: ignore[no-untyped-def]
    """The working days after the day of the ask up to and including the day of the
    answer, counted day by day (the oracle: no polars, no business_day_count)."""
    import datetime as dt

    out = []
    day = asked + dt.timedelta(days=1)
    while day <= answered:
        if day.weekday() < 5 and day not in off:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(
    waits=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 20)), min_size=1, max_size=8),
    sla=st.integers(0, 6),
)
def test_delays_late_and_days_beyond_match_a_day_by_day_count(waits, sla):
    import datetime as dt
    import statistics
    from zoneinfo import ZoneInfo

    import holidays

    from cmtime.analysis.common import Period
    from cmtime.analysis.frame import frame_document
    from cmtime.config import Client, Config
    from cmtime.schema import CLASSIFIED_SCHEMA, WAIT_SCHEMA

    paris = ZoneInfo("Europe/Paris")
    start = dt.date(2026, 11, 2)
    period = Period(start, dt.date(2027, 1, 31))
    day_off = dt.date(2026, 11, 20)
    cfg = Config(
        clients=(Client("D", validation_days=sla),),
        days_off=(day_off,),
        as_of=dt.date(2027, 1, 31),
    )
    off = set(holidays.country_holidays("FR", years=[2026, 2027])) | {day_off}
    rows = []
    for i, (ask, length) in enumerate(waits):
        asked = start + dt.timedelta(days=ask)
        answered = asked + dt.timedelta(days=length)
        rows.append(
            {
                "wait_id": f"w{i}",
                "origin": f"waits.csv:{i + 2}",
                "client": "D",
                "item": f"Validation visuel {i}",
                "asked": dt.datetime.combine(asked, dt.time(10), paris).astimezone(dt.UTC),
                "answered": dt.datetime.combine(answered, dt.time(15), paris).astimezone(dt.UTC),
                "reminders": 0,
                "status": "",
            }
        )
    ledger = pl.DataFrame(rows, schema=WAIT_SCHEMA)
    doc = frame_document(pl.LazyFrame(schema=CLASSIFIED_SCHEMA), ledger, config=cfg, period=period)
    got = doc["clients"][0]["validations"]
    days = [
        _working_days_after(start + dt.timedelta(days=a), start + dt.timedelta(days=a + n), off) for a, n in waits
    ]
    beyond = {d for ds in days if len(ds) > sla for d in ds[sla:] if d <= period.end}
    assert got == {
        "count": len(waits),
        "late": sum(len(ds) > sla for ds in days),
        "sla_days": sla,
        "median_days": float(statistics.median(len(ds) for ds in days)),
        "days_beyond_sla": len(beyond),
    }


# -- `cmtime rules`: how blocks were grouped into deliverables ------------------------------
#
# The same case, all of it (rules has no period). Dupont's deliverables, by hand:
#   Affiche soldes (the task): 5 Oct "Affiche soldes V1 création" 3 h (V1), 6 Oct "Affiche
#     soldes V2" 2 h (V2), 7 Oct "Affiche soldes v3 corrections" 2 h (v3), 4 Nov "Corrections
#     affiche soldes" 3 h (no marker): 10 h; by markers 3 - 1 = 2, days of revisions 6 Oct,
#     7 Oct, 4 Nov = 3 -> 3 rounds (the frame's figure above)
#   Post Instagram (no task or project: the description "Post Instagram 3e version"): 1 h,
#     by markers 3 - 1 = 2 rounds
#   Newsletter (task, "Newsletter R2"): 3 h, by markers 1
#   Vidéo Noël (task): 3 h (tagged annulé) + 2 h, one text: lost, 5 h
#   Calendrier novembre (task): 2 h; Visuel Black Friday (task) 2 h and the ledger row of the
#     same subject, refused: lost, two texts
#   the other ledger subjects are deliverables of their own, no hours, no round:
#     Envoi du logo, Photos boutique, Photos produits de Noël, Réponse devis, and the four
#     "Validation …" rows (a subject names the wait, not always the piece)
AFFICHE = {
    "client": "Boulangerie Dupont",
    "deliverable": "Affiche soldes",
    "rounds": 3,
    "by_markers": 2,
    "revision_days": 3,
    "lost": False,
    "hours": 10.0,
    "forms": [
        {"source": "task", "text": "Affiche soldes", "description": d, "version": v, "blocks": 1, "hours": h}
        for d, v, h in (
            ("Affiche soldes V1 création", 1, 3.0),
            ("Affiche soldes V2", 2, 2.0),
            ("Affiche soldes v3 corrections", 3, 2.0),
            ("Corrections affiche soldes", None, 3.0),
        )
    ],
}


def test_rules_shows_how_blocks_were_grouped_into_deliverables(capsys):
    code, text = run(capsys, "rules", str(CASE), "--json")
    assert code == 0
    groups = [g for g in json.loads(text)["deliverables"] if g["client"] == "Boulangerie Dupont"]
    assert groups[0] == AFFICHE
    by_name = {g["deliverable"]: g for g in groups}
    post = by_name["Post Instagram"]
    assert (post["rounds"], post["by_markers"], post["hours"]) == (2, 2, 1.0)
    assert post["forms"] == [
        {"source": "description", "text": "Post Instagram 3e version", "description": "", "version": 3, "blocks": 1, "hours": 1.0}
    ]
    assert (by_name["Newsletter"]["by_markers"], by_name["Newsletter"]["rounds"]) == (1, 1)
    video = by_name["Vidéo Noël"]
    assert (video["lost"], video["hours"], video["rounds"], len(video["forms"])) == (True, 5.0, 0, 1)
    assert video["forms"][0]["blocks"] == 2
    black = by_name["Visuel Black Friday"]
    assert (black["lost"], black["hours"]) == (True, 2.0)
    assert [(f["source"], f["blocks"], f["hours"]) for f in black["forms"]] == [("ledger", 0, 0.0), ("task", 1, 2.0)]
    assert [g["deliverable"] for g in groups] == [
        "Affiche soldes", "Post Instagram", "Newsletter",  # rounds 3, 2, 1
        "Vidéo Noël", "Calendrier novembre", "Visuel Black Friday",  # no round: most hours first
        "Envoi du logo", "Photos boutique", "Photos produits de Noël", "Réponse devis",
        "Validation affiche soldes", "Validation calendrier décembre", "Validation post Instagram",
        "Validation vidéo",
    ]  # fmt: skip
    # the frame counts its rounds on the same groups
    _, framed = run(capsys, "frame", str(CASE), "--json")
    dupont = json.loads(framed)["clients"][0]["revisions"]["deliverables"]
    assert [(d["name"], d["rounds"]) for d in dupont] == [
        (g["deliverable"], g["rounds"]) for g in groups if g["rounds"] > 0
    ]


def test_rules_table_of_deliverables_in_french(capsys):
    import io

    from rich.console import Console

    from cmtime.analysis.scope import Scope
    from cmtime.interfaces.rules_cmd import _print_deliverables, explanation_doc

    code, text = run(capsys, "rules", str(CASE), "--lang", "fr")
    assert code == 0
    assert "Comment les blocs ont été regroupés en livrables" in " ".join(text.split())
    out = io.StringIO()
    _print_deliverables(Console(file=out, width=250), explanation_doc(Scope.load(CASE).loaded)["deliverables"], "fr")
    flat = " ".join(out.getvalue().split())
    assert "3 (marqueurs : 2, jours de modifications : 3)" in flat
    assert "Affiche soldes / Affiche soldes V2 (tâche, version 2, 1 bloc)" in flat
    assert "+ 1 texte sans marqueur de version (1 bloc)" in flat  # Corrections affiche soldes
    assert "abandonné : ses heures sont du travail perdu" in flat
    # one text each, no round, not lost: only counted. Dupont: Calendrier novembre and its 8
    # other ledger subjects; Lumen: Stratégie éditoriale, Rédaction des pages, Validation
    # maquette; Comptoir: Publication carrousel
    assert "13 autres livrables : un seul texte chacun" in flat


@pytest.mark.parametrize(
    ("lang", "term", "used"), [("en", "hours over 3 months", "7.0 h used"), ("fr", "heures sur 3 mois", "7 h utilisées")]
)
def test_a_client_without_agreed_hours_gets_one_row_for_the_period(
    capsys: pytest.CaptureFixture[str], tmp_path: Any, lang: str, term: str, used: str
) -> None:
    """A real export of 30 months and no cmtime.toml listed "hours 2023-10 · not agreed ·
    0 h used" thirty times per client; the hours of a client with no hours agreed are one
    row over the period (their sum: 2 + 0 + 5 h here), its JSON still month by month."""
    from tests.conftest import toggl_rows

    rows = [
        f"Ana,a@x.fr,Zenvo,P,,Publication Instagram,Yes,{day},09:00:00,{day},{end},{length},,"
        for day, end, length in (
            ("2026-01-12", "11:00:00", "02:00:00"), ("2026-03-03", "12:00:00", "03:00:00"),
            ("2026-03-04", "11:00:00", "02:00:00"),
        )
    ]
    (tmp_path / "t.csv").write_text(toggl_rows(*rows), encoding="utf-8")
    code, text = run(capsys, "frame", str(tmp_path / "t.csv"), "--lang", lang)
    assert code == 0
    flat = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    assert f"{term} │ " in flat
    assert used in flat
    assert flat.count("│ Zenvo") == 1
    code, doc = run(capsys, "frame", str(tmp_path / "t.csv"), "--json")
    assert [m["used_h"] for m in json.loads(doc)["clients"][0]["months"]] == [2.0, 0.0, 5.0]
