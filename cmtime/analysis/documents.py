"""The typed documents of the command line contract (DESIGN.md) and the rows that cross modules.

Each ``--json`` document (`SummaryDocument`, `CheckDocument`, `RulesDocument`) is a
`TypedDict`: at run time a plain ``dict`` built in the order its keys are declared here
(so ``json.dumps`` writes them in that order), for the type checker a closed shape. The
published JSON Schemas (``cmtime/schemas/*.schema.json``) are generated from these
declarations by `json_schema` (``python -m cmtime.analysis.documents`` writes them); the tests check that the committed files
equal the generated ones and validate every ``--json`` output against them.

`ClientSummary` is one client's row of ``summary``; `PricingRow` one client's row of
`cmtime.analysis.pricing.period_pricing`, as the share report and the proposal read it.
`frame_rows` turns a frame into typed rows, checking that its columns are the declared keys.

>>> import polars as pl
>>> frame_rows(pl.DataFrame({"path": ["a.csv"], "reason": ["not a time log"]}), SkippedFile)
[{'path': 'a.csv', 'reason': 'not a time log'}]
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict, TypeVar

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DOCUMENTS",
    "CheckDocument",
    "CheckFile",
    "ClientName",
    "ClientOffhours",
    "ClientSummary",
    "ClientWaits",
    "DeliverableForm",
    "DeliverableGroup",
    "ExplainedDescription",
    "Forecast",
    "ForecastBacktest",
    "ForecastClient",
    "ForecastMonth",
    "FrameClient",
    "FrameDelays",
    "FrameDeliverable",
    "FrameDocument",
    "FrameMonth",
    "FrameRevisions",
    "ImplausibleBlock",
    "Kind",
    "OffhoursTotals",
    "PeriodDocument",
    "PricingRow",
    "Rejection",
    "RuleSuggestion",
    "RulesDocument",
    "RulesExplanation",
    "RulesSuggestions",
    "SkippedFile",
    "StartTotals",
    "Summary",
    "SummaryDocument",
    "SummaryTotals",
    "Team",
    "TeamClient",
    "TeamDocument",
    "TeamPerson",
    "TeamWeek",
    "frame_rows",
    "json_schema",
    "schema_text",
]

Kind = Literal["visible", "hidden", "wait", "unclassified"]

#: ``{"from", "to"}``: inclusive local dates, ISO 8601 (``from`` is a Python keyword).
PeriodDocument = TypedDict("PeriodDocument", {"from": str, "to": str})


# -- summary ---------------------------------------------------------------------------------


class ClientSummary(TypedDict):
    """One client of ``summary`` (``client`` null for blocks with no client).

    Hours are rounded to 0.01, shares to 0.0001; money is null without a contract.
    ``offhours_<category>_h`` split ``offhours_h`` by window (``unknown``: duration-only
    rows on working days, not off-hours).
    """

    client: str | None
    visible_h: float
    hidden_h: float
    unclassified_h: float
    effort_h: float
    hidden_share: float | None
    offhours_h: float
    offhours_share: float | None
    wait_h: float
    waits: int
    wait_median_h: float | None
    wait_business_h: float
    open_waits: int
    fee: float | None
    effective_rate: float | None
    perceived_rate: float | None
    suggested_fee: float | None
    offhours_early_h: float
    offhours_midday_h: float
    offhours_evening_h: float
    offhours_night_h: float
    offhours_day_off_h: float
    offhours_unknown_h: float


class SummaryTotals(TypedDict):
    """The clients' figures summed (``clients``: how many rows); shares of the sums."""

    visible_h: float
    hidden_h: float
    unclassified_h: float
    effort_h: float
    offhours_h: float
    wait_h: float
    waits: int
    wait_business_h: float
    open_waits: int
    hidden_share: float | None
    offhours_share: float | None
    fee: float | None
    clients: int
    offhours_early_h: float
    offhours_midday_h: float
    offhours_evening_h: float
    offhours_night_h: float
    offhours_day_off_h: float
    offhours_unknown_h: float


class Summary(TypedDict):
    """The figures of a scope (`cmtime.analysis.scope.Scope.summary`)."""

    period: PeriodDocument
    currency: str
    totals: SummaryTotals
    clients: list[ClientSummary]


class SummaryDocument(Summary):
    """``cmtime summary --json``: the figures and what a user must know about them."""

    warnings: list[str]


# -- team ------------------------------------------------------------------------------------


class TeamPerson(TypedDict):
    """One person of ``team`` (DESIGN.md, "The agency view"); ``person`` null for the whole
    team when it has fewer people than ``min_group``.

    Hours are rounded to 0.01, shares to 0.0001; ``utilisation`` is null without capacity.
    """

    person: str | None
    capacity_h: float
    effort_h: float
    utilisation: float | None
    client_h: float
    offhours_h: float
    offhours_share: float | None
    balance_h: float
    client_share: float | None
    longest_run_days: int


class TeamClient(TypedDict):
    """One client of ``team`` (``client`` null for work for no client): money rounded to
    0.01, null where the config cannot tell (no fee, a person without ``cost_rate``)."""

    client: str | None
    cost: float | None
    fee: float | None
    margin: float | None
    margin_share: float | None
    floor_fee: float | None
    fair_fee: float | None
    loss_per_month: float | None


class TeamWeek(TypedDict):
    """One person's week (Monday, ISO date) of ``team``: balance = effort - capacity."""

    person: str | None
    week: str
    capacity_h: float
    effort_h: float
    balance_h: float


class ForecastMonth(TypedDict):
    """One month of the next quarter (ISO date of its first day): the clients' forecasts
    summed, their 80 % intervals summed (null when no client has one), the team's capacity."""

    month: str
    effort_h: float
    low_h: float | None
    high_h: float | None
    capacity_h: float


class ForecastClient(TypedDict):
    """One client's forecast for one month; no interval with too few past errors."""

    client: str | None
    month: str
    effort_h: float
    low_h: float | None
    high_h: float | None


class ForecastBacktest(TypedDict):
    """The method's error on the history (rolling origin, horizons 1-3 together)."""

    errors: int
    mae_h: float | None
    wape: float | None
    coverage: float | None


class Forecast(TypedDict):
    """The next quarter (`cmtime.analysis.forecast.next_quarter`)."""

    method: str
    history: PeriodDocument
    months: list[ForecastMonth]
    clients: list[ForecastClient]
    backtest: ForecastBacktest


class Team(TypedDict):
    """The figures of the agency view (`cmtime.analysis.team.team_document`)."""

    period: PeriodDocument
    people: list[TeamPerson]
    clients: list[TeamClient]
    currency: str
    target_margin: float
    min_group: int
    weeks: list[TeamWeek]
    forecast: Forecast


class TeamDocument(Team):
    """``cmtime team --json``."""

    warnings: list[str]


# -- check -----------------------------------------------------------------------------------


class Rejection(TypedDict):
    """A row a reader could not read: its line and why (the reader's words)."""

    line: int
    reason: str


class ImplausibleBlock(TypedDict):
    """An effort block longer than the bound: its line (a frame index stays text), its hours."""

    line: int | str
    hours: float


class CheckFile(TypedDict):
    """One file (or folder source) read: ``rows`` = ``entries`` + rejected +
    ``rejected_more`` + ``open``. ``rejected`` lists the first 1 000 rejections of a file
    (by line); ``rejected_more`` counts the rest."""

    path: str
    format: str
    rows: int
    entries: int
    hours: float
    effort_h: float
    wait_h: float
    rejected: list[Rejection]
    rejected_more: int
    duplicates: int
    overlaps: int
    implausible: list[ImplausibleBlock]
    placeholder_blocks: int
    placeholder_h: float
    open: int


class SkippedFile(TypedDict):
    """A file of a folder that no reader knows, and why."""

    path: str
    reason: str


class ClientName(TypedDict):
    """A client name as written in the data (`cmtime.analysis.checks.client_names`)."""

    written: str | None
    client: str | None
    match: Literal["name", "alias", "data"]
    effort_h: float
    wait_h: float
    contract: bool
    close: list[str]


class CheckDocument(TypedDict):
    """``cmtime check --json``."""

    files: list[CheckFile]
    skipped: list[SkippedFile]
    clients: list[ClientName]
    warnings: list[str]


# -- rules -----------------------------------------------------------------------------------


class ExplainedDescription(TypedDict):
    """A distinct description with its kind and what decided it (`cmtime.analysis.classify.explain`)."""

    description: str
    kind: Kind
    activity: str
    rule: str
    hours: float
    blocks: int


class DeliverableForm(TypedDict):
    """One text a deliverable was read from: where its name comes from (the block's
    ``task``, else its ``project``, else its ``description``; or a ``ledger`` row's
    subject), as written; the block's ``description`` when the name is its task or
    project (its version markers count too; empty otherwise); the highest version marker
    of the two (null: none), the blocks and their hours."""

    source: Literal["task", "project", "description", "ledger"]
    text: str
    description: str
    version: int | None
    blocks: int
    hours: float


class DeliverableGroup(TypedDict):
    """A deliverable of the frame of the mission (`cmtime.analysis.frame`) and what was
    grouped into it: ``rounds`` is the larger of ``by_markers`` (the highest version
    marker - 1) and ``revision_days`` (days with ``revisions`` blocks); ``lost``: tagged
    abandoned or cancelled, or a ledger status of abandoned or refused."""

    client: str
    deliverable: str
    rounds: int
    by_markers: int
    revision_days: int
    lost: bool
    hours: float
    forms: list[DeliverableForm]


class RulesExplanation(TypedDict):
    """``cmtime rules --json``: each description's kind, and how blocks were grouped into
    the deliverables whose revision rounds ``cmtime frame`` counts."""

    descriptions: list[ExplainedDescription]
    hours: float
    deliverables: list[DeliverableGroup]


class RuleSuggestion(TypedDict):
    """A rule learned from kind tags (`cmtime.analysis.classify.suggest_rules`)."""

    phrase: str
    match: str
    kind: Kind
    precision: float
    support: int
    support_h: float
    untagged: int
    untagged_h: float
    changed_h: float


class RulesSuggestions(TypedDict):
    """``cmtime rules --suggest --json``: the proposals and the same as TOML to paste."""

    suggestions: list[RuleSuggestion]
    toml: str


#: ``cmtime rules --json``, with or without ``--suggest``.
RulesDocument = RulesExplanation | RulesSuggestions


# -- rows crossing modules -----------------------------------------------------------------


class PricingRow(TypedDict):
    """One client of `cmtime.analysis.pricing.period_pricing` (its columns, in order).

    Amounts are unrounded; money, costs and contract terms are null without a contract
    (``cost``, ``cost_h``, ``margin`` without ``[people]`` cost rates).
    """

    client: str | None
    months: int
    visible_h: float
    hidden_h: float
    unclassified_h: float
    effort_h: float
    offhours_h: float
    hidden_share: float | None
    offhours_share: float | None
    median_effort_h: float | None
    wait_h: float
    waits: int
    wait_median_h: float | None
    fee: float | None
    monthly_fee: float | None
    included_hours: float | None
    offhours_premium: float
    #: each off-hours window's premium (``premiums``, else ``offhours_premium``)
    premium_early: float
    premium_midday: float
    premium_evening: float
    premium_night: float
    premium_day_off: float
    target_rate: float
    effective_rate: float | None
    perceived_rate: float | None
    gap_to_target: float | None
    hours_over_included: float | None
    offhours_value: float | None
    suggested_fee: float | None
    change_pct: float | None
    cost_h: float | None
    cost: float | None
    margin: float | None
    unknown_people: list[str] | None
    note: str | None
    #: how the typical month is counted: "median" (of the full contract months),
    #: "per_day" (no full month: effort per day × 30.44), "too_short" (under 28 days)
    typical: str | None
    typical_effort_h: float | None
    typical_offhours_h: float | None
    #: the typical month's off-hours per window, to the minute
    typical_early_h: float | None
    typical_midday_h: float | None
    typical_evening_h: float | None
    typical_night_h: float | None
    typical_day_off_h: float | None
    #: the typical month's premium as extra hours: the premium × off-hours when every
    #: window has the same one, else Σ premium_<window> × typical_<window>_h; the
    #: suggested fee is target_rate × (typical_effort_h + typical_premium_h), rounded
    typical_premium_h: float | None
    contract_days: int


class StartTotals(TypedDict):
    """What the start-here notebook counts: files, blocks and hours (each block once),
    rejected rows, overlaps and unclassified hours."""

    files: int
    entries: int
    effort_h: float
    wait_h: float
    rejected: int
    overlaps: int
    unclassified_h: float


class OffhoursTotals(TypedDict):
    """`cmtime.analysis.offhours.offhours_by` with no grouping: hours in and out of the
    working hours, by off-hours window (``unknown``: duration-only rows on working days)."""

    effort_h: float
    offhours_h: float
    offhours_share: float | None
    in_hours_h: float
    early_h: float
    midday_h: float
    evening_h: float
    night_h: float
    day_off_h: float
    unknown_h: float


class _Client(TypedDict):
    client: str | None


class ClientOffhours(_Client, OffhoursTotals):
    """`cmtime.analysis.offhours.offhours_by` per client: ``client``, then `OffhoursTotals`."""


class _ClientWaits(_Client):
    waits: int
    wait_h: float
    wait_median_h: float | None
    p90_h: float | None
    longest_h: float | None
    wait_business_h: float
    business_days: int
    open_waits: int
    oldest_open_days: float | None
    reminders: int
    chasing_h: float


# (``total=False`` rather than NotRequired: under ``from __future__ import annotations``,
# Python 3.11 cannot see NotRequired in a string and counts the key as required.)
class ClientWaits(_ClientWaits, total=False):
    """One client of `cmtime.analysis.waits.waits_by_client` (``days_lost`` with a config)."""

    days_lost: int


# -- frame -----------------------------------------------------------------------------------


class FrameMonth(TypedDict):
    """One month of a retainer: hours used against included (with carry-over).

    ``month`` is ``YYYY-MM``; ``included_h``, ``carried_in_h`` and ``over_h`` are null
    when no included hours were agreed.
    """

    month: str
    used_h: float
    included_h: float | None
    carried_in_h: float | None
    over_h: float | None


class FrameDelays(TypedDict):
    """Validations (or material) asked in the period against the agreed working days.

    ``late`` and ``days_beyond_sla`` are null when no delay was agreed (``sla_days``
    null); ``median_days`` is null without a wait.
    """

    count: int
    late: int | None
    sla_days: int | None
    median_days: float | None
    days_beyond_sla: int | None


class FrameDeliverable(TypedDict):
    """A deliverable with at least one round of revisions (``over`` null when no rounds
    were agreed)."""

    name: str
    rounds: int
    over: int | None


class FrameRevisions(TypedDict):
    """Revision rounds per deliverable against the included rounds (null: not agreed)."""

    included: int | None
    deliverables: list[FrameDeliverable]
    over: int | None


class FrameClient(TypedDict):
    """One client's frame of the mission: what the contract says against what happened."""

    client: str
    months: list[FrameMonth]
    validations: FrameDelays
    assets: FrameDelays
    revisions: FrameRevisions
    lost_h: float


class FrameDocument(TypedDict):
    """``cmtime frame --json``: the contract against what happened, per client."""

    period: PeriodDocument
    clients: list[FrameClient]


#: The published documents: schema file stem -> type.
DOCUMENTS: dict[str, object] = {
    "summary": SummaryDocument,
    "check": CheckDocument,
    "rules": RulesDocument,
    "frame": FrameDocument,
    "team": TeamDocument,
}

Row = TypeVar("Row")


def frame_rows(frame: pl.DataFrame, kind: type[Row]) -> list[Row]:
    """The rows of ``frame`` as ``kind`` dicts; its columns must be ``kind``'s keys, in
    order (a ``NotRequired`` key may be left out).

    Raises
    ------
    TypeError
        When the columns differ from the declared keys: a frame and its type drifted apart.
    """
    required = kind.__required_keys__  # type: ignore[attr-defined]
    keys = [k for k in kind.__annotations__ if k in required or k in frame.columns]
    if frame.columns != keys:
        msg = f"columns {frame.columns} are not the keys of {kind.__name__}: {keys}"
        raise TypeError(msg)
    return frame.to_dicts()  # type: ignore[return-value]


# -- JSON Schema -------------------------------------------------------------------------------
#
# A few lines over `typing` rather than a library: the documents use str, int, float, bool,
# None, list, Literal, unions and TypedDicts only, and the one library that generates schemas
# from TypedDicts (pydantic) would be a large dependency for the test suite alone.

#: Where the published schemas live (package data).
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"

_SIMPLE: dict[object, str] = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def _is_typeddict(tp: object) -> bool:
    return isinstance(tp, type) and typing.is_typeddict(tp)


def _schema(tp: object, defs: dict[str, object]) -> dict[str, object]:
    """The schema of one annotation; TypedDicts go to ``defs`` and are referenced."""
    if tp in _SIMPLE:
        return {"type": _SIMPLE[tp]}
    if _is_typeddict(tp):
        name = tp.__name__  # type: ignore[attr-defined]
        if name not in defs:
            defs[name] = {}  # reserved first: a type that contains itself ends here
            defs[name] = _object(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list:
        return {"type": "array", "items": _schema(args[0], defs)}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        parts = [_schema(a, defs) for a in args]
        if all(set(p) == {"type"} for p in parts):  # float | None -> {"type": ["number", "null"]}
            return {"type": [p["type"] for p in parts]}
        if all(set(p) <= {"enum", "type"} and p.get("type", "null") == "null" for p in parts):
            return {"enum": [v for p in parts for v in p.get("enum", [None])]}  # type: ignore[attr-defined]
        return {"oneOf": parts}
    msg = f"no JSON Schema for the annotation {tp!r}"
    raise TypeError(msg)


def _object(tp: object, defs: dict[str, object]) -> dict[str, object]:
    hints = typing.get_type_hints(tp)
    required = tp.__required_keys__  # type: ignore[attr-defined]
    out: dict[str, object] = {"type": "object"}
    doc = (tp.__doc__ or "").strip()
    if doc and not doc.startswith(f"{tp.__name__}("):  # type: ignore[attr-defined]  # not the generated one
        out["description"] = " ".join(doc.split("\n\n")[0].split())
    out["properties"] = {key: _schema(hint, defs) for key, hint in hints.items()}
    out["required"] = [key for key in hints if key in required]
    out["additionalProperties"] = False
    return out


def json_schema(name: str) -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of the published document ``name`` (`DOCUMENTS`).

    Every object is closed (``additionalProperties: false``) with all its keys required;
    a key that may be null says so (``"type": ["number", "null"]``).

    >>> json_schema("check")["required"]
    ['files', 'skipped', 'clients', 'warnings']
    """
    defs: dict[str, object] = {}
    root = _schema(DOCUMENTS[name], defs)
    head: dict[str, object] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"cmtime {name} --json",
    }
    ref = root.get("$ref")
    if isinstance(ref, str):  # the document itself at the top, its parts in $defs
        root = defs.pop(ref.rsplit("/", 1)[-1])  # type: ignore[assignment]
    return {**head, **root, "$defs": dict(sorted(defs.items()))}


def schema_text(name: str) -> str:
    """`json_schema` as the committed file holds it."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path = SCHEMAS) -> list[Path]:
    """Write every published schema into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in DOCUMENTS:
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas():
        print(path)  # noqa: T201
