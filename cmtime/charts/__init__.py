"""Charts: altair charts from aggregated frames, the cmtime theme and the label table.

Importing this package registers the ``"cmtime"`` altair theme (not enabled: call
`use_theme`). Chart functions return charts and never save or display them; saving is
`cmtime.outputs.export`'s job.
"""

from __future__ import annotations

from cmtime.charts import _iri_grammar

_iri_grammar.install()  # before the chart modules import altair: see there

from cmtime.charts.offhours import (
    offhours_by_client_chart,
    offhours_trend_chart,
    punchcard_chart,
    team_chart,
)
from cmtime.charts.pricing import clients_map_chart, fee_vs_suggested_chart, rates_chart
from cmtime.charts.theme import CATEGORY_COLORS, KIND_COLORS, THEME, use_theme
from cmtime.charts.waits import (
    wait_cumulative_chart,
    wait_latency_chart,
    wait_timeline_chart,
    wait_timeline_charts,
)
from cmtime.charts.workload import activity_chart, iceberg_chart, weekly_effort_chart
from cmtime.text.labels import (
    LABELS,
    Lang,
    hours,
    label,
    money,
    money_rate,
    number,
    percent,
)

__all__ = [
    "CATEGORY_COLORS",
    "KIND_COLORS",
    "LABELS",
    "THEME",
    "Lang",
    "activity_chart",
    "clients_map_chart",
    "fee_vs_suggested_chart",
    "hours",
    "iceberg_chart",
    "label",
    "money",
    "money_rate",
    "number",
    "offhours_by_client_chart",
    "offhours_trend_chart",
    "percent",
    "punchcard_chart",
    "rates_chart",
    "team_chart",
    "use_theme",
    "wait_cumulative_chart",
    "wait_latency_chart",
    "wait_timeline_chart",
    "wait_timeline_charts",
    "weekly_effort_chart",
]
