"""Numbers that must not change without a word (issue 16): a junk line is no running timer,
one impossible date does not sink a file, one stray quote does not swallow the rows after it.

The exports are real: the Clockify rows come from ``corpus/clockify/metaplm`` (a Turkish
day-first export, CRLF), the Toggl rows from ``corpus/toggl/rqcastro``, the others from
``tests/fixtures``. Every reading keeps ``rows = entries + rejected + open``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cmtime.config import Config
from cmtime.interfaces.cli import main
from cmtime.readers import InputError, read_file
from cmtime.schema import Reading, validate
from tests.conftest import FIXTURES

CFG = Config()

CLOCKIFY_HEADER = (
    '"Project","Client","Description","Task","User","Group","Email","Tags","Billable","Start Date",'
    '"Start Time","End Date","End Time","Duration (h)","Duration (decimal)","Billable Rate (USD)",'
    '"Billable Amount (USD)","Date of creation"'
)
_C = '"{p}","{c}","","","Person 1","","person1@example.org","{t}","{b}","{sd}","{st}","{ed}","{et}","{d}","{dd}","{r}","{a}","{cr}"'
BAYKAR = "Baykar Teknoloji Yerinde \u00c7al\u0131\u015fma"  # Turkish dotless i, as exported
CLOCKIFY_ROWS = [
    _C.format(p=BAYKAR, c="Baykar Teknoloji", t="", b="No", sd="21/01/2026", st="11:00:00",
              ed="21/01/2026", et="18:00:00", d="07:00:00", dd="7.00", r="0.00", a="0.00", cr="28/01/2026"),
    _C.format(p=BAYKAR, c="Baykar Teknoloji", t="", b="No", sd="19/01/2026", st="11:00:00",
              ed="19/01/2026", et="19:00:00", d="08:00:00", dd="8.00", r="0.00", a="0.00", cr="28/01/2026"),
    _C.format(p=BAYKAR, c="Baykar Teknoloji", t="", b="No", sd="28/01/2026", st="11:00:00",
              ed="28/01/2026", et="19:00:00", d="08:00:00", dd="8.00", r="0.00", a="0.00", cr="28/01/2026"),
    _C.format(p="Online Meeting", c="Zenvo Automotive", t="Fatura Edilmedi", b="No", sd="29/01/2026", st="14:30:00",
              ed="29/01/2026", et="15:00:00", d="00:30:00", dd="0.50", r="0.00", a="0.00", cr="28/01/2026"),
    _C.format(p="STEP & PDF Converter", c="Zenvo Automotive", t="Fatura Edilmedi", b="Yes", sd="30/01/2026", st="23:23:00",
              ed="31/01/2026", et="00:29:00", d="01:06:00", dd="1.10", r="75.00", a="82.50", cr="30/01/2026"),
    _C.format(p="STEP & PDF Converter", c="Zenvo Automotive", t="Fatura Edilmedi", b="Yes", sd="30/01/2026", st="06:45:00",
              ed="30/01/2026", et="08:46:00", d="02:01:00", dd="2.02", r="75.00", a="151.25", cr="31/01/2026"),
    _C.format(p="STEP & PDF Converter", c="Zenvo Automotive", t="Fatura Edilmedi", b="Yes", sd="31/01/2026", st="06:00:00",
              ed="31/01/2026", et="12:00:00", d="06:00:00", dd="6.00", r="75.00", a="450.00", cr="31/01/2026"),
    _C.format(p="STEP & PDF Converter", c="Zenvo Automotive", t="Fatura Edilmedi", b="Yes", sd="01/02/2026", st="06:00:00",
              ed="01/02/2026", et="09:30:21", d="03:30:21", dd="3.51", r="75.00", a="262.94", cr="01/02/2026"),
]

TOGGL_HEADER = (
    '"User","Email","Client","Project","Task","Description","Billable","Start date","Start time",'
    '"End date","End time","Duration","Tags"'
)
_T = '"Person {n}","person{n}@example.org","Davidson Kempner Capital Management LLC","{p}","","{d}","No","2023-10-09","{s}","2023-10-09","{e}","{dur}",""'
TOGGL_ROWS = [
    _T.format(n=1, p="quality-ctrl", d="Reviewing hotel-str,industrialre quality-ctrl before deploying", s="05:00:00", e="08:00:00", dur="3:00:00"),
    _T.format(n=2, p="other-dk", d="Invoice September", s="07:50:58", e="10:05:58", dur="2:15:00"),
    _T.format(n=1, p="multiple-dk-projects", d="preparing update notes", s="08:00:00", e="09:00:00", dur="1:00:00"),
    _T.format(n=3, p="ind-onshoring", d="Projects planning", s="09:00:00", e="09:30:00", dur="0:30:00"),
    _T.format(n=4, p="multiple-dk-projects", d="Projects planning", s="09:00:00", e="09:30:00", dur="0:30:00"),
    _T.format(n=5, p="corporate-relocation", d="Reading articles (Factiva); Data tabulation", s="09:00:00", e="10:00:00", dur="1:00:00"),
    _T.format(n=6, p="multiple-dk-projects", d="Projects planning", s="09:00:00", e="09:30:00", dur="0:30:00"),
    _T.format(n=7, p="multiple-dk-projects", d="Projects Planning", s="09:00:00", e="09:30:00", dur="0:30:00"),
    _T.format(n=1, p="multiple-dk-projects", d="Projects planning", s="09:00:00", e="09:45:00", dur="0:45:00"),
    _T.format(n=4, p="multiple-dk-projects", d="Sprint Planning", s="09:30:00", e="11:00:00", dur="1:30:00"),
    _T.format(n=6, p="multiple-dk-projects", d="Sprint Planning", s="09:30:00", e="10:15:00", dur="0:45:00"),
    _T.format(n=8, p="quality-ctrl", d="Updating notes", s="09:40:00", e="09:40:00", dur="0:00:00"),
]


def clockify(*rows: str) -> str:
    return "\r\n".join([CLOCKIFY_HEADER, *rows]) + "\r\n"


def toggl(*rows: str) -> str:
    return "\n".join([TOGGL_HEADER, *rows]) + "\n"


def read(path: Path) -> Reading:
    reading = read_file(path, config=CFG)
    validate(reading.entries)
    assert reading.rows == reading.entries.height + reading.rejected.height + reading.open
    return reading


def reasons(reading: Reading) -> dict[int, str]:
    return dict(reading.rejected.select("line", "reason").iter_rows())


def with_lines(text: str, at: int, *lines: str, newline: str = "\n") -> str:
    """``text`` with ``lines`` inserted so that the first becomes physical line ``at``."""
    kept = text.splitlines()
    return newline.join([*kept[: at - 1], *lines, *kept[at - 1 :]]) + newline


# -- 1. a junk line is rejected, never a running timer -----------------------------------

JUNK_CASES = [
    # name, the file's text, separator, newline
    ("clockify", clockify(*CLOCKIFY_ROWS), ";", "\r\n"),
    ("toggl", toggl(*TOGGL_ROWS), ",", "\n"),
    ("kimai", (FIXTURES / "kimai" / "kimai_en_default.csv").read_text(), ",", "\n"),
    ("kimai-fr", (FIXTURES / "kimai" / "kimai_fr_excel.csv").read_bytes().decode("cp1252"), ";", "\n"),
    ("harvest", (FIXTURES / "harvest" / "harvest_us_mdy.csv").read_text(), ",", "\n"),
    (
        "cmtime",
        "start,end,client,project,description,tags\n"
        "2026-03-02T09:00,2026-03-02T10:30,Vidal,Social,Stratégie éditoriale,hidden\n"
        "2026-03-02T14:00,2026-03-02T15:00,Vidal,Social,Réunion,\n"
        "2026-03-03T08:00,2026-03-03T09:15,Lumen,,Publication,visible\n",
        ",",
        "\n",
    ),
]


@pytest.mark.parametrize(("name", "text", "sep", "newline"), JUNK_CASES, ids=[c[0] for c in JUNK_CASES])
def test_a_junk_line_is_rejected_with_its_line_not_counted_open(write, name, text, sep, newline):
    before = read(write(f"{name}.csv", text))
    junk = write(f"{name}_junk.csv", with_lines(text, 3, f"Vidal{sep}{sep}{sep}", '"Vidal"', newline=newline))
    after = read(junk)
    assert after.format == before.format
    assert after.rows == before.rows + 2
    assert after.entries.height == before.entries.height
    assert after.open == before.open  # a real running timer stays open, junk never is
    got = reasons(after)
    shifted = {n if n < 3 else n + 2: why for n, why in reasons(before).items()}
    assert {n: why for n, why in got.items() if n not in (3, 4)} == shifted
    assert got[3]
    assert got[4]


def test_the_reported_clockify_reproduction_via_check(write, capsys):
    """Issue 16: the first rows of metaplm's export with ``Vidal;;;`` and ``"Vidal"``
    said rows=10, entries=8, open=2, rejected=0."""
    path = write("c1.csv", with_lines(clockify(*CLOCKIFY_ROWS), 4, "Vidal;;;", '"Vidal"', newline="\r\n"))
    code = 0
    try:
        main(["check", str(path), "--json", "--lang", "en"])
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 0
    f = json.loads(capsys.readouterr().out)["files"][0]
    assert (f["rows"], f["entries"], f["open"]) == (10, 8, 0)
    assert [r["line"] for r in f["rejected"]] == [4, 5]
    assert all("start date" in r["reason"] for r in f["rejected"])


def test_a_running_clockify_timer_is_still_open(write):
    running = _C.format(p="Online Meeting", c="Zenvo Automotive", t="", b="No", sd="02/02/2026", st="09:00:00",
                        ed="", et="", d="", dd="", r="0.00", a="0.00", cr="02/02/2026")
    r = read(write("running.csv", clockify(*CLOCKIFY_ROWS, running)))
    assert (r.rows, r.entries.height, r.open, r.rejected.height) == (9, 8, 1, 0)


def test_an_open_row_without_a_readable_start_is_rejected(write):
    """No end and no duration, but the start date is not a date: not a running timer."""
    broken = _C.format(p="Online Meeting", c="Zenvo Automotive", t="", b="No", sd="soon", st="09:00:00",
                       ed="", et="", d="", dd="", r="0.00", a="0.00", cr="02/02/2026")
    no_time = _C.format(p="Online Meeting", c="Zenvo Automotive", t="", b="No", sd="02/02/2026", st="",
                        ed="", et="", d="", dd="", r="0.00", a="0.00", cr="02/02/2026")
    r = read(write("open.csv", clockify(*CLOCKIFY_ROWS, broken, no_time)))
    assert (r.rows, r.entries.height, r.open) == (10, 8, 0)
    got = reasons(r)
    assert got[10] == "unreadable start date 'soon'"
    assert got[11] == "unreadable start time ''"


def test_kimai_open_row_needs_a_readable_date(write):
    text = (FIXTURES / "kimai" / "kimai_en_default.csv").read_text()
    bad = text.replace("2026-03-04,08:00,,0", "someday,08:00,,0")
    r = read(write("kimai.csv", bad))
    assert r.open == 0
    assert reasons(r)[6] == "unreadable date 'someday'"


# -- 2. a date valid in neither order is one rejected row --------------------------------


def test_a_date_valid_in_neither_order_rejects_its_row_only(write):
    rows = list(CLOCKIFY_ROWS)
    rows[1] = rows[1].replace('"19/01/2026","11:00:00"', '"31/31/2026","11:00:00"')
    r = read(write("neither.csv", clockify(*rows)))
    assert (r.rows, r.entries.height, r.open) == (8, 7, 0)
    assert reasons(r) == {3: "unreadable start date '31/31/2026'"}
    # the rest still reads day-first
    assert dt.date(2026, 2, 1) in r.entries.get_column("date").to_list()


def test_a_date_valid_in_neither_order_in_the_end_date_names_it(write):
    rows = list(CLOCKIFY_ROWS)
    rows[3] = rows[3].replace('"29/01/2026","15:00:00"', '"13/13/2026","15:00:00"')
    r = read(write("neither_end.csv", clockify(*rows)))
    assert r.entries.height == 7
    assert reasons(r) == {5: "unreadable end date '13/13/2026'"}


def test_order_comes_from_every_date_column(write):
    """Start dates all fit both orders; the end and creation dates say day-first."""
    rows = [
        _C.format(p="P", c="Vidal", t="", b="No", sd="03/02/2026", st="23:00:00", ed="04/02/2026", et="01:00:00",
                  d="02:00:00", dd="2.00", r="0", a="0", cr="04/02/2026"),
        _C.format(p="P", c="Vidal", t="", b="No", sd="05/02/2026", st="09:00:00", ed="05/02/2026", et="10:00:00",
                  d="01:00:00", dd="1.00", r="0", a="0", cr="14/02/2026"),
        _C.format(p="P", c="Vidal", t="", b="No", sd="31/31/2026", st="09:00:00", ed="31/31/2026", et="10:00:00",
                  d="01:00:00", dd="1.00", r="0", a="0", cr="14/02/2026"),
    ]
    r = read(write("cols.csv", clockify(*rows)))
    assert r.entries.get_column("date").to_list() == [dt.date(2026, 2, 3), dt.date(2026, 2, 5)]
    assert reasons(r) == {4: "unreadable start date '31/31/2026'"}


@pytest.mark.parametrize(
    ("fixture", "date", "line"),
    [("harvest/harvest_fr_dmy.csv", "02/03/2026", 3), ("harvest/harvest_us_mdy.csv", "03/04/2026", 3),
     ("kimai/kimai_fr_excel.csv", "14/03/2026", 3)],
)
def test_harvest_and_kimai_reject_the_impossible_date_only(write, fixture, date, line):
    raw = (FIXTURES / fixture).read_bytes()
    enc = "cp1252" if b"\xe9" in raw else "utf-8"
    text = raw.decode(enc)
    before = read(write("before.csv", text, enc))
    after = read(write("after.csv", text.replace(date, "31/31/2026", 1), enc))
    assert after.rows == before.rows
    assert after.entries.height == before.entries.height - 1
    assert reasons(after)[line] == "unreadable date '31/31/2026'"
    kept = before.entries.filter(~before.entries["origin"].str.ends_with(f":{line}"))
    assert kept.get_column("date").to_list() == after.entries.get_column("date").to_list()


def test_a_file_that_truly_mixes_orders_names_two_different_values(write):
    rows = list(CLOCKIFY_ROWS)
    rows[4] = rows[4].replace('"30/01/2026","23:23:00","31/01/2026"', '"01/30/2026","23:23:00","01/31/2026"')
    with pytest.raises(InputError, match=r"day-first \('21/01/2026' on line 2\) and month-first \('01/30/2026' on line 6\)"):
        read(write("mixed.csv", clockify(*rows)))


# -- 3. a stray quote is rejected on its own line -----------------------------------------


@pytest.mark.parametrize("fmt", ["toggl", "clockify"])
def test_a_stray_quote_rejects_its_line_and_reads_the_next_ones(write, fmt):
    if fmt == "toggl":
        text, n = toggl(*TOGGL_ROWS[:2], '"Broken quote,x,y', *TOGGL_ROWS[2:]), len(TOGGL_ROWS)
    else:
        rows = CLOCKIFY_ROWS + CLOCKIFY_ROWS[:2]
        text, n = clockify(*rows[:2], '"Broken quote,x,y', *rows[2:]), len(rows)
    r = read(write(f"{fmt}.csv", text))
    assert r.rows == n + 1
    assert r.entries.height == n
    assert list(reasons(r)) == [4]
    assert "quote" in reasons(r)[4]
    persons = r.entries.get_column("person").to_list()
    assert not any("Broken" in p or "\n" in p for p in persons)
    lines = sorted(int(o.rsplit(":", 1)[1]) for o in r.entries.get_column("origin").to_list())
    assert lines == [2, 3, *range(5, n + 3)]


def test_a_quoted_line_break_with_the_header_width_is_one_record(write):
    multi = TOGGL_ROWS[3].replace("Projects planning", "Projects planning\nand a second line")
    text = toggl(*TOGGL_ROWS[:3], multi, *TOGGL_ROWS[4:])
    r = read(write("multi.csv", text))
    assert (r.rows, r.entries.height, r.rejected.height) == (len(TOGGL_ROWS), len(TOGGL_ROWS), 0)
    row = r.entries.filter(r.entries["description"].str.contains("second line"))
    assert row.get_column("origin").item().endswith(":5")
    assert r.entries.get_column("origin").to_list()[-1].endswith(f":{len(TOGGL_ROWS) + 2}")


def test_a_quote_closing_into_the_wrong_number_of_fields_is_not_a_record(write):
    """Line 4 opens a quote that line 5 closes, but the two make 3 fields, not 13."""
    text = toggl(*TOGGL_ROWS[:2], 'x,"Broken', 'quote",y', *TOGGL_ROWS[2:])
    r = read(write("wrong.csv", text))
    assert r.rows == len(TOGGL_ROWS) + 2
    assert r.entries.height == len(TOGGL_ROWS)
    assert list(reasons(r)) == [4, 5]


def test_a_quote_never_closed_at_the_end(write):
    text = toggl(*TOGGL_ROWS, '"Person 9","unclosed')
    r = read(write("end.csv", text))
    assert (r.rows, r.entries.height) == (len(TOGGL_ROWS) + 1, len(TOGGL_ROWS))
    assert list(reasons(r)) == [len(TOGGL_ROWS) + 2]


def test_files_read_two_at_a_time_come_back_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Small files are read two at a time: the readings, the skipped files and the
    duplicates keep the order of the folder, and a named unreadable file still stops."""
    from cmtime.config import Config
    from cmtime.readers import InputError, read_paths

    head = "start,end,client,project,description,tags\n"
    for i in range(7):
        rows = "".join(
            f"2026-03-{2 + d:02d}T09:00:00,2026-03-{2 + d:02d}T10:00:00,C{i},P,task {i}-{d},\n"
            for d in range(i + 1)
        )
        (tmp_path / f"f{i}.csv").write_text(head + rows, encoding="utf-8")
        if i == 3:
            (tmp_path / "f3b.txt").write_text("not an export\n", encoding="utf-8")
    loaded = read_paths([tmp_path], config=Config())
    names = [r.path.rsplit("/", 1)[-1] for r in loaded.readings]
    assert names == [f"f{i}.csv" for i in range(7)]
    assert [r.items for r in loaded.readings] == list(range(1, 8))
    assert [s.path.rsplit("/", 1)[-1] for s in loaded.skipped] == ["f3b.txt"]
    with pytest.raises(InputError, match=r"f3b\.txt"):
        read_paths([tmp_path / "f2.csv", tmp_path / "f3b.txt", tmp_path / "f4.csv"], config=Config())
