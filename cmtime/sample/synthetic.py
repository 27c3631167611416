"""Deterministic synthetic time logs: a believable freelance year, or N rows for benchmarks.

Two modes, both pure functions of ``seed`` and ``year``:

- the **demo year** (``entries=None``): Camille Martin, a freelance community manager in
  France, and five clients with distinct habits (a slow validator, a restaurant that pulls
  work into evenings and weekends, a studio that asks for revision after revision, an easy
  bookshop, a law firm signed on 1 September), whose profiles are data in
  ``profiles.toml`` beside this module. Built day by day with a small Python loop;
  it draws only ``random.Random.random()``, whose sequence Python guarantees across
  versions, so the committed sample regenerates byte for byte;
- the **bulk mode** (``entries=N``): exactly N rows for an agency of ``ceil(N / 5000)``
  people, built with numpy arrays and polars expressions (no loop per row).

Wait rows (tag ``attente``) span from the ask to the client's answer, often days: they
are elapsed time, never effort. Every other block is shorter than a day and no two
effort blocks of one person overlap.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

import holidays
import numpy as np
import polars as pl

__all__ = [
    "NATIVE_HEADER",
    "SAMPLE_SCHEMA",
    "TEAM",
    "TOGGL_HEADER",
    "SampleFormat",
    "config_text",
    "generate",
    "split_ledger",
    "team",
    "write_config",
    "write_native",
    "write_sample",
    "write_toggl",
    "write_waits",
]

SampleFormat = Literal["toggl", "cmtime"]

TIMEZONE = "Europe/Paris"
PERSON = "Camille Martin"
EMAIL = "camille.martin@example.fr"

#: Columns of the frame `generate` returns (local wall times, naive).
SAMPLE_SCHEMA: dict[str, pl.DataType] = {
    "person": pl.String(),
    "email": pl.String(),
    "client": pl.String(),
    "project": pl.String(),
    "task": pl.String(),
    "description": pl.String(),
    "billable": pl.Boolean(),
    "tags": pl.List(pl.String()),
    "start_local": pl.Datetime("us"),
    "end_local": pl.Datetime("us"),
    "duration": pl.Duration("us"),
}

#: The Toggl Track detailed CSV header (legacy layout, with the amount column).
TOGGL_HEADER = (
    "User",
    "Email",
    "Client",
    "Project",
    "Task",
    "Description",
    "Billable",
    "Start date",
    "Start time",
    "End date",
    "End time",
    "Duration",
    "Tags",
    "Amount (EUR)",
)

#: The native cmtime CSV header.
NATIVE_HEADER = ("start", "end", "client", "project", "description", "tags")

# --------------------------------------------------------------------------- activities

#: Activity -> kind, the ground truth the classifier should find.
_KIND: dict[str, str] = {
    "publishing": "visible",
    "community": "visible",
    "meeting": "visible",
    "reporting": "hidden",  # DESIGN.md: reporting is hidden work
    "strategy": "hidden",
    "planning": "hidden",
    "creation": "hidden",
    "revisions": "hidden",
    "monitoring": "hidden",
    "admin": "hidden",
    "chasing": "hidden",
    "training": "hidden",
    "waiting_validation": "wait",
    "waiting_assets": "wait",
    "waiting_answer": "wait",
}

_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "publishing": (
        "Publication Instagram",
        "Programmation posts LinkedIn",
        "Publication Facebook",
        "Publication LinkedIn",
        "Stories Instagram",
        "Programmation Meta Business Suite",
        "Publication Reel",
    ),
    "community": (
        "Modération commentaires",
        "Réponses DM",
        "Réponses avis Google",
        "Animation communauté",
    ),
    "meeting": ("Point mensuel client", "Visio", "Point téléphonique"),
    "reporting": ("Reporting mensuel", "Analyse statistiques Instagram", "Bilan trimestriel"),
    "strategy": ("Stratégie éditoriale", "Recommandations stratégiques", "Audit des comptes"),
    "planning": ("Calendrier éditorial", "Planning des publications"),
    "creation": (
        "Création visuels Canva",
        "Rédaction légendes",
        "Montage Reel",
        "Shooting photo",
        "Rédaction article LinkedIn",
    ),
    "revisions": ("Révisions visuels V2", "Révisions visuels V3", "Corrections légendes"),
    "monitoring": ("Veille concurrentielle", "Veille tendances", "Veille hashtags"),
    "admin": ("Facturation", "Devis", "Comptabilité", "Relevé d'heures"),
    "chasing": ("Relance validation", "Relance visuels", "Relance devis"),
    "training": ("Formation Meta Ads", "Webinaire algorithme Instagram"),
    "waiting_validation": (
        "Attente validation calendrier",
        "Attente validation post",
        "Attente retours V1",
    ),
    "waiting_assets": (
        "Attente visuels client",
        "Attente photos produits",
        "Attente infos événement",
    ),
    "waiting_answer": ("Attente réponse devis", "Attente réponse client"),
}

#: Typical length of a block, in minutes (low, high).
_MINUTES: dict[str, tuple[int, int]] = {
    "publishing": (10, 40),
    "community": (15, 45),
    "meeting": (30, 90),
    "reporting": (60, 120),
    "strategy": (45, 150),
    "planning": (45, 120),
    "creation": (30, 120),
    "revisions": (30, 90),
    "monitoring": (20, 60),
    "admin": (15, 45),
    "chasing": (5, 15),
    "training": (60, 150),
}

_TOPIC_TAG = {
    "strategy": "stratégie",
    "creation": "canva",
    "publishing": "instagram",
    "planning": "calendrier",
    "monitoring": "veille",
}

_URGENT = (
    "Publication urgente",
    "Story urgente changement de menu",
    "Annonce fermeture exceptionnelle",
    "Réponse urgente avis négatif",
)

_MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


# --------------------------------------------------------------------------- demo clients


@dataclass(frozen=True)
class _Habit:
    """How one demo client behaves."""

    name: str
    typed: tuple[str, ...]  # other spellings used in the tracker
    aliases: tuple[str, ...]  # what the config lists
    projects: tuple[str, ...]
    weight: float  # share of the daytime work
    mix: dict[str, float]  # activity weights for daytime work
    answer_days: tuple[float, float]  # how long the client takes to answer
    open_days: frozenset[int]  # weekdays the client answers on
    chase_every: int  # workdays between chasing e-mails while waiting (0: never)
    early: float  # weight for 07:30-09:00 posts
    lunch: float  # weight for 12:00-14:00 moderation
    evening: float  # chance of an evening block on a workday
    networks: tuple[str, ...]
    # topic -> the months it fits (every month if empty)
    topics: dict[str, tuple[int, ...]] = field(default_factory=dict)
    fee: float = 0.0
    included: float = 0.0
    premium: float = 0.25
    since: str = ""  # contract start, "{year}" is replaced
    until: str = ""
    starts_sep: bool = False  # signed on 1 September of the demo year
    extra: dict[str, float] = field(default_factory=dict)  # follow-up odds per activity
    #: the frame of the mission's terms, written as they are into cmtime.toml
    terms: dict[str, str | int] = field(default_factory=dict)


#: The demo clients' data, in the order of the draws (see the file's header).
PROFILES = Path(__file__).with_name("profiles.toml")

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _load_profiles(path: Path = PROFILES) -> dict[str, _Habit]:
    """The demo clients of ``path`` by key (``dupont``...), in file order."""
    with path.open("rb") as f:
        tables = tomllib.load(f)["clients"]
    out: dict[str, _Habit] = {}
    for key, t in tables.items():
        lo, hi = t["answer_days"]
        out[key] = _Habit(
            name=t["name"],
            typed=tuple(t["typed"]),
            aliases=tuple(t["aliases"]),
            projects=tuple(t["projects"]),
            weight=t["weight"],
            mix=dict(t["mix"]),
            answer_days=(lo, hi),
            open_days=frozenset(_WEEKDAYS.index(d) for d in t["open_days"]),
            chase_every=t["chase_every"],
            early=t["early"],
            lunch=t["lunch"],
            evening=t["evening"],
            networks=tuple(t["networks"]),
            topics={topic: tuple(months) for topic, months in t["topics"].items()},
            fee=t["fee"],
            included=t["included"],
            premium=t["premium"],
            since=t.get("since", ""),
            until=t.get("until", ""),
            starts_sep=t.get("starts_sep", False),
            extra=dict(t.get("extra", {})),
            terms=dict(t.get("terms", {})),
        )
    return out


_PROFILES = _load_profiles()
# The generator gives some clients habits of their own (Lumen's revision rounds, the
# Comptoir's evenings, Morel's launch in September): it names them here.
_DUPONT = _PROFILES["dupont"]
_COMPTOIR = _PROFILES["comptoir"]
_LUMEN = _PROFILES["lumen"]
_PAGE_BLANCHE = _PROFILES["page_blanche"]
_MOREL = _PROFILES["morel"]
_CLIENTS: tuple[_Habit, ...] = tuple(_PROFILES.values())


# --------------------------------------------------------------------------- randomness


class _Rand:
    """Seeded draws built only on ``random.Random.random()`` (stable across Pythons)."""

    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def random(self) -> float:
        return self._r.random()

    def chance(self, p: float) -> bool:
        return self._r.random() < p

    def uniform(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self._r.random()

    def int(self, lo: int, hi: int) -> int:
        """An integer in ``[lo, hi]``."""
        return lo + min(int(self._r.random() * (hi - lo + 1)), hi - lo)

    def pick(self, items: Sequence[str]) -> str:
        return items[self.int(0, len(items) - 1)]

    def pick_hour(self, *ranges: tuple[float, float]) -> float:
        """A decimal hour in one of ``ranges``, chosen evenly."""
        lo, hi = ranges[self.int(0, len(ranges) - 1)]
        return self.uniform(lo, hi)

    def weighted(self, weights: dict[str, float]) -> str:
        total = sum(weights.values())
        x = self._r.random() * total
        last = ""
        for key, w in weights.items():
            last = key
            if x < w:
                return key
            x -= w
        return last


# --------------------------------------------------------------------------- calendar


def _french_holidays(years: Sequence[int]) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FR", years=list(years)).keys())


@dataclass(frozen=True)
class _Calendar:
    """Camille's year: public holidays, two weeks off in August, two personal days."""

    year: int
    public: frozenset[dt.date]
    vacation: tuple[dt.date, ...]
    personal: tuple[dt.date, ...]

    @classmethod
    def build(cls, year: int) -> _Calendar:
        public = _french_holidays([year, year + 1])
        aug1 = dt.date(year, 8, 1)
        monday = aug1 + dt.timedelta(days=(7 - aug1.weekday()) % 7)
        vacation = tuple(monday + dt.timedelta(days=i) for i in range(14))
        easter_monday = min(d for d in public if d.year == year and d.month in (3, 4))
        bridge = easter_monday + dt.timedelta(days=39)  # Friday after Ascension
        eve = dt.date(year, 12, 24)
        personal: list[dt.date] = []
        for day in (bridge, eve):
            while day.weekday() >= 5 or day in public or day in vacation or day in personal:
                day -= dt.timedelta(days=1)
            personal.append(day)
        return cls(year, public, vacation, tuple(personal))

    def is_workday(self, day: dt.date) -> bool:
        return (
            day.weekday() < 5
            and day not in self.public
            and day not in self.vacation
            and day not in self.personal
        )

    def next_workday(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        for _ in range(n):
            day = self.next_workday(day + dt.timedelta(days=1))
        return day

    def workdays_of(self, month: int) -> list[dt.date]:
        day = dt.date(self.year, month, 1)
        out: list[dt.date] = []
        while day.month == month:
            if self.is_workday(day):
                out.append(day)
            day += dt.timedelta(days=1)
        return out

    def days_off(self) -> list[dt.date]:
        """Personal days off for the config: vacation weekdays and the two personal days."""
        off = [d for d in self.vacation if d.weekday() < 5 and d not in self.public]
        return sorted([*off, *self.personal])


# --------------------------------------------------------------------------- demo year


@dataclass
class _Task:
    client: _Habit | None
    activity: str
    description: str
    minutes: int
    follow: str | None = None  # what the client is asked for at the end of the block
    version: int = 1
    tags: tuple[str, ...] = ()
    project: str | None = None


@dataclass(frozen=True)
class _Row:
    client: str | None
    project: str
    task: str
    description: str
    billable: bool
    tags: tuple[str, ...]
    start: dt.datetime
    end: dt.datetime
    activity: str


_NETWORK_WORDS = {
    "Instagram": "Instagram",
    "Reel": "Instagram",
    "Facebook": "Facebook",
    "Meta": "Facebook",
    "LinkedIn": "LinkedIn",
}


def _fits(description: str, networks: Sequence[str]) -> bool:
    """True unless ``description`` names a network the client is not on."""
    named = {net for word, net in _NETWORK_WORDS.items() if word in description}
    return not named or bool(named & set(networks))


def _at(day: dt.date, hhmm: float) -> dt.datetime:
    """``day`` at a decimal hour, e.g. 9.5 -> 09:30."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=round(hhmm * 60))


class _DemoYear:
    """Builds the demo rows day by day (a modest loop per day, a few per block)."""

    def __init__(self, seed: int, year: int) -> None:
        self.r = _Rand(seed)
        self.year = year
        self.cal = _Calendar.build(year)
        self.plan: dict[dt.date, list[_Task]] = defaultdict(list)
        self.rows: list[_Row] = []

    # ---- helpers

    def active(self, day: dt.date) -> list[_Habit]:
        return [c for c in _CLIENTS if not c.starts_sep or day >= dt.date(self.year, 9, 1)]

    def typed(self, client: _Habit | None) -> str | None:
        if client is None:
            return None
        return client.name if self.r.chance(0.8) else self.r.pick(client.typed)

    def project(self, client: _Habit | None, activity: str) -> str:
        if client is None:
            return "Formation" if activity == "training" else "Administratif"
        if self.r.chance(0.7):
            return client.projects[0]
        return self.r.pick(client.projects)

    def describe(self, client: _Habit | None, activity: str, day: dt.date) -> str:
        choices = _DESCRIPTIONS[activity]
        if client is not None:
            choices = tuple(d for d in choices if _fits(d, client.networks)) or choices
        text = self.r.pick(choices)
        if activity in {"publishing", "creation"} and client is not None and self.r.chance(0.3):
            topics = [t for t, months in client.topics.items() if not months or day.month in months]
            if topics:
                text = f"{text} - {self.r.pick(topics)}"
        if activity == "planning" and self.r.chance(0.5):
            text = f"{text} {_MONTHS_FR[day.month % 12]}"
        return text

    def minutes(self, activity: str) -> int:
        lo, hi = _MINUTES[activity]
        return self.r.int(lo, hi)

    def tags_for(self, activity: str) -> tuple[str, ...]:
        x = self.r.random()
        kind = _KIND[activity]
        if x < 0.05:
            return (kind,)
        if x < 0.08 and activity in _TOPIC_TAG:
            return (kind, _TOPIC_TAG[activity])
        if x < 0.10 and activity in _TOPIC_TAG:
            return (_TOPIC_TAG[activity],)
        return ()

    def random_task(self, day: dt.date) -> _Task:
        if self.r.chance(0.04):
            activity = "training" if self.r.chance(0.3) else "admin"
            return _Task(
                None, activity, self.r.pick(_DESCRIPTIONS[activity]), self.minutes(activity)
            )
        clients = self.active(day)
        name = self.r.weighted({c.name: c.weight for c in clients})
        client = next(c for c in clients if c.name == name)
        activity = self.r.weighted(client.mix)
        follow = None
        if self.r.chance(client.extra.get(activity, 0.0)):
            follow = {
                "Studio Lumen": "feedback",
                "Boulangerie Dupont": "assets",
                "Le Comptoir des Halles": "assets",
                "Cabinet Morel": "legal",
            }.get(client.name, "post")
        description = self.describe(client, activity, day)
        if activity == "revisions" and client is _LUMEN:
            description = f"Révisions visuels V{self.r.int(2, 4)}"
        return _Task(client, activity, description, self.minutes(activity), follow=follow)

    def catch_up(self, day: dt.date, activities: Sequence[str]) -> _Task:
        """Hidden work done late or on a Sunday for some client."""
        clients = self.active(day)
        name = self.r.weighted({c.name: c.weight for c in clients})
        client = next(c for c in clients if c.name == name)
        activity = self.r.pick(activities)
        return _Task(client, activity, self.describe(client, activity, day), 0)

    def emit(self, task: _Task, start: dt.datetime, end: dt.datetime) -> None:
        """Record one block; a block that asks the client something opens a wait."""
        tags = task.tags or self.tags_for(task.activity)
        client = task.client
        project = task.project or self.project(client, task.activity)
        billable = client is not None and _KIND[task.activity] != "wait"
        task_name = ""
        if client is _LUMEN and task.activity in {"creation", "revisions"}:
            if 3 <= start.month <= 5:
                task_name = "Campagne printemps"
            elif 9 <= start.month <= 11:
                task_name = "Campagne automne"
        self.rows.append(
            _Row(
                client=self.typed(client),
                project=project,
                task=task_name,
                description=task.description,
                billable=billable,
                tags=tags,
                start=start,
                end=end,
                activity=task.activity,
            )
        )
        if task.follow and client is not None:
            self.ask(task, client, end, project)

    # ---- waits and what follows them

    def answer_time(self, client: _Habit, ask: dt.datetime) -> dt.datetime:
        lo, hi = client.answer_days
        t = ask + dt.timedelta(days=self.r.uniform(lo, hi))
        for _ in range(10):
            hour = t.hour + t.minute / 60
            if t.weekday() in client.open_days and 8.5 <= hour <= 19.5:
                break
            if t.weekday() in client.open_days and hour < 8.5:
                t = _at(t.date(), self.r.uniform(8.5, 10.5))
            else:
                t = _at(t.date() + dt.timedelta(days=1), self.r.uniform(8.5, 10.5))
        return t.replace(second=0, microsecond=0)

    def ask(self, task: _Task, client: _Habit, ask: dt.datetime, project: str) -> None:
        """Open a wait from ``ask`` to the client's answer; plan chasing and the follow-up."""
        follow = task.follow
        net = self.r.pick(client.networks)
        then: _Task | None
        if follow == "calendar":
            wait = ("waiting_validation", "Attente validation calendrier")
            then = _Task(client, "publishing", f"Programmation posts {net}", self.r.int(45, 90))
        elif follow == "feedback":
            wait = ("waiting_validation", f"Attente retours V{task.version}")
            then = None
            if task.version == 1 or self.r.chance(0.65 if task.version == 2 else 0.3):
                v = task.version + 1
                then = _Task(
                    client,
                    "revisions",
                    f"Révisions visuels V{v}",
                    self.r.int(30, 90),
                    "feedback",
                    v,
                )
        elif follow == "assets":
            what = "Attente infos événement" if client is _COMPTOIR else "Attente photos produits"
            wait = ("waiting_assets", self.r.pick((what, "Attente visuels client")))
            then = _Task(client, "creation", "Création visuels Canva", self.r.int(45, 120))
        elif follow == "quote":
            wait = ("waiting_answer", "Attente réponse devis")
            then = _Task(client, "meeting", "Visio lancement projet", self.r.int(30, 60))
        elif follow == "legal":
            wait = ("waiting_validation", "Attente validation associés")
            then = _Task(client, "publishing", "Programmation posts LinkedIn", self.r.int(20, 45))
        else:
            wait = ("waiting_validation", "Attente validation post")
            then = _Task(client, "publishing", f"Publication {net}", self.r.int(10, 25))
        answer = self.answer_time(client, ask)
        self.emit(
            _Task(client, wait[0], wait[1], 0, tags=("attente",), project=project),
            ask,
            answer,
        )
        # chasing e-mails while the client keeps us waiting
        every = client.chase_every or (4 if answer - ask > dt.timedelta(days=4) else 0)
        if every:
            day = self.cal.add_workdays(ask.date(), every)
            while day < answer.date():
                desc = "Relance visuels" if wait[0] == "waiting_assets" else "Relance validation"
                if follow == "quote":
                    desc = "Relance devis"
                self.plan[day].append(_Task(client, "chasing", desc, self.r.int(5, 15)))
                day = self.cal.add_workdays(day, every)
        if then is not None:
            then.project = project
            self.plan[self.cal.next_workday(answer.date() + dt.timedelta(days=1))].append(then)

    # ---- the year

    def schedule(self) -> None:
        """Monthly rituals: reporting, client meeting, editorial calendar, invoicing."""
        r, cal = self.r, self.cal
        for month in range(1, 13):
            days = cal.workdays_of(month)
            if not days:
                continue

            def nth(k: int, days: list[dt.date] = days) -> dt.date:
                return days[min(k, len(days) - 1)]

            for c in self.active(dt.date(self.year, month, 28)):
                new = c.starts_sep and month == 9
                if not new:
                    self.plan[nth(r.int(1, 3))].append(
                        _Task(c, "reporting", "Reporting mensuel", r.int(60, 120))
                    )
                    self.plan[nth(r.int(3, 8))].append(
                        _Task(
                            c, "meeting", r.pick(("Point mensuel client", "Visio")), r.int(40, 75)
                        )
                    )
                if c is not _PAGE_BLANCHE or month % 3 == 1:
                    label = f"Calendrier éditorial {_MONTHS_FR[month % 12]}"
                    self.plan[nth(r.int(12, 17))].append(
                        _Task(c, "planning", label, r.int(75, 150), "calendar")
                    )
                if month in (1, 4, 9):
                    self.plan[nth(r.int(4, 10))].append(
                        _Task(c, "strategy", "Stratégie éditoriale", r.int(90, 180))
                    )
            self.plan[days[-1]].append(_Task(None, "admin", "Facturation", r.int(30, 50)))
            if month in (3, 10):
                self.plan[nth(r.int(5, 12))].append(
                    _Task(None, "training", r.pick(_DESCRIPTIONS["training"]), r.int(90, 180))
                )
        sep = cal.workdays_of(9)
        self.plan[sep[0]][:0] = [
            _Task(_MOREL, "meeting", "Réunion de lancement", 90),
            _Task(_MOREL, "strategy", "Audit des comptes", r.int(120, 180)),
        ]
        self.plan[sep[2]].append(_Task(_MOREL, "planning", "Charte éditoriale LinkedIn", 120))
        for client, month in ((_DUPONT, 10), (_LUMEN, 2), (_COMPTOIR, 5)):
            day = cal.workdays_of(month)[r.int(2, 10)]
            self.plan[day].append(_Task(client, "admin", "Devis", r.int(30, 60), "quote"))

    def fill(
        self, day: dt.date, start: dt.datetime, end: dt.datetime, pending: list[_Task]
    ) -> dt.datetime:
        """Fill ``[start, end)`` with blocks, pending tasks first; returns the last end."""
        r = self.r
        cursor = start
        last = start
        while end - cursor >= dt.timedelta(minutes=15):
            from_plan = bool(pending)
            task = pending.pop(0) if pending else self.random_task(day)
            manual = r.chance(0.7)
            if manual:
                cursor = _ceil5(cursor)
            else:
                cursor += dt.timedelta(seconds=r.int(0, 59))
            room = int((end - cursor).total_seconds() // 60)
            minutes = task.minutes
            if minutes > room:
                if from_plan:
                    pending.insert(0, task)
                    break
                minutes = room
            if manual:
                minutes = max(5, minutes - minutes % 5)
            length = dt.timedelta(minutes=minutes)
            if not manual:
                length += dt.timedelta(seconds=r.int(-50, 50))
            block_end = min(cursor + length, end)
            self.emit(task, cursor, block_end)
            last = block_end
            x = r.random()
            gap = r.int(0, 5) if x < 0.4 else r.int(5, 15) if x < 0.75 else r.int(15, 45)
            cursor = block_end + dt.timedelta(minutes=gap)
        return last

    def peak_task(self, day: dt.date, weight: str) -> _Task:
        clients = self.active(day)
        name = self.r.weighted({c.name: getattr(c, weight) for c in clients})
        client = next(c for c in clients if c.name == name)
        activity = "publishing" if self.r.chance(0.6) else "community"
        lo, hi = (10, 30) if activity == "publishing" else (10, 25)
        return _Task(client, activity, self.describe(client, activity, day), self.r.int(lo, hi))

    def workday(self, day: dt.date) -> None:
        r = self.r
        pending = self.plan.pop(day, [])
        am_start = _at(day, r.uniform(8.9, 9.3))
        pm_start = _at(day, r.uniform(13.45, 14.0))
        if day.weekday() == 4:
            day_end = _at(day, r.uniform(16.5, 17.75))
        elif r.chance(0.12):
            day_end = _at(day, r.uniform(18.8, 19.5))
        else:
            day_end = _at(day, r.uniform(17.6, 18.5))
        if r.chance(0.30):  # early audience
            t = self.peak_task(day, "early")
            t.minutes = min(t.minutes, 25)
            s = _at(day, r.uniform(7.5, 8.3))
            self.emit(t, s, s + dt.timedelta(minutes=t.minutes))
        self.fill(day, am_start, _at(day, 12.5), pending)
        if r.chance(0.30):  # lunch peak
            t = self.peak_task(day, "lunch")
            s = _at(day, r.uniform(12.6, 12.9))
            self.emit(
                t, s, min(s + dt.timedelta(minutes=t.minutes), pm_start - dt.timedelta(minutes=5))
            )
        last = self.fill(day, pm_start, day_end, pending)
        evening_start = max(last + dt.timedelta(minutes=25), _at(day, 18.75))
        comptoir = _COMPTOIR.evening * (1.3 if day.weekday() >= 3 else 0.7)
        if r.chance(comptoir):
            urgent = r.chance(0.25)
            activity = "community" if r.chance(0.55) else "publishing"
            desc = r.pick(_URGENT) if urgent else self.describe(_COMPTOIR, activity, day)
            t = _Task(_COMPTOIR, activity, desc, r.int(15, 45), tags=("urgent",) if urgent else ())
            s = max(evening_start, _at(day, r.uniform(19.0, 21.5)))
            self.emit(t, s, s + dt.timedelta(minutes=t.minutes))
            evening_start = s + dt.timedelta(minutes=t.minutes + 20)
        others = [c for c in self.active(day) if c is not _COMPTOIR]
        if r.chance(sum(c.evening for c in others)):
            t = self.peak_task(day, "evening")
            s = max(evening_start, _at(day, r.uniform(20.0, 21.5)))
            self.emit(t, s, s + dt.timedelta(minutes=t.minutes))
            evening_start = s + dt.timedelta(minutes=t.minutes + 20)
        if r.chance(0.05):  # catching up late on creative work
            t = self.catch_up(day, ("creation", "planning"))
            s = max(evening_start, _at(day, r.uniform(20.5, 21.25)))
            self.emit(t, s, s + dt.timedelta(minutes=r.int(40, 80)))
        if pending:
            nxt = self.cal.next_workday(day + dt.timedelta(days=1))
            self.plan[nxt][:0] = pending

    def offday(self, day: dt.date) -> None:
        r = self.r
        if day in self.cal.public or day in self.cal.vacation:
            return  # handled by urgent()
        if day.weekday() == 5 and r.chance(0.6):
            activity = "community" if r.chance(0.5) else "publishing"
            t = _Task(_COMPTOIR, activity, self.describe(_COMPTOIR, activity, day), r.int(15, 40))
            s = _at(day, r.uniform(19.0, 21.5))
            self.emit(t, s, s + dt.timedelta(minutes=t.minutes))
        if day.weekday() == 6 and r.chance(0.4):
            activity = "community" if r.chance(0.6) else "publishing"
            t = _Task(_COMPTOIR, activity, self.describe(_COMPTOIR, activity, day), r.int(15, 35))
            s = _at(day, r.pick_hour((11.0, 12.5), (18.5, 21.0)))
            self.emit(t, s, s + dt.timedelta(minutes=t.minutes))
        if day.weekday() == 5 and r.chance(0.08):  # book signing at the bookshop
            t = _Task(
                _PAGE_BLANCHE, "publishing", "Stories Instagram rencontre auteur", r.int(20, 40)
            )
            s = _at(day, r.uniform(15.0, 16.0))
            self.emit(t, s, s + dt.timedelta(minutes=t.minutes))
        if day.weekday() == 6 and r.chance(0.07) and day not in self.cal.personal:
            t = self.catch_up(day, ("planning", "creation", "strategy"))
            s = _at(day, r.uniform(14.0, 16.0))
            self.emit(t, s, s + dt.timedelta(minutes=r.int(60, 120)))

    def urgent(self, day: dt.date) -> None:
        r = self.r
        t = _Task(_COMPTOIR, "publishing", r.pick(_URGENT), r.int(10, 30), tags=("urgent",))
        s = _at(day, r.uniform(10.0, 20.0))
        self.emit(t, s, s + dt.timedelta(minutes=t.minutes))

    def run(self) -> list[_Row]:
        self.schedule()
        cal, r = self.cal, self.r
        vac = [d for d in cal.vacation if d.weekday() < 5]
        urgent_vacation = {vac[r.int(0, 4)], vac[r.int(5, len(vac) - 1)]}
        day = dt.date(self.year, 1, 1)
        while day.year == self.year:
            if cal.is_workday(day):
                self.workday(day)
            else:
                self.offday(day)
                if day in urgent_vacation or (
                    day in cal.public and day.month != 8 and r.chance(0.35)
                ):
                    self.urgent(day)
            day += dt.timedelta(days=1)
        return self.rows


def _ceil5(t: dt.datetime) -> dt.datetime:
    base = t.replace(second=0, microsecond=0)
    if base != t:
        base += dt.timedelta(minutes=1)
    return base + dt.timedelta(minutes=(-base.minute) % 5)


def _demo(seed: int, year: int) -> pl.DataFrame:
    """The demo year with the ground truth ``activity`` and ``kind`` columns."""
    rows = sorted(_DemoYear(seed, year).run(), key=lambda x: (x.start, x.end, x.description))
    return _frame([(PERSON, EMAIL, x) for x in rows], _KIND)


def _frame(rows: Sequence[tuple[str, str, _Row]], kinds: dict[str, str]) -> pl.DataFrame:
    """``(person, email, row)`` as `SAMPLE_SCHEMA` plus ``activity`` and ``kind`` (from
    ``kinds``, activity -> kind)."""
    frame = pl.DataFrame(
        {
            "person": [p for p, _, _ in rows],
            "email": [m for _, m, _ in rows],
            "client": [x.client for _, _, x in rows],
            "project": [x.project for _, _, x in rows],
            "task": [x.task for _, _, x in rows],
            "description": [x.description for _, _, x in rows],
            "billable": [x.billable for _, _, x in rows],
            "tags": [list(x.tags) for _, _, x in rows],
            "start_local": [x.start for _, _, x in rows],
            "end_local": [x.end for _, _, x in rows],
            "activity": [x.activity for _, _, x in rows],
        },
        schema={
            **{k: v for k, v in SAMPLE_SCHEMA.items() if k != "duration"},
            "activity": pl.String(),
        },
    )
    return _with_duration(frame).with_columns(
        kind=pl.col("activity").replace_strict(kinds, return_dtype=pl.String)
    )


def _with_duration(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the elapsed ``duration`` (true time, so a wait over a DST change is exact)."""

    def utc(col: str) -> pl.Expr:
        return pl.col(col).dt.replace_time_zone(TIMEZONE, ambiguous="earliest")

    return frame.with_columns(
        duration=(utc("end_local") - utc("start_local")).cast(pl.Duration("us"))
    ).select([*SAMPLE_SCHEMA, *(c for c in frame.columns if c not in SAMPLE_SCHEMA)])


# --------------------------------------------------------------------------- the team

#: Who helps Camille, what they cost per hour, and their e-mail (the margins of 04-pricing).
TEAM: tuple[tuple[str, str, float], ...] = (
    ("Léa Dubois", "lea.dubois@example.fr", 18.0),
    ("Hugo Petit", "hugo.petit@example.fr", 30.0),
)
#: Camille's own cost per hour.
PERSON_COST = 20.0

# Léa's vague entries: no rule classifies them (00-start-here lists them, `cmtime rules
# --suggest` proposes rules for the ones that repeat).
_VAGUE = ("Divers", "Suite d'hier", "Trucs à finir", "Voir avec Camille", "Notes en vrac")
_LEA_TASKS: dict[str, tuple[tuple[str, str, int, int], ...]] = {
    # client -> (description, activity, shortest, longest minutes)
    "comptoir": (
        ("Modération commentaires Instagram", "community", 20, 45),
        ("Réponses messages privés", "community", 15, 40),
        ("Veille avis Google", "monitoring", 15, 30),
        ("Création visuels Canva", "creation", 45, 90),
    ),
    "lumen": (
        ("Création visuels Canva", "creation", 45, 100),
        ("Montage Reels", "creation", 40, 90),
        ("Retouches photos", "creation", 30, 60),
    ),
}
# Hugo's shooting days: (month, client, subject); the next working day he edits the rushes.
_SHOOTS = (
    (1, "dupont", "galette des rois"),
    (3, "comptoir", "nouvelle carte de printemps"),
    (4, "lumen", "coulisses de l'atelier"),
    (6, "comptoir", "terrasse d'été"),
    (9, "morel", "portraits des associés"),
    (10, "lumen", "campagne d'automne"),
    (11, "dupont", "fournil de Noël"),
)


def _team(seed: int, year: int) -> pl.DataFrame:
    """Léa and Hugo's blocks for the demo year (`SAMPLE_SCHEMA` with ``activity`` and
    ``kind``), drawn from their own seed so that Camille's year does not change.

    Léa, a junior community manager, works Tuesday and Thursday afternoons from March for
    the Comptoir and Studio Lumen, and moderates the Comptoir's comments some Saturday
    evenings; a few of her entries are vague. Hugo, a videographer, films a morning a
    few times a year and edits the rushes the next working day (an evening export now
    and then). Neither works on public holidays nor during Camille's August break.
    """
    r = _Rand(seed * 1009 + 17)
    cal = _Calendar.build(year)
    rows: list[tuple[str, str, _Row]] = []
    lea, hugo = TEAM[0][:2], TEAM[1][:2]

    def add(
        who: tuple[str, str],
        client: _Habit,
        desc: str,
        activity: str,
        s: dt.datetime,
        e: dt.datetime,
    ) -> None:
        typed = client.name if r.chance(0.85) else client.typed[0]
        rows.append((*who, _Row(typed, client.projects[0], "", desc, True, (), s, e, activity)))

    day = dt.date(year, 3, 1)
    while day.year == year and day <= dt.date(year, 12, 18):
        if day.weekday() in (1, 3) and cal.is_workday(day):
            cursor = _at(day, r.uniform(13.9, 14.3))
            end = _at(day, r.uniform(17.3, 17.8))
            while end - cursor >= dt.timedelta(minutes=20):
                key = "comptoir" if r.chance(0.55) else "lumen"
                desc, activity, lo, hi = _LEA_TASKS[key][r.int(0, len(_LEA_TASKS[key]) - 1)]
                if r.chance(0.05):
                    desc, activity = r.pick(_VAGUE), "other"
                length = dt.timedelta(minutes=5 * (r.int(lo, hi) // 5))
                stop = min(cursor + length, end)
                add(lea, _PROFILES[key], desc, activity, cursor, stop)
                cursor = _ceil5(stop + dt.timedelta(minutes=r.int(0, 15)))
        if day.weekday() == 5 and day not in cal.vacation and r.chance(0.4):
            s = _at(day, r.uniform(18.5, 19.0))
            e = s + dt.timedelta(minutes=5 * r.int(5, 10))
            add(lea, _COMPTOIR, "Modération commentaires Instagram", "community", s, e)
        day += dt.timedelta(days=1)

    for month, key, subject in _SHOOTS:
        client = _PROFILES[key]
        shoot = cal.workdays_of(month)[r.int(3, 12)]
        s = _at(shoot, r.uniform(9.0, 9.75))
        add(
            hugo,
            client,
            f"Tournage vidéo {subject}",
            "creation",
            s,
            s + dt.timedelta(minutes=5 * r.int(30, 42)),
        )
        edit = cal.add_workdays(shoot, 1)
        s = _at(edit, r.uniform(9.25, 9.75))
        add(hugo, client, "Dérushage", "other", s, s + dt.timedelta(minutes=5 * r.int(12, 20)))
        s = _at(edit, r.uniform(13.75, 14.25))
        add(
            hugo,
            client,
            f"Montage vidéo {subject}",
            "creation",
            s,
            s + dt.timedelta(minutes=5 * r.int(30, 45)),
        )
        if r.chance(0.5):
            s = _at(edit, r.uniform(20.5, 21.25))
            add(
                hugo,
                client,
                "Export final vidéo",
                "creation",
                s,
                s + dt.timedelta(minutes=5 * r.int(6, 12)),
            )

    rows.sort(key=lambda x: (x[0], x[2].start))
    return _frame(rows, {**_KIND, "other": "unclassified"})


def team(*, seed: int = 7, year: int = 2026) -> pl.DataFrame:
    """The demo year's other two people, Léa (community manager) and Hugo (video),
    as `SAMPLE_SCHEMA` rows (see `_team`).

    >>> df = team()
    >>> sorted(df["person"].unique())
    ['Hugo Petit', 'Léa Dubois']
    """
    return _team(seed, year).select(list(SAMPLE_SCHEMA))


#: The client whose waits Camille notes in a ledger (``waits.csv``) rather than timing
#: them: a law firm whose partners validate by e-mail.
LEDGER_CLIENT = "Cabinet Morel"


def split_ledger(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Take ``LEDGER_CLIENT``'s wait rows out of ``df`` into a waits ledger.

    Returns the rows left and the ledger: ``client``, ``item``, ``asked``, ``answered``
    (naive local wall times) and ``reminders`` (one per three days waited). The last
    wait of the year is still open (no answer).
    """
    client = next(c for c in _CLIENTS if c.name == LEDGER_CLIENT)
    mine = pl.col("client").is_in([client.name, *client.typed]) & pl.col("tags").list.contains(
        "attente"
    )
    what = pl.col("description").str.replace(r"^Attente\s+", "")
    ledger = (
        df.filter(mine)
        .sort("start_local")
        .select(
            client=pl.col("client"),
            item=what.str.slice(0, 1).str.to_uppercase() + what.str.slice(1),
            asked=pl.col("start_local"),
            answered=pl.col("end_local"),
            reminders=((pl.col("end_local") - pl.col("start_local")).dt.total_days() // 3).cast(
                pl.Int64
            ),
        )
    )
    last = pl.int_range(pl.len()) == pl.len() - 1
    ledger = ledger.with_columns(
        answered=pl.when(last).then(None).otherwise(pl.col("answered")),
        reminders=pl.when(last).then(1).otherwise(pl.col("reminders")),
    )
    return df.filter(~mine), ledger


def write_waits(ledger: pl.DataFrame, path: str | Path) -> Path:
    """Write a waits ledger as French Excel saves it: ``;`` separators, dates
    ``dd/mm/yyyy HH:MM``, cp1252, CRLF line ends, header ``client;objet;demandé;répondu;relances``.
    """
    fmt = "%d/%m/%Y %H:%M"
    out = ledger.select(
        pl.col("client"),
        pl.col("item").alias("objet"),
        pl.col("asked").dt.strftime(fmt).alias("demandé"),
        pl.col("answered").dt.strftime(fmt).alias("répondu"),
        pl.col("reminders").alias("relances"),
    )
    text = out.write_csv(separator=";", line_terminator="\r\n")
    target = Path(path)
    target.write_bytes(text.encode("cp1252"))
    return target


# --------------------------------------------------------------------------- bulk mode

_FIRST = (
    "Camille", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Inès", "Nathan", "Sarah", "Louis",
    "Emma", "Jules", "Zoé", "Théo", "Alice", "Gabriel", "Jade", "Raphaël", "Lina", "Arthur",
)  # fmt: skip
_LAST = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier",
)  # fmt: skip
_TRADES = (
    "Boulangerie", "Restaurant", "Studio", "Librairie", "Cabinet", "Salon", "Atelier",
    "Hôtel", "Fromagerie", "Garage", "Pharmacie", "Fleuriste",
)  # fmt: skip
_BULK_PROJECTS = ("Réseaux sociaux", "Instagram", "LinkedIn", "Lancement", "Événements")
#: Slots of a bulk workday: (start minute, window length in minutes); peaks are early,
#: lunch and evening. The last two Friday slots move to Saturday and Sunday evenings.
_SLOTS = np.array(
    [
        (450, 45), (540, 60), (605, 55), (665, 85), (760, 40), (810, 70),
        (885, 65), (955, 65), (1025, 80), (1125, 45), (1180, 60), (1260, 60),
    ],
    dtype=np.int64,
)  # fmt: skip
_PEAK_SLOTS = np.array(
    [True, False, False, False, True, False, False, False, False, True, True, True]
)
_DAY_MIX = {
    "publishing": 0.12, "community": 0.10, "meeting": 0.06, "reporting": 0.05,
    "strategy": 0.07, "planning": 0.10, "creation": 0.22, "revisions": 0.10,
    "monitoring": 0.08, "admin": 0.04, "chasing": 0.04, "training": 0.02,
}  # fmt: skip
_PEAK_MIX = {"publishing": 0.55, "community": 0.40, "creation": 0.05}
_BULK_WAIT_SHARE = 0.02
US = 1_000_000


def _strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _bulk_people(count: int) -> tuple[list[str], list[str]]:
    names: list[str] = []
    emails: list[str] = []
    combos = len(_FIRST) * len(_LAST)
    for p in range(count):
        first, last = _FIRST[p % len(_FIRST)], _LAST[(p // len(_FIRST)) % len(_LAST)]
        suffix = "" if p < combos else f" {p // combos + 1}"
        names.append(f"{first} {last}{suffix}")
        local = _strip_accents(f"{first}.{last}").lower() + suffix.strip()
        emails.append(f"{local}@agence.example")
    return names, emails


def _bulk_workdays(year: int, count: int) -> np.ndarray:
    """The first ``count`` French working days from 1 January ``year`` (datetime64[D])."""
    span = int(count * 7 / 5 * 1.1) + 40
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year}-01-01") + span)
    years = range(year, year + span // 365 + 2)
    off = np.array(sorted(_french_holidays(years)), dtype="datetime64[D]")
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    keep = (weekday < 5) & ~np.isin(days, off)
    return days[keep][:count]


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    """Indices into ``_ACTIVITIES`` drawn with ``weights``."""
    names = list(weights)
    cum = np.cumsum([weights[k] for k in names])
    idx = np.searchsorted(cum / cum[-1], rng.random(n), side="right")
    lookup = np.array([_ACTIVITIES.index(k) for k in names], dtype=np.int64)
    return lookup[np.minimum(idx, len(names) - 1)]


_ACTIVITIES = tuple(_KIND)


def _bulk(n: int, seed: int, year: int) -> pl.DataFrame:
    """Exactly ``n`` rows for an agency, vectorised (numpy + polars, no loop per row)."""
    rng = np.random.default_rng(seed)
    people = max(1, math.ceil(n / 5000))
    per = max(1, math.ceil(n / people))
    slots = len(_SLOTS)
    i = np.arange(n, dtype=np.int64)
    person = i // per
    j = i % per
    days = _bulk_workdays(year, math.ceil(per / slots))
    slot = j % slots
    date = days[j // slots]
    weekday = (date.astype(np.int64) + 3) % 7
    date = date + np.where((weekday == 4) & (slot >= slots - 2), slot - (slots - 3), 0)

    win_start, win_len = _SLOTS[slot, 0], _SLOTS[slot, 1]
    jitter = (rng.random(n) * (win_len // 3)).astype(np.int64)
    room = win_len - jitter
    minutes = 5 + (rng.random(n) * (room - 4)).astype(np.int64)  # 5 .. room
    manual = rng.random(n) < 0.7
    start_s = (win_start + jitter) * 60
    start_s = np.where(manual, start_s - start_s % 300, start_s + rng.integers(0, 60, n))
    dur_s = np.where(manual, np.maximum(minutes - minutes % 5, 5) * 60, minutes * 60)
    dur_s = np.where(manual, dur_s, dur_s + rng.integers(-50, 50, n))
    dur_s = np.clip(dur_s, 60, (win_start + win_len) * 60 - start_s)

    peak = _PEAK_SLOTS[slot]
    activity = np.where(peak, _pick(rng, _PEAK_MIX, n), _pick(rng, _DAY_MIX, n))
    wait = ~peak & (rng.random(n) < _BULK_WAIT_SHARE)
    wait_kind = _ACTIVITIES.index("waiting_validation") + rng.integers(0, 3, n)
    activity = np.where(wait, wait_kind, activity)

    start_us = date.astype("datetime64[us]").astype(np.int64) + start_s * US
    wait_days = rng.integers(1, 16, n)
    wait_end_s = (540 + (rng.random(n) * 540).astype(np.int64)) * 60  # answered 09:00-18:00
    end_us = np.where(
        wait,
        (date + wait_days).astype("datetime64[us]").astype(np.int64) + wait_end_s * US,
        start_us + dur_s * US,
    )

    # descriptions: one flat table, an offset per activity
    flat: list[str] = []
    offset = np.zeros(len(_ACTIVITIES), dtype=np.int64)
    count = np.zeros(len(_ACTIVITIES), dtype=np.int64)
    for a, name in enumerate(_ACTIVITIES):
        offset[a], count[a] = len(flat), len(_DESCRIPTIONS[name])
        flat.extend(_DESCRIPTIONS[name])
    desc_idx = offset[activity] + rng.integers(0, 1 << 30, n) % count[activity]

    kinds = np.array([_KIND[a] for a in _ACTIVITIES])
    kind = kinds[activity]
    no_client = np.isin(activity, [_ACTIVITIES.index("training")]) | (
        (activity == _ACTIVITIES.index("admin")) & (rng.random(n) < 0.5)
    )
    pool = [f"{t} {s}" for s in _LAST for t in _TRADES]
    # five clients per person, spread over trades and names (97 is prime to len(pool))
    client_idx = ((person * 5 + rng.integers(0, 5, n)) * 97) % len(pool)
    case = rng.random(n)

    x = rng.random(n)
    tag_sets: list[list[str]] = [
        [],
        ["attente"],
        ["urgent"],
        ["hidden"],
        ["visible"],
        ["hidden", "stratégie"],
    ]
    tag_idx = np.select(
        [
            wait,
            peak & (x < 0.04),
            (kind == "hidden") & (x < 0.05),
            (kind == "visible") & (x < 0.05),
            (kind == "hidden") & (x < 0.07),
        ],
        [1, 2, 3, 4, 5],
        0,
    )

    names, emails = _bulk_people(people)
    frame = pl.DataFrame(
        {
            "person": pl.Series(names).gather(person),
            "email": pl.Series(emails).gather(person),
            "client": pl.Series(pool, dtype=pl.String).gather(client_idx),
            "_case": case,
            "_no_client": no_client,
            "project": pl.Series(_BULK_PROJECTS).gather(
                (client_idx + (rng.random(n) < 0.3)) % len(_BULK_PROJECTS)
            ),
            "task": pl.Series([""]).gather(np.zeros(n, dtype=np.int64)),
            "description": pl.Series(flat).gather(desc_idx),
            "billable": ~no_client & ~wait,
            "tags": pl.Series(tag_sets, dtype=pl.List(pl.String)).gather(tag_idx),
            "start_local": pl.Series(start_us).cast(pl.Datetime("us")),
            "end_local": pl.Series(end_us).cast(pl.Datetime("us")),
        }
    )
    client = pl.col("client")
    frame = frame.with_columns(
        client=pl.when(pl.col("_no_client"))
        .then(None)
        .when(pl.col("_case") < 0.08)
        .then(client.str.to_lowercase())
        .when(pl.col("_case") < 0.11)
        .then(client.str.to_uppercase())
        .otherwise(client)
    ).drop("_case", "_no_client")
    return _with_duration(frame)


# --------------------------------------------------------------------------- public API


def generate(*, seed: int = 7, year: int = 2026, entries: int | None = None) -> pl.DataFrame:
    """Synthetic time logs, deterministic in ``seed`` and ``year``.

    Parameters
    ----------
    seed
        Seed of the random draws; the same seed gives the same frame.
    year
        The demo year, or the first year of the bulk mode.
    entries
        ``None``: the demo year of one freelance community manager (a few thousand rows).
        An integer: exactly that many rows for an agency of ``ceil(entries / 5000)``
        people, spanning as many working days as needed.

    Returns
    -------
    pl.DataFrame
        Columns of `SAMPLE_SCHEMA`: ``client`` as typed in the tracker (aliases
        included, null for admin work), naive local wall times in Europe/Paris, and
        ``duration`` the true elapsed time. Rows tagged ``attente`` are waits.

    >>> df = generate(entries=10)
    >>> df.height, df.columns[:3]
    (10, ['person', 'email', 'client'])
    """
    if entries is None:
        return _demo(seed, year).select(list(SAMPLE_SCHEMA))
    if isinstance(entries, bool) or not isinstance(entries, int) or entries < 0:
        msg = f"entries must be a non-negative integer, got {entries!r}"
        raise ValueError(msg)
    if entries == 0:
        return pl.DataFrame(schema=SAMPLE_SCHEMA)
    return _bulk(entries, seed, year)


def _hms(duration: pl.Expr) -> pl.Expr:
    seconds = duration.dt.total_seconds()
    return pl.format(
        "{}:{}:{}",
        (seconds // 3600).cast(pl.String).str.zfill(2),
        (seconds // 60 % 60).cast(pl.String).str.zfill(2),
        (seconds % 60).cast(pl.String).str.zfill(2),
    )


def _blank(expr: pl.Expr) -> pl.Expr:
    """Empty text as null, so the CSV holds ``,,`` as trackers write it, not ``,"",``."""
    return pl.when(expr != "").then(expr)


def write_toggl(df: pl.DataFrame, path: str | Path) -> Path:
    """Write ``df`` (as from `generate`) as a Toggl Track detailed CSV, legacy layout.

    Dates ``YYYY-MM-DD``, times and durations ``HH:MM:SS`` (a wait of several days has
    more than 24 hours), ``Billable`` Yes/No, tags joined by ``", "`` in one field,
    ``Amount (EUR)`` empty.
    """
    start, end = pl.col("start_local"), pl.col("end_local")
    out = df.select(
        _blank(pl.col("person")).alias("User"),
        _blank(pl.col("email")).alias("Email"),
        _blank(pl.col("client")).alias("Client"),
        _blank(pl.col("project")).alias("Project"),
        _blank(pl.col("task")).alias("Task"),
        _blank(pl.col("description")).alias("Description"),
        pl.when(pl.col("billable")).then(pl.lit("Yes")).otherwise(pl.lit("No")).alias("Billable"),
        start.dt.strftime("%Y-%m-%d").alias("Start date"),
        start.dt.strftime("%H:%M:%S").alias("Start time"),
        end.dt.strftime("%Y-%m-%d").alias("End date"),
        end.dt.strftime("%H:%M:%S").alias("End time"),
        _hms(pl.col("duration")).alias("Duration"),
        _blank(pl.col("tags").list.join(", ")).alias("Tags"),
        pl.lit(None, dtype=pl.String).alias("Amount (EUR)"),
    )
    target = Path(path)
    out.write_csv(target)
    return target


#: Broken rows of the messy re-export: a day that does not exist, a row with no time at
#: all, and a row cut short (three lines `cmtime check` rejects, each with its reason).
_BROKEN_ROWS = (
    "Camille Martin,camille.martin@example.fr,Boulangerie Dupont,Instagram & Facebook,,"
    "Publication Instagram - bûches de Noël,Yes,2026-12-32,10:00:00,2026-12-32,10:30:00,"
    "00:30:00,,",
    "Camille Martin,camille.martin@example.fr,Studio Lumen,Identité visuelle,,"
    "Retouches visuels,Yes,,,,,,,",
    "Camille Martin,camille.martin@example.fr,Le Comptoir des Halles",
)


def write_reexport(df: pl.DataFrame, path: str | Path) -> Path:
    """Write a second, messier Toggl export: December of ``df`` exported again (every row
    overlaps the first export and is counted once), with three broken rows among them.

    It shows what `cmtime check` and ``00-start-here`` report: rejected lines with their
    line numbers and reasons, and rows already read in another export (duplicates).
    """
    december = df.filter(pl.col("start_local").dt.month() == 12)
    target = write_toggl(december, path)
    lines = target.read_text(encoding="utf-8").splitlines()
    # the broken rows land among the good ones, as a hand-edited export has them
    for i, row in enumerate(_BROKEN_ROWS):
        lines.insert(1 + (i + 1) * len(lines) // (len(_BROKEN_ROWS) + 2), row)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def write_native(df: pl.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as the native cmtime CSV ``start,end,client,project,description,tags``.

    Times are ISO 8601 local wall time (``2026-03-02T09:00:00``); tags are joined by ``;``.
    """
    iso = "%Y-%m-%dT%H:%M:%S"
    out = df.select(
        pl.col("start_local").dt.strftime(iso).alias("start"),
        pl.col("end_local").dt.strftime(iso).alias("end"),
        _blank(pl.col("client")).alias("client"),
        _blank(pl.col("project")).alias("project"),
        _blank(pl.col("description")).alias("description"),
        _blank(pl.col("tags").list.join(";")).alias("tags"),
    )
    target = Path(path)
    out.write_csv(target)
    return target


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def config_text(*, year: int = 2026) -> str:
    """The demo ``cmtime.toml`` for the year ``year`` (loads with `load_config`)."""
    cal = _Calendar.build(year)
    off = ", ".join(f'"{d.isoformat()}"' for d in cal.days_off())
    lines = [
        "# cmtime: configuration of the demo data (Camille Martin, a fictitious freelancer).",
        'timezone = "Europe/Paris"',
        'language = "fr"',
        'currency = "EUR"',
        "target_rate = 60.0",
        f"brand = {_toml_str(PERSON + ' — Community management')}",
        f"person = {_toml_str(PERSON)}",
        "# the sample's figures are as of its last day, so they do not drift with the",
        "# calendar (its open wait would grow every day); leave this out of your own file",
        f'as_of = "{year}-12-31"',
        "",
        "[hours]",
        'mon = ["09:00-12:30", "13:30-18:00"]',
        'tue = ["09:00-12:30", "13:30-18:00"]',
        'wed = ["09:00-12:30", "13:30-18:00"]',
        'thu = ["09:00-12:30", "13:30-18:00"]',
        'fri = ["09:00-12:30", "13:30-17:00"]',
        "",
        "[holidays]",
        'country = "FR"',
        'subdivision = ""',
        "# two weeks of vacation in August, the Friday after Ascension, Christmas Eve",
        f"days_off = [{off}]",
        "",
        "[[rules]]  # first match wins; these come before the built-in rules",
        "match = '(?i)shooting|tournage'",
        'kind = "hidden"',
        'activity = "creation"',
        "",
        "[[rules]]",
        "match = '(?i)\\bdevis\\b'",
        'kind = "hidden"',
        'activity = "admin"',
        "",
        "[[rules]]",
        "match = '(?i)réunion de lancement|visio lancement'",
        'kind = "visible"',
        'activity = "meeting"',
        "",
        "[people]  # what an hour costs: the margins of 04-pricing (never in a client report)",
        f"{_toml_str(PERSON)} = {{ cost_rate = {PERSON_COST} }}",
        *(f"{_toml_str(name)} = {{ cost_rate = {cost} }}" for name, _, cost in TEAM),
    ]
    for c in _CLIENTS:
        lines += [
            "",
            f"[clients.{_toml_str(c.name)}]",
            f"aliases = [{', '.join(_toml_str(a) for a in c.aliases)}]",
            f"monthly_fee = {c.fee:.1f}",
            f"included_hours = {c.included:.1f}",
            f"offhours_premium = {c.premium}",
            *(f"{k} = {_toml_str(v) if isinstance(v, str) else v}" for k, v in c.terms.items()),
        ]
        if c.since:
            lines.append(f'start = "{c.since.format(year=year)}"')
        if c.until:
            lines.append(f'end = "{c.until.format(year=year)}"')
    return "\n".join(lines) + "\n"


def write_config(path: str | Path, *, year: int = 2026) -> Path:
    """Write the demo ``cmtime.toml`` (see `config_text`) to ``path``."""
    target = Path(path)
    target.write_text(config_text(year=year), encoding="utf-8", newline="\n")
    return target


def write_sample(
    out_dir: str | Path,
    *,
    seed: int = 7,
    year: int = 2026,
    entries: int | None = None,
    fmt: SampleFormat = "toggl",
) -> list[Path]:
    """Generate and write sample logs into ``out_dir`` (created if missing).

    Writes ``toggl_{year}.csv`` or ``cmtime_{year}.csv`` (``..._{entries}.csv`` in
    bulk mode) and, for the demo year, its ``cmtime.toml``. A Toggl demo year also gets
    a messy second export of December, ``toggl_{year}_december_again.csv``
    (`write_reexport`), Léa and Hugo's export ``toggl_{year}_equipe.csv`` (`team`), and
    Cabinet Morel's waits in a ledger, ``waits.csv`` (`split_ledger`, `write_waits`),
    taken out of Camille's export. Nothing else is written.

    Returns
    -------
    list[Path]
        The files written, data file first.
    """
    if fmt not in get_args(SampleFormat):
        msg = f"format {fmt!r} is not supported; use 'toggl' or 'cmtime'"
        raise ValueError(msg)
    out = Path(out_dir)
    df = generate(seed=seed, year=year, entries=entries)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{fmt}_{year}" if entries is None else f"{fmt}_{year}_{entries}"
    data = out / f"{stem}.csv"
    if fmt == "cmtime":
        written = [write_native(df, data)]
    elif entries is not None:
        written = [write_toggl(df, data)]
    else:
        timed, ledger = split_ledger(df)
        written = [write_toggl(timed, data)]
    if entries is None:
        written.append(write_config(out / "cmtime.toml", year=year))
        if fmt == "toggl":
            written += [
                write_reexport(timed, out / f"toggl_{year}_december_again.csv"),
                write_toggl(team(seed=seed, year=year), out / f"toggl_{year}_equipe.csv"),
                write_waits(ledger, out / "waits.csv"),
            ]
    return written
