"""``cmtime frame``: the frame of the mission, what the contract says against what happened.

The figures are `cmtime.analysis.frame.frame_document`'s; this module only prints them,
as a table of promised against observed in the user's language, or as JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from cmtime.analysis.documents import FrameClient, FrameDelays, FrameDocument
from cmtime.interfaces.command_kit import CommandKit
from cmtime.text.cli import hours_text, say
from cmtime.text.format import Lang, date_text, number

if TYPE_CHECKING:
    import polars as pl
    from rich.console import Console

    from cmtime.analysis.scope import Scope
    from cmtime.outputs.share import Report

_Paths = Annotated[list[Path], typer.Argument(help="Export files or folders.", show_default=False, metavar="PATH")]
_Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
_Client = Annotated[str | None, typer.Option("--client", metavar="NAME", help="Only this client.")]
_Config = Annotated[
    Path | None, typer.Option("--config", metavar="FILE", help="Config file (default: cmtime.toml in a folder or here).")
]
_Date = "{which} local date of the period, inclusive: YYYY-MM-DD or DD/MM/YYYY."
_From = Annotated[str | None, typer.Option("--from", metavar="DATE", help=_Date.format(which="First"), show_default=False)]
_To = Annotated[str | None, typer.Option("--to", metavar="DATE", help=_Date.format(which="Last"), show_default=False)]
_Format = Annotated[str | None, typer.Option("--format", metavar="NAME", help="Force a reader.")]
_Lang = Annotated[
    str | None,
    typer.Option("--lang", metavar="fr|en", help="Language of the tables and messages: fr or en (default: the config's)."),
]


def frame_doc(scope: Scope) -> FrameDocument:
    """The ``frame --json`` document of a scope (its client, or every client)."""
    from cmtime.analysis.frame import frame_document

    return frame_document(scope.rows, scope.ledger, config=scope.config, period=scope.period)


def _delays(d: FrameDelays, lang: Lang) -> tuple[str, str]:
    agreed = say("frame.not_agreed", lang) if d["sla_days"] is None else say("frame.days", lang, n=d["sla_days"])
    median = "-" if d["median_days"] is None else number(d["median_days"], lang, 1)
    if d["late"] is None:
        return agreed, say("frame.delays", lang, total=d["count"], median=median)
    seen = say("frame.delays_late", lang, late=d["late"], total=d["count"], median=median, beyond=d["days_beyond_sla"])
    return agreed, seen


def _rows(c: FrameClient, lang: Lang) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    months = c["months"]
    if months and all(m["included_h"] is None for m in months):
        # no hours agreed: one row for the period, not a row a month saying so
        used = hours_text(sum(m["used_h"] for m in months), lang)
        term = say("frame.months", lang, count=len(months), n=len(months))
        rows.append((term, say("frame.not_agreed", lang), say("frame.used", lang, used=used)))
        months = []
    for m in months:
        term = say("frame.month", lang, month=m["month"])
        if m["included_h"] is None:
            rows.append((term, say("frame.not_agreed", lang), say("frame.used", lang, used=hours_text(m["used_h"], lang))))
            continue
        agreed = say(
            "frame.included", lang,
            included=hours_text(m["included_h"], lang), carried=hours_text(m["carried_in_h"] or 0.0, lang),
        )
        seen = say(
            "frame.used_over", lang, used=hours_text(m["used_h"], lang), over=hours_text(m["over_h"] or 0.0, lang)
        )
        rows.append((term, agreed, seen))
    for key in ("validations", "assets"):
        d: FrameDelays = c[key]
        if d["count"] or d["sla_days"] is not None:
            rows.append((say(f"frame.{key}", lang), *_delays(d, lang)))
    r = c["revisions"]
    items = r["deliverables"]
    if items or r["included"] is not None:
        if r["included"] is None:
            agreed = say("frame.not_agreed", lang)
            most = max((d["rounds"] for d in items), default=0)
            seen = say("frame.rounds_seen", lang, items=len(items), most=most)
        else:
            agreed = say("frame.rounds", lang, n=r["included"])
            seen = say("frame.rounds_over", lang, items=len(items), over=r["over"])
        rows.append((say("frame.revisions", lang), agreed, seen))
    if c["lost_h"]:
        rows.append((say("frame.lost", lang), "", hours_text(c["lost_h"], lang)))
    return rows


def frame_table(doc: FrameDocument, lang: Lang) -> pl.DataFrame:
    """The frame as rows for a notebook table (``client``, ``term``, ``agreed``,
    ``observed``, texts in ``lang``): the same rows as the command line's table."""
    import polars as pl

    rows = [(c["client"], *row) for c in doc["clients"] for row in _rows(c, lang)]
    return pl.DataFrame(rows, schema=["client", "term", "agreed", "observed"], orient="row")


def frame_headers(lang: Lang) -> dict[str, str]:
    """The headers of `frame_table`'s columns, in ``lang``."""
    return {k: say(f"frame.col.{k}", lang) for k in ("term", "agreed", "observed")}


def frame_report(scope: Scope) -> Report | None:
    """The renewal report of the first client (the scope's, or of all) that agreed terms
    and has a frame section, for a notebook to show that section and the waits chart;
    None when no client agreed any."""
    from cmtime.analysis.report import EmptyReport
    from cmtime.outputs.share import build_report

    names = [scope.client] if scope.client else list(scope.known_clients)
    for name in names:
        contract = scope.config.client(name)
        if contract is None or not contract.has_frame:
            continue
        try:
            report = build_report(scope.narrow(client=name))
        except (EmptyReport, ValueError):
            continue
        if any(v.name == "frame" for v in report.texts.sections):
            return report
    return None


def print_frame(out: Console, doc: FrameDocument, lang: Lang) -> None:
    """The frame as a table: one block of rows per client, promised against observed."""
    p = doc["period"]
    if not doc["clients"]:
        out.print(say("frame.empty", lang), markup=False, highlight=False)
        return
    start, end = (date_text(dt.date.fromisoformat(p[k]), lang) for k in ("from", "to"))
    t = Table(title=say("frame.title", lang, start=start, end=end))
    t.add_column(say("col.client", lang), no_wrap=True)
    for key in ("term", "agreed", "observed"):
        t.add_column(say(f"frame.col.{key}", lang))
    for c in doc["clients"]:
        for i, (term, agreed, seen) in enumerate(_rows(c, lang)):
            t.add_row(Text(c["client"] if i == 0 else ""), Text(term), Text(agreed), Text(seen))
        t.add_section()
    out.print(t)


def register(app: typer.Typer, kit: CommandKit) -> None:
    """Add the ``frame`` command to ``app``, scoping with the CLI's own ``scope``."""

    @app.command("frame")
    def frame(
        paths: _Paths,
        config: _Config = None,
        date_from: _From = None,
        date_to: _To = None,
        client: _Client = None,
        as_json: _Json = False,
        fmt: _Format = None,
        lang_option: _Lang = None,
    ) -> None:
        """The frame of the mission: included hours, agreed delays and revision rounds against what happened."""
        kit.set_lang(lang_option)
        s = kit.scope(paths, config, fmt, quiet=as_json, client=client, date_from=date_from, date_to=date_to)
        doc = frame_doc(s)
        kit.emit_json(doc) if as_json else print_frame(kit.out, doc, kit.lang())


__all__: Sequence[str] = ("frame_doc", "frame_headers", "frame_report", "frame_table", "print_frame", "register")
