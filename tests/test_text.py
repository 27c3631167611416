"""The text layer's formatting (Babel/CLDR) and counted labels, in French and English.

Figures are the sample's orders of magnitude: a 2 090 € retainer, 1 614 h 34 of effort,
a 64 % hidden share, waits counted 0, 1 and 2 times.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import altair as alt
import polars as pl
import pytest

from cmtime.analysis.report import pricing_figures
from cmtime.charts.monthly import monthly_effort_chart
from cmtime.interfaces.notebook import setup_notebook
from cmtime.outputs.export import chart_spec
from cmtime.text.format import date_text, plural_category
from cmtime.text.labels import (
    LABELS,
    MISSING,
    NBSP,
    NNBSP,
    currency_symbol,
    format_locale,
    hours,
    label,
    money,
    money_rate,
    month_text,
    number,
    percent,
    time_format_locale,
)
from cmtime.text.sections import evidence_lines

# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1614.57, "fr", 1, f"1{NNBSP}614,6"),
        (1614.57, "en", 1, "1,614.6"),
        (28_000, "fr", 0, f"28{NNBSP}000"),
        (28_000, "en", 0, "28,000"),
        (1_234_567.891, "fr", 2, f"1{NNBSP}234{NNBSP}567,89"),
        (-12.26, "fr", 1, "-12,3"),
        (-12.26, "en", 1, "-12.3"),
        (-0.04, "fr", 1, "0,0"),  # rounds to zero: no minus sign
        (0.5, "en", 0, "0"),  # half to even, as Python and CLDR round
        (2.5, "en", 0, "2"),
        (3, "fr", 2, "3,00"),
        (None, "fr", 1, MISSING),
        (math.nan, "en", 1, MISSING),
        (math.inf, "fr", 1, MISSING),
    ],
)
def test_number(value: float | None, lang: str, decimals: int, expected: str) -> None:
    assert number(value, lang, decimals) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (0.638, "fr", 0, f"64{NBSP}%"),  # CLDR French: no-break space before %
        (0.638, "en", 0, "64%"),
        (0.6384, "fr", 1, f"63,8{NBSP}%"),
        (0.6384, "en", 1, "63.8%"),
        (12.5, "fr", 0, f"1{NNBSP}250{NBSP}%"),
        (-0.25, "en", 0, "-25%"),
        (-0.001, "fr", 0, f"0{NBSP}%"),
        (0.0, "en", 0, "0%"),
        (None, "en", 0, MISSING),
    ],
)
def test_percent(value: float | None, lang: str, decimals: int, expected: str) -> None:
    assert percent(value, lang, decimals) == expected  # type: ignore[arg-type]


# -- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "lang", "expected"),
    [
        (2090.0, "EUR", "fr", f"2{NNBSP}090{NBSP}€"),
        (2090.0, "EUR", "en", "€2,090"),
        (2089.6, "EUR", "fr", f"2{NNBSP}090{NBSP}€"),  # rounded for display only
        (2090.0, "CHF", "fr", f"2{NNBSP}090{NBSP}CHF"),
        (2090.0, "CHF", "en", f"CHF{NBSP}2,090"),  # a letter code stands apart from the digits
        (2090.0, "CAD", "fr", f"2{NNBSP}090{NBSP}$CA"),
        (2090.0, "CAD", "en", "CA$2,090"),
        (2090.0, "chf", "en", f"CHF{NBSP}2,090"),  # any case
        (2090.0, "SEK", "fr", f"2{NNBSP}090{NBSP}SEK"),
        (-50.0, "EUR", "fr", f"-50{NBSP}€"),
        (-50.0, "EUR", "en", "-€50"),
        (-0.4, "EUR", "en", "€0"),
        (1_250_000.0, "EUR", "fr", f"1{NNBSP}250{NNBSP}000{NBSP}€"),
        (None, "CHF", "fr", MISSING),
    ],
)
def test_money(value: float | None, currency: str, lang: str, expected: str) -> None:
    assert money(value, currency, lang) == expected  # type: ignore[arg-type]


def test_money_decimals_and_rates() -> None:
    assert money(87.456, "EUR", "fr", 2) == f"87,46{NBSP}€"
    assert money(87.456, "CAD", "en", 2) == "CA$87.46"
    assert money_rate(87.4, "EUR", "fr") == f"87{NBSP}€/h"
    assert money_rate(87.4, "CHF", "en") == f"CHF{NBSP}87/h"
    assert money_rate(None, "EUR", "en") == MISSING


def test_currency_symbols_follow_the_language() -> None:
    assert [currency_symbol(c, "fr") for c in ("EUR", "CHF", "CAD", "USD")] == [
        "€",
        "CHF",
        "$CA",
        "$US",
    ]
    assert [currency_symbol(c, "en") for c in ("EUR", "CHF", "CAD", "USD")] == [
        "€",
        "CHF",
        "CA$",
        "$",
    ]
    assert currency_symbol(" xyz ") == "XYZ"


# -- hours and dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1614 + 34 / 60, "fr", f"1{NNBSP}614{NBSP}h{NBSP}34"),
        (1614 + 34 / 60, "en", "1,614h 34m"),
        (12.5, "fr", f"12{NBSP}h{NBSP}30"),
        (12.5, "en", "12h 30m"),
        (12.0, "fr", f"12{NBSP}h"),
        (12.0, "en", "12h"),
        (1 + 5 / 60, "fr", f"1{NBSP}h{NBSP}05"),
        (1 + 5 / 60, "en", "1h 05m"),
        (0.75, "fr", f"45{NBSP}min"),
        (0.75, "en", "45m"),
        (0.9999, "en", "1h"),  # rounds to the minute and carries into the hour
        (0.0, "fr", f"0{NBSP}h"),
        (-2.5, "fr", f"-2{NBSP}h{NBSP}30"),
        (-0.001, "en", "0h"),
        (None, "fr", MISSING),
    ],
)
def test_hours(value: float | None, lang: str, expected: str) -> None:
    assert hours(value, lang) == expected  # type: ignore[arg-type]


def test_month_names_and_dates() -> None:
    jan, dec = dt.date(2026, 1, 5), dt.date(2025, 12, 29)
    assert month_text(jan, "fr") == "janv."
    assert month_text(jan, "fr", full=True, with_year=True) == "janvier 2026"
    assert month_text(dec, "fr", with_year=True) == "déc. 2025"
    assert month_text(jan, "en", with_year=True) == "Jan 2026"
    assert month_text(dec, "en", full=True) == "December"
    assert [month_text(dt.date(2026, m, 1), "fr") for m in (2, 6, 7, 8, 9)] == [
        "févr.",
        "juin",
        "juil.",
        "août",
        "sept.",
    ]
    assert date_text(dec, "fr") == "29 déc. 2025"
    assert date_text(dec, "en") == "Dec 29, 2025"
    assert date_text(jan, "fr", "long") == "5 janvier 2026"
    assert date_text(jan, "fr", "short") == "05/01/2026"
    with pytest.raises(ValueError, match="'full'"):
        date_text(jan, "fr", "full")  # type: ignore[arg-type]


def test_bad_language_is_named() -> None:
    for call in (
        lambda: number(1.0, "de"),  # type: ignore[arg-type]
        lambda: money(1.0, "EUR", "FR"),  # type: ignore[arg-type]
        lambda: month_text(dt.date(2026, 1, 1), "es"),  # type: ignore[arg-type]
        lambda: label("wait.days_long", "it", count=2),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValueError, match="unknown language"):
            call()


# -- plurals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "counts", "expected"),
    [
        ("fr", (0, 1, 2), ["sur 0 demande", "sur 1 demande", "sur 2 demandes"]),
        ("en", (0, 1, 2), ["over 0 requests", "over 1 request", "over 2 requests"]),
    ],
)
def test_counted_label_picks_the_cldr_form(
    lang: str, counts: tuple[int, ...], expected: list[str]
) -> None:
    got = [label("report.kpi.wait_note", lang, count=n).format(waits=n) for n in counts]  # type: ignore[arg-type]
    assert got == expected


def test_plural_categories_and_fallback() -> None:
    assert [plural_category(n, "fr") for n in (0, 1, 1.5, 2, 1_000_000)] == [
        "one",
        "one",
        "one",
        "other",
        "many",
    ]
    assert [plural_category(n, "en") for n in (0, 1, 1.5, 2)] == ["other", "one", "other", "other"]
    # French "many" (round millions) has no form of its own: "other"
    assert label("wait_timeline.subtitle_closed", "fr", count=1_000_000).startswith(
        "{waits} attentes"
    )
    assert label("wait.days_long", "fr", count=1.5).format(n="1,5") == "1,5 jour"
    assert label("wait.days_long", "en", count=1.5).format(n="1.5") == "1.5 days"
    # without a count, the general plural ("other"), the same as LABELS holds
    assert (
        label("evidence.wait", "en")
        == LABELS["evidence.wait"]["en"]
        == "Median client response time: {wait} ({waits} waits)"
    )


def evidence_sentences(row: dict[str, Any], *, currency: str, lang: Literal["fr", "en"]) -> tuple[str, ...]:
    return evidence_lines(pricing_figures(row), lang=lang, currency=currency, audience="freelancer")


def test_evidence_counts_one_wait_in_the_singular() -> None:
    row: dict[str, Any] = {"wait_median_h": 24.0, "waits": 1}
    assert evidence_sentences(row, currency="EUR", lang="fr") == (
        "Délai médian de réponse du client : 1,0 jour (1 attente)",
    )
    assert evidence_sentences(row, currency="EUR", lang="en") == (
        "Median client response time: 1.0 day (1 wait)",
    )
    row = {"wait_median_h": 84.0, "waits": 2}
    assert evidence_sentences(row, currency="EUR", lang="fr") == (
        "Délai médian de réponse du client : 3,5 jours (2 attentes)",
    )


def test_monthly_chart_counts_one_month() -> None:
    one_month = pl.DataFrame(
        {"month": [dt.date(2026, 3, 1)] * 2, "kind": ["visible", "hidden"], "hours": [40.0, 71.5]}
    )
    en = monthly_effort_chart(one_month, lang="en").to_dict()["title"]["subtitle"]
    fr = monthly_effort_chart(one_month, lang="fr").to_dict()["title"]["subtitle"]
    assert en == "111h 30m over 1 month, 111h 30m a month on average"
    assert fr == f"111{NBSP}h{NBSP}30 sur 1 mois, soit 111{NBSP}h{NBSP}30 par mois en moyenne"


# -- the locales handed to Vega --------------------------------------------------------------


def test_vega_locales_agree_with_the_texts() -> None:
    for lang in ("fr", "en"):
        fmt = format_locale(lang)  # type: ignore[arg-type]
        assert number(12345.5, lang) == f"12{fmt['thousands']}345{fmt['decimal']}5"  # type: ignore[arg-type]
        assert percent(0.25, lang) == f"25{fmt['percent']}"  # type: ignore[arg-type]
        assert (
            money(2090, "EUR", lang)
            == f"{fmt['currency'][0]}2{fmt['thousands']}090{fmt['currency'][1]}"
        )  # type: ignore[arg-type]
    assert format_locale("en", "CHF")["currency"] == [f"CHF{NBSP}", ""]
    fr, en = time_format_locale("fr"), time_format_locale("en")
    assert fr["shortMonths"] == [month_text(dt.date(2026, m, 1), "fr") for m in range(1, 13)]
    assert (fr["days"][0], fr["shortDays"][1], en["shortDays"][0]) == (
        "dimanche",
        "lun.",
        "Sun",
    )  # d3: Sunday first
    assert (fr["date"], fr["time"], en["date"]) == ("%d/%m/%Y", "%H:%M:%S", "%-m/%-d/%y")


def _chart(lang: str) -> alt.Chart:
    """A weekly axis over the turn of the year and a thousands axis, as the notebooks draw."""
    weeks = pl.date_range(dt.date(2025, 12, 29), dt.date(2026, 2, 23), "4w", eager=True)
    df = pl.DataFrame({"week": weeks, "hours": [0.0, 2500.0, 0.25]})
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "week:T", axis=alt.Axis(format="%-d %b", values=[w.isoformat() for w in weeks])
            ),
            y=alt.Y("hours:Q", axis=alt.Axis(values=[0, 2500])),
        )
        .properties(usermeta={"cmtime": {"lang": lang, "chart": "test"}})
    )


def _svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.fixture
def notebook_renderer() -> Iterator[None]:
    renderer, options, theme = alt.renderers.active, alt.renderers.options, alt.theme.active
    setup_notebook(live=False)
    yield
    alt.renderers.enable(renderer, **options)
    alt.theme.enable(theme)


@pytest.mark.usefixtures("notebook_renderer")
def test_notebook_charts_get_the_export_locale() -> None:
    """Issue 20: notebooks read "29 Dec" and "2,500" in French; the export read "29 déc."."""
    fr_bundle = alt.renderers.get()(_chart("fr").to_dict())  # type: ignore[misc]
    fr = _svg_texts(fr_bundle["image/svg+xml"])
    assert {"29 déc.", "26 janv.", "23 févr.", f"2{NNBSP}500"} <= set(fr)
    assert "2,500" not in fr
    en = _svg_texts(alt.renderers.get()(_chart("en").to_dict())["image/svg+xml"])  # type: ignore[misc]
    assert {"29 Dec", "26 Jan", "2,500"} <= set(en)
    # the same texts as the export path
    assert fr_bundle["image/svg+xml"].count("déc.") >= 1
    assert chart_spec(_chart("fr"))["config"]["locale"]["number"]["thousands"] == NNBSP


def test_every_input_format_has_a_name_for_people() -> None:
    """Tables show a format as people name it ("Registre des attentes", not "waits")."""
    import importlib
    import pkgutil

    import cmtime.readers as readers
    from cmtime.text.labels import label

    names = set()
    for mod in pkgutil.iter_modules(readers.__path__):
        name = getattr(importlib.import_module(f"cmtime.readers.{mod.name}"), "NAME", None)
        if isinstance(name, str):
            names.add(name)
    assert {"toggl", "waits", "journal", "cmtime", "ics"} <= names
    for name in names:
        for lang in ("fr", "en"):
            assert label(f"format.{name}", lang) != f"format.{name}", (name, lang)
    assert label("format.waits", "fr") == "Registre des attentes"
    assert label("format.waits", "en") == "Waits ledger"


#: English words of the readers' reasons: none may be left in a French one
ENGLISH_REASON = re.compile(
    r"\b(unreadable|before|after|negative|not|no|does|exist|event|line|cancelled|starts?|"
    r"stops?|ends?|answered|asked|time|hours|duration|block|bytes|years|"
    r"interval|frame|entry|unknown|invalid|outside|longer|than|over|limit)\b"
)


REPO = Path(__file__).resolve().parents[1]


def _broken_inputs(tmp_path: Path) -> list[Path]:
    """Exports with one broken row of every kind the readers know, in several formats."""
    files = {
        "toggl.csv": (
            "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
            "End date,End time,Duration,Tags,Amount (EUR)\n"
            "A,a@x.fr,Dupont,P,,ok,Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,,\n"
            "A,a@x.fr,Dupont,P,,bad day,Yes,2026-12-32,10:00:00,2026-12-32,10:30:00,00:30:00,,\n"
            "A,a@x.fr,Dupont,P,,no time,Yes,,,,,,,\n"
            "A,a@x.fr,Dupont,P,,gap,Yes,2026-03-29,02:30:00,2026-03-29,03:30:00,01:00:00,,\n"
            "A,a@x.fr,Dupont,P,,back,Yes,2026-03-03,11:00:00,2026-03-03,10:00:00,-01:00:00,,\n"
            "A,a@x.fr,Dupont,P,,far,Yes,1900-03-03,10:00:00,1900-03-03,11:00:00,01:00:00,,\n"
        ),
        "waits.csv": (
            "client,item,asked,answered,reminders\n"
            "Dupont,Photos,2026-03-10 10:00,2026-03-09 10:00,1\n"
            ",Photos,2026-03-10 10:00,,1\n"
            "Dupont,Photos,demain,,1\n"
            "Dupont,Photos,2026-03-10 10:00,,-2\n"
        ),
        "journal.txt": (
            "2026-03-02\n09:00-10:00 [Dupont] fine\nblabla\n25:00-26:00 [Dupont] late\n"
            "2026-02-30\n10:00-11:00 [Dupont] under a day that does not exist\n"
        ),
        "cal.ics": (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//FR\r\n"
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20260302\r\nDTEND;VALUE=DATE:20260303\r\n"
            "SUMMARY:Dupont all day\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260303T090000Z\r\nDTEND:20260303T100000Z\r\n"
            "STATUS:CANCELLED\r\nSUMMARY:Dupont cancelled\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n"
        ),
    }
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_rejection_reasons_are_told_in_french(tmp_path: Path) -> None:
    """Every reason the readers give for these broken rows (and the fixtures' and the
    corpus's) reads in French: no English word left outside the quoted value."""
    from cmtime.config import Config
    from cmtime.readers import InputError, read_paths
    from cmtime.text.reasons import reason_text

    paths = _broken_inputs(tmp_path)
    paths += sorted((REPO / "tests" / "fixtures").rglob("*"))
    paths += sorted((REPO.parent / "shared" / "corpus").rglob("*"))  # when it is there
    reasons: set[str] = set()
    for path in paths:
        if not path.is_file():
            continue
        try:
            loaded = read_paths([path], config=Config())
        except InputError:  # a file of no known format: not a rejection
            continue
        for reading in loaded.readings:
            reasons |= set(reading.rejected.get_column("reason").to_list())
    assert len(reasons) >= 15, sorted(reasons)
    for reason in sorted(reasons):
        fr = reason_text(reason, "fr")
        outside_quotes = re.sub(r"'[^']*'|\([A-Z]+:[A-Z]+\)|\[limits\] \w+|[A-Z][a-z]+/[A-Za-z_]+", " ", fr)
        assert not ENGLISH_REASON.search(outside_quotes), (reason, fr)
        assert reason_text(reason, "en") == reason
        for quoted in re.findall(r"'[^']*'", reason):  # the value is shown as it was
            assert quoted in fr, (reason, fr)
