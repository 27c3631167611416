"""The one translation table (fr, en) for chart and report labels.

Every word a chart or a report shows comes from `LABELS`; charts never hold their own
strings. Keys are the values found in the data (kinds, activities, off-hours categories)
or dotted names for chart texts (``iceberg.title``, ``axis.hours``). Texts with ``{…}``
fields are templates for `str.format`. A text that counts something (``{waits}
attentes``) has one form per CLDR plural category in `COUNTED`, picked by
``label(key, lang, count=n)``.

The table holds the project's words only. Numbers, money, percentages, hours, dates and
month names are formatted from CLDR by Babel in `cmtime.text.format`; its functions are
re-exported here so ``from cmtime.text.labels import number, money, label`` keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from cmtime.text.format import (
    LANGS,
    MISSING,
    NBSP,
    NNBSP,
    Lang,
    PluralCategory,
    check_lang,
    currency_symbol,
    date_text,
    format_locale,
    hours,
    money,
    money_rate,
    month_text,
    number,
    percent,
    plural_category,
    time_format_locale,
)

__all__ = [
    "ACTIVITIES",
    "COUNTED",
    "KIND_ORDER",
    "LABELS",
    "LANGS",
    "MISSING",
    "NBSP",
    "NNBSP",
    "OFFHOURS",
    "Lang",
    "check_lang",
    "currency_symbol",
    "date_text",
    "format_locale",
    "hours",
    "label",
    "money",
    "money_rate",
    "month_text",
    "number",
    "percent",
    "plural_category",
    "time_format_locale",
]

#: Effort kinds in display order (``wait`` is not effort but shares the palette).
KIND_ORDER: Final = ("visible", "hidden", "unclassified", "wait")

#: Activities in the order of the canonical schema.
ACTIVITIES: Final = (
    "publishing",
    "community",
    "meeting",
    "reporting",
    "strategy",
    "planning",
    "creation",
    "revisions",
    "monitoring",
    "admin",
    "chasing",
    "training",
    "incident",
    "ads",
    "shoot",
    "research",
    "briefing",
    "waiting_validation",
    "waiting_assets",
    "waiting_answer",
    "other",
)

#: Off-hours categories, for the off-hours charts.
OFFHOURS: Final = ("in_hours", "early", "midday", "evening", "night", "day_off", "unknown")

_TABLE: dict[str, tuple[str, str]] = {
    # key: (fr, en)
    # -- kinds of work
    "visible": ("Visible", "Visible"),
    "hidden": ("Invisible", "Hidden"),
    "unclassified": ("Non classé", "Unclassified"),
    "wait": ("Attente client", "Client wait"),
    # -- activities
    "publishing": ("Publication", "Publishing"),
    "community": ("Animation de communauté", "Community management"),
    "meeting": ("Réunions", "Meetings"),
    "reporting": ("Reporting", "Reporting"),
    "strategy": ("Stratégie", "Strategy"),
    "planning": ("Planification", "Planning"),
    "creation": ("Création", "Content creation"),
    "revisions": ("Révisions", "Revisions"),
    "monitoring": ("Veille", "Monitoring"),
    "admin": ("Administratif", "Admin"),
    "chasing": ("Relances", "Chasing the client"),
    "training": ("Formation", "Training"),
    "incident": ("Gestion de crise", "Crisis management"),
    "ads": ("Publicité payante", "Paid ads"),
    "shoot": ("Shootings photo et vidéo", "Photo and video shoots"),
    "research": ("Recherches", "Research"),
    "briefing": ("Briefs", "Briefing"),
    "waiting_validation": ("Attente de validation", "Waiting for approval"),
    "waiting_assets": ("Attente de contenus", "Waiting for assets"),
    "waiting_answer": ("Attente de réponse", "Waiting for an answer"),
    "other": ("Autre", "Other"),
    # -- off-hours categories
    "in_hours": ("Heures ouvrées", "Working hours"),
    "early": ("Tôt le matin", "Early morning"),
    "midday": ("Pause déjeuner", "Lunch break"),
    "evening": ("Soirée", "Evening"),
    "night": ("Nuit", "Night"),
    "day_off": ("Jour non travaillé", "Day off"),
    "unknown": ("Inconnu", "Unknown"),
    # -- shared chart words
    "no_client": ("(sans client)", "(no client)"),
    "axis.hours": ("Heures (h)", "Hours (h)"),
    "axis.week": ("Semaine", "Week"),
    "axis.client": ("Client", "Client"),
    "axis.activity": ("Activité", "Activity"),
    "field.client": ("Client", "Client"),
    "field.kind": ("Type de travail", "Kind of work"),
    "field.activity": ("Activité", "Activity"),
    "field.hours": ("Heures", "Hours"),
    "field.week": ("Semaine du", "Week of"),
    "field.effort": ("Heures travaillées", "Hours worked"),
    "field.hidden_share": ("Part invisible", "Hidden share"),
    "field.total": ("Total", "Total"),
    # -- iceberg chart
    "iceberg.title": (
        "Ce que vos clients voient… et le reste",
        "What clients see… and the rest",
    ),
    "iceberg.subtitle": (
        "Travail invisible : {share} des heures classées ({hidden} sur {classified})",
        "Hidden work: {share} of classified hours ({hidden} of {classified})",
    ),
    "iceberg.subtitle_empty": ("Aucune heure classée", "No classified hours"),
    "iceberg.waterline": ("ligne de flottaison", "waterline"),
    "iceberg.share": ("{share} invisible", "{share} hidden"),
    # -- weekly chart
    "weekly.title": ("Heures travaillées par semaine", "Hours worked per week"),
    "weekly.subtitle_empty": ("Aucune heure sur la période", "No hours in the period"),
    # -- activity chart
    "activity.title": ("Où passent les heures", "Where the hours go"),
    "activity.subtitle": (
        "Heures par activité, selon ce que le client en voit",
        "Hours by activity, by what the client sees of them",
    ),
    # -- off-hours charts and team view
    "team.person": ("Personne {}", "Person {}"),
    "axis.hour": ("Heure de la journée", "Hour of the day"),
    "axis.weekday": ("Jour", "Day"),
    "axis.month": ("Mois", "Month"),
    "axis.person": ("Personne", "Person"),
    "axis.offhours_hours": ("Heures hors horaires (h)", "Hours outside working hours (h)"),
    "punchcard.hour_suffix": ("\u00a0h", ":00"),
    "axis.offhours_share": (
        "Part des heures hors horaires (%)",
        "Share of hours outside working hours (%)",
    ),
    "field.weekday": ("Jour", "Day"),
    "field.hour": ("Heure", "Hour"),
    "field.month": ("Mois", "Month"),
    "field.person": ("Personne", "Person"),
    "field.category": ("Moment", "When"),
    "field.offhours": ("Hors horaires", "Outside working hours"),
    "field.offhours_share": ("Part hors horaires", "Share outside working hours"),
    "overall": ("Tous clients", "All clients"),
    "punchcard.title": ("Quand le travail se fait", "When the work gets done"),
    "punchcard.subtitle": (
        "Heures travaillées par jour et par heure ({total}) ; cadres : vos horaires de travail",
        "Hours worked per day and hour of day ({total}); boxes: your working hours",
    ),
    "punchcard.subtitle_plain": (
        "Heures travaillées par jour et par heure ({total})",
        "Hours worked per day and hour of day ({total})",
    ),
    "offhours_client.title": (
        "Quel client vous fait travailler hors horaires ?",
        "Which client has you working outside working hours?",
    ),
    "offhours_client.subtitle": (
        "Heures hors horaires par client et par moment ; en bout de barre, la part de ses heures",
        "Hours outside working hours per client and time of day; at the end, the share of its hours",
    ),
    "offhours_client.end": ("{hours} · {share}", "{hours} · {share}"),
    "offhours_trend.title": (
        "Les heures hors horaires, mois après mois",
        "Hours outside working hours, month by month",
    ),
    "offhours_trend.subtitle": (
        "Part des heures travaillées tôt le matin, à midi, le soir, la nuit ou un jour non travaillé",
        "Share of hours worked early, at lunch, in the evening, at night or on a day off",
    ),
    "team.title": (
        "L'équipe face aux heures hors horaires",
        "The team and hours outside working hours",
    ),
    "team.subtitle": (
        "Heures travaillées par personne, selon le moment ; en bout de barre, la part hors horaires",
        "Hours worked per person by time of day; at the end, the share outside working hours",
    ),
    # -- input formats, as people name them (the JSON keeps the reader's name)
    "format.toggl": ("Toggl", "Toggl"),
    "format.toggl_json": ("Toggl (JSON)", "Toggl (JSON)"),
    "format.clockify": ("Clockify", "Clockify"),
    "format.harvest": ("Harvest", "Harvest"),
    "format.kimai": ("Kimai", "Kimai"),
    "format.timewarrior": ("Timewarrior", "Timewarrior"),
    "format.watson": ("Watson", "Watson"),
    "format.ics": ("Agenda (iCalendar)", "Calendar (iCalendar)"),
    "format.journal": ("Journal texte", "Text log"),
    "format.cmtime": ("CSV cmtime", "cmtime CSV"),
    "format.waits": ("Registre des attentes", "Waits ledger"),
    # -- client wait charts
    "wait.open": ("en cours", "open"),
    "wait.closed": ("répondu", "answered"),
    "wait.days": ("{n}\u00a0j", "{n} d"),
    "axis.date": ("Date", "Date"),
    "axis.wait_days": ("Jours d'attente (calendaires)", "Days waiting (calendar days)"),
    "axis.cumulative_days": ("Jours ouvrés perdus, cumulés", "Working days lost, cumulative"),
    "field.item": ("Objet", "Item"),
    "field.wait_kind": ("Type d'attente", "Kind of wait"),
    "field.asked": ("Demandé le", "Asked on"),
    "field.answered": ("Répondu le", "Answered on"),
    "field.status": ("État", "Status"),
    "field.wait_days": ("Attente", "Wait"),
    "field.business_days": ("Jours ouvrés perdus", "Working days lost"),
    "field.median": ("Médiane", "Median"),
    "field.waits": ("Attentes", "Waits"),
    "wait_timeline.title": ("Le travail bloqué, attente par attente", "Work on hold, wait by wait"),
    "wait_timeline.subtitle_empty": ("Aucune attente sur la période", "No waits in the period"),
    "wait_latency.title": (
        "Combien de temps chaque client vous fait attendre",
        "How long each client keeps you waiting",
    ),
    "wait_latency.subtitle": (
        "Chaque trait est une attente ; la boîte va du premier au troisième quartile, le chiffre est la médiane",
        "Each tick is one wait; the box spans the middle half, the number is the median",
    ),
    "wait_latency.median": ("médiane {days}", "median {days}"),
    "wait_cumulative.title": ("Les jours perdus s'additionnent", "Lost days add up"),
    "wait_cumulative.subtitle": (
        "Jours ouvrés passés à attendre le client, cumulés mois après mois ({total} au total)",
        "Working days spent waiting for the client, month after month ({total} in all)",
    ),
    "wait_cumulative.end": ("{client} : {days}", "{client}: {days}"),
    # -- pricing: rates, fees, the renewal proposal
    "axis.rate": ("Taux horaire ({unit})", "Hourly rate ({unit})"),
    "axis.fee": ("Forfait sur la période ({unit})", "Fee over the period ({unit})"),
    "axis.monthly_fee": ("Montant mensuel ({unit})", "Monthly amount ({unit})"),
    "axis.effort_period": (
        "Heures travaillées sur la période (h)",
        "Hours worked over the period (h)",
    ),
    "field.rate": ("Taux", "Rate"),
    "field.rate_kind": ("Taux horaire", "Hourly rate"),
    "field.fee": ("Forfait", "Fee"),
    "field.amount": ("Montant", "Amount"),
    "field.series": ("Série", "Series"),
    "rate.effective": ("Taux effectif (toutes les heures)", "Effective rate (all hours)"),
    "rate.perceived": ("Taux perçu (heures visibles)", "Perceived rate (visible hours)"),
    "rate.target": ("Objectif {rate}", "Target {rate}"),
    "rates.title": (
        "Ce que le client croit payer… et ce qu'il paie vraiment",
        "What clients think they pay… and what they really pay",
    ),
    "rates.subtitle": (
        "Forfait divisé par les heures visibles, puis par toutes les heures travaillées ; trait : votre objectif",
        "Fee divided by visible hours, then by all hours worked; line: your target",
    ),
    "fee.current": ("Forfait facturé", "Fee billed"),
    "fee.suggested": ("Prix juste du mois", "Fair price of the month"),
    "fee.proposed": ("Tarif proposé {fee}", "Proposed fee {fee}"),
    "fee_chart.title": (
        "{client} : le forfait face au travail fourni",
        "{client}: the fee against the work done",
    ),
    "fee_chart.subtitle": (
        "Chaque mois, le forfait facturé et ce que le travail aurait coûté à {rate}",
        "Each month, the fee billed and what the work would cost at {rate}",
    ),
    "map.title": ("Qui paie le juste prix ?", "Who pays a fair price?"),
    "map.subtitle": (
        "Sous la ligne (forfait = {rate} \u00d7 heures), le client est sous-facturé",
        "Below the line (fee = {rate} \u00d7 hours), the client is underpriced",
    ),
    "map.line": ("{rate}", "{rate}"),
    "map.under": ("sous-facturé", "underpriced"),
    "proposal.title": ("Renouvellement : {client}", "Renewal: {client}"),
    "proposal.period": ("Période", "Period"),
    "proposal.current": ("Forfait mensuel actuel", "Current monthly fee"),
    "proposal.suggested": ("Forfait mensuel proposé", "Proposed monthly fee"),
    "proposal.change": ("Évolution", "Change"),
    "proposal.evidence": ("Les chiffres", "The figures"),
    "proposal.notes": ("À vérifier", "To check"),
    "evidence.hidden": (
        "Le travail invisible représente {share} du temps ({hidden} sur {total})",
        "Hidden work is {share} of the time ({hidden} of {total})",
    ),
    "evidence.offhours": (
        "{share} des heures hors horaires : tôt, à midi, le soir, la nuit ou un jour non travaillé ({hours})",
        "{share} of the hours outside working hours: early, at lunch, evenings, nights or days off ({hours})",
    ),
    "evidence.rate": (
        "Taux horaire effectif : {effective}, pour un objectif de {target}",
        "Effective hourly rate: {effective}, against a target of {target}",
    ),
    "evidence.perceived": (
        "Le client croit payer {perceived} (heures visibles), il paie réellement {effective}",
        "The client believes they pay {perceived} (visible hours); they actually pay {effective}",
    ),
    "evidence.included": (
        "{effort} travaillées par mois (mois médian) pour un forfait prévu de {included}",
        "{effort} worked per month (median month) for a retainer sold as {included}",
    ),
    "evidence.suggested": (
        "Tarif proposé : {fee} par mois ({change}), soit {target} sur le mois médian",
        "Proposed fee: {fee} a month ({change}), that is {target} on the median month",
    ),
    "evidence.premium": (
        ", heures hors horaires majorées de {premium}",
        ", hours outside working hours +{premium}",
    ),
    "evidence.margin": (
        "Marge sur la période : {margin} pour {cost} de coût d'équipe",
        "Margin over the period: {margin} on {cost} of team cost",
    ),
    "widget.client": ("Client", "Client"),
    "widget.period": ("Période", "Period"),
    "widget.target": ("Objectif ({unit})", "Target ({unit})"),
    "widget.premium": ("Majoration hors horaires", "Off-hours premium"),
    "note.no_contract": (
        "Pas de forfait mensuel pour ce client dans cmtime.toml : aucun montant calculé",
        "No monthly fee for this client in cmtime.toml: no amounts computed",
    ),
    "note.no_effort": ("Aucune heure travaillée sur la période", "No hours worked in the period"),
    "note.unknown_cost": (
        "Coût inconnu pour : {people} (ajoutez cost_rate dans [people])",
        "Unknown cost for: {people} (add cost_rate under [people])",
    ),
    # -- monthly effort chart and the client report (cmtime.outputs.share)
    "monthly.title": ("Heures par mois", "Hours per month"),
    "monthly.subtitle_empty": ("Aucune heure sur la période", "No hours in the period"),
    # -- what each chart draws, for screen readers (charts._common.finish: "alt.{chart}")
    "alt.iceberg": (
        "Barres par client\u00a0: heures visibles au-dessus de la ligne de flottaison, "
        "heures invisibles en dessous",
        "Bars per client: visible hours above the waterline, hidden hours below",
    ),
    "alt.weekly_effort": (
        "Barres empilées par semaine\u00a0: heures visibles, invisibles et non classées",
        "Stacked bars per week: visible, hidden and unclassified hours",
    ),
    "alt.activity": (
        "Barres par activité, empilées selon ce que le client en voit",
        "Bars per activity, stacked by what the client sees of it",
    ),
    "alt.monthly_effort": (
        "Barres empilées par mois\u00a0: heures visibles, invisibles et non classées, total au-dessus",
        "Stacked bars per month: visible, hidden and unclassified hours, total on top",
    ),
    "alt.punchcard": (
        "Grille des jours de la semaine et des heures de la journée, plus foncée où vous avez "
        "le plus travaillé",
        "Grid of weekdays and hours of the day, darker where you worked the most",
    ),
    "alt.offhours_by_client": (
        "Barres par client, empilées par moment hors horaires",
        "Bars per client, stacked by time outside working hours",
    ),
    "alt.offhours_trend": (
        "Courbe de la part des heures hors horaires, mois par mois",
        "Line of the share of hours outside working hours, month by month",
    ),
    "alt.team": (
        "Barres par personne, empilées par moment de la journée",
        "Bars per person, stacked by time of day",
    ),
    "alt.wait_timeline": (
        "Une barre par attente, de la demande à la réponse, sur le calendrier",
        "One bar per wait, from request to answer, along the calendar",
    ),
    "alt.wait_latency": (
        "Une boîte par client\u00a0: la durée de ses attentes, en jours",
        "One box per client: how long its waits lasted, in days",
    ),
    "alt.wait_cumulative": (
        "Une courbe par client\u00a0: les jours ouvrés perdus à attendre, cumulés",
        "One line per client: working days lost waiting, added up",
    ),
    "alt.rates": (
        "Deux points par client\u00a0: le taux horaire perçu et le taux réel, face à votre objectif",
        "Two dots per client: the perceived and the real hourly rate, against your target",
    ),
    "alt.fee_vs_suggested": (
        "Barres par mois\u00a0: le forfait facturé\u00a0; courbe\u00a0: le prix du travail fourni",
        "Bars per month: the fee billed; line: the price of the work done",
    ),
    "alt.clients_map": (
        "Un point par client\u00a0: heures travaillées et forfait, face à la ligne du juste prix",
        "One dot per client: hours worked and fee, against the fair-price line",
    ),
    # -- HTML pages
    "page.noscript": (
        "Activez JavaScript pour afficher les graphiques.",
        "Turn on JavaScript to see the charts.",
    ),
    "page.save_png": ("Enregistrer en PNG", "Save as PNG"),
    "page.save_svg": ("Enregistrer en SVG", "Save as SVG"),
    "page.actions": ("Enregistrer le graphique", "Save the chart"),
}

_Forms = Mapping[PluralCategory, str]

#: Texts that count something: one form per CLDR plural category, (fr, en). French
#: ``one`` covers 0 and 1; a category an entry leaves out (French ``many``, for round
#: millions) falls back to ``other``.
_COUNTED: dict[str, tuple[_Forms, _Forms]] = {
    "weekly.subtitle": (
        {
            "one": "{total} sur {weeks} semaine, soit {mean} par semaine en moyenne",
            "other": "{total} sur {weeks} semaines, soit {mean} par semaine en moyenne",
        },
        {
            "one": "{total} over {weeks} week, {mean} per week on average",
            "other": "{total} over {weeks} weeks, {mean} per week on average",
        },
    ),
    "monthly.subtitle": (
        {"other": "{total} sur {months} mois, soit {mean} par mois en moyenne"},
        {
            "one": "{total} over {months} month, {mean} a month on average",
            "other": "{total} over {months} months, {mean} a month on average",
        },
    ),
    "wait_timeline.subtitle": (
        {
            "one": "{waits} attente, de la demande à la réponse ; {open} encore en cours (→)",
            "other": "{waits} attentes, de la demande à la réponse ; {open} encore en cours (→)",
        },
        {
            "one": "{waits} wait, from the ask to the answer; {open} still open (→)",
            "other": "{waits} waits, from the ask to the answer; {open} still open (→)",
        },
    ),
    "wait_timeline.subtitle_closed": (
        {
            "one": "{waits} attente, de la demande à la réponse du client",
            "other": "{waits} attentes, de la demande à la réponse du client",
        },
        {
            "one": "{waits} wait, from the ask to the client's answer",
            "other": "{waits} waits, from the ask to the client's answer",
        },
    ),
    "evidence.wait": (
        {
            "one": "Délai médian de réponse du client : {wait} ({waits} attente)",
            "other": "Délai médian de réponse du client : {wait} ({waits} attentes)",
        },
        {
            "one": "Median client response time: {wait} ({waits} wait)",
            "other": "Median client response time: {wait} ({waits} waits)",
        },
    ),
    "report.kpi.wait_note": (
        {"one": "sur {waits} demande", "other": "sur {waits} demandes"},
        {"one": "over {waits} request", "other": "over {waits} requests"},
    ),
    "wait.days_long": (
        {"one": "{n} jour", "other": "{n} jours"},
        {"one": "{n} day", "other": "{n} days"},
    ),
}

#: The counted texts, read-only: ``COUNTED[key][lang][category]``.
COUNTED: Final[Mapping[str, Mapping[Lang, _Forms]]] = MappingProxyType(
    {
        key: MappingProxyType({"fr": MappingProxyType(dict(fr)), "en": MappingProxyType(dict(en))})
        for key, (fr, en) in _COUNTED.items()
    }
)

#: The translation table, read-only: ``LABELS[key][lang]``; a counted text gives its
#: ``other`` form here.
_ALL: dict[str, tuple[str, str]] = _TABLE | {
    k: (fr["other"], en["other"]) for k, (fr, en) in _COUNTED.items()
}
LABELS: Final[Mapping[str, Mapping[Lang, str]]] = MappingProxyType(
    {key: MappingProxyType({"fr": fr, "en": en}) for key, (fr, en) in _ALL.items()}
)


def label(key: str, lang: Lang, *, count: float | Decimal | None = None) -> str:
    """Return the label of ``key`` in ``lang``; an unknown key is returned as is.

    Parameters
    ----------
    key
        A kind, activity or off-hours category as found in the data, or a dotted chart key.
    lang
        ``"fr"`` or ``"en"``; anything else raises `ValueError`.
    count
        For a counted text (`COUNTED`), the number it counts: its CLDR plural category
        picks the form. Without it, the ``other`` form.

    Examples
    --------
    >>> label("hidden", "fr")
    'Invisible'
    >>> label("some_new_activity", "en")
    'some_new_activity'
    >>> [label("report.kpi.wait_note", "fr", count=n).format(waits=n) for n in (1, 2)]
    ['sur 1 demande', 'sur 2 demandes']
    >>> [label("report.kpi.wait_note", "en", count=n).format(waits=n) for n in (0, 1)]
    ['over 0 requests', 'over 1 request']
    """
    lang = check_lang(lang)
    forms = COUNTED.get(key)
    if forms is not None and count is not None:
        return forms[lang].get(plural_category(count, lang), forms[lang]["other"])
    entry = LABELS.get(key)
    return key if entry is None else entry[lang]
