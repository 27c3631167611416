"""The `cmtime` command line: check, summary, team, share, sample, demo.

Every error a user can cause ends as one line on stderr and exit code 2; ``--json``
prints one JSON document on stdout and nothing else there.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar, cast

from cmtime import lean_allocator

lean_allocator()  # before polars loads: a big summary gives its memory back as it goes

import polars as pl
import typer
from rich.table import Table
from rich.text import Text

from cmtime.analysis.checks import (
    OverlapExamples,
    classified_readings,
    client_names,
    hours_by_file,
    implausible,
    implausible_by_reading,
    overlap_report,
    placeholders,
    unknown_names,
)
from cmtime.analysis.documents import (
    CheckDocument,
    CheckFile,
    ClientName,
    FrameDocument,
    Rejection,
    RulesDocument,
    Summary,
    SummaryDocument,
    Team,
    TeamDocument,
    frame_rows,
)
from cmtime.analysis.placeholders import placeholder_by_file
from cmtime.errors import CmtimeError, InputError
from cmtime.interfaces.command_kit import CommandKit
from cmtime.interfaces.frame_cmd import register as _register_frame
from cmtime.interfaces.init_cmd import register as _register_init
from cmtime.interfaces.lab_cmd import register as _register_lab
from cmtime.interfaces.rules_cmd import register as _register_rules
from cmtime.interfaces.speech import click_speaks, early_language, localise, show_usage_error
from cmtime.interfaces.terminal import SafeConsole
from cmtime.readers import FORMATS, Loaded, read_paths
from cmtime.text.cli import alias_hint, hours_text, number_cell, or_list, say
from cmtime.text.format import Lang, date_text, month_text, number, percent, weekday_list
from cmtime.text.messages import is_language
from cmtime.text.reasons import reason_text

if TYPE_CHECKING:
    from cmtime.analysis.scope import Scope

app = typer.Typer(
    name="cmtime",
    help="Turn time logs into evidence for pricing: hidden work, client waits, off-hours.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
out = SafeConsole()
if not out.is_terminal:  # piped or captured: do not squeeze tables into 80 columns
    out = SafeConsole(width=160)
err = SafeConsole(stderr=True, soft_wrap=True)

T = TypeVar("T")

Paths = Annotated[
    list[Path], typer.Argument(help="Export files or folders.", show_default=False, metavar="PATH")
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", metavar="FILE", help="Config file (default: cmtime.toml in a folder or here).")
]
FormatOpt = Annotated[str | None, typer.Option("--format", metavar="NAME", help=f"Force a reader: {', '.join(FORMATS)}.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", metavar="fr|en", help="Language of the tables and messages: fr or en (default: the config's)."),
]


DATE_HELP = "{which} local date of the period, inclusive: YYYY-MM-DD or DD/MM/YYYY."

# Usage errors (unknown option or command, missing option): click's, or typer's own copy
# of click (typer >= 0.20 vendors click as typer._click, whose errors are TyperException).
def _usage_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [typer.TyperException] if hasattr(typer, "TyperException") else []
    try:  # a dependency of typer before 0.27 only
        import click
    except ImportError:
        return tuple(errors)
    return (click.ClickException, *errors)


_USAGE_ERRORS = _usage_errors()


def _version(value: bool) -> None:
    if value:
        from cmtime import __version__

        out.print(f"cmtime {__version__}", markup=False, highlight=False)
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Turn time logs into evidence for pricing: hidden work, client waits, off-hours."""


class UserError(CmtimeError):
    """An error the user can fix, worded by the command line; printed as one line, exit 2."""


class _Voice:
    """The language of the messages (`cmtime.text.cli`): English until ``--lang`` or the
    config says otherwise; a file error before the config is read stays English."""

    lang: Lang = "en"
    chosen: bool = False  # --lang given: the config does not override it


def _set_lang(option: str | None) -> None:
    """Take ``--lang`` at the start of a command (an unknown value is an error, in English)."""
    if option is None:
        return
    if not is_language(option):  # a language with a message catalog (cmtime/locale)
        raise UserError(say("err.lang", "en", value=option))
    _Voice.lang, _Voice.chosen = cast(Lang, option), True


def _L() -> Lang:
    return _Voice.lang


def _day(day: dt.date | str, lang: Lang) -> str:
    """A date in a title or message: ISO in English (as always), CLDR's medium form in French."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return day.isoformat() if lang == "en" else date_text(day, lang, "medium")


def _close(close: Sequence[str], loaded: Loaded) -> str:
    """The closest names of a warning or an error, in the messages' language: an alias is
    ``'Vidl' (alias of 'Cabinet Vidal')`` as `cmtime.analysis.scope.close_names` writes it,
    rebuilt here from the config (a data name is its quoted spelling, in any language)."""
    aliases = {
        alias_hint(a, c.name, "en"): alias_hint(a, c.name, _L()) for c in loaded.config.clients for a in c.aliases
    }
    return or_list([aliases.get(c, c) for c in close], _L())


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= day.year <= 2200:  # a period of thousands of years overflows every stage
            msg = f"{option} {text!r}: the period must stay between the years 1900 and 2200"
            raise UserError(msg)
        return day
    raise UserError(say("err.date", _L(), option=option, text=text))


def _load(
    paths: Sequence[Path],
    config: Path | None,
    fmt: str | None,
    *,
    quiet: bool,
    window: tuple[dt.date, dt.date] | None = None,
) -> Loaded:
    """Read the paths; from here on, messages speak the config's language unless ``--lang``."""
    show = not quiet and err.is_terminal
    if not show:
        loaded = read_paths(paths, config_path=config, fmt=fmt, window=window)
    else:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Lecture / reading", total=None)
            loaded = read_paths(
                paths,
                config_path=config,
                fmt=fmt,
                window=window,
                progress=lambda p: bar.update(task, description=f"{p.name}"),
            )
    if not _Voice.chosen and loaded.config.path is not None:  # a config file, not the defaults
        _Voice.lang = loaded.config.language
    return loaded


def _emit_json(doc: SummaryDocument | CheckDocument | RulesDocument | FrameDocument | TeamDocument) -> None:
    """One JSON document on stdout; a figure that is not finite (a fee of 1e308 summed to
    infinity) is a user error, never ``Infinity`` or ``NaN``, which are not JSON."""
    try:
        text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError as exc:
        raise UserError(say("err.not_finite", _L())) from exc
    sys.stdout.write(text + "\n")


@app.command()
def check(
    paths: Paths,
    json_out: JsonOpt = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any row was rejected or any file skipped.")
    ] = False,
    config: ConfigOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show what was read from each file: rows, entries, rejections, duplicates, overlaps."""
    _set_lang(lang)
    loaded = _load(paths, config, fmt, quiet=json_out)
    classified = classified_readings(loaded)  # once, for every check below
    overlaps, examples = overlap_report(loaded, classified=classified)
    split = hours_by_file(loaded, classified=classified)
    stacked = placeholders(loaded, classified=classified)
    bound = loaded.config.limits.implausible_hours
    long_blocks = implausible_by_reading(loaded, bound_h=bound, classified=classified)
    files: list[CheckFile] = []
    for i, r in enumerate(loaded.readings):
        files.append(
            {
                "path": r.path,
                "format": r.format,
                "rows": r.rows,
                "entries": r.items,
                "hours": round(split[i][0] + split[i][1], 4),
                "effort_h": round(split[i][0], 4),
                "wait_h": round(split[i][1], 4),
                "rejected": frame_rows(r.rejected.select("line", "reason"), Rejection),
                "rejected_more": r.rejected_more,  # past the rejections kept, counted
                "duplicates": loaded.duplicates[i],
                "overlaps": overlaps[i],
                "implausible": long_blocks[i],
                "placeholder_blocks": stacked.get(r.path, (0, 0.0))[0],
                "placeholder_h": round(stacked.get(r.path, (0, 0.0))[1], 2),
                "open": r.open,
            }
        )
    names = client_names(loaded, classified=classified)
    doc: CheckDocument = {
        "files": files,
        "skipped": [{"path": s.path, "reason": s.reason} for s in loaded.skipped],
        "clients": frame_rows(names.with_columns(pl.col("effort_h", "wait_h").round(2)), ClientName),
        "warnings": _weekday_warnings(loaded)
        + _client_warnings(names, loaded)
        + [
            _placeholder_warning(f["path"], f["placeholder_blocks"], f["placeholder_h"])
            for f in files
            if f["placeholder_blocks"]
        ]
        + [
            _implausible_warning(f["path"], [str(b["line"]) for b in f["implausible"]], bound)
            for f in files
            if f["implausible"]
        ],
    }
    if json_out:
        _emit_json(doc)
    else:
        _print_check(doc, loaded, examples)
        _print_clients(names)
    _print_warnings(doc["warnings"])
    _readable_or_fail(loaded, paths)  # the report above says why, then exit 2 like summary
    if strict and (any(f["rejected"] or f["rejected_more"] or f["implausible"] for f in files) or doc["skipped"]):
        raise typer.Exit(1)


def _readable_or_fail(loaded: Loaded, paths: Sequence[Path]) -> None:
    """Exit 2 with one line when nothing at all was read (every file empty or skipped)."""
    if loaded.stored.is_empty() and loaded.waits.is_empty():
        why = "; ".join(f"{s.path}: {reason_text(s.reason, _L())}" for s in loaded.skipped[:5])
        msg = say("err.nothing_readable", _L(), paths=", ".join(str(p) for p in paths))
        msg += say("err.nothing_readable.skipped", _L(), why=why) if why else ""
        raise UserError(msg)


def _input_error(text: str) -> str:
    """A reader's error (``path: reason``, English) with its reason in the run's language."""
    at = text.find(": ")
    while at != -1:
        reason = text[at + 2 :]
        shown = reason_text(reason, _L())
        if shown != reason:
            return f"{text[:at]}: {shown}"
        at = text.find(": ", at + 2)
    return text


def _weekday_warnings(loaded: Loaded) -> list[str]:
    """A config whose [hours] leaves out a weekday from Monday to Friday: say which days
    count as days off (a copied example once turned Tuesday to Thursday into days off)."""
    from cmtime.analysis.setup import dropped_weekdays

    days = dropped_weekdays(loaded.config)
    if not days:
        return []
    where = loaded.config.path or "cmtime.toml"
    return [say("warn.days_off", _L(), count=len(days), days=weekday_list(days, _L()), path=where)]


def _print_warnings(warnings: Sequence[str]) -> None:
    for w in warnings:
        err.print(Text(say("warning", _L()), style="yellow") + Text(w))


def _implausible_warning(path: str, lines: Sequence[str], bound_h: int) -> str:
    shown = ", ".join(lines[:6]) + (", …" if len(lines) > 6 else "")
    lang = _L()
    return say(
        "warn.implausible", lang, count=len(lines), n=len(lines), path=path, lines=shown,
        bound=hours_text(float(bound_h), lang),
    )


def _placeholder_warning(path: str, blocks: int, h: float) -> str:
    return say("warn.placeholders", _L(), count=blocks, n=blocks, hours=hours_text(h, _L()), path=path)


def _unknown_name_warning(name: str, h: float, close: Sequence[str], loaded: Loaded) -> str:
    hint = say("warn.did_you_mean", _L(), close=_close(close, loaded)) if close else ""
    return say("warn.unknown_name", _L(), name=repr(name), hours=hours_text(h, _L()), hint=hint)


def _warnings(scope: Scope, doc: Summary) -> list[str]:
    """What a user must know about the figures: names that match no configured client
    (their hours count apart, with no contract) and skipped files."""
    out = _weekday_warnings(scope.loaded)
    unknown = [
        (name, close)
        for name, close in unknown_names(scope.loaded)
        # with --client, only the names that may be this client's
        if scope.client is None or name == scope.client or any(repr(scope.client) in c for c in close)
    ]
    if unknown:
        # every client's hours in the period: with --client, an unknown name close to the
        # client is another client's row, absent from the narrowed summary
        everyone = scope.narrow(client=None).summary() if scope.client is not None else doc
        hours = {c["client"]: c["effort_h"] for c in everyone["clients"]}
        out += [
            _unknown_name_warning(name, hours.get(name, 0.0), close, scope.loaded)
            for name, close in unknown
        ]
    bound = scope.config.limits.implausible_hours
    long_blocks = (
        implausible(scope.rows, bound_h=bound)
        .with_columns(
            file=pl.col("origin").str.replace(r":[^:]*$", ""),
            line=pl.col("origin").str.extract(r":([^:]*)$"),
        )
        .group_by("file", maintain_order=True)
        .agg("line")
        .collect()
    )
    for file, lines in long_blocks.iter_rows():
        out.append(_implausible_warning(file, lines, bound))
    for file, blocks, h in placeholder_by_file(scope.rows).collect().iter_rows():
        out.append(_placeholder_warning(file, blocks, h))
    out += [say("warn.skipped", _L(), path=s.path, reason=reason_text(s.reason, _L())) for s in scope.loaded.skipped]
    out += _unclassified_warnings(doc)
    still_open = doc["totals"]["open_waits"]
    as_of = scope.config.as_of
    if as_of is not None and still_open:  # figures that would otherwise grow every day
        out.append(say("warn.as_of", _L(), count=still_open, n=still_open, day=_day(as_of, _L())))
    return out


#: A client's hidden share is said to leave out its unclassified hours from this share of its effort.
_UNCLASSIFIED_SHARE = 0.2


def _unclassified_warnings(doc: Summary) -> list[str]:
    """One line per client whose unclassified hours are a fifth of its effort or more: its
    hidden share is taken over the classified hours only (DESIGN), which the table's
    percentage alone does not say (141 h of work, 0.5 h classified: "invisible 0 %")."""
    lang = _L()
    out = []
    for c in doc["clients"]:
        if c["effort_h"] <= 0 or c["unclassified_h"] < _UNCLASSIFIED_SHARE * c["effort_h"]:
            continue
        classified = c["visible_h"] + c["hidden_h"]
        out.append(
            say(
                "warn.unclassified" if classified > 0 else "warn.unclassified_all",
                lang,
                client=c["client"] if c["client"] is not None else say("no_client", lang),
                hours=hours_text(c["unclassified_h"], lang),
                effort=hours_text(c["effort_h"], lang),
                classified=hours_text(classified, lang),
            )
        )
    return out


def _client_warnings(names: pl.DataFrame, loaded: Loaded) -> list[str]:
    """A warning per name in the data that matches no configured client or alias."""
    if not loaded.config.clients:
        return []
    out = []
    for row in names.filter(pl.col("match") == "data", pl.col("written").is_not_null()).iter_rows(named=True):
        out.append(_unknown_name_warning(row["written"], row["effort_h"], row["close"], loaded))
    return out


def _print_clients(names: pl.DataFrame) -> None:
    if names.is_empty():
        return
    lang = _L()
    t = Table(title=say("clients.title", lang))
    for col in ("written", "counts_as", "effort_h", "wait_h", "contract"):
        t.add_column(say(f"col.{col}", lang), justify="right" if col.endswith("_h") else "left")
    how = {"name": "", "alias": say("clients.alias", lang), "data": say("clients.not_configured", lang)}
    nobody = say("no_client", lang)
    for row in names.iter_rows(named=True):
        if row["written"] is None:
            row["match"] = "name"
        t.add_row(
            Text(row["written"] or nobody),
            Text((row["client"] or nobody) + how[row["match"]]),
            number(row["effort_h"], lang, 1),
            number(row["wait_h"], lang, 1),
            say("yes" if row["contract"] else "no", lang),
        )
    out.print(t)


def _print_check(doc: CheckDocument, loaded: Loaded, examples: OverlapExamples) -> None:
    from cmtime.text.sources import format_name

    lang = _L()
    t = Table(title=say("check.title", lang), show_lines=False)
    for col, just in (
        ("file", "left"), ("format", "left"), ("rows", "right"), ("entries", "right"),
        ("effort_h", "right"), ("wait_h", "right"), ("rejected", "right"), ("duplicates", "right"),
        ("overlaps", "right"), ("open", "right"),
    ):
        t.add_column(say(f"col.{col}", lang), justify=just)  # type: ignore[arg-type]
    for f in doc["files"]:
        rejected = number(len(f["rejected"]) + f["rejected_more"], lang, 0)
        t.add_row(
            Text(f["path"]), format_name(f["format"], lang), number(f["rows"], lang, 0), number(f["entries"], lang, 0),
            number(f["effort_h"], lang, 2), number(f["wait_h"], lang, 2),
            Text(rejected, style="red") if f["rejected"] else rejected,
            number(f["duplicates"], lang, 0), number(f["overlaps"], lang, 0), number(f["open"], lang, 0),
        )
    out.print(t)
    # Paths, reasons and notes come from the data: printed as Text, never as markup.
    for i, (f, r) in enumerate(zip(doc["files"], loaded.readings, strict=True)):
        lines = _file_details(f, examples[i], r.notes)
        if lines:
            out.print(Text("\n") + Text(f["path"], style="bold"), highlight=False)
            for line in lines:
                out.print(Text("  ") + line, highlight=False)
    for s in doc["skipped"]:
        said = say("check.said", lang, text=reason_text(s["reason"], lang))
        out.print(Text.assemble((say("check.skipped", lang), "yellow"), f" {s['path']}{said}"), highlight=False)
    _print_unclassified(loaded)


def _line_of(origin: str) -> str:
    return origin.rsplit(":", 1)[-1]


def _file_details(
    f: CheckFile, overlaps: Sequence[tuple[str, str, int]], notes: Sequence[str]
) -> list[Text]:
    """Rejections grouped by reason with their first lines, overlap examples, notes
    (as `Text`: a reason quotes the data, which is never read as markup)."""
    lang = _L()
    lines: list[Text] = []
    by_reason: dict[str, list[int]] = {}
    for rej in f["rejected"]:
        by_reason.setdefault(rej["reason"], []).append(rej["line"])
    from cmtime.text.reasons import reason_text

    for reason, where in by_reason.items():  # the reader's reason (English), told in lang
        shown = ", ".join(str(n) for n in where[:6]) + (", …" if len(where) > 6 else "")
        n = len(where)
        lines.append(
            Text.assemble(
                (say("check.rejected", lang, count=n, n=number(n, lang, 0)), "red"),
                say("check.lines", lang, count=n, reason=reason_text(reason, lang), lines=shown),
            )
        )
    if f["rejected_more"]:
        from cmtime.readers._build import KEPT_REJECTIONS

        n = f["rejected_more"]
        said = say("check.rejected_more", lang, count=n, n=number(n, lang, 0), kept=number(KEPT_REJECTIONS, lang, 0))
        lines.append(Text(said, style="red"))
    if f["overlaps"]:
        examples = say("check.sep", lang).join(
            say("check.overlap_example", lang, later=_line_of(b), by=_minutes(s), earlier=_line_of(a))
            for a, b, s in overlaps
        )
        n = f["overlaps"]
        lines.append(
            Text.assemble(
                (say("check.overlapping", lang, count=n, n=number(n, lang, 0)), "yellow"),
                say("check.kept", lang, examples=examples),
            )
        )
    lines += [Text.assemble((say("check.note", lang), "cyan"), say("check.said", lang, text=n)) for n in notes]
    return lines


def _minutes(seconds: int) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


def _print_unclassified(loaded: Loaded) -> None:
    from cmtime.analysis.classify import classify, unclassified_top

    lang = _L()
    top = unclassified_top(classify(loaded.lazy(), rules=loaded.config.rules), n=8).collect()
    if top.height:
        out.print(Text("\n" + say("check.unclassified", lang)))
        for desc, h, n in top.iter_rows():  # the description is data: no markup
            blocks = say("blocks", lang, count=n, n=f"{number(n, lang, 0):>4}")
            line = f"  {number(h, lang, 1):>7} h  {blocks:<11}  {desc or say('check.no_description', lang)}"
            out.print(line, markup=False, highlight=False)


@app.command()
def summary(
    paths: Paths,
    config: ConfigOpt = None,
    date_from: Annotated[str | None, typer.Option("--from", metavar="DATE", help=DATE_HELP.format(which="First"), show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option("--to", metavar="DATE", help=DATE_HELP.format(which="Last"), show_default=False)] = None,
    client: Annotated[str | None, typer.Option("--client", metavar="NAME", help="Only this client.")] = None,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
) -> None:
    """Hours per client: visible, hidden, off-hours, waits, rates and a suggested fee."""
    _set_lang(lang)
    scope = _scope(paths, config, fmt, quiet=json_out, client=client, date_from=date_from, date_to=date_to)
    figures = scope.summary()
    doc: SummaryDocument = {**figures, "warnings": _warnings(scope, figures)}
    _print_warnings(doc["warnings"])
    if json_out:
        _emit_json(doc)
    else:
        _print_summary(doc, _L())


@app.command()
def team(
    paths: Paths,
    config: ConfigOpt = None,
    date_from: Annotated[str | None, typer.Option("--from", metavar="DATE", help=DATE_HELP.format(which="First"), show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option("--to", metavar="DATE", help=DATE_HELP.format(which="Last"), show_default=False)] = None,
    min_group: Annotated[
        int,
        typer.Option(
            "--min-group",
            metavar="N",
            help="Shown to others: below N people, one row for the whole team (default 0: each person).",
        ),
    ] = 0,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
) -> None:
    """The agency view: capacity, utilisation and balance per person; cost, margin, floor and fair fee per client."""
    from cmtime.analysis.forecast import forecast_document, next_quarter
    from cmtime.analysis.team import team_document, team_figures

    _set_lang(lang)
    if min_group < 0:
        raise UserError(say("err.min_group", _L(), n=min_group))
    scope = _scope(paths, config, fmt, quiet=json_out, date_from=date_from, date_to=date_to)
    figures = team_figures(scope.entries, config=scope.config, period=scope.period, min_group=min_group)
    doc: TeamDocument = {
        **team_document(
            figures,
            config=scope.config,
            min_group=min_group,
            forecast=forecast_document(next_quarter(scope.entries, config=scope.config, period=scope.period)),
        ),
        "warnings": _warnings(scope, scope.summary()),
    }
    _print_warnings(doc["warnings"])
    if json_out:
        _emit_json(doc)
    else:
        _print_team(doc, _L())


def _cell(key: str, v: object, lang: Lang) -> str:
    """One figure of a table, in the locale's digits; shares as percentages."""
    if v is None:
        return "-"
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    if key.endswith("share") or key == "utilisation":
        return percent(v, lang)
    return number_cell(v, lang) if isinstance(v, float) else number(v, lang, 0)


def _print_team(doc: Team, lang: Lang) -> None:
    p = doc["period"]
    start, end = _day(p["from"], lang), _day(p["to"], lang)
    people = Table(title=say("team.title", lang, start=start, end=end))
    keys = (
        "person", "capacity_h", "effort_h", "utilisation", "balance_h", "client_share",
        "offhours_share", "longest_run_days",
    )
    for key in keys:
        people.add_column(say(f"col.{key}", lang), justify="left" if key == "person" else "right", no_wrap=key == "person")
    for r in doc["people"]:
        name = r["person"] if r["person"] is not None else say("team.whole", lang)
        people.add_row(Text(name), *(Text(_cell(k, r.get(k), lang)) for k in keys[1:]))
    out.print(people)
    clients = Table(title=say("team.clients", lang, start=start, end=end, margin=percent(doc["target_margin"], lang)))
    ckeys = ("client", "cost", "fee", "margin", "margin_share", "floor_fee", "fair_fee", "loss_per_month")
    for key in ckeys:
        name = say(f"col.{key}", lang, currency=doc["currency"])
        clients.add_column(name, justify="left" if key == "client" else "right", no_wrap=key == "client")
    for c in doc["clients"]:
        name = c["client"] if c["client"] is not None else say("no_client", lang)
        clients.add_row(Text(name), *(Text(_cell(k, c.get(k), lang)) for k in ckeys[1:]))
    out.print(clients)
    for c in doc["clients"]:
        if c["loss_per_month"] is not None and c["client"] is not None:
            amount = number(c["loss_per_month"], lang, 0)
            line = say("team.loses", lang, client=c["client"], amount=amount, currency=doc["currency"])
            out.print(line, markup=False, highlight=False)
    _print_forecast(doc, lang)


def _print_forecast(doc: Team, lang: Lang) -> None:
    f = doc["forecast"]
    table = Table(title=say("team.forecast", lang, level=percent(0.8, lang)))
    for key in ("month", "forecast_h", "interval_h", "capacity_h"):
        table.add_column(say(f"col.{key}", lang), justify="left" if key == "month" else "right")
    for m in f["months"]:
        low, high = m["low_h"], m["high_h"]
        interval = "-" if low is None or high is None else f"{number_cell(low, lang)} - {number_cell(high, lang)}"
        month = month_text(dt.date.fromisoformat(m["month"]), lang, with_year=True)
        table.add_row(month, number_cell(m["effort_h"], lang), interval, number_cell(m["capacity_h"], lang))
    out.print(table)
    b = f["backtest"]
    if b["mae_h"] is not None:
        line = say(
            "team.backtest",
            lang,
            start=_day(f["history"]["from"], lang),
            end=_day(f["history"]["to"], lang),
            mae=number_cell(b["mae_h"], lang),
            wape="-" if b["wape"] is None else percent(b["wape"], lang),
            coverage="-" if b["coverage"] is None else percent(b["coverage"], lang),
            level=percent(0.8, lang),
        )
        out.print(line, markup=False, highlight=False)


def _scope(
    paths: Sequence[Path],
    config: Path | None,
    fmt: str | None,
    *,
    quiet: bool,
    client: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    lang: str | None = None,
) -> Scope:
    """Read the paths and scope them: one client (name or alias) or all, and a period."""
    from cmtime.analysis.scope import Scope, UnknownClient

    a, b = _date(date_from, "--from"), _date(date_to, "--to")
    loaded = _load(paths, config, fmt, quiet=quiet, window=(a, b) if a and b else None)
    _readable_or_fail(loaded, paths)
    if a and b and b < a:
        raise UserError(say("err.period", _L(), start=_day(a, _L()), end=_day(b, _L())))
    try:
        return Scope.of(loaded, client=client, date_from=a, date_to=b, lang=lang)  # type: ignore[arg-type]
    except UnknownClient as exc:  # the sentence is the CLI's, from the exception's fields
        hint = say("err.unknown_client.hint", _L(), close=_close(exc.close, loaded)) if exc.close else ""
        known = ", ".join(exc.known) if exc.known else say("err.unknown_client.none", _L())
        raise UserError(say("err.unknown_client", _L(), name=exc.name, hint=hint, known=known)) from exc


def _print_summary(doc: Summary, lang: Lang) -> None:
    p = doc["period"]
    currency = doc["currency"]
    t = Table(title=say("summary.title", lang, start=_day(p["from"], lang), end=_day(p["to"], lang)))
    keys = (
        "client", "effort_h", "visible_h", "hidden_share", "offhours_share", "waits",
        "wait_median_h", "fee", "effective_rate", "perceived_rate", "suggested_fee",
    )
    for key in keys:
        name = say(f"col.{key}", lang, currency=currency)
        t.add_column(name, justify="left", no_wrap=True) if key == "client" else t.add_column(name, justify="right")
    rows: list[Mapping[str, object]] = [*doc["clients"], {**doc["totals"], "client": say("total", lang)}]
    for c in rows:
        cells = []
        for key in keys:
            v = c.get(key)
            if v is None:
                cells.append("-" if key != "client" else say("no_client", lang))
            elif isinstance(v, bool) or not isinstance(v, int | float):
                cells.append(str(v))
            elif key.endswith("share"):
                cells.append(percent(v, lang))
            else:  # figures in the locale's digits: "2 140" in French, "2,140" in English
                cells.append(number_cell(v, lang) if isinstance(v, float) else number(v, lang, 0))
        t.add_row(*(Text(cell) for cell in cells))  # client names are data, not markup
    out.print(t)


@app.command()
def sample(
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder to write into.")],
    entries: Annotated[int | None, typer.Option("--entries", metavar="N", help="Exactly N rows (benchmarks).")] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Random seed: the same seed writes the same logs.")] = 7,
    year: Annotated[int, typer.Option("--year", metavar="YYYY", help="Calendar year of the synthetic logs.")] = 2026,
    fmt: Annotated[str, typer.Option("--format", metavar="NAME", help="toggl or cmtime.")] = "toggl",
    lang: Annotated[
        str | None, typer.Option("--lang", metavar="fr|en", help="Language of the messages: fr or en (default: en).")
    ] = None,
    agency: Annotated[
        bool, typer.Option("--agency", help="Two years of a five-person agency and its cmtime.toml (for cmtime team).")
    ] = False,
) -> None:
    """Write synthetic logs: a believable freelance year, or N rows for benchmarks."""
    from cmtime.sample import SampleFormat, write_sample

    _set_lang(lang)
    if agency:
        if entries is not None or fmt != "toggl":
            raise UserError(say("err.sample_agency", _L()))
        from cmtime.sample.agency import write_agency_sample

        for p in write_agency_sample(out_dir, seed=seed, year=year):
            err.print(say("wrote", _L(), path=p), markup=False, highlight=False)
        return
    if fmt not in ("toggl", "cmtime"):
        raise UserError(say("err.sample_format", _L(), fmt=fmt))
    if entries is not None and entries < 1:
        raise UserError(say("err.entries", _L()))
    written = write_sample(out_dir, seed=seed, year=year, entries=entries, fmt=cast(SampleFormat, fmt))
    for p in written:
        err.print(say("wrote", _L(), path=p), markup=False, highlight=False)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder for charts.")] = Path("out"),
    lang: Annotated[str | None, typer.Option("--lang", metavar="fr|en", help="fr or en (default: the config's).")] = None,
) -> None:
    """Run the whole chain on the bundled sample and write charts to out/."""
    from cmtime.interfaces.demo import run_demo, sample_dir
    from cmtime.readers import find_config

    _set_lang(lang)
    doc, written = run_demo(out_dir, lang=lang)  # type: ignore[arg-type]
    if not _Voice.chosen:  # the sample's own config (French)
        _Voice.lang = find_config([sample_dir(out_dir / "sample")], None).language
    _print_summary(doc, _L())
    for p in written:
        out.print(say("wrote", _L(), path=p), markup=False, highlight=False)


def _month(text: str) -> dt.date:
    """``--month YYYY-MM`` as the month's first day; anything else is a user error."""
    try:
        first = dt.date.fromisoformat(text.strip() + "-01")
    except ValueError:
        first = None
    if first is None or not 1900 <= first.year <= 2200 or len(text.strip()) != 7:
        raise UserError(say("err.month", _L(), text=text))
    return first


def _check_out_dir(out_dir: Path, paths: Sequence[Path]) -> None:
    """Refuse an output folder inside a folder given as input, or a file's own folder, or
    one that cannot be reached (a symlink loop)."""
    try:
        target = out_dir.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        raise UserError(say("err.out_unusable", _L(), out=out_dir, why=_why(exc))) from exc
    for p in paths:
        src = p.resolve()
        inside = src.is_dir() and (target == src or target.is_relative_to(src))
        if inside or (src.is_file() and target == src.parent):
            raise UserError(say("err.out_inside", _L(), out=out_dir, path=p))


def _why(exc: BaseException) -> str:
    """What the system said, without Python's ``[Errno N]`` prefix."""
    return getattr(exc, "strerror", None) or str(exc)


@app.command()
def share(
    paths: Paths,
    client: Annotated[str, typer.Option("--client", metavar="NAME", help="The client the report is for.")],
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder to write the report into.")],
    date_from: Annotated[str | None, typer.Option("--from", metavar="DATE", help=DATE_HELP.format(which="First"), show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option("--to", metavar="DATE", help=DATE_HELP.format(which="Last"), show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar="fr|en", help="fr or en (default: the config's).")] = None,
    with_descriptions: Annotated[
        bool, typer.Option("--with-descriptions", help="Show this client's task descriptions.")
    ] = False,
    config: ConfigOpt = None,
    fmt: FormatOpt = None,
    month: Annotated[
        str | None, typer.Option("--month", metavar="YYYY-MM", help="The monthly statement of this month instead.")
    ] = None,
) -> None:
    """Write a client-safe renewal report: an HTML page, a PDF, the charts as PNG and SVG, a CSV."""
    _set_lang(lang)
    _check_out_dir(out_dir, paths)
    if out_dir.exists() and not out_dir.is_dir() and not out_dir.is_symlink():  # before any work
        raise UserError(say("err.out_file", _L(), out=out_dir))
    from cmtime.outputs.drawing import Drawer

    # the chart workers warm up while the logs are read and the report is built
    with Drawer() as drawer:
        from cmtime.outputs.share import EmptyReport, build_report, write_report

        first = _month(month) if month is not None else None
        scope = _scope(
            paths, config, fmt, quiet=False, client=client, date_from=date_from, date_to=date_to, lang=lang
        )
        try:
            report = build_report(scope, with_descriptions=with_descriptions, drawer=drawer, month=first)
            _print_warnings(_warnings(scope, scope.summary()))
        except EmptyReport as exc:
            start, end = (_day(d, _L()) for d in (scope.period.start, scope.period.end))
            raise UserError(say("err.no_hours", _L(), client=scope.client, start=start, end=end)) from exc
        for note in report.notes:  # the report's own notes, in the report's language
            err.print(Text.assemble((say("check.note", _L()), "cyan"), say("check.said", _L(), text=note)), highlight=False)
        try:
            written = write_report(report, out_dir, drawer=drawer)  # a ShareOutputError is exit 2
        except OSError as exc:  # a symlink loop or a file in the way of --out's folder
            raise UserError(say("err.out_unusable", _L(), out=out_dir, why=_why(exc))) from exc
        for p in written:
            out.print(say("wrote", _L(), path=p), markup=False, highlight=False)


_KIT = CommandKit(
    load=_load, scope=_scope, out=out, err=err, emit_json=_emit_json, set_lang=_set_lang, lang=_L, user_error=UserError
)
_register_rules(app, _KIT)
_register_init(app, _KIT)
_register_frame(app, _KIT)
_register_lab(app, _KIT)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the app. A user's mistake (a `CmtimeError`) is one line and exit 2;
    usage mistakes get click's message (with "Did you mean"); anything else is a bug in
    cmtime: one line saying so and what to report, exit 3, and the traceback only with
    ``CMTIME_DEBUG=1``."""
    args = list(argv) if argv is not None else sys.argv[1:]
    # --lang, else ./cmtime.toml's language, else the system's (LC_ALL, LANG), else English;
    # a command's own config speaks once it is read
    _Voice.lang, _Voice.chosen = early_language(args), False
    with click_speaks(_Voice.lang):  # click's own words ("Usage:", its errors) too
        _run(args)


def _run(args: list[str]) -> None:
    """Run the command line on ``args``, every error ending as one line and an exit code."""
    try:
        command = typer.main.get_command(app)  # what app() runs, with its texts in the language
        localise(command, _Voice.lang, fields={"formats": ", ".join(FORMATS)})
        code = command.main(args=args, standalone_mode=False, prog_name="cmtime")
        if isinstance(code, int) and code:
            sys.exit(code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except CmtimeError as exc:
        text = _input_error(str(exc)) if isinstance(exc, InputError) else str(exc)
        err.print(Text(say("error", _L()), style="bold red") + Text(text), highlight=False)
        sys.exit(2)
    except OSError as exc:  # the system refused a file (a symlink loop, no space, no right)
        where = exc.filename if exc.filename is not None else ""
        err.print(Text(say("error", _L()), style="bold red") + Text(say("err.os", _L(), path=where, why=_why(exc))), highlight=False)
        sys.exit(2)
    except typer.Abort:
        err.print(say("aborted", _L()), markup=False)
        sys.exit(130)
    except _USAGE_ERRORS as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `cmtime`: the help, exit 0
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                sys.stdout.write(ctx.get_help() + "\n")
            sys.exit(0)
        show_usage_error(exc, _Voice.lang, sys.stderr)
        sys.exit(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # the reader left (`cmtime rules ... | head`): not a bug
        sys.exit(1)
    except Exception as exc:  # last line of defence: no traceback reaches a user
        try:  # an exception's own text may fail to build, or be huge
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:500]
        except Exception:
            detail = type(exc).__name__
        message = f"unexpected {detail}. This is a bug in cmtime; please report it with the command you ran."
        try:
            message = say("bug", _L(), detail=detail)
            err.print(Text(say("error", _L()), style="bold red") + Text(message), highlight=False)
        except Exception:  # the console itself failed: plain text, still one line
            sys.stderr.write(f"error: {message}\n")
        if os.environ.get("CMTIME_DEBUG") == "1":
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        sys.exit(3)


def run() -> None:
    """The ``cmtime`` command: `main`; a reader that stops early (``cmtime rules ... | head``)
    ends it quietly, as Python's documentation advises for SIGPIPE.

    Once the work is done, every object left (altair's schema classes, polars, the
    frames) is handed to `gc.freeze`: the interpreter still runs the exit handlers and
    frees them at exit, but its last garbage collections no longer walk them all (most of
    what tearing the interpreter down cost; benchmarks/README.md).
    """
    try:
        main()
    finally:
        gc.freeze()
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            # Python flushes stdout once more at exit: point it at /dev/null so that
            # flush writes nowhere instead of printing "Exception ignored".
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    run()
