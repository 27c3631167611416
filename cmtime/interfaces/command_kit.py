"""What the command line lends the commands written in their own modules (``rules``,
``frame``, ``init``, ``lab`` and ``dashboard``): its reader and scope, its consoles, its JSON
writer, its language and its user error. One object, built once in ``cli``, so that these
modules never import the CLI back and a new command module takes one argument."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from cmtime.analysis.scope import Scope
    from cmtime.readers import Loaded
    from cmtime.text.format import Lang


@dataclass(frozen=True, slots=True)
class CommandKit:
    """The CLI's services, as its own commands use them."""

    #: read the paths: ``load(paths, config, fmt, *, quiet, window=None)``
    load: Callable[..., Loaded]
    #: read and scope them: ``scope(paths, config, fmt, *, quiet, client, date_from, date_to)``
    scope: Callable[..., Scope]
    #: stdout and stderr
    out: Console
    err: Console
    #: one JSON document on stdout (a figure that is not finite is a user error)
    emit_json: Callable[[Any], None]
    #: take ``--lang`` at the start of a command
    set_lang: Callable[[str | None], None]
    #: the messages' language (``--lang``, else the config's, else English)
    lang: Callable[[], Lang]
    #: an error the user can fix: one line, exit 2
    user_error: type[Exception]


__all__: Sequence[str] = ("CommandKit",)
