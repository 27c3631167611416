"""The readers' registry: every format is a `Reader` with a text for people in every language;
detection, ``--format`` and ``check`` go through the one registry."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import types
from collections.abc import Mapping

import pytest

import cmtime.readers as readers
from cmtime.config import Config
from cmtime.interfaces.cli import main
from cmtime.readers import DIR_FORMATS, FORMATS, FolderReader, Reader, journal
from cmtime.readers._text import Text
from cmtime.schema import Reading
from cmtime.text.format import LANGS
from cmtime.text.labels import label
from cmtime.text.sources import format_name


def unlabelled(registry: Mapping[str, Reader]) -> list[str]:
    """The readers whose ``LABEL`` has no text in some language (the label is the key)."""
    return [name for name, r in registry.items() for lang in LANGS if label(r.LABEL, lang) in ("", r.LABEL)]


def test_every_reader_is_a_reader_under_its_own_name():
    assert FORMATS
    for name, reader in FORMATS.items():
        assert isinstance(reader, Reader)
        assert name == reader.NAME
        assert f"format.{name}" == reader.LABEL


def test_every_reader_has_a_text_in_every_language():
    assert unlabelled(FORMATS) == []
    names = {lang: [format_name(n, lang) for n in FORMATS] for lang in LANGS}
    for lang, shown in names.items():
        assert len(set(shown)) == len(shown), (lang, shown)  # two formats never look the same


def test_the_registry_order_and_the_folder_readers_are_those_detection_always_used():
    assert list(FORMATS) == [
        "toggl", "clockify", "harvest", "kimai", "cmtime", "toggl_json", "timewarrior", "watson", "ics", "journal",
        "waits",
    ]
    assert list(DIR_FORMATS) == ["timewarrior", "watson"]
    assert all(isinstance(r, FolderReader) for r in DIR_FORMATS.values())
    assert not any(isinstance(r, FolderReader) for n, r in FORMATS.items() if n not in DIR_FORMATS)


def _fake(label_key: str) -> types.SimpleNamespace:
    """A reader of text logs (the journal's format under another name)."""

    def read(text: Text, *, config: Config) -> Reading:
        return dataclasses.replace(journal.read(text, config=config), format="fake")

    return types.SimpleNamespace(NAME="fake", LABEL=label_key, sniff=journal.sniff, read=read)


def test_a_reader_without_a_text_fails_here_not_in_a_users_check(monkeypatch, capsys, tmp_path):
    fake = _fake("format.fake")
    assert isinstance(fake, Reader)
    registry = {"fake": fake}
    assert unlabelled(registry) == ["fake", "fake"]  # the test above would fail on it
    monkeypatch.setattr(readers, "FORMATS", types.MappingProxyType({**FORMATS, **registry}))
    log = tmp_path / "log.txt"
    log.write_text("2026-03-02\n09:00-11:00 [Dupont] stratégie éditoriale\n", encoding="utf-8")
    for extra in ((), ("--json",)):
        try:
            main(["check", str(log), "--format", "fake", "--lang", "en", *extra])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr().out
        assert code == 0
        if extra:
            assert json.loads(out)["files"][0]["format"] == "fake"
        else:  # the table shows the --format name, never the key
            assert "fake" in out
            assert "format.fake" not in out


def test_a_labelled_reader_shows_its_text(monkeypatch):
    monkeypatch.setattr(readers, "FORMATS", types.MappingProxyType({**FORMATS, "fake": _fake("format.ics")}))
    assert format_name("fake", "en") == "Calendar (iCalendar)"
    assert format_name("nothing", "fr") == "nothing"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_format_option_accepts_every_registered_reader(capsys, tmp_path, fmt):
    """``--format`` takes every name of the registry (a file of another format is refused
    with one line, exit 2, never as an unknown format)."""
    empty = tmp_path / "x.csv"
    empty.write_text("a,b\n1,2\n", encoding="utf-8")
    with contextlib.suppress(SystemExit):
        main(["check", str(empty), "--format", fmt, "--json"])
    assert "unknown format" not in capsys.readouterr().err
