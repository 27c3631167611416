"""Hostile inputs, round two (issue 33): generated cases for each class the second probe found.

Each class has in-process property tests (hypothesis) for the rule, and runs of the real
command line in a subprocess (the bounds of tests/test_hostile.py: CPU time, address
space, peak resident memory measured) for what a user sees: exit 0 or 2, no traceback,
one error line, ``rows = entries + rejected + open``. Cases of tens of MB are ``slow``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import string
import zoneinfo
from io import StringIO
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.config import ConfigError, Limits, load_config
from cmtime.interfaces.terminal import SafeConsole, visible
from cmtime.readers import read_file
from tests.conftest import TOGGL_HEADER
from tests.test_hostile import CLI, PEAK_BYTES, ROOT, TIMEOUT_S, Run, _run

CFG_DEFAULT = load_config(None, search=False)
TMP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def row(description: str = "Stratégie", client: str = "Dupont", *, start: str = "2026-03-02",
        at: str = "09:00:00", end: str = "10:00:00", duration: str = "01:00:00", project: str = "Réseaux") -> str:
    return f"Camille,c@example.org,{client},{project},,{description},Yes,{start},{at},{start},{end},{duration},,60"


def toggl(*rows: str) -> str:
    return "\n".join([TOGGL_HEADER, *rows]) + "\n"


def cli(tmp: Path, *argv: str) -> Run:
    """The real command line in a subprocess, bounded as in tests/test_hostile.py."""
    if argv[0] in ("share", "demo"):
        return _run_drawing([*argv], cwd=tmp)
    return _run([*argv], cwd=tmp, unprivileged=False)


def _cpu_only() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (60, 61))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _run_drawing(argv: list[str], *, cwd: Path) -> Run:
    """A command that draws charts: vl-convert's V8 reserves far more address space than
    it uses, so only the CPU is limited; the peak resident memory is still measured
    (the process's own, and its chart workers', whichever is larger: see CLI)."""
    import subprocess
    import tempfile
    import time

    peak_file = Path(tempfile.mkstemp(prefix="peak-", dir=cwd)[1])
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": str(ROOT), "CMTIME_PEAK_FILE": str(peak_file)}
    start = time.perf_counter()
    try:
        p = subprocess.run([*CLI, *argv], capture_output=True, timeout=TIMEOUT_S, cwd=cwd, env=env,
                           preexec_fn=_cpu_only, stdin=subprocess.DEVNULL)
        code, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = None, exc.stdout or b"", exc.stderr or b""
    written = peak_file.read_text().strip() if peak_file.exists() else ""
    peak_file.unlink(missing_ok=True)
    peak = int(written) * 1024 if written.isdigit() else 0
    return Run(argv, code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
               time.perf_counter() - start, peak or None)


def clean(r: Run, *, codes: tuple[int, ...] = (0, 2)) -> Run:
    """Assert what every hostile run must hold, and return the run."""
    shown = f"{r.argv}: exit {r.code}\nstdout: {r.out[-800:]}\nstderr: {r.err[-1500:]}"
    assert r.code is not None, f"did not end; {shown}"
    assert r.code != -signal.SIGXCPU, f"used too much CPU; {shown}"
    assert r.code in codes, shown
    assert "Traceback" not in r.out + r.err, shown
    assert "This is a bug" not in r.out + r.err, shown
    assert "bogue" not in r.err, shown
    assert r.peak is None or r.peak <= PEAK_BYTES, f"peak memory {r.peak / 2**20:.0f} MiB; {shown}"
    if r.code == 2:
        errors = [ln for ln in r.err.splitlines() if ln.startswith(("error", "erreur", "Error:"))]
        assert len(errors) == 1, f"one error line expected; {shown}"
    if "--json" in r.argv and r.code == 0:
        doc = json.loads(r.out)
        for f in doc.get("files", []):
            assert f["rows"] == f["entries"] + len(f["rejected"]) + f["rejected_more"] + f["open"], f
    return r


# -- config: what is accepted is what can be used ------------------------------------------------

#: Names the system's tz database holds beside the IANA zones, which polars refuses.
_ODD_ZONES = ["Factory", "localtime", "posixrules", "right/UTC", "right/Europe/Paris", "posix/Europe/Paris",
              "posix/UTC", "Europe/Paris", "UTC", "Etc/GMT+5", "EST5EDT", "America/Montreal"]
_ZONES = sorted(zoneinfo.available_timezones()) + _ODD_ZONES


def _polars_takes(zone: str) -> bool:
    try:
        pl.select(pl.datetime(2026, 3, 2, 9).dt.replace_time_zone(zone).dt.convert_time_zone("UTC"))
    except pl.exceptions.PolarsError:
        return False
    return True


@settings(max_examples=80, deadline=None)
@given(zone=st.sampled_from(_ZONES))
def test_every_time_zone_the_config_takes_works_in_polars(zone: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("tz") / "cmtime.toml"
    path.write_text(f'language = "en"\ntimezone = "{zone}"\n')
    if not _polars_takes(zone):
        with pytest.raises(ConfigError, match=re.escape(f"{path}:2: timezone:")):
            load_config(path)
    else:
        assert load_config(path).timezone == zone


def test_every_listed_time_zone_is_checked_the_way_polars_uses_it(tmp_path: Path) -> None:
    refused = []
    for zone in _ZONES:
        path = tmp_path / "cmtime.toml"
        path.write_text(f'timezone = "{zone}"\n')
        try:
            load_config(path)
        except ConfigError:
            refused.append(zone)
    assert refused == [z for z in _ZONES if not _polars_takes(z)]
    assert {"Factory", "localtime", "posixrules", "right/UTC"} <= set(refused)


_LIMIT_KEYS = sorted(Limits.__dataclass_fields__)
_INT64 = st.one_of(st.integers(-(2**63), 2**63 - 1), st.sampled_from([0, 1, 2, 9998, 9999, 106_751_992, 2**31, 2**62, 2**63 - 1]))


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(_LIMIT_KEYS), value=_INT64)
def test_limits_hold_in_what_dates_and_durations_can_hold(
    key: str, value: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    d = tmp_path_factory.mktemp("limits")
    path = d / "cmtime.toml"
    path.write_text(f"[limits]\n{key} = {value}\n")
    try:
        cfg = load_config(path)
    except ConfigError as exc:
        message = str(exc)
        assert f"{path}:2: limits.{key}:" in message
        return
    lim = cfg.limits
    # what the readers and the analysis compute from the limits fits in dates and durations
    pl.select(a=pl.duration(days=lim.max_duration_days), b=pl.duration(hours=lim.implausible_hours))
    import datetime as dt

    dt.date(lim.first_year, 1, 1) - dt.timedelta(days=1)
    dt.date(lim.last_year, 12, 31) + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("limits", "rows"),
    [
        ("first_year = 1", [row(start="0001-01-01")]),  # the probe's exit 3
        ("first_year = 2", [row(start="0002-01-01", at="00:30:00", end="01:30:00")]),
        ("last_year = 9998", [row(start="9998-12-31", at="22:00:00", end="23:30:00", duration="01:30:00")]),
        ("max_duration_days = 106751992", [row()]),  # overflowed: every block rejected as too long
        ("max_duration_days = 3651329\nimplausible_hours = 87631896", [row()]),  # the largest allowed
    ],
    ids=["first-year-1", "first-year-2", "last-year-9998", "duration-overflow", "largest-allowed"],
)
def test_limits_at_their_bounds_from_the_command_line(tmp_path: Path, limits: str, rows: list[str]) -> None:
    (tmp_path / "t.csv").write_text(toggl(*rows))
    (tmp_path / "c.toml").write_text(f"[limits]\n{limits}\n")
    args = [str(tmp_path / "t.csv"), "--config", str(tmp_path / "c.toml")]
    runs = [clean(cli(tmp_path, cmd, "--json", *args)) for cmd in ("check", "summary")]
    if runs[0].code == 0:
        doc = json.loads(runs[0].out)
        assert doc["files"][0]["entries"] == 1, doc  # nothing rejected as too long or out of range
    else:
        assert "limits." in runs[0].err


# -- text that is not text: lone surrogates ------------------------------------------------------

_SURROGATE = st.integers(0xD800, 0xDFFF).map(lambda c: f"\\u{c:04x}")
_PLAIN = st.text(alphabet=string.ascii_letters + "éà ", max_size=6)


@st.composite
def _with_surrogates(draw: Any) -> str:
    """A JSON string body holding at least one lone surrogate escape (a valid pair may follow)."""
    parts = [draw(_PLAIN)]
    for _ in range(draw(st.integers(1, 3))):
        parts += [draw(_SURROGATE), draw(_PLAIN)]
    if draw(st.booleans()):
        parts.append("\\ud83d\\ude00")  # a valid pair stays one character
    return "".join(parts)


def _all_strings_encode(frame: pl.DataFrame) -> None:
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            for v in frame.get_column(name).drop_nulls().to_list():
                v.encode("utf-8")


@TMP
@given(desc=_with_surrogates(), client=_with_surrogates(), tag=_with_surrogates(), where=st.sampled_from(["toggl", "watson", "timew"]))
def test_lone_surrogates_in_json_become_replacement_characters(
    desc: str, client: str, tag: str, where: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    d = tmp_path_factory.mktemp("sur")
    if where == "toggl":
        body = (f'[{{"id": 1, "workspace_id": 1, "user_id": 2, "description": "{desc}", "client_name": "{client}",'
                f' "tags": ["{tag}"], "start": "2026-03-02T08:00:00Z", "stop": "2026-03-02T09:00:00Z", "duration": 3600}},'
                f' {{"id": 2, "workspace_id": 1, "description": "ok", "start": "2026-03-03T08:00:00Z", "duration": 60, "{tag}": 1}}]')
        path = d / "t.json"
    elif where == "watson":
        body = f'[[1772438400, 1772443800, "{client}", "aaaa", ["{tag}"], 1772443800], [1772438400, 1772443800, "p", "b", [], 0]]'
        (d / "w").mkdir()
        path = d / "w" / "frames"
    else:
        body = (f'[{{"id": 1, "start": "20260302T080000Z", "end": "20260302T090000Z", "tags": ["{client}", "{tag}"],'
                f' "annotation": "{desc}"}}]')
        path = d / "export.json"
    path.write_text(body, encoding="utf-8")
    reading = read_file(path.parent if where == "watson" else path, config=CFG_DEFAULT, fmt="watson" if where == "watson" else None)
    entries = reading.entries
    assert reading.rows == entries.height + reading.rejected.height + reading.open
    assert entries.height >= 1
    _all_strings_encode(entries)
    _all_strings_encode(reading.rejected)
    for tags in entries.get_column("tags").to_list():
        for t in tags:
            t.encode("utf-8")
    assert any("invalid Unicode" in n for n in reading.notes), reading.notes
    text = " ".join(str(v) for v in entries.select("client", "description", "tags").rows())
    assert "\ufffd" in text


def test_a_valid_surrogate_pair_is_one_character_and_no_note(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text(
        '[{"id": 1, "workspace_id": 1, "description": "ok \\ud83d\\ude00", "start": "2026-03-02T08:00:00Z", "duration": 60}]'
    )
    reading = read_file(tmp_path / "t.json", config=CFG_DEFAULT)
    assert reading.entries.get_column("description").to_list() == ["ok \U0001f600"]
    assert not any("Unicode" in n for n in reading.notes)


@pytest.mark.parametrize("cmd", [("check", "--json"), ("check",), ("summary",), ("summary", "--json"), ("rules",)])
def test_lone_surrogates_from_the_command_line(tmp_path: Path, cmd: tuple[str, ...]) -> None:
    """The probe's exit 3 (UnicodeEncodeError): a Toggl JSON description and a Watson project."""
    (tmp_path / "t.json").write_text(
        '[{"id": 1, "workspace_id": 1, "user_id": 2, "description": "x\\ud800y", "start": "2026-03-02T08:00:00Z",'
        ' "stop": "2026-03-02T09:00:00Z", "duration": 3600}]'
    )
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "frames").write_text('[[1772438400, 1772443800, "du\\udc00pont", "aaaa", [], 1772443800]]')
    r = clean(cli(tmp_path, *cmd, str(tmp_path / "t.json"), str(tmp_path / "w")), codes=(0,))
    if cmd == ("check",):
        assert "invalid Unicode" in r.out + r.err


# -- terminal escapes -------------------------------------------------------------------------

_CONTROLS = st.text(alphabet=st.sampled_from([*map(chr, range(0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), "a", "[", "]", ";"]),
                    min_size=1, max_size=12)
_ESCAPES = st.one_of(st.sampled_from(["\x1b[2J", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "\x07", "\x9b31m", "\x1b[31m"]), _CONTROLS)
_ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@settings(max_examples=100, deadline=None)
@given(text=_ESCAPES, where=st.sampled_from(["str", "text", "table", "markup-off"]))
def test_the_console_shows_control_characters_as_escapes(text: str, where: str) -> None:
    from rich.table import Table
    from rich.text import Text

    buf = StringIO()
    console = SafeConsole(file=buf, width=100, color_system=None)
    if where == "str":
        console.print(text)
    elif where == "markup-off":
        console.print(text, markup=False, highlight=False)
    elif where == "text":
        console.print(Text("client: ") + Text(text, style="bold"))
    else:
        table = Table("client", "h")
        table.add_row(text, "1,0")
        table.add_row(Text(text), "2,0")
        console.print(table)
    shown = buf.getvalue()
    assert not _ANY_CONTROL.search(shown), repr(shown)
    if where in ("str", "markup-off"):  # (rich's Text drops BEL, BS, VT, FF and CR itself)
        assert visible(text).replace("\n", "").replace("\t", "").strip()[:4] in shown.replace("\n", "")


def test_the_console_keeps_its_own_styles() -> None:
    buf = StringIO()
    console = SafeConsole(file=buf, force_terminal=True, color_system="standard", width=80)
    console.print("[bold red]error[/]: Du\x1b[2Jpont", highlight=False)
    shown = buf.getvalue()
    assert "\x1b[1;31m" in shown  # rich's own style
    assert "Du\\x1b[2Jpont" in shown
    assert "\x1b[2J" not in shown


def _no_escape_reaches_the_terminal(d: Path, esc: str) -> None:
    (d / "t.csv").write_text(toggl(row(description=f"a{esc}b", client=f"Du{esc}pont", project=f"P{esc}"), row()))
    for cmd in (("check",), ("summary",), ("rules",), ("rules", "--suggest")):
        r = clean(cli(d, *cmd, str(d / "t.csv")), codes=(0,))
        assert not _ANY_CONTROL.search(r.out + r.err), (cmd, repr(r.out + r.err))
    doc = json.loads(clean(cli(d, "check", "--json", str(d / "t.csv"))).out)
    assert f"Du{esc}pont" in [c["written"] for c in doc["clients"]]  # --json stays exact


def test_no_escape_from_the_data_reaches_the_terminal(tmp_path: Path) -> None:
    """The probe's classes at once: a screen clear, an OSC 8 link, a C1 CSI, a bell."""
    _no_escape_reaches_the_terminal(tmp_path, "\x1b[2J\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\\x9b31m\x07")


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(esc=_ESCAPES.filter(lambda s: not {*",\"\n\r"} & set(s)))
def test_no_generated_escape_reaches_the_terminal(tmp_path_factory: pytest.TempPathFactory, esc: str) -> None:
    _no_escape_reaches_the_terminal(tmp_path_factory.mktemp("esc"), esc)


# -- --out that cannot be reached ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cmd",
    [
        ("share", "{t}", "--client", "Dupont", "--out", "loop/out"),
        ("share", "{t}", "--client", "Dupont", "--out", "loop"),
        ("share", "{t}", "--client", "Dupont", "--out", "loop/a/b/c"),
        ("sample", "--out", "loop/out"),
        ("demo", "--out", "loop/out"),
    ],
    ids=["share-loop-child", "share-loop", "share-loop-deep", "sample", "demo"],
)
def test_out_through_a_symlink_loop_is_a_clear_error(tmp_path: Path, cmd: tuple[str, ...]) -> None:
    (tmp_path / "t.csv").write_text(toggl(row()))
    (tmp_path / "loop").symlink_to("loop")
    r = clean(cli(tmp_path, *(a.replace("{t}", str(tmp_path / "t.csv")) for a in cmd)), codes=(2,))
    assert "loop" in r.err
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("peak-")) == ["loop", "t.csv"]


# -- the PDF step: texts bounded before Typst ---------------------------------------------------

_MARKS = st.sampled_from(["\u0301", "\u0336", "\u20dd", "\u200d", "\ufe0f", "\U0001f3fd", "\u1161", "\U000e0041", "\u0e31"])
_BASES = st.sampled_from(["e", "Z", "\U0001f468", "\u1100", "ก", "é", " ", "…", "a"])


@st.composite
def _clustered(draw: Any) -> str:
    """Text of bases each followed by a run of marks, some runs very long."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        parts.append(draw(_BASES))
        n = draw(st.one_of(st.integers(0, 3), st.integers(0, 40), st.sampled_from([500, 5000])))
        parts.append(draw(_MARKS) * n)
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(value=_clustered(), limit=st.integers(2, 50))
def test_texts_for_typst_are_bounded_in_clusters_and_marks(value: str, limit: int) -> None:
    from cmtime.outputs.typst_safe import ELLIPSIS, MAX_MARKS, _bound_text, _is_mark

    out, changed, longest = _bound_text(value, limit)
    clusters, run, worst = 0, 0, 0
    for ch in out:
        if clusters and _is_mark(ch):
            run += 1
        else:
            clusters, run = clusters + 1, 1
        worst = max(worst, run)
    assert clusters <= limit
    assert worst <= MAX_MARKS + 1
    assert longest == worst
    assert changed == (out != value)
    if not changed:
        assert out == value
    elif out.endswith(ELLIPSIS) and not value.endswith(ELLIPSIS):
        kept = out[:-1]
        assert all(c in value for c in kept[:20])
    assert _bound_text(out, limit)[0] == out  # bounded text stays as it is


def test_bound_walks_every_text_of_the_report_data() -> None:
    from cmtime.outputs.typst_safe import MAX_DESCRIPTION, bound, prepare

    data = {
        "client": "ZZ" + "\u0336" * 33000,
        "brand": "e" + "\u0301" * 30000,
        "descriptions": [{"task": "x" * 5000, "hours": "1,0"}],
        "kpis": [{"label": "ok", "value": 3}],
        "footer": "Rapport",
    }
    out, what = bound(data)
    assert sorted(what.shortened) == ["brand", "client", "descriptions.0.task"]
    assert len(out["descriptions"][0]["task"]) == MAX_DESCRIPTION
    assert out["kpis"] == data["kpis"]
    said = prepare(data, "en")["footer"]
    assert said.startswith("Rapport · texts too long for this PDF shortened")
    assert "client" in said
    assert "brand" in said


def test_a_typst_panic_is_an_error_of_the_report(tmp_path: Path) -> None:
    """Unbounded, a cluster of 33 000 marks makes Typst panic (a BaseException)."""
    from cmtime.outputs.typst_safe import PdfError, compile_pdf

    template = b"#let d = json(bytes(sys.inputs.data))\n#d.client"
    with pytest.raises(PdfError, match=r"'ZZ'.*field 'client'.*Typst stopped"):
        compile_pdf(template, root=str(tmp_path), data={"client": "ZZ" + "\u0336" * 33000}, client="ZZ")


def test_the_pdf_step_stays_bounded_from_the_command_line(tmp_path: Path) -> None:
    """The probe's three cases in one report: descriptions of 20 000 marks (8.2 GB), a brand
    of 30 000 (16 GB, 62 s) and a client name that made Typst panic (a traceback)."""
    client = "ZZ" + "\u0336" * 33000
    rows = [row(description="e" + "\u0301" * 20000 + f" {i}", client=client, start=f"2026-03-0{i}") for i in range(2, 7)]
    (tmp_path / "t.csv").write_text(toggl(*rows))
    (tmp_path / "c.toml").write_text(
        f'brand = "{"e" + chr(0x301) * 30000}"\n[clients."{client}"]\nmonthly_fee = 800.0\n'
    )
    r = clean(cli(tmp_path, "share", str(tmp_path / "t.csv"), "--config", str(tmp_path / "c.toml"), "--client", client,
                  "--out", str(tmp_path / "out"), "--with-descriptions", "--lang", "en"), codes=(0,))
    assert (tmp_path / "out" / "report.pdf").stat().st_size > 1000
    assert r.peak is not None
    assert r.peak < 600 * 2**20  # 8.2 GB before


# -- calendars lose nothing ----------------------------------------------------------------------

_VTZ_BROKEN = ("BEGIN:VTIMEZONE\r\nTZID:Weird\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
               "TZOFFSETFROM:+9999\r\nTZOFFSETTO:+9999\r\nEND:STANDARD\r\nEND:VTIMEZONE")
_VTZ_GOOD = ("BEGIN:VTIMEZONE\r\nTZID:Paris\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
             "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE")
#: kind -> (DTSTART, end line, stays an entry)
_EVENT_KINDS: dict[str, tuple[str, str, bool]] = {
    "plain": ("DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", True),
    "duration": ("DTSTART:20260302T090000Z", "DURATION:PT1H30M", True),
    "good-vtimezone": ("DTSTART;TZID=Paris:20260303T090000", "DTEND;TZID=Paris:20260303T100000", True),
    "iana-tzid": ("DTSTART;TZID=Europe/Paris:20260303T090000", "DTEND;TZID=Europe/Paris:20260303T100000", True),
    "after-dtstamp": ("DTSTART:20260402T090000Z", "DTEND:20260402T100000Z", False),
    "absurd-duration": ("DTSTART:20260302T090000Z", "DURATION:P99999999W", False),
    "absurd-dtend": ("DTSTART:20260302T090000Z", "DTEND:99991231T235959Z", False),
    "negative-duration": ("DTSTART:20260302T090000Z", "DURATION:-PT2H", False),
    "end-before-start": ("DTSTART:20260302T090000Z", "DTEND:20260302T070000Z", False),
    "broken-vtimezone": ("DTSTART;TZID=Weird:20260303T090000", "DTEND;TZID=Weird:20260303T100000", False),
    "year-1": ("DTSTART:00010101T090000Z", "DTEND:00010101T100000Z", False),
    "all-day": ("DTSTART;VALUE=DATE:20260305", "DTEND;VALUE=DATE:20260306", False),
    "unknown-tzid": ("DTSTART;TZID=Mars/Olympus:20260303T090000", "DTEND;TZID=Mars/Olympus:20260303T100000", False),
}


def _calendar(kinds: list[str], *, wr: str | None) -> tuple[str, dict[int, str]]:
    """A calendar of one event per kind (DTSTAMP 2026-03-30), and the line of each event."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hostile//EN"]
    if wr is not None:
        head.append(f"X-WR-TIMEZONE:{wr}")
    head += [*_VTZ_BROKEN.split("\r\n"), *_VTZ_GOOD.split("\r\n")]
    lines, at = list(head), {}
    for i, kind in enumerate(kinds):
        start, end, _ = _EVENT_KINDS[kind]
        at[len(lines) + 1] = kind
        lines += ["BEGIN:VEVENT", f"UID:e{i}@x", "DTSTAMP:20260330T120000Z", start, end, f"SUMMARY:[Dupont] {kind}", "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n", at


@settings(max_examples=20, deadline=None)
@given(kinds=st.lists(st.sampled_from(sorted(_EVENT_KINDS)), min_size=1, max_size=12),
       wr=st.sampled_from([None, "Europe/Paris", "../../etc/passwd", "Factory", "/etc/localtime", "Mars/Olympus"]),
       floating=st.booleans())
def test_every_calendar_event_is_an_entry_or_a_rejection(
    kinds: list[str], wr: str | None, floating: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if floating:
        kinds = [*kinds, "floating"]
    body, at = _calendar([k for k in kinds if k != "floating"], wr=wr)
    if floating:  # a floating time: placed by X-WR-TIMEZONE, refused when that is no zone
        event = "BEGIN:VEVENT\r\nUID:float@x\r\nDTSTAMP:20260330T120000Z\r\nDTSTART:20260304T090000\r\nDTEND:20260304T100000\r\nSUMMARY:f\r\nEND:VEVENT\r\n"
        at[body.count("\r\n")] = "floating"
        body = body.replace("END:VCALENDAR\r\n", event + "END:VCALENDAR\r\n")
    path = tmp_path_factory.mktemp("ics") / "c.ics"
    path.write_text(body)
    reading = read_file(path, config=CFG_DEFAULT)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    assert reading.rows == len(at), (reading.rows, reading.rejected.rows())
    rejected = dict(reading.rejected.select("line", "reason").iter_rows())
    wr_ok = wr in (None, "Europe/Paris")
    for line, kind in at.items():
        keeps = _EVENT_KINDS[kind][2] if kind != "floating" else wr_ok
        assert (line not in rejected) == keeps, (kind, line, rejected)
    entries = reading.entries
    if entries.height:
        assert (entries.get_column("duration").dt.total_seconds() >= 0).all()


def test_the_probe_calendars_from_the_command_line(tmp_path: Path) -> None:
    """The probe's calendar cases, each beside a good event: exit 0, each bad event rejected."""
    kinds = ["plain", "after-dtstamp", "absurd-duration", "absurd-dtend", "negative-duration",
             "end-before-start", "broken-vtimezone"]
    body, at = _calendar(kinds, wr="../../etc/passwd")
    floating = "BEGIN:VEVENT\r\nUID:f@x\r\nDTSTAMP:20260330T120000Z\r\nDTSTART:20260304T090000\r\nDTEND:20260304T100000\r\nSUMMARY:f\r\nEND:VEVENT\r\n"
    at[body.count("\r\n")] = "floating"
    body = body.replace("END:VCALENDAR\r\n", floating + "END:VCALENDAR\r\n")
    kinds.append("floating")
    (tmp_path / "c.ics").write_text(body)
    doc = json.loads(clean(cli(tmp_path, "check", "--json", str(tmp_path / "c.ics")), codes=(0,)).out)
    f = doc["files"][0]
    assert (f["rows"], f["entries"], len(f["rejected"])) == (len(kinds), 1, len(kinds) - 1)
    assert {r["line"] for r in f["rejected"]} == {line for line, k in at.items() if k != "plain"}
    reasons = " ".join(r["reason"] for r in f["rejected"])
    for word in ("DTSTAMP", "negative duration", "ends before it starts", "TZID=Weird", "years", "X-WR-TIMEZONE"):
        assert word in reasons


# -- memory follows what is kept ------------------------------------------------------------------


def _junk(n: int, seed: int) -> str:
    """``n`` lines of junk under a Toggl header: short rows, stray words, wrong types."""
    import random

    rnd = random.Random(seed)
    kinds = ["zz,", "x", "a,b,c", ";;;", "2026-13-45,99:99", "\"open,", "é,\t,", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"]
    return TOGGL_HEADER + "\n" + "".join(rnd.choice(kinds) + "\n" for _ in range(n))


@pytest.mark.parametrize("seed", [1, 2])
def test_rejections_kept_are_capped_and_the_rest_counted(tmp_path: Path, seed: int) -> None:
    from cmtime.readers._build import KEPT_REJECTIONS

    body = _junk(30_000, seed) + row() + "\n"
    (tmp_path / "t.csv").write_text(body)
    reading = read_file(tmp_path / "t.csv", config=CFG_DEFAULT)
    assert reading.rejected.height == KEPT_REJECTIONS
    assert reading.rejected.get_column("line").to_list() == sorted(reading.rejected.get_column("line").to_list())
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.rejected_more + reading.open
    assert reading.rejected_more > 20_000
    doc = json.loads(clean(cli(tmp_path, "check", "--json", str(tmp_path / "t.csv")), codes=(0,)).out)
    f = doc["files"][0]
    assert len(f["rejected"]) == KEPT_REJECTIONS
    assert f["rejected_more"] == reading.rejected_more
    shown = clean(cli(tmp_path, "check", "--lang", "en", str(tmp_path / "t.csv")), codes=(0,)).out
    assert f"{reading.rejected_more:,} more rejections, not listed (the first 1,000 of a file are kept)" in shown


@pytest.mark.slow
def test_two_million_junk_lines_stay_in_bounded_memory(tmp_path: Path) -> None:
    """The probe's 10 MB of junk: check --json peaked at 2 148 MiB (224 MiB now)."""
    with (tmp_path / "t.csv").open("w") as f:
        f.write(TOGGL_HEADER + "\n")
        f.write("zz,\n" * 2_000_000)
    r = clean(cli(tmp_path, "check", "--json", str(tmp_path / "t.csv")), codes=(2,))  # nothing readable
    assert json.loads(r.out)["files"][0]["rows"] == 2_000_000
    assert r.peak is not None
    assert r.peak < 500 * 2**20


@pytest.mark.parametrize("size", [2**20 + 1, 8 * 2**20])
def test_a_file_a_setting_points_to_is_read_up_to_a_cap(tmp_path: Path, size: int) -> None:
    cfg = tmp_path / "timewarrior.cfg"
    with cfg.open("wb") as f:
        f.write(b"define exclusions:\n  monday = <9:00 >17:00\n")
        f.write(b"x" * (size - f.tell()))
    (tmp_path / "c.toml").write_text('hours_from_timewarrior = "timewarrior.cfg"\n')
    with pytest.raises(ConfigError, match=r"c\.toml:1: hours_from_timewarrior: .*over 1 MiB"):
        load_config(tmp_path / "c.toml")
    (tmp_path / "t.csv").write_text(toggl(row()))
    r = clean(cli(tmp_path, "check", str(tmp_path / "t.csv"), "--config", str(tmp_path / "c.toml")), codes=(2,))
    assert r.peak is not None
    assert r.peak < 300 * 2**20


# -- formats: compact JSON, UTF-32, records of separators only ------------------------------------

_TJ_ITEM = ('{{"id": {i}, "workspace_id": 1, "user_id": 2, "description": "t{i}", '
            '"start": "2026-03-02T08:00:00Z", "stop": "2026-03-02T09:00:00Z", "duration": 3600}}')


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.sampled_from([1, 3, 9000, 30_000]), bom=st.booleans(), pad=st.sampled_from(["", " ", "\n"]))
def test_compact_json_of_any_size_is_read(n: int, bom: bool, pad: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """One line of JSON over the 1 MiB line cap was emptied: "the file is empty"."""
    body = pad + "[" + ",".join(_TJ_ITEM.format(i=i) for i in range(1, n + 1)) + "]" + pad
    path = tmp_path_factory.mktemp("cj") / "t.json"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body.encode())
    reading = read_file(path, config=CFG_DEFAULT)
    assert reading.entries.height == n
    assert reading.rows == n


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be", "utf-16", "utf-8-sig"])
def test_utf32_and_utf16_with_a_bom_read_as_utf8(tmp_path: Path, encoding: str) -> None:
    body = toggl(row(), row(description="Réunion ✓", start="2026-03-03"))
    bom = {"utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}.get(encoding, b"")
    (tmp_path / "t.csv").write_bytes(bom + body.encode(encoding))
    (tmp_path / "u.csv").write_text(body)
    got, want = (read_file(tmp_path / n, config=CFG_DEFAULT) for n in ("t.csv", "u.csv"))
    assert got.entries.get_column("description").to_list() == want.entries.get_column("description").to_list()
    assert got.rows == 2


def test_a_utf32_file_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(toggl(row()).encode("utf-32"))
    doc = json.loads(clean(cli(tmp_path, "check", "--json", str(tmp_path / "t.csv")), codes=(0,)).out)
    assert doc["files"][0]["entries"] == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.lists(st.sampled_from(["good", "blank", "seps", "seps-spaces", "half-seps"]), min_size=1, max_size=12),
       quote=st.booleans())
def test_records_of_separators_only_are_rejections(layout: list[str], quote: bool, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A ``,,,,`` record was dropped uncounted; a blank line is no record and is skipped."""
    width = TOGGL_HEADER.count(",")
    lines = {"good": row(), "blank": "", "seps": "," * width, "seps-spaces": " , ," + "," * (width - 2), "half-seps": ",,,"}
    body = [TOGGL_HEADER] + [lines[k] for k in layout]
    if quote:  # a stray quote sends the file to the record-by-record parse
        body.append('Camille,"oops')
    path = tmp_path_factory.mktemp("sep") / "t.csv"
    path.write_text("\n".join(body) + "\n")
    reading = read_file(path, config=CFG_DEFAULT)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    assert reading.entries.height == layout.count("good")
    seps = {i + 2 for i, k in enumerate(layout) if k in ("seps", "seps-spaces", "half-seps")}
    rejected = dict(reading.rejected.select("line", "reason").iter_rows())
    assert {n for n, why in rejected.items() if "separators only" in why} == seps
    assert reading.rows == layout.count("good") + len(seps) + int(quote)


# -- another client's name in a description ------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    other=st.sampled_from(["Lumen", "Café Noir", "Boulangerie", "ACME Studio", "Zoé"]),
    case=st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
    before=st.sampled_from(["comme la campagne ", "", "post pour ", "(", "«\u00a0"]),
    after=st.sampled_from(["", " et Dupont", ", v2", ")", "\u00a0»", "s"]),
)
def test_other_clients_names_are_hidden_in_descriptions(other: str, case: Any, before: str, after: str) -> None:
    import unicodedata

    from cmtime.analysis.redact import OTHER_CLIENT, Names, redact_names

    names = Names.of([other, "Zz"], own=["Dupont", "Boulangerie Dupont"])
    shown = case(other)
    if case is str.lower:  # accents dropped too: "cafe noir"
        shown = "".join(c for c in unicodedata.normalize("NFKD", shown) if not unicodedata.combining(c))
    text = before + shown + after
    out = redact_names(text, names)
    glued = after.startswith("s")  # "Lumens" is another word: kept
    assert (OTHER_CLIENT in out) != glued, (text, out)
    if not glued:
        assert out == before + OTHER_CLIENT + after
    assert redact_names("Boulangerie Dupont, publication", names) == "Boulangerie Dupont, publication"
    assert redact_names("zz top", names) == "zz top"  # under 3 letters: not a name to hide


def test_another_clients_name_is_not_in_the_report(tmp_path: Path) -> None:
    """The probe's case: a description of Dupont names Lumen (configured with an alias) and
    Atelier Bleu (only in the data); with --with-descriptions neither reaches the report."""
    (tmp_path / "t.csv").write_text(toggl(
        row(description="comme la campagne Lumen SA et l'Atelier Bleu"), row(description="Refonte LUMEN", start="2026-03-03"),
        row(client="Lumen", description="x", start="2026-03-04"), row(client="Atelier Bleu", description="y", start="2026-03-05"),
    ))
    (tmp_path / "c.toml").write_text('[clients."Dupont"]\nmonthly_fee = 800.0\n[clients."Lumen"]\naliases = ["Lumen SA"]\n')
    clean(cli(tmp_path, "share", str(tmp_path / "t.csv"), "--config", str(tmp_path / "c.toml"), "--client", "Dupont",
              "--out", str(tmp_path / "out"), "--with-descriptions"), codes=(0,))
    page = (tmp_path / "out" / "report.html").read_text()
    assert "[client]" in page
    for name in ("Lumen", "LUMEN", "Atelier Bleu"):
        assert name not in page
    assert "Lumen" not in (tmp_path / "out" / "summary.csv").read_text()


# -- never the user's files; nothing left by a killed run -----------------------------------------

_REPORT_NAMES = ["report.html", "report.pdf", "summary.csv", "iceberg.png", "iceberg.svg"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=st.dictionaries(st.sampled_from(_REPORT_NAMES), st.sampled_from(["user", "ours", "symlink", "other-name"])),
       manifest=st.sampled_from(["ok", "missing", "garbage", "huge"]))
def test_share_replaces_only_what_it_wrote(state: dict[str, str], manifest: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from cmtime.outputs.out_guard import MANIFEST, ForeignFiles, claim

    d = tmp_path_factory.mktemp("g")
    out, staging = d / "out", d / "staging"
    out.mkdir()
    staging.mkdir()
    ours = []
    for name, kind in state.items():
        if kind == "symlink":
            (out / name).symlink_to(d / "elsewhere")
        elif kind == "other-name":
            (out / f"mine-{name}").write_text("mine")
        else:
            (out / name).write_text(kind)
            if kind == "ours":
                ours.append(name)
    body = {"ok": "".join(f"{n}\n" for n in ours), "missing": None, "garbage": "\x00\x01/etc/passwd\n", "huge": "x\n" * 40_000}[manifest]
    if body is not None:
        (out / MANIFEST).write_text(body)
    listed = set(ours) if manifest == "ok" else set()
    in_the_way = sorted(n for n, k in state.items() if k in ("user", "ours") and n not in listed)
    if in_the_way:
        with pytest.raises(ForeignFiles, match=re.escape(in_the_way[0])):
            claim(out, staging, _REPORT_NAMES)
        assert not (staging / MANIFEST).exists()
    else:
        claim(out, staging, _REPORT_NAMES)
        assert set((staging / MANIFEST).read_text().split()) >= set(_REPORT_NAMES)


def _share(d: Path, out: str = "out") -> Run:
    return cli(d, "share", str(d / "t.csv"), "--client", "Dupont", "--out", str(d / out), "--lang", "en")


@pytest.mark.slow
def test_share_never_writes_over_the_users_files(tmp_path: Path) -> None:
    """The probe's case: out/ held the user's own summary.csv and report.html."""
    (tmp_path / "t.csv").write_text(toggl(row(), row(start="2026-03-03")))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "summary.csv").write_text("mine\n")
    (tmp_path / "out" / "report.html").write_text("<p>mine</p>\n")
    r = clean(_share(tmp_path), codes=(2,))
    assert "report.html, summary.csv" in r.err
    assert (tmp_path / "out" / "summary.csv").read_text() == "mine\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.html", "summary.csv"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # a report written before is its own: written again over it
    clean(_share(tmp_path, "fresh"), codes=(0,))
    (tmp_path / "fresh" / "report.html").write_text("old")
    clean(_share(tmp_path, "fresh"), codes=(0,))
    assert (tmp_path / "fresh" / "report.html").read_text() != "old"


def test_stale_staging_folders_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    from cmtime.outputs.out_guard import clear_stale, staging_prefix

    out = tmp_path / "out"
    dead = tmp_path / ".out.999999999.abc.tmp"  # no such process
    mine = tmp_path / f"{staging_prefix(out)}xyz.tmp"
    other = tmp_path / ".outer.999999999.abc.tmp"  # another --out's
    for d in (dead, mine, other):
        d.mkdir()
        (d / "report.html").write_text("x")
    (tmp_path / ".out.1.link.tmp").symlink_to(tmp_path)  # never followed nor removed
    assert clear_stale(out) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name, ".out.1.link.tmp"])


@pytest.mark.slow
def test_a_killed_share_leaves_nothing_on_the_next_run(tmp_path: Path) -> None:
    import subprocess
    import time

    (tmp_path / "t.csv").write_text(toggl(row(), row(start="2026-03-03")))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CMTIME_PEAK_FILE": str(tmp_path / "peak")}
    argv = [*CLI, "share", str(tmp_path / "t.csv"), "--client", "Dupont", "--out", str(tmp_path / "out")]
    p = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not [x for x in tmp_path.iterdir() if x.name.endswith(".tmp")] and time.monotonic() < deadline:
            if p.poll() is not None:
                pytest.skip("the run ended before it could be killed")
            time.sleep(0.02)
        p.send_signal(signal.SIGKILL)
    finally:
        p.wait()
    left = [x for x in tmp_path.iterdir() if x.name.endswith(".tmp")]
    assert left  # what a killed run leaves
    clean(_share(tmp_path), codes=(0,))
    assert not [x for x in tmp_path.iterdir() if x.name.endswith(".tmp")]
    assert (tmp_path / "out" / "report.pdf").exists()
