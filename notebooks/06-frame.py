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

data = default_data()  # a file or folder of exports; `cmtime lab FOLDER` sets it (CMTIME_DATA), else the sample
config = default_config()  # a cmtime.toml (CMTIME_CONFIG); None = the one inside the data folder, if any
client = None  # one client (name or alias), or None for every client
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
lang = "fr"  # "fr" or "en": every text, table and chart of this notebook

# %% jupyter={"source_hidden": true}
# Every sentence comes from cmtime/text/notebooks.py, the figures from cmtime/analysis/frame.py.
from IPython.display import HTML

from cmtime.interfaces.frame_cmd import frame_doc, frame_headers, frame_report, frame_table
from cmtime.interfaces.notebook import as_scope, setup_notebook
from cmtime.outputs.share import section_html
from cmtime.outputs.tables import table
from cmtime.text.notebooks import say, text

setup_notebook(lang)  # cmtime theme; live charts, nothing fetched (no CDN), language's formats
scope = as_scope(
    data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang
)
say("06.title", lang)

# %% jupyter={"source_hidden": true}
table(frame_table(frame_doc(scope), lang),
      [("client", "text"), ("term", "text"), ("agreed", "text"), ("observed", "text")],
      lang=lang, empty=text("06.none", lang), headers=frame_headers(lang))  # fmt: skip

# %% jupyter={"source_hidden": true}
report = frame_report(scope)
say("06.none", lang) if report is None else say("06.report", lang, client=report.client)

# %% jupyter={"source_hidden": true}
HTML(section_html(report, "frame")) if report is not None else None

# %% jupyter={"source_hidden": true}
next((c.chart for c in report.charts if c.name == "waits"), None) if report is not None else None
