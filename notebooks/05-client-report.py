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
# # Le rapport à envoyer au client
#
# Un seul fichier HTML, lisible hors ligne et sur téléphone, qui ne montre que **ce
# client** : l'iceberg du travail visible et invisible, les heures par activité et par
# mois, les délais de réponse, les heures hors horaires et la proposition de
# renouvellement. Les graphiques sont aussi écrits en PNG et SVG, et les chiffres du mois
# dans `summary.csv` (s'ouvre dans Excel). Rien d'autre — ni les autres clients, ni les
# noms des personnes, ni vos fichiers — n'entre dans le rapport.

# %% tags=["parameters"]
data = "../data/sample"  # a file or folder of exports
config = None  # a cmtime.toml; None = the one inside the data folder, if any
client = "Boulangerie Dupont"  # the client the report is for (name or alias)
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
lang = "fr"  # "fr" or "en"
with_descriptions = False  # show this client's own task descriptions
out = "../out/share"  # never inside the data folder

# %%
from pathlib import Path

from IPython.display import HTML, display

from cmtime.charts import setup_notebook
from cmtime.interfaces.notebook import as_scope
from cmtime.outputs.page import proposal_html
from cmtime.outputs.share import build_report, write_report

setup_notebook()  # cmtime theme; charts drawn offline (no CDN)

scope = as_scope(data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang)
report = build_report(scope, with_descriptions=with_descriptions)
written = write_report(report, out)
print("\n".join(str(p) for p in written))

# %% [markdown]
# ## La proposition de renouvellement
#
# Le forfait actuel, le forfait proposé et les chiffres qui le justifient, tels que le
# client les lira dans le rapport.

# %%
HTML(proposal_html(report.proposal))

# %% [markdown]
# ## Le premier graphique, tel que le client le verra
#
# Ouvrez `report.html` (lien ci-dessous) pour voir tout le rapport.

# %%
display(HTML(f'<a href="{Path(out) / "report.html"}" target="_blank">report.html</a>'))
report.charts[0].chart
