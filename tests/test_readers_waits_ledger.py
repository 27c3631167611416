"""The waits ledger (waits.csv): detection, dates, open waits, rejections, ids, aliases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from cmtime.config import config_from_dict
from cmtime.readers import FORMATS, read_file, read_paths
from cmtime.readers._text import Text
from cmtime.schema import WAIT_SCHEMA

UTC = dt.UTC
CFG = config_from_dict({})
HEADER = "client,item,asked,answered,reminders\n"


def test_detected_by_its_header_and_by_no_other_format(write):
    for header in (HEADER, "Client;Objet;Demandé;Répondu;Relances\n", "client,asked,answered\n"):
        text = Text(Path("waits.csv"), header + "", "utf-8")
        claims = [name for name, mod in FORMATS.items() if mod.sniff(text)]
        assert claims == ["waits"], header
    path = write("waits.csv", HEADER + "Dupont,Photos,2026-03-06 17:00,2026-03-09 10:00,2\n")
    assert read_file(path, config=CFG).format == "waits"


def test_local_iso_offset_and_french_dates(write):
    path = write(
        "waits.csv",
        HEADER
        + "Dupont,Photos,2026-03-06 17:00,2026-03-09 10:00,2\n"
        + "Lumen,Logo,2026-03-06T17:00:00+01:00,2026-03-09T09:00Z,\n"
        + "Comptoir,Menu,06/07/2026 09:30,,0\n",
    )
    r = read_file(path, config=CFG)
    assert dict(r.waits.schema) == WAIT_SCHEMA
    assert r.entries.height == 0
    assert (r.rows, r.items, r.open, r.rejected.height) == (3, 3, 0, 0)
    a, b, c = r.waits.rows(named=True)
    assert a["asked"] == dt.datetime(2026, 3, 6, 16, tzinfo=UTC)  # Paris is UTC+1 in March
    assert a["answered"] == dt.datetime(2026, 3, 9, 9, tzinfo=UTC)
    assert a["reminders"] == 2
    assert a["origin"].endswith("waits.csv:2")
    assert b["asked"] == dt.datetime(2026, 3, 6, 16, tzinfo=UTC)
    assert b["answered"] == dt.datetime(2026, 3, 9, 9, tzinfo=UTC)
    assert b["reminders"] == 0  # empty: none
    assert c["asked"] == dt.datetime(2026, 7, 6, 7, 30, tzinfo=UTC)  # UTC+2 in July
    assert c["answered"] is None  # open


def test_french_header_semicolons_and_cp1252(write):
    text = "Client;Objet;Demandé;Répondu;Relances\nBoulangerie Dupont;Vidéo été;2026-06-01 10:00;2026-06-03 10:00;1\n"
    path = write("attentes.csv", text, encoding="cp1252")
    r = read_file(path, config=CFG)
    assert r.format == "waits"
    assert r.waits.row(0, named=True)["item"] == "Vidéo été"
    assert r.waits.row(0, named=True)["reminders"] == 1


def test_reminders_column_is_optional(write):
    path = write("waits.csv", "client,item,asked,answered\nDupont,Photos,2026-03-06 17:00,\n")
    r = read_file(path, config=CFG)
    assert r.waits.get_column("reminders").to_list() == [0]


def test_rejections_carry_their_line(write):
    path = write(
        "waits.csv",
        HEADER
        + "Dupont,ok,2026-03-06 17:00,2026-03-09 10:00,\n"  # 2
        + ",no client,2026-03-06 17:00,2026-03-09 10:00,\n"  # 3
        + "Dupont,reversed,2026-03-09 17:00,2026-03-06 10:00,\n"  # 4
        + "Dupont,bad asked,demain,,\n"  # 5
        + "Dupont,bad answer,2026-03-06 17:00,hier,\n"  # 6
        + "Dupont,negative,2026-03-06 17:00,,-1\n"  # 7
        + "Dupont,fraction,2026-03-06 17:00,,1.5\n"  # 8
        + "Dupont,spring gap,2026-03-29 02:30,,\n"  # 9
        + "Dupont,no date,,,\n",  # 10
    )
    r = read_file(path, config=CFG)
    assert r.waits.get_column("item").to_list() == ["ok"]
    assert r.rejected.select("line", "reason").rows() == [
        (3, "no client"),
        (4, "answered before it was asked"),
        (5, "unreadable asked date 'demain'"),
        (6, "unreadable answered date 'hier'"),
        (7, "negative reminders '-1'"),
        (8, "reminders '1.5' is not a whole number"),
        (9, "asked time does not exist in Europe/Paris (clocks moved forward that night)"),
        (10, "no asked date"),
    ]
    assert r.rows == r.items + r.rejected.height + r.open == 9


def test_ids_are_stable_and_count_identical_rows(write):
    row = "Dupont,Photos,2026-03-06 17:00,,\n"
    path = write("waits.csv", HEADER + row + row)
    first = read_file(path, config=CFG).waits.get_column("wait_id")
    again = read_file(path, config=CFG).waits.get_column("wait_id")
    assert first.to_list() == again.to_list()
    assert first.n_unique() == 2  # two identical rows stay two
    assert first[0].startswith("waits:")


def test_clients_are_alias_resolved_and_reading_twice_does_not_double(write):
    cfg = config_from_dict({"clients": {"Boulangerie Dupont": {"aliases": ["Dupont"]}}})
    path = write(
        "waits.csv", HEADER + "dupont,Photos,2026-03-06 17:00,,\nDÜPONT,Logo,2026-03-07 10:00,,\n"
    )
    copy = write("copy/waits.csv", HEADER + "dupont,Photos,2026-03-06 17:00,,\n")
    loaded = read_paths([path, copy], config=cfg)
    # case- and accent-insensitive; the copy's row is the same wait, read once
    assert loaded.waits.get_column("client").to_list() == ["Boulangerie Dupont"] * 2
    assert loaded.waits.get_column("item").to_list() == ["Photos", "Logo"]
    assert loaded.entries.height == 0
    assert loaded.waits.schema == pl.Schema(WAIT_SCHEMA)


@pytest.mark.parametrize("answered", ["2026-03-06 16:59", "2026-03-06T15:59:00Z"])
def test_answer_a_minute_before_the_ask_is_rejected(write, answered):
    path = write("waits.csv", HEADER + f"Dupont,x,2026-03-06 17:00,{answered},\n")
    assert read_file(path, config=CFG).rejected.get_column("reason").to_list() == [
        "answered before it was asked"
    ]


def test_status_column_french_and_english(write):
    path = write(
        "waits.csv",
        "client,objet,demandé,répondu,statut\n"
        "Dupont,Visuel soldes,2026-03-02 09:00,2026-03-04 10:00,Abandonné\n"
        "Dupont,Affiche V2,2026-03-02 09:00,2026-03-04 10:00,refusée\n"
        "Dupont,Menu,2026-03-02 09:00,2026-03-04 10:00,validé\n"
        "Dupont,Logo,2026-03-02 09:00,,en  cours\n"
        "Dupont,Photos,2026-03-02 09:00,,\n"
        "Dupont,Flyer,2026-03-02 09:00,,peut-être\n",
    )
    r = read_file(path, config=CFG)
    assert r.waits.get_column("status").to_list() == ["abandoned", "refused", "accepted", "pending", ""]
    assert r.rejected.select("line", "reason").rows() == [
        (7, "unknown status 'peut-être'; use abandonné, refusé, validé or en cours "
         "(abandoned, refused, accepted, pending), or leave it empty")
    ]


def test_no_status_column_is_empty_status(write):
    path = write("waits.csv", HEADER + "Dupont,Photos,2026-03-06 17:00,2026-03-09 10:00,2\n")
    assert read_file(path, config=CFG).waits.get_column("status").to_list() == [""]
