"""The message catalogs: complete in every language, compiled exactly, and open to a third
language without a change to the code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, write_po
from hypothesis import given
from hypothesis import strategies as st

from cmtime.text import cli, notebooks, report
from cmtime.text.catalogs import compiled, missing_ids, read
from cmtime.text.format import LANGS, check_lang, date_text, hours, money, number, percent
from cmtime.text.labels import label
from cmtime.text.messages import (
    LOCALE_DIR,
    PATH_VARIABLE,
    SOURCE_LANGUAGE,
    has_message,
    languages,
    message,
    message_ids,
    plural_rule,
)
from cmtime.text.reasons import reason_text

_FIELD = re.compile(r"%\((\w+)\)[sr]")
CATALOGS = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/cmtime.po"))


def _texts(message_string: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if message_string is None:
        return ()
    return (message_string,) if isinstance(message_string, str) else tuple(message_string)


def catalog_problems(paths: list[Path]) -> list[str]:
    """What keeps these catalogs from being one catalog in several languages: a message
    one language lacks or leaves empty, a plural message without all its forms, fields
    that differ between languages or between plural forms."""
    catalogs = {p.parent.parent.name: read(p) for p in paths}
    ids = {
        lang: {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in c if m.id}
        for lang, c in catalogs.items()
    }
    every = set().union(*ids.values())
    problems = []
    for lang, cat in catalogs.items():
        problems += [f"{lang}: no message {key!r}" for key in sorted(every - ids[lang], key=str)]
        for m in cat:
            if not m.id:
                continue
            texts = _texts(m.string)
            if not all(texts) or m.fuzzy:
                problems.append(f"{lang}: {m.id!r} is not translated")
            if isinstance(m.id, tuple) and len(texts) != cat.num_plurals:
                problems.append(f"{lang}: {m.id!r} has {len(texts)} forms, not {cat.num_plurals}")
    # the fields of a message (all its forms: "1 day, on {start}" may leave out {end})
    fields: dict[tuple[object, object], set[frozenset[str]]] = {}
    for cat in catalogs.values():
        for m in cat:
            if m.id:
                found = frozenset(f for text in _texts(m.string) for f in _FIELD.findall(text))
                fields.setdefault((m.context, m.id), set()).add(found)
    problems += [
        f"{key!r}: fields differ: {sorted(map(sorted, f))}"
        for key, f in fields.items()
        if len(f) > 1
    ]
    return problems


def test_every_message_is_in_every_language_with_the_same_fields() -> None:
    assert {p.parent.parent.name for p in CATALOGS} == set(LANGS) == set(languages())
    assert catalog_problems(CATALOGS) == []
    assert len(message_ids("fr")) == len(message_ids("en")) > 500


def _write(path: Path, catalog: Catalog) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fp:
        write_po(fp, catalog)
    return path


def test_a_message_missing_from_one_language_is_found(tmp_path: Path) -> None:
    fr = read(LOCALE_DIR / "fr" / "LC_MESSAGES" / "cmtime.po")
    del fr["iceberg.title"]
    fr["cli.blocks"].string = ("%(n)s bloc", "")  # a form left empty
    fr["nb.period"].string = "Période : du %(start)s."  # a field lost
    problems = catalog_problems(
        [
            LOCALE_DIR / "en" / "LC_MESSAGES" / "cmtime.po",
            _write(tmp_path / "fr" / "LC_MESSAGES" / "cmtime.po", fr),
        ]
    )
    assert "fr: no message (None, 'iceberg.title')" in problems
    assert "fr: ('cli.blocks', 'cli.blocks') is not translated" in problems
    assert "(None, 'nb.period'): fields differ: [['end', 'start'], ['start']]" in problems


def test_every_committed_mo_is_what_babel_compiles_from_its_po() -> None:
    for po in CATALOGS:
        mo = po.with_suffix(".mo")
        assert mo.is_file(), f"{mo} missing: run `make messages`"
        assert mo.read_bytes() == compiled(po), (
            f"{mo} is not compiled from {po}: run `make messages`"
        )


def test_a_po_that_does_not_compile_fails(tmp_path: Path) -> None:
    broken = tmp_path / "fr" / "LC_MESSAGES" / "cmtime.po"
    broken.parent.mkdir(parents=True)
    good = (LOCALE_DIR / "fr" / "LC_MESSAGES" / "cmtime.po").read_text(encoding="utf-8")
    broken.write_text(
        good.replace('msgid "hidden"', 'msgid "hidden"\nmsgtxt "x"', 1), encoding="utf-8"
    )
    with pytest.raises(PoFileError):
        compiled(broken)
    # a quote left open: Babel drops the message, the completeness check finds it gone
    broken.write_text(good.replace('msgid "hidden"', 'msgid "hidden', 1), encoding="utf-8")
    assert "fr: no message (None, 'hidden')" in catalog_problems(
        [LOCALE_DIR / "en" / "LC_MESSAGES" / "cmtime.po", broken]
    )
    # a translation that changes a field: Babel's checker refuses it
    fr = read(LOCALE_DIR / "fr" / "LC_MESSAGES" / "cmtime.po")
    fr.add("x.%(n)s", "%(m)s", flags=("python-format",))
    with pytest.raises(ValueError, match="x"):
        compiled(_write(tmp_path / "fr2" / "LC_MESSAGES" / "cmtime.po", fr))


def test_every_message_id_written_in_the_code_is_in_the_catalog() -> None:
    assert missing_ids() == []


def test_an_unknown_id_or_language_is_an_error() -> None:
    with pytest.raises(KeyError):
        message("no.such.message", "fr")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        message("hidden", "de")
    assert label("some_new_activity", "fr") == "some_new_activity"
    assert not has_message("no.such.message")


# -- plural forms -----------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**7))
def test_plural_rules_agree_with_gettext_on_whole_numbers(n: int) -> None:
    import gettext

    for expression in (
        "(n >= 2)",
        "(n != 1)",
        "(n > 1)",
        "n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2",
        "(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2)",
        "0",
    ):
        assert plural_rule(expression)(n) == gettext.c2py(expression)(n), expression


@given(st.floats(min_value=0, max_value=10**6, allow_nan=False))
def test_plural_forms_follow_cldr_for_fractions(count: float) -> None:
    """The catalogs' rules on real counts give CLDR's forms, as the Python tables did."""
    from babel import Locale

    for lang in ("fr", "en"):
        cldr = Locale.parse(lang).plural_form(count)
        got = message("report.days", lang, count=count, n="N")
        one = message("report.days", lang, count=1, n="N")
        assert (got == one) == (cldr == "one"), (lang, count, cldr, got)


def test_a_bad_plural_expression_is_an_error() -> None:
    for bad in ("n ? 1", "(n > 1", "n $ 2", ""):
        with pytest.raises(ValueError, match="plural"):
            plural_rule(bad)


# -- a third language -------------------------------------------------------------------------


def _bracketed(tmp_path: Path, lang: str = "xx") -> Path:
    """A pseudo-locale built from the English catalog: every text in ⟦brackets⟧ (not [ ]: the
    command line's Rich would read those as markup)."""
    en = read(LOCALE_DIR / SOURCE_LANGUAGE / "LC_MESSAGES" / "cmtime.po")
    xx = Catalog(locale=None, domain="cmtime", fuzzy=False)
    xx.mime_headers = [(k, v) for k, v in en.mime_headers if k != "Language"] + [("Language", lang)]
    for m in en:
        if m.id:
            texts = _texts(m.string)
            xx.add(
                m.id,
                tuple(f"⟦{t}⟧" for t in texts) if isinstance(m.id, tuple) else f"⟦{texts[0]}⟧",
                context=m.context,
            )
    po = _write(tmp_path / lang / "LC_MESSAGES" / "cmtime.po", xx)
    po.with_suffix(".mo").write_bytes(compiled(po))
    return tmp_path


def test_a_third_language_is_one_catalog_and_no_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PATH_VARIABLE, str(_bracketed(tmp_path)))
    assert "xx" in languages()
    assert check_lang("xx") == "xx"
    # the one lookup and every wrapper over it
    assert message("hidden", "xx") == "⟦Hidden⟧"
    assert label("hidden", "xx") == "⟦Hidden⟧"
    assert label("iceberg.subtitle", "xx").startswith("⟦Hidden work: {share} of")
    assert label("wait.days_long", "xx", count=1).format(n=1) == "⟦1 day⟧"
    assert cli.say("blocks", "xx", count=1, n=1) == "⟦1 block⟧"
    assert cli.say("blocks", "xx", count=3, n=3) == "⟦3 blocks⟧"
    assert notebooks.say("period", "xx", start="a", end="b") == "⟦Period: a to b.⟧"
    assert notebooks.column("hours", "xx") == "⟦Hours⟧"
    assert report.text("intro", "xx", voice="nous").startswith(
        "⟦This report shows all the work we did"
    )
    assert report.long_date(dt.date(2026, 3, 1), "xx") == "⟦March ⟦1⟧, 2026⟧"
    assert report.wait_text(36, "xx") == "⟦1.5 days⟧"
    assert reason_text("ends before it starts", "xx") == "⟦ends before it starts⟧"
    assert (
        reason_text("unreadable start date '2026-12-32'", "xx")
        == "⟦unreadable start date⟧ '2026-12-32'"
    )
    # numbers and dates: Babel does not know "xx", so English's CLDR data formats them
    assert hours(12.5, "xx") == "⟦12h 30m⟧"
    assert number(1234.5, "xx") == "1,234.5"
    assert percent(0.64, "xx") == "64%"
    assert money(1860, "EUR", "xx") == "€1,860"
    assert date_text(dt.date(2025, 12, 29), "xx") == "Dec 29, 2025"


def test_a_third_language_renders_charts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import polars as pl

    from cmtime.charts.workload import iceberg_chart

    monkeypatch.setenv(PATH_VARIABLE, str(_bracketed(tmp_path)))
    frame = pl.DataFrame(
        {
            "client": ["A"],
            "visible_h": [10.0],
            "hidden_h": [5.0],
            "unclassified_h": [0.0],
            "effort_h": [15.0],
            "hidden_share": [1 / 3],
        }
    )
    spec = iceberg_chart(frame, lang="xx").to_dict()  # type: ignore[arg-type]
    assert "⟦What clients see… and the rest⟧" in str(spec)


def test_a_language_with_a_missing_message_falls_back_to_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _bracketed(tmp_path, "yy")
    po = root / "yy" / "LC_MESSAGES" / "cmtime.po"
    yy = read(po)
    del yy["hidden"]
    _write(po, yy)
    po.with_suffix(".mo").write_bytes(compiled(po))
    monkeypatch.setenv(PATH_VARIABLE, str(root))
    assert label("hidden", "yy") == "Hidden"  # not translated yet: English
    assert label("visible", "yy") == "⟦Visible⟧"


def test_a_catalog_is_read_once_on_first_use_never_at_import() -> None:
    import os
    import subprocess
    import sys

    code = (
        "import cmtime.text.labels, cmtime.text.cli, cmtime.text.notebooks, cmtime.text.report,"
        " cmtime.text.reasons, cmtime.charts\n"
        "from cmtime.text import messages as m\n"
        "print(m._load.cache_info().currsize)\n"
        "m.message('hidden', 'fr'); m.message('visible', 'fr'); m.message('hidden', 'en')\n"
        "print(m._load.cache_info().currsize, m._load.cache_info().misses)\n"
    )
    repo = str(Path(__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")])),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split("\n")[:2] == [
        "0",
        "2 2",
    ]  # nothing at import; fr and its English fallback, once


def test_a_third_language_in_the_config_and_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``language = "xx"`` in cmtime.toml and ``--lang xx`` are accepted once the catalog is
    there, and the command speaks it; without the catalog both are refused."""
    from cmtime.analysis.pipeline import SAMPLE_DIR
    from cmtime.config import ConfigError, load_config
    from cmtime.interfaces.cli import main

    toml = tmp_path / "cmtime.toml"
    toml.write_text('language = "xx"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'xx' is not supported; use 'en' or 'fr'"):
        load_config(toml)
    monkeypatch.setenv(PATH_VARIABLE, str(_bracketed(tmp_path / "locale")))
    assert load_config(toml).language == "xx"
    main(["summary", str(SAMPLE_DIR), "--lang", "xx"])
    out = " ".join(capsys.readouterr().out.split())
    assert "⟦cmtime summary" in out, out[:300]
    assert "⟦TOTAL⟧" in out
