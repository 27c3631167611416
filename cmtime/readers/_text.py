"""Bytes to text and CSV text to an all-string frame with physical line numbers.

Shared by every CSV reader: encodings (UTF-8 with or without BOM, UTF-16, cp1252 from a
French Excel, detected with `charset-normalizer`), delimiters (``,`` ``;`` tab), and the
line number of every record so that a rejection can point at it.

A UTF-8 file is not decoded to a Python string unless a reader asks for `Text.text`: the
CSV readers hand its bytes straight to polars, which checks the UTF-8 itself. On a 1M-row
export that saves a decode and a re-encode of the whole file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import polars as pl

from cmtime.errors import InputError as InputError  # the readers' error, taken from here

LINE = "__line"
#: Raw CSV columns are renamed ``raw:<header>`` so they never clash with canonical names.
RAW = "raw:"
#: What sniffers see of a file: its first 64 KiB say what it is.
HEAD_BYTES = 65_536
#: A UTF-8 file bigger than this is read from disk in blocks instead of whole.
LAZY_BYTES = 32 * 2**20
#: The CSV readers parse a big file this many bytes at a time (about 110k Toggl rows):
#: the raw strings of one block, not of the whole file, are in memory at once. On the
#: 1M-row benchmark, 16 MB blocks peak at 491 MB for the whole summary (32 MB: 544 MB;
#: 8 MB: 488 MB but 15 % slower).
BLOCK_BYTES = 16 * 2**20
#: The default bound on one line (`cmtime.config.Limits.max_line_bytes`).
MAX_LINE_BYTES = 2**20


class Text:
    """A text file: its path, its encoding, and its content, decoded on first use.

    Parameters
    ----------
    path
        Where the text came from (for messages).
    text
        The decoded content, when already known.
    encoding
        The encoding the content was (or is believed to be) in.
    data
        The UTF-8 bytes of the content without BOM, when the file is UTF-8: readers may
        parse them without building `text`. ``text`` or ``data`` must be given.

    >>> Text(Path("x.csv"), data=b"a,b\\n1,2\\n").text
    'a,b\\n1,2\\n'
    """

    def __init__(
        self,
        path: Path,
        text: str | None = None,
        encoding: str = "utf-8",
        *,
        data: bytes | None = None,
        file: Path | None = None,
        skip: int = 0,
        cr_only: bool = False,
        max_line: int = MAX_LINE_BYTES,
    ) -> None:
        if text is None and data is None and file is None:
            msg = "Text needs text, data or file"
            raise ValueError(msg)
        self.path = path
        self.encoding = encoding
        self._data = data
        #: a big UTF-8 file left on disk: its bytes (after ``skip`` BOM bytes) are read
        #: in blocks by `blocks`, or whole on first use of `data`
        self._file = file
        self._skip = skip
        #: the file ends its lines with CR alone (old Mac Excel): read as LF
        self._cr = cr_only
        self.max_line = max_line
        #: lines emptied before parsing, with why: (line, reason); a reader's caller
        #: reports them as rejections (`cmtime.readers.read_file`)
        self.bad_lines: list[tuple[int, str]] = []
        #: what a reader changed while reading (a note each), shown by ``check``
        self.notes: list[str] = []
        self._clean_text = text is None
        self._text = text
        self._head: str | None = None
        if data is not None:
            self._data = self._clean(data)

    @property
    def data(self) -> bytes | None:
        """The UTF-8 bytes of the content without BOM, when it is UTF-8 (None otherwise)."""
        if self._data is None and self._file is not None:
            raw = _read_bytes(self._file)[self._skip :]
            self._data = self._clean(raw.replace(b"\r", b"\n") if self._cr else raw)
            self._file = None
        return self._data

    def _clean(self, data: bytes, first: int = 1) -> bytes:
        """``data`` with each line longer than `max_line` or holding a NUL byte emptied
        (its line end kept, so line numbers hold), each noted in `bad_lines`; ``first``
        is the number of the first line. Linear: see `_odd_lines`."""
        # A JSON document may be one line of any length (a compact dump): only the file
        # size bounds it, and its decoder is linear; its NUL bytes are still refused.
        whole_json = first == 1 and data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")
        found = _odd_lines(data, len(data) + 1 if whole_json else self.max_line, first)
        if not found:
            return data
        pieces: list[bytes] = []
        at = 0
        for line, start, end, reason in found:
            pieces.append(data[at:start])
            at = end
            self.bad_lines.append((line, reason))
        pieces.append(data[at:])
        return b"".join(pieces)

    def blocks(self, size: int | None) -> Iterator[bytes]:
        """The UTF-8 content in blocks of about ``size`` bytes, each ending at a line end
        (the last one may not); one block when ``size`` is None. A big file is read from
        disk block by block, never whole."""
        if self._file is not None and size is not None:
            line = 1
            for block in _file_blocks(self._file, self._skip, size, cr_only=self._cr):
                yield self._clean(block, line)
                line += block.count(b"\n")
            return
        data = self.data if self.data is not None else self.text.lstrip("\ufeff").encode("utf-8")
        if size is None or len(data) <= size:
            yield data
            return
        start = 0
        while start < len(data):
            end = len(data)
            if start + size < len(data):
                end = data.rfind(b"\n", start, start + size) + 1
                if end <= start:  # one line longer than a block
                    end = data.find(b"\n", start + size) + 1 or len(data)
            yield data[start:end]
            start = end

    @property
    def on_disk(self) -> bool:
        """True for a big UTF-8 file left on disk, which `blocks` reads a block at a time."""
        return self._file is not None

    @property
    def file_path(self) -> Path | None:
        """The file a big UTF-8 text is read from (`on_disk`), else None."""
        return self._file

    @property
    def skip(self) -> int:
        """The bytes to skip at the start of `file_path` (a BOM)."""
        return self._skip

    @property
    def cr_only(self) -> bool:
        """True when the file ends its lines with CR alone (read as LF)."""
        return self._cr

    @property
    def text(self) -> str:
        """The whole content as a string (decoded now if it was not yet)."""
        if self._text is None:
            data = self.data
            assert data is not None
            try:
                self._text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if self.encoding != "utf-8":  # a BOM promised UTF-8
                    msg = f"{self.path}: invalid utf-8 text at byte {exc.start}; re-export the file"
                    raise InputError(msg) from exc
                # Valid UTF-8 at the start only: not UTF-8 after all (cp1252 from Excel).
                self._text, self.encoding = _guess(self.path, data)
                self._data = None
                self._clean_text = False
        if not self._clean_text:  # decoded from UTF-16 or cp1252: the same cleaning
            self._clean_text = True
            if "\n" not in self._text[:HEAD_BYTES] and "\r" in self._text[:HEAD_BYTES]:
                self._text = self._text.replace("\r", "\n")
            # one byte per character is enough to find NULs and long lines here
            data = self._text.encode("utf-8", "surrogatepass")
            cleaned = self._clean(data)
            if cleaned is not data:
                self._text = cleaned.decode("utf-8", "surrogatepass")
        return self._text

    @property
    def head(self) -> str:
        """The first 64 KiB of the content, for sniffers (a cut character is dropped)."""
        if self._head is None:
            if self._text is not None:
                self._head = self._text[:HEAD_BYTES]
            else:
                if self._file is not None:  # the first bytes, not the first whole lines
                    with self._file.open("rb") as f:
                        f.seek(self._skip)
                        first = f.read(HEAD_BYTES)
                    if self._cr:
                        first = first.replace(b"\r", b"\n")
                else:
                    first = self.data or b""
                dec = codecs.getincrementaldecoder("utf-8")(errors="replace")
                self._head = dec.decode(first[:HEAD_BYTES], final=False)
        return self._head

    def is_blank(self) -> bool:
        """True when the content is only whitespace (and BOMs)."""
        if self._file is not None and self.head.strip("\ufeff \r\n\t"):
            return False
        if self._text is not None or self.data is None:
            return not self.text.strip("\ufeff \r\n\t")
        return re.search(rb"[^ \r\n\t]", self.data) is None

    def __repr__(self) -> str:
        return f"Text({str(self.path)!r}, encoding={self.encoding!r})"


def read_text(path: Path, *, max_line: int = MAX_LINE_BYTES, max_bytes: int | None = None) -> Text:
    """Open a text file, refusing binary content with a clear message.

    A UTF-8 file over `LAZY_BYTES` stays on disk: readers that can take it in blocks
    (the CSV readers) never hold it whole in memory. Only regular files are opened (a
    FIFO would block forever, ``/dev/zero`` never ends); a file over ``max_bytes`` is
    refused. Lines longer than ``max_line`` bytes or holding a NUL byte are emptied
    and listed in `Text.bad_lines`. Line ends that are CR alone are read as LF.
    """
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            msg = f"{path}: not a regular file; name an export file or a folder"
            raise InputError(msg)
        size = st.st_size
        if max_bytes is not None and size > max_bytes:
            msg = (
                f"{path}: the file is {size / 2**20:,.0f} MB, over the limit of "
                f"{max_bytes / 2**20:,.0f} MB ([limits] max_file_bytes)"
            )
            raise InputError(msg)
        if size > LAZY_BYTES:
            with path.open("rb") as f:
                head = f.read(HEAD_BYTES)
            bom = 3 if head.startswith(b"\xef\xbb\xbf") else 0
            if not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head[:4096]:
                try:
                    codecs.getincrementaldecoder("utf-8")().decode(head[bom:], final=False)
                except UnicodeDecodeError:
                    pass
                else:
                    return Text(
                        path, encoding="utf-8-sig" if bom else "utf-8", file=path, skip=bom,
                        cr_only=_cr_only(head), max_line=max_line,
                    )
    except OSError as exc:
        msg = f"{path}: cannot read the file ({exc.strerror})"
        raise InputError(msg) from exc
    return decode(path, _read_bytes(path), max_line=max_line)


def _cr_only(head: bytes) -> bool:
    """True when the file ends its lines with CR alone (classic Mac Excel)."""
    return b"\n" not in head and b"\r" in head.rstrip(b"\r")


def _odd_lines(data: bytes | bytearray, max_line: int, first: int = 1) -> list[tuple[int, int, int, str]]:
    """Lines longer than ``max_line`` bytes or holding a NUL byte, as
    ``(line number, start, end, reason)``, ``end`` before the line's ``\\n``; in order.

    Linear in the size of ``data``, whatever its lines: a line longer than ``max_line``
    contains a whole aligned window of ``max_line // 2`` bytes without a line end, so
    one ``find`` per window (C speed) finds every candidate; NUL bytes are found with
    ``find`` too. Line numbers are counted once, in order.
    """
    spans: dict[int, tuple[int, str]] = {}
    if len(data) > max_line:
        window = max(max_line // 2, 1)
        i = 0
        while i < len(data):
            if data.find(b"\n", i, i + window) == -1 and len(data) - i >= window:
                start = data.rfind(b"\n", 0, i) + 1
                end = data.find(b"\n", i)
                end = len(data) if end == -1 else end
                if end - start > max_line:
                    spans[start] = (end, f"line of {end - start:,} bytes, over the limit of {max_line:,} ([limits] max_line_bytes)")
                i = max(end, i + window)
            else:
                i += window
    at = data.find(b"\x00")
    while at != -1:
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end == -1 else end
        spans.setdefault(start, (end, "the line holds a NUL byte (binary data), not text"))
        at = data.find(b"\x00", end)
    if not spans:
        return []
    out = []
    line, counted = first, 0
    for start in sorted(spans):
        line += data.count(b"\n", counted, start)
        counted = start
        end, reason = spans[start]
        out.append((line, start, end, reason))
    return out


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read the file ({exc.strerror})"
        raise InputError(msg) from exc


def _file_blocks(path: Path, skip: int, size: int, *, cr_only: bool = False) -> Iterator[bytes]:
    """A file's bytes after ``skip``, in blocks of about ``size`` that end at a line end.

    A line longer than a block is gathered piece by piece and joined once (linear: no
    re-copy of what was read so far at each piece).
    """
    with path.open("rb") as f:
        f.seek(skip)
        parts: list[bytes] = []
        while chunk := f.read(size):
            if cr_only:
                chunk = chunk.replace(b"\r", b"\n")
            cut = chunk.rfind(b"\n") + 1
            if cut == 0:  # no line end yet: keep reading
                parts.append(chunk)
                continue
            yield b"".join([*parts, chunk[:cut]])
            parts = [chunk[cut:]] if cut < len(chunk) else []
        if parts:
            yield b"".join(parts)


def decode(path: Path, raw: bytes, *, max_line: int = MAX_LINE_BYTES) -> Text:
    """Decode bytes: BOMs first, then UTF-8, then `charset-normalizer`.

    UTF-8 is checked on the first 64 KiB here and on the rest when it is parsed (by
    polars, or by `Text.text`); a file that turns out not to be UTF-8 further down falls
    back to `charset-normalizer` then.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        body = raw[3:]
        if _cr_only(body[:HEAD_BYTES]):
            body = body.replace(b"\r", b"\n")
        return Text(path, encoding="utf-8-sig", data=body, max_line=max_line)
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32 (before UTF-16: same first bytes)
        utf32 = Text(path, _strict(path, raw, "utf-32"), "utf-32", max_line=max_line)
        utf32._clean_text = False
        return utf32
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        utf16 = Text(path, _strict(path, raw, "utf-16"), "utf-16", max_line=max_line)
        utf16._clean_text = False
        return utf16
    if b"\x00" in raw[:4096]:
        msg = (
            f"{path}: binary content, not a text export; export CSV, JSON or ICS from your tracker"
        )
        raise InputError(msg)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(
            raw[:HEAD_BYTES], final=len(raw) <= HEAD_BYTES
        )
    except UnicodeDecodeError:
        text, encoding = _guess(path, raw)
        guessed = Text(path, text, encoding, max_line=max_line)
        guessed._clean_text = False
        return guessed
    if _cr_only(raw[:HEAD_BYTES]):
        raw = raw.replace(b"\r", b"\n")
    return Text(path, encoding="utf-8", data=raw, max_line=max_line)


def _guess(path: Path, raw: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["cp1252", "latin_1", "utf_8", "mac_roman"]).best()
    if best is None or _looks_binary(str(best)):
        msg = f"{path}: binary or unknown encoding; save the export as UTF-8 CSV and try again"
        raise InputError(msg)
    return str(best), best.encoding


def _strict(path: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        msg = f"{path}: invalid {encoding} text at byte {exc.start}; re-export the file"
        raise InputError(msg) from exc


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return control / len(sample) > 0.01


def first_line(text: str) -> str:
    """The first physical line, without its line ending."""
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")


def sniff_separator(header: str) -> str:
    """The most frequent of ``,`` ``;`` tab in the header, outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(counts, key=lambda k: counts[k])


def header_fields(text: str) -> list[str]:
    """The header's field names, stripped, BOM removed; empty when unreadable."""
    head = first_line(text).lstrip("\ufeff")
    try:
        return _split_header(Path("-"), head, sniff_separator(head))
    except InputError:
        return []


def _split_header(path: Path, header: str, sep: str) -> list[str]:
    try:
        row = next(csv.reader([header], delimiter=sep), [])
    except csv.Error as exc:
        msg = f"{path}: unreadable header line ({exc})"
        raise InputError(msg) from exc
    return [f.strip() for f in row]


@dataclass(frozen=True)
class Table:
    """An all-string CSV table (columns ``raw:<header>``) with each record's line in `LINE`."""

    frame: pl.DataFrame
    #: records that could not be split into the header's fields: (line, reason)
    broken: list[tuple[int, str]]
    separator: str


class NotFlat(Exception):
    """The fast path cannot map this CSV to lines (a record spans lines, a record has
    too many fields, or the bytes are not UTF-8): read it with `read_table` instead."""


def csv_layout(text: Text) -> tuple[str, list[str]]:
    """The separator and the ``raw:``-prefixed column names, from the header line."""
    if text.is_blank():
        msg = f"{text.path}: the file is empty"
        raise InputError(msg)
    header = first_line(text.head.lstrip("\ufeff"))
    sep = sniff_separator(header)
    names = _split_header(text.path, header, sep)
    if len(set(names)) != len(names):
        names = _unique(names)
    return sep, [RAW + n for n in names]


#: How the fast paths tokenize a CSV (`table_chunks`, `cmtime.readers._stream.scan`):
#: an empty field is an empty string, a record with too many fields is refused.
class _CsvOptions(TypedDict):
    empty_string_is_null: bool
    raise_if_empty: bool
    truncate_ragged_lines: bool


CSV_OPTIONS: _CsvOptions = {"empty_string_is_null": False, "raise_if_empty": False, "truncate_ragged_lines": False}


def table_chunks(text: Text, *, block: int | None = BLOCK_BYTES) -> Iterator[Table]:
    """The CSV as all-string tables of about ``block`` bytes of input each, with `LINE`.

    polars parses each block; a block is checked (one record per physical line) before
    it is yielded, and `NotFlat` is raised at the first block that fails, so a caller
    can start again with `read_table`. Blocks keep memory flat on big exports: only one
    block's raw strings exist at a time.
    """
    sep, names = csv_layout(text)
    schema = dict.fromkeys(names, pl.String())
    line = 1  # the header's
    first = True
    for piece in text.blocks(block):
        data = piece
        if first:  # drop the header line
            first = False
            cut = data.find(b"\n") + 1
            data = data[cut:] if cut else b""
        if not data:
            continue
        try:
            frame = pl.read_csv(data, has_header=False, schema=schema, separator=sep, **CSV_OPTIONS)
        except pl.exceptions.PolarsError as exc:
            raise NotFlat(str(exc)) from exc
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        if frame.height != lines - _trailing_blank(data):
            msg = "a record spans several lines"
            raise NotFlat(msg)
        # One chunk per column: polars parses in pieces, and every later eager step
        # would otherwise pay for stitching them again.
        rows = pl.int_range(line + 1, line + 1 + frame.height, dtype=pl.Int64).alias(LINE)
        line += lines
        frame = frame.with_columns(rows).rechunk()
        kept = drop_blank(frame, names)
        yield Table(kept, _separators_only(frame, kept, data, line - lines, sep), sep)


def read_table(text: Text) -> Table:
    """Parse CSV text into strings, one column per header field, plus `LINE`.

    Fast path: polars (`table_chunks`, one block), when every record sits on one
    physical line. Otherwise (quoted line breaks, records with too many fields) the
    stdlib `csv` module, which knows where each record starts and reports broken
    records instead of failing the file; bytes that are not UTF-8 after all are
    decoded with `charset-normalizer` first.
    """
    sep, names = csv_layout(text)
    try:
        tables = list(table_chunks(text, block=None))
    except NotFlat:
        if text.data is not None:
            text.text  # noqa: B018  (decodes; falls back to charset-normalizer if not UTF-8)
            if text.data is None:
                return read_table(text)
        return _slow_table(text.text.lstrip("\ufeff"), sep, names)
    if not tables:
        empty = {**dict.fromkeys(names, pl.String()), LINE: pl.Int64()}
        return Table(pl.DataFrame(schema=empty), [], sep)
    return tables[0]


def _trailing_blank(data: bytes) -> int:
    # "a\n\n" parses as one record plus an empty line polars may or may not keep.
    n = 0
    while data.endswith(b"\n\n") or data.endswith(b"\r\n\r\n"):
        data = data[:-1] if data.endswith(b"\n\n") else data[:-2]
        n += 1
    return n


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n}_{seen[n]}")
        else:
            seen[n] = 0
            out.append(n)
    return out


def drop_blank(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """Drop records whose fields are all blank (blank lines, ``,,,`` lines).

    Only rows whose first field is blank can be such records; the full test runs only
    when there are any, so a normal export pays one column scan.
    """

    def blank(n: str) -> pl.Expr:
        return pl.col(n).is_null() | (pl.col(n).str.strip_chars() == "")

    if not frame.select(blank(names[0]).any()).item():
        return frame
    return frame.filter(~pl.all_horizontal([blank(n) for n in names]))


#: Why a record of empty fields is rejected (a blank line is no record: it is skipped).
ONLY_SEPARATORS = "a record of empty fields (separators only)"


def _separators_only(frame: pl.DataFrame, kept: pl.DataFrame, data: bytes, first: int, sep: str) -> list[tuple[int, str]]:
    """The records `drop_blank` dropped that were separators only (``,,,,``), as broken
    records: a row of the export that holds nothing is counted, not lost. ``first`` is
    the line number before ``data``'s first line. Looked at only when a record was dropped."""
    if kept.height == frame.height:
        return []
    dropped = frame.filter(~pl.col(LINE).is_in(kept.get_column(LINE).implode())).get_column(LINE).to_list()
    raw = data.split(b"\n")
    mark = sep.encode()
    return [(n, ONLY_SEPARATORS) for n in dropped if 0 <= n - first - 1 < len(raw) and mark in raw[n - first - 1]]


def _slow_table(body: str, sep: str, names: list[str]) -> Table:
    """`_slow_tables` in one table."""
    parts = list(_slow_tables(body, sep, names))
    frame = pl.concat([t.frame for t in parts]) if len(parts) > 1 else parts[0].frame
    return Table(frame, [b for t in parts for b in t.broken], sep)


#: Records per table of the record-by-record parse: Python lists of a million records of
#: 14 fields took 1.3 GB; 50 000 at a time keep them to a few tens of MB.
SLOW_CHUNK = 50_000


def slow_tables(text: Text, *, chunk: int = SLOW_CHUNK) -> Iterator[Table]:
    """The whole-file, record-by-record parse of `read_table`'s fallback, ``chunk``
    records at a time: a caller that keeps only part of each (`parse_blocks`) never
    holds every record's strings at once."""
    sep, names = csv_layout(text)
    if text.data is not None:
        text.text  # noqa: B018  (decodes; falls back to charset-normalizer if not UTF-8)
    return _slow_tables(text.text.lstrip("\ufeff"), sep, names, chunk=chunk)


def _slow_tables(body: str, sep: str, names: list[str], *, chunk: int = SLOW_CHUNK) -> Iterator[Table]:
    """Record-by-record parse for files polars cannot map to lines (the format forces it),
    yielded ``chunk`` records at a time (the last table may be empty, never none).

    A quoted field may span lines only when the record it closes is one clean record of
    the header's number of fields (`_closes`). Otherwise the quote is a stray one: its
    line alone is reported broken and the lines after it are read again as the records
    they are, so one stray quote cannot swallow (or silently merge) the rows after it.
    """
    f = io.StringIO(body, newline="")
    reader = csv.reader(f, delimiter=sep)
    next(reader, None)
    rows: list[list[str]] = []
    lines: list[int] = []
    broken: list[tuple[int, str]] = []
    #: physical line = reader.line_num + shift (lines read again after a stray quote)
    shift = 0
    start = reader.line_num + 1
    width = len(names)

    def reread_after_first_line(at: int) -> None:
        nonlocal shift
        f.seek(at)
        f.readline()
        shift -= reader.line_num + shift - start

    tell = f.tell
    while True:
        at = tell()
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            broken.append((start, f"unreadable CSV record ({exc})"))
            if reader.line_num + shift > start:  # it ran over the next lines: read them again
                reread_after_first_line(at)
            start = reader.line_num + shift + 1
            continue
        if reader.line_num + shift > start and not _closes(body[at : tell()], sep, width):
            broken.append((start, f"a quote opened on this line does not close into a record of the header's {width} fields"))
            reread_after_first_line(at)
            start = reader.line_num + shift + 1
            continue
        if len(rec) > 1 and not any(v.strip() for v in rec):
            broken.append((start, ONLY_SEPARATORS))
        elif rec and any(v.strip() for v in rec):
            if len(rec) > width and any(v.strip() for v in rec[width:]):
                broken.append((start, f"{len(rec)} fields where the header has {width}"))
            else:
                rec = (rec + [""] * width)[:width]
                rows.append(rec)
                lines.append(start)
        start = reader.line_num + shift + 1
        if len(rows) >= chunk:
            yield _rows_table(rows, lines, broken, names, sep)
            rows, lines, broken = [], [], []
    yield _rows_table(rows, lines, broken, names, sep)


def _rows_table(rows: list[list[str]], lines: list[int], broken: list[tuple[int, str]], names: list[str], sep: str) -> Table:
    frame = pl.DataFrame(
        {n: [r[i] for r in rows] for i, n in enumerate(names)},
        schema=dict.fromkeys(names, pl.String()),
    ).with_columns(pl.Series(LINE, lines, dtype=pl.Int64))
    return Table(frame, broken, sep)


def _closes(record: str, sep: str, width: int) -> bool:
    """True when ``record`` (the text of a record that spans lines) is exactly one
    well-formed record (every quote closed, nothing after a closing quote but a
    separator) of ``width`` fields; extra blank fields at the end are allowed."""
    try:
        recs = list(csv.reader(io.StringIO(record, newline=""), delimiter=sep, strict=True))
    except csv.Error:
        return False
    if len(recs) != 1:
        return False
    rec = recs[0]
    return len(rec) == width or (len(rec) > width and not any(v.strip() for v in rec[width:]))


class DuplicateColumn(InputError):
    """A column a reader uses appears twice in the header: which one holds the data?"""


def column_lookup(names: list[str], synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map canonical keys to the file's column names, case- and space-insensitively.

    On the ``raw:`` names of a parsed table (`csv_layout`), a column the reader uses that
    appears twice in the header (``Description`` twice, or ``Description`` and
    ``description``) raises `DuplicateColumn` instead of silently taking the first.
    """
    norm: dict[str, str] = {}
    seen: dict[str, int] = {}
    for n in names:
        key = " ".join(n.removeprefix(RAW).casefold().split())
        norm.setdefault(key, n)
        seen[key] = seen.get(key, 0) + 1
    if names and names[0].startswith(RAW):  # `_unique` renamed repeats to "<name>_<k>"
        for n in names:
            m = re.match(r"^(.*)_(\d+)$", n)
            if m and m[1] in names:
                key = " ".join(m[1].removeprefix(RAW).casefold().split())
                seen[key] = seen.get(key, 1) + 1
    out: dict[str, str] = {}
    for key, options in synonyms.items():
        for opt in options:
            if opt in norm:
                if seen[opt] > 1 and names[0].startswith(RAW):
                    msg = (
                        f"column {norm[opt].removeprefix(RAW)!r} appears {seen[opt]} times in the header; "
                        "keep one and export again"
                    )
                    raise DuplicateColumn(msg)
                out[key] = norm[opt]
                break
    return out
