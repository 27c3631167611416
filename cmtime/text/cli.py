"""The command line's own words (fr, en): table headers, notes, warnings and errors.

The CLI (`cmtime.interfaces.cli`, `cmtime.interfaces.rules_cmd`) holds no sentence of its
own: it asks `say` for one, in the language of the config or of ``--lang``. Numbers,
hours and percentages in these texts are formatted by `cmtime.text.format` (CLDR, Babel),
so ``2 140`` and ``12 h 30`` in French match the charts. The English texts are the
ones the command line always printed, kept word for word (scripts and tests read them).

Texts that count something (``4 blocs``) have one form per CLDR plural category in
`_COUNTED`, picked by ``say(key, lang, count=n)``, as in `cmtime.text.labels`.

Messages written by the readers (why a row is rejected, why a file is skipped) and by
the config loader stay in English: they are quoted as they come.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Final

from cmtime.text.format import Lang, PluralCategory, check_lang, hours, number, plural_category

__all__ = ["TEXTS", "alias_hint", "hours_text", "number_cell", "or_list", "say"]

#: key -> (fr, en). Fields in ``{…}`` are filled by `str.format`.
_TEXTS: dict[str, tuple[str, str]] = {
    # -- check: files ------------------------------------------------------------------
    "check.title": ("Fichiers lus", "Files read"),
    "col.file": ("fichier", "file"),
    "col.format": ("format", "format"),
    "col.rows": ("lignes", "rows"),
    "col.entries": ("blocs", "entries"),
    "col.effort_h": ("effort h", "effort h"),
    "col.wait_h": ("attente h", "wait h"),
    "col.rejected": ("rejetées", "rejected"),
    "col.duplicates": ("doublons", "duplicates"),
    "col.overlaps": ("chevauchements", "overlaps"),
    "col.open": ("en cours", "open"),
    "check.overlap_example": (
        "la ligne {later} commence {by} avant la fin de la ligne {earlier}",
        "line {later} starts {by} before line {earlier} ends",
    ),
    "check.kept": (
        ", gardées telles quelles, par ex. {examples}",
        ", kept as they are, e.g. {examples}",
    ),
    "check.sep": (" ; ", "; "),
    "check.note": ("note", "note"),
    "check.skipped": ("ignoré", "skipped"),
    "check.said": (" : {text}", ": {text}"),  # after "note" or a skipped path
    "check.unclassified": (
        "Travail non classé, les plus d'heures d'abord (ajoutez une entrée [[rules]] à cmtime.toml) :",
        "Unclassified work, most hours first (add a [[rules]] entry to cmtime.toml):",
    ),
    "check.no_description": ("(sans description)", "(no description)"),
    # -- check: clients ------------------------------------------------------------------
    "clients.title": ("Clients tels qu'écrits dans les données", "Clients as written in the data"),
    "col.written": ("tel qu'écrit", "as written"),
    "col.counts_as": ("compté comme", "counts as"),
    "col.contract": ("contrat", "contract"),
    "clients.alias": (" (alias)", " (alias)"),
    "clients.not_configured": (" (non configuré)", " (not configured)"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "no_client": ("(sans client)", "(no client)"),
    # -- warnings --------------------------------------------------------------------------
    "warning": ("attention : ", "warning: "),
    "warn.unknown_name": (
        "le client {name} des données ne correspond à aucun client ni alias configuré : "
        "ses {hours} comptent comme un client à part, sans contrat.{hint}",
        "client {name} in the data matches no configured client or alias: "
        "its {hours} count as a separate client with no contract.{hint}",
    ),
    "warn.did_you_mean": (
        " Vouliez-vous dire {close} ? Ajoutez-le aux alias de ce client.",
        " Did you mean {close}? Add it to that client's aliases.",
    ),
    "warn.skipped": ("{path} ignoré : {reason}", "skipped {path}: {reason}"),
    "alias_of": ("{alias} (alias de {client})", "{alias} (alias of {client})"),
    "or": (" ou ", " or "),
    # -- summary ---------------------------------------------------------------------------
    "summary.title": ("Synthèse cmtime du {start} au {end}", "cmtime summary {start} → {end}"),
    "col.client": ("client", "client"),
    "col.visible_h": ("visible h", "visible h"),
    "col.hidden_share": ("invisible", "hidden"),
    "col.offhours_share": ("hors horaires", "off-hours"),
    "col.waits": ("attentes", "waits"),
    "col.wait_median_h": ("attente méd. h", "median wait h"),
    "col.fee": ("forfait {currency}", "fee {currency}"),
    "col.effective_rate": ("effectif /h", "effective /h"),
    "col.perceived_rate": ("perçu /h", "perceived /h"),
    "col.suggested_fee": ("suggéré /mois", "suggested /month"),
    "total": ("TOTAL", "TOTAL"),
    # -- share, sample, demo ---------------------------------------------------------------
    "wrote": ("écrit : {path}", "wrote {path}"),
    # -- rules -----------------------------------------------------------------------------
    "rules.title": (
        "Pourquoi chaque description a reçu son type, les plus d'heures d'abord",
        "Why each description got its kind, most hours first",
    ),
    "col.hours": ("heures", "hours"),
    "col.blocks": ("blocs", "blocks"),
    "col.kind": ("type", "kind"),
    "col.activity": ("activité", "activity"),
    "col.rule": ("règle", "rule"),
    "col.description": ("description", "description"),
    "rules.none": ("Aucun bloc.", "No blocks."),
    "rules.no_rule": ("aucune règle", "no rule"),
    "rules.empty": ("(vide)", "(empty)"),
    "rules.no_suggestion": (
        "Aucune suggestion : marquez quelques blocs de leur type (visible, hidden, attente…) "
        "et les mots qui vont avec un type apparaîtront ici.",
        "No suggestion: tag some blocks with their kind (visible, hidden, attente...) "
        "and the words that go with one kind will show up here.",
    ),
    "rules.learned": (
        "# Règles apprises de vos blocs marqués d'un type. Rien n'est appliqué : collez "
        "celles qui vous conviennent dans cmtime.toml.\n",
        "# Rules learned from your kind-tagged blocks. Nothing is applied: paste the ones "
        "you agree with into cmtime.toml.\n",
    ),
    "err.kind": (
        "--kind {kind!r} n'est pas l'un de {kinds}",
        "--kind {kind!r} is not one of {kinds}",
    ),
    # -- errors ----------------------------------------------------------------------------
    "error": ("erreur : ", "error: "),
    "aborted": ("interrompu", "aborted"),
    "err.date": (
        "{option} {text!r} n'est pas une date ; écrivez AAAA-MM-JJ ou JJ/MM/AAAA",
        "{option} {text!r} is not a date; write YYYY-MM-DD or DD/MM/YYYY",
    ),
    "err.period": (
        "la période se termine ({end}) avant de commencer ({start})",
        "the period ends ({end}) before it starts ({start})",
    ),
    "err.not_finite": (
        "un chiffre est trop grand pour être calculé (infini ou pas un nombre) ; vérifiez les "
        "montants de cmtime.toml et les durées des exports",
        "a figure is too large to compute (infinite or not a number); check the amounts in "
        "cmtime.toml and the durations in the exports",
    ),
    "err.nothing_readable": (
        "rien de lisible : aucun bloc de temps ni attente dans {paths}",
        "nothing readable: no time entry or wait in {paths}",
    ),
    "err.nothing_readable.skipped": (" (ignorés : {why})", " (skipped {why})"),
    "err.unknown_client": (
        "client inconnu {name!r}{hint} ; clients connus : {known}",
        "unknown client {name!r}{hint}; known clients: {known}",
    ),
    "err.unknown_client.hint": (" (vouliez-vous dire {close} ?)", " (did you mean {close}?)"),
    "err.unknown_client.none": ("aucun", "none"),
    "err.lang": (
        "--lang {value!r} n'est pas prise en charge ; choisissez fr ou en",
        "--lang {value!r} is not supported; use fr or en",
    ),
    "err.sample_format": (
        "--format {fmt!r} n'est pas pris en charge par sample ; choisissez toggl ou cmtime",
        "--format {fmt!r} is not supported by sample; use toggl or cmtime",
    ),
    "err.entries": ("--entries doit valoir au moins 1", "--entries must be at least 1"),
    "err.out_file": (
        "--out {out} est un fichier, pas un dossier : choisissez un dossier pour le rapport",
        "--out {out} is a file, not a folder: choose a folder for the report",
    ),
    "err.os": (
        "{path} : {why} (le système refuse ce fichier ; vérifiez le chemin et les droits)",
        "{path}: {why} (the system refuses this file; check the path and the permissions)",
    ),
    "err.out_unusable": (
        "--out {out} n'est pas utilisable ({why}) : choisissez un autre dossier pour le rapport",
        "--out {out} cannot be used ({why}): choose another folder for the report",
    ),
    "err.out_inside": (
        "--out {out} est dans l'entrée {path} : rien n'est jamais écrit dans votre dossier d'entrée",
        "--out {out} is inside the input {path}: nothing is ever written into your input folder",
    ),
    "err.no_hours": (
        "aucune heure travaillée pour {client} du {start} au {end} : rien à montrer "
        "(vérifiez --from/--to, ou les blocs du client)",
        "no hours worked for {client} from {start} to {end}: there is nothing to report "
        "(check --from/--to, or the client's entries)",
    ),
    "bug": (
        "imprévu : {detail}. C'est un bogue de cmtime ; merci de le signaler avec la commande lancée.",
        "unexpected {detail}. This is a bug in cmtime; please report it with the command you ran.",
    ),
}

_Forms = Mapping[PluralCategory, str]

#: Texts that count something: one form per CLDR plural category, (fr, en).
_COUNTED: dict[str, tuple[_Forms, _Forms]] = {
    "check.rejected": (
        {"one": "{n} rejetée", "other": "{n} rejetées"},
        {"one": "{n} rejected", "other": "{n} rejected"},
    ),
    "check.lines": (
        {"one": " : {reason} (ligne {lines})", "other": " : {reason} (lignes {lines})"},
        {"one": ": {reason} (line {lines})", "other": ": {reason} (lines {lines})"},
    ),
    "check.overlapping": (
        {
            "one": "{n} paire de blocs qui se chevauchent",
            "other": "{n} paires de blocs qui se chevauchent",
        },
        {"one": "{n} overlapping pair", "other": "{n} overlapping pairs"},
    ),
    "blocks": (
        {"one": "{n} bloc", "other": "{n} blocs"},
        {"one": "{n} block", "other": "{n} blocks"},
    ),
    "warn.implausible": (
        {
            "one": "{n} bloc de {path} dure plus de {bound} (ligne {lines}) : il est compté, "
            "vérifiez-le (une durée mal saisie, ou un chrono resté lancé)",
            "other": "{n} blocs de {path} durent plus de {bound} (lignes {lines}) : ils sont "
            "comptés, vérifiez-les (une durée mal saisie, ou un chrono resté lancé)",
        },
        {
            "one": "{n} block in {path} lasts longer than {bound} (line {lines}): it is counted; "
            "check it (a typo in a duration, or a timer left running)",
            "other": "{n} blocks in {path} last longer than {bound} (lines {lines}): they are "
            "counted; check them (a typo in a duration, or a timer left running)",
        },
    ),
    "warn.as_of": (
        {
            "one": "{n} attente encore ouverte est comptée jusqu'au {day} (as_of dans "
            "cmtime.toml), pas jusqu'à aujourd'hui",
            "other": "{n} attentes encore ouvertes sont comptées jusqu'au {day} (as_of dans "
            "cmtime.toml), pas jusqu'à aujourd'hui",
        },
        {
            "one": "{n} wait still open is counted up to {day} (as_of in cmtime.toml), not up "
            "to today",
            "other": "{n} waits still open are counted up to {day} (as_of in cmtime.toml), not "
            "up to today",
        },
    ),
    "warn.placeholders": (
        {
            "one": "{n} bloc ({hours}) de {path} commence à la même minute que d'autres blocs "
            "du jour : son heure de début semble un horaire par défaut (durée saisie, pas "
            "d'horaire), il compte donc en durée seule (hors horaires inconnu sauf jour chômé)",
            "other": "{n} blocs ({hours}) de {path} commencent à la même minute que d'autres "
            "blocs de leur jour : leurs heures de début semblent des horaires par défaut (durées "
            "saisies, pas d'horaires), ils comptent donc en durée seule (hors horaires inconnu "
            "sauf jour chômé)",
        },
        {
            "one": "{n} block ({hours}) in {path} starts at the same minute as other blocks of "
            "its day: its clock time looks like a placeholder (a duration logged, not a time), "
            "so it counts as duration-only (off-hours unknown unless the day is off)",
            "other": "{n} blocks ({hours}) in {path} start at the same minute as other blocks of "
            "their day: their clock times look like placeholders (durations logged, not times), "
            "so they count as duration-only (off-hours unknown unless the day is off)",
        },
    ),
}

#: Every text, read-only: ``TEXTS[key][lang]`` (a counted text gives its ``other`` form).
TEXTS: Final[Mapping[str, Mapping[Lang, str]]] = {
    key: {"fr": fr, "en": en}
    for key, (fr, en) in (
        _TEXTS | {k: (f["other"], e["other"]) for k, (f, e) in _COUNTED.items()}
    ).items()
}


def say(key: str, lang: Lang, *, count: float | Decimal | None = None, **fields: object) -> str:
    """The command line's text ``key`` in ``lang``, its fields filled in.

    Parameters
    ----------
    key
        A key of `TEXTS`; an unknown key raises `KeyError` (a typo is a bug, not a text).
    lang
        ``"fr"`` or ``"en"``.
    count
        For a counted text, the number its CLDR plural category is taken from.
    **fields
        The values of its ``{…}`` fields.

    Examples
    --------
    >>> say("blocks", "fr", count=1, n=1), say("blocks", "en", count=1, n=1)
    ('1 bloc', '1 block')
    >>> say("check.rejected", "fr", count=3, n=3)
    '3 rejetées'
    """
    lang = check_lang(lang)
    forms = _COUNTED.get(key)
    if forms is not None and count is not None:
        mine = forms[0 if lang == "fr" else 1]
        text = mine.get(plural_category(count, lang), mine["other"])
    else:
        text = TEXTS[key][lang]
    return text.format(**fields) if fields else text


def hours_text(value: float, lang: Lang) -> str:
    """Hours in a sentence: ``10 h 30`` in French (CLDR digits), ``10.5 h`` in English
    (the form the command line always printed).

    >>> hours_text(10.5, "fr"), hours_text(10.5, "en")
    ('10\\xa0h\\xa030', '10.5 h')
    """
    return hours(value, lang) if check_lang(lang) == "fr" else f"{value:.1f} h"


def or_list(items: Sequence[str], lang: Lang) -> str:
    """``'a' or 'b'`` / ``'a' ou 'b'``."""
    return say("or", lang).join(items)


def alias_hint(alias: str, client: str, lang: Lang) -> str:
    """A close name that is an alias, as people read it: ``'Vidl' (alias de 'Cabinet Vidal')``."""
    return say("alias_of", lang, alias=repr(alias), client=repr(client))


def number_cell(value: float, lang: Lang) -> str:
    """A figure in a table: no decimal from 100 up, one below (``2 140``, ``12,5``)."""
    return number(value, lang, 0 if abs(value) >= 100 else 1)
