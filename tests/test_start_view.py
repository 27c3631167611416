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
