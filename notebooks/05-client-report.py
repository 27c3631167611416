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

data = default_data()  # a file or folder of exports; `cmtime lab FOLDER` sets it (CMTIME_DATA), else the sample
config = default_config()  # a cmtime.toml (CMTIME_CONFIG); None = the one inside the data folder, if any
client = "Boulangerie Dupont"  # the client the report is for (name or alias)
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
lang = "fr"  # "fr" or "en": every text, table and chart of this notebook, and the report
with_descriptions = False  # show this client's own task descriptions
out = "out/share"  # next to this notebook, so JupyterLab opens the links; never inside the data

# %% jupyter={"source_hidden": true}
# Every sentence comes from cmtime/text/notebooks.py; the report's own from cmtime/text/report.py.
from pathlib import Path

from IPython.display import HTML

from cmtime.interfaces.notebook import as_scope, setup_notebook
from cmtime.outputs.share import build_report, section_html, write_report
from cmtime.text.notebooks import say

setup_notebook(lang)  # cmtime theme; live charts, nothing fetched (no CDN), language's formats
scope = as_scope(
    data, config=config, client=client, date_from=date_from, date_to=date_to, lang=lang
)
report = build_report(scope, with_descriptions=with_descriptions)
written = write_report(report, out)
say("05.title", lang)

# %% jupyter={"source_hidden": true}
link = Path(out) / "report.html"  # relative to this notebook: JupyterLab opens it in a tab
say("05.written", lang, count=len(written), files=len(written), folder=out,
    link=link.as_posix(), pdf=(Path(out) / "report.pdf").as_posix())  # fmt: skip

# %% jupyter={"source_hidden": true}
say("05.proposal", lang)

# %% jupyter={"source_hidden": true}
HTML(section_html(report, "proposal"))

# %% jupyter={"source_hidden": true}
say("05.chart", lang)

# %% jupyter={"source_hidden": true}
report.charts[0].chart
