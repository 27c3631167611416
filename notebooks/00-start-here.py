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

data = default_data()  # a file or folder of exports (Toggl, Clockify, cmtime CSV, ...); `cmtime lab FOLDER` sets it (CMTIME_DATA), else the sample
config = default_config()  # a cmtime.toml (CMTIME_CONFIG); None = the one inside the data folder, if any
client = None  # not used here; kept so every notebook takes the same parameters
date_from = None  # not used here
date_to = None  # not used here
lang = "fr"  # "fr" or "en": every text, table and chart of this notebook

# %% jupyter={"source_hidden": true}
# Every sentence comes from cmtime/text/notebooks.py, every table from cmtime/outputs/tables.py.
from IPython.display import display

from cmtime.interfaces.notebook import load_start, setup_notebook
from cmtime.interfaces.widgets import own_exports, start_table
from cmtime.text.labels import date_text, hours, number
from cmtime.text.notebooks import say
from cmtime.text.report import wait_text

setup_notebook(lang, charts=False)  # the widgets; in an export (no page), what they show
nb = load_start(data, config=config, lang=lang)
say("00.title", lang)

# %% jupyter={"source_hidden": true}
t = nb.totals
waits, median_days, days_lost = nb.waited
display(
    say("00.read", lang, count=t["files"], files=t["files"],
        entries=number(t["entries"], lang, 0), effort=hours(t["effort_h"], lang)),
    say("00.checks", lang, rejected=t["rejected"], overlaps=t["overlaps"], duplicates=sum(nb.loaded.duplicates),
        unclassified=hours(t["unclassified_h"], lang)),
)  # fmt: skip
if waits and median_days is not None:
    display(say("00.waits", lang, count=waits, waits=waits, median=wait_text(median_days * 24, lang), days=days_lost))
if nb.period is not None:
    display(say("period", lang, start=date_text(nb.period.start, lang), end=date_text(nb.period.end, lang)))

# %% jupyter={"source_hidden": true}
say("00.files", lang)

# %% jupyter={"source_hidden": true}
display(start_table(nb, "files", lang=lang))
if nb.files_sum_h > t["effort_h"] + 0.01:  # duplicates: each block counts once in the total
    display(say("00.files_sum", lang, sum=hours(nb.files_sum_h, lang), total=hours(t["effort_h"], lang)))

# %% jupyter={"source_hidden": true}
say("00.rejected", lang)

# %% jupyter={"source_hidden": true}
start_table(nb, "rejected", lang=lang)

# %% jupyter={"source_hidden": true}
say("00.unclassified", lang)

# %% jupyter={"source_hidden": true}
start_table(nb, "unclassified", lang=lang)

# %% jupyter={"source_hidden": true}
say("00.explain", lang)

# %% jupyter={"source_hidden": true}
start_table(nb, "explained", lang=lang)

# %% jupyter={"source_hidden": true}
say("00.own", lang)

# %% jupyter={"source_hidden": true}
own_exports(data, config=config, lang=lang)

# %% jupyter={"source_hidden": true}
say("00.next", lang)
