"""Hostile and broken inputs (issue 17): the real CLI, in a subprocess, bounded in time and memory.

Every case builds a few small files, then runs ``cmtime check --json`` and ``cmtime check``
(and ``summary`` where the figures matter) with a bound of 10 s of CPU (60 s of wall clock
for what blocks without computing) and a 1.5 GB address-space limit. Each run must end with exit 0 or 2, print no traceback and no "This is a bug", keep
``--json`` valid (no NaN/Infinity) and keep ``rows = entries + rejected + open`` per file.
A case may add its own assertions on what was printed.

The runs are started together (two at a time) the first time a case asks for its result,
so the whole file costs about what its slowest runs cost. Cases marked ``slow`` (tens of
MB on disk) run on their own.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TOGGL_HEADER

#: The CLI, which writes its peak resident memory (KiB) to $CMTIME_PEAK_FILE as it exits.
#: VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec, so a child forked from a
#: pytest process of 600 MiB reported 600 MiB whatever it did (seen on a full run); VmHWM
#: belongs to the memory map the exec made. Its own children (chart workers) count too.
CLI = [
    sys.executable,
    "-c",
    "import atexit, os, resource\n"
    "def _peak():\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            return next(ln.split()[1] for ln in f if ln.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        return str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    "def _write():\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "    open(os.environ['CMTIME_PEAK_FILE'], 'w').write(str(max(int(_peak()), kids)))\n"
    "atexit.register(_write)\n"
    "from cmtime.interfaces.cli import main; main()",
]
#: The time bound is CPU time (RLIMIT_CPU), so that a busy machine does not fail a case;
#: the wall-clock timeout only catches what waits without computing (a FIFO).
CPU_SECONDS = 10
TIMEOUT_S = 60.0
#: The memory bound: the peak resident memory of every run (what the machine gives).
PEAK_BYTES = 1024 * 2**20
#: A hard stop on address space, so that unbounded growth ends instead of swapping; far
#: above PEAK_BYTES because polars' allocator reserves address space it never touches (at
#: 1.5 GiB a 40 MB CSV was sometimes refused a 16 MB block, at a third of that resident).
MEMORY_BYTES = 4096 * 2**20
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    argv: list[str]
    code: int | None
    out: str
    err: str
    seconds: float
    #: peak resident memory in bytes (None when the process did not exit normally)
    peak: int | None = None


@dataclass
class Case:
    id: str
    #: writes the inputs into a folder and returns the arguments after the command name
    build: Callable[[Path], list[str]]
    summary: bool = False
    #: extra assertions on the runs, keyed "check", "check --json", "summary", ...
    expect: Callable[[dict[str, Run]], None] | None = None
    slow: bool = False
    #: run as an unprivileged user (permission cases cannot be shown as root)
    unprivileged: bool = False
    #: run only these commands (default: check --json, check, and summary when asked)
    commands: tuple[tuple[str, ...], ...] = field(default=())


CASES: list[Case] = []


def case(
    id: str,
    *,
    summary: bool = False,
    slow: bool = False,
    unprivileged: bool = False,
    commands: tuple[tuple[str, ...], ...] = (),
    expect: Callable[[dict[str, Run]], None] | None = None,
) -> Callable[[Callable[[Path], list[str]]], Callable[[Path], list[str]]]:
    def deco(build: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
        CASES.append(Case(id, build, summary, expect, slow, unprivileged, commands))
        return build

    return deco


def files(d: Path, **contents: str | bytes) -> list[str]:
    """Write files (name -> text or bytes) into ``d`` and return their paths."""
    out = []
    for name, body in contents.items():
        p = d / name.replace("__", ".")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
        out.append(str(p))
    return out


def toggl(*rows: str, header: str = TOGGL_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def row(description: str = "Stratégie", client: str = "Dupont", *, start: str = "2026-03-02",
        at: str = "09:00:00", end: str = "10:00:00", duration: str = "01:00:00") -> str:
    return f"Camille,c@example.org,{client},Réseaux,,{description},Yes,{start},{at},{start},{end},{duration},,60"


GOOD = row()


def ics(*events: str, extra: str = "") -> str:
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hostile//EN", *([extra] if extra else [])])
    for ev in events:
        body += "\r\nBEGIN:VEVENT\r\n" + ev.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT"
    return body + "\r\nEND:VCALENDAR\r\n"


def event(uid: str = "a@x", start: str = "DTSTART:20260302T090000Z", end: str = "DTEND:20260302T100000Z",
          stamp: str = "20260330T120000Z", rule: str = "", summary: str = "[Dupont] Point") -> str:
    lines = [f"UID:{uid}", f"DTSTAMP:{stamp}", start, end, f"SUMMARY:{summary}"]
    if rule:
        lines.append(rule)
    return "\n".join(lines)


# -- assertions shared by the cases -------------------------------------------------------------


def rejected(runs: dict[str, Run]) -> list[dict[str, Any]]:
    doc = json.loads(runs["check --json"].out)
    return [r for f in doc["files"] for r in f["rejected"]]


def entries(runs: dict[str, Run]) -> int:
    return sum(f["entries"] for f in json.loads(runs["check --json"].out)["files"])


def skipped(runs: dict[str, Run]) -> list[dict[str, str]]:
    return list(json.loads(runs["check --json"].out)["skipped"])


def notes_text(runs: dict[str, Run]) -> str:
    return runs["check"].out


def exits_2(*words: str) -> Callable[[dict[str, Run]], None]:
    def check(runs: dict[str, Run]) -> None:
        for name, r in runs.items():
            assert r.code == 2, f"{name}: exit {r.code}, expected 2"
            for w in words:
                assert w in r.err, f"{name}: {w!r} not in {r.err!r}"

    return check


def rejects(*words: str, at_least: int = 1, kept: int | None = None) -> Callable[[dict[str, Run]], None]:
    def check(runs: dict[str, Run]) -> None:
        # check exits 2 when nothing at all is readable, like summary and share (issue #29),
        # its document printed all the same
        code = runs["check --json"].code
        assert code == (0 if entries(runs) else 2), runs["check --json"].err
        rej = rejected(runs)
        hits = [r for r in rej if all(w.casefold() in r["reason"].casefold() for w in words)]
        assert len(hits) >= at_least, rej
        assert all(isinstance(r["line"], int) and r["line"] >= 1 for r in rej), rej
        if kept is not None:
            assert entries(runs) == kept

    return check


def reads(n: int) -> Callable[[dict[str, Run]], None]:
    def check(runs: dict[str, Run]) -> None:
        # nothing readable is exit 2 for check too (issue #29), its document printed
        assert runs["check --json"].code == (0 if n else 2), runs["check --json"].err
        assert entries(runs) == n

    return check


def shows(*texts: str, command: str = "check") -> Callable[[dict[str, Run]], None]:
    def check(runs: dict[str, Run]) -> None:
        r = runs[command]
        for t in texts:
            assert t in r.out + r.err, f"{t!r} not shown by {command}: {r.out + r.err!r}"

    return check


def all_of(*checks: Callable[[dict[str, Run]], None]) -> Callable[[dict[str, Run]], None]:
    def check(runs: dict[str, Run]) -> None:
        for c in checks:
            c(runs)

    return check


# -- iCalendar --------------------------------------------------------------------------------

SMALL_CAP = "[limits]\nmax_occurrences = 50\n"


@case("ics-interval-zero", expect=rejects("RRULE"))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:FREQ=DAILY;INTERVAL=0")))


@case("ics-dtstamp-9999", summary=True, expect=lambda r: "cap" in notes_text(r) or rejected(r))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:FREQ=DAILY", stamp="99991231T000000Z")))


@case("ics-minutely-year", expect=shows("cap"))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:FREQ=MINUTELY", stamp="20270302T000000Z")))


@case("ics-secondly-year", expect=shows("cap"))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:FREQ=SECONDLY", stamp="20270302T000000Z")))


@case("ics-hourly-count-huge", expect=shows("cap"))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:FREQ=HOURLY;COUNT=1000000000", stamp="20270302T000000Z")))


@case("ics-freq-unknown", expect=rejects("RRULE"))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:FREQ=SOMETIMES")))


@case("ics-byhour-99", expect=rejects("RRULE"))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:FREQ=DAILY;BYHOUR=99")))


@case("ics-rrule-garbage", expect=rejects("RRULE"))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:;;;==;FREQ"), event(uid="b@x")))


@case("ics-never-occurs", expect=lambda r: entries(r) <= 1)
def _(d: Path) -> list[str]:
    # February 31st never comes: a naive expansion walks 9999 years looking for it.
    rule = "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"
    return files(d, cal__ics=ics(event(rule=rule, stamp="99991231T000000Z")))


@case("ics-never-occurs-by-the-minute", expect=all_of(reads(4), shows("picks no day")))
def _(d: Path) -> list[str]:
    # Rules whose parts never meet, walked minute by minute: dateutil tries each day up to
    # the year 9999 (6 s of CPU a walk, two walks an event); each event keeps its DTSTART.
    rules = ["FREQ=MINUTELY;BYMONTH=4;BYMONTHDAY=31", "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
             "FREQ=HOURLY;BYMONTH=6;BYMONTHDAY=31;COUNT=5"]
    evs = [event(uid=f"n{i}@x", rule=f"RRULE:{r}", stamp="99991231T000000Z") for i, r in enumerate(rules)]
    return files(d, cal__ics=ics(*evs, event(uid="plain@x")))


@case("ics-one-bad-dtstart", expect=rejects("DTSTART", kept=2))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(
        event(uid="a@x"),
        event(uid="b@x", start="DTSTART:2026030ZT0900", end="DTEND:20260303T100000Z"),
        event(uid="c@x", start="DTSTART:20260304T090000Z", end="DTEND:20260304T100000Z"),
    ))


@case("ics-unknown-tzid", expect=rejects("Mars/Olympus", kept=1))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(
        event(uid="a@x"),
        event(uid="b@x", start="DTSTART;TZID=Mars/Olympus:20260303T090000",
              end="DTEND;TZID=Mars/Olympus:20260303T100000"),
    ))


@case("ics-per-calendar-cap", expect=shows("cap"))
def _(d: Path) -> list[str]:
    evs = [event(uid=f"u{i}@x", rule="RRULE:FREQ=DAILY;COUNT=10") for i in range(10)]
    return [*files(d, cal__ics=ics(*evs), cmtime__toml=SMALL_CAP)[:1], "--config", str(d / "cmtime.toml")]


@case("ics-per-event-cap-config", expect=all_of(shows("cap"), reads(50)))
def _(d: Path) -> list[str]:
    ev = event(rule="RRULE:FREQ=DAILY", stamp="20270302T000000Z")
    return [*files(d, cal__ics=ics(ev), cmtime__toml=SMALL_CAP)[:1], "--config", str(d / "cmtime.toml")]


@case("ics-unterminated-event")
def _(d: Path) -> list[str]:
    return files(d, cal__ics="BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260302T090000Z\r\n")


@case("ics-nested-begins")
def _(d: Path) -> list[str]:
    return files(d, cal__ics="BEGIN:VCALENDAR\r\n" + "BEGIN:VEVENT\r\n" * 2000 + "END:VCALENDAR\r\n")


@case("ics-nul-byte", expect=lambda r: "\x00" not in r["check --json"].out)
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(), event(uid="b@x", summary="x" * 5000 + "\x00evil")))


@case("ics-markup-summary", summary=True, expect=shows("zorg [/] [bold]x"))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(summary="zorg [/] [bold]x")))


@case("ics-year-1-and-9999")
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(
        event(start="DTSTART:00010101T000000Z", end="DTEND:00010101T010000Z"),
        event(uid="b@x", start="DTSTART:99991231T230000Z", end="DTEND:99991231T235959Z"),
    ))


@case("ics-huge-duration", summary=True)
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(end="DURATION:P99999999D")))


@case("ics-until-before-start", expect=lambda r: entries(r) <= 1)
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event(rule="RRULE:FREQ=DAILY;UNTIL=19000101T000000Z")))


@case("ics-cr-only", expect=reads(1))
def _(d: Path) -> list[str]:
    return files(d, cal__ics=ics(event()).replace("\r\n", "\r"))


@case("ics-long-folded-line")
def _(d: Path) -> list[str]:
    folded = "SUMMARY:" + "\r\n ".join(["abcdefghij" * 7] * 20000)
    return files(d, cal__ics=ics(event(summary="x") + "\n" + folded.replace("\r\n", "\n")))


# -- Toggl CSV: markup, odd values, encodings, lines ------------------------------------------


@case("toggl-markup-close-tag", summary=True, expect=shows("zorg [/insta]"))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(row("zorg [/insta]"), row("Divers", start="2026-03-03")))


@case("toggl-markup-client", summary=True, expect=shows("Dupont [/]", command="summary"))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(row(client="Dupont [/]")))


@case("toggl-markup-kept", summary=True, expect=shows("zorg [fb/ig]"))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(row("zorg [fb/ig]")))


@case("toggl-markup-link", expect=lambda r: "\x1b]8;" not in r["check"].out)
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(row("[link=https://evil.example]clic[/link]")))


@case("toggl-markup-in-rejection", expect=shows("[/b]"))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(row(start="[/b]")))


@case("toggl-ansi-escape", expect=lambda r: "\x1b[2J" not in r["check"].out)
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(row("\x1b[2Jcleared")))


@case("toggl-year-0", expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, row(start="0000-01-01")))


@case("toggl-year-1", summary=True)
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, row(start="0001-01-01")))


@case("toggl-year-9999", summary=True)
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, row(start="9999-12-31", at="23:30:00", end="00:30:00")))


@case("toggl-duration-huge", summary=True, expect=rejects("duration", kept=1))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, row(duration="999999999:00:00")))


@case("toggl-duration-20-digits", summary=True)
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, row(duration="99999999999999999999:00:00")))


@case("toggl-negative-zero-duration", summary=True)
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, row(duration="-0:00:00"), row(duration="00:00:00")))


@case("toggl-nul-after-4k", expect=lambda r: "\x00" not in r["check --json"].out and rejects("NUL")(r))
def _(d: Path) -> list[str]:
    rows = [row(f"Bloc {i}") for i in range(60)] + [row("avant\x00après")]
    return files(d, t__csv=toggl(*rows))


@case("toggl-duplicate-header", expect=exits_2("Description"))
def _(d: Path) -> list[str]:
    header = TOGGL_HEADER + ",Description"
    return files(d, t__csv=toggl(GOOD + ",autre", header=header))


@case("toggl-cr-only", expect=reads(2))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, row(start="2026-03-03")).replace("\n", "\r"))


@case("toggl-long-line", expect=rejects("max_line_bytes", kept=2))
def _(d: Path) -> list[str]:
    cap = "[limits]\nmax_line_bytes = 100000\n"
    rows = (GOOD, row("x" * 300_000, start="2026-03-03"), row(start="2026-03-04"))
    return [*files(d, t__csv=toggl(*rows), cmtime__toml=cap)[:1], "--config", str(d / "cmtime.toml")]


@case("toggl-header-only", expect=reads(0))
def _(d: Path) -> list[str]:
    return files(d, t__csv=TOGGL_HEADER + "\n")


@case("toggl-bom-only", expect=exits_2("empty"))
def _(d: Path) -> list[str]:
    return files(d, t__csv=b"\xef\xbb\xbf\r\n")


@case("toggl-10k-columns")
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, header=TOGGL_HEADER + "," + ",".join(f"c{i}" for i in range(10_000))))


@case("toggl-unterminated-quote")
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, '"Camille,c@x,Dupont' + "\n" + "x" * 1000))


@case("toggl-quoted-newlines", expect=lambda r: entries(r) >= 1)
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD, row('"a\nb\n' * 200 + '"', start="2026-03-03")))


@case("toggl-utf16-odd-bytes")
def _(d: Path) -> list[str]:
    return files(d, t__csv=b"\xff\xfe" + toggl(GOOD).encode("utf-16-le") + b"\x00")


@case("toggl-binary-png", expect=exits_2())
def _(d: Path) -> list[str]:
    return files(d, t__csv=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)


@case("toggl-latin1-garbage")
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD).encode("utf-8") + bytes(range(128, 256)) * 30)


@case("toggl-many-rejections", expect=all_of(
    rejects(at_least=1000),  # the first 1 000 are kept with their lines, the rest counted (issue 33)
    lambda r: json.loads(r["check --json"].out)["files"][0]["rejected_more"] == 1000,
))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(*[row(start="pas une date")] * 2000))


@case("toggl-time-24-60", expect=rejects(at_least=2, kept=0))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(row(at="24:00:00"), row(at="12:60:00")))


# -- Toggl JSON -------------------------------------------------------------------------------


def tj(*items: str) -> str:
    base = '"workspace_id": 1, "user_id": 2, "description": "x"'
    return "[\n" + ",\n".join("{" + base + ", " + i + "}" for i in items) + "\n]\n"


TJ_GOOD = '"id": 1, "start": "2026-03-02T08:00:00Z", "stop": "2026-03-02T09:00:00Z", "duration": 3600'


@case("tjson-duration-1e308", summary=True, expect=rejects("duration", kept=1))
def _(d: Path) -> list[str]:
    return files(d, t__json=tj(TJ_GOOD, '"id": 2, "start": "2026-03-03T08:00:00Z", "duration": 1e308'))


@case("tjson-duration-nan", summary=True, expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, t__json=tj(TJ_GOOD, '"id": 2, "start": "2026-03-03T08:00:00Z", "duration": NaN'))


@case("tjson-duration-infinity", summary=True, expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, t__json=tj(TJ_GOOD, '"id": 2, "start": "2026-03-03T08:00:00Z", "duration": -Infinity'))


@case("tjson-duration-1e400", summary=True)
def _(d: Path) -> list[str]:
    return files(d, t__json=tj(TJ_GOOD, '"id": 2, "start": "2026-03-03T08:00:00Z", "duration": 1e400'))


@case("tjson-start-9999", summary=True)
def _(d: Path) -> list[str]:
    item = '"id": 2, "start": "9999-12-31T23:59:00Z", "duration": 3600'
    return files(d, t__json=tj(TJ_GOOD, item))


@case("tjson-start-year-0")
def _(d: Path) -> list[str]:
    return files(d, t__json=tj(TJ_GOOD, '"id": 2, "start": "0000-01-01T00:00:00Z", "duration": 60'))


@case("tjson-deep-nesting", expect=lambda r: r["check --json"].code == 2 or rejected(r))
def _(d: Path) -> list[str]:
    return files(d, t__json="[{" + '"a":' + "[" * 100_000 + "]" * 100_000 + "}]")


@case("tjson-deep-nesting-element", expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    deep = "[" * 5000 + "]" * 5000
    return files(d, t__json=tj(TJ_GOOD, '"id": 2, "start": "2026-03-03T08:00:00Z", "duration": 60, "tags": ' + deep))


@case("tjson-5000-digit-int", expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, t__json=tj(TJ_GOOD, '"id": 2, "start": "2026-03-03T08:00:00Z", "duration": ' + "9" * 5000))


@case("tjson-5000-digit-id")
def _(d: Path) -> list[str]:
    return files(d, t__json=tj(TJ_GOOD, '"id": ' + "1" * 5000 + ', "start": "2026-03-03T08:00:00Z", "duration": 60'))


@case("tjson-wrong-types")
def _(d: Path) -> list[str]:
    item = '"id": {"a": 1}, "start": ["2026"], "stop": 7, "duration": "3600", "tags": {"x": 1}, "billable": "yes"'
    return files(d, t__json=tj(TJ_GOOD, item))


@case("tjson-markup-description", summary=True, expect=shows("[/red]"))
def _(d: Path) -> list[str]:
    return files(d, t__json=tj(TJ_GOOD.replace('"id": 1', '"id": 1, "client_name": "[/red]"')))


# -- Watson -----------------------------------------------------------------------------------


def frames(*items: str) -> str:
    return "[\n" + ",\n".join(items) + "\n]"


W_GOOD = '[1772438400, 1772443800, "dupont", "aaaa", [], 1772443800]'


@case("watson-nan-epoch", summary=True, expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, frames=frames(W_GOOD, '[NaN, 1772443800, "x", "b", [], 0]'))


@case("watson-1e20-epoch", summary=True, expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, frames=frames(W_GOOD, '[1772438400, 1e20, "x", "b", [], 0]'))


@case("watson-negative-1e13", summary=True, expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, frames=frames(W_GOOD, '[-1e13, 1772443800, "x", "b", [], 0]'))


@case("watson-infinity", summary=True, expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, frames=frames(W_GOOD, '[Infinity, -Infinity, "x", "b", [], 0]'))


@case("watson-huge-int", expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    return files(d, frames=frames(W_GOOD, "[" + "9" * 40 + ', 1772443800, "x", "b", [], 0]'))


@case("watson-folder-markup-project", summary=True)
def _(d: Path) -> list[str]:
    (d / "w").mkdir()
    files(d / "w", frames=frames(W_GOOD.replace('"dupont"', '"[/]"')))
    return [str(d / "w"), "--format", "watson"]


@case("watson-log-csv-odd")
def _(d: Path) -> list[str]:
    body = "id,start,stop,project,tags\nabc,0001-01-01 00:00:00,9999-12-31 23:59:59,p,\n"
    return files(d, log__csv=body)


# -- Kimai, Harvest, Clockify, native, journal, waits -----------------------------------------

KIMAI = "Date,From,To,Duration,User,Customer,Project,Activity,Description\n"


@case("kimai-20-digit-duration", summary=True, expect=rejects(kept=1))
def _(d: Path) -> list[str]:
    body = KIMAI + "2026-03-06,09:00,10:00,3600,a,Dupont,S,P,\n2026-03-06,,,99999999999999999999,a,Dupont,S,P,\n"
    return files(d, k__csv=body)


@case("kimai-duration-1e308", summary=True)
def _(d: Path) -> list[str]:
    return files(d, k__csv=KIMAI + "2026-03-06,,,1e308,a,Dupont,S,P,\n2026-03-06,,,inf,a,Dupont,S,P,\n")


@case("kimai-date-9999", summary=True)
def _(d: Path) -> list[str]:
    return files(d, k__csv=KIMAI + "9999-12-31,23:00,01:00,2:00,a,Dupont,S,P,\n")


@case("kimai-hms-huge", summary=True)
def _(d: Path) -> list[str]:
    return files(d, k__csv=KIMAI + "2026-03-06,,,999999999:00:00,a,Dupont,S,P,\n")


HARVEST = "Date,Client,Project,Task,Notes,Hours,Billable?,First Name,Last Name\n"


@case("harvest-odd-hours", summary=True, expect=rejects(at_least=3, kept=2))  # "1,5" is 1.5 h
def _(d: Path) -> list[str]:
    rows = ["1,5", "1e308", "99999999999999999999", "NaN", "-inf", "2"]
    body = HARVEST + "".join(f'2026-03-0{i + 1},Dupont,P,T,n,"{h}",Yes,A,B\n' for i, h in enumerate(rows))
    return files(d, h__csv=body)


@case("harvest-date-year-1", summary=True)
def _(d: Path) -> list[str]:
    return files(d, h__csv=HARVEST + "0001-01-01,Dupont,P,T,n,2,Yes,A,B\n2026-03-02,Dupont,P,T,n,2,Yes,A,B\n")


CLOCKIFY = ("Project,Client,Description,Task,User,Email,Tags,Billable,Start Date,Start Time,End Date,"
            "End Time,Duration (h),Duration (decimal)\n")


@case("clockify-huge-duration", summary=True)
def _(d: Path) -> list[str]:
    body = CLOCKIFY + "P,Dupont,x,T,U,u@x,,Yes,03/02/2026,09:00 AM,03/02/2026,10:00 AM,999999999:00:00,1e308\n"
    return files(d, c__csv=body)


@case("clockify-year-1", summary=True)
def _(d: Path) -> list[str]:
    body = CLOCKIFY + "P,Dupont,x,T,U,u@x,,Yes,01/01/0001,09:00 AM,01/01/0001,10:00 AM,01:00:00,1\n"
    return files(d, c__csv=body)


NATIVE = "start,end,client,project,description,tags\n"


@case("native-extreme-span", summary=True)
def _(d: Path) -> list[str]:
    return files(d, n__csv=NATIVE + "0001-01-01T00:00,9999-12-31T23:59,Dupont,p,x,\n2026-03-02T09:00,2026-03-02T10:00,Dupont,p,x,\n")


@case("native-bad-offset", expect=rejects(kept=0))
def _(d: Path) -> list[str]:
    return files(d, n__csv=NATIVE + "2026-03-02T09:00+99:99,2026-03-02T10:00+99:99,Dupont,p,x,\n")


@case("native-markup-tags", summary=True, expect=shows("[/i]"))
def _(d: Path) -> list[str]:
    return files(d, n__csv=NATIVE + "2026-03-02T09:00,2026-03-02T10:00,Dupont,p,[/i],[/b]\n")


@case("journal-far-dates", summary=True)
def _(d: Path) -> list[str]:
    return files(d, j__txt="9999-12-31\n23:00-01:00 [Dupont] fin du monde\n0001-01-01\n09:00-10:00 début\n")


@case("journal-markup", summary=True)
def _(d: Path) -> list[str]:
    return files(d, j__txt="2026-03-02\n09:00-10:00 [Dupont [/]] [/] réunion [bold]\n")


@case("journal-huge-hours")
def _(d: Path) -> list[str]:
    return files(d, j__txt="2026-03-02\n99999999999999999999:00-10:00 x\n09:00-10:00 y\n")


WAITS = "client,item,asked,answered\n"


@case("waits-year-1-to-9999", summary=True)
def _(d: Path) -> list[str]:
    body = WAITS + "Dupont,logo,0001-01-01 09:00,9999-12-31 18:00\n"
    return files(d, w__csv=body, t__csv=toggl(GOOD))


@case("waits-open-from-year-1", summary=True)
def _(d: Path) -> list[str]:
    return files(d, w__csv=WAITS + "Dupont,logo,0001-01-01 09:00,\n", t__csv=toggl(GOOD))


@case("timewarrior-odd-intervals", summary=True)
def _(d: Path) -> list[str]:
    data = d / "tw" / "data"
    data.mkdir(parents=True)
    (data / "2026-03.data").write_text(
        "inc 20260302T080000Z - 20260302T093000Z # ok\n"
        "inc 00010101T000000Z - 99991231T235959Z # forever\n"
        "inc 99999999T999999Z - 20260302T093000Z # nonsense\n"
        "inc 20260302T080000Z - 20260302T093000Z # [/] markup\n"
    )
    return [str(d / "tw")]


@case("timewarrior-export-deep")
def _(d: Path) -> list[str]:
    return files(d, e__json='[{"id":1,"start":"20260302T080000Z","end":"20260302T093000Z","tags":' + "[" * 50_000 + "]" * 50_000 + "}]")


# -- folders and special files ----------------------------------------------------------------


@case("folder-two-links-to-self", expect=lambda r: len(json.loads(r["check --json"].out)["files"]) == 1)
def _(d: Path) -> list[str]:
    files(d, t__csv=toggl(GOOD))
    (d / "a").symlink_to(".")
    (d / "b").symlink_to(".")
    return [str(d)]


@case("folder-link-to-parent", expect=lambda r: len(json.loads(r["check --json"].out)["files"]) == 1)
def _(d: Path) -> list[str]:
    files(d, **{"sub/t.csv": toggl(GOOD)})
    (d / "sub" / "up").symlink_to("..")
    return [str(d)]


@case("folder-link-loop", expect=lambda r: any("link" in s["reason"] for s in skipped(r)))
def _(d: Path) -> list[str]:
    files(d, t__csv=toggl(GOOD))
    (d / "x").symlink_to(d / "y")
    (d / "y").symlink_to(d / "x")
    return [str(d)]


@case("folder-dangling-link", expect=lambda r: any("link" in s["reason"] for s in skipped(r)))
def _(d: Path) -> list[str]:
    files(d, t__csv=toggl(GOOD))
    (d / "gone.csv").symlink_to(d / "nowhere.csv")
    return [str(d)]


@case("folder-fifo", expect=lambda r: any("not a regular file" in s["reason"] for s in skipped(r)))
def _(d: Path) -> list[str]:
    files(d, t__csv=toggl(GOOD))
    os.mkfifo(d / "pipe.csv")
    return [str(d)]


@case("named-fifo", expect=exits_2("regular file"))
def _(d: Path) -> list[str]:
    os.mkfifo(d / "pipe.csv")
    return [str(d / "pipe.csv")]


@case("named-dev-zero", expect=exits_2("regular file"))
def _(d: Path) -> list[str]:
    return ["/dev/zero"]


@case("named-dev-null", expect=exits_2())
def _(d: Path) -> list[str]:
    return ["/dev/null"]


@case("folder-link-to-dev-zero", expect=lambda r: any("regular" in s["reason"] for s in skipped(r)))
def _(d: Path) -> list[str]:
    files(d, t__csv=toggl(GOOD))
    (d / "zero.csv").symlink_to("/dev/zero")
    return [str(d)]


@case("named-dangling-link", expect=exits_2())
def _(d: Path) -> list[str]:
    (d / "gone.csv").symlink_to(d / "nowhere.csv")
    return [str(d / "gone.csv")]


@case("folder-unreadable-subfolder", unprivileged=True,
      expect=lambda r: any("permission" in s["reason"].casefold() for s in skipped(r)) and entries(r) == 1)
def _(d: Path) -> list[str]:
    files(d, t__csv=toggl(GOOD), **{"locked/t.csv": toggl(GOOD)})
    (d / "locked").chmod(0)
    return [str(d)]


@case("named-unreadable-file", unprivileged=True, expect=exits_2("read"))
def _(d: Path) -> list[str]:
    p = files(d, t__csv=toggl(GOOD))[0]
    Path(p).chmod(0)
    return [p]


@case("folder-deep-nesting", expect=reads(1))
def _(d: Path) -> list[str]:
    deep = d / "/".join(["d"] * 60)
    deep.mkdir(parents=True)
    (deep / "t.csv").write_text(toggl(GOOD))
    return [str(d)]


@case("folder-markup-names", summary=True, expect=shows("[link=z]README.md"))
def _(d: Path) -> list[str]:
    sub = d / "[bold]x"  # a file name cannot hold "/", so no closing tag here
    sub.mkdir()
    (sub / "[red]y.csv").write_text(toggl(GOOD))
    (sub / "[link=z]README.md").write_text("# notes\n")
    return [str(sub)]


@case("named-markup-missing", expect=exits_2("[/nope]"))
def _(d: Path) -> list[str]:
    return [str(d / "[/nope].csv")]


@case("named-markup-unknown-format", expect=exits_2("[/x]"))
def _(d: Path) -> list[str]:
    return files(d, **{"[/x]__csv": "[/x],[link=http://a]b[/link]\n1,2\n"})


@case("named-newline-in-name")
def _(d: Path) -> list[str]:
    return files(d, **{"a\nb__csv": toggl(GOOD)})


@case("folder-many-junk-files", expect=reads(1))
def _(d: Path) -> list[str]:
    files(d, t__csv=toggl(GOOD))
    for i in range(200):
        (d / f"junk{i}.bin").write_bytes(bytes([i % 256]) * 10)
    return [str(d)]


@case("named-folder-with-format", expect=reads(1))  # --format applies to the folder's files
def _(d: Path) -> list[str]:
    files(d, t__csv=toggl(GOOD))
    return [str(d), "--format", "toggl"]


@case("summary-share-out-existing-file", commands=(("share", "--client", "Dupont", "--out", "{d}/existing"),),
      expect=lambda r: all(_out_kept(x) for x in r.values()))
def _(d: Path) -> list[str]:
    (d / "existing").write_text("keep me\n")
    return files(d, in__t__csv=toggl(GOOD))


def _out_kept(r: Run) -> bool:
    out = Path(r.argv[r.argv.index("--out") + 1])
    return out.read_text() == "keep me\n"


# -- config -----------------------------------------------------------------------------------


def with_config(d: Path, toml: str, *inputs: str) -> list[str]:
    (d / "conf.toml").write_text(toml)
    data = files(d, t__csv=toggl(GOOD))
    return [*data, *inputs, "--config", str(d / "conf.toml")]


def config_case(id: str, toml: str, *words: str) -> None:
    def build(d: Path) -> list[str]:
        return with_config(d, toml)

    CASES.append(Case(f"config-{id}", build, summary=True, expect=exits_2(*words)))


config_case("target-rate-nan", "target_rate = nan\n", "target_rate", ":1")
config_case("target-rate-inf", "target_rate = inf\n", "target_rate", ":1")
config_case("target-rate-neg-inf", "target_rate = -inf\n", "target_rate")
config_case("fee-nan", '[clients."Dupont"]\nmonthly_fee = nan\n', "monthly_fee", ":2")
config_case("fee-inf", '[clients."Dupont"]\nmonthly_fee = +inf\n', "monthly_fee")
config_case("fee-comma", '[clients."Dupont"]\nmonthly_fee = 650,0\n', "650.0")
config_case("fee-string", '[clients."Dupont"]\nmonthly_fee = "650"\n', "monthly_fee")
config_case("premium-inf", '[clients."Dupont"]\noffhours_premium = inf\n', "offhours_premium")
config_case("hours-inf", '[clients."Dupont"]\nincluded_hours = inf\n', "included_hours")
config_case("cost-rate-nan", '[people."Camille"]\ncost_rate = nan\n', "cost_rate")
config_case("5000-digit-int", "target_rate = " + "9" * 5000 + "\n", "target_rate")
config_case("deep-arrays", "x = " + "[" * 20_000 + "]" * 20_000 + "\n")
config_case("nul-byte", "timezone = 'Europe/Paris'\x00\n")
config_case("binary", "\x89PNG\r\n\x1a\n\x00\x00")
config_case("timezone-mars", "timezone = 'Mars/Olympus'\n", "timezone")
config_case("limits-zero", "[limits]\nmax_occurrences = 0\n", "max_occurrences")
config_case("limits-unknown", "[limits]\nmax_bananas = 3\n", "max_bananas")
config_case("limits-string", "[limits]\nmax_line_bytes = 'big'\n", "max_line_bytes")
config_case("limits-float", "[limits]\nmax_occurrences = 1.5\n", "max_occurrences")
config_case("markup-key", "[/]x = 1\n")
config_case("markup-client-alias-clash", '[clients."[/]"]\naliases=["a"]\n[clients."[b]"]\naliases=["A"]\n', "[/]")
config_case("hours-25", '[hours]\nmon = ["25:00-26:00"]\n', "hours.mon")


@case("config-fee-1e308-json", summary=True, commands=(("summary", "--json"),),
      expect=lambda r: all(x.code == 2 or "Infinity" not in x.out for x in r.values()))
def _(d: Path) -> list[str]:
    return with_config(d, '[clients."Dupont"]\nmonthly_fee = 1e308\nincluded_hours = 1e-300\n')


@case("config-rate-1e308", summary=True)
def _(d: Path) -> list[str]:
    return with_config(d, "target_rate = 1e308\n")


@case("config-is-a-folder", expect=exits_2())
def _(d: Path) -> list[str]:
    (d / "conf").mkdir()
    return [*files(d, t__csv=toggl(GOOD)), "--config", str(d / "conf")]


@case("config-fifo", expect=exits_2())
def _(d: Path) -> list[str]:
    os.mkfifo(d / "conf.toml")
    return [*files(d, t__csv=toggl(GOOD)), "--config", str(d / "conf.toml")]


# -- options ----------------------------------------------------------------------------------


@case("summary-period-year-1-to-9999", commands=(("summary", "--json", "--from", "0001-01-01", "--to", "9999-12-31"),))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD), w__csv=WAITS + "Dupont,logo,2026-03-02 09:00,\n")


@case("summary-client-markup", commands=(("summary", "--client", "[/]"), ("summary", "--json", "--client", "[/]")),
      expect=exits_2("[/]"))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD))


@case("summary-from-9999", commands=(("summary", "--from", "9999-12-31"),))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD))


@case("summary-date-markup", commands=(("summary", "--from", "[/]"),), expect=exits_2("[/]"))
def _(d: Path) -> list[str]:
    return files(d, t__csv=toggl(GOOD))


# -- big files (slow: tens of MB written) -----------------------------------------------------


@case("big-single-line-50mb", slow=True)
def _(d: Path) -> list[str]:
    with (d / "t.csv").open("wb") as f:
        f.write((TOGGL_HEADER + "\n").encode())
        f.write(b"x" * (50 * 2**20))
    return [str(d / "t.csv")]


@case("big-cr-only-40mb", slow=True, commands=(("check", "--json"),),
      expect=lambda r: entries(r) > 100_000)
def _(d: Path) -> list[str]:
    one = (row() + "\r").encode()
    with (d / "t.csv").open("wb") as f:
        f.write((TOGGL_HEADER + "\r").encode())
        f.write(one * (40 * 2**20 // len(one)))
    return [str(d / "t.csv")]


@case("big-no-lf-binaryish", slow=True)
def _(d: Path) -> list[str]:
    with (d / "blob.csv").open("wb") as f:
        f.write(b"a" * (40 * 2**20))
    return [str(d / "blob.csv")]


# -- running ----------------------------------------------------------------------------------


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


#: As root, permissions do not stop a read: the unprivileged cases run without the
#: capabilities that bypass them (setpriv, util-linux).
_NO_BYPASS = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def _can_lose_privileges() -> bool:
    return os.geteuid() != 0 or shutil.which("setpriv") is not None


def _run(argv: list[str], *, cwd: Path, unprivileged: bool) -> Run:
    peak_file = Path(tempfile.mkstemp(prefix="peak-", dir=cwd)[1])
    env = {
        **os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": str(ROOT),
        "CMTIME_PEAK_FILE": str(peak_file),
    }
    start = time.perf_counter()
    try:
        prefix = _NO_BYPASS if unprivileged and os.geteuid() == 0 else []
        p = subprocess.run(
            [*prefix, *CLI, *argv], capture_output=True, timeout=TIMEOUT_S, cwd=cwd, env=env,
            preexec_fn=_limits, stdin=subprocess.DEVNULL,
        )
        code, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = None, exc.stdout or b"", exc.stderr or b""
    written = peak_file.read_text().strip() if peak_file.exists() else ""
    peak_file.unlink(missing_ok=True)
    return Run(argv, code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
               time.perf_counter() - start, int(written) * 1024 if written.isdigit() else None)


def _commands(c: Case, args: list[str], d: Path) -> dict[str, list[str]]:
    if c.commands:
        return {" ".join(cmd): [*(a.replace("{d}", str(d)) for a in cmd), *args] for cmd in c.commands}
    cmds = {"check --json": ["check", "--json", *args], "check": ["check", *args]}
    if c.summary:
        cmds |= {"summary --json": ["summary", "--json", *args], "summary": ["summary", *args]}
    return cmds


def _execute(c: Case, base: Path) -> dict[str, Run]:
    d = Path(tempfile.mkdtemp(prefix=f"{c.id}-", dir=base))
    args = c.build(d)
    runs = {name: _run(argv, cwd=d, unprivileged=c.unprivileged) for name, argv in _commands(c, args, d).items()}
    # leave nothing unremovable behind
    for p in d.rglob("*"):
        if not p.is_symlink() and p.exists():
            p.chmod(p.stat().st_mode | stat.S_IRWXU)
    return runs


@pytest.fixture(scope="module")
def results(request: pytest.FixtureRequest) -> Iterator[dict[str, Future[dict[str, Run]]]]:
    """Start every selected fast case now, two at a time; slow ones wait for their test."""
    base = Path(tempfile.mkdtemp(prefix="cmtime-hostile-"))
    wanted = {
        item.callspec.params["c"].id
        for item in request.session.items
        if getattr(item, "callspec", None) and isinstance(item.callspec.params.get("c"), Case)
    }
    pool = ThreadPoolExecutor(max_workers=2)
    futures = {c.id: pool.submit(_execute, c, base) for c in CASES if c.id in wanted and not c.slow}
    lazy = {c.id: c for c in CASES if c.id in wanted and c.slow}

    class Results(dict[str, Future[dict[str, Run]]]):
        def __missing__(self, key: str) -> Future[dict[str, Run]]:
            fut: Future[dict[str, Run]] = Future()
            fut.set_result(_execute(lazy[key], base))
            return fut

    yield Results(futures)
    pool.shutdown(cancel_futures=True)
    shutil.rmtree(base, ignore_errors=True)


def _no_nan(name: str) -> None:
    msg = f"{name} is not JSON"
    raise AssertionError(msg)


def _params() -> list[Any]:
    def marks(c: Case) -> list[Any]:
        out: list[Any] = [pytest.mark.slow] if c.slow else []
        if c.unprivileged and not _can_lose_privileges():
            out.append(pytest.mark.skip(reason="running as root without setpriv: permissions cannot be shown"))
        return out

    return [pytest.param(c, id=c.id, marks=marks(c)) for c in CASES]


def test_enough_cases() -> None:
    assert len(CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("c", _params())
def test_hostile(c: Case, results: dict[str, Future[dict[str, Run]]]) -> None:
    runs = results[c.id].result()
    for name, r in runs.items():
        shown = f"{name}: exit {r.code} after {r.seconds:.1f} s\nstdout: {r.out[-800:]}\nstderr: {r.err[-1500:]}"
        assert r.code is not None, f"did not end within {TIMEOUT_S} s; {shown}"
        assert r.code != -signal.SIGXCPU, f"used more than {CPU_SECONDS} s of CPU; {shown}"
        assert r.code in (0, 2), shown
        assert "Traceback" not in r.out + r.err, shown
        assert "This is a bug" not in r.out + r.err, shown
        assert "MemoryError" not in r.err, shown
        assert r.peak is None or r.peak <= PEAK_BYTES, f"peak memory {r.peak / 2**20:.0f} MiB; {shown}"
        if r.code == 2:  # one error line (notes may come before it), or click's usage message
            errors = [ln for ln in r.err.splitlines() if ln.startswith(("error", "erreur", "Error:"))]
            assert len(errors) == 1, f"one error line expected; {shown}"
        if "--json" in r.argv and r.code == 0:
            doc = json.loads(r.out, parse_constant=_no_nan)
            for f in doc.get("files", []):
                assert f["rows"] == f["entries"] + len(f["rejected"]) + f["rejected_more"] + f["open"], f
    if c.expect is not None:
        c.expect(runs)
