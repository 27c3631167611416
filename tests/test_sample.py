"""The sample data generator: determinism, a believable demo year, exact bulk sizes."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import holidays
import polars as pl
import pytest

from cmtime.config import load_config, normalize_name
from cmtime.sample.synthetic import (
    NATIVE_HEADER,
    SAMPLE_SCHEMA,
    TOGGL_HEADER,
    _demo,
    config_text,
    generate,
    write_config,
    write_native,
    write_sample,
    write_toggl,
)

SLOW = "Boulangerie Dupont"
EVENINGS = "Le Comptoir des Halles"
EASY = "Librairie Page Blanche"
NEW = "Cabinet Morel"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The 2026 demo with ``canon`` (client after alias resolution) and ``wait``."""
    path = write_config(tmp_path_factory.mktemp("cfg") / "cmtime.toml", year=2026)
    aliases = load_config(path).alias_map()
    df = generate()
    canon = [None if c is None else aliases.get(normalize_name(c)) for c in df["client"]]
    return df.with_columns(
        canon=pl.Series(canon, dtype=pl.String),
        wait=pl.col("tags").list.contains("attente"),
    )


def _hours(df: pl.DataFrame) -> float:
    return float(df["duration"].dt.total_seconds().sum()) / 3600


def test_demo_write_is_byte_identical(tmp_path: Path) -> None:
    a = write_sample(tmp_path / "a")
    b = write_sample(tmp_path / "b")
    assert [p.name for p in a] == [
        "toggl_2026.csv",
        "cmtime.toml",
        "toggl_2026_december_again.csv",
        "toggl_2026_equipe.csv",
        "waits.csv",
    ]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()
    assert a[0].stat().st_size < 2_000_000
    other = write_sample(tmp_path / "c", seed=8)
    assert other[0].read_bytes() != a[0].read_bytes()


def test_messy_reexport_is_rejected_lines_and_duplicates(tmp_path: Path) -> None:
    """The second export repeats December (counted once) with three broken rows."""
    from cmtime.analysis.scope import Scope

    written = write_sample(tmp_path)
    both = Scope.load([tmp_path])
    alone = Scope.load([written[0], *written[3:]], config_path=written[1])  # no re-export
    again = next(r for r in both.loaded.readings if r.path.endswith("december_again.csv"))
    assert again.rejected.height == 3
    assert sorted(again.rejected.get_column("line").to_list()) == [42, 83, 125]
    assert sum(both.loaded.duplicates) == again.items > 150
    assert both.summary()["totals"] == alone.summary()["totals"]


def test_write_sample_writes_only_its_files(tmp_path: Path) -> None:
    written = write_sample(tmp_path, fmt="cmtime")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cmtime.toml", "cmtime_2026.csv"]
    assert written[0].read_text(encoding="utf-8").splitlines()[0] == ",".join(NATIVE_HEADER)
    bulk = tmp_path / "bulk"
    assert [p.name for p in write_sample(bulk, entries=50, seed=3)] == ["toggl_2026_50.csv"]
    with pytest.raises(ValueError, match="'xlsx'"):
        write_sample(tmp_path, fmt="xlsx")  # type: ignore[arg-type]


def test_demo_schema_and_size(demo: pl.DataFrame) -> None:
    assert dict(generate().schema) == SAMPLE_SCHEMA
    assert 1500 <= demo.height <= 4000
    assert demo["person"].unique().to_list() == ["Camille Martin"]
    # every typed client name resolves through the config aliases
    assert demo.filter(pl.col("client").is_not_null() & pl.col("canon").is_null()).is_empty()
    assert demo["canon"].drop_nulls().n_unique() == 5
    assert demo.filter(pl.col("client") != pl.col("canon")).height > 100  # aliases in use
    assert 0 < demo["client"].null_count() < demo.height * 0.1  # admin, training
    effort = demo.filter(~pl.col("wait"))
    assert 1500 <= _hours(effort) <= 1700
    assert effort["duration"].max() < dt.timedelta(hours=24)  # type: ignore[operator]
    assert demo.filter(pl.col("end_local") <= pl.col("start_local")).is_empty()


def test_demo_hidden_share_and_activities() -> None:
    truth = _demo(7, 2026).filter(pl.col("kind") != "wait")
    share = _hours(truth.filter(pl.col("kind") == "hidden")) / _hours(truth)
    assert 0.55 <= share <= 0.70
    assert set(truth["activity"]) >= {
        "publishing", "community", "meeting", "reporting", "strategy", "planning",
        "creation", "revisions", "monitoring", "admin", "chasing",
    }  # fmt: skip


def test_effort_blocks_never_overlap(demo: pl.DataFrame) -> None:
    effort = demo.filter(~pl.col("wait")).sort("start_local")
    overlap = effort["start_local"].shift(-1) < effort["end_local"]
    assert not overlap.any()


def test_no_work_on_public_holidays_but_urgent(demo: pl.DataFrame) -> None:
    public = sorted(holidays.country_holidays("FR", years=2026))
    on_holiday = demo.filter(pl.col("start_local").dt.date().is_in(public))
    assert on_holiday["tags"].list.contains("urgent").all()
    assert on_holiday.filter(pl.col("canon") != EVENINGS).is_empty()
    assert demo.filter(
        (pl.col("start_local").dt.date() == dt.date(2026, 7, 14))
        & ~pl.col("tags").list.contains("urgent")
    ).is_empty()


def test_vacation_only_urgent_posts_for_the_restaurant(demo: pl.DataFrame) -> None:
    vacation = demo.filter(
        pl.col("start_local").dt.date().is_between(dt.date(2026, 8, 3), dt.date(2026, 8, 16))
    )
    assert 1 <= vacation.height <= 2
    assert vacation["canon"].to_list() == [EVENINGS] * vacation.height
    assert vacation["tags"].list.contains("urgent").all()


def test_client_habits(demo: pl.DataFrame) -> None:
    waits = demo.filter(pl.col("wait"))
    slow = waits.filter(pl.col("canon") == SLOW)
    assert slow.height >= 12
    assert (slow["duration"] > dt.timedelta(days=1)).all()
    assert (slow["end_local"].dt.date() > slow["start_local"].dt.date()).all()
    easy = waits.filter(pl.col("canon") == EASY)
    assert easy.height >= 3
    assert (easy["duration"] < dt.timedelta(days=1)).all()
    assert waits["billable"].not_().all()
    chasing = demo.filter(pl.col("description").str.starts_with("Relance"))
    assert chasing.filter(pl.col("canon") == SLOW).height >= 20
    # the restaurant owns most weekend and evening work
    effort = demo.filter(~pl.col("wait"))
    weekend = effort.filter(pl.col("start_local").dt.weekday() >= 6)
    assert weekend.height >= 30
    assert (weekend["canon"] == EVENINGS).mean() > 0.6  # type: ignore[operator]
    evening = effort.filter(pl.col("start_local").dt.hour() >= 19)
    assert (evening["canon"] == EVENINGS).mean() > 0.5  # type: ignore[operator]
    # revision rounds for the studio, and the new client only from 1 September
    lumen = demo.filter(pl.col("description").str.contains(r"V[34]"))
    assert lumen.filter(pl.col("canon") == "Studio Lumen").height >= 10
    assert demo.filter(pl.col("canon") == NEW)["start_local"].min() >= dt.datetime(2026, 9, 1)  # type: ignore[operator]


def test_toggl_csv_reads_back(tmp_path: Path, demo: pl.DataFrame) -> None:
    df = demo.drop("canon", "wait")
    path = write_toggl(df, tmp_path / "t.csv")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(TOGGL_HEADER)
    assert '"hidden, ' in text or '"visible, ' in text
    back = pl.read_csv(path, infer_schema=False)
    assert back.columns == list(TOGGL_HEADER)
    assert back.height == df.height
    assert back["Amount (EUR)"].null_count() == df.height
    assert set(back["Billable"]) == {"Yes", "No"}
    hms = back["Duration"].str.extract_groups(r"^(\d+):(\d{2}):(\d{2})$")
    seconds = (
        hms.struct.field("1").cast(pl.Int64) * 3600
        + hms.struct.field("2").cast(pl.Int64) * 60
        + hms.struct.field("3").cast(pl.Int64)
    )
    assert seconds.null_count() == 0
    assert seconds.to_list() == df["duration"].dt.total_seconds().to_list()
    start = (back["Start date"] + " " + back["Start time"]).str.to_datetime("%Y-%m-%d %H:%M:%S")
    assert start.to_list() == df["start_local"].to_list()


def test_native_csv_reads_back(tmp_path: Path) -> None:
    df = generate(entries=300, seed=2)
    path = write_native(df, tmp_path / "n.csv")
    back = pl.read_csv(path, infer_schema=False)
    assert back.columns == list(NATIVE_HEADER)
    assert back["start"][0] == df["start_local"][0].strftime("%Y-%m-%dT%H:%M:%S")
    tags = (
        back["tags"].fill_null("").str.split(";").list.eval(pl.element().filter(pl.element() != ""))
    )
    assert tags.to_list() == df["tags"].to_list()


def test_config_loads(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path / "cmtime.toml", year=2026))
    assert cfg.timezone == "Europe/Paris"
    assert cfg.language == "fr"
    assert cfg.country == "FR"
    assert len(cfg.clients) == 5
    assert len(cfg.rules) >= 2
    assert dt.date(2026, 8, 3) in cfg.days_off
    morel = cfg.client("Morel")
    assert morel is not None
    assert morel.start == dt.date(2026, 9, 1)
    assert all(c.monthly_fee and c.included_hours for c in cfg.clients)
    assert cfg.client("Comptoir des Halles") is not None
    later = tmp_path / "2027.toml"
    later.write_text(config_text(year=2027), encoding="utf-8")
    assert load_config(later).days_off[0].year == 2027


@pytest.mark.parametrize("n", [0, 1, 37, 5001, 12_345])
def test_bulk_gives_exactly_n_rows(n: int) -> None:
    df = generate(entries=n, seed=11)
    assert df.height == n
    assert dict(df.schema) == SAMPLE_SCHEMA
    if n:
        assert df["person"].n_unique() == math.ceil(n / 5000)


def test_bulk_is_deterministic_and_plausible() -> None:
    a = generate(entries=20_000, seed=5, year=2025)
    assert a.equals(generate(entries=20_000, seed=5, year=2025))
    assert not a.equals(generate(entries=20_000, seed=6, year=2025))
    assert a["start_local"].min() >= dt.datetime(2025, 1, 1)  # type: ignore[operator]
    assert a.filter(pl.col("duration") <= dt.timedelta(0)).is_empty()
    effort = a.filter(~pl.col("tags").list.contains("attente")).sort("person", "start_local")
    same = effort["person"].shift(-1) == effort["person"]
    assert not (same & (effort["start_local"].shift(-1) < effort["end_local"])).any()
    assert effort["duration"].max() < dt.timedelta(hours=24)  # type: ignore[operator]
    assert a["client"].null_count() > 0
    assert a.filter(pl.col("start_local").dt.weekday() >= 6).height > 0


def test_bad_entries() -> None:
    with pytest.raises(ValueError, match="-3"):
        generate(entries=-3)


def test_demo_sample_shows_every_feature(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three people with a cost, a waits ledger with reminders and one open wait,
    unclassified work, and figures that do not drift with the calendar (``as_of``)."""
    from cmtime.analysis.scope import Scope

    write_sample(tmp_path)
    scope = Scope.load([tmp_path])
    cfg = scope.config
    assert cfg.as_of == dt.date(2026, 12, 31)
    assert {p.name: p.cost_rate for p in cfg.people} == {
        "Camille Martin": 20.0,
        "Léa Dubois": 18.0,
        "Hugo Petit": 30.0,
    }
    rows = scope.rows.collect()
    assert sorted(rows["person"].unique()) == ["Camille Martin", "Hugo Petit", "Léa Dubois"]
    vague = rows.filter(pl.col("kind").cast(pl.String) == "unclassified")
    assert "Dérushage" in set(vague["description"])  # Hugo's; a rule would classify it
    assert vague["description"].n_unique() >= 4
    # the ledger: French Excel habits, read whole; Morel's waits are no longer timed
    raw = (tmp_path / "waits.csv").read_bytes()
    assert raw.startswith("client;objet;demandé;répondu;relances\r\n".encode("cp1252"))
    ledger = scope.loaded.waits
    assert ledger.height == 7
    assert (ledger["client"] == NEW).all()
    assert ledger["answered"].null_count() == 1
    assert ledger["reminders"].sum() > 3
    timed_waits = rows.filter(pl.col("kind").cast(pl.String) == "wait")
    assert timed_waits.filter(pl.col("client") == NEW).is_empty()
    morel = next(c for c in scope.summary()["clients"] if c["client"] == NEW)
    assert morel["waits"] == 7
    assert morel["open_waits"] == 1
    # as of 31 December: the open wait (asked 23 December) stops at the end of that day,
    # whatever the real date
    assert scope.period.end == dt.date(2026, 12, 31)
    import cmtime.analysis.common as common

    monkeypatch.setattr(common, "local_today", lambda timezone: dt.date(2027, 6, 1))
    assert Scope.load([tmp_path]).summary() == scope.summary()
