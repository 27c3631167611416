"""Every HTML cmtime writes, from one set of Jinja2 templates with autoescaping on.

Templates live in ``cmtime/outputs/templates``; Python never concatenates HTML. Values
handed to a template are plain text and are escaped by Jinja2; only markup produced by
a trusted renderer (vl-convert's SVG, a template's own output) is passed as `Markup`.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from markupsafe import Markup

from cmtime.text.labels import label
from cmtime.text.proposal import RenewalProposal
from cmtime.text.sections import ProposalView

__all__ = ["Markup", "board_proposal_html", "private_html", "proposal_html", "render"]


@functools.cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("cmtime.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: Any) -> str:
    """Render one template of ``cmtime/outputs/templates`` with autoescaping.

    >>> render("proposal.html.j2", title="<b>", rows=[], evidence=(), notes=(),
    ...        evidence_title="", notes_title="").split("\\n")[1].strip()
    '<h3>&lt;b&gt;</h3>'
    """
    return _env().get_template(template).render(**context)


def proposal_html(proposal: RenewalProposal) -> str:
    """The renewal proposal as a small HTML block: the figures, then the evidence."""
    lang = proposal.lang
    return render(
        "proposal.html.j2",
        title=label("proposal.title", lang).format(client=proposal.client),
        rows=proposal.rows(),
        evidence=proposal.evidence,
        evidence_title=label("proposal.evidence", lang),
        notes=proposal.notes,
        notes_title=label("proposal.notes", lang),
    )


def board_proposal_html(proposal: RenewalProposal, view: ProposalView | None) -> str:
    """The renewal as the notebooks and the dashboard show it: the headline figures, then
    the client report's own proposal section (`cmtime.text.sections.proposal_view`: the
    three options, the fair fee worked out, the client's evidence), and nothing else.

    Everything in it is what the client's report says: the freelancer's own figures
    (margins, costs, people) are in `private_html`.
    """
    lang = proposal.lang
    return render(
        "board_proposal.html.j2",
        title=label("proposal.title", lang).format(client=proposal.client),
        rows=proposal.rows(),
        s=view,
    )


def private_html(title: str, note: str, lines: tuple[str, ...]) -> str:
    """The freelancer's own section: a title that says it is never for the client, what
    it holds, and its sentences (margin, cost, what to check)."""
    return render("private.html.j2", title=title, note=note, lines=lines)
