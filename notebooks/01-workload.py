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
# # Charge de travail : ce que le client voit… et le reste
#
# Ce carnet lit vos exports de temps, classe chaque bloc en travail **visible**
# (ce que le client voit), **invisible** (stratégie, création, révisions, veille,
# reporting, relances) ou **attente client**, et montre où part réellement le temps.
# Changez la cellule `parameters` pour l'appliquer à vos propres exports.

# %% tags=["parameters"]
data = "../data/sample"  # a file or folder of exports (Toggl, cmtime CSV, ...)
config = None  # a cmtime.toml; None = the one inside the data folder, if any
client = None  # one client's name, or None for all
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
lang = "fr"  # "fr" or "en"

# %%

from cmtime.charts import activity_chart, iceberg_chart, setup_notebook, weekly_effort_chart
from cmtime.interfaces.notebook import load_workload
from cmtime.text.labels import hours, percent

setup_notebook()  # cmtime theme; charts drawn offline (no CDN)
nb = load_workload(data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang)
t = nb.summary["totals"]
print(f"Période : {nb.summary['period']['from']} → {nb.summary['period']['to']}")
print(f"Effort total : {hours(t['effort_h'], lang)} — dont invisible : {percent(t['hidden_share'], lang)}")

# %% [markdown]
# ## L'iceberg : au-dessus de la ligne de flottaison, ce que le client voit
#
# Sous la ligne, le travail que personne ne voit mais sans lequel rien n'est publié.

# %%
iceberg_chart(nb.workload.by_client, lang=lang)

# %% [markdown]
# ## Semaine après semaine
#
# Les semaines chargées et les creux (vacances, jours fériés) apparaissent d'un coup d'œil.

# %%
weekly_effort_chart(nb.workload.weekly, lang=lang)

# %% [markdown]
# ## Où part le temps, activité par activité
#
# Les activités invisibles (création, révisions, veille, relances) pèsent souvent autant
# que les publications : ce sont elles qui justifient le forfait.

# %%
activity_chart(nb.workload.by_activity, lang=lang)

# %% [markdown]
# ## Le travail non classé
#
# Ces descriptions ne correspondent à aucune règle. Ajoutez une règle `[[rules]]` dans
# `cmtime.toml` pour les classer ; cmtime ne devine pas.

# %%
nb.unclassified
