"""The cmtime summary written plainly in pandas: the peer that row (d) of the benchmark times.

Written as a competent analyst would, in one script, not deliberately slow: read the Toggl
CSV as strings, parse dates, times and durations, classify with ``str.contains`` over the
same built-in rules (`cmtime.analysis.classify.builtin()`: match, with, unless) on the text
normalised as cmtime does (lower case, no accents, words between single spaces), tags
overriding the kind, then effort per client and a vectorised
off-hours split (clip each block to each working range of its day and of the next day).

What it leaves out compared with cmtime (so the peer is, if anything, cheaper): no
rejection of bad rows, no entry ids or de-duplication, no overlap counts, no DST-exact
instants (wall-clock local time), no night/early/evening categories (only in-hours vs
off-hours), no money fields.

pandas is not a cmtime dependency: this module is imported only by ``benchmarks/run.py``
when pandas is installed.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cmtime.analysis.classify import KIND_TAGS, TableRule, builtin
from cmtime.config import Config

FIELDS = ("Description", "Task", "Tags", "Project")
EFFORT = ("visible", "hidden", "unclassified")


def _pattern(regex: str) -> str:
    """A built-in rule's regex for Python's ``re``: the rules are written for polars' (Rust)
    engine, where ``(?-u:\\b)`` is an ASCII word boundary; ``re`` spells it ``(?a:\\b)``. An
    inline ``(?i)`` is dropped: the text the rules read is lower case already."""
    return regex.replace("(?-u:\\b)", "(?a:\\b)").replace("(?i)", "")


def _normalized(text: pd.Series) -> pd.Series:
    """What the built-in rules read (`cmtime.analysis.classify.normalized`): lower case,
    no accents, every run of non-letters-or-digits one space."""
    low = text.str.lower().str.replace("œ", "oe", regex=False).str.replace("æ", "ae", regex=False)
    plain = low.str.normalize("NFKD").str.replace(r"[\u0300-\u036f]+", "", regex=True)
    return plain.str.replace(r"[\W_]+", " ", regex=True).str.strip()


def _hit(text: pd.Series, rule: TableRule) -> pd.Series:
    """Where ``rule`` matches: its words, its ``with`` words too, none of its ``unless``,
    and none of its ``head_unless`` before its words."""
    hit = text.str.contains(_pattern(rule.match), regex=True)
    if rule.also is not None:
        hit &= text.str.contains(_pattern(rule.also), regex=True)
    if rule.unless is not None:
        hit &= ~text.str.contains(_pattern(rule.unless), regex=True)
    if rule.head_unless is not None:
        head = text.str.extract(f"^(.*?)(?:{_pattern(rule.match)})", expand=False).fillna("")
        hit &= ~head.str.contains(_pattern(rule.head_unless), regex=True)
    return hit


def _classify(df: pd.DataFrame) -> pd.Series:
    """The kind of each row: a kind tag, else the first rule matching a field in order."""
    rule = pd.Series(-1, index=df.index, dtype="int64")
    for field in FIELDS:
        text = _normalized(df[field])
        for i, r in enumerate(builtin()):
            todo = rule.eq(-1)
            if not todo.any():
                break
            # only the rows no earlier rule or field has matched: first match wins
            with warnings.catch_warnings():  # groups are only alternations here
                warnings.filterwarnings("ignore", "This pattern is interpreted", UserWarning)
                hit = _hit(text[todo], r)
            rule[hit[hit].index] = i
    kinds = np.array([r.kind for r in builtin()] + ["unclassified"], dtype=object)
    kind = pd.Series(kinds[rule.to_numpy()], index=df.index)
    tags = df["Tags"].str.lower().str.split(",")
    tag_kind = tags.map(
        lambda ts: (
            next((KIND_TAGS[t.strip()] for t in ts if t.strip() in KIND_TAGS), None)
            if isinstance(ts, list)
            else None
        )
    )
    return tag_kind.fillna(kind)


def _in_hours(start: pd.Series, end: pd.Series, config: Config) -> pd.Series:
    """Time of ``[start, end)`` inside working hours, by clipping to each range of the
    start day and the next day (blocks shorter than a day)."""
    years = range(start.dt.year.min(), end.dt.year.max() + 1)
    off_days: set[Any] = set(config.days_off)
    if config.country:
        import holidays

        off_days |= set(holidays.country_holidays(config.country, years=years))
    off_days_ts = pd.to_datetime(sorted(off_days)) if off_days else pd.DatetimeIndex([])
    total = pd.Series(pd.Timedelta(0), index=start.index)
    width = max(len(r) for r in config.hours)
    for shift in (0, 1):
        day = start.dt.normalize() + pd.Timedelta(days=shift)
        weekday = day.dt.weekday
        working = ~day.isin(off_days_ts)
        for j in range(width):
            lo = weekday.map({d: r[j].start for d, r in enumerate(config.hours) if len(r) > j})
            hi = weekday.map({d: r[j].end for d, r in enumerate(config.hours) if len(r) > j})
            a = np.maximum(start, day + pd.to_timedelta(lo))
            b = np.minimum(end, day + pd.to_timedelta(hi))
            part = (b - a).clip(lower=pd.Timedelta(0)).fillna(pd.Timedelta(0))
            total += part.where(working, pd.Timedelta(0))
    return total


def summary(path: str | Path, *, config: Config | None = None) -> pd.DataFrame:
    """Hours per client: visible, hidden, unclassified, effort, off-hours, waits."""
    cfg = config or Config()
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    start = pd.to_datetime(df["Start date"] + " " + df["Start time"], format="%Y-%m-%d %H:%M:%S")
    duration = pd.to_timedelta(df["Duration"])
    end = start + duration
    kind = _classify(df)
    hours = duration.dt.total_seconds() / 3600
    effort = kind.isin(EFFORT)
    off = (duration - _in_hours(start, end, cfg)).dt.total_seconds() / 3600
    frame = pd.DataFrame(
        {
            "client": df["Client"].replace("", None),
            "month": start.dt.to_period("M"),
            "kind": kind,
            "hours": hours,
            "offhours_h": off.where(effort, 0.0),
        }
    )
    by_kind = frame.pivot_table(
        index="client", columns="kind", values="hours", aggfunc="sum", fill_value=0.0, dropna=False
    ).reindex(columns=[*EFFORT, "wait"], fill_value=0.0)
    out = by_kind.rename(columns=lambda k: f"{k}_h")
    out["effort_h"] = out[[f"{k}_h" for k in EFFORT]].sum(axis=1)
    visible_hidden = out["visible_h"] + out["hidden_h"]
    out["hidden_share"] = out["hidden_h"] / visible_hidden.where(visible_hidden > 0)
    out["offhours_h"] = frame.groupby("client", dropna=False)["offhours_h"].sum()
    out["offhours_share"] = out["offhours_h"] / out["effort_h"].where(out["effort_h"] > 0)
    waits = frame[frame["kind"] == "wait"].groupby("client", dropna=False)["hours"]
    out["waits"] = waits.size().reindex(out.index, fill_value=0)
    out["wait_median_h"] = waits.median()
    monthly = frame[effort].groupby(["client", "month"], dropna=False)["hours"].sum()
    out["effort_month_median_h"] = monthly.groupby(level=0, dropna=False).median()
    return out.sort_values("effort_h", ascending=False).reset_index()
