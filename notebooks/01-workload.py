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

data = default_data()  # a file or folder of exports (Toggl, cmtime CSV, ...); `cmtime lab FOLDER` sets it (CMTIME_DATA), else the sample
config = default_config()  # a cmtime.toml (CMTIME_CONFIG); None = the one inside the data folder, if any
client = None  # one client's name, or None for all
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
lang = "fr"  # "fr" or "en": every text, table and chart of this notebook

# %% jupyter={"source_hidden": true}
# Every sentence comes from cmtime/text/notebooks.py, every table from cmtime/outputs/tables.py.
import datetime as dt

from IPython.display import display

from cmtime.charts import activity_chart, iceberg_chart, weekly_effort_chart
from cmtime.interfaces.notebook import load_workload, setup_notebook
from cmtime.interfaces.widgets import hours_by_client_table
from cmtime.outputs.tables import table
from cmtime.text.labels import date_text, hours, percent
from cmtime.text.notebooks import say, text

setup_notebook(lang)  # cmtime theme; live charts, nothing fetched (no CDN), language's formats
nb = load_workload(
    data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang
)
say("01.title", lang)

# %% jupyter={"source_hidden": true}
t, period = nb.summary["totals"], nb.summary["period"]
display(
    say("period", lang, start=date_text(dt.date.fromisoformat(period["from"]), lang),
        end=date_text(dt.date.fromisoformat(period["to"]), lang)),
    say("01.totals", lang, effort=hours(t["effort_h"], lang), hidden=percent(t["hidden_share"], lang)),
)  # fmt: skip

# %% jupyter={"source_hidden": true}
say("01.iceberg", lang)

# %% jupyter={"source_hidden": true}
iceberg_chart(nb.workload.by_client, lang=lang)

# %% jupyter={"source_hidden": true}
say("01.clients", lang)

# %% jupyter={"source_hidden": true}
hours_by_client_table(nb, lang=lang)

# %% jupyter={"source_hidden": true}
say("01.weekly", lang)

# %% jupyter={"source_hidden": true}
weekly_effort_chart(nb.workload.weekly, lang=lang)

# %% jupyter={"source_hidden": true}
say("01.activity", lang)

# %% jupyter={"source_hidden": true}
activity_chart(nb.workload.by_activity, lang=lang)

# %% jupyter={"source_hidden": true}
say("01.unclassified", lang)

# %% jupyter={"source_hidden": true}
table(nb.unclassified, [("description", "text"), ("hours", "hours"), ("blocks", "int")],
      lang=lang, empty=text("00.no_unclassified", lang))  # fmt: skip
