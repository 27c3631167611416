"""Column-wide inference helpers: date order, 12/24 h clocks, decimal marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from cmtime.readers._infer import (
    infer_date_order,
    parse_clock_any,
    parse_date_ordered,
    parse_decimal,
    uses_12_hour_clock,
)
from cmtime.readers._text import InputError


def frame(*values: str) -> pl.DataFrame:
    return pl.DataFrame({"d": list(values), "__line": list(range(2, len(values) + 2))})


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (("2024-03-04", "2024-12-31"), "ymd"),
        (("03/04/2024", "21/01/2026"), "dmy"),
        (("03/04/2024", "10/15/2024"), "mdy"),
        (("03.04.2024",), "dmy"),
        (("", "2024-03-04"), "ymd"),
    ],
)
def test_date_order_from_the_whole_column(values, order):
    assert infer_date_order(frame(*values), ["d"], path=Path("x.csv"))[0] == order


def test_ambiguous_column_uses_config_then_am_pm_then_fails():
    df = frame("03/04/2024", "01/02/2024")
    assert infer_date_order(df, ["d"], path=Path("x"), configured="dmy")[0] == "dmy"
    order, note = infer_date_order(df, ["d"], path=Path("x"), twelve_hour=True)
    assert order == "mdy"
    assert note is not None
    assert "12-hour" in note
    with pytest.raises(InputError, match="cannot tell"):
        infer_date_order(df, ["d"], path=Path("x"))


def test_parse_date_ordered():
    df = pl.DataFrame({"d": ["03/04/2024", "2024-03-04", "31.12.2024", "31/02/2026", "1/2/2024", "x"]})
    got = df.select(m=parse_date_ordered(pl.col("d"), "mdy"), d=parse_date_ordered(pl.col("d"), "dmy"))
    assert got["m"].to_list() == [dt.date(2024, 3, 4), dt.date(2024, 3, 4), None, None, dt.date(2024, 1, 2), None]
    assert got["d"].to_list() == [
        dt.date(2024, 4, 3), dt.date(2024, 3, 4), dt.date(2024, 12, 31), None, dt.date(2024, 2, 1), None,
    ]


def test_parse_clock_any():
    values = ["10:23 AM", "10:23:52 PM", "12:05 AM", "12:05 pm", "23:59:59", "24:00", "13:00 PM", "9:05"]
    got = pl.DataFrame({"t": values}).select(parse_clock_any(pl.col("t"))).to_series().to_list()
    hms = [None if g is None else int(g.total_seconds()) for g in got]
    assert hms == [37380, 80632, 300, 43500, 86399, None, None, 32700]
    assert uses_12_hour_clock(pl.DataFrame({"t": ["14:00", "2:00 PM"]}), ["t"])
    assert not uses_12_hour_clock(pl.DataFrame({"t": ["14:00", "02:00:00"]}), ["t", None])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["4.5", "4", "0.5"], [4.5, 4.0, 0.5]),
        (["20,0", "0,01", "2.000,0"], [20.0, 0.01, 2000.0]),
        (["1,234.5", "1 234,5", "1'234.50", "-2,5"], [1234.5, 1234.5, 1234.5, -2.5]),
        (["2.000", "20,0"], [2000.0, 20.0]),  # the column uses a decimal comma
        (["2.000", "2.5"], [2.0, 2.5]),  # the column uses a decimal point
        (["1.000.000", "x", "", "1.2,3,4"], [1_000_000.0, None, None, None]),
    ],
)
def test_parse_decimal(values, expected):
    got = pl.DataFrame({"v": values}).select(parse_decimal(pl.col("v"))).to_series().to_list()
    assert got == expected
