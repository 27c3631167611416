"""Random mutations of valid exports never escape as anything but a rejection or an InputError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.config import Config, Limits
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
        assert client.strip() in captured.get()


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
