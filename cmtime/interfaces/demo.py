"""`cmtime demo`: the whole chain on the bundled sample, charts written to ``out/``."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Literal

import altair as alt

from cmtime.analysis.metrics import summary
from cmtime.analysis.pipeline import SAMPLE_DIR, analyse, workload
from cmtime.config import Config
from cmtime.readers import read_paths


def sample_dir(fallback: Path) -> Path:
    """The committed sample, or a freshly generated one in ``fallback`` (installed wheel)."""
    if (SAMPLE_DIR / "cmtime.toml").is_file():
        return SAMPLE_DIR
    from cmtime.interfaces.sample import write_sample

    write_sample(fallback)
    return fallback


def run_demo(out_dir: Path, *, lang: Literal["fr", "en"] | None = None) -> tuple[dict[str, Any], list[Path]]:
    """Read the sample, classify, split off-hours, aggregate, and save the workload charts.

    Returns the summary document and the files written (PNG + self-contained HTML).
    """
    from cmtime.charts import activity_chart, iceberg_chart, weekly_effort_chart
    from cmtime.outputs.export import save_chart

    out_dir.mkdir(parents=True, exist_ok=True)
    loaded = read_paths([sample_dir(out_dir / "sample")])
    cfg: Config = loaded.config
    if lang is not None:
        cfg = dataclasses.replace(cfg, language=lang)
    lf = analyse(loaded, config=cfg)
    w = workload(lf)
    charts: dict[str, alt.TopLevelMixin] = {
        "iceberg": iceberg_chart(w.by_client, lang=cfg.language),
        "weekly-effort": weekly_effort_chart(w.weekly, lang=cfg.language),
        "activities": activity_chart(w.by_activity, lang=cfg.language),
    }
    written: list[Path] = []
    for name, chart in charts.items():
        written += save_chart(chart, out_dir, name, formats=("png", "html"))
    return summary(lf, config=cfg, period=w.period), written
