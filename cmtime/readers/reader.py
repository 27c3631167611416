"""What a reader is: the `Reader` protocol every format module implements.

A reader is a module of `cmtime.readers` (one per source format) with:

- ``NAME``: its ``--format`` name, written as the ``format`` of what it reads;
- ``LABEL``: the key of its name for people (``format.<NAME>``), looked up with
  `cmtime.text.labels.label` (the readers hold no text);
- ``sniff(text) -> bool``: whether the content (never the file name alone) is this format;
- ``read(text, *, config) -> Reading``.

A format whose source is a folder (a Timewarrior database, a Watson folder) is also a
`FolderReader`: ``sniff_dir(path)`` and ``read_dir(path, *, config)``. The registry of
every reader is `cmtime.readers.FORMATS`; detection, ``--format`` and ``check`` use it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from cmtime.config import Config
    from cmtime.readers._text import Text
    from cmtime.schema import Reading

__all__ = ["FolderReader", "Reader", "label_key"]


def label_key(name: str) -> str:
    """The text key of a format's name: ``format.<name>``."""
    return f"format.{name}"


@runtime_checkable
class Reader(Protocol):
    """A source format read from one file (see the module's docstring)."""

    NAME: str
    LABEL: str

    def sniff(self, text: Text) -> bool: ...

    def read(self, text: Text, *, config: Config) -> Reading: ...


@runtime_checkable
class FolderReader(Reader, Protocol):
    """A source format that is also read from a folder as one source."""

    def sniff_dir(self, path: Path) -> bool: ...

    def read_dir(self, path: Path, *, config: Config) -> Reading: ...
