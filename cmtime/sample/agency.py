"""A synthetic agency for the agency view (``cmtime sample --agency``, issue #31).

Two years (the year before ``year`` and ``year``) of a five-person community-management
agency, as one Toggl CSV and its ``cmtime.toml``:

- a part-timer (Marc: Monday, Tuesday and Thursday) with his own ``hours``;
- public holidays (France) and each person's own ``days_off`` (two weeks in August, the
  week between Christmas and New Year);
- one person overloaded in the autumn of ``year`` (Sofia: evenings and Saturday mornings
  from September to November, on top of her days);
- one client under water (Café Lune: its fee is below what its hours cost).

Built day by day with a small Python loop drawing only ``random.Random.random()``, so a
seed gives the same files on every machine. The committed sample (``data/sample``) keeps
its three people; this one is written on request.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import holidays
import polars as pl

__all__ = ["AGENCY_CLIENTS", "AGENCY_PEOPLE", "agency_rows", "write_agency_sample"]

_Ranges = tuple[tuple[str, str], ...]
_DAY: _Ranges = (("09:00", "12:30"), ("13:30", "18:00"))
_PART: _Ranges = (("09:00", "12:30"), ("13:30", "17:00"))


@dataclass(frozen=True)
class _Member:
    name: str
    email: str
    cost_rate: float
    #: weekday index (0 = Monday) -> working ranges
    week: dict[int, _Ranges]
    #: the share of the working ranges logged
    busy: float


_FULL = dict.fromkeys(range(4), _DAY) | {4: (("09:00", "12:30"), ("13:30", "17:00"))}

AGENCY_PEOPLE = (
    _Member("Inès Garnier", "ines@example.fr", 38.0, _FULL, 0.85),
    _Member("Marc Lefèvre", "marc@example.fr", 30.0, dict.fromkeys((0, 1, 3), _PART), 0.9),
    _Member("Sofia Rossi", "sofia@example.fr", 34.0, _FULL, 0.9),
    _Member("Tom Bernard", "tom@example.fr", 28.0, _FULL, 0.8),
    _Member("Jade Moreau", "jade@example.fr", 32.0, _FULL, 0.85),
)
#: client -> (monthly fee, weight of its share of the team's blocks, what is done for it)
AGENCY_CLIENTS: dict[str | None, tuple[float | None, float, tuple[str, ...]]] = {
    "Maison Vert": (9000.0, 0.30, ("Stratégie éditoriale", "Publication Instagram", "Réunion client")),
    "Atelier Brique": (6500.0, 0.22, ("Création visuels", "Publication LinkedIn", "Reporting mensuel")),
    "Cabinet Roux": (5000.0, 0.15, ("Veille juridique réseaux", "Rédaction newsletter", "Réunion client")),
    "Studio Onde": (4000.0, 0.12, ("Tournage vidéo", "Montage vidéo", "Modération des commentaires")),
    "Café Lune": (1500.0, 0.08, ("Publication Instagram", "Modération des commentaires", "Retouches photo")),
    None: (None, 0.13, ("Administration interne", "Formation", "Veille")),
}
_OVERLOADED = "Sofia Rossi"


def _days_off(year: int) -> list[dt.date]:
    """Two weeks from the first Monday of August, and 24-31 December, of ``year``."""
    first = dt.date(year, 8, 1)
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    august = [monday + dt.timedelta(days=i) for i in range(14)]
    return [*august, *(dt.date(year, 12, d) for d in range(24, 32))]


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def agency_rows(*, seed: int = 7, year: int = 2026) -> pl.DataFrame:
    """The agency's blocks over ``year - 1`` and ``year``, one row per block (Toggl columns)."""
    rng = random.Random(seed)
    names = list(AGENCY_CLIENTS)
    weights = [AGENCY_CLIENTS[c][1] for c in names]
    public = holidays.country_holidays("FR", years=range(year - 1, year + 1))
    rows: list[tuple[str, str, str, str, dt.datetime, int]] = []

    def pick() -> str | None:
        x, acc = rng.random() * sum(weights), 0.0
        for name, w in zip(names, weights, strict=True):
            acc += w
            if x < acc:
                return name
        return names[-1]

    def block(person: _Member, day: dt.date, start: int, minutes: int) -> None:
        client = pick()
        tasks = AGENCY_CLIENTS[client][2]
        task = tasks[int(rng.random() * len(tasks))]
        at = dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=start)
        rows.append((person.name, person.email, client or "", task, at, minutes))

    day = dt.date(year - 1, 1, 1)
    off = set(_days_off(year - 1)) | set(_days_off(year))
    while day <= dt.date(year, 12, 31):
        for person in AGENCY_PEOPLE:
            ranges = person.week.get(day.weekday(), ())
            if ranges and day not in public and day not in off:
                for a, b in ranges:
                    t, end = _minutes(a), _minutes(b)
                    while end - t >= 30:  # blocks of 30 min to 2 h, some time left unlogged
                        length = min(end - t, 30 * (1 + int(rng.random() * 4)))
                        if rng.random() < person.busy:
                            block(person, day, t, length)
                        t += length
            autumn = person.name == _OVERLOADED and day.year == year and 9 <= day.month <= 11
            if autumn and day not in public and day not in off:
                if day.weekday() < 5:
                    block(person, day, 18 * 60 + 30, 120 + 30 * int(rng.random() * 3))  # evenings
                elif day.weekday() == 5:
                    block(person, day, 9 * 60 + 30, 180)  # Saturday mornings
        day += dt.timedelta(days=1)
    starts = [r[4] for r in rows]
    ends = [s + dt.timedelta(minutes=r[5]) for s, r in zip(starts, rows, strict=True)]
    return pl.DataFrame(
        {
            "User": [r[0] for r in rows],
            "Email": [r[1] for r in rows],
            "Client": [r[2] for r in rows],
            "Project": [("Interne" if not r[2] else "Réseaux sociaux") for r in rows],
            "Task": [""] * len(rows),
            "Description": [r[3] for r in rows],
            "Billable": [("No" if not r[2] else "Yes") for r in rows],
            "Start date": [s.strftime("%Y-%m-%d") for s in starts],
            "Start time": [s.strftime("%H:%M:%S") for s in starts],
            "End date": [e.strftime("%Y-%m-%d") for e in ends],
            "End time": [e.strftime("%H:%M:%S") for e in ends],
            "Duration": [f"{r[5] // 60:02d}:{r[5] % 60:02d}:00" for r in rows],
            "Tags": [""] * len(rows),
            "Amount (EUR)": [""] * len(rows),
        }
    )


def _toml(year: int) -> str:
    days = ", ".join(f'"{d.isoformat()}"' for d in [*_days_off(year - 1), *_days_off(year)])
    lines = [
        "# cmtime: a synthetic five-person agency (cmtime sample --agency), two years.",
        'timezone = "Europe/Paris"',
        'language = "fr"',
        'currency = "EUR"',
        "target_rate = 75.0",
        "target_margin = 0.3",
        'person = "Inès Garnier"',
        f'as_of = "{year}-12-31"',
        "",
        "[holidays]",
        'country = "FR"',
        "",
        "[people]",
    ]
    for p in AGENCY_PEOPLE:
        own = ""
        if p.week is not _FULL:
            week = ", ".join(
                f"{('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')[d]} = [{', '.join(f'{chr(34)}{a}-{b}{chr(34)}' for a, b in r)}]"
                for d, r in sorted(p.week.items())
            )
            own = f", hours = {{ {week} }}"
        lines.append(f'"{p.name}" = {{ cost_rate = {p.cost_rate}, days_off = [{days}]{own} }}')
    for client, (fee, _, _) in AGENCY_CLIENTS.items():
        if client is not None:
            lines += ["", f'[clients."{client}"]', f"monthly_fee = {fee}", "offhours_premium = 0.25", f'start = "{year - 1}-01-01"']
    return "\n".join(lines) + "\n"


def write_agency_sample(out_dir: str | Path, *, seed: int = 7, year: int = 2026) -> list[Path]:
    """Write ``toggl_agency_{year-1}_{year}.csv`` and ``cmtime.toml`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv = out / f"toggl_agency_{year - 1}_{year}.csv"
    agency_rows(seed=seed, year=year).write_csv(csv)
    toml = out / "cmtime.toml"
    toml.write_text(_toml(year), encoding="utf-8")
    return [csv, toml]
