"""What `cmtime init` proposes from the exports: the clients (names that are one client
grouped as aliases), the people, the period, the time zone and the holiday country.

Every figure is computed here; `cmtime.outputs.config_file` only writes it down.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from cmtime.config import Config, normalize_name
from cmtime.readers import Loaded

__all__ = [
    "LEGAL_SUFFIXES",
    "ClientFound",
    "Findings",
    "PersonFound",
    "alias_groups",
    "alias_key",
    "dropped_weekdays",
    "findings",
    "holiday_country",
    "system_timezone",
]

#: Company forms that trackers add or leave out (compared after accents and case are
#: removed and dotted initials joined: ``S.A.R.L.`` is ``sarl``, ``Ltée`` is ``ltee``).
LEGAL_SUFFIXES: Final = frozenset(
    {
        "sarl", "sas", "sasu", "sa", "eurl", "snc", "sci", "scop", "sca", "sel", "selarl",
        "ei", "eirl", "sprl", "srl", "scrl", "asbl", "inc", "incorporated", "llc", "llp",
        "ltd", "limited", "plc", "ltee", "corp", "corporation", "co", "cie", "gmbh", "ag",
        "kg", "ug", "bv", "nv", "oy", "ab", "as", "spa", "sl", "pty", "enr",
    }
)
_WORD = re.compile(r"[^\W_]+")


def alias_key(name: str) -> str:
    """The key under which names are one client: case, accents, punctuation, spacing and
    a legal form (SARL, SAS, Inc., Ltée, GmbH…) at either end left out.

    >>> alias_key("Boulangerie Dupont SARL") == alias_key("boulangerie-dupont") == alias_key("S.A.R.L. Boulangerie Dupont")
    True
    >>> alias_key("Café Lumière, Inc.") == alias_key("CAFE LUMIERE")
    True
    >>> alias_key("SAS")  # a name that is only a legal form stays itself
    'sas'
    """
    joined: list[str] = []
    initials = False  # the last word was built from single letters
    for w in _WORD.findall(normalize_name(name)):  # dotted or spaced initials: "s a r l" -> "sarl"
        if len(w) == 1 and initials:
            joined[-1] += w
        else:
            joined.append(w)
            initials = len(w) == 1
    core = list(joined)
    while len(core) > 1 and core[-1] in LEGAL_SUFFIXES:
        core.pop()
    while len(core) > 1 and core[0] in LEGAL_SUFFIXES:
        core.pop(0)
    return "".join(core) or normalize_name(name)


def alias_groups(hours: Mapping[str, float]) -> list[tuple[str, tuple[str, ...]]]:
    """Names that are one client, grouped: (the name with the most hours, the others sorted).

    Parameters
    ----------
    hours
        Each name as written in the data -> its hours (the canonical name of a group is
        its busiest spelling; ties go to the first in alphabetical order).

    Returns
    -------
    list
        One ``(name, aliases)`` per client, busiest group first.

    >>> alias_groups({"Dupont SARL": 3.0, "dupont": 10.0, "Vidal": 2.0})
    [('dupont', ('Dupont SARL',)), ('Vidal', ())]
    """
    groups: dict[str, list[str]] = {}
    for name in sorted(hours):
        groups.setdefault(alias_key(name), []).append(name)
    out = []
    for names in groups.values():
        ranked = sorted(names, key=lambda n: (-hours[n], n))
        out.append((ranked[0], tuple(sorted(ranked[1:]))))
    total = {n: sum(hours[a] for a in (n, *al)) for n, al in out}
    return sorted(out, key=lambda g: (-total[g[0]], g[0]))


@dataclass(frozen=True)
class ClientFound:
    """A client of the exports: its name, the other spellings of it, its hours."""

    name: str
    aliases: tuple[str, ...]
    effort_h: float
    wait_h: float


@dataclass(frozen=True)
class PersonFound:
    """A person of the exports and their effort hours."""

    name: str
    effort_h: float


@dataclass(frozen=True)
class Findings:
    """What the exports hold, for a first config."""

    clients: tuple[ClientFound, ...]
    people: tuple[PersonFound, ...]
    first: dt.date | None
    last: dt.date | None
    entries: int
    files: tuple[str, ...]
    #: effort hours logged with no client
    no_client_h: float


def findings(loaded: Loaded) -> Findings:
    """The clients (aliases grouped by `alias_key`), people and period of ``loaded``."""
    from cmtime.analysis.checks import classified_readings, client_names

    classified = classified_readings(loaded)
    names = client_names(loaded, classified=classified)
    written = names.filter(pl.col("written").is_not_null())
    hours = {w: e + h for w, e, h in written.select("written", "effort_h", "wait_h").iter_rows()}
    effort = dict(written.select("written", "effort_h").iter_rows())
    wait = dict(written.select("written", "wait_h").iter_rows())
    groups = [
        ClientFound(
            name=name,
            aliases=aliases,
            effort_h=sum(effort[n] for n in (name, *aliases)),
            wait_h=sum(wait[n] for n in (name, *aliases)),
        )
        for name, aliases in alias_groups(hours)
    ]
    clients = tuple(sorted(groups, key=lambda c: (-c.effort_h, c.name)))  # most work first
    no_client = names.filter(pl.col("written").is_null())["effort_h"].sum()
    stored = loaded.stored
    people = (  # the blocks read, before de-duplication across files, as `client_names`
        classified.lazy()
        .filter(pl.col("kind") != "wait")
        .group_by("person")
        .agg(effort_h=pl.col("duration").sum().dt.total_seconds() / 3600)
        .sort(["effort_h", "person"], descending=[True, False])
        .collect()
    )
    first, last = (stored["date"].min(), stored["date"].max()) if stored.height else (None, None)
    return Findings(
        clients=clients,
        people=tuple(PersonFound(p, h) for p, h in people.iter_rows()),
        first=first,  # type: ignore[arg-type]
        last=last,  # type: ignore[arg-type]
        entries=stored.height,
        files=tuple(r.path for r in loaded.readings),
        no_client_h=float(no_client or 0.0),
    )


#: The usual zone of a country, for a system that says only UTC.
_ZONES: Final = {
    "FR": "Europe/Paris", "BE": "Europe/Brussels", "CH": "Europe/Zurich", "LU": "Europe/Luxembourg",
    "MC": "Europe/Monaco", "CA": "America/Toronto", "US": "America/New_York", "GB": "Europe/London",
    "IE": "Europe/Dublin", "DE": "Europe/Berlin", "ES": "Europe/Madrid", "IT": "Europe/Rome",
    "PT": "Europe/Lisbon", "NL": "Europe/Amsterdam", "MA": "Africa/Casablanca", "TN": "Africa/Tunis",
    "SN": "Africa/Dakar", "CI": "Africa/Abidjan", "RE": "Indian/Reunion", "AU": "Australia/Sydney",
}


def system_timezone(environ: Mapping[str, str], country: str | None, *, localtime: Path = Path("/etc/localtime")) -> str:
    """The IANA zone to read exports in: ``TZ``, else the system's ``/etc/localtime``
    link, unless it is only UTC, then the usual zone of the locale's country, else the
    built-in default (Europe/Paris).

    >>> system_timezone({"TZ": "America/Montreal"}, "FR")
    'America/Montreal'
    >>> system_timezone({"TZ": "UTC"}, "BE", localtime=Path("/nonexistent"))
    'Europe/Brussels'
    """
    from zoneinfo import available_timezones

    known = available_timezones()
    candidates = [environ.get("TZ", "").lstrip(":")]
    try:
        target = str(localtime.resolve()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for zone in candidates:
        if zone in known and zone not in ("UTC", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Zulu"):
            return zone
    return _ZONES.get(country or "", Config.timezone)


def holiday_country(country: str | None, language: str) -> tuple[str, str]:
    """(country, subdivision) for public holidays: the locale's country when `holidays`
    knows it (Québec for French Canada), else the built-in default (France).

    >>> holiday_country("CA", "fr"), holiday_country("ZZ", "en"), holiday_country(None, "en")
    (('CA', 'QC'), ('FR', ''), ('FR', ''))
    """
    from holidays.registry import EntityLoader

    if country and country in set(EntityLoader.get_country_codes()):
        return country, "QC" if (country, language) == ("CA", "fr") else ""
    return Config.country, ""



def dropped_weekdays(config: Config) -> tuple[int, ...]:
    """The weekdays from Monday to Friday (0-4) that a config file's ``[hours]`` leaves out,
    so that they count as days off (every hour on them off-hours); none for the defaults.

    >>> from cmtime.config import config_from_dict
    >>> dropped_weekdays(config_from_dict({"hours": {"mon": ["09:00-17:00"], "fri": ["09:00-12:00"]}}))
    (1, 2, 3)
    >>> dropped_weekdays(Config())
    ()
    """
    return tuple(day for day in range(5) if not config.hours[day])
