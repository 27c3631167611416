"""`cmtime rules`: why each description got its kind, and rules learned from the user's tags.

Registered on the main app by `cmtime.interfaces.cli` through `register`, which hands in the
CLI's loader and consoles (so this module does not import the CLI back).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cmtime.analysis.classify import classify, explain, suggest_rules, suggestions_toml
from cmtime.analysis.documents import (
    DeliverableGroup,
    ExplainedDescription,
    RulesExplanation,
    RulesSuggestions,
    RuleSuggestion,
    frame_rows,
)
from cmtime.analysis.frame import deliverable_groups
from cmtime.interfaces.command_kit import CommandKit
from cmtime.readers import FORMATS, Loaded
from cmtime.text.cli import say
from cmtime.text.format import Lang, number
from cmtime.text.labels import label

_KINDS = ("visible", "hidden", "wait", "unclassified")
_Paths = Annotated[list[Path], typer.Argument(help="Export files or folders.", show_default=False)]
_Kind = Annotated[
    str | None, typer.Option("--kind", help="Only this kind: visible, hidden, wait, unclassified.")
]
_Suggest = Annotated[
    bool, typer.Option("--suggest", help="Propose [[rules]] learned from your kind-tagged blocks.")
]
_Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
_Config = Annotated[
    Path | None, typer.Option("--config", help="Config file (default: cmtime.toml in a folder or here).")
]
_Format = Annotated[str | None, typer.Option("--format", help=f"Force a reader: {', '.join(FORMATS)}.")]
_Lang = Annotated[
    str | None,
    typer.Option("--lang", metavar="fr|en", help="Language of the tables and messages: fr or en (default: the config's)."),
]


def explanation_doc(loaded: Loaded, *, kind: str | None = None) -> RulesExplanation:
    """The ``--json`` document: every distinct description with its kind and deciding rule,
    and how the blocks were grouped into deliverables (all of them, whatever ``kind``)."""
    classified = classify(loaded.lazy(), rules=loaded.config.rules)
    table = explain(classified, kind=kind).collect()
    return {
        "descriptions": frame_rows(table.with_columns(pl.col("hours").round(4)), ExplainedDescription),
        "hours": round(float(table["hours"].sum()), 4),
        "deliverables": deliverable_groups(classified, loaded.waits),
    }


def suggestion_doc(loaded: Loaded) -> RulesSuggestions:
    """The ``--suggest --json`` document: proposals with their figures and TOML."""
    found = suggest_rules(classify(loaded.lazy(), rules=loaded.config.rules))
    return {
        "suggestions": frame_rows(found.with_columns(pl.col(pl.Float64).round(4)), RuleSuggestion),
        "toml": suggestions_toml(found),
    }


def _print_explanation(out: Console, doc: RulesExplanation, lang: Lang = "en") -> None:
    rows = doc["descriptions"]
    if not rows:
        out.print(Text(say("rules.none", lang)))
        return
    table = Table(title=say("rules.title", lang))
    for name in ("hours", "blocks", "kind", "activity", "rule", "description"):
        table.add_column(say(f"col.{name}", lang), justify="right" if name in {"hours", "blocks"} else "left")
    # English shows the keys a [[rules]] entry takes; French, the words of the charts
    word = (lambda key: key) if lang == "en" else (lambda key: label(key, lang))
    for r in rows:  # descriptions and rules are data: Text, never markup
        table.add_row(
            number(r["hours"], lang, 1),
            number(r["blocks"], lang, 0),
            Text(word(r["kind"])),
            Text(word(r["activity"])),
            Text(r["rule"] or say("rules.no_rule", lang)),
            Text(r["description"] or say("rules.empty", lang)),
        )
    out.print(table)


def _grouped(d: DeliverableGroup) -> bool:
    """Whether the grouping of a deliverable says something: rounds, several texts, lost."""
    return d["rounds"] > 0 or len(d["forms"]) > 1 or d["lost"]


def _print_deliverables(out: Console, groups: list[DeliverableGroup], lang: Lang = "en") -> None:
    """The deliverables whose grouping says something, then how many others there are."""
    shown = [d for d in groups if _grouped(d)]
    if shown:
        table = Table(title=say("rules.deliverables", lang))
        for name in ("client", "deliverable", "rounds", "hours", "grouped"):
            table.add_column(say(f"col.{name}", lang), justify="right" if name in {"rounds", "hours"} else "left")
        for d in shown:
            forms = []
            for f in d["forms"]:
                if f["version"] is None and len(d["forms"]) > 1:
                    continue  # the texts without a marker are counted below
                parts = [say(f"rules.source.{f['source']}", lang)]
                if f["version"] is not None:
                    parts.append(say("rules.version", lang, n=f["version"]))
                if f["blocks"]:
                    parts.append(say("blocks", lang, count=f["blocks"], n=f["blocks"]))
                written = " / ".join(t for t in (f["text"], f["description"]) if t) or say("rules.empty", lang)
                forms.append(f"{written} ({', '.join(parts)})")
            rest = [f for f in d["forms"] if f["version"] is None and len(d["forms"]) > 1]
            if rest:
                blocks = sum(f["blocks"] for f in rest)
                counted = say("blocks", lang, count=blocks, n=blocks)
                forms.append(say("rules.other_forms", lang, count=len(rest), n=len(rest), blocks=counted))
            rounds = say("rules.rounds", lang, rounds=d["rounds"], markers=d["by_markers"], days=d["revision_days"])
            if d["lost"]:
                rounds += "\n" + say("rules.lost", lang)
            table.add_row(
                Text(d["client"]), Text(d["deliverable"]), Text(rounds), number(d["hours"], lang, 1), Text("\n".join(forms))
            )
        out.print(table)
    others = len(groups) - len(shown)
    if others:
        out.print(Text(say("rules.other_deliverables", lang, count=others, n=others)))


def _print_suggestions(out: Console, doc: RulesSuggestions, lang: Lang = "en") -> None:
    if not doc["suggestions"]:
        out.print(Text(say("rules.no_suggestion", lang)))
        return
    out.print(Text(say("rules.learned", lang)))
    out.print(Text(doc["toml"]))


def register(app: typer.Typer, kit: CommandKit) -> None:
    """Add the ``rules`` command to ``app``, reading with the CLI's own ``load``."""

    @app.command("rules")
    def rules(
        paths: _Paths,
        kind: _Kind = None,
        suggest: _Suggest = False,
        as_json: _Json = False,
        config: _Config = None,
        fmt: _Format = None,
        lang_option: _Lang = None,
    ) -> None:
        """Why each description got its kind (rule, config line or tag), and rules to add."""
        kit.set_lang(lang_option)
        if kind is not None and kind not in _KINDS:
            raise typer.BadParameter(say("err.kind", kit.lang(), kind=kind, kinds=", ".join(_KINDS)))
        loaded = kit.load(paths, config, fmt, quiet=as_json)
        if suggest:
            learned = suggestion_doc(loaded)
            kit.emit_json(learned) if as_json else _print_suggestions(kit.out, learned, kit.lang())
        else:
            explained = explanation_doc(loaded, kind=kind)
            if as_json:
                kit.emit_json(explained)
            else:
                _print_explanation(kit.out, explained, kit.lang())
                _print_deliverables(kit.out, explained["deliverables"], kit.lang())


__all__: Sequence[str] = ("explanation_doc", "register", "suggestion_doc")
