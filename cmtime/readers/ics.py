"""iCalendar (``.ics``) files: a calendar used as a time log, one timed event per work block.

Recurring events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded with
``recurring-ical-events`` after ``x-wr-timezone`` has applied Google's
``X-WR-TIMEZONE``, and **only inside a bounded window**: the ``window`` argument, else the
default from the calendar's first DTSTART to its latest DTSTAMP (the moment it was
exported: later occurrences have not happened yet); a calendar without DTSTAMP ends at
the latest DTEND, DTSTART or UNTIL written in it (COUNT rules are not projected). The
window used is written in the notes. Expansion is never unbounded.

Mapping, per occurrence:

- ``start``/``end``: UTC; ``TZID`` and UTC times are exact; floating times are read in
  the calendar's ``X-WR-TIMEZONE`` when it has one, else in the configured time zone. No DTEND: DURATION, else a zero-length block.
- ``description`` = SUMMARY; a leading ``[Client]`` in the SUMMARY gives ``client`` and
  is removed from the description (``[Dupont] Réunion`` → client ``Dupont``,
  description ``Réunion``); else ``client`` is null. ``tags`` = CATEGORIES.
- ``entry_id`` = a hash of UID and the occurrence's RECURRENCE-ID (its original start), so
  an edited occurrence keeps its id and a re-export de-duplicates.
- ``origin`` = file and line of the ``BEGIN:VEVENT`` the occurrence comes from (the
  override when there is one, else the master).

All-day events (a ``DATE`` DTSTART) are days off, trips or deadlines, not work blocks: each
occurrence is a row in ``rejected`` with the reason "all-day event, not a work block", so
``rows = entries + rejected + open`` holds and nothing vanishes uncounted. Cancelled
occurrences (``STATUS:CANCELLED``) are rejected the same way. Overrides whose master is
not in the file are kept as single events. Timed events longer than 24 h are kept but
listed in the notes (a 12-day "event" is more likely a holiday than work).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from cmtime.config import Config
from cmtime.readers._build import ERROR, finish
from cmtime.readers._parse import hash_id, localize, split_tags
from cmtime.readers._text import LINE, InputError, Text
from cmtime.readers.reader import label_key
from cmtime.schema import UTC_DT, Reading

NAME = "ics"
LABEL = label_key(NAME)

_SEP = "\x1f"
_CLIENT = r"^\s*\[([^\]]+)\]\s*(.*)$"
ALL_DAY = "all-day event, not a work block"
CANCELLED = "cancelled event (STATUS:CANCELLED)"


def sniff(text: Text) -> bool:
    """True when the first non-blank line is ``BEGIN:VCALENDAR``."""
    for line in text.text.lstrip("\ufeff").splitlines():
        if line.strip():
            return line.strip().upper() == "BEGIN:VCALENDAR"
    return False


def _key(value: Any) -> str:
    """A comparable key for a DTSTART / RECURRENCE-ID value."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    return str(value)


def _prop_dt(component: Any, name: str) -> Any:
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    return getattr(prop, "dt", None)


class _Lines:
    """The ``BEGIN:VEVENT`` line of each event, found by UID and RECURRENCE-ID."""

    def __init__(self, text: str, events: list[Any]) -> None:
        starts = [
            i
            for i, line in enumerate(text.splitlines(), start=1)
            if line.strip().upper() == "BEGIN:VEVENT"
        ]
        self.override: dict[tuple[str, str], int] = {}
        self.master: dict[str, int] = {}
        self.first: dict[str, int] = {}
        #: the line of each event, in file order (0 when the nesting is unusual)
        self.of_event = starts if len(starts) == len(events) else [0] * len(events)
        if len(starts) != len(events):  # unusual nesting: fall back to line 0
            return
        for line, ev in zip(starts, events, strict=True):
            uid = str(ev.get("UID", ""))
            try:
                rid = _prop_dt(ev, "RECURRENCE-ID")
            except Exception:  # a broken value: the event is rejected before expansion
                continue
            self.first.setdefault(uid, line)
            if rid is None:
                self.master.setdefault(uid, line)
            else:
                self.override[(uid, _key(rid))] = line

    def find(self, uid: str, rid: Any) -> int:
        found = self.override.get((uid, _key(rid)))
        if found is None:
            found = self.master.get(uid, self.first.get(uid, 0))
        return found


def _utc(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


_FLOATING_MARGIN = dt.timedelta(hours=14)


def default_window(events: Iterable[Any]) -> tuple[dt.datetime, dt.datetime]:
    """From the first DTSTART to the latest DTSTAMP (else the latest DTEND/DTSTART/UNTIL).

    Floating and date values are taken as UTC for this bound only; a window that would be
    empty is one day long.
    """
    starts: list[dt.datetime] = []
    stamps: list[dt.datetime] = []
    ends: list[dt.datetime] = []
    for ev in events:
        for name, bucket in (("DTSTART", starts), ("DTSTAMP", stamps), ("DTEND", ends)):
            value = _prop_dt(ev, name)
            if isinstance(value, dt.date):
                floating = not isinstance(value, dt.datetime) or value.tzinfo is None
                # a floating start may be up to 14 h earlier in UTC (UTC+14): the window
                # starts early enough to hold it, or the event would vanish
                bucket.append(_utc(value) - (_FLOATING_MARGIN if floating and name == "DTSTART" else dt.timedelta(0)))
        rule = ev.get("RRULE")
        until = rule.get("UNTIL") if hasattr(rule, "get") else None
        for value in until or []:
            if isinstance(value, dt.date):
                ends.append(_utc(value))
    if not starts:
        now = dt.datetime.now(dt.UTC)
        return now, now
    first = min(starts)
    last = max(stamps) if stamps else max(ends + starts)
    if last <= first:
        last = first + dt.timedelta(days=1)
    return first, last


def _categories(ev: Any) -> list[str]:
    cats = ev.get("CATEGORIES")
    if cats is None:
        return []
    out: list[str] = []
    for c in cats if isinstance(cats, list) else [cats]:
        out.extend(str(v) for v in getattr(c, "cats", [c]))
    return out


def read(
    text: Text,
    *,
    config: Config,
    window: tuple[dt.date, dt.date] | None = None,
) -> Reading:
    """Read the timed event occurrences of an iCalendar file inside a bounded window.

    Parameters
    ----------
    text
        The decoded ``.ics`` file.
    config
        Settings: ``timezone`` for floating times and local dates, ``person``.
    window
        ``(from, to)``: occurrences from ``from`` (inclusive) to ``to`` (exclusive), as
        ``recurring-ical-events`` ``between`` reads dates. Default: from the first DTSTART
        to the latest DTSTAMP of the calendar (see the module docstring).
    """
    import icalendar
    import recurring_ical_events
    import x_wr_timezone

    limits = config.limits
    refused: list[tuple[int, str]] = []
    notes: list[str] = []
    try:
        # A VTIMEZONE icalendar cannot parse (an offset of +9999) would make the whole
        # file unreadable: it is left out, and the events that use it are rejected.
        body, broken_zones = _without_broken_zones(text.text.lstrip("\ufeff"), icalendar)
        original = icalendar.Calendar.from_ical(body)
        raw_events = list(original.walk("VEVENT"))
        lines = _Lines(text.text, raw_events)
        bad_wr = _bad_wr_timezone(original)
        if bad_wr is not None:
            del original["X-WR-TIMEZONE"]
        # An event that cannot be expanded (a broken DTSTART, an unknown TZID, an RRULE
        # that never advances, an end out of range or before its start) is one
        # rejection, not the end of the calendar.
        zones = {str(tz.get("TZID", "")) for tz in original.walk("VTIMEZONE")}
        checks = _Checks(zones, broken_zones, bad_wr, limits)
        for ev, line in zip(raw_events, lines.of_event, strict=True):
            problem = _problem(ev, checks)
            if problem is not None:
                refused.append((line, problem))
                _remove(original, ev)
        kept_events = [(ev, line) for ev, line in zip(raw_events, lines.of_event, strict=True) if line not in {r[0] for r in refused}]
        raw_events = list(original.walk("VEVENT"))
        cal = x_wr_timezone.to_standard(original)
        if window is None:
            a, b = default_window(raw_events)
            span: tuple[Any, Any] = _clamp((a, b), limits)
            how = "default window: first DTSTART to latest DTSTAMP"
        else:
            span = _clamp(window, limits)
            how = "window given"
        notes.extend(_drop_idle_rules(cal, span, lines))
        occurrences, capped = _expand(recurring_ical_events.of(cal), span, limits, lines)
        notes.extend(capped)
    except InputError:
        raise
    except Exception as exc:  # icalendar and the expansion raise many types on bad input
        msg = f"{text.path}: not a readable iCalendar file ({type(exc).__name__}: {exc})"
        raise InputError(msg) from exc

    # The library hands back one event object per occurrence, so the fields are gathered
    # occurrence by occurrence; every conversion after that is column-wise.
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "line",
            "uid",
            "rid",
            "utc_s",
            "utc_e",
            "wall_s",
            "wall_e",
            "summary",
            "tags",
            "error",
        )
    }
    refused.extend(_unaccounted(kept_events, occurrences, span, window is None))
    for ev, start, end in occurrences:
        uid = str(ev.get("UID", ""))
        rid = _prop_dt(ev, "RECURRENCE-ID") or start
        if ev.get("DTEND") is None and ev.get("DURATION") is None:
            end = start  # no DTEND and no DURATION: a zero-length block
        error: str | None = None
        if not isinstance(start, dt.datetime):
            error = ALL_DAY
        elif str(ev.get("STATUS", "")).upper() == "CANCELLED":
            error = CANCELLED
        elif not isinstance(end, dt.datetime):
            error = "DTEND is a date while DTSTART is a time"
        timed = error is None or error == CANCELLED
        aware = timed and isinstance(start, dt.datetime) and start.tzinfo is not None
        cols["line"].append(lines.find(uid, rid))
        cols["uid"].append(uid)
        cols["rid"].append(_key(rid))
        cols["utc_s"].append(_utc(start).replace(tzinfo=None) if aware else None)
        cols["utc_e"].append(
            _utc(end).replace(tzinfo=None) if aware and isinstance(end, dt.datetime) else None
        )
        cols["wall_s"].append(start if timed and not aware else None)
        cols["wall_e"].append(end if timed and not aware and isinstance(end, dt.datetime) else None)
        cols["summary"].append(str(ev.get("SUMMARY", "")))
        cols["tags"].append(_SEP.join(_categories(ev)))
        cols["error"].append(error)

    tz = config.timezone
    naive = pl.Datetime("us")
    df = pl.DataFrame(
        {
            LINE: cols["line"],
            "__uid": cols["uid"],
            "__rid": cols["rid"],
            "__utc_s": cols["utc_s"],
            "__utc_e": cols["utc_e"],
            "__wall_s": cols["wall_s"],
            "__wall_e": cols["wall_e"],
            "__summary": cols["summary"],
            "__tags": cols["tags"],
            "__parse_error": cols["error"],
        },
        schema={
            LINE: pl.Int64(),
            "__uid": pl.String(),
            "__rid": pl.String(),
            "__utc_s": naive,
            "__utc_e": naive,
            "__wall_s": naive,
            "__wall_e": naive,
            "__summary": pl.String(),
            "__tags": pl.String(),
            "__parse_error": pl.String(),
        },
    )
    client = pl.col("__summary").str.extract(_CLIENT, 1).str.strip_chars()
    df = df.with_columns(
        start=pl.coalesce(
            pl.col("__utc_s").dt.replace_time_zone("UTC"),
            localize(pl.col("__wall_s"), tz, ambiguous="earliest"),
        ).cast(UTC_DT),
        end=pl.coalesce(
            pl.col("__utc_e").dt.replace_time_zone("UTC"),
            localize(pl.col("__wall_e"), tz, ambiguous="latest"),
        ).cast(UTC_DT),
    ).with_columns(
        person=pl.lit(config.person),
        client=pl.when(client != "").then(client),
        project=pl.lit(""),
        task=pl.lit(""),
        description=pl.when(client.is_not_null() & (client != ""))
        .then(pl.col("__summary").str.extract(_CLIENT, 2))
        .otherwise(pl.col("__summary"))
        .str.strip_chars(),
        tags=split_tags(pl.col("__tags"), _SEP),
        date=pl.col("start").dt.convert_time_zone(tz).dt.date(),
        duration=(pl.col("end") - pl.col("start")).cast(pl.Duration("us")),
        billable=pl.lit(None, pl.Boolean),
    )
    df = df.with_columns(
        pl.when(pl.col("__parse_error").is_not_null())
        .then(pl.col("__parse_error"))
        .when(pl.col("start").is_null() | pl.col("end").is_null())
        .then(pl.lit(f"time does not exist in {tz} (clocks moved forward that night)"))
        .when(pl.col("end") < pl.col("start"))
        .then(pl.lit("ends before it starts"))
        .alias(ERROR)
    )
    notes = [_window_note(span, how, tz), *notes]
    n_all_day = df.filter(pl.col(ERROR) == ALL_DAY).height
    if n_all_day:
        notes.append(f"{n_all_day} all-day occurrences not counted as work (listed as rejected)")
    notes.extend(_long_notes(df, tz))
    reading = finish(
        text.path,
        NAME,
        df,
        source=NAME,
        id_expr=hash_id(NAME, [pl.col("__uid"), pl.col("__rid")]),
        notes=notes,
        broken=refused,
    )
    return reading


_FREQS = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
#: RRULE parts holding integers, with their allowed range (RFC 5545 3.3.10); negative
#: values count from the end.
_RANGES = {
    "BYSECOND": (0, 60), "BYMINUTE": (0, 59), "BYHOUR": (0, 23),
    "BYMONTHDAY": (-31, 31), "BYYEARDAY": (-366, 366), "BYWEEKNO": (-53, 53),
    "BYMONTH": (1, 12), "BYSETPOS": (-366, 366),
}
_PARTS = {*_RANGES, "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST"}


@dataclass(frozen=True)
class _Checks:
    """What `_problem` checks an event against."""

    #: TZIDs the file defines in a readable VTIMEZONE
    zones: set[str]
    #: TZIDs whose VTIMEZONE is unreadable, with why
    broken: dict[str, str]
    #: the calendar's X-WR-TIMEZONE when it is no usable zone (floating times unplaceable)
    bad_wr: str | None
    limits: Any


def _without_broken_zones(body: str, icalendar: Any) -> tuple[str, dict[str, str]]:
    """``body`` without the VTIMEZONE blocks icalendar cannot parse, and their TZIDs with
    why. Line numbers are kept: a block removed leaves as many lines, each a comment-like
    ``X-CMTIME-REMOVED:`` property that icalendar ignores."""
    if "BEGIN:VTIMEZONE" not in body.upper():
        return body, {}
    broken: dict[str, str] = {}
    out = body
    for m in _VTIMEZONE.finditer(body):
        block = m.group(0)
        try:
            icalendar.Timezone.from_ical(block).to_tz()
        except Exception as exc:  # icalendar raises many types on a broken zone
            tzid = re.search(r"(?im)^TZID[^:\r\n]*:(.*?)\r?$", block)
            broken[tzid.group(1).strip() if tzid else ""] = f"{type(exc).__name__}: {exc}"[:120]
            blank = "\r\n".join("X-CMTIME-REMOVED:" for _ in block.splitlines())
            out = out.replace(block, blank, 1)
    return out, broken


_VTIMEZONE = re.compile(r"(?ims)^BEGIN:VTIMEZONE[ \t\r]*$.*?^END:VTIMEZONE[ \t\r]*$")


def _bad_wr_timezone(cal: Any) -> str | None:
    """The calendar's X-WR-TIMEZONE when it names no zone Python and polars can use."""
    from cmtime.config import _valid_zone

    value = cal.get("X-WR-TIMEZONE")
    if value is None:
        return None
    name = str(value)
    try:
        ok = _valid_zone(name)
    except Exception:  # a path-like name (../../etc/passwd) raises in zoneinfo
        ok = False
    return None if ok else name


def _span_problem(ev: Any, limits: Any) -> str | None:
    """An event whose end is out of range or before its start: its own rejection."""
    start = _prop_dt(ev, "DTSTART")
    if not isinstance(start, dt.datetime):
        return None
    end = _prop_dt(ev, "DTEND")
    duration = _prop_dt(ev, "DURATION")
    try:
        if end is None and isinstance(duration, dt.timedelta):
            if duration < dt.timedelta(0):
                return f"negative duration '-{-duration}'"
            end = start + duration
    except OverflowError:
        return f"start or end outside the years {limits.first_year}-{limits.last_year} ([limits] first_year, last_year)"
    years = f"start or end outside the years {limits.first_year}-{limits.last_year} ([limits] first_year, last_year)"
    for value in (start, end):
        if isinstance(value, dt.date) and not limits.first_year <= value.year <= limits.last_year:
            return years
    if isinstance(end, dt.datetime):
        try:
            backwards = _utc(end) < _utc(start) if (end.tzinfo is None) == (start.tzinfo is None) else False
        except (OverflowError, ValueError):
            return years
        if backwards:
            return "ends before it starts"
    return None


def _unaccounted(
    events: list[tuple[Any, int]], occurrences: list[tuple[Any, Any, Any]], span: tuple[Any, Any], default: bool,
) -> list[tuple[int, str]]:
    """A rejection for each event that gave no occurrence where it should have: nothing in
    the file vanishes (``rows = entries + rejected + open``). Read with the default window,
    an event that starts after the latest DTSTAMP was planned, not worked; read with a
    window given (a period), only the events that start inside it are owed an occurrence.
    An event whose occurrences were all moved by overrides counts by its UID."""
    if not events or not any(line for _, line in events):
        return []  # unusual nesting: no line to name
    uids = {str(ev.get("UID", "")) for ev, _, _ in occurrences}
    lo, hi = (_utc(v) for v in span)
    out = []
    for ev, line in events:
        start = _prop_dt(ev, "DTSTART")
        if str(ev.get("UID", "")) in uids or not isinstance(start, dt.date):
            continue
        first = _utc(start)
        if default and first >= hi:
            out.append((line, f"starts after the calendar was exported (its latest DTSTAMP, {_show(span[1])}): planned, not yet worked"))
        elif default or lo <= first < hi:
            out.append((line, f"no occurrence from {_show(span[0])} to {_show(span[1])}"))
    return out


def _problem(ev: Any, checks: _Checks) -> str | None:
    """Why an event cannot be expanded (None when it can): a broken DTSTART or DTEND, a
    time zone neither IANA nor defined in the file, an RRULE that is not RFC 5545, an end
    out of range or before its start, a floating time the calendar cannot place."""
    from zoneinfo import ZoneInfo

    zones = checks.zones

    for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "DURATION"):
        prop = ev.get(name)
        if prop is None:
            if name == "DTSTART":
                return "event without DTSTART"
            continue
        try:
            value = getattr(prop[0] if isinstance(prop, list) else prop, "dt", None)
        except Exception:
            try:
                raw = prop.to_ical()
                shown = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            except Exception:
                shown = ""
            return f"unreadable {name} {shown[:60]!r}"
        params = getattr(prop, "params", {})
        tzid = params.get("TZID") if hasattr(params, "get") else None
        if tzid and str(tzid) in checks.broken:
            return f"unknown time zone TZID={tzid} in {name}"  # its VTIMEZONE is unreadable
        if tzid and str(tzid) not in zones:
            try:
                ZoneInfo(str(tzid))
            except Exception:
                return f"unknown time zone TZID={tzid} in {name}"
        if name == "DTSTART" and not isinstance(value, dt.date):
            return f"unreadable DTSTART {value!r}"
        if checks.bad_wr is not None and isinstance(value, dt.datetime) and value.tzinfo is None and not tzid:
            return f"floating {name} and the calendar's X-WR-TIMEZONE {checks.bad_wr[:60]!r} is not a time zone"
    span = _span_problem(ev, checks.limits)
    if span is not None:
        return span
    rules = ev.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        problem = _rule_problem(rule)
        if problem is not None:
            return f"invalid RRULE ({problem})"
    return None


def _rule_problem(rule: Any) -> str | None:
    try:
        parts = {str(k).upper(): v for k, v in dict(rule).items()}
    except Exception:
        return "unreadable"
    unknown = sorted(set(parts) - _PARTS)
    if unknown:
        return f"unknown part {unknown[0]}"
    freq = [str(f).upper() for f in parts.get("FREQ", [])]
    if len(freq) != 1 or freq[0] not in _FREQS:
        return f"FREQ={','.join(freq) or '?'} is not one of {', '.join(sorted(_FREQS))}"
    for key in ("INTERVAL", "COUNT"):
        for v in parts.get(key, []):
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                return f"{key}={v} must be a whole number of at least 1"
    for key, (lo, hi) in _RANGES.items():
        for v in parts.get(key, []):
            if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi or (v == 0 and lo < 0):
                return f"{key}={v} is outside {lo}..{hi}"
    for v in parts.get("UNTIL", []):
        if not isinstance(v, dt.date):
            return f"UNTIL={v} is not a date"
    return None


def _remove(cal: Any, ev: Any) -> None:
    """Take one event out of the calendar tree, wherever it is nested."""
    for comp in cal.walk():
        subs = getattr(comp, "subcomponents", [])
        for i, sub in enumerate(subs):
            if sub is ev:
                del subs[i]
                return


#: The RRULE parts that pick days: a rule with one of them may match no day at all.
_DAY_PARTS = {"BYMONTHDAY": "bymonthday", "BYYEARDAY": "byyearday", "BYWEEKNO": "byweekno", "BYDAY": "byweekday"}


def _drop_idle_rules(cal: Any, span: tuple[Any, Any], lines: _Lines) -> list[str]:
    """Drop the RRULE of each event whose rules pick no day in the window, with a note.

    dateutil looks for a rule's next occurrence day by day up to the year 9999, and stops
    at UNTIL only once it has found one: a rule whose parts never meet
    (``FREQ=MINUTELY;BYMONTH=4;BYMONTHDAY=31``, April 31st) cost seconds of CPU per walk,
    and an event is walked twice. Such an event is left with what the library gives it
    anyway: its DTSTART occurrence (and its RDATEs). The test itself walks a year at a
    time, up to the year 9999.
    """
    lo, hi = (_utc(v).date() for v in span)
    notes = []
    known: dict[tuple[bytes, dt.date], bool] = {}  # a file repeats its rules: test each once

    def idle(rule: Any, first: dt.date) -> bool:
        key = (rule.to_ical(), first)
        if key not in known:
            known[key] = _no_day(rule, first, hi)
        return known[key]

    for ev in cal.walk("VEVENT"):
        rules = ev.get("RRULE")
        rules = rules if isinstance(rules, list) else [rules] if rules is not None else []
        start = _prop_dt(ev, "DTSTART")
        if not rules or not isinstance(start, dt.date):
            continue
        first = max(lo, _utc(start).date())
        if all(idle(rule, first) for rule in rules):
            del ev["RRULE"]
            uid = str(ev.get("UID", ""))
            notes.append(
                f"recurring event {uid!r} (line {lines.find(uid, None)}): its RRULE picks no day "
                f"from {first} to {hi}: only its first occurrence (DTSTART) is read"
            )
    return notes


def _no_day(rule: Any, first: dt.date, last: dt.date) -> bool:
    """True when ``rule`` (parts already checked by `_rule_problem`) can pick no day from
    ``first`` to ``last`` (a day of margin each side, for time zones).

    Two tests, as dateutil reads a rule:

    - BYSETPOS picks among the instants of one period (an hour for ``HOURLY``: one per
      BYMINUTE and BYSECOND value, one by default); a position past their number never
      comes (``FREQ=HOURLY;BYSETPOS=2``). Daily and finer rules only.
    - A yearly rule with the rule's day parts, which dateutil walks a year at a time:
      every day a finer rule can land on is one of its days (BYMONTH, BYMONTHDAY,
      BYYEARDAY, BYWEEKNO and BYDAY only narrow; INTERVAL, COUNT and BYSETPOS only remove
      occurrences; an ordinal ``1MO`` counts as ``MO`` in a weekly or finer rule, as in
      dateutil).

    A monthly or yearly rule is not tested (dateutil walks it a month at a time), nor is
    a rule without a day part (it always has days).
    """
    from dateutil import rrule as du

    parts = {str(k).upper(): v for k, v in dict(rule).items()}
    freq = str(parts.get("FREQ", [""])[0]).upper()
    if freq not in {"WEEKLY", *_FINER}:
        return False
    if "BYSETPOS" in parts and freq in _FINER:
        instants = math.prod(len(parts.get(p, [0])) for p in _FINER[freq])
        if all(abs(int(v)) > instants for v in parts["BYSETPOS"]):
            return True
    if not _DAY_PARTS.keys() & parts.keys():
        return False
    weekdays = {"MO": du.MO, "TU": du.TU, "WE": du.WE, "TH": du.TH, "FR": du.FR, "SA": du.SA, "SU": du.SU}
    kwargs: dict[str, Any] = {}
    for part, name in (*_DAY_PARTS.items(), ("BYMONTH", "bymonth")):
        if part not in parts:
            continue
        if part == "BYDAY":  # "1MO", "-1FR": the weekday, which is all dateutil keeps here
            days = [str(d).upper().lstrip("+-0123456789") for d in parts[part]]
            if any(d not in weekdays for d in days):
                return False
            kwargs[name] = [weekdays[d] for d in days]
        else:
            kwargs[name] = [int(v) for v in parts[part]]
    if "WKST" in parts:
        kwargs["wkst"] = weekdays.get(str(parts["WKST"][0]).upper(), du.MO)
    until = parts.get("UNTIL", [None])[0]
    end = min(last, until if not isinstance(until, dt.datetime) else until.date()) if until else last
    day = dt.timedelta(days=1)
    try:
        probe = du.rrule(du.YEARLY, dtstart=dt.datetime.combine(first - day, dt.time()), **kwargs)
        found = probe.after(dt.datetime.combine(first - day, dt.time()), inc=True)
    except (ValueError, TypeError, OverflowError):
        return False
    return found is None or found.date() > end + day


#: Per frequency walked a day or less at a time, the parts that make the instants of one
#: period (what BYSETPOS counts).
_FINER = {
    "DAILY": ("BYHOUR", "BYMINUTE", "BYSECOND"),
    "HOURLY": ("BYMINUTE", "BYSECOND"),
    "MINUTELY": ("BYSECOND",),
    "SECONDLY": (),
}


def _clamp(span: tuple[Any, Any], limits: Any) -> tuple[Any, Any]:
    """The window, inside the years `Limits` allows (a DTSTAMP in 9999 is no reason to
    expand eight thousand years)."""
    a, b = span
    if isinstance(a, dt.datetime):
        lo: Any = dt.datetime(limits.first_year, 1, 1, tzinfo=a.tzinfo)
        hi: Any = dt.datetime(limits.last_year + 1, 1, 1, tzinfo=a.tzinfo)
    else:
        lo, hi = dt.date(limits.first_year, 1, 1), dt.date(limits.last_year + 1, 1, 1)
    a, b = min(max(a, lo), hi), min(max(b, lo), hi)
    return a, b


def _expand(
    query: Any, span: tuple[Any, Any], limits: Any, lines: _Lines
) -> tuple[list[tuple[Any, Any, Any]], list[str]]:
    """The occurrences of each series in ``span``, at most ``max_event_occurrences`` per
    event and ``max_occurrences`` per calendar, with a note for each cap reached.

    The library expands a rule eagerly over the span it is given, so a rule with more
    occurrences than the cap (``FREQ=SECONDLY`` over a year) gets a shorter span: it ends
    where the first occurrence past the cap starts, found by walking the rule lazily.
    """
    start, stop = (query.to_datetime(v) for v in span)
    out: list[tuple[Any, Any, Any]] = []
    notes: list[str] = []
    for series in query.series:
        room = min(limits.max_event_occurrences, limits.max_occurrences - len(out))
        if room <= 0:
            notes.append(
                f"calendar cap reached: {limits.max_occurrences:,} occurrences expanded, later events "
                "not read ([limits] max_occurrences)"
            )
            break
        end = _cut(series, start, stop, room)
        got = sorted(series.between(start, end + dt.timedelta(seconds=1) if end is not None else stop))[:room]
        # (source event, start, end) of each occurrence: building a full component per
        # occurrence (the library's as_component) costs seconds per 10 000 occurrences.
        out.extend((o._adapter._component, o.start, o.end) for o in got)
        if end is not None:
            uid = str(getattr(series, "uid", ""))
            which = "event cap" if room == limits.max_event_occurrences else "calendar cap"
            key = "max_event_occurrences" if which == "event cap" else "max_occurrences"
            notes.append(
                f"{which} reached: recurring event {uid!r} (line {lines.find(uid, None)}) expanded "
                f"to {room:,} occurrences, up to {_show(end)} ([limits] {key})"
            )
    return out, notes


def _cut(series: Any, start: Any, stop: Any, room: int) -> Any:
    """Where ``series`` must stop so that at most ``room`` occurrences start in the span,
    or None when it has no more than that. Walks each rule lazily (dateutil's iterator)
    and gives up after ``room`` occurrences in the span, or 50x that many before it."""
    import itertools

    recurrence = getattr(series, "recurrence", None)
    rules = getattr(recurrence, "rrules", [])
    if not rules:
        return None
    tz = getattr(recurrence, "tzinfo", None)

    def as_dt(v: dt.date) -> dt.datetime:
        when = v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day)
        if (when.tzinfo is None) != (tz is None):
            when = when.replace(tzinfo=tz) if tz is not None else when.replace(tzinfo=None)
        return when

    lo, hi = as_dt(start), as_dt(stop)
    seen = 0
    for rule in rules:
        before = 0
        for when in itertools.islice(iter(rule), 50 * room + room + 1):
            when = as_dt(when)
            if when > hi:
                break
            if when < lo:
                before += 1
                if before > 50 * room:
                    return lo
                continue
            seen += 1
            if seen > room:
                return when
    return None


def _show(v: Any) -> str:
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if v.tzinfo else v.strftime("%Y-%m-%d %H:%M")
    return str(v)


def _window_note(span: tuple[Any, Any], how: str, tz: str) -> str:
    def show(v: Any) -> str:
        if isinstance(v, dt.datetime):
            return v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        return str(v)

    return (
        f"recurring events expanded from {show(span[0])} to {show(span[1])} ({how}; times in {tz})"
    )


def _long_notes(df: pl.DataFrame, tz: str) -> list[str]:
    long = df.filter(pl.col(ERROR).is_null() & (pl.col("duration") > pl.duration(hours=24)))
    out: list[str] = []
    for summary, start, secs in long.select(
        "__summary",
        pl.col("start").dt.convert_time_zone(tz).dt.strftime("%Y-%m-%d %H:%M"),
        pl.col("duration").dt.total_seconds(),
    ).iter_rows():
        days = secs / 86_400
        size = f"{round(days)}-day" if days >= 2 else f"{round(secs / 3600)}-hour"
        out.append(f"{size} event '{summary}' from {start} kept: check it is work")
    return out
