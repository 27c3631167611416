"""Charts: altair charts from aggregated frames, the cmtime theme and the label table.

Importing this package registers the ``"cmtime"`` altair theme (not enabled: call
`use_theme`). Chart functions return charts and never save or display them; saving is
`cmtime.export`'s job.
"""

from __future__ import annotations

from cmtime.charts.labels import LABELS, Lang, hours, label, number, percent
from cmtime.charts.theme import KIND_COLORS, THEME, use_theme
from cmtime.charts.workload import activity_chart, iceberg_chart, weekly_effort_chart

__all__ = [
    "KIND_COLORS",
    "LABELS",
    "THEME",
    "Lang",
    "activity_chart",
    "hours",
    "iceberg_chart",
    "label",
    "number",
    "percent",
    "use_theme",
    "weekly_effort_chart",
]
