"""The fast parsers of the big-file path agree with the careful ones wherever they answer."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cmtime.readers._parse import (
    _with_tags,
    clean,
    fast_duration,
    parse_hms_duration,
    refine,
    split_tags,
)

TRICKY = [
    "00:15:00", "68:10:00", "337:27:00", "1:05:00", "123456:00:01", "1234567:00:00",
    "24:00:00", "00:60:00", "00:00:60", "00:59:59", "-01:00:00", "+01:00:00", " 01:00:00",
    "01:00:00 ", "01:00", "01:0:00", "1:00:0", "٣:00:00", "01:00:00:00", "", "::", "a1:00:00",
    "01:+5:00", "01:00:+5", None,
]


def test_fast_duration_agrees_with_the_careful_parser() -> None:
    df = pl.DataFrame({"t": TRICKY}, schema={"t": pl.String})
    got = df.select(fast=fast_duration(pl.col("t")), careful=parse_hms_duration(clean("t")))
    answered = got.filter(pl.col("fast").is_not_null())
    assert answered["fast"].eq_missing(answered["careful"]).all()
    # what it answers: plain H+:MM:SS up to six digits of hours
    assert df.filter(got["fast"].is_not_null())["t"].to_list() == [
        "00:15:00", "68:10:00", "337:27:00", "1:05:00", "123456:00:01", "24:00:00", "00:59:59",
    ]
    assert got.row(1) == (dt.timedelta(hours=68, minutes=10),) * 2


@pytest.mark.parametrize("separators", [",", r"[,;|]"])
@pytest.mark.parametrize("rows", [0, 3, 24])
def test_tags_split_once_per_distinct_text_like_row_by_row(separators: str, rows: int) -> None:
    texts = ["", "a, B", "#x;y", "", "a, B", "  ", "dup,dup", "é, É"] * 3
    df = pl.DataFrame({"__tags": texts[:rows]}, schema={"__tags": pl.String}).with_columns(
        tags=pl.lit([], dtype=pl.List(pl.String))
    )
    want = refine(df, {"tags": split_tags(pl.col("__tags"), separators)}, where=pl.col("__tags") != "")
    assert_frame_equal(_with_tags(df, separators), want)
