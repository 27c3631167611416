"""What 00-start-here shows, on the sample: every block once, reasons and formats in the
notebook's language."""

from __future__ import annotations

import pytest

from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.analysis.scope import Scope
from cmtime.interfaces.notebook import load_start


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_start_view_counts_each_block_once(lang: str) -> None:
    view = load_start(SAMPLE_DIR, lang=lang)  # type: ignore[arg-type]
    totals = view.totals
    duplicates = sum(view.loaded.duplicates)
    assert duplicates == 202  # December exported twice
    files = view.files
    # per file, what each file holds; in total, each block once, as summary counts it
    assert int(files["entries"].sum()) - 7 - duplicates == totals["entries"]  # 7: the ledger's waits
    summary = Scope.load([SAMPLE_DIR]).summary()["totals"]
    assert totals["effort_h"] == pytest.approx(summary["effort_h"], abs=0.01)
    assert float(files["effort_h"].sum()) > totals["effort_h"] + 100
    # formats and reasons for people, in the notebook's language
    ledger, reasons = files.filter(files["path"].str.ends_with("waits.csv"))["format"][0], set(view.rejected["reason"])
    if lang == "fr":
        assert ledger == "Registre des attentes"
        assert reasons == {"date de début illisible '2026-12-32'", "date de début illisible ''"}
    else:
        assert ledger == "Waits ledger"
        assert reasons == {"unreadable start date '2026-12-32'", "unreadable start date ''"}


def test_start_view_wait_total_is_summarys_ledger_included() -> None:
    """00's wait total counts the ledger's waits too, up to the period's end, as summary
    does (it showed the wait blocks alone: 10 575 h 37 against summary's 11 483,39 h)."""
    scope = Scope.load([SAMPLE_DIR])
    assert round(load_start(scope).totals["wait_h"], 2) == scope.summary()["totals"]["wait_h"]


def test_waits_in_a_persons_units_and_tables_that_add_up() -> None:
    """00 says the waits as a count, a median delay in days and working days lost (not
    10 575 h of summed elapsed time); its tables of hours add worked hours only, and the
    per-file hours that exceed the total (duplicates) are explained."""
    import polars as pl

    from cmtime.analysis.waits import waits_by_client

    scope = Scope.load([SAMPLE_DIR])
    view = load_start(scope)
    waits, median_days, days_lost = view.waited
    intervals = scope.waits()
    assert waits == intervals.height > 0
    assert median_days == pytest.approx(float(intervals["delay_h"].median()) / 24)  # type: ignore[arg-type]
    per_client = waits_by_client(intervals.lazy(), config=scope.config).collect()
    assert days_lost == int(per_client["days_lost"].sum())
    assert 0 < days_lost < 260 * per_client.height  # working days, each once per client
    # why each description got its kind: the hours column adds worked hours only
    why = view.explained()
    assert why.filter(pl.col("kind").cast(pl.String) == "wait")["hours"].null_count() == why.filter(
        pl.col("kind").cast(pl.String) == "wait"
    ).height > 0
    assert float(why["hours"].sum()) == pytest.approx(view.totals["effort_h"], rel=0.02)
    assert view.files_sum_h > view.totals["effort_h"] + 100  # the note says why
