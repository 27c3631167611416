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

# %% [markdown]
# # Votre prix et vos soirées, sans une ligne de code
#
# Ce tableau de bord reprend les carnets `04-pricing` et `02-offhours` : choisissez un
# client, une période et votre objectif horaire, la proposition de renouvellement suit ;
# plus bas, la part de votre travail faite hors de vos horaires, client par client.
# Il est servi par Voilà (`make dashboard`), qui n'affiche que les résultats.

# %% tags=["parameters"]
data = "../data/sample"  # a file or folder of exports (Toggl, cmtime CSV, ...)
config = None  # a cmtime.toml; None = the one inside the data folder, if any
client = None  # the client shown first; None = the first with a contract
date_from = None  # "2026-01-01", inclusive; None = from the first month of data
date_to = None  # "2026-12-31", inclusive; None = to the last month of data
lang = "fr"  # "fr" or "en"

# %%
from IPython.display import Markdown

from cmtime import charts
from cmtime.charts import setup_notebook
from cmtime.interfaces.notebook import as_scope, load_offhours, load_pricing
from cmtime.interfaces.widgets import pricing_dashboard
from cmtime.text.labels import hours, percent

setup_notebook(lang)  # cmtime theme; charts drawn offline (no CDN), in the language's formats
scope = as_scope(data, config=config, date_from=date_from, date_to=date_to, lang=lang)  # read once
view = load_pricing(scope)
off = load_offhours(scope)

# %% [markdown]
# ## Le forfait à proposer
#
# Déplacez l'objectif horaire ou la majoration des heures hors horaires : le forfait
# proposé et les graphiques se recalculent à partir des heures réellement travaillées.

# %%
pricing_dashboard(view, client=client)

# %% [markdown]
# ## Le travail hors horaires
#
# Les heures faites tôt, tard ou un jour non travaillé sont l'argument d'une majoration.

# %%
t = off.totals
Markdown(
    f"Sur la période : **{hours(t['offhours_h'], lang)}** hors horaires sur "
    f"{hours(t['effort_h'], lang)} travaillées, soit **{percent(t['offhours_share'], lang)}**."
)

# %% [markdown]
# Qui provoque ces heures, et à quel moment de la journée :

# %%
charts.offhours_by_client_chart(off.by_client_long, lang=lang)

# %% [markdown]
# Votre semaine type : tout ce qui dépasse des cadres (vos horaires) a été fait hors horaires.

# %%
charts.punchcard_chart(off.punchcard, lang=lang, working=off.working)

# %% [markdown]
# Mois après mois : une part qui monte est à discuter avec le client avant qu'elle ne
# devienne la norme.

# %%
charts.offhours_trend_chart(off.monthly_by_client, lang=lang)
