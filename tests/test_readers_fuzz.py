"""Random mutations of valid exports never escape as anything but a rejection or an InputError."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.config import Config, Limits
from cmtime.interfaces.terminal import visible
from cmtime.readers import InputError, read_file
from cmtime.schema import validate
from tests.conftest import FIXTURES

CFG = Config()
SEEDS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file() and p.suffix in {".csv", ".json", ".data", ".ics", ".txt", ""} and p.stat().st_size < 20_000
)


def _check(path: Path) -> None:
    try:
        reading = read_file(path, config=CFG)
    except InputError as exc:
        message = str(exc)
        assert message
        assert "\n" not in message.strip()
        return
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    assert reading.rejected.get_column("line").null_count() == 0


def _mutate(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    lines = data.split(b"\n")
    for op, a, b in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "truncate":
            lines[i] = lines[i][: b % (len(lines[i]) + 1)]
        elif op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap_fields":
            sep = b";" if lines[i].count(b";") > lines[i].count(b",") else b","
            fields = lines[i].split(sep)
            if len(fields) > 1:
                x, y = a % len(fields), b % len(fields)
                fields[x], fields[y] = fields[y], fields[x]
                lines[i] = sep.join(fields)
        elif op == "stray_quote":
            pos = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + b'"' + lines[i][pos:]
        elif op == "bytes":
            pos = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + bytes([a % 256, b % 256, (a + b) % 256]) + lines[i][pos:]
        elif op == "swap_lines":
            lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


OPS = st.lists(
    st.tuples(
        st.sampled_from(["truncate", "drop", "duplicate", "swap_fields", "stray_quote", "bytes", "swap_lines"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=4,
)


@pytest.mark.parametrize("seed", SEEDS, ids=[str(p.relative_to(FIXTURES)) for p in SEEDS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_mutated_exports_read_cleanly(seed: Path, ops: list[tuple[str, int, int]]) -> None:
    data = _mutate(seed.read_bytes(), ops)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / seed.name
        path.write_bytes(data)
        _check(path)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_never_raise_anything_else(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.csv"
        path.write_bytes(data)
        _check(path)


def test_there_are_seeds():
    assert len(SEEDS) >= 5


# -- issue 17: generated RRULEs, markup-like text, extreme numbers ----------------------------

SMALL_LIMITS = Config(limits=Limits(max_event_occurrences=200, max_occurrences=500))

_RRULE_PART = st.one_of(
    st.sampled_from(["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "SOMETIMES", ""]).map(
        lambda f: f"FREQ={f}"
    ),
    st.integers(-3, 10**6).map(lambda n: f"INTERVAL={n}"),
    st.integers(-3, 10**9).map(lambda n: f"COUNT={n}"),
    st.sampled_from(["19000101T000000Z", "20260310", "99991231T235959Z", "2026031", "x"]).map(lambda u: f"UNTIL={u}"),
    st.tuples(
        st.sampled_from(["BYHOUR", "BYMINUTE", "BYSECOND", "BYMONTHDAY", "BYMONTH", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"]),
        st.integers(-400, 400),
    ).map(lambda kv: f"{kv[0]}={kv[1]}"),
    st.sampled_from(["BYDAY=MO,WE", "BYDAY=5FR", "BYDAY=XX", "WKST=SU", "X-FOO=1", ";", "="]),
)


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(_RRULE_PART, min_size=1, max_size=5), stamp=st.sampled_from(["20260401T000000Z", "99991231T000000Z"]))
def test_generated_rrules_end_as_entries_rejections_or_notes(parts: list[str], stamp: str) -> None:
    rule = ";".join(parts)
    body = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
        f"DTSTAMP:{stamp}\r\nDTSTART:20260302T090000Z\r\nDTEND:20260302T091500Z\r\nSUMMARY:x\r\n"
        f"RRULE:{rule}\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b@x\r\nDTSTAMP:20260302T000000Z\r\nDTSTART:20260302T120000Z\r\n"
        "DTEND:20260302T130000Z\r\nSUMMARY:y\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cal.ics"
        path.write_text(body)
        try:
            reading = read_file(path, config=SMALL_LIMITS)
        except InputError as exc:
            message = str(exc)
            reading = None
        if reading is None:
            assert "\n" not in message
            return
        validate(reading.entries)
        assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
        assert reading.entries.height <= 1 + 200  # the cap holds, the plain event is read
        assert reading.entries.filter(pl.col("description") == "y").height == 1


_MARKUP = st.one_of(
    st.sampled_from(["[/]", "[/insta]", "[bold]", "[link=https://evil.example]x[/link]", "[fb/ig]", "\x1b[2J", "]["]),
    st.text(alphabet="[]/=#:link bold", max_size=12),
)


@settings(max_examples=20, deadline=None)
@given(desc=_MARKUP, client=_MARKUP)
def test_markup_like_text_is_kept_as_written(desc: str, client: str) -> None:
    from tests.conftest import toggl_rows

    desc, client = desc.replace(",", " ").replace('"', " "), client.replace(",", " ").replace('"', " ")
    row = f'A,a@x,"{client}",P,,"{desc}",Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,'
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_text(toggl_rows(row))
        reading = read_file(path, config=CFG)
        assert reading.entries.get_column("description").to_list() == [desc.strip()]
        from cmtime.interfaces.cli import main, out

        with out.capture() as captured:  # printing data never parses it as markup
            code = 0
            try:
                main(["summary", str(path)])
            except SystemExit as exc:
                code = exc.code or 0
        assert code == 0
        assert visible(client.strip()) in captured.get()  # control characters shown as escapes


_NUMBER = st.one_of(
    st.sampled_from(["1e308", "-1e308", "NaN", "Infinity", "-Infinity", "1e400", "9" * 40, "-0", "0.0000001"]),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@settings(max_examples=60, deadline=None)
@given(start=_NUMBER, stop=_NUMBER, duration=_NUMBER)
def test_extreme_numbers_in_json_are_rejections(start: str, stop: str, duration: str) -> None:
    def js(v: str) -> str:
        return {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}.get(v, v)

    watson = f'[[1772438400, 1772443800, "p", "a", [], 0], [{js(start)}, {js(stop)}, "p", "b", [], 0]]'
    toggl = (
        '[{"id": 1, "workspace_id": 1, "start": "2026-03-02T08:00:00Z", "duration": 60},'
        f' {{"id": 2, "workspace_id": 1, "start": "2026-03-03T08:00:00Z", "duration": {js(duration)}}}]'
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in (("frames", watson), ("t.json", toggl)):
            path = Path(tmp) / name
            path.write_text(body)
            reading = read_file(path, config=CFG)
            validate(reading.entries)
            assert reading.rows == 2 == reading.entries.height + reading.rejected.height + reading.open
            assert reading.entries.height >= 1
            hours = reading.entries.get_column("duration").dt.total_seconds().to_list()
            assert all(0 <= h <= 366 * 86_400 for h in hours)


# -- rules whose day parts never meet are not walked to the year 9999 ------------------------

_DAY_PART = st.one_of(
    st.lists(st.integers(1, 12), min_size=1, max_size=2).map(lambda v: ("BYMONTH", v)),
    st.lists(st.sampled_from([1, 13, 28, 29, 30, 31, -1, -31]), min_size=1, max_size=2).map(lambda v: ("BYMONTHDAY", v)),
    st.lists(st.sampled_from([1, 60, 365, 366, -1, -366]), min_size=1, max_size=2).map(lambda v: ("BYYEARDAY", v)),
    st.lists(st.sampled_from(["MO", "WE", "FR", "SU"]), min_size=1, max_size=2).map(lambda v: ("BYDAY", v)),
)
_WEEKDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _picks(day: dt.date, parts: list[tuple[str, list]]) -> bool:
    """RFC 5545's day filters, written out plainly (the test's oracle)."""
    import calendar

    in_month = calendar.monthrange(day.year, day.month)[1]
    in_year = 366 if calendar.isleap(day.year) else 365
    checks = {
        "BYMONTH": lambda v: day.month == v,
        "BYMONTHDAY": lambda v: day.day == (v if v > 0 else in_month + 1 + v),
        "BYYEARDAY": lambda v: day.timetuple().tm_yday == (v if v > 0 else in_year + 1 + v),
        "BYDAY": lambda v: day.weekday() == _WEEKDAY[v],
    }
    return all(any(checks[k](v) for v in values) for k, values in parts)


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(_DAY_PART, min_size=1, max_size=4, unique_by=lambda p: p[0]),
       first=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
       days=st.integers(0, 800), freq=st.sampled_from(["SECONDLY", "MINUTELY", "HOURLY", "DAILY"]))
def test_a_rule_said_to_pick_no_day_picks_none(parts: list[tuple[str, list]], first: dt.date, days: int, freq: str) -> None:
    """`_no_day` is sound (a rule it drops has no day in the window, with its day of
    margin each side) and, when the rule has a day part, complete."""
    import icalendar

    from cmtime.readers.ics import _no_day

    text = f"FREQ={freq};" + ";".join(f"{k}={','.join(map(str, v))}" for k, v in parts)
    said = _no_day(icalendar.vRecur.from_ical(text), first, first + dt.timedelta(days=days))
    some = any(_picks(first + dt.timedelta(days=i), parts) for i in range(-1, days + 2))
    if said:
        assert not some, text
    elif {k for k, _ in parts} != {"BYMONTH"}:
        assert some, text


@pytest.mark.parametrize(
    ("rule", "first", "last", "none"),
    [
        ("FREQ=HOURLY;BYWEEKNO=53;BYMONTH=6", "2026-01-01", "2030-12-31", True),  # week 53 is never in June
        ("FREQ=HOURLY;BYWEEKNO=53", "2026-01-01", "2026-12-31", False),  # 2026 has 53 ISO weeks
        ("FREQ=MINUTELY;BYWEEKNO=1;BYMONTH=12", "2025-12-01", "2025-12-31", False),  # 29-31 Dec 2025
        ("FREQ=MINUTELY;BYWEEKNO=-1;BYDAY=SU", "2026-12-01", "2027-01-10", False),
        ("FREQ=MINUTELY;BYDAY=1MO;BYMONTHDAY=31;BYMONTH=4", "2026-01-01", "2026-12-31", True),  # 1MO is MO here
        ("FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2;BYMONTHDAY=30", "2026-01-01", "2026-12-31", False),  # monthly: not tested
        ("FREQ=HOURLY;BYSETPOS=2;BYMONTH=4;BYMONTHDAY=30", "2026-01-01", "2026-12-31", True),  # one instant an hour
        ("FREQ=HOURLY;BYMINUTE=0,30;BYSETPOS=2", "2026-01-01", "2026-01-01", False),
        ("FREQ=DAILY;BYHOUR=9;BYSETPOS=-2", "2026-01-01", "2026-12-31", True),
        ("FREQ=DAILY;BYHOUR=9,17;BYSETPOS=-2", "2026-01-01", "2026-01-01", False),
        ("FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31", "2026-01-01", "2030-12-31", True),
        ("FREQ=MINUTELY;BYMONTHDAY=15;UNTIL=20260101T000000Z", "2026-03-01", "2026-12-31", True),  # ended before
    ],
)
def test_no_day_examples(rule: str, first: str, last: str, none: bool) -> None:
    import icalendar

    from cmtime.readers.ics import _no_day

    assert _no_day(icalendar.vRecur.from_ical(rule), dt.date.fromisoformat(first), dt.date.fromisoformat(last)) is none
