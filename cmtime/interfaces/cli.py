"""The `cmtime` command line: check, summary, share, sample, demo.

Every error a user can cause ends as one line on stderr and exit code 2; ``--json``
prints one JSON document on stdout and nothing else there.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

# jsonschema (through altair) imports the optional IRI checker `rfc3987_syntax` when it is
# installed, which builds a grammar for 1.7 s on every start; cmtime never checks IRIs.
# In the command-line process only (never in a user's notebook) it is marked absent, which
# jsonschema treats as "not installed".
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import click
import polars as pl
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cmtime.analysis.checks import (
    OverlapExamples,
    client_names,
    hours_by_file,
    overlap_report,
    placeholders,
    unknown_names,
)
from cmtime.analysis.placeholders import placeholder_by_file
from cmtime.config import ConfigError
from cmtime.interfaces.rules_cmd import register as _register_rules
from cmtime.readers import FORMATS, InputError, Loaded, read_paths

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
out = Console()
if not out.is_terminal:  # piped or captured: do not squeeze tables into 80 columns
    out = Console(width=160)
err = Console(stderr=True, soft_wrap=True)

T = TypeVar("T")

Paths = Annotated[
    list[Path], typer.Argument(help="Export files or folders.", show_default=False, metavar="PATH")
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", metavar="FILE", help="Config file (default: cmtime.toml in a folder or here).")
]
FormatOpt = Annotated[str | None, typer.Option("--format", metavar="NAME", help=f"Force a reader: {', '.join(FORMATS)}.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


DATE_HELP = "{which} local date of the period, inclusive: YYYY-MM-DD or DD/MM/YYYY."

# Usage errors (unknown option or command, missing option): click's, or typer's own copy
# of click (typer >= 0.20 vendors click as typer._click, whose errors are TyperException).
_USAGE_ERRORS: tuple[type[Exception], ...] = (
    click.ClickException,
    *((typer.TyperException,) if hasattr(typer, "TyperException") else ()),
)


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


class UserError(Exception):
    """An error the user can fix; printed as one line, exit 2."""


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    msg = f"{option} {text!r} is not a date; write YYYY-MM-DD or DD/MM/YYYY"
    raise UserError(msg)


def _load(
    paths: Sequence[Path],
    config: Path | None,
    fmt: str | None,
    *,
    quiet: bool,
    window: tuple[dt.date, dt.date] | None = None,
) -> Loaded:
    show = not quiet and err.is_terminal
    if not show:
        return read_paths(paths, config_path=config, fmt=fmt, window=window)
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("Lecture / reading", total=None)
        return read_paths(
            paths,
            config_path=config,
            fmt=fmt,
            window=window,
            progress=lambda p: bar.update(task, description=f"{p.name}"),
        )


def _emit_json(doc: Any) -> None:
    """One JSON document on stdout; a figure that is not finite (a fee of 1e308 summed to
    infinity) is a user error, never ``Infinity`` or ``NaN``, which are not JSON."""
    try:
        text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError as exc:
        msg = "a figure is too large to compute (infinite or not a number); check the amounts in cmtime.toml and the durations in the exports"
        raise UserError(msg) from exc
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
) -> None:
    """Show what was read from each file: rows, entries, rejections, duplicates, overlaps."""
    loaded = _load(paths, config, fmt, quiet=json_out)
    overlaps, examples = overlap_report(loaded)
    split = hours_by_file(loaded)
    stacked = placeholders(loaded)
    files = []
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
                "rejected": r.rejected.select("line", "reason").to_dicts(),
                "duplicates": loaded.duplicates[i],
                "overlaps": overlaps[i],
                "placeholder_blocks": stacked.get(r.path, (0, 0.0))[0],
                "placeholder_h": round(stacked.get(r.path, (0, 0.0))[1], 2),
                "open": r.open,
            }
        )
    names = client_names(loaded)
    doc = {
        "files": files,
        "skipped": [{"path": s.path, "reason": s.reason} for s in loaded.skipped],
        "clients": names.with_columns(pl.col("effort_h", "wait_h").round(2)).to_dicts(),
        "warnings": _client_warnings(names, loaded)
        + [
            f"{f['placeholder_blocks']} blocks ({f['placeholder_h']:.1f} h) in {f['path']} start at "
            "the same minute as other blocks of their day: their clock times look like "
            "placeholders, so they count as duration-only (off-hours unknown unless the day is off)"
            for f in files
            if f["placeholder_blocks"]
        ],
    }
    if json_out:
        _emit_json(doc)
    else:
        _print_check(doc, loaded, examples)
        _print_clients(names)
    for w in doc["warnings"]:
        err.print(Text("warning: ", style="yellow") + Text(w))
    if strict and (any(f["rejected"] for f in files) or doc["skipped"]):
        raise typer.Exit(1)


def _warnings(scope: Scope, doc: dict[str, Any]) -> list[str]:
    """What a user must know about the figures: names that match no configured client
    (their hours count apart, with no contract) and skipped files."""
    hours = {c["client"]: c["effort_h"] for c in doc["clients"]}
    out = []
    for name, close in unknown_names(scope.loaded):
        mine = name == scope.client or any(repr(scope.client) in c for c in close)
        if scope.client is not None and not mine:  # another client's business
            continue
        hint = f" Did you mean {' or '.join(close)}? Add it to that client's aliases." if close else ""
        out.append(
            f"client {name!r} in the data matches no configured client or alias: "
            f"its {hours.get(name, 0.0):.1f} h count as a separate client with no contract.{hint}"
        )
    for file, blocks, h in placeholder_by_file(scope.rows).collect().iter_rows():
        out.append(
            f"{blocks} blocks ({h:.1f} h) in {file} start at the same minute as other blocks of "
            "their day: their clock times look like placeholders (durations logged, not times), "
            "so they count as duration-only (off-hours unknown unless the day is off)"
        )
    out += [f"skipped {s.path}: {s.reason}" for s in scope.loaded.skipped]
    return out


def _client_warnings(names: pl.DataFrame, loaded: Loaded) -> list[str]:
    """A warning per name in the data that matches no configured client or alias."""
    if not loaded.config.clients:
        return []
    out = []
    for row in names.filter(pl.col("match") == "data", pl.col("written").is_not_null()).iter_rows(named=True):
        hint = f" Did you mean {' or '.join(row['close'])}? Add it to that client's aliases." if row["close"] else ""
        out.append(
            f"client {row['written']!r} in the data matches no configured client or alias: "
            f"its {row['effort_h']:.1f} h count as a separate client with no contract.{hint}"
        )
    return out


def _print_clients(names: pl.DataFrame) -> None:
    if names.is_empty():
        return
    t = Table(title="Clients as written in the data")
    for col in ("as written", "counts as", "effort h", "wait h", "contract"):
        t.add_column(col, justify="right" if col.endswith(" h") else "left")
    how = {"name": "", "alias": " (alias)", "data": " (not configured)"}
    for row in names.iter_rows(named=True):
        if row["written"] is None:
            row["match"] = "name"
        t.add_row(
            Text(row["written"] or "(no client)"),
            Text((row["client"] or "(no client)") + how[row["match"]]),
            f"{row['effort_h']:.1f}",
            f"{row['wait_h']:.1f}",
            "yes" if row["contract"] else "no",
        )
    out.print(t)


def _print_check(doc: dict[str, Any], loaded: Loaded, examples: OverlapExamples) -> None:
    t = Table(title="Files read / Fichiers lus", show_lines=False)
    for col, just in (
        ("file", "left"), ("format", "left"), ("rows", "right"), ("entries", "right"),
        ("effort h", "right"), ("wait h", "right"), ("rejected", "right"), ("duplicates", "right"),
        ("overlaps", "right"), ("open", "right"),
    ):
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    for f in doc["files"]:
        t.add_row(
            Text(f["path"]), f["format"], str(f["rows"]), str(f["entries"]),
            f"{f['effort_h']:.2f}", f"{f['wait_h']:.2f}",
            f"[red]{len(f['rejected'])}[/]" if f["rejected"] else "0",
            str(f["duplicates"]), str(f["overlaps"]), str(f["open"]),
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
        out.print(Text.assemble(("skipped", "yellow"), f" {s['path']}: {s['reason']}"), highlight=False)
    _print_unclassified(loaded)


def _line_of(origin: str) -> str:
    return origin.rsplit(":", 1)[-1]


def _file_details(
    f: dict[str, Any], overlaps: Sequence[tuple[str, str, int]], notes: Sequence[str]
) -> list[Text]:
    """Rejections grouped by reason with their first lines, overlap examples, notes
    (as `Text`: a reason quotes the data, which is never read as markup)."""
    lines: list[Text] = []
    by_reason: dict[str, list[int]] = {}
    for rej in f["rejected"]:
        by_reason.setdefault(rej["reason"], []).append(rej["line"])
    for reason, where in by_reason.items():
        shown = ", ".join(str(n) for n in where[:6]) + (", …" if len(where) > 6 else "")
        lines.append(Text.assemble((f"{len(where)} rejected", "red"), f": {reason} (line{'s' if len(where) > 1 else ''} {shown})"))
    if f["overlaps"]:
        examples = "; ".join(
            f"line {_line_of(b)} starts {_minutes(s)} before line {_line_of(a)} ends" for a, b, s in overlaps
        )
        pairs = "pair" if f["overlaps"] == 1 else "pairs"
        lines.append(Text.assemble((f"{f['overlaps']} overlapping {pairs}", "yellow"), f", kept as they are, e.g. {examples}"))
    lines += [Text.assemble(("note", "cyan"), f": {n}") for n in notes]
    return lines


def _minutes(seconds: int) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


def _print_unclassified(loaded: Loaded) -> None:
    from cmtime.analysis.classify import classify, unclassified_top

    top = unclassified_top(classify(loaded.lazy(), rules=loaded.config.rules), n=8).collect()
    if top.height:
        out.print(
            "\nUnclassified work, most hours first (add a \\[\\[rules]] entry to cmtime.toml):"
        )
        for desc, h, n in top.iter_rows():
            blocks = "block " if n == 1 else "blocks"  # the description is data: no markup
            out.print(f"  {h:7.1f} h  {n:4d} {blocks}  {desc or '(no description)'}", markup=False)


@app.command()
def summary(
    paths: Paths,
    config: ConfigOpt = None,
    date_from: Annotated[str | None, typer.Option("--from", metavar="DATE", help=DATE_HELP.format(which="First"), show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option("--to", metavar="DATE", help=DATE_HELP.format(which="Last"), show_default=False)] = None,
    client: Annotated[str | None, typer.Option("--client", metavar="NAME", help="Only this client.")] = None,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Hours per client: visible, hidden, off-hours, waits, rates and a suggested fee."""
    scope = _scope(paths, config, fmt, quiet=json_out, client=client, date_from=date_from, date_to=date_to)
    doc = scope.summary()
    doc["warnings"] = _warnings(scope, doc)
    for w in doc["warnings"]:
        err.print(Text("warning: ", style="yellow") + Text(w))
    if json_out:
        _emit_json(doc)
    else:
        _print_summary(doc)


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
    if loaded.entries.is_empty() and loaded.waits.is_empty():
        why = "; ".join(f"{s.path}: {s.reason}" for s in loaded.skipped[:5])
        msg = "nothing readable: no time entry or wait in " + ", ".join(str(p) for p in paths)
        msg += f" (skipped {why})" if why else ""
        raise UserError(msg)
    try:
        return Scope.of(loaded, client=client, date_from=a, date_to=b, lang=lang)  # type: ignore[arg-type]
    except UnknownClient as exc:
        raise UserError(str(exc)) from exc
    except ValueError as exc:  # a period that ends before it starts
        raise UserError(str(exc)) from exc


def _print_summary(doc: dict[str, Any]) -> None:
    p = doc["period"]
    currency = doc.get("currency", "")
    t = Table(title=f"cmtime summary {p['from']} → {p['to']}")
    cols = [
        ("client", "client"), ("effort h", "effort_h"), ("visible h", "visible_h"),
        ("hidden", "hidden_share"), ("off-hours", "offhours_share"),
        ("waits", "waits"), ("median wait h", "wait_median_h"),
        (f"fee {currency}", "fee"), ("effective /h", "effective_rate"),
        ("perceived /h", "perceived_rate"), ("suggested /month", "suggested_fee"),
    ]
    for label, _ in cols:
        t.add_column(label, justify="left" if label == "client" else "right")
    for c in [*doc["clients"], {**doc["totals"], "client": "TOTAL"}]:
        cells = []
        for _, key in cols:
            v = c.get(key)
            if v is None:
                cells.append("-" if key != "client" else "(no client)")
            elif key.endswith("share"):
                cells.append(f"{v:.0%}")
            elif isinstance(v, float):
                cells.append(f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.1f}")
            else:
                cells.append(str(v))
        t.add_row(*(Text(cell) for cell in cells))  # client names are data, not markup
    out.print(t)


@app.command()
def sample(
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder to write into.")],
    entries: Annotated[int | None, typer.Option("--entries", metavar="N", help="Exactly N rows (benchmarks).")] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Random seed: the same seed writes the same logs.")] = 7,
    year: Annotated[int, typer.Option("--year", metavar="YYYY", help="Calendar year of the synthetic logs.")] = 2026,
    fmt: Annotated[str, typer.Option("--format", metavar="NAME", help="toggl or cmtime.")] = "toggl",
) -> None:
    """Write synthetic logs: a believable freelance year, or N rows for benchmarks."""
    from cmtime.interfaces.sample import SampleFormat, write_sample

    if fmt not in ("toggl", "cmtime"):
        msg = f"--format {fmt!r} is not supported by sample; use toggl or cmtime"
        raise UserError(msg)
    if entries is not None and entries < 1:
        msg = "--entries must be at least 1"
        raise UserError(msg)
    written = write_sample(out_dir, seed=seed, year=year, entries=entries, fmt=cast(SampleFormat, fmt))
    for p in written:
        err.print(f"wrote {p}", markup=False, highlight=False)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder for charts.")] = Path("out"),
    lang: Annotated[str | None, typer.Option("--lang", metavar="fr|en", help="fr or en (default: the config's).")] = None,
) -> None:
    """Run the whole chain on the bundled sample and write charts to out/."""
    from cmtime.interfaces.demo import run_demo

    if lang not in (None, "fr", "en"):
        msg = f"--lang {lang!r} is not supported; use fr or en"
        raise UserError(msg)
    doc, written = run_demo(out_dir, lang=lang)  # type: ignore[arg-type]
    _print_summary(doc)
    for p in written:
        out.print(f"wrote {p}", markup=False, highlight=False)


def _check_out_dir(out_dir: Path, paths: Sequence[Path]) -> None:
    """Refuse an output folder inside a folder given as input, or a file's own folder."""
    target = out_dir.resolve()
    for p in paths:
        src = p.resolve()
        inside = src.is_dir() and (target == src or target.is_relative_to(src))
        if inside or (src.is_file() and target == src.parent):
            msg = f"--out {out_dir} is inside the input {p}: nothing is ever written into your input folder"
            raise UserError(msg)


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
) -> None:
    """Write a client-safe renewal report: an HTML page, a PDF, the charts as PNG and SVG, a CSV."""
    from cmtime.outputs.share import build_report, write_report

    if lang not in (None, "fr", "en"):
        msg = f"--lang {lang!r} is not supported; use fr or en"
        raise UserError(msg)
    _check_out_dir(out_dir, paths)
    scope = _scope(
        paths, config, fmt, quiet=False, client=client, date_from=date_from, date_to=date_to, lang=lang
    )
    try:
        report = build_report(scope, with_descriptions=with_descriptions)
        for w in _warnings(scope, scope.summary()):
            err.print(Text("warning: ", style="yellow") + Text(w))
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    for note in report.notes:
        err.print(Text.assemble(("note", "cyan"), f": {note}"), highlight=False)
    try:
        written = write_report(report, out_dir)
    except ValueError as exc:  # --out is a file, or a folder is in the way
        raise UserError(str(exc)) from exc
    for p in written:
        out.print(f"wrote {p}", markup=False, highlight=False)


_register_rules(app, load=_load, out=out, emit_json=_emit_json)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the app; a user's mistake is one line and exit 2, usage mistakes
    get click's message (with "Did you mean"), exit 3 is kept for real bugs."""
    try:
        code = app(args=list(argv) if argv is not None else None, standalone_mode=False, prog_name="cmtime")
        if isinstance(code, int) and code:
            sys.exit(code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (InputError, ConfigError, UserError) as exc:
        err.print(Text("error: ", style="bold red") + Text(str(exc)), highlight=False)
        sys.exit(2)
    except typer.Abort:
        err.print("aborted", markup=False)
        sys.exit(130)
    except _USAGE_ERRORS as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `cmtime`: the help, exit 0
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                sys.stdout.write(ctx.get_help() + "\n")
            sys.exit(0)
        exc.show(file=sys.stderr)  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # last line of defence: no traceback reaches a user
        try:  # an exception's own text may fail to build, or be huge
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:500]
        except Exception:
            detail = type(exc).__name__
        message = f"unexpected {detail}. This is a bug in cmtime; please report it with the command you ran."
        try:
            err.print(Text("error: ", style="bold red") + Text(message), highlight=False)
        except Exception:  # the console itself failed: plain text, still one line
            sys.stderr.write(f"error: {message}\n")
        sys.exit(3)


if __name__ == "__main__":
    main()
