"""The `cmtime summary --json` contract, field by field, hand-computed on tiny frames.

DESIGN.md, "Command line contract" and "Definitions". The entries are canonical rows
(local wall times in Europe/Paris) run through `classify` and `split_worktime`, so the
off-hours columns are the real ones. Default working hours: Monday to Thursday
09:00-12:30 and 13:30-18:00, Friday to 17:00; the night window is 22:00-06:00;
French public holidays. In March-May 2026: Monday 6 April is Easter Monday and Thursday
14 May is Ascension Day; summer time starts on 29 March.

The scenario, period 1 March - 15 May 2026 (target rate 60):

- "Boulangerie Dupont": 930 a month from 11 March, +25 % off-hours; hours of every
  category, a wait entry, a ledger wait answered, an open ledger wait, and rows and a
  ledger wait outside the period;
- "Studio Lumen": not in the config (money null);
- "Librairie Page Blanche": in the config without a fee, only a ledger wait;
- no client at all (``client`` null).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from cmtime.analysis.classify import classify
from cmtime.analysis.metrics import OFFHOURS_CATEGORIES, Period, summary
from cmtime.analysis.worktime import split_worktime
from cmtime.config import Client, Config
from cmtime.schema import ENTRY_SCHEMA, WAIT_SCHEMA

PARIS = ZoneInfo("Europe/Paris")
DUPONT, LUMEN, PAGE = "Boulangerie Dupont", "Studio Lumen", "Librairie Page Blanche"
CONFIG = Config(
    target_rate=60.0,
    clients=(
        Client(DUPONT, monthly_fee=930.0, offhours_premium=0.25, start=dt.date(2026, 3, 11)),
        Client(PAGE),  # a client in the config, without a fee
    ),
)
PERIOD = Period(dt.date(2026, 3, 1), dt.date(2026, 5, 15))

CLIENT_KEYS = [
    "client",
    "visible_h",
    "hidden_h",
    "unclassified_h",
    "effort_h",
    "hidden_share",
    "offhours_h",
    "offhours_share",
    "wait_h",
    "waits",
    "wait_median_h",
    "wait_business_h",
    "open_waits",
    "fee",
    "effective_rate",
    "perceived_rate",
    "suggested_fee",
    *(f"offhours_{c}_h" for c in OFFHOURS_CATEGORIES),
]
MONEY = ("fee", "effective_rate", "perceived_rate", "suggested_fee")


def local(text: str) -> dt.datetime:
    """A local wall time ``"YYYY-MM-DD HH:MM"`` in Paris, as a UTC instant."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=PARIS).astimezone(dt.UTC)


def row(
    a: str, *, hours: float, client: str | None = DUPONT, tag: str = "", description: str = ""
) -> dict[str, Any]:
    """An entry starting at local ``a`` (``"YYYY-MM-DD"`` alone: duration-only), ``hours`` long.

    ``tag`` sets the kind through the tags classify reads (``visible``, ``hidden``,
    ``attente``); without a tag and with a neutral description the row is unclassified.
    """
    length = dt.timedelta(hours=hours)
    if len(a) == 10:
        start = end = None
        day = dt.date.fromisoformat(a)
    else:
        start = local(a)
        end = start + length
        day = dt.date.fromisoformat(a[:10])
    return {
        "entry_id": f"{client}|{a}|{hours}|{tag}",
        "source": "cmtime",
        "origin": "test",
        "person": "Camille",
        "client": client,
        "project": "",
        "task": "",
        "description": description,
        "tags": [tag] if tag else [],
        "start": start,
        "end": end,
        "date": day,
        "duration": length,
        "billable": None,
    }


def analysed(*rows: dict[str, Any], config: Config = CONFIG) -> pl.LazyFrame:
    """Classified entries with the off-hours split, as `summary` expects them."""
    lf = pl.LazyFrame(list(rows), schema=ENTRY_SCHEMA)
    return lf.pipe(classify, rules=config.rules).pipe(split_worktime, config=config)


def ledger(*waits: tuple[str | None, str, str | None]) -> pl.DataFrame:
    """Ledger waits of (client, asked, answered or None), local wall times."""
    return pl.DataFrame(
        [
            {
                "wait_id": f"w{i}",
                "origin": f"waits.csv:{i + 2}",
                "client": client,
                "item": "Validation calendrier",
                "asked": local(asked),
                "answered": None if answered is None else local(answered),
                "reminders": 0,
            }
            for i, (client, asked, answered) in enumerate(waits)
        ],
        schema=WAIT_SCHEMA,
    )


ENTRIES = analysed(
    # -- Dupont, March (contract from the 11th)
    row("2026-03-05 09:00", hours=1, tag="visible"),  # Thu, in hours, before the contract
    row("2026-03-16 09:00", hours=2, tag="visible"),  # Mon, in hours
    row("2026-03-16 18:00", hours=1.5, tag="hidden"),  # Mon, evening 1.5
    row("2026-03-17 12:30", hours=1, tag="hidden"),  # Tue, lunch break: midday 1
    row("2026-03-18 07:00", hours=2, description="Divers"),  # Wed, unclassified, early 2
    row("2026-03-21 10:00", hours=1, tag="visible"),  # Saturday: day_off 1
    row("2026-03-16 10:00", hours=50, tag="attente"),  # a wait entry, to Wed 18 12:00
    # -- Dupont, April
    row("2026-04-06", hours=1, tag="visible"),  # duration-only on Easter Monday: day_off 1
    row("2026-04-07 05:00", hours=1.5, tag="hidden"),  # Tue, night 1 (05-06) + early 0.5
    row("2026-04-08 09:00", hours=4, tag="visible"),  # Wed, in hours 3.5 + midday 0.5
    row("2026-04-09", hours=2, tag="hidden"),  # duration-only on a working day: unknown 2
    # -- Dupont, May
    row("2026-05-04 14:00", hours=2, tag="visible"),  # Mon, in hours
    # -- Dupont, outside the period: never counted
    row("2026-02-27 10:00", hours=3, tag="visible"),
    row("2026-05-18 10:00", hours=2, tag="hidden"),
    row("2026-05-18 11:00", hours=4, tag="attente"),
    # -- Studio Lumen, not in the config
    row("2026-04-14 10:00", hours=2, client=LUMEN, tag="visible"),  # Tue, in hours
    row("2026-04-14 14:00", hours=1, client=LUMEN, tag="hidden"),  # in hours
    row("2026-04-14 15:00", hours=3, client=LUMEN, tag="attente"),  # 15-18, in hours
    # -- no client
    row("2026-04-15 09:00", hours=1, client=None, tag="hidden"),  # Wed, in hours
    row("2026-04-15 19:00", hours=1, client=None, description="Divers"),  # evening 1
)
LEDGER = ledger(
    (DUPONT, "2026-04-20 09:00", "2026-04-21 09:00"),  # Mon -> Tue: 24 h
    (DUPONT, "2026-05-13 16:00", None),  # Wed, still open
    (DUPONT, "2026-02-20 10:00", "2026-03-02 10:00"),  # asked before the period: left out
    (PAGE, "2026-04-01 17:00", "2026-04-02 10:30"),  # Wed -> Thu: 17.5 h
)


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return summary(ENTRIES, config=CONFIG, period=PERIOD, ledger=LEDGER)


def pick(record: dict[str, Any], keys: str) -> tuple[Any, ...]:
    """The values of the space-separated ``keys``, in order."""
    return tuple(record[k] for k in keys.split())


def client(doc: dict[str, Any], name: str | None) -> dict[str, Any]:
    found = [c for c in doc["clients"] if c["client"] == name]
    assert len(found) == 1, doc["clients"]
    return found[0]


# -- the document -----------------------------------------------------------------------------


def test_document_shape_and_period(doc: dict[str, Any]) -> None:
    assert list(doc) == ["period", "currency", "totals", "clients"]
    assert doc["period"] == {"from": "2026-03-01", "to": "2026-05-15"}
    assert doc["currency"] == "EUR"
    # most effort first; the ledger-only client has no effort and comes last
    assert [c["client"] for c in doc["clients"]] == [DUPONT, LUMEN, None, PAGE]
    for c in doc["clients"]:
        assert list(c) == CLIENT_KEYS
    # one JSON document: no NaN, no infinity, nothing polars-specific
    assert json.loads(json.dumps(doc, allow_nan=False)) == doc


def test_hours_and_hidden_share(doc: dict[str, Any]) -> None:
    c = client(doc, DUPONT)
    assert c["visible_h"] == 11.0  # 1 + 2 + 1 (March) + 1 + 4 (April) + 2 (May)
    assert c["hidden_h"] == 6.0  # 1.5 + 1 (March) + 1.5 + 2 (April)
    assert c["unclassified_h"] == 2.0
    assert c["effort_h"] == 19.0  # 11 + 6 + 2; the wait rows are not effort
    # hidden / (visible + hidden), unclassified left out: 6 / 17 = 0.352941...
    assert c["hidden_share"] == 0.3529


def test_offhours_by_category(doc: dict[str, Any]) -> None:
    c = client(doc, DUPONT)
    assert c["offhours_early_h"] == 2.5  # 07:00-09:00 on 18 March + 06:00-06:30 on 7 April
    assert c["offhours_midday_h"] == 1.5  # 12:30-13:30 on 17 March + 12:30-13:00 on 8 April
    assert c["offhours_evening_h"] == 1.5  # 18:00-19:30 on 16 March
    assert c["offhours_night_h"] == 1.0  # 05:00-06:00 on 7 April
    assert c["offhours_day_off_h"] == 2.0  # a Saturday hour + a duration-only hour on Easter Monday
    assert c["offhours_unknown_h"] == 2.0  # duration-only on a working day: not off-hours
    # off-hours = early + midday + evening + night + day_off = 2.5 + 1.5 + 1.5 + 1 + 2
    assert c["offhours_h"] == 8.5
    assert c["offhours_share"] == 0.4474  # 8.5 / 19 = 0.447368...


def test_waits_entries_and_ledger(doc: dict[str, Any]) -> None:
    c = client(doc, DUPONT)
    # three waits asked in the period (the one asked on 20 February and the wait entry of
    # 18 May are outside it):
    # - the wait entry, Mon 16 March 10:00 + 50 h: in working hours Mon 2.5 + 4.5, Tue 8,
    #   Wed 09:00-12:00 3 = 18 h;
    # - ledger, Mon 20 April 09:00 to Tue 09:00: 24 h, Monday's 8 working hours;
    # - ledger, open since Wed 13 May 16:00: runs to the end of the period's last day,
    #   Sat 16 May 00:00 = 8 + 24 + 24 = 56 h; working hours Wed 16-18 2, Thursday is
    #   Ascension Day 0, Friday 3.5 + 3.5 = 7, so 9 h.
    assert c["waits"] == 3
    assert c["wait_h"] == 130.0  # 50 + 24 + 56
    assert c["wait_median_h"] == 50.0  # median of 24, 50, 56
    assert c["wait_business_h"] == 35.0  # 18 + 8 + 9
    assert c["open_waits"] == 1


def test_money_pro_rata_and_rates(doc: dict[str, Any]) -> None:
    c = client(doc, DUPONT)
    # March 11-31 under contract: 930 * 21 / 31 = 630; April 930; May 1-15: 930 * 15 / 31 = 450
    assert c["fee"] == 2010.0
    assert c["effective_rate"] == 105.79  # 2010 / 19 effort h = 105.789...
    assert c["perceived_rate"] == 182.73  # 2010 / 11 visible h = 182.727...


def test_suggested_fee_is_the_median_month(doc: dict[str, Any]) -> None:
    # target 60 * (effort + 0.25 * off-hours), per month:
    # March: effort 1 + 2 + 1.5 + 1 + 2 + 1 = 8.5, off 1.5 + 1 + 2 + 1 = 5.5 -> 60 * 9.875 = 592.5
    # April: effort 1 + 1.5 + 4 + 2 = 8.5, off 1 + 1.5 + 0.5 = 3 -> 60 * 9.25 = 555
    # May: effort 2, off 0 -> 120
    # April is the only full month (the contract starts on 11 March, the period ends on
    # 15 May), so the median month is April: 555 (over all three months it is also 555)
    assert client(doc, DUPONT)["suggested_fee"] == 555.0


def test_suggested_fee_rounds_to_the_currency_unit() -> None:
    cfg = Config(target_rate=61.0, clients=(Client(LUMEN, monthly_fee=500.0),))
    lf = analysed(
        row("2026-04-14 10:00", hours=1.5, client=LUMEN, tag="visible"),
        row("2026-05-12 10:00", hours=1.25, client=LUMEN, tag="visible"),
    )
    c = summary(lf, config=cfg, period=Period(dt.date(2026, 4, 1), dt.date(2026, 5, 31)))
    # the typical month is the mean of the two months, 1.375 h, counted to the minute as the
    # report writes it (82.5 min, half to even: 1 h 22), so 61 * 82 / 60 = 83.37, rounded to 83
    assert c["clients"][0]["suggested_fee"] == 83.0


def test_suggested_fee_median_is_over_full_months_when_there_are_any() -> None:
    cfg = Config(target_rate=60.0, clients=(Client(LUMEN, monthly_fee=900.0),))
    lf = analysed(
        row("2026-03-30 10:00", hours=1, client=LUMEN, tag="visible"),  # March: 1 h
        row("2026-04-14 10:00", hours=5, client=LUMEN, tag="visible"),  # April: 5 h
        row("2026-05-04 10:00", hours=2, client=LUMEN, tag="visible"),  # May: 2 h
    )
    # 30 March - 31 May: March is 2 days of 31, April and May are full
    c = summary(lf, config=cfg, period=Period(dt.date(2026, 3, 30), dt.date(2026, 5, 31)))
    # full months April (300) and May (120): median 210; with partial March (60) it is 120
    assert c["clients"][0]["suggested_fee"] == 210.0


# -- clients without money, without a name, without effort ------------------------------------


def test_client_without_contract_has_null_money(doc: dict[str, Any]) -> None:
    c = client(doc, LUMEN)
    assert {k: c[k] for k in MONEY} == dict.fromkeys(MONEY)
    assert pick(c, "visible_h hidden_h unclassified_h effort_h") == (2.0, 1.0, 0.0, 3.0)
    assert c["hidden_share"] == 0.3333  # 1 / 3
    assert (c["offhours_h"], c["offhours_share"]) == (0.0, 0.0)  # all in working hours
    assert all(c[f"offhours_{k}_h"] == 0.0 for k in OFFHOURS_CATEGORIES)
    # one wait entry, 15:00-18:00 on a Tuesday, all in working hours
    assert pick(c, "waits wait_h wait_median_h wait_business_h") == (1, 3.0, 3.0, 3.0)
    assert c["open_waits"] == 0


def test_null_client_is_a_record_without_money(doc: dict[str, Any]) -> None:
    c = client(doc, None)
    assert {k: c[k] for k in MONEY} == dict.fromkeys(MONEY)
    assert pick(c, "visible_h hidden_h unclassified_h effort_h") == (0.0, 1.0, 1.0, 2.0)
    assert c["hidden_share"] == 1.0  # 1 / (0 + 1): unclassified left out
    assert c["offhours_h"] == c["offhours_evening_h"] == 1.0  # 19:00-20:00
    assert c["offhours_share"] == 0.5
    assert pick(c, "waits wait_h wait_median_h wait_business_h") == (0, 0.0, None, 0.0)


def test_ledger_only_client_in_config_without_fee(doc: dict[str, Any]) -> None:
    c = client(doc, PAGE)
    assert {k: c[k] for k in MONEY} == dict.fromkeys(MONEY)  # in the config, but no fee
    assert pick(c, "visible_h hidden_h unclassified_h effort_h") == (0.0, 0.0, 0.0, 0.0)
    # no hours: the shares are null, never 0 / 0
    assert (c["hidden_share"], c["offhours_share"]) == (None, None)
    assert c["offhours_h"] == 0.0
    assert all(c[f"offhours_{k}_h"] == 0.0 for k in OFFHOURS_CATEGORIES)
    # Wed 1 April 17:00 to Thu 10:30: 17.5 h, in working hours 17-18 + 09:00-10:30 = 2.5 h
    assert pick(c, "waits wait_h wait_median_h wait_business_h") == (1, 17.5, 17.5, 2.5)
    assert c["open_waits"] == 0


def test_totals(doc: dict[str, Any]) -> None:
    assert doc["totals"] == {
        "visible_h": 13.0,  # 11 + 2 + 0 + 0
        "hidden_h": 8.0,  # 6 + 1 + 1
        "unclassified_h": 3.0,  # 2 + 0 + 1
        "effort_h": 24.0,  # 19 + 3 + 2
        "offhours_h": 9.5,  # 8.5 + 1
        "wait_h": 150.5,  # 130 + 3 + 17.5
        "waits": 5,  # 3 + 1 + 1
        "wait_business_h": 40.5,  # 35 + 3 + 2.5
        "open_waits": 1,
        "hidden_share": 0.381,  # 8 / 21 = 0.380952...
        "offhours_share": 0.3958,  # 9.5 / 24 = 0.395833...
        "fee": 2010.0,  # Dupont's only
        "clients": 4,
        "offhours_early_h": 2.5,
        "offhours_midday_h": 1.5,
        "offhours_evening_h": 2.5,  # 1.5 + 1
        "offhours_night_h": 1.0,
        "offhours_day_off_h": 2.0,
        "offhours_unknown_h": 2.0,
    }


# -- periods ------------------------------------------------------------------------------------


def test_empty_period() -> None:
    # nothing was logged or asked in June
    june = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    doc = summary(ENTRIES, config=CONFIG, period=june, ledger=LEDGER)
    assert doc["period"] == {"from": "2026-06-01", "to": "2026-06-30"}
    assert doc["clients"] == []
    totals = doc["totals"]
    assert totals["clients"] == 0
    assert (totals["hidden_share"], totals["offhours_share"], totals["fee"]) == (None, None, None)
    hours = {k: v for k, v in totals.items() if k.endswith("_h")}
    assert hours == dict.fromkeys(hours, 0.0)
    assert (totals["waits"], totals["open_waits"]) == (0, 0)


def test_default_period_is_the_data_dates() -> None:
    doc = summary(ENTRIES, config=CONFIG)
    # the first and the last entry: 27 February and 18 May
    assert doc["period"] == {"from": "2026-02-27", "to": "2026-05-18"}
    c = client(doc, DUPONT)
    assert c["visible_h"] == 14.0  # 11 + 3 on 27 February
    assert c["hidden_h"] == 8.0  # 6 + 2 on 18 May
    # 27-28 February are outside the contract: March 630 + April 930 + May 1-18 930 * 18 / 31 = 540
    assert c["fee"] == 2100.0


def test_one_day_period_keeps_a_month_pro_rata() -> None:
    day = Period(dt.date(2026, 4, 8), dt.date(2026, 4, 8))
    c = client(summary(ENTRIES, config=CONFIG, period=day, ledger=LEDGER), DUPONT)
    assert c["fee"] == 31.0  # 930 / 30 days of April
    assert c["effort_h"] == c["visible_h"] == 4.0
    assert c["effective_rate"] == c["perceived_rate"] == 7.75  # 31 / 4
    assert c["offhours_midday_h"] == c["offhours_h"] == 0.5
    # one day in the contract: too short for a typical month, so no suggested fee (DESIGN)
    assert c["suggested_fee"] is None
