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

data = default_data()  # a file or folder of exports of the whole team; `cmtime lab FOLDER` sets it (CMTIME_DATA), else the sample
config = default_config()  # a cmtime.toml with [people] (cost_rate, hours, days_off) and target_margin (CMTIME_CONFIG)
date_from = None  # "2026-01-01", inclusive
date_to = None  # "2026-12-31", inclusive
min_group = 0  # shown to others: below this many people, one row for the whole team
lang = "fr"  # "fr" or "en": every text, table and chart of this notebook

# %% jupyter={"source_hidden": true}
# Every sentence comes from the catalogs (nb.07.*), every figure from cmtime.analysis.team
# and cmtime.analysis.forecast: the same as `cmtime team`.
import polars as pl
from IPython.display import display

from cmtime.charts.margins import margins_chart
from cmtime.interfaces.notebook import load_team, setup_notebook
from cmtime.outputs.tables import table
from cmtime.text.labels import date_text, hours, money, percent
from cmtime.text.notebooks import say, text

setup_notebook(lang)  # cmtime theme; live charts, nothing fetched (no CDN), language's formats
view = load_team(data, config=config, date_from=date_from, date_to=date_to, lang=lang, min_group=min_group)
cfg, period, figures = view.scope.config, view.scope.period, view.figures
say("07.title", lang)

# %% jupyter={"source_hidden": true}
display(
    say("period", lang, start=date_text(period.start, lang), end=date_text(period.end, lang)),
    say("07.people", lang),
)  # fmt: skip

# %% jupyter={"source_hidden": true}
people = figures.people.with_columns(pl.col("person").fill_null(text("07.whole_team", lang)))
table(people, [("person", "text"), ("capacity_h", "hours"), ("effort_h", "hours"), ("utilisation", "percent"),
               ("balance_h", "hours"), ("client_share", "percent"), ("offhours_share", "percent"),
               ("longest_run_days", "int")], lang=lang, empty=text("07.no_people", lang))  # fmt: skip

# %% jupyter={"source_hidden": true}
if view.over:
    over = say("07.over", lang, count=len(view.over), names=", ".join(view.over))
else:
    over = say("07.no_over", lang)
over

# %% jupyter={"source_hidden": true}
say("07.clients", lang, margin=percent(cfg.target_margin, lang))

# %% jupyter={"source_hidden": true}
clients = figures.clients.with_columns(pl.col("client").fill_null(text("07.no_client", lang)))
table(clients, [("client", "text"), ("cost", "money"), ("fee", "money"), ("margin", "money"),
                ("margin_share", "percent"), ("floor_fee", "money"), ("fair_fee", "money"),
                ("loss_per_month", "money")], lang=lang, currency=cfg.currency,
      empty=text("07.no_clients", lang))  # fmt: skip

# %% jupyter={"source_hidden": true}
losers = [f"{c} ({money(x, cfg.currency, lang)})" for c, x in view.losing.iter_rows()]
losing = say("07.losing", lang, count=len(losers), clients=", ".join(losers))
losing if losers else say("07.no_losing", lang)

# %% jupyter={"source_hidden": true}
margins_chart(view.margins, lang=lang, currency=cfg.currency)

# %% jupyter={"source_hidden": true}
f = view.forecast
say("07.forecast", lang, start=date_text(f.history[0], lang), months=len(f.history))

# %% jupyter={"source_hidden": true}
table(f.months, [("month", "month"), ("effort_h", "hours"), ("low_h", "hours"), ("high_h", "hours"),
                 ("capacity_h", "hours")], lang=lang, empty=text("07.no_forecast", lang))  # fmt: skip

# %% jupyter={"source_hidden": true}
if f.mae_h is not None:
    backtest = say("07.backtest", lang, count=f.errors, errors=f.errors, mae=hours(f.mae_h, lang),
                   wape=percent(f.wape, lang), coverage=percent(f.coverage, lang), level=percent(0.8, lang))  # fmt: skip
else:
    backtest = say("07.no_backtest", lang)
backtest

# %% jupyter={"source_hidden": true}
table(f.clients.with_columns(pl.col("client").fill_null(text("07.no_client", lang))),
      [("client", "text"), ("month", "month"), ("effort_h", "hours"), ("low_h", "hours"), ("high_h", "hours")],
      lang=lang, empty=text("07.no_forecast", lang))  # fmt: skip
