"""A terminal that shows the data's control characters instead of obeying them.

A client name or a description comes from a file anyone may have written: ``ESC[2J``
in it would clear the user's screen, an OSC 8 sequence would plant a link, a BEL ring.
Every text the command line prints goes through `SafeConsole`, which renders as rich
does and then writes each control character of a text as a visible escape (``\\x1b``).
rich's own styles and cursor moves are not text (they are added when the segments are
written, or are control segments), so they are kept. ``--json`` is written without it:
JSON escapes control characters itself, and stays exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.segment import Segment

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType
    from rich.text import Text

__all__ = ["SafeConsole", "visible"]

#: C0 controls but tab and line feed, DEL, C1 controls (U+0080-U+009F: a lone CSI
#: U+009B starts an escape sequence on many terminals).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(match: re.Match[str]) -> str:
    return f"\\x{ord(match[0]):02x}"


def visible(text: str) -> str:
    """``text`` with each control character written as ``\\xNN`` (tab and newline kept).

    >>> visible("a\\x1b[2Jb\\tc")
    'a\\\\x1b[2Jb\\tc'
    """
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


class SafeConsole(Console):
    """A rich `Console` whose printed texts never carry a control character.

    Plain strings (table cells, messages) are escaped before they are measured, so tables
    keep their widths; any other text is escaped as it is rendered.
    """

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(visible(text), **kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _CONTROL.search(segment.text):
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style)
