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
from IPython.display import display

from cmtime import charts
from cmtime.interfaces.notebook import load_offhours, setup_notebook
from cmtime.outputs.tables import table
from cmtime.text.labels import date_text, hours, percent
from cmtime.text.notebooks import say, text

setup_notebook(lang)  # cmtime theme; live charts, nothing fetched (no CDN), language's formats
nb = load_offhours(
    data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang
)
say("02.title", lang)

# %% jupyter={"source_hidden": true}
t = nb.totals
say("02.totals", lang, effort=hours(t["effort_h"], lang), offhours=hours(t["offhours_h"], lang),
    share=percent(t["offhours_share"], lang))  # fmt: skip

# %% jupyter={"source_hidden": true}
say("02.punchcard", lang)

# %% jupyter={"source_hidden": true}
charts.punchcard_chart(nb.punchcard, lang=lang, working=nb.working)

# %% jupyter={"source_hidden": true}
say("02.by_client", lang)

# %% jupyter={"source_hidden": true}
charts.offhours_by_client_chart(nb.by_client_long, lang=lang)

# %% jupyter={"source_hidden": true}
w = nb.worst_client
if w is not None:
    display(say("02.worst", lang, client=w["client"], share=percent(w["offhours_share"], lang),
                evening=hours(w["evening_h"], lang), day_off=hours(w["day_off_h"], lang)))  # fmt: skip

# %% jupyter={"source_hidden": true}
say("02.trend", lang)

# %% jupyter={"source_hidden": true}
charts.offhours_trend_chart(nb.monthly_by_client, lang=lang)

# %% jupyter={"source_hidden": true}
say("02.evenings", lang)

# %% jupyter={"source_hidden": true}
display(
    say("02.late", lang, count=nb.late_days_total, days=nb.late_days_total),
    say("02.weekends", lang, count=nb.weekends_total, weekends=nb.weekends_total, days=nb.weekend_days_total),
    *(say("02.streak", lang, count=s["streak_days"], person=s["person"], days=s["streak_days"],
          start=date_text(s["streak_start"], lang), end=date_text(s["streak_end"], lang))
      for s in nb.streak.iter_rows(named=True)),
)  # fmt: skip

# %% jupyter={"source_hidden": true}
months = nb.late_days.join(nb.weekends, on="month", how="full", coalesce=True).sort("month")
table(months, [("month", "month"), ("late_days", "int"), ("weekends", "int"), ("weekend_days", "int")],
      lang=lang, empty=text("no_data", lang))  # fmt: skip

# %% jupyter={"source_hidden": true}
say("02.team", lang)

# %% jupyter={"source_hidden": true}
charts.team_chart(nb.team, lang=lang)
