"""What cmtime keeps between runs: one folder, and the public holidays it has looked up.

Everything here is derived from installed packages, never from the user's data, and is
rebuilt when missing, unreadable or written by another version: deleting the folder only
costs time. A read-only or missing home costs the same time on every run, nothing else.

The public holidays are kept because the `holidays` package imports every one of its 250
country modules to give one country's dates (``holidays/countries/__init__.py`` imports
them all), which costs more than the rest of ``cmtime summary`` on a small log
(`benchmarks/README.md`, issue #27). The dates of one country, subdivision, language and
year are a few hundred bytes of JSON; they are looked up once per installed version of
`holidays`, the first time a command needs them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
from importlib import metadata
from pathlib import Path

__all__ = ["cache_dir", "holiday_regions", "keep", "public_holidays"]


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/cmtime``, else ``~/.cache/cmtime`` (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cmtime"


def keep(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` through a temporary file beside it, so that a reader
    never sees half a file. False when it cannot be written (a read-only home, a full
    disk): what was to be kept is rebuilt next time, nothing else is lost."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True


#: A log spanning more years than this is looked up without being kept.
_MOST_YEARS_KEPT = 60


@functools.cache
def _holidays_version() -> str:
    """The installed `holidays` version (read once per process: it does not change)."""
    try:
        return metadata.version("holidays")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency of cmtime
        return "unknown"


def holiday_regions() -> dict[str, list[str]]:
    """Every country code the `holidays` package knows (alpha-2 and alpha-3), with its
    subdivision codes: ``holidays.list_supported_countries()``, kept like the dates (the
    package imports every country module to list them)."""
    path = cache_dir() / "holidays" / _holidays_version() / "regions.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and raw and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in raw.items()
        ):
            return raw
    except (OSError, ValueError):
        pass  # missing or unreadable: listed again
    import holidays

    regions = {code: [str(s) for s in subs] for code, subs in holidays.list_supported_countries().items()}
    keep(path, json.dumps(regions))
    return regions


def _year_file(country: str, subdiv: str | None, language: str, year: int) -> Path:
    name = "-".join([country, subdiv or "_", language or "_", str(year)])
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
    return cache_dir() / "holidays" / _holidays_version() / f"{safe}.json"


def _read_year(path: Path, year: int) -> dict[dt.date, str] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        found = {dt.date.fromisoformat(day): str(name) for day, name in raw.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return None  # missing, unreadable or not ours: looked up again
    if any(day.year != year for day in found):
        return None
    return found


def _look_up(
    country: str, subdiv: str | None, years: list[int], language: str
) -> dict[dt.date, str]:
    import holidays  # the 250 country modules: only when a year is not kept yet

    return dict(holidays.country_holidays(country, subdiv=subdiv, years=years, language=language))


def public_holidays(
    country: str, *, subdiv: str | None, years: range, language: str
) -> dict[dt.date, str]:
    """See `_public_holidays`; a process asks for the same years many times (a slider
    move in a notebook builds several calendars), so the answer is kept in memory too."""
    return dict(_public_holidays(country, subdiv, years, language, cache_dir()))


@functools.lru_cache(maxsize=64)
def _public_holidays(
    country: str, subdiv: str | None, years: range, language: str, where: Path  # noqa: ARG001 (a key)
) -> dict[dt.date, str]:
    """The public holidays of ``country`` (and ``subdiv``) in ``years``, named in
    ``language`` where the `holidays` package has it: the package's own answer, kept per
    year in `cache_dir` and looked up again when the kept file is missing or unreadable.

    >>> public_holidays("FR", subdiv=None, years=range(2026, 2027), language="fr")[dt.date(2026, 7, 14)]
    'Fête nationale'
    """
    if len(years) > _MOST_YEARS_KEPT:  # dates from a broken clock: not worth a file a year
        return dict(sorted(_look_up(country, subdiv, list(years), language).items()))
    found: dict[dt.date, str] = {}
    missing: list[int] = []
    for year in years:
        kept = _read_year(_year_file(country, subdiv, language, year), year)
        if kept is None:
            missing.append(year)
        else:
            found |= kept
    if missing:
        looked_up = _look_up(country, subdiv, missing, language)
        found |= looked_up
        for year in missing:
            days = {
                day.isoformat(): name for day, name in sorted(looked_up.items()) if day.year == year
            }
            keep(_year_file(country, subdiv, language, year), json.dumps(days, ensure_ascii=False))
    return dict(sorted(found.items()))
