"""A big file read from disk in many blocks, the next read by a second thread while one
is parsed, reads exactly as the same file in memory: entries, rejections, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from cmtime.config import Config
from cmtime.readers import _text, read_file

CFG = Config()


def _write(tmp_path: Path, *, edit) -> tuple[Path, int]:
    from cmtime.sample import synthetic as sample

    path = sample.write_sample(tmp_path, entries=3000, seed=5, fmt="toggl")[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    edit(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, len(lines) - 1


def _bad_time(lines: list[str]) -> None:
    lines[2500] = lines[2500].replace(":", "h", 1)  # a rejection in a late block
    lines[1200] = "Ana,a@x.fr,Dupont,Social,,\x00,Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,"


def _quoted_break(lines: list[str]) -> None:
    # a record over two lines in a late block: the fast path gives up, from its thread
    lines[2600] = 'Ana,a@x.fr,Dupont,Social,,"deux\nlignes",Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,'


@pytest.mark.parametrize("edit", [_bad_time, _quoted_break])
def test_many_blocks_read_like_one(tmp_path: Path, monkeypatch, edit) -> None:
    path, rows = _write(tmp_path, edit=edit)
    in_memory = read_file(path, config=CFG)
    monkeypatch.setattr(_text, "LAZY_BYTES", 1024)
    monkeypatch.setattr(_text, "BLOCK_BYTES", 20_000)  # about 15 blocks
    assert _text.read_text(path).on_disk
    on_disk = read_file(path, config=CFG)
    assert_frame_equal(on_disk.entries, in_memory.entries)
    assert_frame_equal(on_disk.rejected, in_memory.rejected)
    assert on_disk.rows == in_memory.rows
    if edit is _bad_time:
        assert on_disk.rows == rows
        assert {1201, 2501} <= set(on_disk.rejected.get_column("line").to_list())
    else:
        assert "deux\nlignes" in on_disk.entries.get_column("description").to_list()
