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
data = "../data/sample"  # a file or folder of exports (Toggl, Clockify, cmtime CSV, ...)
config = None  # a cmtime.toml; None = the one inside the data folder, if any
client = None  # not used here; kept so every notebook takes the same parameters
date_from = None  # not used here
date_to = None  # not used here
lang = "fr"  # "fr" or "en": every text, table and chart of this notebook

# %%
# Every sentence comes from cmtime/text/notebooks.py, every table from cmtime/outputs/tables.py.
import ipywidgets as widgets
from IPython.display import display

from cmtime.analysis.classify import classify, explain
from cmtime.interfaces.notebook import load_start
from cmtime.outputs.tables import table
from cmtime.readers import InputError
from cmtime.text.labels import date_text, hours, number
from cmtime.text.notebooks import say, text

nb = load_start(data, config=config, lang=lang)
say("00.title", lang)

# %% jupyter={"source_hidden": true}
t = nb.totals
display(
    say("00.totals", lang, count=t["files"], files=t["files"],
        entries=number(t["entries"], lang, 0), effort=hours(t["effort_h"], lang),
        wait=hours(t["wait_h"], lang)),
    say("00.checks", lang, rejected=t["rejected"], overlaps=t["overlaps"], duplicates=sum(nb.loaded.duplicates),
        unclassified=hours(t["unclassified_h"], lang)),
)  # fmt: skip
if nb.period is not None:
    display(
        say(
            "period",
            lang,
            start=date_text(nb.period.start, lang),
            end=date_text(nb.period.end, lang),
        )
    )

# %% jupyter={"source_hidden": true}
say("00.files", lang)

# %%
FILES = [("path", "file"), ("format", "text"), ("rows", "int"), ("entries", "int"),
         ("effort_h", "hours"), ("wait_h", "hours"), ("rejected", "int"), ("duplicates", "int"), ("overlaps", "int"),
         ("open", "int")]  # fmt: skip
table(nb.files, FILES, lang=lang, empty=text("00.no_files", lang),
      unless_zero=["rejected", "duplicates", "overlaps", "open"])  # fmt: skip

# %% jupyter={"source_hidden": true}
say("00.rejected", lang)

# %%
REJECTED = [("path", "file"), ("line", "int"), ("reason", "text")]
table(nb.rejected, REJECTED, lang=lang, empty=text("00.no_rejected", lang))

# %% jupyter={"source_hidden": true}
say("00.unclassified", lang)

# %%
UNCLASSIFIED = [("description", "text"), ("hours", "hours"), ("blocks", "int")]
table(nb.unclassified, UNCLASSIFIED, lang=lang, empty=text("00.no_unclassified", lang))

# %% jupyter={"source_hidden": true}
say("00.explain", lang)

# %%
why = explain(classify(nb.loaded.lazy(), rules=nb.config.rules), unclassified_first=True).collect()
table(why, [("description", "text"), ("kind", "label"), ("activity", "label"), ("rule", "text"),
            ("hours", "hours"), ("blocks", "int")], lang=lang, empty=text("no_data", lang))  # fmt: skip

# %% jupyter={"source_hidden": true}
say("00.own", lang)

# %%
box = widgets.Text(
    value=str(data), description=text("00.own.box", lang), layout=widgets.Layout(width="40em")
)
read = widgets.Button(description=text("00.own.read", lang), button_style="primary")
out = widgets.Output()


def show(_: object = None) -> None:
    out.clear_output()
    with out:
        try:
            v = load_start(box.value, config=config, lang=lang)
        except (InputError, OSError) as e:
            display(say("00.own.error", lang, error=e))
            return
        display(table(v.files, FILES, lang=lang, empty=text("00.no_files", lang)),
                table(v.rejected, REJECTED, lang=lang, empty=text("00.no_rejected", lang)),
                table(v.unclassified, UNCLASSIFIED, lang=lang, empty=text("00.no_unclassified", lang)))  # fmt: skip


read.on_click(show)
widgets.VBox([widgets.HBox([box, read]), out])

# %% jupyter={"source_hidden": true}
say("00.next", lang)
