"""Tag each block as visible, hidden, wait or unclassified work, with an activity and why.

Order: a kind tag (``visible``, ``hidden``/``cache``/``caché``, ``wait``/``attente``) sets
the kind; the activity, and the kind when no tag sets it, comes from the rules: the
config's ``[[rules]]`` first, then the built-in tables (``rules/fr.toml``, ``rules/en.toml``,
tried in the order of ``rules/order.toml``). Rules look at description, task, tags and
project, field by field in that order: the description says most about one block, while a
project name ("Identité visuelle") would otherwise colour every block under it. In the
first field any rule matches, the first matching rule sets the kind; a rule marked
``kind_only`` (and a config rule without an activity) leaves the activity to the next
matching rule that has one ("Préparation réunion client": hidden, meeting).

Each block gets a ``rule`` column saying what decided: ``builtin:fr/ads``,
``config:line 12``, ``tag:#hidden``, joined with `` + `` when the activity came from
another rule (``builtin:fr/preparation + builtin:fr/meeting``); empty when unclassified.
What nothing matches stays ``unclassified``: reported, never guessed.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

import polars as pl

from cmtime.config import Kind, Rule
from cmtime.schema import KIND, row_hash

#: Languages of the built-in tables, in the order their rules of one name are tried.
LANGUAGES = ("fr", "en", "de")

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


@dataclass(frozen=True)
class TableRule:
    """One rule as classify runs it: built-in (from a table) or from the config.

    ``match`` must match, ``also`` (when set) must match too, ``unless`` (when set) must
    not, and ``head_unless`` (when set) must not match the text before ``match`` (what
    the block is, before a qualifier says what it is for). A ``kind_only`` rule sets the
    kind and leaves the activity to the next matching rule that has one; its own
    ``activity`` is used when none does. Built-in rules read the `normalized` text;
    config rules (``raw``) read the text as it is, as they always have.
    """

    name: str
    kind: Kind
    activity: str
    match: str
    also: str | None = None
    unless: str | None = None
    kind_only: bool = False
    raw: bool = False
    head_unless: str | None = None
    #: the rule's words without their typo forms (with its ``match``): what a ``head_unless``
    #: naming this rule reads; a guard needs no typo forgiven, and the guards' regex is
    #: less than half as long without them
    exact: str | None = None

    def hit(self, raw: pl.Expr, norm: pl.Expr) -> pl.Expr:
        """True where the text (as it is, and `normalized`) matches this rule."""
        text = raw if self.raw else norm
        out = text.str.contains(self.match)
        if self.also is not None:
            out = out & text.str.contains(self.also)
        if self.unless is not None:
            out = out & ~text.str.contains(self.unless)
        if self.head_unless is not None:
            head = text.str.extract(f"^(.*?)(?:{self.match})", 1).fill_null("")
            out = out & ~head.str.contains(self.head_unless)
        return out


# ---------------------------------------------------------------- words to regexes

#: A word boundary; `normalized` text holds only letters, digits and single spaces.
_EDGE = r"(?-u:\b)"
#: A word this long may be typed with one letter missing inside it (not its first two).
_TYPO_LENGTH = 7


def normalized(text: pl.Expr) -> pl.Expr:
    """The text built-in rules read: lower case, no accents, words between single spaces.

    Every run of characters that are not letters or digits (punctuation, ``#``, ``_``,
    emojis) becomes one space.

    >>> import polars as pl
    >>> pl.select(normalized(pl.lit("Modé #Réponses_DM 💬 l'équipe"))).item()
    'mode reponses dm l equipe'
    """
    return (
        text.str.to_lowercase()
        .str.replace_all("œ", "oe", literal=True)
        .str.replace_all("æ", "ae", literal=True)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}+", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars(" ")
    )


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _plain(word: str) -> str:
    """A table word as `normalized` writes it (lower case, no accents).

    The same steps in plain Python: the tables hold over a thousand words, too many for a
    polars query each (tests/test_classify.py checks that both agree on every table word).

    >>> _plain("Modé #Réponses_DM"), _plain("Œuvre")
    ('mode reponses dm', 'oeuvre')
    """
    if word.isascii():  # most table words: no accent to take off
        return " ".join(_NOT_ALNUM.sub(" ", word.lower()).split())
    text = unicodedata.normalize("NFKD", word.lower().replace("œ", "oe").replace("æ", "ae"))
    kept = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    return " ".join(
        "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in kept).split()
    )


#: A word this long may have a doubled letter typed once; a shorter one is too close to
#: other short words ("call" is not "cal", "reel" is not "rel", "att" is not "at").
_DOUBLE_LENGTH = 5


def _letters(token: str) -> str:
    """A token as a regex: in a word of `_DOUBLE_LENGTH` letters or more, a doubled
    letter may be typed once or twice. A token holds only letters and digits (`_plain`),
    none of which a regex would read as syntax."""
    if len(token) < _DOUBLE_LENGTH or not _DOUBLED.search(token):
        return token
    return _DOUBLED.sub(r"\1{1,2}", token)


#: a letter typed twice
_DOUBLED = re.compile(r"(.)\1")


def _token(token: str, *, typos: bool = True) -> str:
    """A token and its one-letter-missing typos (inside a long word, past its first two letters)."""
    forms = [token]
    if typos and len(token) >= _TYPO_LENGTH:
        forms += [token[:i] + token[i + 1 :] for i in range(2, len(token) - 1)]
    unique = list(dict.fromkeys(_letters(f) for f in forms))
    return unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"


@functools.cache
def word_regex(word: str, *, typos: bool = True) -> str:
    """The regex of one table word or phrase, over `normalized` text.

    Whole words only; case and accents do not matter; a ``*`` ending a word accepts any
    ending; a plural in s or x is accepted; a hyphen, apostrophe or slash may be a space or
    nothing.

    >>> import polars as pl
    >>> s = pl.Series(["Publicité", "publi insta", "Publcation", "Réunions", "e-mail"])
    >>> def finds(word):
    ...     return s.to_frame("t").select(normalized(pl.col("t")).str.contains(word_regex(word)))
    >>> finds("publi").to_series().to_list()
    [False, True, False, False, False]
    >>> finds("publication").to_series().to_list()
    [False, False, True, False, False]
    >>> finds("réunion").to_series().to_list()
    [False, False, False, True, False]
    >>> finds("email").to_series().to_list(), finds("e-mail").to_series().to_list()
    ([False, False, False, False, False], [False, False, False, False, True])
    """
    pieces: list[str] = []
    for token in word.strip().lower().split():
        parts = [p for p in re.split(r"[-'\u2019/]", token) if p.strip("*")]
        regexes = []
        for part in parts:
            plain = _plain(part.rstrip("*"))
            if not plain or " " in plain:
                msg = f"{word!r}: {part!r} is not a word of letters or digits"
                raise ValueError(msg)
            regexes.append(_token(plain, typos=typos) + ("[^ ]*" if part.endswith("*") else ""))
        if regexes:
            pieces.append(" ?".join(regexes))
    if not pieces:
        msg = f"a rule word must hold a letter or digit, got {word!r}"
        raise ValueError(msg)
    end = "" if pieces[-1].endswith("[^ ]*") else "[sx]?" + _EDGE
    return _EDGE + " ".join(pieces) + end


def words_regex(words: Iterable[str], *, typos: bool = True) -> str:
    """One regex matching any of ``words`` in `normalized` text (see `word_regex`; without
    ``typos``, a long word's one-letter-missing forms are left out)."""
    return "(?:" + "|".join(dict.fromkeys(word_regex(w, typos=typos) for w in words)) + ")"


# ---------------------------------------------------------------- the built-in tables

_TABLE_KEYS = {
    "name", "kind", "activity", "words", "match", "with", "unless", "unless_match", "head_unless", "kind_only",
}


def _read_table(name: str) -> dict[str, Any]:
    text = resources.files("cmtime.analysis").joinpath("rules", f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def _strings(rule: dict[str, Any], key: str, where: str) -> list[str]:
    value = rule.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        msg = f"{where}: {key} must be a list of non-empty strings"
        raise ValueError(msg)
    return value


def table_rules(lang: str, data: dict[str, Any] | None = None) -> list[TableRule]:
    """The rules of one language table (``rules/{lang}.toml``), in file order."""
    data = _read_table(lang) if data is None else data
    out: list[TableRule] = []
    for i, rule in enumerate(data.get("rules", [])):
        where = f"rules/{lang}.toml rule {i + 1} ({rule.get('name', '?')})"
        unknown = sorted(set(rule) - _TABLE_KEYS)
        if unknown:
            msg = f"{where}: unknown key {unknown[0]!r}"
            raise ValueError(msg)
        if rule.get("kind") not in ("visible", "hidden", "wait"):
            msg = f"{where}: kind {rule.get('kind')!r} is not visible, hidden or wait"
            raise ValueError(msg)
        words = _strings(rule, "words", where)
        alternatives = [words_regex(words)] if words else []
        if rule.get("match"):
            alternatives.append(str(rule["match"]))
        if not alternatives:
            msg = f"{where}: needs words or match"
            raise ValueError(msg)
        exact = [words_regex(words, typos=False)] if words else []
        exact += [str(rule["match"])] if rule.get("match") else []
        also = _strings(rule, "with", where)
        unless_words = _strings(rule, "unless", where)
        unless_alternatives = [words_regex(unless_words, typos=False)] if unless_words else []
        if rule.get("unless_match"):
            unless_alternatives.append(str(rule["unless_match"]))
        out.append(
            TableRule(
                name=f"builtin:{lang}/{rule['name']}",
                kind=rule["kind"],
                activity=str(rule.get("activity", "")),
                match=alternatives[0] if len(alternatives) == 1 else "|".join(alternatives),
                also=words_regex(also, typos=False) if also else None,
                unless="|".join(unless_alternatives) if unless_alternatives else None,
                kind_only=bool(rule.get("kind_only", False)),
                # rule names for now: `builtin_table` puts their regexes in
                head_unless="\x00".join(_strings(rule, "head_unless", where)) or None,
                exact="|".join(exact),
            )
        )
    return out


def builtin_table() -> tuple[TableRule, ...]:
    """Every built-in rule, in the order of ``rules/order.toml`` (French before English)."""
    order: list[str] = _read_table("order")["order"]
    rank = {name: i for i, name in enumerate(order)}
    rules = [(lang, r) for lang in LANGUAGES for r in table_rules(lang)]
    for _, r in rules:
        short = r.name.split("/", 1)[1]
        if short not in rank:
            msg = f"{r.name} is not listed in rules/order.toml"
            raise ValueError(msg)
    rules.sort(key=lambda lr: (rank[lr[1].name.split("/", 1)[1]], LANGUAGES.index(lr[0])))
    # ``head_unless`` names rules (of either language): the text before the qualifier must
    # match none of their words
    by_short: dict[str, list[str]] = {}
    for _, r in rules:
        by_short.setdefault(r.name.split("/", 1)[1], []).append(r.exact or r.match)
    out = []
    for _, r in rules:
        if r.head_unless is not None:
            names = r.head_unless.split("\x00")
            unknown = [n for n in names if n not in by_short]
            if unknown:
                msg = f"{r.name}: head_unless names no rule {unknown[0]!r}"
                raise ValueError(msg)
            r = dataclasses.replace(r, head_unless="|".join(f"(?:{m})" for n in names for m in by_short[n]))
        out.append(r)
    return tuple(out)


@functools.cache
def builtin() -> tuple[TableRule, ...]:
    """The built-in rules as classify runs them: `builtin_table`, built on first use.

    Nothing is built at import and nothing is written anywhere: a command that never
    classifies never pays for the tables' regexes, and one that does builds them once
    (benchmarks/README.md has what that costs).
    """
    return builtin_table()


def _as_rule(r: TableRule) -> Rule:
    match = r.match if r.also is None else f"(?:{r.match}).*(?:{r.also})|(?:{r.also}).*(?:{r.match})"
    return Rule(match, r.kind, r.activity)


@functools.cache
def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules as plain config `Rule`s (one regex each: ``with`` folded in,
    ``unless`` left out), for code that matches one text outside classify (waits ledger
    items). Their regexes read `normalized` text."""
    return tuple(_as_rule(r) for r in builtin())


def config_rules(rules: Sequence[Rule]) -> tuple[TableRule, ...]:
    """The config's ``[[rules]]`` as classify runs them; one without an activity sets the kind only."""
    return tuple(
        TableRule(
            name=f"config:line {r.line}" if r.line is not None else f"config:rule {i + 1}",
            kind=r.kind,
            activity=r.activity,
            match=r.match,
            kind_only=not r.activity,
            raw=True,
        )
        for i, r in enumerate(rules)
    )


# ---------------------------------------------------------------- classify


def _field_text(name: str) -> pl.Expr:
    return pl.col(name).list.join(" ") if name == "tags" else pl.col(name)


def _first(hits: Sequence[str], indexes: Sequence[int]) -> pl.Expr:
    """The first index whose hit column is true, or null."""
    chain: Any = pl
    for i in indexes:
        chain = chain.when(pl.col(hits[i])).then(pl.lit(i, dtype=pl.UInt32))
    return cast(pl.Expr, chain.otherwise(pl.lit(None, dtype=pl.UInt32)))


def _decide(texts: pl.DataFrame, rules: Sequence[TableRule]) -> pl.DataFrame:
    """For each distinct ``__text``: the rule setting the kind and the one giving the activity."""
    hits = [f"__hit{i}" for i in range(len(rules))]
    with_activity = [i for i, r in enumerate(rules) if not r.kind_only]
    return (
        texts.lazy()
        .with_columns(__norm=normalized(pl.col("__text")))
        .with_columns(
            r.hit(pl.col("__text"), pl.col("__norm")).alias(h) for r, h in zip(rules, hits, strict=True)
        )
        .select(
            "__text",
            __k=_first(hits, range(len(rules))),
            __a=_first(hits, with_activity),
        )
        .collect()
    )


def _combination_hash(columns: Sequence[str]) -> pl.Expr:
    """A 64-bit hash of a row's values in ``columns``."""
    return row_hash([pl.col(c) for c in columns], seed=0x636C73)


def _tag_kind() -> tuple[pl.Expr, pl.Expr]:
    kind: Any = pl
    name: Any = pl
    for tag, k in KIND_TAGS.items():
        has = pl.col("tags").list.contains(tag)
        kind = kind.when(has).then(pl.lit(k))
        name = name.when(has).then(pl.lit(f"tag:#{tag}"))
    return (
        cast(pl.Expr, kind.otherwise(pl.lit(None, dtype=pl.String))),
        cast(pl.Expr, name.otherwise(pl.lit(None, dtype=pl.String))),
    )


def classify(lf: pl.LazyFrame, *, rules: Sequence[Rule] = ()) -> pl.LazyFrame:
    """Add ``kind`` (Enum), ``activity`` and ``rule`` (what decided) to canonical entries.

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
    all_rules = (*config_rules(rules), *builtin())
    names = pl.Series([r.name for r in all_rules], dtype=pl.String)
    kinds = pl.Series([r.kind for r in all_rules], dtype=pl.String)
    acts = pl.Series([r.activity for r in all_rules], dtype=pl.String)
    tag_kind, tag_name = _tag_kind()
    # Logs repeat the same few hundred descriptions: the regexes run once per distinct
    # text (of any field), then each field's decision is taken, field by field, for the
    # combinations no earlier field settled; the result is joined back, in row order.
    key = ["description", "task", "project", "tags"]
    keyed = lf.with_columns(__ck=_combination_hash(key))
    # The distinct combinations are few (hundreds to thousands): collected once here, so
    # each field's step below filters a small frame instead of re-planning the entries.
    table = (
        keyed.select("__ck", *key)
        .unique(subset=key, keep="first")
        .with_columns(__k=pl.lit(None, dtype=pl.UInt32), __a=pl.lit(None, dtype=pl.UInt32))
        .collect()
    )
    # The rules decide a text whatever its field: every distinct text of every field goes
    # through them in one pass (each regex is compiled once, not once per field).
    texts = pl.concat([table.select(_field_text(name).alias("__text")) for name in FIELDS]).unique()
    decided = _decide(texts, all_rules)
    for name in FIELDS:
        text = _field_text(name).alias("__text")
        table = (
            table.with_columns(text)
            .join(
                decided, on="__text", how="left", nulls_equal=True, maintain_order="left", suffix="_f"
            )
            .with_columns(
                __a=pl.when(pl.col("__k").is_null()).then(pl.col("__a_f")).otherwise(pl.col("__a")),
                __k=pl.coalesce("__k", "__k_f"),
            )
            .drop("__text", "__k_f", "__a_f")
        )
    rule_kind = pl.lit(kinds).gather(pl.col("__k"))
    activity = pl.coalesce(pl.lit(acts).gather(pl.col("__a")), pl.lit(acts).gather(pl.col("__k")))
    decided_by = pl.coalesce(pl.col("__tag_rule"), pl.lit(names).gather(pl.col("__k")))
    activity_by = pl.lit(names).gather(pl.col("__a"))
    labelled = (
        table.lazy()
        .with_columns(__tag_kind=tag_kind, __tag_rule=tag_name)
        .with_columns(
            kind=pl.coalesce("__tag_kind", rule_kind, pl.lit("unclassified")).cast(KIND),
            activity=pl.when(activity.is_null() | (activity == "")).then(pl.lit(OTHER)).otherwise(activity),
            rule=pl.when(activity_by.is_null() | (activity_by == decided_by))
            .then(decided_by)
            .otherwise(pl.concat_str([decided_by, pl.lit(" + "), activity_by], ignore_nulls=True))
            .fill_null(""),
        )
        .select("__ck", *key, "kind", "activity", "rule")
    )
    # Only the key goes through the join; the entries' own columns are not copied (a join
    # gathers every column it carries, for nothing). The rows
    # are matched on the hash of their combination when no two distinct combinations share
    # one (checked on the table of distinct combinations, which is exact): a join on one
    # integer instead of four texts. Otherwise on the texts.
    if table.get_column("__ck").n_unique() == table.height:
        labels = keyed.select("__ck").join(
            labelled.select("__ck", "kind", "activity", "rule"), on="__ck", how="left", maintain_order="left"
        )
    else:
        tagkey = pl.col("tags").list.join("\x1f").alias("tags")
        labels = keyed.select(*key[:-1], tagkey).join(
            labelled.select(*key[:-1], tagkey, "kind", "activity", "rule"),
            on=key, how="left", nulls_equal=True, maintain_order="left",
        )
    return pl.concat(
        [lf.select(pl.exclude("kind", "activity", "rule")), labels.select("kind", "activity", "rule")],
        how="horizontal",
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


def explain(lf: pl.LazyFrame, *, kind: str | None = None, unclassified_first: bool = False) -> pl.LazyFrame:
    """Every distinct description of classified entries, most hours first, with what decided.

    Columns: ``description``, ``kind`` (String), ``activity``, ``rule``, ``hours``, ``blocks``.
    The same description may appear once per kind when tags split it.

    Parameters
    ----------
    lf
        Classified entries (`classify`).
    kind
        Keep only this kind (``visible``, ``hidden``, ``wait``, ``unclassified``).
    unclassified_first
        Put the unclassified descriptions first (still most hours first): the ones to
        write a rule for.
    """
    if kind is not None and kind not in KIND.categories:
        msg = f"kind {kind!r} is not one of {', '.join(KIND.categories)}"
        raise ValueError(msg)
    out = lf if kind is None else lf.filter(pl.col("kind") == kind)
    return (
        out.group_by("description", kind=pl.col("kind").cast(pl.String), activity="activity", rule="rule")
        .agg(
            hours=pl.col("duration").dt.total_microseconds().sum() / 3.6e9,
            blocks=pl.len(),
        )
        .select("description", "kind", "activity", "rule", "hours", "blocks")
        .sort(
            [pl.lit(unclassified_first) & (pl.col("kind") != "unclassified"), "hours", "description", "kind"],
            descending=[False, True, False, False],
        )
    )


# ---------------------------------------------------------------- rules learned from tags

#: Words too common to say anything about a block's kind.
_STOP = ["les", "des", "une", "pour", "avec", "sur", "par", "aux", "dans", "the", "and", "for", "with", "from", "into", "via", "suite", "apres", "avant", "mois", "semaine", "week", "client", "cliente", "clients"]


def _phrase_regex(phrase: str) -> str:
    """A config regex for a `normalized` phrase, over the text as typed: whole words, any
    case, ``e`` with or without an accent, any punctuation between the words."""
    words = [re.escape(w).replace("e", "[eéèê]") for w in phrase.split()]
    return r"(?i)\b" + r"[\W_]+".join(words) + r"\b"


def _kind_tagged(lf: pl.LazyFrame) -> pl.LazyFrame:
    tag_kind, _ = _tag_kind()
    return lf.with_columns(__tagged=tag_kind)


def _phrases(lf: pl.LazyFrame) -> pl.LazyFrame:
    """One row per block and distinct word or two-word phrase of its description."""
    words = normalized(pl.col("description")).str.split(" ")
    useful = (pl.element().str.len_chars() >= 3) & ~pl.element().is_in(_STOP) & ~pl.element().str.contains(r"^\d+$")
    pairs = words.list.eval(
        pl.when(useful & useful.shift(-1)).then(pl.element() + " " + pl.element().shift(-1))
    )
    return (
        lf.with_columns(__phrase=pl.concat_list(words.list.eval(pl.element().filter(useful)), pairs))
        .explode("__phrase")
        .filter(pl.col("__phrase").is_not_null() & (pl.col("__phrase") != ""))
        .unique(subset=["__row", "__phrase"])
    )


def suggest_rules(
    lf: pl.LazyFrame,
    *,
    min_precision: float = 0.95,
    min_support: int = 3,
    limit: int = 12,
) -> pl.DataFrame:
    """Rules learned from the user's own kind tags, for the blocks without one.

    A word or two-word phrase of the descriptions becomes a proposal when, among the
    blocks a kind tag (``#hidden``, ``#visible``, ``attente``...) marks, at least
    ``min_support`` hold it and at least ``min_precision`` of those carry one kind.
    Proposals are chosen greedily, each covering the most untagged hours the ones before
    did not. Nothing is applied: the caller prints them as ``[[rules]]`` to paste.

    Parameters
    ----------
    lf
        Classified entries (`classify`): their kind now is compared with the proposal's.
    min_precision, min_support
        How sure and how frequent a phrase must be in the tagged blocks.
    limit
        At most this many proposals.

    Returns
    -------
    pl.DataFrame
        ``phrase``, ``match`` (regex for cmtime.toml), ``kind``, ``precision``, ``support``
        (tagged blocks holding the phrase), ``support_h``, ``untagged`` (untagged blocks it
        would classify), ``untagged_h``, ``changed_h`` (of those hours, the ones whose kind
        it would change).
    """
    rows = (
        _kind_tagged(lf)
        .with_row_index("__row")
        .select(
            "__row",
            "description",
            "__tagged",
            now=pl.col("kind").cast(pl.String),
            h=pl.col("duration").dt.total_microseconds() / 3.6e9,
        )
    )
    phrases = _phrases(rows).collect()
    tagged = phrases.filter(pl.col("__tagged").is_not_null())
    stats = (
        tagged.group_by("__phrase", "__tagged")
        .agg(n=pl.len(), h=pl.col("h").sum())
        .with_columns(support=pl.col("n").sum().over("__phrase"), support_h=pl.col("h").sum().over("__phrase"))
        .filter(pl.col("n") == pl.col("n").max().over("__phrase"))
        .unique(subset="__phrase", keep="first")
        .select(
            phrase="__phrase",
            kind="__tagged",
            precision=pl.col("n") / pl.col("support"),
            support="support",
            support_h="support_h",
        )
        .filter((pl.col("support") >= min_support) & (pl.col("precision") >= min_precision))
    )
    untagged = phrases.filter(pl.col("__tagged").is_null()).join(
        stats.select("phrase", "kind"), left_on="__phrase", right_on="phrase"
    )
    chosen: list[dict[str, Any]] = []
    covered = pl.Series("__row", [], dtype=pl.UInt32)
    # Greedy cover over the candidate phrases (a few hundred at most), not over rows.
    for _ in range(limit):
        left = untagged.filter(~pl.col("__row").is_in(covered.implode()))
        if left.is_empty():
            break
        best = (
            left.group_by("__phrase")
            .agg(
                untagged=pl.len(),
                untagged_h=pl.col("h").sum(),
                changed_h=pl.col("h").filter(pl.col("now") != pl.col("kind")).sum(),
            )
            .join(stats, left_on="__phrase", right_on="phrase")
            .sort(
                ["untagged_h", "precision", "support", "__phrase"],
                descending=[True, True, True, False],
            )
            .head(1)
        )
        pick = best.row(0, named=True)
        chosen.append(pick)
        covered = pl.concat([covered, left.filter(pl.col("__phrase") == pick["__phrase"])["__row"]])
    schema = {
        "phrase": pl.String(),
        "match": pl.String(),
        "kind": pl.String(),
        "precision": pl.Float64(),
        "support": pl.UInt32(),
        "support_h": pl.Float64(),
        "untagged": pl.UInt32(),
        "untagged_h": pl.Float64(),
        "changed_h": pl.Float64(),
    }
    if not chosen:
        return pl.DataFrame(schema=schema)
    found = pl.DataFrame(chosen).rename({"__phrase": "phrase"})
    regexes = pl.Series("match", [_phrase_regex(p) for p in found["phrase"]], dtype=pl.String)
    return found.with_columns(regexes).select(list(schema)).cast(schema)  # type: ignore[arg-type]


def as_config_rules(suggestions: pl.DataFrame) -> tuple[Rule, ...]:
    """Suggestions as config rules (kind only: the built-ins keep giving the activity)."""
    return tuple(Rule(m, cast(Kind, k), "") for m, k in suggestions.select("match", "kind").iter_rows())


def suggestions_toml(suggestions: pl.DataFrame) -> str:
    """Suggestions as ``[[rules]]`` blocks to paste into cmtime.toml, each with its figures."""
    blocks = []
    for s in suggestions.iter_rows(named=True):
        blocks.append(
            f"# \"{s['phrase']}\": {s['precision']:.0%} {s['kind']} in {s['support']} tagged blocks "
            f"({s['support_h']:.1f} h); would classify {s['untagged']} untagged blocks "
            f"({s['untagged_h']:.1f} h, {s['changed_h']:.1f} h of them differently than now)\n"
            f"[[rules]]\nmatch = '{s['match']}'\nkind = \"{s['kind']}\"\n"
        )
    return "\n".join(blocks)
