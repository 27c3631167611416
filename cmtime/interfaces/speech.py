"""The command line's language, chosen before click parses anything, so that help texts,
click's and typer's own words ("Usage:", "Missing argument") and errors speak it too.

The language is ``--lang``, else the language of ``./cmtime.toml``, else the system
locale (``LC_ALL``, ``LANG``), else English (`early_language`); a command switches to its
config's language later, once the config is read (`cmtime.interfaces.cli`).

- Help texts: every command and parameter takes its help from the catalogs
  (``cli.help.<command>``, ``cli.help.<command>.<option>``, else ``cli.help.opt.<option>``;
  metavars from ``cli.metavar.<METAVAR>``), in every language: the English texts in the code
  are a developer's note only (`localise`).
- click's and typer's own words go through `gettext` in the domain ``click``; while a
  command runs, that domain is bound to ``cmtime/locale/<lang>/LC_MESSAGES/click.mo``
  (`click_speaks`) and restored after, so nothing else in the process changes.
"""

from __future__ import annotations

import contextlib
import gettext
import os
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from cmtime.config import CONFIG_NAME, Config
from cmtime.locale import LOCALE_DIR, is_language, system_language
from cmtime.text.format import Lang
from cmtime.text.messages import has_message, message

__all__ = [
    "click_speaks",
    "early_language",
    "local_context",
    "localise",
    "show_usage_error",
    "usage_error_text",
]

_CLICK_DOMAIN = "click"


def early_language(args: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """The language of a run before its command reads anything.

    >>> early_language(["summary", "x", "--lang", "fr"]), early_language(["check", "--lang=en"], {"LANG": "fr_FR.UTF-8"})
    ('fr', 'en')
    """
    for i, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value is not None and is_language(value):
            return value  # type: ignore[return-value]
    with contextlib.suppress(OSError, ValueError):  # no file, or one the command will report
        if Path(CONFIG_NAME).is_file():
            data = tomllib.loads(Path(CONFIG_NAME).read_text(encoding="utf-8-sig"))
            value = data.get("language", Config.language)
            if isinstance(value, str) and is_language(value):
                return value  # type: ignore[return-value]
    return system_language(environ) or "en"  # type: ignore[return-value]


def _help(command: str, param: str, lang: Lang, fields: Mapping[str, str]) -> str | None:
    for key in (f"cli.help.{command}.{param}", f"cli.help.opt.{param}"):
        if has_message(key, lang):
            return message(key, lang, **dict(fields))  # type: ignore[arg-type]
    return None


def _metavar(value: str | None, lang: Lang) -> str | None:
    if value and has_message(f"cli.metavar.{value}", lang):
        return message(f"cli.metavar.{value}", lang)
    return value


def localise(group: Any, lang: Lang, *, fields: Mapping[str, str]) -> None:
    """Put the catalogs' help texts and metavars in ``lang`` on a click group (as typer
    built it for this run) and on its commands and parameters."""
    options = f"[{_metavar('OPTIONS', lang)}]"
    if has_message("cli.help.root", lang):
        group.help = message("cli.help.root", lang)
    group.options_metavar = options
    group.subcommand_metavar = f"{_metavar('COMMAND', lang)} [{_metavar('ARGS', lang)}]..."
    commands = [("root", group), *group.commands.items()]
    for name, command in commands:
        command.context_class = local_context(command.context_class, lang)
        if name != "root" and has_message(f"cli.help.{name}", lang):
            command.help = message(f"cli.help.{name}", lang)
            command.short_help = None
        command.options_metavar = options
        for p in command.params:
            key = p.opts[0].lstrip("-") if p.param_type_name == "option" else p.name
            text = _help(name, key, lang, fields)
            if text is not None:
                p.help = text
            p.metavar = _metavar(p.metavar, lang)


@contextlib.contextmanager
def click_speaks(lang: Lang) -> Iterator[None]:
    """click's and typer's own words in ``lang`` while the block runs."""
    saved_domain = gettext.textdomain()
    saved_language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(_CLICK_DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(_CLICK_DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(saved_domain)
        if saved_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved_language


# -- usage errors and the help page ------------------------------------------------------------
# typer (0.28) runs its own copy of click, whose words are English literals (no gettext):
# its usage line prefix and help option are put in the language by `local_context`, and
# its error messages are rebuilt from their English shapes by `usage_error_text` (a shape
# no pattern knows is shown as it is).

_SHAPES: Final = (
    ("missing", re.compile(r"Missing (?P<what>argument|option|parameter) (?P<name>.+?)\.(?P<rest>.*)", re.S)),
    ("no_such_option", re.compile(r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<close>.+)\))?")),
    ("requires_value", re.compile(r"Option (?P<name>'.+') requires (?:an argument|\d+ arguments)\.")),
    ("no_value", re.compile(r"Option (?P<name>'.+') does not take a value\.")),
    ("extra", re.compile(r"Got unexpected extra arguments? \((?P<args>.+)\)")),
    ("invalid", re.compile(r"Invalid value for (?P<name>.+?): (?P<why>.+)", re.S)),
    ("no_such_command", re.compile(r"No such command (?P<name>'.+')\.")),
)
_SUGGESTION = re.compile(r"\. Did you mean (?P<close>.+)\?$")


def usage_error_text(message_text: str, lang: Lang) -> str:
    """A usage error of typer's click in ``lang`` (English shapes matched, fields kept).

    >>> usage_error_text("Missing argument 'PATH'.", "fr")
    "argument manquant : 'PATH'."
    >>> usage_error_text("No such command 'summry'. Did you mean 'summary'?", "fr")
    "commande inconnue : 'summry'. Vouliez-vous dire 'summary' ?"
    """
    close = None
    found = _SUGGESTION.search(message_text)
    if found:
        close, message_text = found["close"], message_text[: found.start()] + "."
    text = message_text
    for key, shape in _SHAPES:
        m = shape.fullmatch(message_text.strip())
        if m is None:
            continue
        fields = {k: v for k, v in m.groupdict().items() if v is not None}
        if key == "missing":
            text = message(f"cli.usage.missing_{fields['what']}", lang, name=fields["name"])
        else:
            named: dict[str, object] = {k: v for k, v in fields.items() if k != "close"}
            text = message(f"cli.usage.{key}", lang, **named)  # type: ignore[arg-type]
            if key == "no_such_option" and "close" in fields:
                text += message("cli.usage.possible", lang, options=fields["close"])
        break
    if close is not None:
        text += message("cli.usage.did_you_mean", lang, close=close)
    return text


def show_usage_error(exc: Any, lang: Lang, file: Any) -> None:
    """What click's ``UsageError.show`` prints, in ``lang``: the usage line, how to get
    help, and the error."""
    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(message("cli.usage.try", lang, command=ctx.command_path, option=ctx.help_option_names[0]))
        lines.append("")
    lines.append(message("cli.usage.error", lang, message=usage_error_text(exc.format_message(), lang)))
    file.write("\n".join(lines) + "\n")


def local_context(context_class: type[Any], lang: Lang) -> type[Any]:
    """``context_class`` whose help pages write their usage prefix and the help option's
    line in ``lang``."""
    base = context_class.formatter_class
    usage = message("cli.usage.prefix", lang) + " "
    help_line = message("cli.help.opt.help", lang)

    class Formatter(base):  # type: ignore[valid-type,misc]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, usage if prefix is None else prefix)

        def write_dl(self, rows: Sequence[tuple[str, str]], *a: Any, **k: Any) -> None:
            shown = [(t, help_line if h == "Show this message and exit." else h) for t, h in rows]
            super().write_dl(shown, *a, **k)

    return type("LocalContext", (context_class,), {"formatter_class": Formatter})
