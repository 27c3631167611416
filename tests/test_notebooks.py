"""Every notebook runs top to bottom on the sample data, in French and in English, and reads
like a report: no error output, one language throughout (text, tables and the text inside
chart SVGs), no raw polars frame ("shape:", dtype rows)."""

from __future__ import annotations

import asyncio
import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import polars as pl
import pytest
from nbclient import NotebookClient
from traitlets.config import Config

REPO = Path(__file__).resolve().parent.parent
# the six notebooks and the Voilà dashboard, each run in French and in English
NOTEBOOKS = [*sorted((REPO / "notebooks").glob("[0-9][0-9]-*.py")), REPO / "notebooks" / "dashboard.py"]
SAMPLE = REPO / "data" / "sample"
LANGS = ("fr", "en")

#: English month abbreviations (d3's default time locale) and 1,000-style numbers.
ENGLISH_IN_FR = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|\d,\d{3}\b|\b(Period|Total effort|"
    r"Target|hours|Hours|waits|Waits|Month|Rejected|Unclassified|Client wait|Hidden)\b"
)
#: French words of the notebooks' own texts, labels and formats.
FRENCH_IN_EN = re.compile(
    r"\b(Période|Objectif|heures|Heures|attentes?|Attente|janv\.|févr\.|avr\.|juil\.|déc\.|"
    r"forfait|Forfait|hors horaires|jours|Semaine|Mois|Invisible|Non classé|Fichier|Lignes|"
    r"Écartées|soit|dont|Marge|Relances|client·e)\b|\d\u00a0h\b|\d\u202f%"
)
#: What a polars frame shows: its shape line and dtype rows.
RAW_FRAME = re.compile(
    r"shape: \(|^\s*[│|]\s*(str|i64|u32|f64|date|bool)\s*[┆|]|<small>shape", re.M
)


@cache
def _data_words() -> frozenset[str]:
    """Client names, projects and descriptions of the sample: data, not interface text."""
    from cmtime.analysis.scope import Scope

    loaded = Scope.load([SAMPLE]).loaded
    cols = ["client", "project", "description", "person"]
    words = loaded.lazy().select(pl.concat_list(cols).explode().unique().drop_nulls()).collect().to_series()
    extra = loaded.waits.get_column("item").drop_nulls().to_list()  # the ledger's items
    extra += [p.name for p in SAMPLE.iterdir()]  # file names ("waits.csv") are the user's
    return frozenset(w for w in [*words.to_list(), *extra] if w)


async def _execute(path: Path, lang: str, sockets: Path) -> nbformat.NotebookNode:
    nb = jupytext.read(path)
    params = [
        i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    assert len(params) == 1
    nb.cells.insert(params[0] + 1, nbformat.v4.new_code_cell(f"lang = {lang!r}"))
    # A cell that displays ipywidgets sometimes leaves nbclient waiting for a reply that
    # has already arrived until the cell timeout, then it goes on and the run is fine
    # (jupyter/nbclient#312). Every cell here takes under 15 s: 60 s bounds that wait.
    # Kernels talk over Unix sockets, each in its own folder outside the repository: over TCP,
    # jupyter_client picks a free port and frees it before the kernel binds it, and a kernel
    # started at the same moment (the other language, a lab or dashboard test) can take it
    # first ("Address already in use").
    client = NotebookClient(
        nb,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        config=Config({"KernelManager": {"transport": "ipc", "ip": str(sockets / lang / "k")}}),
    )
    await client.async_execute()
    return nb


def _outputs(nb: nbformat.NotebookNode) -> list[Any]:
    """Every output: the cells' and those drawn inside ``Output`` widgets (kept in the
    notebook's widget state by nbclient)."""
    outs = [out for cell in nb.cells for out in cell.get("outputs", [])]
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in state.get("state", {}).values():
        outs.extend(model.get("state", {}).get("outputs", []) or [])
    return outs


def _texts(nb: nbformat.NotebookNode) -> list[str]:
    """Everything a reader sees: Markdown cells and every output (SVG reduced to its text)."""
    seen = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for out in _outputs(nb):
        if "text" in out:
            seen.append(out["text"])
        for mime, value in out.get("data", {}).items():
            if mime == "image/svg+xml":
                seen.extend(
                    html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", value, re.S)
                )
            elif mime in ("text/markdown", "text/plain", "text/html"):
                seen.append(value)
    return seen


def _without_data(text: str) -> str:
    text = re.sub(r"<style.*?</style>|<script.*?</script>", " ", text, flags=re.S)
    text = re.sub(r"<code>.*?</code>|`[^`]*`", " ", text, flags=re.S)  # code names a file or key
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))  # what HTML shows, not its attributes
    text = re.sub(r"(tag:#|builtin:|config:)\S+", " ", text)  # the rule that decided: data
    for word in sorted(_data_words(), key=len, reverse=True):
        text = text.replace(word, " ")
    return text


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_reads_in_one_language(path: Path, tmp_path: Path) -> None:
    # French and English run side by side, each in its own kernel (about half the time)
    for lang in LANGS:
        (tmp_path / lang).mkdir()

    async def both() -> list[nbformat.NotebookNode]:
        return list(await asyncio.gather(*(_execute(path, lang, tmp_path) for lang in LANGS)))

    for lang, nb in zip(LANGS, asyncio.run(both()), strict=True):
        _check(path, lang, nb)


def _check(path: Path, lang: str, nb: nbformat.NotebookNode) -> None:
    errors = [
        o for o in _outputs(nb) if o.get("output_type") == "error" or o.get("name") == "stderr"
    ]
    assert not errors, (lang, errors)
    texts = _texts(nb)
    raw = [t for t in texts if RAW_FRAME.search(t)]
    assert not raw, (lang, raw[0][:500])
    other = ENGLISH_IN_FR if lang == "fr" else FRENCH_IN_EN
    wrong = [(m.group(0), t[max(0, m.start() - 60) : m.end() + 60]) for t in texts
             for m in [other.search(_without_data(t))] if m]  # fmt: skip
    assert not wrong, (lang, wrong[:5])
    svgs = sum("<svg" in (o.get("data", {}).get("image/svg+xml") or "") for o in _outputs(nb))
    if path.stem != "00-start-here":
        assert svgs, "no chart drawn as SVG"
