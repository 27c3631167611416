"""The commented `cmtime.toml` that `cmtime init` proposes, and writing it without ever
overwriting a file.

The figures come from `cmtime.analysis.setup.Findings`; this module only writes them
down, in the user's language (comments from the ``cli.init.*`` messages). Names from the
data are written as TOML strings (JSON's escapes are TOML's), also in comments, so a name
holding a quote, a ``#`` or a line break never ends a line early.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cmtime.analysis.setup import Findings
from cmtime.config import WEEKDAYS, Config
from cmtime.text.cli import say
from cmtime.text.format import Lang, date_text, hours, number

__all__ = ["Answers", "render_config", "write_new"]


@dataclass(frozen=True)
class Answers:
    """What the user chose: their settings and, per client, the monthly fee (None: to fill in)."""

    lang: Lang
    timezone: str
    country: str
    subdivision: str = ""
    currency: str = Config.currency
    target_rate: float = Config.target_rate
    fees: Mapping[str, float] = field(default_factory=dict)


def _q(text: str) -> str:
    """A TOML basic string."""
    return json.dumps(text, ensure_ascii=False)


def _money(value: float) -> str:
    return repr(float(round(value, 2)))


def _line(code: str, comment: str, width: int = 36) -> str:
    return f"{code:<{width}} # {comment}" if comment else code


def render_config(found: Findings, answers: Answers, *, today: dt.date) -> str:
    """The text of the proposed `cmtime.toml`; `cmtime.config.load_config` reads it."""
    lang = answers.lang
    lines: list[str] = []
    period = (
        say("init.period", lang, start=date_text(found.first, lang, "medium"), end=date_text(found.last, lang, "medium"))
        if found.first and found.last
        else ""
    )
    lines += [
        "# " + say("init.head", lang, day=date_text(today, lang, "medium")),
        "# " + say("init.read", lang, count=len(found.files), files=number(len(found.files), lang, 0),
                   blocks=number(found.entries, lang, 0), period=period),
        "# " + say("init.next", lang),
        "",
        _line(f"timezone = {_q(answers.timezone)}", say("init.timezone", lang)),
        _line(f"language = {_q(lang)}", say("init.language", lang)),
        _line(f"currency = {_q(answers.currency)}", say("init.currency", lang)),
        _line(f"target_rate = {_money(answers.target_rate)}", say("init.target_rate", lang, currency=answers.currency)),
        "",
        "# " + say("init.hours", lang),
        "[hours]",
    ]
    default = Config().hours
    for i, day in enumerate(WEEKDAYS[:5]):
        ranges = ", ".join(_q(str(r)) for r in default[i])
        lines.append(f"{day} = [{ranges}]")
    lines += [
        "# " + say("init.weekend", lang),
        "",
        "[holidays]",
        _line(f"country = {_q(answers.country)}", say("init.country", lang)),
        _line(f"subdivision = {_q(answers.subdivision)}", say("init.subdivision", lang)),
        _line("days_off = []", say("init.days_off", lang)),
    ]
    if found.people:
        lines += ["", "# " + say("init.people", lang), "# [people]"]
        lines += [
            _line(f"# {_q(p.name)} = {{ cost_rate = 30.0 }}", hours(p.effort_h, lang))
            for p in found.people
        ]
    lines += ["", "# " + say("init.clients", lang, count=len(found.clients), n=len(found.clients))]
    if any(c.aliases for c in found.clients):
        lines.append("# " + say("init.aliases", lang))
    if found.no_client_h >= 0.01:
        lines.append("# " + say("init.no_client", lang, hours=hours(found.no_client_h, lang)))
    for c in found.clients:
        worked = say("init.client_hours", lang, hours=hours(c.effort_h, lang))
        lines += ["", _line(f"[clients.{_q(c.name)}]", worked)]
        if c.aliases:
            lines.append(f"aliases = [{', '.join(_q(a) for a in c.aliases)}]")
        fee = answers.fees.get(c.name)
        if fee is None:
            lines.append(_line("# monthly_fee = 0.0", say("init.fee_todo", lang, currency=answers.currency)))
        else:
            lines.append(_line(f"monthly_fee = {_money(fee)}", say("init.fee", lang, currency=answers.currency)))
        lines.append(_line("# included_hours = 0.0", say("init.included", lang)))
    return "\n".join(lines) + "\n"


def write_new(text: str, target: Path) -> Path:
    """Write ``text`` to ``target``, or, when a file is there, to ``target.new`` (then
    ``.new.2``, ``.new.3``…): never over a file, never through a link (the file is
    created exclusively). Returns the path written."""
    candidates = [target, target.with_name(target.name + ".new")]
    candidates += [target.with_name(f"{target.name}.new.{n}") for n in range(2, 100)]
    for path in candidates:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fp:
            fp.write(text)
        return path
    raise FileExistsError(str(candidates[-1]))
