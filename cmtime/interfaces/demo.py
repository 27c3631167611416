"""`cmtime demo`: the whole chain on the bundled sample, charts written to ``out/``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cmtime.analysis.documents import Summary
from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.analysis.scope import Scope

if TYPE_CHECKING:  # altair comes through cmtime.charts (see cmtime.charts._iri_grammar)
    import altair as alt


def sample_dir(fallback: Path) -> Path:
    """The committed sample (the repo's, or the copy the package carries in ``cmtime/data``),
    or a freshly generated one in ``fallback``."""
    from importlib import resources

    for folder in (SAMPLE_DIR, Path(str(resources.files("cmtime") / "data"))):
        if (folder / "cmtime.toml").is_file():
            return folder
    from cmtime.sample import write_sample

    write_sample(fallback)
    return fallback


def run_demo(out_dir: Path, *, lang: Literal["fr", "en"] | None = None) -> tuple[Summary, list[Path]]:
    """Read the sample, classify, split off-hours, aggregate, and save the workload charts.

    Returns the summary's figures and the files written (PNG + self-contained HTML).
    """
    from cmtime.charts import activity_chart, iceberg_chart, weekly_effort_chart
    from cmtime.outputs.export import save_chart

    out_dir.mkdir(parents=True, exist_ok=True)
    scope = Scope.load(sample_dir(out_dir / "sample"), lang=lang)
    cfg = scope.config
    w = scope.workload()
    charts: dict[str, alt.TopLevelMixin] = {
        "iceberg": iceberg_chart(w.by_client, lang=cfg.language),
        "weekly-effort": weekly_effort_chart(w.weekly, lang=cfg.language),
        "activities": activity_chart(w.by_activity, lang=cfg.language),
    }
    written: list[Path] = []
    for name, chart in charts.items():
        written += save_chart(chart, out_dir, name, formats=("png", "html"))
    return scope.summary(), written
