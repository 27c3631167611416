"""A vl-convert worker process for `cmtime.outputs.drawing` (run as a script, not imported).

Reads one JSON request per line on stdin, ``{"spec": {...}, "png": scale | null}``, and
writes one JSON line per request on stdout: ``{"svg": ..., "png": base64 | null}`` or
``{"error": ...}``. It warms vl-convert up first (its JavaScript engine is slow to
start), then prints ``{"ready": true}``. Nothing is fetched: ``allowed_base_urls=[]``.
It imports nothing of cmtime, so it starts at once, plus the warm-up.
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

import vl_convert as vlc

# A little of everything the report draws (bars, text, axes, a legend), so the first real
# chart finds the fonts and the scenegraph code ready.
_WARM = {
    "data": {"values": [{"a": "x", "b": 1.5, "c": "u"}, {"a": "y", "b": 2.0, "c": "v"}]},
    "layer": [
        {"mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"},
                                     "y": {"field": "b", "type": "quantitative"},
                                     "color": {"field": "c", "type": "nominal"}}},
        {"mark": "text", "encoding": {"x": {"field": "a", "type": "nominal"},
                                      "y": {"field": "b", "type": "quantitative"},
                                      "text": {"field": "b", "type": "quantitative"}}},
    ],
}


def _answer(job: dict[str, Any]) -> dict[str, str | None]:
    try:
        svg = vlc.vegalite_to_svg(job["spec"], allowed_base_urls=[])
        scale = job.get("png")
        png = base64.b64encode(vlc.svg_to_png(svg, scale=scale)).decode("ascii") if scale else None
    except Exception as exc:
        return {"error": str(exc)}
    return {"svg": svg, "png": png}


def main() -> None:
    vlc.vegalite_to_svg(_WARM, allowed_base_urls=[])
    out = sys.stdout
    out.write('{"ready": true}\n')
    out.flush()
    for line in sys.stdin.buffer:
        if line.strip():
            out.write(json.dumps(_answer(json.loads(line))) + "\n")
            out.flush()


if __name__ == "__main__":
    main()
