"""Interactive controls for the notebooks, wired to package functions so a test can drive them.

`pricing_dashboard` builds the pricing dashboard of ``04-pricing``: a client drop-down, a
range of months, a target-rate slider and an off-hours premium slider. Every move calls
`cmtime.interfaces.notebook.PricingView.update`, which re-aggregates the entries already in memory
(no file is read again), then redraws the proposal and the charts in place.

Each result has its own widget (``proposal``, ``rates``, ``monthly``, ``clients_map``,
``margins``), so a notebook can show each one once, under its own explanation, while the
dashboard (Voilà) shows them all under the controls.

Two audiences, kept apart. ``proposal`` holds only what the client's report would say: the
report model's proposal section (`cmtime.analysis.report`, through
`cmtime.interfaces.notebook.PricingView.report`) for the chosen client, period, target
rate and premium, its three options and its client evidence. ``private`` is the
freelancer's own section, titled as never for the client: the margin and the team's cost
for that client, what to check, and the margins of every client (from ``cost_rate``).

A move of a control updates the proposal at once; the charts follow `CHART_DELAY` later,
once, for the latest values: moves in between (five quick key presses on a slider) each
update the proposal, and each abandons the chart redraw the previous one scheduled (a
generation counter), so stale redraws are dropped, not queued. Without a running event
loop (a script, a test) the charts are drawn at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import polars as pl
from IPython.core.interactiveshell import InteractiveShell
from IPython.display import display

from cmtime.analysis.metrics import Period, month_end
from cmtime.analysis.report import pricing_figures
from cmtime.interfaces.notebook import (
    PricingUpdate,
    PricingView,
    StartView,
    WaitsView,
    WorkloadView,
)
from cmtime.interfaces.widgets_static import pageless_comms
from cmtime.outputs.page import board_proposal_html, private_html
from cmtime.outputs.tables import Kind
from cmtime.text.format import money_rate, percent
from cmtime.text.labels import Lang, currency_symbol, label, month_text
from cmtime.text.notebooks import say, text
from cmtime.text.sections import private_lines, proposal_view

__all__ = ["START_TABLES", "AgencyBoard", "PricingDashboard", "hours_by_client_table", "lost_by_quarter_table", "own_exports", "pricing_dashboard", "start_table"]

_STYLE = {"description_width": "13em"}
# at most the page's width (a phone: 390 px), the value next to a slider wrapping under it
pageless_comms()  # before the first widget (the layout below): with no page, no comm to one
_LAYOUT = widgets.Layout(width="36em", max_width="100%")
_ROW = {"flex_flow": "row wrap", "max_width": "100%"}
#: Seconds the charts wait after a move of a control: the moves within it draw them once.
CHART_DELAY = 0.05


def _month_options(months: tuple[dt.date, ...], lang: Lang) -> list[tuple[str, dt.date]]:
    return [(month_text(m, lang, with_year=True), m) for m in months]


def margins_frame(by_client: pl.DataFrame) -> pl.DataFrame:
    """Per client with a fee: ``fee``, ``cost``, ``margin`` and ``margin_rate`` (margin / fee).

    Empty when no ``cost_rate`` is configured (the cost is then unknown, not zero).
    """
    return (
        by_client.filter(pl.col("fee").is_not_null() & pl.col("cost").is_not_null())
        .select(
            "client",
            "effort_h",
            "fee",
            "cost",
            "margin",
            pl.when(pl.col("fee") > 0).then(pl.col("margin") / pl.col("fee")).alias("margin_rate"),
        )
        .sort("margin_rate", nulls_last=True)
    )


def _output(item: Any) -> dict[str, Any]:
    """``item`` as an Output widget's output: the display data ``display(item)`` sends."""
    formatter = InteractiveShell.instance().display_formatter
    assert formatter is not None  # an InteractiveShell always has one
    data, meta = formatter.format(item)  # type: ignore[no-untyped-call]
    return {"output_type": "display_data", "data": data, "metadata": meta}


class PricingDashboard(widgets.VBox):  # type: ignore[misc]  # ipywidgets is untyped
    """The pricing dashboard: controls, then the proposal, then the charts.

    The controls are attributes (``client``, ``months``, ``target_rate``, ``premium``)
    so code and tests can set their ``value``; `state` holds the last `PricingUpdate`.
    """

    def __init__(self, view: PricingView, *, client: str | None = None, charts: bool = True) -> None:
        if view.period is None or not view.months:
            msg = "no entries to price: the data holds no dated entries"
            raise ValueError(msg)
        self.view = view
        lang = view.lang
        cfg = view.config
        choices: list[str | None] = list(view.clients) or [None]
        found = cfg.client(client) if client else None
        start = found.name if found and found.name in choices else choices[0]
        contract = cfg.client(start) if start is not None else None
        self.client = widgets.Dropdown(
            options=[(c or label("no_client", lang), c) for c in choices],
            value=start,
            description=label("widget.client", lang),
            style=_STYLE,
            layout=_LAYOUT,
        )
        options = _month_options(view.months, lang)
        # the slider's own readout cuts long values ("janv. 2026-déc. 202"): the chosen
        # months are written in full next to it instead
        self.months = widgets.SelectionRangeSlider(
            options=options,
            index=(0, len(options) - 1),
            description=label("widget.period", lang),
            readout=False,
            style=_STYLE,
            layout=_LAYOUT,
        )
        self.months_text = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        unit = f"{currency_symbol(cfg.currency)}/h"
        # the sliders' own readouts are d3 formats, in English ("25%", "1234"): their
        # values are written by the text layer next to them instead ("25 %", "1 234")
        self.target_rate = widgets.FloatSlider(
            value=cfg.target_rate,
            min=10.0,
            max=max(200.0, cfg.target_rate * 2),
            step=1.0,
            readout=False,
            continuous_update=False,
            description=label("widget.target", lang).format(unit=unit),
            style=_STYLE,
            layout=_LAYOUT,
        )
        self.premium = widgets.FloatSlider(
            value=contract.offhours_premium if contract else 0.0,
            min=0.0,
            max=1.0,
            step=0.05,
            readout=False,
            continuous_update=False,
            description=label("widget.premium", lang),
            style=_STYLE,
            layout=_LAYOUT,
        )
        self.target_text = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        self.premium_text = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        self.proposal = widgets.HTML()
        self.rates = widgets.Output()
        self.monthly = widgets.Output()
        self.clients_map = widgets.Output()
        self.margins = widgets.Output()
        self.private_text = widgets.HTML()
        #: the freelancer's own figures, in their own section: never for the client
        self.private = widgets.VBox([self.private_text, self.margins])
        self.controls = widgets.VBox(
            [
                self.client,
                widgets.HBox([self.months, self.months_text], layout=widgets.Layout(**_ROW)),
                widgets.HBox([self.target_rate, self.target_text], layout=widgets.Layout(**_ROW)),
                widgets.HBox([self.premium, self.premium_text], layout=widgets.Layout(**_ROW)),
            ]
        )
        self.charts = widgets.VBox([self.rates, self.monthly, self.clients_map])
        #: the board in two parts, each one widget, for a page that shows the controls and
        #: the proposal first (``head``), then the charts and the freelancer's section once
        #: drawn (``body``): the Voilà dashboard, whose export then holds the charts too
        self.head = widgets.VBox([self.controls, self.proposal])
        self.body = widgets.VBox([self.charts, self.private])
        self.state: PricingUpdate | None = None
        self._busy = False
        #: bumped by every move and every redraw: a scheduled chart redraw of an older
        #: generation is abandoned
        self._generation = 0
        self.client.observe(self._on_client, names="value")
        for control in (self.months, self.target_rate, self.premium):
            control.observe(self._on_change, names="value")
        super().__init__(children=[self.controls, self.proposal, self.charts, self.private])
        self.refresh(charts=charts)

    @property
    def period(self) -> Period:
        """The period of the month range, inside the view's period: from the first day of
        the first month (or the period's start) to the end of the last (or the period's end).

        Clipped so that the default selection is the scope's period itself: rounded out to
        whole months, a January starting on the 2nd became a full month and the dashboard
        proposed 2 090 € where ``summary`` said 2 140 €.
        """
        a, b = self.months.value
        span = self.view.period
        start, end = a, month_end(b)
        if span is not None:
            start, end = max(start, span.start), min(end, span.end)
        return Period(start, end)

    def _on_client(self, change: dict[str, Any]) -> None:
        contract = self.view.config.client(change["new"]) if change["new"] else None
        self._busy = True
        try:  # each client starts from its own contract's premium
            self.premium.value = contract.offhours_premium if contract else 0.0
        finally:
            self._busy = False
        self._moved()

    def _on_change(self, change: dict[str, Any]) -> None:  # noqa: ARG002 (traitlets callback)
        if not self._busy:
            self._moved()

    def _moved(self) -> None:
        """A control moved: the proposal now, the charts `CHART_DELAY` later if no other
        move came in between (in the kernel's event loop), else at once."""
        state = self.refresh(charts=False)
        self._generation += 1
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): nothing to wait for
            self._draw_charts(state)
            return
        loop.call_later(CHART_DELAY, self._charts_if_current, self._generation)

    def _charts_if_current(self, generation: int) -> None:
        """Draw the charts unless a later move (or redraw) came since ``generation``."""
        if generation == self._generation and self.state is not None:
            self._draw_charts(self.state)

    def refresh(self, *, charts: bool = True) -> PricingUpdate:
        """Re-aggregate for the current control values and redraw in place.

        ``charts=False`` updates the controls' texts and the proposal only (a page that
        shows those first and the charts a moment later, `pricing_dashboard`)."""
        view = self.view
        lang = view.lang
        cur = view.config.currency
        state = view.update(
            self.client.value,
            self.period,
            target_rate=float(self.target_rate.value),
            premium=float(self.premium.value),
        )
        self.state = state
        a, b = self.months.value
        self.months_text.value = (
            f"{month_text(a, lang, with_year=True)} \u2013 {month_text(b, lang, with_year=True)}"
        )
        self.target_text.value = money_rate(float(self.target_rate.value), cur, lang)
        self.premium_text.value = percent(float(self.premium.value), lang)
        self.proposal.value = (
            board_proposal_html(state.proposal, proposal_view(state.report, lang) if state.report else None)
            if state.proposal
            else ""
        )
        self.private_text.value = self._private(state)
        if charts:
            self._generation += 1  # a redraw scheduled by an earlier move is stale now
            self._draw_charts(state)
        return state

    def _draw_charts(self, state: PricingUpdate) -> None:
        """Redraw the charts of ``state`` in place."""
        view = self.view
        lang = view.lang
        cur = view.config.currency
        # imported here: the controls and the proposal come without altair (a third of a
        # second of the dashboard's first view)
        from cmtime.charts.pricing import clients_map_chart, fee_vs_suggested_chart, rates_chart

        frames = state.frames
        suggested = state.proposal.suggested_fee if state.proposal else None
        shown = {
            self.rates: [
                rates_chart(frames.by_client, lang=lang, target=frames.target_rate, currency=cur)
            ],
            self.monthly: [
                fee_vs_suggested_chart(frames.monthly, lang=lang, currency=cur, suggested=suggested)
            ]
            if frames.monthly.height
            else [],
            self.clients_map: [clients_map_chart(frames.by_client, lang=lang, currency=cur)],
            self.margins: self._margins(frames.by_client),
        }
        # the outputs are set, not captured (``with out: display(...)``): a redraw run after
        # the move's message was answered (`_charts_if_current`) has no message to capture
        # under, and the page would drop it; each output is replaced in one step
        for out, items in shown.items():
            out.outputs = tuple(_output(item) for item in items)

    def _private(self, state: PricingUpdate) -> str:
        """The freelancer's section: its title and sentences for the chosen client."""
        lang = self.view.lang
        lines: tuple[str, ...] = ()
        if state.frames.client is not None:
            row = state.frames.by_client.filter(pl.col("client") == state.frames.client)
            if row.height:
                figures = pricing_figures(row.row(0, named=True))
                lines = private_lines(figures, lang=lang, currency=self.view.config.currency)
        notes = state.proposal.notes if state.proposal else ()
        return private_html(text("private.title", lang), text("private.note", lang), (*lines, *notes))

    def _margins(self, by_client: pl.DataFrame) -> list[Any]:
        """The margin chart and table, or a sentence when no ``cost_rate`` is configured."""
        from cmtime.charts.margins import margins_chart
        from cmtime.outputs.tables import table

        lang = self.view.lang
        cur = self.view.config.currency
        if not any(p.cost_rate is not None for p in self.view.config.people):
            return [say("04.no_margin", lang)]
        frame = margins_frame(by_client)
        chart = [margins_chart(frame, lang=lang, currency=cur)] if frame.height else []
        return [*chart, table(
            frame,
            [("client", "text"), ("effort_h", "hours"), ("fee", "money"), ("cost", "money"),
             ("margin", "money"), ("margin_rate", "percent")],
            lang=lang,
            currency=self.view.config.currency,
            empty=text("04.no_margin", lang),
        )]  # fmt: skip


def pricing_dashboard(
    view: PricingView, *, client: str | None = None, charts: bool = True
) -> PricingDashboard:
    """Build the pricing dashboard for a `PricingView` (see `cmtime.interfaces.notebook.load_pricing`).

    Parameters
    ----------
    view
        The entries read once, with the config.
    client
        The client shown first (name or alias); by default the first with a contract.
    charts
        Draw the charts now. False shows the controls and the proposal without them, for
        a page that must show something at once (the Voilà dashboard): call
        ``board.refresh()`` in the next cell; any move of a control draws them too.

    Returns
    -------
    PricingDashboard
        A widget; display it as the last expression of a cell.
    """
    return PricingDashboard(view, client=client, charts=charts)


# -- 00-start-here ----------------------------------------------------------------------------

#: The columns of 00's tables: what was read per file, the rejected rows, the descriptions
#: no rule matched, and why each description got its kind.
START_TABLES: dict[str, list[tuple[str, Kind]]] = {
    "files": [("path", "file"), ("format", "text"), ("rows", "int"), ("entries", "int"),
              ("effort_h", "hours"), ("wait_h", "hours"), ("rejected", "int"), ("duplicates", "int"),
              ("overlaps", "int"), ("open", "int")],
    "rejected": [("path", "file"), ("line", "int"), ("reason", "text")],
    "unclassified": [("description", "text"), ("hours", "hours"), ("blocks", "int")],
    "explained": [("description", "text"), ("kind", "label"), ("activity", "label"), ("rule", "text"),
                  ("hours", "hours"), ("blocks", "int")],
}  # fmt: skip
_EMPTY = {"files": "00.no_files", "rejected": "00.no_rejected", "unclassified": "00.no_unclassified"}


def start_table(view: StartView, name: str, *, lang: Lang) -> Any:
    """One of 00's tables (`START_TABLES`) for a `StartView`, in ``lang``."""
    from cmtime.outputs.tables import table

    frame = view.explained() if name == "explained" else getattr(view, name)
    return table(
        frame,
        START_TABLES[name],
        lang=lang,
        empty=text(_EMPTY.get(name, "no_data"), lang),
        unless_zero=["rejected", "duplicates", "overlaps", "open"] if name == "files" else (),
    )


def own_exports(data: str | Path, *, config: str | Path | None, lang: Lang) -> widgets.VBox:
    """A box to type a file or folder of one's own exports and read it, as 00 reads the
    sample: what was read per file, the rejected rows, the unclassified descriptions."""
    from cmtime.interfaces.notebook import load_start
    from cmtime.readers import InputError

    box = widgets.Text(value=str(data), description=text("00.own.box", lang), layout=widgets.Layout(width="40em", max_width="100%"))
    read = widgets.Button(description=text("00.own.read", lang), button_style="primary")
    out = widgets.Output()

    def show(_: object = None) -> None:
        out.clear_output()
        with out:
            try:
                found = load_start(box.value, config=config, lang=lang)
            except (InputError, OSError) as e:
                display(say("00.own.error", lang, error=e))  # type: ignore[no-untyped-call]
                return
            display(*(start_table(found, n, lang=lang) for n in ("files", "rejected", "unclassified")))  # type: ignore[no-untyped-call]

    read.on_click(show)
    return widgets.VBox([widgets.HBox([box, read], layout=widgets.Layout(**_ROW)), out])


# -- 03-client-wait ---------------------------------------------------------------------------


def lost_by_quarter_table(view: WaitsView, *, lang: Lang) -> Any:
    """03's table of working days lost per client and quarter (a column per quarter,
    named for people: ``T1 2026``), with a total column per client and a total row."""
    from cmtime.outputs.tables import table

    frame = view.by_quarter
    quarters = frame.select("quarter").unique().sort("quarter").to_series().to_list()
    names = {
        f"q{q:%Y%m}": text("quarter", lang, quarter=(q.month - 1) // 3 + 1, year=q.year) for q in quarters
    }
    wide = (
        frame.with_columns(pl.format("q{}", pl.col("quarter").dt.strftime("%Y%m")).alias("q"))
        .pivot(on="q", index="client", values="business_days", sort_columns=True)
        .fill_null(0)
    )
    if wide.height:
        wide = wide.with_columns(total=pl.sum_horizontal(*names))
        total = wide.select(pl.lit(text("total", lang)).alias("client"), pl.exclude("client").sum())
        wide = pl.concat([wide, total.cast(wide.schema)])
    return table(
        wide,
        [("client", "text"), *((q, "int") for q in names), ("total", "int")],
        lang=lang,
        empty=text("03.no_waits", lang),
        headers={**names, "total": text("total", lang)},
    )


# -- 01-workload ------------------------------------------------------------------------------


def hours_by_client_table(view: WorkloadView, *, lang: Lang) -> Any:
    """01's hours per client (visible, behind the scenes, not classified, in all, and the
    share behind the scenes), the most worked first, with a total row that adds them up."""
    from cmtime.outputs.tables import table

    hours_cols = ["visible_h", "hidden_h", "unclassified_h", "effort_h"]
    frame = view.workload.by_client.select("client", *hours_cols).sort("effort_h", descending=True)
    frame = frame.with_columns(pl.col("client").fill_null(label("no_client", lang)))
    total = frame.select(pl.lit(text("total", lang)).alias("client"), *(pl.col(c).sum() for c in hours_cols))
    both = pl.concat([frame, total]).with_columns(
        hidden_share=pl.when(pl.col("visible_h") + pl.col("hidden_h") > 0).then(
            pl.col("hidden_h") / (pl.col("visible_h") + pl.col("hidden_h"))
        )
    )
    return table(
        both,
        [("client", "text"), *((c, "hours") for c in hours_cols), ("hidden_share", "percent")],
        lang=lang,
        empty=text("no_data", lang),
    )


class AgencyBoard(widgets.VBox):  # type: ignore[misc]  # ipywidgets is untyped
    """The agency section of the dashboard: a target-margin slider and the clients' table
    (cost, fee, margin, floor fee, fair fee), whose floor fees follow the slider.

    The floor fees are recomputed from the typical months already in memory
    (`cmtime.analysis.team.floor_fee`): a move costs no re-aggregation.
    """

    def __init__(self, clients: pl.DataFrame, *, target_margin: float, currency: str, lang: Lang) -> None:
        self.lang, self.currency = lang, currency
        self._clients = clients.filter(pl.col("client").is_not_null())
        self.target_margin = widgets.FloatSlider(
            value=target_margin,
            min=0.0,
            max=0.7,
            step=0.05,
            readout=False,
            continuous_update=False,
            description=label("widget.target_margin", lang),
            style=_STYLE,
            layout=_LAYOUT,
        )
        self.margin_text = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        self.table = widgets.Output()
        self.target_margin.observe(lambda _: self.refresh(), names="value")
        super().__init__(
            [widgets.HBox([self.target_margin, self.margin_text], layout=widgets.Layout(**_ROW)), self.table]
        )
        self.refresh()

    def frame(self) -> pl.DataFrame:
        """The clients' rows with the floor fees of the slider's margin."""
        from cmtime.analysis.team import floor_fee

        return self._clients.with_columns(
            floor_fee(pl.col("typical_cost"), target_margin=round(self.target_margin.value, 4))
        )

    def refresh(self) -> None:
        """Redraw the table for the slider's margin."""
        from cmtime.outputs.tables import table

        self.margin_text.value = percent(self.target_margin.value, self.lang)
        # set, not captured (``with out: display(...)``), as the pricing charts: the table
        # is there whatever runs the redraw (a kernel's message, a script, a test)
        self.table.outputs = (_output(table(
            self.frame(),
            [("client", "text"), ("cost", "money"), ("fee", "money"), ("margin", "money"),
             ("margin_share", "percent"), ("floor_fee", "money"), ("fair_fee", "money"),
             ("loss_per_month", "money")],
            lang=self.lang,
            currency=self.currency,
            empty=text("07.no_clients", self.lang),
        )),)  # fmt: skip
