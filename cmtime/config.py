"""Load `cmtime.toml` into frozen dataclasses; built-in defaults work with no file."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cmtime.cache import holiday_regions
from cmtime.errors import ConfigError as ConfigError  # the config's error, taken from here
from cmtime.locale import is_language, languages

Language = Literal["fr", "en"]
Kind = Literal["visible", "hidden", "wait"]
DateOrder = Literal["dmy", "mdy", "ymd"]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CONFIG_NAME = "cmtime.toml"

_TOP_KEYS = {
    "timezone",
    "language",
    "date_order",
    "currency",
    "target_rate",
    "brand",
    "person",
    "night",
    "hours",
    "hours_from_timewarrior",
    "holidays",
    "rules",
    "clients",
    "people",
    "limits",
    "renewal_steps",
    "as_of",
    "target_margin",
}
_HOLIDAY_KEYS = {"country", "subdivision", "days_off"}
_RULE_KEYS = {"match", "kind", "activity"}
_CLIENT_KEYS = {
    "aliases",
    "monthly_fee",
    "included_hours",
    "offhours_premium",
    "start",
    "end",
    "carry_over",
    "validation_days",
    "assets_days",
    "revision_rounds",
    "premiums",
}
#: Off-hours windows a premium can be set for (``premiums = { evening = 0.25 }``); holidays
#: and personal days off are ``day_off``.
WINDOWS = ("early", "midday", "evening", "night", "day_off")
CarryOver = Literal["none", "next_month", "cap"]
_CARRY = re.compile(r"^\s*cap\s*:\s*(\d+(?:\.\d+)?)\s*$")
_PERSON_KEYS = {"cost_rate", "hours", "days_off"}
#: The largest number a money, hours or premium setting may hold: beyond it a figure
#: is a typo (or 1e308), and sums of it overflow to infinity.
_MAX_NUMBER = 1e9


@dataclass(frozen=True)
class TimeRange:
    """A working range within one local day, ``start < end``; ``end`` may be 24:00."""

    start: dt.timedelta
    end: dt.timedelta

    def __str__(self) -> str:
        return f"{_fmt_td(self.start)}-{_fmt_td(self.end)}"


@dataclass(frozen=True)
class Rule:
    """A classification rule: a regex over description, project, task and tags."""

    match: str
    kind: Kind
    activity: str
    #: the line of its ``[[rules]]`` header in the config file, to explain a block's kind
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Client:
    """A client's contract and the names trackers use for it."""

    name: str
    aliases: tuple[str, ...] = ()
    monthly_fee: float | None = None
    included_hours: float | None = None
    offhours_premium: float = 0.0
    start: dt.date | None = None
    end: dt.date | None = None
    #: what happens to unused included hours: lost (``none``), all moved to the next month
    #: (``next_month``) or at most `carry_cap` hours moved (``cap``)
    carry_over: CarryOver = "none"
    carry_cap: float | None = None
    #: working days the client has to validate what was sent (None: not agreed)
    validation_days: int | None = None
    #: working days the client has to send material asked for (None: not agreed)
    assets_days: int | None = None
    #: rounds of changes included per deliverable (None: not agreed)
    revision_rounds: int | None = None
    #: premium per off-hours window (`WINDOWS`) set in ``premiums``; a window left out
    #: has ``offhours_premium``
    premiums: tuple[tuple[str, float], ...] = ()

    def premium(self, window: str) -> float:
        """The premium of an off-hours window: ``premiums``' own, else ``offhours_premium``.

        >>> Client("D", offhours_premium=0.25, premiums=(("night", 0.5),)).premium("evening")
        0.25
        """
        if window not in WINDOWS:
            msg = f"{window!r} is not an off-hours window ({', '.join(WINDOWS)})"
            raise ValueError(msg)
        return dict(self.premiums).get(window, self.offhours_premium)

    @property
    def has_frame(self) -> bool:
        """Whether any term of the frame of the mission was agreed."""
        return any(
            v is not None
            for v in (self.included_hours, self.validation_days, self.assets_days, self.revision_rounds)
        )


@dataclass(frozen=True)
class Limits:
    """Caps that keep cmtime's time and memory bounded on hostile or broken input.

    Set in ``[limits]``; each is checked where the input is read, and what is past a cap
    is a rejection or a note, never a hang (README, "Limits").
    """

    #: occurrences of one recurring calendar event; later ones are not expanded (a note)
    max_event_occurrences: int = 5_000
    #: occurrences of one calendar file; expansion stops there (a note)
    max_occurrences: int = 50_000
    #: a longer line (or record) is rejected with its line number
    max_line_bytes: int = 1_048_576
    #: a bigger file is not read (one error line)
    max_file_bytes: int = 4 * 2**30
    #: a longer block is rejected (a year and a day: no block of work is longer)
    max_duration_days: int = 366
    #: an effort block longer than this many hours is kept but flagged as implausible in
    #: `check` and the warnings (counted by ``--strict``); waits are exempt
    implausible_hours: int = 24
    #: dates outside these years are rejected (a year 1 or 9999 is a broken export)
    first_year: int = 1970
    last_year: int = 2100


#: The most each limit may be set to: what the dates and durations can hold. Dates live in
#: years 1-9999 and the analysis steps a day beyond the first and the last (years 2 to
#: 9998); no block is longer than those years; a file or line over 2^62 bytes is no file.
_DAYS_HELD = (dt.date(9998, 12, 31) - dt.date(2, 1, 1)).days + 1
_LIMIT_MAX = {
    "max_event_occurrences": 2**31,
    "max_occurrences": 2**31,
    "max_line_bytes": 2**62,
    "max_file_bytes": 2**62,
    "max_duration_days": _DAYS_HELD,
    "implausible_hours": 24 * _DAYS_HELD,
    "first_year": 9998,
    "last_year": 9998,
}


_LIMIT_KEYS = set(Limits.__dataclass_fields__)


@dataclass(frozen=True)
class Person:
    """A team member: internal cost (agency margins), own working week and days off
    (capacity, DESIGN.md "The agency view")."""

    name: str
    cost_rate: float | None = None
    #: the person's own working week (weekday index -> ranges); None: the config's ``[hours]``
    hours: tuple[tuple[TimeRange, ...], ...] | None = None
    #: the person's own days off (holidays, leave), on top of the public holidays
    days_off: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Config:
    """Every setting cmtime uses, immutable. ``Config()`` gives the built-in defaults."""

    timezone: str = "Europe/Paris"
    language: Language = "fr"
    currency: str = "EUR"
    target_rate: float = 60.0
    #: months of the staged increase offered at renewal (the share report's third option)
    renewal_steps: int = 3
    #: the margin share the agency aims at: a client's floor fee is its typical month's
    #: cost / (1 - target_margin) (DESIGN.md, "The agency view")
    target_margin: float = 0.3
    brand: str = ""
    person: str = "moi"
    #: the day taken as today: open waits run up to its end and the default period up to
    #: it, so figures "as of" a date stay the same whenever they are recomputed (None:
    #: the real today)
    as_of: dt.date | None = None
    #: how to read ambiguous dates such as 03/04/2026 when a file cannot tell: dmy | mdy | ymd
    date_order: DateOrder | None = None
    #: weekday index (0 = Monday) -> working ranges, sorted, not overlapping.
    hours: tuple[tuple[TimeRange, ...], ...] = field(
        default_factory=lambda: _default_hours(),
    )
    night: TimeRange = field(
        default_factory=lambda: TimeRange(dt.timedelta(hours=22), dt.timedelta(hours=6)),
    )
    country: str = "FR"
    subdivision: str = ""
    days_off: tuple[dt.date, ...] = ()
    rules: tuple[Rule, ...] = ()
    clients: tuple[Client, ...] = ()
    people: tuple[Person, ...] = ()
    limits: Limits = field(default_factory=Limits)
    path: str | None = None

    def client(self, name: str) -> Client | None:
        """The client named ``name`` (canonical name or alias), if configured."""
        if not self.clients:
            return None
        key = normalize_name(name)
        for c in self.clients:
            if key == normalize_name(c.name) or key in {normalize_name(a) for a in c.aliases}:
                return c
        return None

    def member(self, name: str) -> Person | None:
        """The ``[people]`` entry of ``name`` (case- and space-insensitive), if any."""
        key = name.strip().casefold()
        return next((p for p in self.people if p.name.strip().casefold() == key), None)

    def alias_map(self) -> dict[str, str]:
        """Normalised alias (and canonical name) -> canonical client name."""
        out: dict[str, str] = {}
        for c in self.clients:
            out[normalize_name(c.name)] = c.name
            for a in c.aliases:
                out[normalize_name(a)] = c.name
        return out


def _default_hours() -> tuple[tuple[TimeRange, ...], ...]:
    day = (_range("09:00", "12:30"), _range("13:30", "18:00"))
    fri = (_range("09:00", "12:30"), _range("13:30", "17:00"))
    return (day, day, day, day, fri, (), ())


def _range(a: str, b: str) -> TimeRange:
    return TimeRange(_parse_hhmm(a), _parse_hhmm(b))


def _fmt_td(td: dt.timedelta) -> str:
    minutes = int(td.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_HHMM = re.compile(r"^\s*(\d{1,2})[:h](\d{2})\s*$")


def _parse_hhmm(text: str) -> dt.timedelta:
    m = _HHMM.match(text)
    if not m or int(m[2]) > 59 or int(m[1]) > 24 or (int(m[1]) == 24 and int(m[2])):
        msg = f"{text!r} is not a time of day"
        raise ValueError(msg)
    return dt.timedelta(hours=int(m[1]), minutes=int(m[2]))


def parse_range(text: str, *, wrap: bool = False) -> TimeRange:
    """Parse ``"09:00-12:30"``; ``wrap`` allows ranges over midnight (night)."""
    parts = text.split("-")
    if len(parts) != 2:
        msg = f"{text!r} is not a time range"
        raise ValueError(msg)
    r = TimeRange(_parse_hhmm(parts[0]), _parse_hhmm(parts[1]))
    if not wrap and r.end <= r.start:
        msg = f"{text!r} ends before it starts"
        raise ValueError(msg)
    return r


def normalize_name(name: str) -> str:
    """Case-, accent- and space-insensitive key for a client name.

    >>> normalize_name("  Boulangerie  DUPONT é ")
    'boulangerie dupont e'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


class _Where:
    """Finds the line of a key in the config text, for error messages."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line(self, section: str | None, key: str | None) -> int | None:
        start = 0
        if section and "." in section and not self._header(section):
            # an inline table (``"Marc" = { hours = {...} }``): the line of its entry
            parent, _, name = section.rpartition(".")
            inline = self.line(parent, name)
            if inline is not None:
                return inline
        if section:
            head = re.compile(r"^\s*\[\[?\s*" + re.escape(section).replace(r"\.", r"\s*\.\s*"))
            for i, text in enumerate(self.lines):
                if head.match(text.replace('"', "")):
                    start = i
                    if key is None:
                        return i + 1
                    break
        if key is not None:
            pat = re.compile(r"^\s*\"?" + re.escape(key) + r"\"?\s*=")
            for i in range(start, len(self.lines)):
                if pat.match(self.lines[i]):
                    return i + 1
        return None

    def _header(self, section: str) -> bool:
        head = re.compile(r"^\s*\[\[?\s*" + re.escape(section).replace(r"\.", r"\s*\.\s*"))
        return any(head.match(text.replace('"', "")) for text in self.lines)

    def error(self, section: str | None, key: str | None, what: str) -> ConfigError:
        line = self.line(section, key)
        where = f"{self.path}:{line}" if line else self.path
        name = ".".join(p for p in (section, key) if p)
        label = f" {name}:" if name else ""
        return ConfigError(f"{where}:{label} {what}")


def load_config(path: str | Path | None = None, *, search: bool = True) -> Config:
    """Load a config file; with no path, ``./cmtime.toml`` if present, else defaults.

    Parameters
    ----------
    path
        The file to read. ``None`` looks for ``cmtime.toml`` in the working directory.
    search
        When ``path`` is None, whether to look in the working directory at all.
    """
    if path is None:
        local = Path(CONFIG_NAME)
        if not (search and local.is_file()):
            return Config()
        path = local
    p = Path(path)
    try:
        if not p.is_file():  # a folder, a FIFO or a device would hang or fail on read
            what = "a folder" if p.is_dir() else "not a regular file" if p.exists() else "no such file"
            msg = f"{p}: cannot read the config file ({what})"
            raise ConfigError(msg)
        raw = p.read_bytes()
    except OSError as exc:
        msg = f"{p}: cannot read the config file ({exc.strerror})"
        raise ConfigError(msg) from exc
    if b"\x00" in raw:
        msg = f"{p}: not a text file (it holds NUL bytes); save cmtime.toml as UTF-8 text"
        raise ConfigError(msg)
    text = raw.decode("utf-8-sig", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"{p}: not valid TOML: {exc}{_toml_hint(text, exc)}"
        raise ConfigError(msg) from exc
    except (ValueError, RecursionError) as exc:  # a 5000-digit integer, arrays nested 10k deep
        what = "a number too long" if isinstance(exc, ValueError) else "values nested too deep"
        where = str(p)
        for i, line in enumerate(text.splitlines(), start=1):
            if isinstance(exc, ValueError) and re.search(r"\d{4000,}", line):
                where = f"{p}:{i}: {line.split('=', 1)[0].strip()[:60]}"
                break
        msg = f"{where}: not a usable TOML value ({what})"
        raise ConfigError(msg) from exc
    return config_from_dict(data, where=_Where(str(p), text))


_DECIMAL_COMMA = re.compile(r"=\s*[-+]?\d+,\d+\s*(#.*)?$")


def _toml_hint(text: str, exc: tomllib.TOMLDecodeError) -> str:
    """A hint for the usual slip: a French decimal comma (``monthly_fee = 650,0``)."""
    lines = text.splitlines()
    line = getattr(exc, "lineno", None)
    if line is None:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m[1]) if m else None
    if line and 0 < line <= len(lines) and _DECIMAL_COMMA.search(lines[line - 1]):
        value = lines[line - 1].split("=", 1)[1].split("#", 1)[0].strip()
        return f"; write numbers with a decimal point: {value.replace(',', '.')}, not {value}"
    return ""


def config_from_dict(data: dict[str, Any], *, where: _Where | None = None) -> Config:
    """Build a `Config` from parsed TOML, checking every key."""
    w = where or _Where("<config>", "")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_TOP_KEYS))
        raise w.error(None, unknown[0], f"unknown key; allowed keys are {allowed}")
    kw: dict[str, Any] = {"path": w.path}

    tz = data.get("timezone", Config.timezone)
    if not isinstance(tz, str) or not _valid_zone(tz):
        raise w.error(None, "timezone", f"{tz!r} is not an IANA time zone such as 'Europe/Paris'")
    kw["timezone"] = tz
    lang = data.get("language", Config.language)
    if not isinstance(lang, str) or not is_language(lang):  # a language with a message catalog
        choices = " or ".join(map(repr, languages()))
        raise w.error(None, "language", f"{lang!r} is not supported; use {choices}")
    kw["language"] = lang
    if "date_order" in data:
        if data["date_order"] not in get_args(DateOrder):
            raise w.error(None, "date_order", f"{data['date_order']!r} is not one of dmy, mdy, ymd")
        kw["date_order"] = data["date_order"]
    for key in ("currency", "brand", "person"):
        if key in data:
            if not isinstance(data[key], str):
                raise w.error(None, key, "must be a string")
            kw[key] = data[key]
    if "as_of" in data:
        kw["as_of"] = _date(w, None, "as_of", data["as_of"])
    if "target_rate" in data:
        kw["target_rate"] = _number(w, None, "target_rate", data["target_rate"], positive=True)
    if "target_margin" in data:
        margin = _number(w, None, "target_margin", data["target_margin"], positive=False)
        if margin >= 1:
            raise w.error(None, "target_margin", f"{margin!r} must be a share below 1 (0.3 for 30 %)")
        kw["target_margin"] = margin
    if "renewal_steps" in data:
        steps = data["renewal_steps"]
        if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 24:
            raise w.error(None, "renewal_steps", f"{steps!r} must be a whole number of months from 1 to 24")
        kw["renewal_steps"] = steps
    if "night" in data:
        try:
            kw["night"] = parse_range(str(data["night"]), wrap=True)
        except ValueError as exc:
            raise w.error(None, "night", f'{exc}; write e.g. "22:00-06:00"') from exc

    if "hours" in data and "hours_from_timewarrior" in data:
        raise w.error(None, "hours_from_timewarrior", "use either [hours] or hours_from_timewarrior, not both")
    if "hours" in data:
        kw["hours"] = _hours(w, data["hours"])
    if "hours_from_timewarrior" in data:
        kw["hours"] = _timewarrior_hours(w, data["hours_from_timewarrior"])
    if "holidays" in data:
        kw.update(_holidays(w, data["holidays"]))
    if "rules" in data:
        kw["rules"] = _rules(w, data["rules"])
    if "clients" in data:
        kw["clients"] = _clients(w, data["clients"])
    if "people" in data:
        kw["people"] = _people(w, data["people"])
    if "limits" in data:
        kw["limits"] = _limits(w, data["limits"])
    return Config(**kw)


def _valid_zone(name: str) -> bool:
    """Whether ``name`` is a zone both Python and polars can use: the system's tz database
    also holds names (``Factory``, ``localtime``, ``posixrules``, ``right/UTC``) that polars
    refuses, so the name is tried the way polars will use it."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    import polars as pl

    try:
        pl.select(pl.lit(dt.datetime(2000, 1, 1)).dt.replace_time_zone(name))
    except pl.exceptions.PolarsError:
        return False
    return True


def _number(w: _Where, section: str | None, key: str, value: Any, *, positive: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = "; write it without quotes, with a decimal point (650.0)" if isinstance(value, str) else ""
        raise w.error(section, key, f"{value!r} is not a number{hint}")
    if not math.isfinite(value):
        raise w.error(section, key, f"{value!r} is not a finite number")
    if value > _MAX_NUMBER:
        raise w.error(section, key, f"{value!r} is too large (at most {_MAX_NUMBER:.0e})")
    if value < 0 or (positive and value == 0):
        raise w.error(section, key, f"{value!r} must be {'> 0' if positive else '>= 0'}")
    return float(value)


def _date(w: _Where, section: str | None, key: str, value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise w.error(section, key, f"{value!r} is not a date; write YYYY-MM-DD") from exc


def _hours(w: _Where, table: Any, section: str = "hours") -> tuple[tuple[TimeRange, ...], ...]:
    if not isinstance(table, dict):
        raise w.error(section, None, "must be a table of weekdays")
    unknown = sorted(set(table) - set(WEEKDAYS))
    if unknown:
        raise w.error(section, unknown[0], f"unknown weekday; use {', '.join(WEEKDAYS)}")
    days: list[tuple[TimeRange, ...]] = []
    for day in WEEKDAYS:
        spec = table.get(day, [])
        if isinstance(spec, str):
            spec = [spec]
        if not isinstance(spec, list):
            raise w.error(section, day, 'must be a list like ["09:00-12:30", "13:30-18:00"]')
        try:
            ranges = sorted((parse_range(str(s)) for s in spec), key=lambda r: r.start)
        except ValueError as exc:
            raise w.error(section, day, f'{exc}; write HH:MM-HH:MM, e.g. "09:00-12:30"') from exc
        for a, b in itertools.pairwise(ranges):
            if b.start < a.end:
                raise w.error(section, day, f"ranges {a} and {b} overlap")
        days.append(tuple(ranges))
    return tuple(days)


def _timewarrior_hours(w: _Where, value: Any) -> tuple[tuple[TimeRange, ...], ...]:
    """Working hours from a Timewarrior ``exclusions`` block (path relative to the config)."""

    if not isinstance(value, str) or not value:
        raise w.error(None, "hours_from_timewarrior", "must be the path of a timewarrior.cfg")
    path = Path(value).expanduser()
    if not path.is_absolute() and w.path != "<config>":
        path = Path(w.path).parent / path
    if not path.is_file():
        raise w.error(None, "hours_from_timewarrior", f"{str(path)!r} is not a file")
    try:
        found = read_exclusions(path)
    except (OSError, ValueError) as exc:
        raise w.error(None, "hours_from_timewarrior", f"cannot use {str(path)!r}: {exc}") from exc
    if not found:
        raise w.error(None, "hours_from_timewarrior", f"{str(path)!r} has no 'define exclusions:' block")
    return tuple(found.get(day, ()) for day in WEEKDAYS)


def _holidays(w: _Where, table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise w.error("holidays", None, "must be a table")
    unknown = sorted(set(table) - _HOLIDAY_KEYS)
    if unknown:
        raise w.error("holidays", unknown[0], f"unknown key; allowed: {sorted(_HOLIDAY_KEYS)}")
    regions = holiday_regions()
    out: dict[str, Any] = {}
    country = str(table.get("country", Config.country)).upper()
    subdivision = str(table.get("subdivision", "") or "")
    if country and country not in regions:
        raise w.error("holidays", "country", f"{country!r} is not a country code known to `holidays`")
    subdivisions = regions[country] if country and subdivision else []
    if country and subdivision and subdivision not in subdivisions:
        subs = ", ".join(subdivisions) or "none"
        raise w.error(
            "holidays", "subdivision", f"{subdivision!r} is not a subdivision of {country}: {subs}"
        )
    out["country"] = country
    out["subdivision"] = subdivision
    days = table.get("days_off", [])
    if not isinstance(days, list):
        raise w.error("holidays", "days_off", 'must be a list like ["2026-08-10"]')
    out["days_off"] = tuple(sorted(_date(w, "holidays", "days_off", d) for d in days))
    return out


def _rules(w: _Where, items: Any) -> tuple[Rule, ...]:
    if not isinstance(items, list):
        raise w.error("rules", None, "must be an array of tables [[rules]]")
    out: list[Rule] = []
    heads = [i + 1 for i, text in enumerate(w.lines) if re.match(r"^\s*\[\[\s*rules\s*\]\]", text)]
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise w.error("rules", None, "each [[rules]] must be a table")
        unknown = sorted(set(item) - _RULE_KEYS)
        if unknown:
            raise w.error("rules", unknown[0], f"unknown key; allowed: {sorted(_RULE_KEYS)}")
        pattern = item.get("match")
        if not isinstance(pattern, str) or not pattern:
            raise w.error("rules", "match", "each rule needs a non-empty match regex")
        try:
            _check_regex(pattern)
        except ValueError as exc:
            raise w.error("rules", "match", f"{pattern!r} is not a valid regex ({exc})") from exc
        kind = item.get("kind")
        if kind not in get_args(Kind):
            raise w.error("rules", "kind", f"{kind!r} is not one of visible, hidden, wait")
        activity = item.get("activity", "")
        if not isinstance(activity, str):
            raise w.error("rules", "activity", "must be a string")
        line = heads[n] if len(heads) == len(items) else None
        out.append(Rule(pattern, cast(Kind, kind), activity, line))
    return tuple(out)


def _check_regex(pattern: str) -> None:
    """Rules run in polars (Rust regex: no look-around, no back-references)."""
    import polars as pl

    try:
        pl.select(pl.lit("x").str.contains(pattern)).item()
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()
        detail = next((ln.strip() for ln in first if ln.strip().startswith("error:")), first[0] if first else "")
        msg = detail or "invalid"
        raise ValueError(msg) from exc


def _clients(w: _Where, table: Any) -> tuple[Client, ...]:
    if not isinstance(table, dict):
        raise w.error("clients", None, 'must be tables like [clients."Name"]')
    out: list[Client] = []
    for name, spec in table.items():
        sec = f"clients.{name}"
        if not isinstance(spec, dict):
            raise w.error(sec, None, "must be a table")
        unknown = sorted(set(spec) - _CLIENT_KEYS)
        if unknown:
            raise w.error(sec, unknown[0], f"unknown key; allowed: {sorted(_CLIENT_KEYS)}")
        aliases = spec.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise w.error(sec, "aliases", "must be a list of names")
        kw: dict[str, Any] = {"name": name, "aliases": tuple(aliases)}
        for key in ("monthly_fee", "included_hours", "offhours_premium"):
            if key in spec:
                kw[key] = _number(w, sec, key, spec[key], positive=False)
        for key in ("start", "end"):
            if key in spec:
                kw[key] = _date(w, sec, key, spec[key])
        if kw.get("start") and kw.get("end") and kw["end"] < kw["start"]:
            raise w.error(sec, "end", "the contract ends before it starts")
        kw.update(_frame_terms(w, sec, spec))
        out.append(Client(**kw))
    seen: dict[str, str] = {}
    for c in out:
        for n in (c.name, *c.aliases):
            key = normalize_name(n)
            if key in seen and seen[key] != c.name:
                raise w.error(f"clients.{c.name}", "aliases", f"{n!r} also names {seen[key]!r}")
            seen[key] = c.name
    return tuple(out)


def _frame_terms(w: _Where, sec: str, spec: dict[str, Any]) -> dict[str, Any]:
    """The frame of the mission's terms of one client (DESIGN.md): carry-over, agreed
    delays, revision rounds and premiums per window."""
    kw: dict[str, Any] = {}
    if "carry_over" in spec:
        value = spec["carry_over"]
        text = value.strip().lower() if isinstance(value, str) else ""
        m = _CARRY.match(text)
        if text in ("none", "next_month"):
            kw["carry_over"] = text
        elif m and float(m[1]) <= _MAX_NUMBER:
            kw["carry_over"], kw["carry_cap"] = "cap", float(m[1])
        else:
            what = f'{value!r} is not a carry-over; use "none", "next_month" or "cap:N" (at most N hours)'
            raise w.error(sec, "carry_over", what)
    for key in ("validation_days", "assets_days", "revision_rounds"):
        if key in spec:
            value = spec[key]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 366:
                unit = "rounds" if key == "revision_rounds" else "working days"
                raise w.error(sec, key, f"{value!r} must be a whole number of {unit} from 0 to 366")
            kw[key] = value
    if "premiums" in spec:
        table = spec["premiums"]
        if not isinstance(table, dict):
            raise w.error(sec, "premiums", "must be a table like { evening = 0.25, day_off = 1.0 }")
        unknown = sorted(set(table) - set(WINDOWS))
        if unknown:
            raise w.error(sec, "premiums", f"{unknown[0]!r} is not an off-hours window; use {', '.join(WINDOWS)}")
        kw["premiums"] = tuple(
            (k, _number(w, sec, "premiums", table[k], positive=False)) for k in WINDOWS if k in table
        )
    return kw


def _limits(w: _Where, table: Any) -> Limits:
    if not isinstance(table, dict):
        raise w.error("limits", None, "must be a table")
    unknown = sorted(set(table) - _LIMIT_KEYS)
    if unknown:
        raise w.error("limits", unknown[0], f"unknown key; allowed: {sorted(_LIMIT_KEYS)}")
    kw: dict[str, int] = {}
    for key, value in table.items():
        least = 2 if key in ("first_year", "last_year") else 1
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= _LIMIT_MAX[key]:
            raise w.error("limits", key, f"{value!r} must be a whole number from {least} to {_LIMIT_MAX[key]}")
        kw[key] = value
    limits = Limits(**kw)
    if limits.first_year > limits.last_year:  # named where it is written
        key = "last_year" if "last_year" in table else "first_year"
        what = f"first_year {limits.first_year} must not be after last_year {limits.last_year} (years 2 to 9998)"
        raise w.error("limits", key, what)
    return limits


def _people(w: _Where, table: Any) -> tuple[Person, ...]:
    if not isinstance(table, dict):
        raise w.error("people", None, 'must be tables like [people."Name"]')
    out: list[Person] = []
    for name, spec in table.items():
        sec = f"people.{name}"
        if not isinstance(spec, dict):
            raise w.error(sec, None, "must be a table")
        unknown = sorted(set(spec) - _PERSON_KEYS)
        if unknown:
            raise w.error(sec, unknown[0], f"unknown key; allowed: {sorted(_PERSON_KEYS)}")
        rate = spec.get("cost_rate")
        kw: dict[str, Any] = {
            "cost_rate": None if rate is None else _number(w, sec, "cost_rate", rate, positive=False)
        }
        if "hours" in spec:
            kw["hours"] = _hours(w, spec["hours"], f"{sec}.hours")
        days = spec.get("days_off", [])
        if not isinstance(days, list):
            raise w.error(sec, "days_off", 'must be a list like ["2026-08-10"]')
        kw["days_off"] = tuple(sorted({_date(w, sec, "days_off", d) for d in days}))
        out.append(Person(name, **kw))
    return tuple(out)


# -- Timewarrior's working hours (``hours_from_timewarrior``) ---------------------------------

_DAYS = {
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
}
_CLOCK = r"(\d{1,2}):(\d{2})(?::\d{2})?"


def _minutes(text: str) -> int:
    m = re.fullmatch(_CLOCK, text.strip())
    if not m or int(m[1]) > 24 or int(m[2]) > 59:
        msg = f"{text!r} is not a time of day"
        raise ValueError(msg)
    return min(int(m[1]) * 60 + int(m[2]), 24 * 60)


def _excluded(spec: str) -> list[tuple[int, int]]:
    """``<7:00 >19:00 12:00-13:00`` as excluded minute ranges."""
    out: list[tuple[int, int]] = []
    for token in spec.split():
        if token.startswith("<"):
            out.append((0, _minutes(token[1:])))
        elif token.startswith(">"):
            out.append((_minutes(token[1:]), 24 * 60))
        elif "-" in token:
            a, b = token.split("-", 1)
            out.append((_minutes(a), _minutes(b)))
        else:
            msg = f"unreadable exclusion {token!r}"
            raise ValueError(msg)
    return out


def _complement(excluded: list[tuple[int, int]]) -> tuple[TimeRange, ...]:
    free: list[TimeRange] = []
    cursor = 0
    for a, b in sorted(excluded):
        if a > cursor:
            free.append(TimeRange(dt.timedelta(minutes=cursor), dt.timedelta(minutes=a)))
        cursor = max(cursor, b)
    if cursor < 24 * 60:
        free.append(TimeRange(dt.timedelta(minutes=cursor), dt.timedelta(hours=24)))
    return tuple(free)


#: A file a setting points to (``hours_from_timewarrior``) is read up to this size.
MAX_SETTING_FILE_BYTES = 2**20


def read_exclusions(cfg_path: Path) -> dict[str, tuple[TimeRange, ...]]:
    """Working hours per weekday from a ``timewarrior.cfg`` ``define exclusions:`` block.

    Timewarrior lists the time that is *not* work (``monday = <7:00 >19:00``: before 7:00
    and after 19:00; ``saturday = >0:00``: all day); working hours are the complement.
    Keys are `cmtime.config.WEEKDAYS`; a day the block leaves out is working all day.
    Empty dict when the file has no exclusions.

    Parameters
    ----------
    cfg_path
        The ``timewarrior.cfg`` file.

    Raises
    ------
    ValueError
        An exclusion that is not ``<H:MM``, ``>H:MM`` or ``H:MM-H:MM`` (message quotes it),
        text that is not UTF-8, or a file over `MAX_SETTING_FILE_BYTES` (not read further).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "timewarrior.cfg"
    >>> _ = p.write_text("define exclusions:\\n  monday = <9:00 >17:00\\n  sunday = >0:00\\n")
    >>> [str(r) for r in read_exclusions(p)["mon"]], read_exclusions(p)["sun"]
    (['09:00-17:00'], ())
    """
    with cfg_path.open("rb") as f:  # a setting may point anywhere: read up to a cap
        data = f.read(MAX_SETTING_FILE_BYTES + 1)
    if len(data) > MAX_SETTING_FILE_BYTES:
        msg = f"over {MAX_SETTING_FILE_BYTES // 2**20} MiB, which no timewarrior.cfg is"
        raise ValueError(msg)
    found: dict[str, list[tuple[int, int]]] = {}
    inside = False
    for raw in data.decode("utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        flat = re.match(r"^\s*exclusions\.(\w+)\s*=\s*(.*)$", line)  # dotted form
        if flat and flat[1].lower() in _DAYS:
            found.setdefault(_DAYS[flat[1].lower()], []).extend(_excluded(flat[2]))
            continue
        if re.match(r"^define\s+exclusions\s*:", line):
            inside = True
            continue
        if not line[0].isspace():
            inside = False
            continue
        m = re.match(r"^\s+(\w+)\s*=\s*(.*)$", line)
        if inside and m and m[1].lower() in _DAYS:
            found.setdefault(_DAYS[m[1].lower()], []).extend(_excluded(m[2]))
    if not found:
        return {}
    return {d: _complement(found.get(d, [])) for d in WEEKDAYS}
