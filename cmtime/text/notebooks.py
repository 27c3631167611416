"""The notebooks' own sentences, in French and English, from one table.

Every heading, explanation and printed sentence of ``notebooks/0*.py`` comes from
`NOTEBOOK_TEXTS`: a notebook runs in one language (its ``lang`` parameter) and shows no
word of the other. Numbers, hours, money and dates are formatted by `cmtime.text.format`
before they are put into a text; a text that counts something has one form per CLDR
plural category, picked by ``count``.

`say` returns a `Prose`: a string that Jupyter displays as Markdown, so a cell whose last
expression is ``say("01.title", lang)`` shows the text as if it were a Markdown cell.
Column headers of the notebook tables are `column` keys (``col.hours``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from cmtime.text.format import Lang, check_lang, plural_category

__all__ = ["NOTEBOOK_TEXTS", "Prose", "column", "say", "text"]

#: A text, or one text per CLDR plural category (``one``, ``other``).
Forms = str | Mapping[str, str]

_NB = "\u00a0"  # no-break space, before French : ; ? ! and inside « »

NOTEBOOK_TEXTS: Final[dict[str, tuple[Forms, Forms]]] = {
    # key: (fr, en)
    # -- shared -----------------------------------------------------------------------------
    "period": (f"Période{_NB}: du {{start}} au {{end}}.", "Period: {start} to {end}."),
    "no_data": (
        "Aucun bloc de temps sur cette période.",
        "No time block in this period.",
    ),
    # -- 00-start-here ----------------------------------------------------------------------
    "00.title": (
        f"# Commencez ici{_NB}: vos exports ont-ils été bien lus{_NB}?\n\n"
        "Avant de tirer des conclusions, vérifiez que cmtime a lu tous vos blocs de temps : "
        "combien de lignes par fichier, lesquelles ont été écartées et pourquoi, et quelles "
        "descriptions ne correspondent à aucune règle. C'est ce que montre `cmtime check`. "
        "Par défaut ce carnet lit les données d'exemple ; indiquez le dossier de vos exports "
        "dans la cellule `parameters`.",
        "# Start here: were your exports read correctly?\n\n"
        "Before drawing conclusions, check that cmtime read all your time blocks: how many "
        "rows per file, which ones were set aside and why, and which descriptions match no "
        "rule. This is what `cmtime check` shows. By default this notebook reads the sample "
        "data; put the folder of your exports in the `parameters` cell.",
    ),
    "00.totals": (
        {
            "one": "**{files}** fichier lu, **{entries}** blocs : **{effort}** de travail, et "
            "**{wait}** d'attente du client (jamais comptées comme du travail).",
            "other": "**{files}** fichiers lus, **{entries}** blocs : **{effort}** de travail, et "
            "**{wait}** d'attente du client (jamais comptées comme du travail).",
        },
        {
            "one": "**{files}** file read, **{entries}** blocks: **{effort}** of work, and "
            "**{wait}** of waiting for the client (never counted as work).",
            "other": "**{files}** files read, **{entries}** blocks: **{effort}** of work, and "
            "**{wait}** of waiting for the client (never counted as work).",
        },
    ),
    "00.checks": (
        f"Lignes écartées{_NB}: **{{rejected}}** — déjà lues dans un autre export{_NB}: "
        f"**{{duplicates}}** (comptées une fois) — chevauchements{_NB}: **{{overlaps}}** — "
        f"non classé{_NB}: **{{unclassified}}**.",
        "Rejected lines: **{rejected}** — already read in another export: **{duplicates}** "
        "(counted once) — overlaps: **{overlaps}** — "
        "unclassified: **{unclassified}**.",
    ),
    "00.files": (
        "## Fichier par fichier\n\n"
        "Le nombre de blocs doit correspondre à ce que votre outil affiche. *Écartées* compte "
        "les lignes illisibles, *doublons* celles déjà lues dans un autre export, "
        "*chevauchements* les blocs d'une même personne qui se chevauchent, *en cours* les "
        "chronos pas encore arrêtés. Chacune de ces quatre colonnes n'apparaît que si un "
        "fichier en a.",
        "## File by file\n\n"
        "The number of blocks should match what your tracker shows. *Rejected* counts the "
        "unreadable rows, *duplicates* those already read in another export, *overlaps* the "
        "blocks of one person that overlap, *running* the timers not stopped yet. Each of "
        "these four columns appears only when some file has any.",
    ),
    "00.no_files": ("Aucun fichier d'export n'a été lu.", "No export file was read."),
    "00.rejected": (
        "## Les lignes écartées\n\n"
        "Chaque ligne écartée est du temps qui manquera aux calculs : corrigez-la dans votre "
        "outil (numéro de ligne à l'appui) ou ignorez-la si elle ne compte pas.",
        "## Rejected lines\n\n"
        "Every rejected line is time missing from the figures: fix it in your tracker (the "
        "line number tells you where) or ignore it if it does not count.",
    ),
    "00.no_rejected": (
        "Aucune ligne écartée : tout a été lu.",
        "No line was rejected: everything was read.",
    ),
    "00.unclassified": (
        "## Le travail non classé\n\n"
        "Ces descriptions ne correspondent à aucune règle : ajoutez une règle `[[rules]]` dans "
        "`cmtime.toml` pour les classer en visible, invisible ou attente ; cmtime ne devine pas.",
        "## Unclassified work\n\n"
        "These descriptions match no rule: add a `[[rules]]` rule to `cmtime.toml` to make "
        "them visible, hidden or wait; cmtime does not guess.",
    ),
    "00.no_unclassified": (
        "Toutes les descriptions sont classées.",
        "Every description is classified.",
    ),
    "00.explain": (
        "## Pourquoi chaque description a son type\n\n"
        "Chaque description, avec ses heures, son type (visible, invisible, attente, non "
        "classé), son activité et ce qui a décidé : une règle intégrée (`builtin:fr/ads`), une "
        "ligne de votre `cmtime.toml` (`config:line 12`) ou une étiquette (`tag:#hidden`). Le "
        "non classé vient en premier. En ligne de commande : `cmtime rules DOSSIER`, et "
        "`cmtime rules DOSSIER --suggest` pour des règles apprises de vos propres étiquettes.",
        "## Why each description has its kind\n\n"
        "Every description, with its hours, its kind (visible, hidden, wait, unclassified), "
        "its activity and what decided it: a built-in rule (`builtin:fr/ads`), a line of your "
        "`cmtime.toml` (`config:line 12`) or a tag (`tag:#hidden`). Unclassified work comes "
        "first. From the command line: `cmtime rules FOLDER`, and "
        "`cmtime rules FOLDER --suggest` for rules learned from your own tags.",
    ),
    "00.own": (
        "## Lire vos propres exports\n\n"
        "Collez le chemin d'un fichier ou d'un dossier d'exports et cliquez sur « Lire » : "
        "le même bilan s'affiche sous le bouton, sans toucher au code.",
        "## Read your own exports\n\n"
        "Paste the path of an export file or folder and click “Read”: the same check shows "
        "under the button, without touching the code.",
    ),
    "00.own.box": (f"Exports{_NB}:", "Exports:"),
    "00.own.read": ("Lire", "Read"),
    "00.own.error": (f"**Lecture impossible{_NB}:** {{error}}", "**Cannot read:** {error}"),
    "00.next": (
        "## Et ensuite\n\n"
        "1. [La charge de travail](01-workload.py) : visible, invisible, attente client.\n"
        "2. [Le travail hors horaires](02-offhours.py) : qui vous fait travailler le soir.\n"
        "3. [L'attente client](03-client-wait.py) : combien de jours chaque client bloque "
        "le travail.\n"
        "4. [Tarifs et renouvellement](04-pricing.py) : le vrai taux horaire et un forfait "
        "défendable.\n"
        "5. [Le rapport client](05-client-report.py) : un fichier HTML à envoyer au client.",
        "## What next\n\n"
        "1. [Workload](01-workload.py): visible, hidden, client wait.\n"
        "2. [Off-hours work](02-offhours.py): who makes you work in the evening.\n"
        "3. [Client wait](03-client-wait.py): how many days each client holds the work up.\n"
        "4. [Pricing and renewal](04-pricing.py): the real hourly rate and a fee you can "
        "defend.\n"
        "5. [The client report](05-client-report.py): an HTML file to send to the client.",
    ),
    # -- 01-workload ------------------------------------------------------------------------
    "01.title": (
        "# Charge de travail : ce que le client voit… et le reste\n\n"
        "Ce carnet lit vos exports de temps, classe chaque bloc en travail **visible** (ce "
        "que le client voit), **invisible** (stratégie, création, révisions, veille, "
        "reporting, relances) ou **attente client**, et montre où part réellement le temps.",
        "# Workload: what the client sees… and the rest\n\n"
        "This notebook reads your time exports, sorts every block into **visible** work (what "
        "the client sees), **hidden** work (strategy, creation, revisions, monitoring, "
        "reporting, chasing) or **client wait**, and shows where the time really goes.",
    ),
    "01.totals": (
        f"Effort total{_NB}: **{{effort}}**, dont **{{hidden}}** de travail invisible.",
        "Total effort: **{effort}**, of which **{hidden}** hidden work.",
    ),
    "01.iceberg": (
        "## L'iceberg : au-dessus de la ligne de flottaison, ce que le client voit\n\n"
        "Sous la ligne, le travail que personne ne voit mais sans lequel rien n'est publié.",
        "## The iceberg: above the waterline, what the client sees\n\n"
        "Below the line, the work nobody sees but without which nothing gets published.",
    ),
    "01.weekly": (
        "## Semaine après semaine\n\n"
        "Les semaines chargées et les creux (vacances, jours fériés) apparaissent d'un coup "
        "d'œil.",
        "## Week after week\n\n"
        "Busy weeks and quiet ones (holidays, public holidays) show at a glance.",
    ),
    "01.activity": (
        "## Où part le temps, activité par activité\n\n"
        "Les activités invisibles (création, révisions, veille, relances) pèsent souvent "
        "autant que les publications : ce sont elles qui justifient le forfait.",
        "## Where the time goes, activity by activity\n\n"
        "Hidden activities (creation, revisions, monitoring, chasing) often weigh as much as "
        "publishing: they are what justifies the fee.",
    ),
    "01.unclassified": (
        "## Le travail non classé\n\n"
        "Ces descriptions ne correspondent à aucune règle. Ajoutez une règle `[[rules]]` "
        "dans `cmtime.toml` pour les classer ; cmtime ne devine pas.",
        "## Unclassified work\n\n"
        "These descriptions match no rule. Add a `[[rules]]` rule to `cmtime.toml` to "
        "classify them; cmtime does not guess.",
    ),
    # -- 02-offhours ------------------------------------------------------------------------
    "02.title": (
        "# Quel client me fait travailler le soir ?\n\n"
        "Les publics sont en ligne tôt le matin, à midi et le soir : les heures débordent. "
        "Ce carnet mesure exactement la part de votre travail faite hors de vos horaires "
        "(`[hours]` de `cmtime.toml`), au changement d'heure près, et montre qui la provoque.",
        "# Which client makes me work in the evening?\n\n"
        "Audiences are online early, at lunch and in the evening: the hours spill over. This "
        "notebook measures exactly the share of your work done outside your working hours "
        "(`[hours]` in `cmtime.toml`), to the daylight-saving change, and shows who causes it.",
    ),
    "02.totals": (
        f"Effort total{_NB}: **{{effort}}** — hors horaires{_NB}: **{{offhours}}**, soit "
        "**{share}**.",
        "Total effort: **{effort}** — outside working hours: **{offhours}**, that is **{share}**.",
    ),
    "02.punchcard": (
        "## Votre semaine type\n\n"
        "Chaque case est une heure de la semaine, plus elle est foncée plus vous y avez "
        "travaillé : tout ce qui dépasse des cadres (vos horaires) a été fait hors horaires.",
        "## Your typical week\n\n"
        "Each cell is an hour of the week, the darker the more you worked then: everything "
        "outside the frames (your working hours) was done off-hours.",
    ),
    "02.by_client": (
        "## Qui vous fait travailler hors horaires ?\n\n"
        "Les heures hors horaires de chaque client, par moment de la journée : c'est "
        "l'argument d'une majoration au renouvellement (`offhours_premium`).",
        "## Who makes you work off-hours?\n\n"
        "Each client's off-hours, by time of day: the case for a premium at renewal "
        "(`offhours_premium`).",
    ),
    "02.worst": (
        f"**{{client}}**{_NB}: {{share}} de ses heures hors horaires, dont {{evening}} le soir "
        "et {day_off} en jour non travaillé.",
        "**{client}**: {share} of its hours off-hours, of which {evening} in the evening and "
        "{day_off} on days off.",
    ),
    "02.trend": (
        "## Mois après mois\n\n"
        "Une part qui monte d'un mois à l'autre est un signal à discuter avec le client avant "
        "qu'elle devienne la norme.",
        "## Month after month\n\n"
        "A share rising from one month to the next is worth raising with the client before "
        "it becomes the norm.",
    ),
    "02.evenings": (
        "## Soirées, week-ends, jours d'affilée\n\n"
        "Trois chiffres simples à citer : les soirs où vous avez travaillé après 20 h, les "
        "week-ends entamés, et la plus longue série de jours sans coupure.",
        "## Evenings, weekends, days in a row\n\n"
        "Three simple figures to quote: the evenings you worked after 8 pm, the weekends cut "
        "into, and the longest run of days without a break.",
    ),
    "02.late": (
        {
            "one": f"Soirées après 20{_NB}h{_NB}: **{{days}}** jour.",
            "other": f"Soirées après 20{_NB}h{_NB}: **{{days}}** jours.",
        },
        {
            "one": "Evenings after 8 pm: **{days}** day.",
            "other": "Evenings after 8 pm: **{days}** days.",
        },
    ),
    "02.weekends": (
        {
            "one": f"Week-ends travaillés{_NB}: **{{weekends}}** ({{days}} jours de week-end).",
            "other": f"Week-ends travaillés{_NB}: **{{weekends}}** ({{days}} jours de week-end).",
        },
        {
            "one": "Weekends worked: **{weekends}** ({days} weekend days).",
            "other": "Weekends worked: **{weekends}** ({days} weekend days).",
        },
    ),
    "02.streak": (
        {
            "one": f"Plus longue série ({{person}}){_NB}: **{{days}} jour**, le {{start}}.",
            "other": f"Plus longue série ({{person}}){_NB}: **{{days}} jours d'affilée**, du "
            "{start} au {end}.",
        },
        {
            "one": "Longest run ({person}): **{days} day**, on {start}.",
            "other": "Longest run ({person}): **{days} days in a row**, {start} to {end}.",
        },
    ),
    "02.team": (
        "## L'équipe\n\n"
        "Chaque personne côte à côte, pour voir qui porte les soirées. Avec `min_group`, "
        "`load_offhours` remplace les noms par « Personne 1… » dans une petite équipe.",
        "## The team\n\n"
        "Each person side by side, to see who carries the evenings. With `min_group`, "
        "`load_offhours` replaces names with “Person 1…” in a small team.",
    ),
    # -- 03-client-wait ---------------------------------------------------------------------
    "03.title": (
        "# Attente client : combien de temps chaque client bloque le travail\n\n"
        "« Si vous répondez 15 jours plus tard, c'est 15 jours de perdus. » Ce carnet mesure, "
        "client par client, le temps entre une demande (une validation, des photos, une "
        "réponse) et la réponse du client : en jours calendaires, en heures ouvrées et en "
        "jours ouvrés perdus. Les attentes viennent des blocs marqués `attente` dans vos "
        "exports et, si vous en tenez un, d'un registre `waits.csv` "
        "(`client,objet,demandé,répondu,relances`) ; une attente sans réponse court jusqu'à "
        "la fin de la période ou jusqu'à aujourd'hui (ou jusqu'au jour `as_of` de "
        "`cmtime.toml`, s'il y en a un : les données d'exemple s'arrêtent au 31 décembre).",
        "# Client wait: how long each client holds the work up\n\n"
        "“If you answer 15 days later, that is 15 days lost.” This notebook measures, client "
        "by client, the time between a request (an approval, photos, an answer) and the "
        "client's answer: in calendar days, working hours and working days lost. Waits come "
        "from blocks tagged `wait` in your exports and, if you keep one, from a `waits.csv` "
        "ledger (`client,item,asked,answered,reminders`); a wait with no answer runs to the "
        "end of the period or to today (or to the `as_of` day of `cmtime.toml`, when there is "
        "one: the sample data stop on 31 December).",
    ),
    "03.totals": (
        {
            "one": "**{waits}** attente sur la période.",
            "other": "**{waits}** attentes sur la période.",
        },
        {"one": "**{waits}** wait in the period.", "other": "**{waits}** waits in the period."},
    ),
    "03.open": (
        {
            "one": "**{open}** encore ouverte : le client n'a pas répondu.",
            "other": "**{open}** encore ouvertes : le client n'a pas répondu.",
        },
        {
            "one": "**{open}** still open: the client has not answered.",
            "other": "**{open}** still open: the client has not answered.",
        },
    ),
    "03.median": (
        "## Le délai médian de réponse, client par client\n\n"
        "La médiane : la moitié des attentes sont plus courtes, l'autre moitié plus longues. "
        "Le 9e décile (p90) dit combien de temps durent les attentes les plus longues.",
        "## The median answer time, client by client\n\n"
        "The median: half of the waits are shorter, half are longer. The 90th percentile "
        "(p90) tells how long the longest waits last.",
    ),
    "03.no_waits": (
        "Aucune attente client sur cette période.",
        "No client wait in this period.",
    ),
    "03.slowest": (
        "**{client}** répond en **{days} jours** (médiane). Sur la période, {lost} jours "
        "ouvrés ont eu au moins une attente ouverte.",
        "**{client}** answers in **{days} days** (median). Over the period, {lost} working "
        "days had at least one wait open.",
    ),
    "03.timeline": (
        "## Chaque attente sur le calendrier\n\n"
        "Une barre va de la demande à la réponse. Les barres claires en pointillés sont "
        "encore ouvertes : le client n'a pas répondu.",
        "## Every wait on the calendar\n\n"
        "A bar runs from the request to the answer. Light dashed bars are still open: the "
        "client has not answered.",
    ),
    "03.latency": (
        "## Qui répond vite, qui laisse traîner\n\n"
        "Chaque trait est une attente ; la boîte contient la moitié centrale des attentes.",
        "## Who answers fast, who lets it drag\n\n"
        "Each tick is a wait; the box holds the middle half of the waits.",
    ),
    "03.cumulative": (
        "## Les jours perdus s'additionnent\n\n"
        "Jours ouvrés passés à attendre, cumulés mois après mois : c'est le calendrier "
        "éditorial qui glisse d'autant. Le tableau les donne trimestre par trimestre.",
        "## Lost days add up\n\n"
        "Working days spent waiting, added up month after month: the editorial calendar "
        "slips by as much. The table gives them quarter by quarter.",
    ),
    "03.chasing": (
        "## Relancer a un coût\n\n"
        "Les relances notées dans le registre et le temps passé à relancer (activité "
        "« Relances ») sont du travail que le client ne voit pas.",
        "## Chasing has a cost\n\n"
        "The reminders noted in the ledger and the time spent chasing (the “Chasing the "
        "client” activity) are work the client never sees.",
    ),
    "03.no_chasing": (
        "Aucune relance notée et aucun temps passé à relancer.",
        "No reminder noted and no time spent chasing.",
    ),
    "quarter": ("T{quarter} {year}", "Q{quarter} {year}"),
    # -- 04-pricing -------------------------------------------------------------------------
    "04.title": (
        "# Tarifs et renouvellement : le vrai taux horaire et un prix défendable\n\n"
        "Le client divise votre forfait par ce qu'il voit (les publications, les réunions) ; "
        "vous, vous le divisez par tout ce que vous faites. Ce carnet calcule les deux taux, "
        "les compare à votre objectif (`target_rate` de `cmtime.toml`) et propose un nouveau "
        "forfait mensuel, avec les chiffres qui le justifient.",
        "# Pricing and renewal: the real hourly rate and a price you can defend\n\n"
        "The client divides your fee by what they see (posts, meetings); you divide it by "
        "everything you do. This notebook computes both rates, compares them with your "
        "target (`target_rate` in `cmtime.toml`) and proposes a new monthly fee, with the "
        "figures behind it.",
    ),
    "04.controls": (
        "## Vos chiffres\n\n"
        "Choisissez un client, une période, votre objectif horaire et la majoration des heures "
        "hors horaires : la proposition, les graphiques et les marges plus bas suivent, sans "
        "relire les fichiers.",
        "## Your figures\n\n"
        "Choose a client, a period, your hourly target and the off-hours premium: the "
        "proposal, the charts and the margins below follow, without reading the files again.",
    ),
    "04.proposal": (
        "## La proposition de renouvellement\n\n"
        "Le forfait proposé est le prix juste du mois médian : l'objectif horaire appliqué "
        "aux heures travaillées, les heures hors horaires majorées, arrondi à l'unité. Les "
        "phrases reprennent les chiffres mesurés, prêtes à citer dans l'échange avec le client.",
        "## The renewal proposal\n\n"
        "The proposed fee is the fair price of the median month: the hourly target applied "
        "to the hours worked, off-hours with their premium, rounded to the unit. The "
        "sentences quote the measured figures, ready for the talk with the client.",
    ),
    "04.rates": (
        "## Ce que le client croit payer… et ce qu'il paie vraiment\n\n"
        "Le point clair : le forfait divisé par les heures visibles. Le point foncé : divisé "
        "par toutes les heures. Tout ce qui est à gauche du trait orange est sous votre "
        "objectif.",
        "## What the client thinks they pay… and what they really pay\n\n"
        "The light dot: the fee divided by the visible hours. The dark dot: divided by all "
        "the hours. Everything left of the orange line is below your target.",
    ),
    "04.monthly": (
        "## Mois après mois\n\n"
        "Le forfait encaissé face au prix juste : l'écart entre les deux est ce que vous "
        "offrez au client chaque mois.",
        "## Month after month\n\n"
        "The fee received against the fair price: the gap between them is what you give the "
        "client each month.",
    ),
    "04.map": (
        "## Qui paie le juste prix ?\n\n"
        "Chaque client selon les heures travaillées et le forfait encaissé sur la période : "
        "sous la ligne orange, il paie moins que votre objectif.",
        "## Who pays a fair price?\n\n"
        "Each client by hours worked and fee received over the period: below the orange "
        "line, they pay less than your target.",
    ),
    "04.margin": (
        "## Vos marges, client par client\n\n"
        "Pour le gérant de l'agence, jamais pour le client : le forfait encaissé sur la "
        "période, ce que les heures de l'équipe ont coûté (`cost_rate` de chaque personne "
        "dans `[people]`) et ce qu'il reste.",
        "## Your margins, client by client\n\n"
        "For the agency owner, never for the client: the fee received over the period, what "
        "the team's hours cost (each person's `cost_rate` under `[people]`) and what is left.",
    ),
    "margin.loss": ("Perte", "Loss"),
    "margin.title": ("Ce que chaque forfait vous laisse", "What each fee leaves you"),
    "margin.subtitle": (
        "Le forfait de la période, partagé entre le coût des heures et la marge",
        "The period's fee, split into the cost of the hours and the margin",
    ),
    "04.no_margin": (
        "Aucun `cost_rate` dans `[people]` de `cmtime.toml` : les marges ne sont pas calculées.",
        "No `cost_rate` under `[people]` in `cmtime.toml`: margins are not computed.",
    ),
    "04.unknown_cost": (
        f"Coût inconnu pour{_NB}: {{people}} (leurs heures comptent pour zéro).",
        "Unknown cost for: {people} (their hours count as zero).",
    ),
    "04.target": (
        f"Objectif{_NB}: **{{target}}**.",
        "Target: **{target}**.",
    ),
    # -- 05-client-report -------------------------------------------------------------------
    "05.title": (
        "# Le rapport à envoyer au client\n\n"
        "Un seul fichier HTML, lisible hors ligne et sur téléphone, qui ne montre que **ce "
        "client** : l'iceberg du travail visible et invisible, les heures par activité et par "
        "mois, les délais de réponse, les heures hors horaires et la proposition de "
        "renouvellement. Le même rapport est écrit en PDF, les graphiques en PNG et SVG, et "
        "les chiffres du mois dans `summary.csv` (s'ouvre dans Excel). Rien d'autre — ni les "
        "autres clients, ni les noms des personnes, ni vos fichiers — n'entre dans le rapport.",
        "# The report to send to the client\n\n"
        "One HTML file, readable offline and on a phone, that shows **this client** only: "
        "the iceberg of visible and hidden work, hours by activity and by month, answer "
        "times, off-hours and the renewal proposal. The same report is written as a PDF, "
        "the charts as PNG and SVG, and the monthly figures in `summary.csv` (opens in "
        "Excel). Nothing else — no other client, no person's name, none of your files — goes "
        "into the report.",
    ),
    "05.written": (
        {
            "one": "**{files}** fichier écrit dans `{folder}` : "
            "[ouvrir le rapport]({link}) · [le PDF]({pdf}).",
            "other": "**{files}** fichiers écrits dans `{folder}` : "
            "[ouvrir le rapport]({link}) · [le PDF]({pdf}).",
        },
        {
            "one": "**{files}** file written to `{folder}`: "
            "[open the report]({link}) · [the PDF]({pdf}).",
            "other": "**{files}** files written to `{folder}`: "
            "[open the report]({link}) · [the PDF]({pdf}).",
        },
    ),
    "05.proposal": (
        "## La proposition de renouvellement\n\n"
        "Le forfait actuel, le forfait proposé et les chiffres qui le justifient, tels que le "
        "client les lira dans le rapport.",
        "## The renewal proposal\n\n"
        "The current fee, the proposed fee and the figures behind it, as the client will "
        "read them in the report.",
    ),
    "05.chart": (
        "## Le premier graphique, tel que le client le verra\n\n"
        "Ouvrez le rapport (lien plus haut) pour le voir en entier.",
        "## The first chart, as the client will see it\n\n"
        "Open the report (link above) to see all of it.",
    ),
    # -- dashboard (Voilà) -------------------------------------------------------------------
    "dash.title": (
        "# Votre prix et vos soirées, sans une ligne de code\n\n"
        "Choisissez un client, une période et votre objectif horaire : la proposition de "
        "renouvellement suit. Plus bas, la part de votre travail faite hors de vos horaires, "
        "client par client.",
        "# Your price and your evenings, without a line of code\n\n"
        "Choose a client, a period and your hourly target: the renewal proposal follows. "
        "Further down, the share of your work done outside your working hours, client by "
        "client.",
    ),
    "dash.pricing": (
        "## Le forfait à proposer\n\n"
        "Déplacez l'objectif horaire ou la majoration des heures hors horaires : le forfait "
        "proposé et les graphiques se recalculent à partir des heures réellement travaillées.",
        "## The fee to propose\n\n"
        "Move the hourly target or the off-hours premium: the proposed fee and the charts are "
        "recomputed from the hours actually worked.",
    ),
    "dash.offhours": (
        "## Le travail hors horaires\n\n"
        "Les heures faites tôt, tard ou un jour non travaillé sont l'argument d'une majoration.",
        "## Work outside working hours\n\n"
        "Hours worked early, late or on a day off are the case for a premium.",
    ),
    "dash.offhours_total": (
        "Sur la période : **{offhours}** hors horaires sur {effort} travaillées, soit "
        "**{share}**.",
        "Over the period: **{offhours}** outside working hours out of {effort} worked, that "
        "is **{share}**.",
    ),
    "dash.by_client": (
        "Qui provoque ces heures, et à quel moment de la journée :",
        "Who causes these hours, and at what time of day:",
    ),
    "dash.punchcard": (
        "Votre semaine type : tout ce qui dépasse des cadres (vos horaires) a été fait hors "
        "horaires.",
        "Your typical week: whatever lies outside the frames (your working hours) was done "
        "outside working hours.",
    ),
    "dash.trend": (
        "Mois après mois : une part qui monte est à discuter avec le client avant qu'elle ne "
        "devienne la norme.",
        "Month after month: a rising share is worth raising with the client before it "
        "becomes the norm.",
    ),
    # -- table headers ----------------------------------------------------------------------
    "col.path": ("Fichier", "File"),
    "col.format": ("Format", "Format"),
    "col.rows": ("Lignes", "Rows"),
    "col.entries": ("Blocs", "Blocks"),
    "col.blocks": ("Blocs", "Blocks"),
    "col.hours": ("Heures", "Hours"),
    "col.rejected": ("Écartées", "Rejected"),
    "col.duplicates": ("Doublons", "Duplicates"),
    "col.overlaps": ("Chevauchements", "Overlaps"),
    "col.open": ("En cours", "Running"),
    "col.line": ("Ligne", "Line"),
    "col.reason": ("Motif", "Reason"),
    "col.description": ("Description", "Description"),
    "col.kind": ("Type", "Kind"),
    "col.activity": ("Activité", "Activity"),
    "col.rule": ("Décidé par", "Decided by"),
    "col.client": ("Client", "Client"),
    "col.month": ("Mois", "Month"),
    "col.late_days": (f"Soirs après 20{_NB}h", "Evenings after 8 pm"),
    "col.weekends": ("Week-ends travaillés", "Weekends worked"),
    "col.weekend_days": ("Jours de week-end", "Weekend days"),
    "col.waits": ("Attentes", "Waits"),
    "col.median_days": ("Médiane (jours)", "Median (days)"),
    "col.p90_days": ("p90 (jours)", "p90 (days)"),
    "col.longest_days": ("Plus longue (jours)", "Longest (days)"),
    "col.days_lost": ("Jours ouvrés perdus", "Working days lost"),
    "col.open_waits": ("Encore ouvertes", "Still open"),
    "col.reminders": ("Relances notées", "Reminders noted"),
    "col.chasing_h": ("Temps à relancer", "Time spent chasing"),
    "col.fee": ("Forfait encaissé", "Fee received"),
    "col.effort_h": ("Heures travaillées", "Hours worked"),
    "col.wait_h": ("Attente client (h)", "Client wait (h)"),
    "col.cost": ("Coût", "Cost"),
    "col.margin": ("Marge", "Margin"),
    "col.margin_rate": ("Taux de marge", "Margin rate"),
}


class Prose(str):
    """A text that Jupyter displays as Markdown (the last expression of a cell)."""

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        return str(self)


def text(key: str, lang: Lang, *, count: float | None = None, **fields: Any) -> str:
    """The notebook text ``key`` in ``lang``, its ``{fields}`` filled in.

    Parameters
    ----------
    key
        A key of `NOTEBOOK_TEXTS`; an unknown key raises `KeyError`.
    lang
        ``"fr"`` or ``"en"``.
    count
        For a counted text, the number it counts (its CLDR plural category picks the form).
    fields
        Values for the ``{…}`` fields, already formatted for ``lang``.

    >>> text("03.totals", "fr", count=1, waits=1), text("03.open", "fr", count=0, open=0)
    ('**1** attente sur la période.', "**0** encore ouverte : le client n'a pas répondu.")
    >>> text("col.hours", "en")
    'Hours'
    """
    fr, en = NOTEBOOK_TEXTS[key]
    forms = fr if check_lang(lang) == "fr" else en
    if not isinstance(forms, str):
        category = plural_category(count, lang) if count is not None else "other"
        forms = forms.get(category, forms["other"])
    return forms.format(**fields) if fields else forms


def say(key: str, lang: Lang, *, count: float | None = None, **fields: Any) -> Prose:
    """`text` as Markdown: what a notebook cell shows instead of a Markdown cell or a print."""
    return Prose(text(key, lang, count=count, **fields))


def column(name: str, lang: Lang) -> str:
    """The header of a notebook table column (``col.<name>``); unknown names stay as they are."""
    key = f"col.{name}"
    return text(key, lang) if key in NOTEBOOK_TEXTS else name
