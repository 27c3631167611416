"""Live charts in JupyterLab and Voilà, offline: tooltips and hover, nothing fetched.

Altair's own live views need a network (JupyterChart imports vega-embed from a CDN) or
a Vega-Lite v5 renderer (JupyterLab's built-in one; altair 6 writes v6). Here a small
anywidget, `LiveChart`, draws the chart in the browser with the Vega + Vega-Lite +
vega-embed bundle that `cmtime.outputs.export.javascript_bundle` caches from vl-convert.

- The bundle (~900 KB) crosses the kernel connection once per page: the first chart of a
  page asks its kernel for it (a custom widget message, the bundle as a binary buffer)
  and loads it as a script; every later chart finds ``window.vegaEmbed``. It is never
  part of a widget's state, so a saved notebook does not carry it.
- Each chart keeps the SVG drawn in the kernel next to the widget in its MIME bundle:
  nbconvert, tests and exports read that SVG; JupyterLab and Voilà show the live view.
- The spec is the SVG's spec, with the number and date locale of the chart's language
  (`cmtime.charts.theme.localized`), and the view carries the chart's description as its
  ``aria-label``.

A notebook calls `cmtime.interfaces.notebook.setup_notebook` once; every chart it shows
from then on is live where a browser page draws it (`live_frontend`: JupyterLab,
Notebook, Voilà). A notebook run without one (``jupyter nbconvert --execute``, nbclient,
papermill) shows each chart as its SVG only: a widget view would stay empty in the
exported HTML or PDF. The same holds for every other widget (an ``Output`` widget holding
a chart, the controls): `cmtime.interfaces.widgets_static` shows them as their content.
"""

from __future__ import annotations

import functools
from typing import Any, Final

import anywidget
import traitlets
import vl_convert as vlc

from cmtime.charts.theme import localized
from cmtime.interfaces.widgets_static import live_frontend
from cmtime.outputs.export import javascript_bundle
from cmtime.text.format import Lang

__all__ = ["RENDERER", "LiveChart", "live_bundle", "live_chart", "live_frontend", "render"]

RENDERER: Final = "cmtime-live"

#: What the view sends to ask for the bundle, and the type of the reply.
ASK: Final = "cmtime-vega-bundle?"
REPLY: Final = "cmtime-vega-bundle"

# The view. One promise per page (``globalThis``) loads the bundle: the first chart asks
# its kernel and every chart waits on that promise. The kernel answers once the cells
# queued before the request have run (a "Run All" delays every chart to the end of the
# run), so there is no time limit; if the chart that asked is closed first, the promise
# is dropped and the charts still waiting ask again (the first of them asks for all).
_ESM: Final = """
const ASK = "cmtime-vega-bundle?", REPLY = "cmtime-vega-bundle", KEY = "__cmtimeVegaEmbed";

function ask(model) {
  return new Promise((resolve, reject) => {
    function stop() {
      model.off("msg:custom", onMessage);
      model.off("destroy", onGone);
    }
    function onGone() {
      stop();
      reject(new Error("the chart that asked for the Vega bundle was closed"));
    }
    function onMessage(msg, buffers) {
      if (!msg || msg.type !== REPLY) return;
      stop();
      const url = URL.createObjectURL(new Blob([buffers[0]], { type: "text/javascript" }));
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => { URL.revokeObjectURL(url); resolve(globalThis.vegaEmbed); };
      script.onerror = () => reject(new Error("the Vega bundle did not load"));
      document.head.appendChild(script);
    }
    model.on("msg:custom", onMessage);
    model.on("destroy", onGone);
    model.send({ type: ASK });
  });
}

function vegaEmbed(model) {
  if (globalThis.vegaEmbed) return Promise.resolve(globalThis.vegaEmbed);
  if (!globalThis[KEY]) {
    globalThis[KEY] = ask(model).catch((error) => {
      delete globalThis[KEY];
      throw error;
    });
  }
  return globalThis[KEY];
}

// The chart takes its width from where it is shown (a notebook cell, a phone): a chart
// of one view (or layers) with a fixed width is drawn at the container's width, axes,
// legend and padding included (Vega-Lite's "fit-x" autosize); the fonts keep their size,
// the date axes drop the labels that would collide. Drawn again when the container's
// width changes (a window resized, a phone turned).
function fitted(spec, avail) {
  const single = !("hconcat" in spec || "vconcat" in spec || "concat" in spec || "facet" in spec || "repeat" in spec);
  if (!single || typeof spec.width !== "number" || !(avail > 0)) return spec;
  const width = Math.floor(avail);
  const fit = { ...spec, width, autosize: { type: "fit-x", contains: "padding" } };
  // a title longer than the chart ends with "…" rather than past its edge
  if (spec.title && typeof spec.title === "object" && !Array.isArray(spec.title)) {
    fit.title = { limit: Math.max(width - 30, 80), ...spec.title };
  }
  if (width < 560) {  // a phone: the legend's entries one under the other
    const config = spec.config || {};
    fit.config = { ...config, legend: { ...(config.legend || {}), columns: 1 } };
  }
  return fit;
}

// The width the chart may take: the narrowest of its boxes up to the cell (a box that
// grew around a chart drawn wider is never the narrowest one).
function available(el) {
  let width = Infinity;
  for (let box = el.parentElement, n = 0; box && n < 12; box = box.parentElement, n++) {
    if (box.clientWidth > 0) {
      const style = getComputedStyle(box);
      const pad = (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0);
      width = Math.min(width, box.clientWidth - pad);
    }
    if (box.classList.contains("jp-Cell") || box === document.body) break;
  }
  return width === Infinity ? 0 : width;
}

function render({ model, el }) {
  el.classList.add("cmtime-live");
  el.style.maxWidth = "100%";
  el.style.minWidth = "0";
  el.style.overflowX = "hidden";
  el.setAttribute("role", "figure");
  let result = null;
  let gone = false;
  let width = 0;
  async function draw() {
    el.setAttribute("aria-label", model.get("description"));
    try {
      const embed = await vegaEmbed(model).catch(() => vegaEmbed(model));
      if (gone) return;
      width = available(el);
      const spec = fitted(model.get("spec"), width);
      if (result) result.finalize();
      el.replaceChildren();
      result = await embed(el, spec, { renderer: "svg", actions: false });
    } catch (error) {
      el.textContent = model.get("description");
      console.error("cmtime live chart:", error);
    }
  }
  let timer = null;
  const observer = new ResizeObserver(() => {
    const now = available(el);
    if (!(now > 0) || Math.abs(now - width) < 4) return;
    clearTimeout(timer);
    timer = setTimeout(draw, 150);
  });
  observer.observe(el.closest(".jp-Cell") || document.body);
  model.on("change:spec", draw);
  draw();
  return () => {
    gone = true;
    observer.disconnect();
    clearTimeout(timer);
    model.off("change:spec", draw);
    if (result) result.finalize();
  };
}

export default { render };
"""


@functools.cache
def live_bundle() -> bytes:
    """The Vega bundle as the view receives it (UTF-8), built once per kernel."""
    return javascript_bundle().encode("utf-8")


class LiveChart(anywidget.AnyWidget):
    """A Vega-Lite chart drawn live in the browser, offline (make one with `live_chart`).

    Displayed, it is the widget view for JupyterLab and Voilà, the SVG drawn in the kernel
    by vl-convert for everything else, and its description as plain text.

    Parameters
    ----------
    spec
        The Vega-Lite spec to draw, locale included (`cmtime.charts.theme.localized`).
    description
        The chart's text for screen readers, set as the view's ``aria-label``.
    """

    _esm = _ESM
    spec = traitlets.Dict().tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, spec: dict[str, Any], *, description: str = "") -> None:
        super().__init__(spec=spec, description=description)
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: list[bytes]) -> None:
        """Answer the view's request for the bundle with the bundle."""
        if isinstance(content, dict) and content.get("type") == ASK:
            self.send({"type": REPLY}, buffers=[live_bundle()])

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        shown = super()._repr_mimebundle_(**kwargs)
        data, metadata = shown if shown is not None else ({}, {})
        return {**data, **_static(self.spec, self.description)}, metadata


def _static(spec: dict[str, Any], description: str) -> dict[str, Any]:
    """The chart as a page with no widget shows it: its SVG, drawn here, and its text."""
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    return {"text/plain": description or "<chart>", "image/svg+xml": svg}


def _description(spec: dict[str, Any]) -> str:
    description = spec.get("description")
    return description if isinstance(description, str) else ""


def live_chart(spec: dict[str, Any], *, lang: Lang | None = None) -> LiveChart:
    """A `LiveChart` of ``spec`` with the locale of the chart's language (else ``lang``, else
    English), as the SVG renderer formats it, and its description as alt text."""
    spec = localized(spec, lang=lang)
    return LiveChart(spec, description=_description(spec))


def render(spec: dict[str, Any], *, lang: Lang | None = None, **_: Any) -> dict[str, Any]:
    """The altair renderer: every chart shown becomes a `LiveChart` where a page draws it
    (`live_frontend`), else its SVG with its description as text (an export shows it),
    and no widget: an export then carries no widget state for its charts."""
    if live_frontend():
        data, _metadata = live_chart(spec, lang=lang)._repr_mimebundle_()
        return data
    spec = localized(spec, lang=lang)
    return _static(spec, _description(spec))
