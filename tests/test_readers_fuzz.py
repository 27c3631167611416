"""Random mutations of valid exports never escape as anything but a rejection or an InputError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.config import Config
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
