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
# # Quel client me fait travailler le soir ?
#
# Les publics sont en ligne tôt le matin, à midi et le soir : les heures débordent.
# Ce carnet mesure exactement la part de votre travail faite hors de vos horaires
# (`[hours]` de `cmtime.toml`), au changement d'heure près, et montre qui la provoque.
# Changez la cellule `parameters` pour l'appliquer à vos propres exports.

# %% tags=["parameters"]
data = "../data/sample"  # a file or folder of exports (Toggl, cmtime CSV, ...)
config = None  # a cmtime.toml; None = the one inside the data folder, if any
client = None  # one client's name, or None for all
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
lang = "fr"  # "fr" or "en"

# %%

from cmtime import charts
from cmtime.charts import setup_notebook
from cmtime.interfaces.notebook import load_offhours
from cmtime.text.labels import hours, percent

# %%
setup_notebook()  # cmtime theme; charts drawn offline (no CDN)
nb = load_offhours(
    data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang
)
t = nb.totals
print(f"Effort total : {hours(t['effort_h'], lang)}")
print(f"Hors horaires : {hours(t['offhours_h'], lang)}, soit {percent(t['offhours_share'], lang)}")

# %% [markdown]
# ## Votre semaine type
#
# Chaque case est une heure de la semaine, plus elle est foncée plus vous y avez travaillé :
# tout ce qui dépasse des cadres (vos horaires) a été fait hors horaires.

# %%
charts.punchcard_chart(nb.punchcard, lang=lang, working=nb.working)

# %% [markdown]
# ## Qui vous fait travailler hors horaires ?
#
# Les heures hors horaires de chaque client, par moment de la journée : c'est l'argument
# d'une majoration au renouvellement (`offhours_premium`).

# %%
charts.offhours_by_client_chart(nb.by_client_long, lang=lang)

# %%
w = nb.worst_client
if w is not None:
    print(f"{w['client']} : {percent(w['offhours_share'], lang)} de ses heures hors horaires")
    print(
        f"dont {hours(w['evening_h'], lang)} le soir, {hours(w['day_off_h'], lang)} en jour non travaillé"
    )

# %% [markdown]
# ## Mois après mois
#
# Une part qui monte d'un mois à l'autre est un signal à discuter avec le client avant
# qu'elle devienne la norme.

# %%
charts.offhours_trend_chart(nb.monthly_by_client, lang=lang)

# %% [markdown]
# ## Soirées, week-ends, jours d'affilée
#
# Trois chiffres simples à citer : les soirs où vous avez travaillé après 20 h, les week-ends
# entamés, et la plus longue série de jours sans coupure.

# %%
print(f"Soirées après 20 h : {nb.late_days_total} jours")
print(f"Week-ends travaillés : {nb.weekends_total} ({nb.weekend_days_total} jours de week-end)")
for s in nb.streak.iter_rows(named=True):
    days = f"{s['streak_days']} jours d'affilée"
    print(
        f"Plus longue série ({s['person']}) : {days}, du {s['streak_start']:%d/%m} au {s['streak_end']:%d/%m}"
    )

# %%
nb.late_days.join(nb.weekends, on="month", how="full", coalesce=True)

# %% [markdown]
# ## L'équipe
#
# Chaque personne côte à côte, pour voir qui porte les soirées. Avec `min_group`,
# `load_offhours` remplace les noms par « Personne 1… » dans une petite équipe.

# %%
charts.team_chart(nb.team, lang=lang)
