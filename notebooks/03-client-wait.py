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
# # Attente client : combien de temps chaque client bloque le travail
#
# « Si vous répondez 15 jours plus tard, c'est 15 jours de perdus. » Ce carnet mesure,
# client par client, le temps entre une demande (une validation, des photos, une réponse)
# et la réponse du client : en jours calendaires, en heures ouvrées et en jours ouvrés
# perdus. Les attentes viennent des blocs marqués `attente` dans vos exports et, si vous
# en tenez un, d'un registre `waits.csv` (`client,objet,demandé,répondu,relances`) ;
# une attente sans réponse court jusqu'à la fin de la période ou jusqu'à aujourd'hui.
# Changez la cellule `parameters` pour l'appliquer à vos propres exports.

# %% tags=["parameters"]
data = "../data/sample"  # a file or folder of exports (and waits.csv ledgers)
config = None  # a cmtime.toml; None = the one inside the data folder, if any
client = None  # one client's name, or None for all
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
lang = "fr"  # "fr" or "en"

# %%
import polars as pl

from cmtime.charts import (
    setup_notebook,
    wait_cumulative_chart,
    wait_latency_chart,
    wait_timeline_chart,
)
from cmtime.interfaces.notebook import load_waits
from cmtime.text.labels import hours, number

setup_notebook()  # cmtime theme; charts drawn offline (no CDN)
nb = load_waits(data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang)
print(f"Période : {nb.period.start} → {nb.period.end} — {nb.intervals.height} attentes")

# %% [markdown]
# ## Le délai médian de réponse, client par client
#
# La médiane : la moitié des attentes sont plus courtes, l'autre moitié plus longues.
# Le 9e décile (p90) dit combien de temps durent les attentes les plus longues.

# %%
days = {"médiane_j": "wait_median_h", "p90_j": "p90_h", "max_j": "longest_h"}
nb.by_client.select(
    "client", "waits", *((pl.col(h) / 24).round(1).alias(d) for d, h in days.items()),
    "days_lost", "open_waits",
)

# %%
slow = nb.slowest
if slow:
    print(f"{slow['client']} répond en {number(slow['wait_median_h'] / 24, lang)} jours (médiane). "
          f"Sur la période, {slow['days_lost']} jours ouvrés ont eu au moins une attente ouverte.")

# %% [markdown]
# ## Chaque attente sur le calendrier
#
# Une barre va de la demande à la réponse. Les barres claires en pointillés sont encore
# ouvertes : le client n'a pas répondu.

# %%
wait_timeline_chart(nb.intervals, lang=lang, timezone=nb.config.timezone)

# %% [markdown]
# ## Qui répond vite, qui laisse traîner
#
# Chaque trait est une attente ; la boîte contient la moitié centrale des attentes.

# %%
wait_latency_chart(nb.intervals, lang=lang)

# %% [markdown]
# ## Les jours perdus s'additionnent
#
# Jours ouvrés passés à attendre, cumulés mois après mois : c'est le calendrier éditorial
# qui glisse d'autant.

# %%
wait_cumulative_chart(nb.cumulative, lang=lang)

# %%
nb.by_quarter.pivot(on="label", index="client", values="business_days").fill_null(0)

# %% [markdown]
# ## Relancer a un coût
#
# Les relances notées dans le registre et le temps passé à relancer (activité « Relances »)
# sont du travail que le client ne voit pas.

# %%
for row in nb.by_client.filter(pl.col("chasing_h") > 0).iter_rows(named=True):
    print(f"{row['client']} : {row['reminders']} relances notées, "
          f"{hours(row['chasing_h'], lang)} passées à relancer")
