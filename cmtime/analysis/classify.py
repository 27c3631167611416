"""Tag each block as visible, hidden, wait or unclassified work, with an activity.

Order: a kind tag (``visible``, ``hidden``/``cache``/``caché``, ``wait``/``attente``) sets
the kind; the activity, and the kind when no tag sets it, comes from the first matching
rule: the config's ``[[rules]]`` first, then the built-in French + English rules below.
Rules are regexes (Rust syntax, as polars runs them) over description, task, tags and
project, tried field by field in that order: the description says most about one block,
while a project name ("Identité visuelle") would otherwise colour every block under it.
What nothing matches stays ``unclassified``: reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import polars as pl

from cmtime.config import Rule
from cmtime.schema import KIND

_WAIT_WORDS = r"attente|attendre|attends|waiting|awaiting|wait for|bloqu[ée]|blocked"

#: Built-in rules, French and English, tried after the user's rules. First match wins,
#: so the specific come before the general (waits before chasing before revisions...).
BUILTIN_RULES: tuple[Rule, ...] = (
    Rule(
        rf"(?i)({_WAIT_WORDS}).*(validation|valider|approba|approv|sign.?off|feu vert|\bbat\b|go client)",
        "wait",
        "waiting_validation",
    ),
    Rule(
        rf"(?i)({_WAIT_WORDS}).*(visuel|asset|photo|contenu|content|fichier|file|logo|brief|[ée]l[ée]ment|image|vid[ée]o|texte|infos?\b)",
        "wait",
        "waiting_assets",
    ),
    Rule(rf"(?i)({_WAIT_WORDS})", "wait", "waiting_answer"),
    Rule(r"(?i)relance|relancer|chasing|chase|follow.?up|reminder|rappel", "hidden", "chasing"),
    Rule(
        r"(?i)r[ée]vision|retouche|correction|corriger|modification|modifs?\b|\bv[2-9]\b|rework|amend|aller.retour|changes",
        "hidden",
        "revisions",
    ),
    Rule(
        r"(?i)reporting|rapport|\bbilan|statisti|analytics|\bkpis?\b|\breport\b|dashboard|tableau de bord",
        "hidden",
        "reporting",
    ),
    Rule(
        r"(?i)strat[ée]gi|strategy|strategic|\baudit|positionnement|positioning|persona|ligne [ée]ditoriale|plateforme de marque",
        "hidden",
        "strategy",
    ),
    Rule(
        r"(?i)planning|planif|calendrier|calendar|roadmap|plan [ée]ditorial|editorial plan|\bplan\b",
        "hidden",
        "planning",
    ),
    Rule(
        r"(?i)cr[ée]ation|design|visuel|visual|canva|montage|r[ée]daction|r[ée]diger|copywriting|writing|\bwrite|vid[ée]o|shooting|graphi|illustration|l[ée]gende|caption|draft|brouillon|template|maquette|mockup",
        "hidden",
        "creation",
    ),
    Rule(
        r"(?i)veille|monitoring|benchmark|listening|tendance|trend|e.?r[ée]putation|concurren|competitor",
        "hidden",
        "monitoring",
    ),
    Rule(
        r"(?i)formation|training|tutorial|tuto\b|webinai?re?|apprentissage|learning|\bcourse",
        "hidden",
        "training",
    ),
    Rule(
        r"(?i)\badmin|factur|invoice|invoicing|devis|relev[ée] d.heures|timesheet|feuille de temps|\bquote|compta|accounting|contrat|contract|\bmails?\b|e-?mails?\b",
        "hidden",
        "admin",
    ),
    Rule(
        r"(?i)\bcrise|crisis|bad buzz|incident|emergency|escalat|shitstorm",
        "visible",
        "incident",
    ),
    Rule(
        r"(?i)publi|\bposts?\b|posting|annonce|announc|programmation|scheduling|schedul|stor(y|ies)|\breels?\b|tweet|thread|newsletter|mise en ligne|upload|\blive\b",
        "visible",
        "publishing",
    ),
    Rule(
        r"(?i)mod[ée]ration|moderat|commentaire|comment|r[ée]ponses?\b|repl(y|ies)|\bdms?\b|messag|communaut|community|engagement|animation|concours|giveaway|influen",
        "visible",
        "community",
    ),
    Rule(
        r"(?i)r[ée]union|meeting|\bcall\b|\bappel|visio|\brdv\b|rendez.vous|\bpoint\b|atelier|workshop|\bzoom\b|\bteams\b|\bmeet\b|entretien|onboarding",
        "visible",
        "meeting",
    ),
)

#: Tags that set the kind directly, whatever the rules say.
KIND_TAGS: dict[str, str] = {
    "visible": "visible",
    "hidden": "hidden",
    "invisible": "hidden",
    "cache": "hidden",
    "caché": "hidden",
    "cachee": "hidden",
    "cachée": "hidden",
    "wait": "wait",
    "attente": "wait",
}

OTHER = "other"


#: The fields rules look at, most specific first.
FIELDS = ("description", "task", "tags", "project")


def _field_text(name: str) -> pl.Expr:
    return pl.col(name).list.join(" ") if name == "tags" else pl.col(name)


def _first_index(rules: Sequence[Rule], text: pl.Expr) -> pl.Expr:
    """The index of the first rule matching ``text``, or null."""
    chain: Any = pl
    for i, rule in enumerate(rules):
        chain = chain.when(text.str.contains(rule.match)).then(pl.lit(i, dtype=pl.UInt32))
    return cast(pl.Expr, chain.otherwise(pl.lit(None, dtype=pl.UInt32)))


def classify(lf: pl.LazyFrame, *, rules: Sequence[Rule] = ()) -> pl.LazyFrame:
    """Add ``kind`` (Enum) and ``activity`` to canonical entries.

    Parameters
    ----------
    lf
        Canonical entries.
    rules
        The config's rules, tried before the built-in ones.

    >>> import polars as pl
    >>> from cmtime.schema import empty_entries
    >>> classify(empty_entries().lazy()).collect_schema()["kind"]
    Enum(categories=['visible', 'hidden', 'wait', 'unclassified'])
    """
    all_rules = (*rules, *BUILTIN_RULES)
    tag_kind: Any = pl
    for tag, kind in KIND_TAGS.items():
        tag_kind = tag_kind.when(pl.col("tags").list.contains(tag)).then(pl.lit(kind))
    tag_kind = tag_kind.otherwise(pl.lit(None, dtype=pl.String))
    kinds = pl.Series([r.kind for r in all_rules], dtype=pl.String)
    acts = pl.Series([r.activity for r in all_rules], dtype=pl.String)
    # Logs repeat the same few hundred descriptions: the regexes run once per distinct
    # text of a field, field by field, and only for the combinations no earlier field
    # settled; the result is joined back, in row order.
    keyed = lf.with_columns(__tagkey=pl.col("tags").list.join("\x1f"))
    key = ["description", "task", "project", "__tagkey"]
    # The distinct combinations are few (hundreds to thousands): collected once here, so
    # each field's step below filters a small frame instead of re-planning the entries.
    table = (
        keyed.select(*key, "tags")
        .unique(subset=key, keep="first")
        .with_columns(__rule=pl.lit(None, dtype=pl.UInt32))
        .collect()
    )
    for name in FIELDS:
        text = _field_text(name).alias("__text")
        found = (
            table.filter(pl.col("__rule").is_null())
            .select(text)
            .unique()
            .with_columns(__found=_first_index(all_rules, pl.col("__text")))
        )
        table = (
            table.with_columns(text)
            .join(found, on="__text", how="left", nulls_equal=True, maintain_order="left")
            .with_columns(__rule=pl.coalesce("__rule", "__found"))
            .drop("__text", "__found")
        )
    labelled = (
        table.lazy()
        .with_columns(
            __rule_kind=pl.lit(kinds).gather(pl.col("__rule")),
            activity=pl.lit(acts).gather(pl.col("__rule")),
            __tag_kind=cast(pl.Expr, tag_kind),
        )
        .with_columns(
            kind=pl.coalesce("__tag_kind", "__rule_kind", pl.lit("unclassified")).cast(KIND),
            activity=pl.when(pl.col("activity").is_null() | (pl.col("activity") == ""))
            .then(pl.lit(OTHER))
            .otherwise(pl.col("activity")),
        )
        .select(*key, "kind", "activity")
    )
    # Only the key columns go through the join; the entries' own columns are not copied
    # (a join gathers every column it carries: on a million rows, 180 MB for nothing).
    labels = keyed.select(key).join(labelled, on=key, how="left", nulls_equal=True, maintain_order="left")
    return pl.concat(
        [lf.select(pl.exclude("kind", "activity")), labels.select("kind", "activity")], how="horizontal"
    )


def unclassified_top(lf: pl.LazyFrame, *, n: int = 10) -> pl.LazyFrame:
    """The descriptions of unclassified effort with the most hours, to write rules for."""
    return (
        lf.filter(pl.col("kind") == "unclassified")
        .group_by("description")
        .agg(
            hours=pl.col("duration").dt.total_microseconds().sum() / 3.6e9,
            blocks=pl.len(),
        )
        .sort(["hours", "description"], descending=[True, False])
        .head(n)
    )
