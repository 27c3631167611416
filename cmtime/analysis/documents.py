"""The typed documents of the command line contract (DESIGN.md) and the rows that cross modules.

Each ``--json`` document (`SummaryDocument`, `CheckDocument`, `RulesDocument`) is a
`TypedDict`: at run time a plain ``dict`` built in the order its keys are declared here
(so ``json.dumps`` writes them in that order), for the type checker a closed shape. The
published JSON Schemas (``cmtime/schemas/*.schema.json``) are generated from these
declarations by `cmtime.analysis.jsonschema_of`; the tests check that the committed files
equal the generated ones and validate every ``--json`` output against them.

`ClientSummary` is one client's row of ``summary``; `PricingRow` one client's row of
`cmtime.analysis.pricing.period_pricing`, as the share report and the proposal read it.
`frame_rows` turns a frame into typed rows, checking that its columns are the declared keys.

>>> import polars as pl
>>> frame_rows(pl.DataFrame({"path": ["a.csv"], "reason": ["not a time log"]}), SkippedFile)
[{'path': 'a.csv', 'reason': 'not a time log'}]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict, TypeVar

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DOCUMENTS",
    "CheckDocument",
    "CheckFile",
    "ClientName",
    "ClientSummary",
    "ExplainedDescription",
    "ImplausibleBlock",
    "Kind",
    "PeriodDocument",
    "PricingRow",
    "Rejection",
    "RuleSuggestion",
    "RulesDocument",
    "RulesExplanation",
    "RulesSuggestions",
    "SkippedFile",
    "Summary",
    "SummaryDocument",
    "SummaryTotals",
    "frame_rows",
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
    """One file (or folder source) read: ``rows`` = ``entries`` + rejected + ``open``."""

    path: str
    format: str
    rows: int
    entries: int
    hours: float
    effort_h: float
    wait_h: float
    rejected: list[Rejection]
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


class RulesExplanation(TypedDict):
    """``cmtime rules --json``."""

    descriptions: list[ExplainedDescription]
    hours: float


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


#: The published documents: schema file stem -> type.
DOCUMENTS: dict[str, object] = {
    "summary": SummaryDocument,
    "check": CheckDocument,
    "rules": RulesDocument,
}

Row = TypeVar("Row")


def frame_rows(frame: pl.DataFrame, kind: type[Row]) -> list[Row]:
    """The rows of ``frame`` as ``kind`` dicts; its columns must be ``kind``'s keys, in order.

    Raises
    ------
    TypeError
        When the columns differ from the declared keys: a frame and its type drifted apart.
    """
    keys = list(kind.__annotations__)
    if frame.columns != keys:
        msg = f"columns {frame.columns} are not the keys of {kind.__name__}: {keys}"
        raise TypeError(msg)
    return frame.to_dicts()  # type: ignore[return-value]
