"""The bundled sample and `cmtime demo`: the whole chain on a believable year."""

from __future__ import annotations

import json
import re

from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.interfaces.cli import main

CLIENTS = {
    "Boulangerie Dupont",
    "Le Comptoir des Halles",
    "Studio Lumen",
    "Librairie Page Blanche",
    "Cabinet Morel",
}


def _run(capsys, *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out


def test_sample_is_small_and_complete():
    files = sorted(p.name for p in SAMPLE_DIR.iterdir())
    assert files == [
        "cmtime.toml",
        "toggl_2026.csv",
        "toggl_2026_december_again.csv",
        "toggl_2026_equipe.csv",
        "waits.csv",
    ]
    assert sum(p.stat().st_size for p in SAMPLE_DIR.iterdir()) < 2_000_000


def test_summary_of_the_sample_covers_every_client(capsys):
    code, out = _run(capsys, "summary", str(SAMPLE_DIR), "--json")
    assert code == 0
    doc = json.loads(out)
    by_name = {c["client"]: c for c in doc["clients"]}
    assert set(by_name) >= CLIENTS
    for name in CLIENTS:
        c = by_name[name]
        assert c["effort_h"] > 50
        assert 0.4 < c["hidden_share"] < 0.95
        assert c["fee"] is not None
        assert c["effective_rate"] < c["perceived_rate"]
    # the slow validator keeps Camille waiting longest; the evening client causes off-hours
    assert max(CLIENTS, key=lambda n: by_name[n]["wait_median_h"]) == "Boulangerie Dupont"
    assert max(CLIENTS, key=lambda n: by_name[n]["offhours_share"]) == "Le Comptoir des Halles"
    assert doc["totals"]["effort_h"] > 1400


def test_demo_writes_png_and_offline_html(capsys, tmp_path):
    code, out = _run(capsys, "demo", "--out", str(tmp_path))
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    for chart in ("iceberg", "weekly-effort", "activities"):
        assert f"{chart}.png" in names
        assert f"{chart}.html" in names
        assert (tmp_path / f"{chart}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        html = (tmp_path / f"{chart}.html").read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=", html)
        assert "cdn.jsdelivr" not in html
    assert "Boulangerie Dupont" in out
    assert "TOTAL" in out
