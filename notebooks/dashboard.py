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
client = None  # the client shown first; None = the first with a contract
date_from = None  # "2026-01-01", inclusive; None = from the first month of data
date_to = None  # "2026-12-31", inclusive; None = to the last month of data
lang = "fr"  # "fr" or "en": every text, table and chart of the dashboard

# %%
# Served by Voilà (`make dashboard`), which shows only the outputs: every sentence comes
# from cmtime/text/notebooks.py ("dash.*"), in the language of `lang`.
from IPython.display import display

from cmtime.interfaces.notebook import as_scope, load_offhours, load_pricing, setup_notebook
from cmtime.interfaces.widgets import pricing_dashboard
from cmtime.text.labels import hours, percent
from cmtime.text.notebooks import say

setup_notebook(lang, charts=False)  # the widgets; in an export (no page), what they show
scope = as_scope(data, config=config, date_from=date_from, date_to=date_to, lang=lang)  # read once
view = load_pricing(scope)
display(say("dash.title", lang), say("dash.pricing", lang))

# %%
board = pricing_dashboard(view, client=client, charts=False)  # the controls and the proposal first
board.head

# %%
from cmtime import charts  # altair: after the controls, which a visitor sees first

setup_notebook(lang)  # cmtime theme; live charts at the page's width, offline (no CDN)
_ = board.refresh()  # then its charts, drawn while the page already shows the controls
board.body

# %%
off = load_offhours(scope)  # after the pricing controls, which a visitor sees first
t = off.totals
display(
    say("dash.offhours", lang),
    say("dash.offhours_total", lang, offhours=hours(t["offhours_h"], lang),
        effort=hours(t["effort_h"], lang), share=percent(t["offhours_share"], lang)),
    say("dash.by_client", lang),
)  # fmt: skip

# %%
charts.offhours_by_client_chart(off.by_client_long, lang=lang)

# %%
say("dash.punchcard", lang)

# %%
charts.punchcard_chart(off.punchcard, lang=lang, working=off.working)

# %%
say("dash.trend", lang)

# %%
charts.offhours_trend_chart(off.monthly_by_client, lang=lang)

# %%
from cmtime.interfaces.notebook import load_team
from cmtime.interfaces.widgets import AgencyBoard

agency = load_team(scope)  # the owner's view: margins and floor fees (07-agency has the rest)
display(say("dash.agency", lang))
AgencyBoard(agency.figures.clients, target_margin=agency.scope.config.target_margin,
            currency=agency.scope.config.currency, lang=lang)  # fmt: skip
