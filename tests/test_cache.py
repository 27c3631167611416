"""The public holidays kept between runs (`cmtime.cache`): the same dates and names as the
`holidays` package gives, whatever was kept before, and a second run that does not import
the package's 250 country modules."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime import cache
from cmtime.cache import holiday_regions, public_holidays

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    ("FR", None, "fr"),
    ("FR", "57", "fr"),  # Moselle: Good Friday and St Stephen's Day too
    ("FR", None, "en_US"),
    ("BE", None, "fr"),
    ("CA", "QC", "fr"),
    ("CH", "GE", "fr"),
    ("US", "NY", "en_US"),
]


@pytest.fixture(autouse=True)
def _from_disk() -> None:
    """Each test reads what is kept on disk, not what an earlier call kept in memory."""
    cache._public_holidays.cache_clear()


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "cmtime" / "holidays"


def _direct(country: str, subdiv: str | None, years: range, language: str) -> dict[dt.date, str]:
    return dict(sorted(holidays.country_holidays(country, subdiv=subdiv, years=years, language=language).items()))


@pytest.mark.parametrize(("country", "subdiv", "language"), CASES)
def test_kept_dates_are_the_packages_own(kept: Path, country: str, subdiv: str | None, language: str) -> None:
    years = range(2023, 2028)
    first = public_holidays(country, subdiv=subdiv, years=years, language=language)
    assert len(list(kept.rglob("*.json"))) == len(years)
    second = public_holidays(country, subdiv=subdiv, years=years, language=language)  # from the files
    assert first == second == _direct(country, subdiv, years, language)
    assert list(first) == sorted(first)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    case=st.sampled_from(CASES),
    spans=st.lists(st.tuples(st.integers(1990, 2060), st.integers(0, 6)), min_size=1, max_size=4),
)
def test_any_order_of_lookups_gives_the_packages_answer(
    kept: Path, case: tuple[str, str | None, str], spans: list[tuple[int, int]]
) -> None:
    """Periods looked up in any order, overlapping or not, partly kept or not."""
    country, subdiv, language = case
    for start, length in spans:
        years = range(start, start + length)
        assert public_holidays(country, subdiv=subdiv, years=years, language=language) == _direct(
            country, subdiv, years, language
        )


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # an interrupted write by something else
        b"{not json",
        b"[1, 2]",
        json.dumps({"2026-07-14": "Fete"}).encode()[:-3],
        json.dumps({"1999-01-01": "Jour de l'an"}).encode(),  # another year's dates
        json.dumps({"14/07/2026": "Fete"}).encode(),
        "\udcff".encode("utf-8", "surrogateescape"),
    ],
)
def test_a_damaged_file_is_looked_up_again(kept: Path, damage: bytes) -> None:
    years = range(2026, 2027)
    public_holidays("FR", subdiv=None, years=years, language="fr")
    (path,) = kept.rglob("*.json")
    path.write_bytes(damage)
    cache._public_holidays.cache_clear()  # a new process
    assert public_holidays("FR", subdiv=None, years=years, language="fr") == _direct("FR", None, years, "fr")
    assert json.loads(path.read_text(encoding="utf-8"))["2026-07-14"] == "Fête nationale"  # written again


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # mkdir fails under a file
    years = range(2025, 2027)
    assert public_holidays("FR", subdiv=None, years=years, language="fr") == _direct("FR", None, years, "fr")
    assert blocker.read_text() == "not a folder"


def test_a_newer_holidays_package_is_looked_up_again(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    years = range(2026, 2027)
    public_holidays("FR", subdiv=None, years=years, language="fr")
    monkeypatch.setattr(cache, "_holidays_version", lambda: "99.0")
    cache._public_holidays.cache_clear()  # a new process, with a newer package
    public_holidays("FR", subdiv=None, years=years, language="fr")
    assert sorted(p.parent.name for p in kept.rglob("*.json")) == sorted(["99.0", holidays.__version__])


def test_a_span_of_centuries_is_not_kept_year_by_year(kept: Path) -> None:
    years = range(1900, 2100)
    assert public_holidays("FR", subdiv=None, years=years, language="fr") == _direct("FR", None, years, "fr")
    assert not kept.exists()


def _imports_in_a_summary(cache_home: Path) -> list[str]:
    code = (
        "import sys\n"
        "from cmtime.interfaces.cli import main\n"
        "sys.argv = ['cmtime', 'summary', '--json', 'data/sample']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(m for m in sys.modules if m.startswith('holidays')))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr.rsplit("MODULES", 1)[1].split()


def test_the_second_summary_does_not_import_the_holidays_package(tmp_path: Path) -> None:
    """What the cache saves: the first run imports `holidays` (its 250 country modules, the
    largest import of a small summary); the next ones read a few hundred bytes instead."""
    first = _imports_in_a_summary(tmp_path)
    assert "holidays.countries.france" in first
    assert sum(m.startswith("holidays.countries.") for m in first) > 200
    assert _imports_in_a_summary(tmp_path) == []


@pytest.mark.parametrize("damage", [None, b"", b"{}", b'{"FR": "57"}', b"[]"])
def test_the_known_countries_are_the_packages_own(kept: Path, damage: bytes | None) -> None:
    expected = {code: list(subs) for code, subs in holidays.list_supported_countries().items()}
    assert holiday_regions() == expected
    if damage is not None:
        (kept / holidays.__version__ / "regions.json").write_bytes(damage)
    assert holiday_regions() == expected
    assert "FRA" in expected
    assert "Zone A" in expected["FR"]
