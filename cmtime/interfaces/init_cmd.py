"""`cmtime init`: a first, commented `cmtime.toml` from the user's own exports.

Registered on the main app by `cmtime.interfaces.cli` through `register` (like
`cmtime.interfaces.rules_cmd`). What the exports hold is worked out in
`cmtime.analysis.setup`, written down by `cmtime.outputs.config_file`; this module asks
the questions (on a terminal, without ``--yes``) and says what it wrote.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cmtime.config import CONFIG_NAME, Config
from cmtime.interfaces.command_kit import CommandKit
from cmtime.locale import system_country
from cmtime.text.cli import say
from cmtime.text.format import Lang

__all__ = ["parse_amount", "register"]


def parse_amount(text: str) -> float | None:
    """An amount typed by a person: ``650``, ``650.50``, ``650,50``, ``1 200`` (empty: None).

    >>> parse_amount("1 200,50"), parse_amount(""), parse_amount("650.5")
    (1200.5, None, 650.5)
    """
    clean = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not clean:
        return None
    value = float(clean)  # ValueError: not a number
    if not (0 <= value <= 1e9) or value != value:
        raise ValueError(text)
    return value


def _interactive() -> bool:
    """Questions only on a terminal (a test, a pipe or a script gets the defaults)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def register(app: typer.Typer, kit: CommandKit) -> None:
    """Add ``init`` to ``app``."""

    @app.command()
    def init(
        paths: Annotated[list[Path], typer.Argument(help="Export files or folders.", show_default=False, metavar="PATH")],
        lang_opt: Annotated[
            str | None,
            typer.Option("--lang", metavar="fr|en", help="Language of the file's comments (default: the system's)."),
        ] = None,
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Ask nothing: fees are left to fill in.")] = False,
        out_file: Annotated[
            Path | None, typer.Option("--out", metavar="FILE", help="Where to write (default: ./cmtime.toml).")
        ] = None,
    ) -> None:
        """Write a commented cmtime.toml from your exports: clients, aliases, people, a full week."""
        from cmtime.analysis.setup import findings, holiday_country, system_timezone
        from cmtime.outputs.config_file import Answers, render_config, write_new
        from cmtime.readers import read_paths

        kit.set_lang(lang_opt)
        language = kit.lang()
        country, subdivision = holiday_country(system_country(), language)
        zone = system_timezone(os.environ, system_country())
        # the exports are read with the proposed settings, never with a config in their folder
        loaded = read_paths(paths, config=Config(timezone=zone, language=language, country=country))
        if loaded.stored.is_empty():
            why = "; ".join(f"{s.path}: {s.reason}" for s in loaded.skipped[:5])
            msg = say("err.nothing_readable", language, paths=", ".join(str(p) for p in paths))
            msg += say("err.nothing_readable.skipped", language, why=why) if why else ""
            raise kit.user_error(msg)
        found = findings(loaded)
        rate, fees = Config.target_rate, {}
        if not yes and _interactive():
            rate = _ask(say("init.ask_rate", language, currency=Config.currency), str(int(rate)), language, kit.err) or rate
            for c in found.clients:
                fee = _ask(say("init.ask_fee", language, client=repr(c.name), currency=Config.currency), "", language, kit.err)
                if fee is not None:
                    fees[c.name] = fee
        answers = Answers(
            lang=language, timezone=zone, country=country, subdivision=subdivision, target_rate=rate, fees=fees
        )
        text = render_config(found, answers, today=dt.date.today())
        target = out_file if out_file is not None else Path(CONFIG_NAME)
        written = write_new(text, target)
        if not found.clients:
            kit.err.print(say("warning", language) + say("init.no_clients", language), markup=False, highlight=False)
        if written != target:
            kit.err.print(say("init.kept", language, existing=target, path=written), markup=False, highlight=False)
        shown = " ".join(str(p) for p in paths)
        # summary finds ./cmtime.toml by itself, unless a folder read holds its own
        if written != Path(CONFIG_NAME) or any(p.is_dir() and (p / CONFIG_NAME).is_file() for p in paths):
            shown += f" --config {written}"
        kit.err.print(say("init.wrote", language, path=written, paths=shown), markup=False, highlight=False)


def _ask(question: str, default: str, lang: Lang, err: Console) -> float | None:
    """One amount, asked until it reads (empty: None, or the default)."""
    while True:
        answer = typer.prompt(question, default=default, show_default=bool(default))
        try:
            return parse_amount(str(answer))
        except ValueError:
            err.print(say("init.not_number", lang, text=str(answer)), markup=False, highlight=False)
