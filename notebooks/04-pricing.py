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
# # Tarifs et renouvellement : le vrai taux horaire et un prix défendable
#
# Le client divise votre forfait par ce qu'il voit (les publications, les réunions) ;
# vous, vous le divisez par tout ce que vous faites. Ce carnet calcule les deux taux,
# les compare à votre objectif (`target_rate` de `cmtime.toml`) et propose un nouveau
# forfait mensuel, avec les chiffres qui le justifient.
# Changez la cellule `parameters` pour l'appliquer à vos propres exports.

# %% tags=["parameters"]
data = "../data/sample"  # a file or folder of exports (Toggl, cmtime CSV, ...)
config = None  # a cmtime.toml; None = the one inside the data folder, if any
client = None  # the client to prepare the renewal for; None = the first with a contract
date_from = None  # "2026-01-01", inclusive; None = from the first month of data
date_to = None  # "2026-12-31", inclusive; None = to the last month of data
lang = "fr"  # "fr" or "en"

# %%

from IPython.display import HTML

from cmtime import charts
from cmtime.charts import setup_notebook
from cmtime.interfaces.notebook import load_pricing
from cmtime.interfaces.widgets import pricing_dashboard
from cmtime.outputs.page import proposal_html
from cmtime.text.labels import money, money_rate

setup_notebook()  # cmtime theme; charts drawn offline (no CDN)
view = load_pricing(data, config=config, date_from=date_from, date_to=date_to, lang=lang)
now = view.update(client)
cur = view.config.currency
print(f"Période : {now.frames.period.start} → {now.frames.period.end}")
print(f"Objectif : {money_rate(now.frames.target_rate, cur, lang)}")

# %% [markdown]
# ## Ce que le client croit payer… et ce qu'il paie vraiment
#
# Le point clair : le forfait divisé par les heures visibles. Le point foncé : divisé par
# toutes les heures. Tout ce qui est à gauche du trait orange est sous votre objectif.

# %%
charts.rates_chart(now.frames.by_client, lang=lang, target=now.frames.target_rate, currency=cur)

# %% [markdown]
# ## Qui paie le juste prix ?
#
# Chaque client selon les heures travaillées et le forfait encaissé sur la période :
# sous la ligne orange, il paie moins que votre objectif.

# %%
charts.clients_map_chart(now.frames.by_client, lang=lang, currency=cur)

# %% [markdown]
# ## La proposition de renouvellement
#
# Le forfait proposé est le prix juste du mois médian : l'objectif horaire appliqué aux
# heures travaillées, les heures hors horaires majorées, arrondi à l'unité. Les phrases reprennent les chiffres
# mesurés, prêtes à citer dans l'échange avec le client.

# %%
p = now.proposal
if p is not None:
    print(f"{p.client} : {money(p.current_fee, cur, lang)} → {money(p.suggested_fee, cur, lang)}")
HTML(proposal_html(p) if p is not None else "")

# %% [markdown]
# Mois après mois, le forfait encaissé face au prix juste : l'écart entre les deux est ce
# que vous offrez au client chaque mois.

# %%
charts.fee_vs_suggested_chart(
    now.frames.monthly, lang=lang, currency=cur, suggested=p.suggested_fee if p else None
)

# %% [markdown]
# ## Essayer d'autres chiffres
#
# Choisissez un client, une période, votre objectif horaire et la majoration des heures
# hors horaires : la proposition et les graphiques suivent, sans relire les fichiers.

# %%
pricing_dashboard(view, client=client)
