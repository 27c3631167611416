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
# # Commencez ici : vos exports ont-ils été bien lus ?
#
# Avant de tirer des conclusions, vérifiez que cmtime a lu tous vos blocs de temps :
# combien de lignes par fichier, lesquelles ont été écartées et pourquoi, et quelles
# descriptions ne correspondent à aucune règle. C'est ce que montre `cmtime check`.
# Par défaut ce carnet lit les données d'exemple ; indiquez le dossier de vos exports
# plus bas (ou dans la cellule `parameters`).

# %% tags=["parameters"]
data = "../data/sample"  # a file or folder of exports (Toggl, Clockify, cmtime CSV, ...)
config = None  # a cmtime.toml; None = the one inside the data folder, if any
client = None  # not used here; kept so every notebook takes the same parameters
date_from = None  # not used here
date_to = None  # not used here
lang = "fr"  # "fr" or "en"

# %%
import ipywidgets as widgets
from IPython.display import Markdown, display

from cmtime.interfaces.notebook import load_start
from cmtime.readers import InputError
from cmtime.text.labels import hours, number

nb = load_start(data, config=config)
t = nb.totals
print(f"{t['files']} fichier(s) lu(s), {number(t['entries'], lang, 0)} blocs, {hours(t['hours'], lang)}")
print(f"Lignes écartées : {t['rejected']} — chevauchements : {t['overlaps']}")
if nb.period is not None:
    print(f"Période : {nb.period.start:%d/%m/%Y} → {nb.period.end:%d/%m/%Y}")

# %% [markdown]
# ## Fichier par fichier
#
# Le nombre de blocs doit correspondre à ce que votre outil affiche ; `rejected` compte
# les lignes écartées, `duplicates` celles déjà lues dans un autre export, `overlaps` les
# blocs d'une même personne qui se chevauchent, `open` les chronos encore en cours.

# %%
nb.files

# %% [markdown]
# ## Les lignes écartées
#
# Chaque ligne écartée est du temps qui manquera aux calculs : corrigez-la dans votre
# outil (numéro de ligne à l'appui) ou ignorez-la si elle ne compte pas.

# %%
nb.rejected

# %% [markdown]
# ## Le travail non classé
#
# Ces descriptions ne correspondent à aucune règle : ajoutez une règle `[[rules]]` dans
# `cmtime.toml` pour les classer en visible, invisible ou attente ; cmtime ne devine pas.

# %%
nb.unclassified

# %% [markdown]
# ## Pourquoi chaque description a son type
#
# Chaque description, avec ses heures, son type (visible, invisible, attente, non classé),
# son activité et ce qui a décidé : une règle intégrée (`builtin:fr/ads`), une ligne de
# votre `cmtime.toml` (`config:line 12`) ou une étiquette (`tag:#hidden`). Le non classé
# vient en premier. En ligne de commande : `cmtime rules DOSSIER`, et
# `cmtime rules DOSSIER --suggest` pour des règles apprises de vos propres étiquettes.

# %%
from cmtime.analysis.classify import classify, explain

explain(classify(nb.loaded.lazy(), rules=nb.config.rules), unclassified_first=True).collect()

# %% [markdown]
# ## Lire vos propres exports
#
# Collez le chemin d'un fichier ou d'un dossier d'exports et cliquez sur « Lire » : le
# même bilan s'affiche sous le bouton, sans toucher au code.

# %%
box = widgets.Text(value=str(data), description="Exports :", layout=widgets.Layout(width="40em"))
read = widgets.Button(description="Lire", button_style="primary")
out = widgets.Output()


def show(_: object = None) -> None:
    out.clear_output()
    with out:
        try:
            v = load_start(box.value, config=config)
        except (InputError, OSError) as e:
            display(Markdown(f"**Lecture impossible :** {e}"))
            return
        display(v.files, Markdown("**Lignes écartées**"), v.rejected,
                Markdown("**Non classé**"), v.unclassified)


read.on_click(show)
widgets.VBox([widgets.HBox([box, read]), out])

# %% [markdown]
# ## Et ensuite
#
# 1. [La charge de travail](01-workload.py) : visible, invisible, attente client.
# 2. [Le travail hors horaires](02-offhours.py) : qui vous fait travailler le soir.
# 3. [L'attente client](03-client-wait.py) : combien de jours chaque client bloque le travail.
# 4. [Tarifs et renouvellement](04-pricing.py) : le vrai taux horaire et un forfait défendable.
# 5. [Le rapport client](05-client-report.py) : un fichier HTML à envoyer au client.
