"""A big CSV export read by one streaming polars query instead of block by block.

The block path (`cmtime.readers._build.parse_blocks`) parses each 16 MB block eagerly,
one step after another. A reader whose fast parse is made of row-by-row expressions can
instead hand the whole file to polars' streaming engine (`scan`), which splits the
tokenizing and the expressions over every core and keeps only the columns asked for: on
a million Toggl rows the raw strings of the dates, times, e-mails and amounts never
exist all at once.

It is the same reading, not an approximation of it:

- The file qualifies only when every record sits on one physical line (`flat_lines`,
  run beside the query: no NUL byte, no line over the limit, no lone CR, no blank line
  at the end) and the query gives exactly one record per line. Anything else, a query
  polars refuses (a record with too many fields), or a file that changes while it is
  read goes back to the block path.
- Rows the fast expressions cannot settle (a layout only the careful parsers know, a
  failing check whose message quotes the raw text, a blank first field or person) are
  read again from the file (`raw_rows`) and go through the reader's own block parser, so
  every row ends as the block path would make it.

On a million Toggl rows the whole summary runs faster than with the blocks, at the same
peak, now that cmtime has polars' allocator give freed memory back soon
(`cmtime.ALLOCATOR`); with polars' own setting it peaked higher (benchmarks/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import polars as pl

from cmtime.readers._text import BLOCK_BYTES, CSV_OPTIONS, LINE, Text, _odd_lines


def qualifies(text: Text) -> bool:
    """True for a big UTF-8 file left on disk with LF or CRLF line ends."""
    return text.on_disk and not text.cr_only


#: A line of separators only (",,,,", ";;;"): read by the blocks, which reject it.
_SEPARATORS_ONLY = re.compile(rb"(?m)^[\t ]*[,;][,;\t ]*\r?$")


def flat_lines(text: Text) -> int | None:
    """The number of records after the header if each sits on one physical line, the
    file holds no NUL byte, no line over ``text.max_line`` bytes, no CR that does not
    end a line, and does not end with a blank line; None otherwise.

    Read from disk a block at a time (memory stays flat), in a thread beside the query.
    """
    path = text.file_path
    if path is None:
        return None
    lines = 0
    since = 0  # bytes of the line that runs into the next block
    tail = b""  # the file's last bytes read so far
    buffer = bytearray(BLOCK_BYTES)  # one buffer, refilled: no 16 MB allocation per block
    with path.open("rb") as f:
        f.seek(text.skip)
        while size := f.readinto(buffer):
            block = buffer if size == len(buffer) else buffer[:size]
            if b"\x00" in block or _SEPARATORS_ONLY.search(block):
                return None  # a record of separators only is a rejection: the blocks say so
            if b"\r" in block:
                ends = block.count(b"\r\n") + (tail.endswith(b"\r") and block.startswith(b"\n"))
                if block.count(b"\r") - block.endswith(b"\r") + tail.endswith(b"\r") != ends:
                    return None
            first, last = block.find(b"\n"), block.rfind(b"\n")
            if first == -1:
                since += len(block)
            else:
                # a cut line at either end is checked whole with `since`; _odd_lines
                # can only find one too long if it is
                if since + first > text.max_line or _odd_lines(block, text.max_line):
                    return None
                since = len(block) - last - 1
                lines += block.count(b"\n")
            if since > text.max_line:
                return None
            tail = (tail + block[-4:])[-4:]
    if not tail or tail.endswith((b"\n\n", b"\r\n\r\n", b"\r")):
        return None
    if not tail.endswith(b"\n"):
        lines += 1  # a last line without a line end
    return lines - 1  # the header


def scan(text: Text, names: Sequence[str], separator: str) -> pl.LazyFrame:
    """The CSV as a lazy frame of strings named ``names``, with `LINE` (Int64): the same
    tokenizing as `cmtime.readers._text.table_chunks` (one record per line assumed;
    `flat_lines` checks it)."""
    assert text.file_path is not None
    return pl.scan_csv(
        text.file_path,
        has_header=True,
        new_columns=list(names),
        infer_schema=False,
        separator=separator,
        row_index_name=LINE,
        row_index_offset=2,
        **CSV_OPTIONS,
    ).with_columns(pl.col(LINE).cast(pl.Int64))


#: Every field of every record is tokenized, so that a record with too many fields makes
#: polars refuse the file (as the block path does); with the unused columns pruned, polars
#: stops reading a record at the last column asked for and would not see them.
_EVERY_FIELD = pl.QueryOptFlags(projection_pushdown=False)


def collect_checked(text: Text, query: pl.LazyFrame) -> pl.DataFrame | None:
    """``query`` (built on `scan`) collected by the streaming engine while `flat_lines`
    reads the file; None when the file does not qualify, polars refuses it, or the
    records and lines do not match one for one, or the file changed meanwhile (a
    tracker still writing it: the file is read twice)."""
    before = _version(text)
    with ThreadPoolExecutor(max_workers=1) as pool:
        counted: Future[int | None] = pool.submit(flat_lines, text)
        try:
            df = query.collect(engine="streaming", optimizations=_EVERY_FIELD)
        except pl.exceptions.PolarsError:
            counted.cancel()
            return None
        expected = counted.result()
    if expected is None or df.height != expected or _version(text) != before:
        return None
    if df.height and not df.get_column(LINE).is_sorted():
        df = df.sort(LINE)
    return df


def _version(text: Text) -> tuple[int, int] | None:
    """The file's size and modification time (None when it cannot be read)."""
    try:
        st = text.file_path.stat() if text.file_path else None
    except OSError:
        return None
    return None if st is None else (st.st_size, st.st_mtime_ns)


def raw_rows(text: Text, names: Sequence[str], separator: str, lines: pl.Series) -> pl.DataFrame | None:
    """The raw string rows at ``lines`` (sorted), with `LINE`: the input of a block parser.
    None when the file no longer holds exactly those lines (it changed since the query)."""
    try:
        rows = scan(text, names, separator).filter(pl.col(LINE).is_in(lines.implode())).collect()
    except pl.exceptions.PolarsError:
        return None
    return rows if rows.get_column(LINE).equals(lines, check_names=False) else None
