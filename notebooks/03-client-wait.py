# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
from cmtime.interfaces.workspace import default_config, default_data

data = default_data()  # a file or folder of exports (and waits.csv ledgers); `cmtime lab FOLDER` sets it (CMTIME_DATA), else the sample
config = default_config()  # a cmtime.toml (CMTIME_CONFIG); None = the one inside the data folder, if any
client = None  # one client's name, or None for all
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
lang = "fr"  # "fr" or "en": every text, table and chart of this notebook

# %% jupyter={"source_hidden": true}
# Every sentence comes from cmtime/text/notebooks.py, every table from cmtime/outputs/tables.py.
import polars as pl
from IPython.display import display

from cmtime.charts import (
    wait_cumulative_chart,
    wait_latency_chart,
    wait_timeline_charts,
)
from cmtime.interfaces.notebook import load_waits, setup_notebook
from cmtime.interfaces.widgets import lost_by_quarter_table
from cmtime.outputs.tables import table
from cmtime.text.labels import date_text, number
from cmtime.text.notebooks import say, text

setup_notebook(lang)  # cmtime theme; live charts, nothing fetched (no CDN), language's formats
nb = load_waits(data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang)
say("03.title", lang)

# %% jupyter={"source_hidden": true}
n, still_open = nb.intervals.height, int(nb.intervals.get_column("open").sum())
display(
    say("period", lang, start=date_text(nb.period.start, lang), end=date_text(nb.period.end, lang)),
    say("03.totals", lang, count=n, waits=n),
    say("03.open", lang, count=still_open, open=still_open),
)  # fmt: skip

# %% jupyter={"source_hidden": true}
say("03.median", lang)

# %% jupyter={"source_hidden": true}
table(nb.by_client.filter(pl.col("waits") > 0),
      [("client", "text"), ("waits", "int"), ("wait_median_h", "days"), ("p90_h", "days"),
       ("longest_h", "days"), ("days_lost", "int"), ("open_waits", "int")],
      lang=lang, empty=text("03.no_waits", lang),
      headers={"wait_median_h": text("col.median_days", lang), "p90_h": text("col.p90_days", lang),
               "longest_h": text("col.longest_days", lang)})  # fmt: skip

# %% jupyter={"source_hidden": true}
slow = nb.slowest
if slow:
    display(say("03.slowest", lang, client=slow["client"], days=number(slow["wait_median_h"] / 24, lang),
                lost=slow["days_lost"]))  # fmt: skip

# %% jupyter={"source_hidden": true}
say("03.timeline", lang)

# %% jupyter={"source_hidden": true}
display(*wait_timeline_charts(nb.intervals, lang=lang, timezone=nb.config.timezone))  # a quarter each when long

# %% jupyter={"source_hidden": true}
say("03.latency", lang)

# %% jupyter={"source_hidden": true}
wait_latency_chart(nb.intervals, lang=lang)

# %% jupyter={"source_hidden": true}
say("03.cumulative", lang)

# %% jupyter={"source_hidden": true}
wait_cumulative_chart(nb.cumulative, lang=lang)

# %% jupyter={"source_hidden": true}
lost_by_quarter_table(nb, lang=lang)

# %% jupyter={"source_hidden": true}
say("03.chasing", lang)

# %% jupyter={"source_hidden": true}
chasing = nb.by_client.filter((pl.col("chasing_h") > 0) | (pl.col("reminders") > 0))
table(chasing, [("client", "text"), ("reminders", "int"), ("chasing_h", "hours")],
      lang=lang, empty=text("03.no_chasing", lang))  # fmt: skip
