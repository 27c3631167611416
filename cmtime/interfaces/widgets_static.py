"""Widgets shown where no page draws them: their content, as plain outputs of the cell.

A notebook run without a browser page (``jupyter nbconvert --execute``, nbclient,
papermill) keeps, for each widget a cell shows, only a widget view: the exported HTML or
PDF then shows an empty output where the widget was. That holds for every widget, not
only for charts: an ``Output`` widget that holds a chart, a ``VBox`` of them, the
controls, the HTML of a proposal.

`static_widgets` (called by `cmtime.interfaces.notebook.setup_notebook`) registers, when
`live_frontend` says no page draws widgets, a display of every widget as what it shows:

- an ``Output`` widget: each of its outputs (a chart's SVG, a table), as they are;
- a box (``VBox``, ``HBox``): its children in order, an ``HBox`` of texts on one line;
- an ``HTML`` or ``Label`` widget: its text;
- a control: its description and the value it reads (a slider without a readout reads
  nothing: the text next to it says its value); a button: nothing (nothing to press);
- any other widget: what its MIME bundle holds besides the widget view (a
  `cmtime.interfaces.live.LiveChart`: its SVG), else nothing.

Where a page draws widgets (JupyterLab, Notebook, Voilà), nothing is registered: the
widgets are live.

Where none does, a widget also opens no comm to a page (`pageless_comms`): its model stays
in the kernel. nbclient (under ``nbconvert --execute``) otherwise plays the page, keeps
every widget model it is sent and stores them in the notebook's metadata, and nbconvert's
HTML then loads a widget manager from a CDN (``https://unpkg.com/@jupyter-widgets/...``)
to draw them: a network fetch from a page that shows their content already. This module imports no chart library: the dashboard shows its controls
before altair is loaded.
"""

from __future__ import annotations

import functools
import html
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, Final

import comm
import ipywidgets as widgets
import ipywidgets.comm as widget_comms
from IPython.core.interactiveshell import InteractiveShell
from IPython.display import publish_display_data
from ipywidgets.widgets.widget_description import DescriptionWidget

__all__ = ["live_frontend", "pageless_comms", "show_static", "static_outputs", "static_widgets"]

WIDGET_VIEW: Final = "application/vnd.jupyter.widget-view+json"
#: an ``HBox`` of texts: one line, wrapped where the page is narrow
_ROW: Final = 'style="display:flex;flex-wrap:wrap;gap:0 1em;align-items:baseline"'

#: A part of what a widget shows: an HTML fragment (texts, joined into one output) or an
#: output as a notebook stores it (``{"output_type": "display_data", "data": ...}``).
Part = str | dict[str, Any]


def live_frontend() -> bool:
    """Whether this kernel serves a browser page that draws widgets.

    JupyterLab and Notebook start a kernel for a session (jupyter_server sets
    ``JPY_SESSION_NAME``), Voilà for a page request (``VOILA_REQUEST_URL``);
    ``CMTIME_LIVE=1`` forces live charts, ``CMTIME_LIVE=0`` static ones. nbconvert,
    nbclient and papermill set none of them: they have no page to draw a widget on.
    """
    forced = os.environ.get("CMTIME_LIVE")
    if forced in ("0", "1"):
        return forced == "1"
    return bool(os.environ.get("JPY_SESSION_NAME") or os.environ.get("VOILA_REQUEST_URL"))


def _control(widget: widgets.Widget) -> list[Part]:
    """A control as its description and what it reads."""
    if isinstance(widget, widgets.Button):
        return []
    description = str(getattr(widget, "description", "") or "")
    if hasattr(widget, "options") and hasattr(widget, "label"):
        shown: Any = widget.label  # a choice: the option's name, not its value
    else:
        shown = getattr(widget, "value", None)
    if getattr(widget, "readout", True) is False:
        shown = None  # the slider's value is written next to it
    if isinstance(shown, tuple):
        shown = " \u2013 ".join(str(s) for s in shown)
    if not description and shown in (None, ""):
        return []
    name = f"<strong>{html.escape(description)}</strong>" if description else ""
    value = html.escape(str(shown)) if shown not in (None, "") else ""
    return [f'<div class="cmtime-static-control">{" ".join(p for p in (name, value) if p)}</div>']


def _parts(widget: widgets.Widget) -> list[Part]:
    """What ``widget`` shows, in order."""
    if isinstance(widget, widgets.Output):
        return [dict(o) for o in widget.outputs]
    if isinstance(widget, widgets.Box):
        parts = [p for child in widget.children for p in _parts(child)]
        if isinstance(widget, widgets.HBox) and parts and all(isinstance(p, str) for p in parts):
            return [f"<div {_ROW}>{''.join(p for p in parts if isinstance(p, str))}</div>"]
        return parts
    if isinstance(widget, widgets.HTML | widgets.HTMLMath):
        return [f"<div>{widget.value}</div>"] if widget.value else []
    if isinstance(widget, widgets.Label):
        return [f"<div>{html.escape(widget.value)}</div>"] if widget.value else []
    if isinstance(widget, DescriptionWidget):
        return _control(widget)
    shown = widget._repr_mimebundle_()
    data, metadata = shown if isinstance(shown, tuple) else (shown or {}, {})
    data = {k: v for k, v in data.items() if k != WIDGET_VIEW}
    if set(data) - {"text/plain"}:  # a widget's text alone is its Python repr
        return [{"output_type": "display_data", "data": data, "metadata": metadata}]
    return []


def _plain(fragment: str) -> str:
    """The text of an HTML fragment, for the output's ``text/plain``."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", fragment, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")  # non-breaking spaces stay


def static_outputs(widget: widgets.Widget) -> list[dict[str, Any]]:
    """What ``widget`` shows, as the outputs a notebook stores: each output of an
    ``Output`` widget as it is, and each run of texts (controls, HTML) as one HTML output."""
    outputs: list[dict[str, Any]] = []
    texts: list[str] = []

    def flush() -> None:
        if texts:
            fragment = "".join(texts)
            data = {"text/html": fragment, "text/plain": _plain(fragment)}
            outputs.append({"output_type": "display_data", "data": data, "metadata": {}})
            texts.clear()

    for part in _parts(widget):
        if isinstance(part, str):
            texts.append(part)
        else:
            flush()
            outputs.append(part)
    flush()
    return outputs


def _publish(outputs: Iterable[dict[str, Any]]) -> None:
    for out in outputs:
        kind = out.get("output_type")
        if kind in ("display_data", "execute_result"):
            publish_display_data(data=out.get("data", {}), metadata=out.get("metadata", {}))  # type: ignore[no-untyped-call]
        elif kind == "stream":
            stream = sys.stderr if out.get("name") == "stderr" else sys.stdout
            stream.write(out.get("text", ""))
        elif kind == "error":
            sys.stderr.write(f"{out.get('ename', '')}: {out.get('evalue', '')}\n")


def show_static(widget: widgets.Widget) -> None:
    """Show what ``widget`` shows (`static_outputs`) as outputs of the running cell."""
    _publish(static_outputs(widget))


#: the comm target of an ipywidgets model (every widget: controls, boxes, Output, anywidget)
WIDGET_TARGET: Final = "jupyter.widget"


def pageless_comms() -> None:
    """Widgets made from now on open no comm where no page draws them (`live_frontend`):
    each gets a `comm.DummyComm`, which sends nothing, so no widget model leaves the
    kernel (and none lands in an executed notebook's metadata). Widgets where a page
    draws them go to the kernel's comms as before. Installed once over the function
    every ipywidgets model opens its comm with (``ipywidgets.comm.create_comm``)."""
    current = widget_comms.create_comm
    if getattr(current, "_cmtime_pageless", False):
        return
    widget_comms.create_comm = _pageless(current)


def _pageless(create: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(create)
    def pageless(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("target_name") == WIDGET_TARGET and not live_frontend():
            return comm.DummyComm(*args, **kwargs)
        return create(*args, **kwargs)

    pageless._cmtime_pageless = True  # type: ignore[attr-defined]
    return pageless


def static_widgets() -> bool:
    """Where no page draws widgets (`live_frontend`), show every widget a cell shows as
    its content (`show_static`); where one does, leave widgets live. Whether the widgets
    are static now. Does nothing outside IPython."""
    if not InteractiveShell.initialized():
        return False
    formatter = InteractiveShell.instance().display_formatter
    if formatter is None:
        return False
    hook = formatter.ipython_display_formatter
    if live_frontend():
        hook.pop(widgets.Widget, None)
        return False
    hook.for_type(widgets.Widget, show_static)
    pageless_comms()
    return True
