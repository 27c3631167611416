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
client = None  # the client to prepare the renewal for; None = the first with a contract
date_from = None  # "2026-01-01", inclusive; None = from the first month of data
date_to = None  # "2026-12-31", inclusive; None = to the last month of data
lang = "fr"  # "fr" or "en": every text, table and chart of this notebook

# %% jupyter={"source_hidden": true}
# Every sentence comes from cmtime/text/notebooks.py. The controls below drive every
# result of this notebook: each one is shown once, under its explanation, and follows them.
from IPython.display import display

from cmtime.interfaces.notebook import load_pricing, setup_notebook
from cmtime.interfaces.widgets import pricing_dashboard
from cmtime.text.labels import date_text, money_rate
from cmtime.text.notebooks import say

setup_notebook(lang)  # cmtime theme; live charts, nothing fetched (no CDN), language's formats
view = load_pricing(data, config=config, date_from=date_from, date_to=date_to, lang=lang)
board = pricing_dashboard(view, client=client)
say("04.title", lang)

# %% jupyter={"source_hidden": true}
display(
    say("period", lang, start=date_text(view.period.start, lang), end=date_text(view.period.end, lang)),
    say("04.target", lang, target=money_rate(view.config.target_rate, view.config.currency, lang)),
    say("04.controls", lang),
)  # fmt: skip

# %% jupyter={"source_hidden": true}
board.controls

# %% jupyter={"source_hidden": true}
say("04.proposal", lang)

# %% jupyter={"source_hidden": true}
board.proposal

# %% jupyter={"source_hidden": true}
say("04.rates", lang)

# %% jupyter={"source_hidden": true}
board.rates

# %% jupyter={"source_hidden": true}
say("04.monthly", lang)

# %% jupyter={"source_hidden": true}
board.monthly

# %% jupyter={"source_hidden": true}
say("04.map", lang)

# %% jupyter={"source_hidden": true}
board.clients_map

# %% jupyter={"source_hidden": true}
board.private  # the freelancer's own figures (margins, costs, people): never for the client
