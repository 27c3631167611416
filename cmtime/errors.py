"""The errors a user can cause, under one base: the command line prints them as one line
and exits 2. Any other exception is a bug in cmtime (exit 3).

The lowest layer: every other module may raise these.

>>> issubclass(InputError, CmtimeError), issubclass(ConfigError, CmtimeError)
(True, True)
"""

from __future__ import annotations

__all__ = ["CmtimeError", "ConfigError", "InputError"]


class CmtimeError(Exception):
    """Something the user can fix (a file, the config, an option); its message is one line
    for them."""


class InputError(CmtimeError, ValueError):
    """An input cannot be used as given: a file cannot be read at all, an option's value
    is wrong, there is nothing to show. The message is one line for the user.

    Whatever a library said is folded onto that line and cut at 300 characters.
    """

    def __init__(self, message: str) -> None:
        line = " ".join(str(message).split())
        super().__init__(line if len(line) <= 300 else line[:299] + "…")


class ConfigError(CmtimeError, ValueError):
    """A config file is invalid; the message names the file, line and key."""
