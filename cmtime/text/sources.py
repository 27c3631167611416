"""The name of a source format for people (``Toggl``, ``Agenda (iCalendar)``...)."""

from __future__ import annotations

from cmtime import readers
from cmtime.readers.reader import label_key
from cmtime.text.labels import Lang, label

__all__ = ["format_name"]


def format_name(fmt: str, lang: Lang) -> str:
    """The text of the reader ``fmt`` (its ``LABEL``) in ``lang``.

    A reader without a text shows its ``--format`` name rather than a key:
    tests/test_readers_registry.py fails on such a reader, a user's ``check`` does not.

    >>> format_name("ics", "en"), format_name("waits", "fr")
    ('Calendar (iCalendar)', 'Registre des attentes')
    """
    reader = readers.FORMATS.get(fmt)  # the registry as it is now (tests add readers)
    key = reader.LABEL if reader is not None else label_key(fmt)
    text = label(key, lang)
    return fmt if text == key else text
