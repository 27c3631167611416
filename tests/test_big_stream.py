"""A big Toggl export read by one streaming query (`cmtime.readers._stream`) reads exactly
as block by block: the same entries, rejections, line numbers and counts, whatever the
rows hold. Files the streaming path cannot map line for line go back to the blocks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from cmtime.config import Config
from cmtime.readers import _stream, _text, read_file, toggl
from cmtime.schema import Reading

CFG = Config()
HEADER = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)"
ROW = "Ana Roux,ana@x.fr,Dupont,Social,,{desc},Yes,2026-03-{day:02d},09:00:00,2026-03-{day:02d},10:30:00,01:30:00,,12.5"


def _read_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Reading, Reading, bool]:
    """(streamed, block by block, whether the streaming path kept the file)."""
    monkeypatch.setattr(_text, "LAZY_BYTES", 0)  # any file stays on disk, as a big one does
    monkeypatch.setattr(_text, "BLOCK_BYTES", 4096)  # several blocks for the block path
    used: list[bool] = []
    real = toggl._streamed

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        got = real(*args, **kwargs)
        used.append(got is not None)
        return got

    monkeypatch.setattr(toggl, "_streamed", spy)
    streamed = read_file(path, config=CFG, fmt="toggl")
    monkeypatch.setattr(_stream, "qualifies", lambda text: False)
    blocks = read_file(path, config=CFG, fmt="toggl")
    monkeypatch.undo()
    return streamed, blocks, used == [True]


def _same(a: Reading, b: Reading) -> None:
    assert_frame_equal(a.entries, b.entries)
    assert_frame_equal(a.rejected, b.rejected)
    assert (a.rows, a.open, a.notes) == (b.rows, b.open, b.notes)


def _sample(tmp_path: Path, edit: Callable[[list[str]], None], *, end: str = "\n", bom: bool = False) -> Path:
    from cmtime.sample import synthetic as sample

    path = sample.write_sample(tmp_path, entries=400, seed=11, fmt="toggl")[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    edit(lines)
    data = ("\ufeff" if bom else "") + "\n".join(lines) + end
    path.write_bytes(data.encode("utf-8"))
    return path


def _set(index: int, field: int, value: str) -> Callable[[list[str]], None]:
    def edit(lines: list[str]) -> None:
        cells = lines[index].split(",")
        cells[field] = value
        lines[index] = ",".join(cells)

    return edit


def _all(*edits: Callable[[list[str]], None]) -> Callable[[list[str]], None]:
    def edit(lines: list[str]) -> None:
        for e in edits:
            e(lines)

    return edit


# Rows the fast parse cannot settle, or whose checks fail: read again and parsed as the
# blocks do, in place. The streaming path keeps the file.
ODD_ROWS = {
    "clean": _all(),
    "dd/mm/yyyy date": _set(10, 7, "02/03/2026"),
    "short clock": _set(11, 8, "9:05"),
    "clock with spaces": _set(12, 10, " 10:00:00 "),
    "long duration": _set(13, 11, "68:10:00"),
    "negative duration": _set(14, 11, "-00:10:00"),
    "unreadable date": _set(15, 7, "n/a"),
    "empty start time": _set(16, 8, ""),
    "no end, end from the duration": _all(_set(17, 9, ""), _set(17, 10, "")),
    "end before start": _all(_set(18, 8, "18:00:00"), _set(18, 10, "09:00:00")),
    "blank user, e-mail as person": _set(19, 0, ""),
    "blank user and e-mail": _all(_set(20, 0, " "), _set(20, 1, "")),
    "billable in French": _set(21, 6, "oui"),
    "billable spelled oddly": _set(22, 6, " VRAI "),
    "tags with separators": _set(23, 12, '"#Hidden; Stratégie|client"'),
    "spring-forward gap": _all(_set(24, 7, "2026-03-29"), _set(24, 8, "02:30:00"), _set(24, 9, "2026-03-29"), _set(24, 10, "03:30:00"), _set(24, 11, "00:30:00")),
    "fall-back night": _all(_set(25, 7, "2026-10-25"), _set(25, 8, "02:10:00"), _set(25, 9, "2026-10-25"), _set(25, 10, "02:20:00"), _set(25, 11, "01:10:00")),
    "several days": _all(_set(26, 9, "2026-01-05"), _set(26, 11, "72:00:00")),
    "whitespace-only record": lambda lines: lines.insert(30, "   "),
    "short record": lambda lines: lines.insert(32, "Ana,ana@x.fr,Dupont"),
    "blank line": lambda lines: lines.insert(33, ""),
    "quoted comma": _set(33, 5, '"Posts, stories"'),
    "year out of limits": _all(_set(34, 7, "1850-03-02"), _set(34, 9, "1850-03-02")),
    "many at once": _all(_set(40, 7, "02/03/2026"), _set(41, 8, "x"), lambda lines: lines.insert(50, "   ")),
}


@pytest.mark.parametrize("edit", ODD_ROWS.values(), ids=ODD_ROWS.keys())
def test_streamed_rows_read_as_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit) -> None:
    streamed, blocks, kept = _read_both(_sample(tmp_path, edit), monkeypatch)
    _same(streamed, blocks)
    assert kept
    assert streamed.entries.height > 300


def test_line_ends_and_bom_are_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for end, bom in (("\r\n", False), ("", False), ("\n", True)):
        path = _sample(tmp_path, _all(), end="" if end == "" else "\n", bom=bom)
        if end == "\r\n":
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        streamed, blocks, kept = _read_both(path, monkeypatch)
        _same(streamed, blocks)
        assert kept, (end, bom)


# Files the streaming path cannot map line for line: they go back to the blocks (and
# still read as the blocks read them).
NOT_FLAT = {
    "quoted line break": _set(60, 5, '"deux\nlignes"'),
    "NUL byte": _set(61, 5, "a\x00b"),
    "lone CR in a field": _set(62, 5, "a\rb"),
    "trailing blank lines": lambda lines: lines.extend(["", ""]),
    "too many fields": lambda lines: lines.insert(64, lines[64] + ",extra,fields"),
    # a record of separators only is a rejection (issue #33), which the blocks give
    "record of separators": lambda lines: lines.insert(31, ",,,,,,,,,,,,,"),
    "separators among odd rows": _all(_set(40, 7, "02/03/2026"), lambda lines: lines.insert(50, ",,,")),
}


@pytest.mark.parametrize("edit", NOT_FLAT.values(), ids=NOT_FLAT.keys())
def test_files_not_line_for_line_go_back_to_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit) -> None:
    streamed, blocks, kept = _read_both(_sample(tmp_path, edit), monkeypatch)
    _same(streamed, blocks)
    assert not kept


def test_a_line_over_the_limit_goes_back_to_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sample(tmp_path, _set(70, 5, "x" * 3000))
    monkeypatch.setattr(_text, "MAX_LINE_BYTES", 2048)
    text = _text.read_text(path, max_line=2048)
    assert _stream.flat_lines(text) is None


_DATES = st.sampled_from(["2026-03-02", "2026-03-29", "2026-10-25", "02/03/2026", "2026-3-2", "", "x", " 2026-03-03"])
_CLOCKS = st.sampled_from(["09:00:00", "02:30:00", "23:59:59", "9:05", "09:00", "24:00:00", "", "12:00:60", " 10:00:00"])
_DURATIONS = st.sampled_from(["01:30:00", "00:00:00", "68:10:00", "1:02:03", "-00:10:00", "", "1.5", "00:61:00"])
_TEXTS = st.sampled_from(["Ana Roux", "", " ", "Posts", '"a, b"', "Réunion", "  spaced  "])
_BILLABLE = st.sampled_from(["Yes", "No", "oui", "", "TRUE", " no ", "maybe"])
_TAGS = st.sampled_from(["", "hidden", '"hidden, stratégie"', "#Cache", "a|b;c"])


@st.composite
def _rows(draw: st.DrawFn) -> str:
    person, email, client, desc = (draw(_TEXTS) for _ in range(4))
    return ",".join([
        person, email, client, "Social", "", desc, draw(_BILLABLE), draw(_DATES), draw(_CLOCKS),
        draw(_DATES), draw(_CLOCKS), draw(_DURATIONS), draw(_TAGS), "",
    ])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_rows(), min_size=1, max_size=40))
def test_any_rows_read_as_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[str]) -> None:
    path = tmp_path / "toggl.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    streamed, blocks, _ = _read_both(path, monkeypatch)
    _same(streamed, blocks)


def test_a_clean_export_reads_every_row_in_the_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No row of a clean export is read twice: the raw re-read is not called."""
    path = tmp_path / "toggl.csv"
    path.write_text("\n".join([HEADER, *(ROW.format(desc=f"Post {i}", day=1 + i % 28) for i in range(500))]) + "\n")
    monkeypatch.setattr(_text, "LAZY_BYTES", 0)

    def no_reread(*args, **kwargs):  # type: ignore[no-untyped-def]
        msg = "a clean row was read again"
        raise AssertionError(msg)

    monkeypatch.setattr(_stream, "raw_rows", no_reread)
    got = read_file(path, config=CFG)
    assert got.entries.height == 500
    assert got.rejected.is_empty()
    assert got.entries.get_column("origin").to_list()[:2] == [f"{path}:2", f"{path}:3"]
    assert got.entries.select(pl.col("start").dt.hour().first()).item() == 8  # 09:00 in Paris, UTC+1


def test_a_file_that_changes_while_read_goes_back_to_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The streaming path reads the file twice (the query, the line check): a file that
    grows in between (a tracker still writing it) is read again by the blocks."""
    path = _sample(tmp_path, _all())
    extra = ROW.format(desc="written late", day=3)
    real = _stream.flat_lines

    def grows(text):  # type: ignore[no-untyped-def]
        counted = real(text)
        with path.open("a", encoding="utf-8") as f:
            f.write(extra + "\n")
        return counted

    monkeypatch.setattr(_stream, "flat_lines", grows)
    streamed, _, kept = _read_both(path, monkeypatch)
    assert not kept
    assert "written late" in streamed.entries.get_column("description").to_list()


def test_a_file_cut_before_its_odd_rows_are_read_again_goes_back_to_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows the query could not settle are read again from the file: if the file no longer
    holds them (cut meanwhile), the whole file is read by the blocks."""
    path = _sample(tmp_path, _set(300, 7, "02/03/2026"))
    real = _stream.collect_checked

    def then_cut(text, query):  # type: ignore[no-untyped-def]
        got = real(text, query)
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(lines[:200]) + "\n", encoding="utf-8")
        return got

    monkeypatch.setattr(_stream, "collect_checked", then_cut)
    streamed, _, kept = _read_both(path, monkeypatch)
    assert not kept
    assert streamed.rows == 199
