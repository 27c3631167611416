"""Every text renders exactly as it did before the gettext catalogs.

``tests/data/messages_rendered.json`` holds what the five Python tables of cmtime 0.1
(labels, cli, notebooks, report, reasons) rendered, written by a one-off script before
they were replaced by the ``.po`` catalogs: every key in French and English, raw, with
every field filled in (``<name:i>``), and for a counted text with the counts 0, 1, 2,
1.5 and 1 000 000; the report's texts in both voices; the report's dates, months and
waits; hours; every rejection reason the readers give on broken inputs, the fixtures and
the corpus. The same calls through the catalogs must give the same strings, byte for
byte; a changed sentence shows up here (update the snapshot on purpose, in review).
"""

from __future__ import annotations

import datetime as dt
import json
import string
from pathlib import Path
from typing import Any

import pytest

from cmtime.text import cli, notebooks, report
from cmtime.text.format import hours
from cmtime.text.labels import label
from cmtime.text.messages import format_template, message
from cmtime.text.reasons import reason_text

SNAPSHOT: dict[str, dict[str, dict[str, Any]]] = json.loads(
    (Path(__file__).parent / "data" / "messages_rendered.json").read_text(encoding="utf-8")
)
COUNTS = {"count=0": 0, "count=1": 1, "count=2": 2, "count=1.5": 1.5, "count=1000000": 1_000_000}


def _fields(template: str) -> dict[str, str]:
    names = sorted({n for _, n, _, _ in string.Formatter().parse(template) if n})
    return {n: f"<{n}:{i}>" for i, n in enumerate(names)}


def _split(entry: str) -> list[str]:
    return entry.split("|")


def test_the_snapshot_covers_every_table() -> None:
    sizes = {table: len(rows) for table, rows in SNAPSHOT.items()}
    assert sizes["labels"] > 300, sizes
    assert sizes["cli"] > 150, sizes
    assert sizes["notebooks"] > 250, sizes
    assert sizes["report"] > 300, sizes
    assert sizes["reasons"] > 100, sizes


def test_labels_render_as_before() -> None:
    for entry, row in SNAPSHOT["labels"].items():
        key, lang = _split(entry)
        key = "some_new_activity" if key == "__unknown__" else key
        assert label(key, lang) == row["template"], entry  # type: ignore[arg-type]
        if "rendered" in row:
            fields = _fields(row["template"])
            assert label(key, lang).format(**fields) == row["rendered"], entry  # type: ignore[arg-type]
            assert message(key, lang, **fields) == row["rendered"], entry
        for name, count in COUNTS.items():
            if name in row:
                shown = label(key, lang, count=count)  # type: ignore[arg-type]
                assert shown.format(**_fields(shown)) == row[name], (entry, name)
                assert message(key, lang, count=count, **_fields(shown)) == row[name], (entry, name)


def test_cli_texts_render_as_before() -> None:
    for entry, row in SNAPSHOT["cli"].items():
        key, lang = _split(entry)
        fields = _fields(row["template"])
        assert format_template(cli.say(key, lang)) == row["template"], entry  # type: ignore[arg-type]
        assert cli.say(key, lang, **fields) == row["rendered"], entry  # type: ignore[arg-type]
        for name, count in COUNTS.items():
            if name in row:
                assert cli.say(key, lang, count=count, **fields) == row[name], (entry, name)  # type: ignore[arg-type]


def test_notebook_texts_render_as_before() -> None:
    for entry, row in SNAPSHOT["notebooks"].items():
        key, lang = _split(entry)
        if key.startswith("column:"):
            assert notebooks.column(key.removeprefix("column:"), lang) == row["template"], entry  # type: ignore[arg-type]
            continue
        fields = _fields(row["template"])
        assert format_template(notebooks.text(key, lang)) == row["template"], entry  # type: ignore[arg-type]
        assert notebooks.text(key, lang, **fields) == row["rendered"], entry  # type: ignore[arg-type]
        said = notebooks.say(key, lang, **fields)  # type: ignore[arg-type]
        assert isinstance(said, notebooks.Prose)
        assert said == row["say"], entry
        for name, count in COUNTS.items():
            if name in row:
                assert notebooks.text(key, lang, count=count, **fields) == row[name], (entry, name)  # type: ignore[arg-type]


def _report_helper(key: str, lang: Any, row: dict[str, str]) -> None:
    what, _, arg = key.partition(":")
    if what in ("long_date", "month_name"):
        day = dt.date.fromisoformat(arg)
        if what == "long_date":
            assert report.long_date(day, lang) == row["template"], key
        else:
            assert report.month_name(day, lang) == row["template"], key
            assert report.month_name(day, lang, days=1) == row["days1"], key
            assert report.month_name(day, lang, days=17, short=True) == row["days17"], key
    elif what == "period_text":
        start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 15)
        assert report.period_text(start, end, lang) == row["template"], key
    elif what == "wait_text":
        assert report.wait_text(float(arg), lang) == row["template"], key
    elif what == "days_short":
        assert report.days_short(float(arg), lang) == row["template"], key
    else:
        assert what == "vocabulary", key
        assert report.vocabulary(arg, lang) == row["template"], key


def test_report_texts_render_as_before() -> None:
    for entry, row in SNAPSHOT["report"].items():
        parts = _split(entry)
        if len(parts) == 2:
            _report_helper(parts[0], parts[1], row)
            continue
        key, lang, voice = parts
        got = report.text(key, lang, voice=voice)  # type: ignore[arg-type]
        assert got == row["template"], entry
        assert got.format(**_fields(got)) == row["rendered"], entry
        for name, count in COUNTS.items():
            if name in row:
                shown = report.text(key, lang, count=count, voice=voice)  # type: ignore[arg-type]
                assert shown.format(**_fields(shown)) == row[name], (entry, name)


def test_hours_and_cli_helpers_render_as_before() -> None:
    for entry, row in SNAPSHOT["format"].items():
        what, lang = _split(entry)
        name, _, arg = what.partition(":")
        if name == "hours":
            value = None if arg == "None" else float(arg)
            assert hours(value, lang) == row["template"], entry  # type: ignore[arg-type]
            assert cli.hours_text(value or 0.0, lang) == row["cli"], entry  # type: ignore[arg-type]
        elif name == "or_list":
            assert cli.or_list(["'a'", "'b'", "'c'"], lang) == row["template"]  # type: ignore[arg-type]
        else:
            assert cli.alias_hint("Vidl", "Cabinet Vidal", lang) == row["template"]  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_rejection_reasons_read_as_before(lang: str) -> None:
    for reason, by_lang in SNAPSHOT["reasons"].items():
        assert reason_text(reason, lang) == by_lang[lang], reason  # type: ignore[arg-type]
