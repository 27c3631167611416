"""Start-up without patching Python: nothing in cmtime/ rewrites the import system or the
exit, except the one workaround of `cmtime.charts._iri_grammar`, which is tested here for
what it saves and for leaving everything else alone. The report's charts skip altair's
schema validation at run time (`cmtime.outputs.export.chart_spec`), so they are validated
here."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKAROUND = ROOT / "cmtime" / "charts" / "_iri_grammar.py"


def _python(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter (this checkout first on the path); it prints
    one JSON document."""
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_no_patching_of_imports_or_exit_outside_the_one_workaround() -> None:
    pattern = re.compile(r"meta_path|sys\.modules\[[^]]*\]\s*=|sys\.modules\.setdefault|os\._exit|_run_exitfuncs|spec_from_file_location")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "cmtime").rglob("*.py"))
        if path != WORKAROUND
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_the_command_line_changes_neither_the_import_system_nor_sys_modules() -> None:
    doc = _python(
        "import json, sys\nbefore = list(sys.meta_path)\n"
        "import cmtime.interfaces.cli\n"
        "print(json.dumps({'same': sys.meta_path == before,"
        " 'hidden': sorted(k for k, v in sys.modules.items() if v is None)}))"
    )
    assert doc == {"same": True, "hidden": []}


@pytest.mark.parametrize("module", ["cmtime.charts", "cmtime.outputs.share", "cmtime.outputs.export", "cmtime.interfaces.live"])
def test_altair_loads_through_charts_without_the_iri_grammar(module: str) -> None:
    """Whichever module brings altair first, jsonschema comes without ``rfc3987_syntax``;
    charts still validate, and a later ``import rfc3987_syntax`` still gets the module."""
    doc = _python(
        f"import json, sys\nimport {module}\nimport altair as alt\n"
        "loaded = 'rfc3987_syntax' in sys.modules\n"
        "alt.Chart(alt.Data(values=[{'a': 1}])).mark_bar().encode(x='a:Q').to_dict(validate=True)\n"
        "import rfc3987_syntax\n"
        "print(json.dumps({'jsonschema': 'jsonschema' in sys.modules, 'loaded': loaded,"
        " 'later': rfc3987_syntax.__name__}))"
    )
    assert doc == {"jsonschema": True, "loaded": False, "later": "rfc3987_syntax"}


def test_what_the_workaround_saves() -> None:
    """Without it, jsonschema's import builds the IRI grammar (upstream
    python-jsonschema/jsonschema#1428); when this fails because jsonschema no longer does,
    remove `cmtime.charts._iri_grammar`."""
    code = (
        "import json, sys, time\n{setup}\nt = time.perf_counter()\nimport jsonschema\n"
        "print(json.dumps({{'seconds': time.perf_counter() - t, 'loaded': 'rfc3987_syntax' in sys.modules}}))"
    )
    bare = _python(code.format(setup=""))
    kept = _python(code.format(setup="from cmtime.charts import _iri_grammar\n_iri_grammar.install()"))
    assert bare["loaded"] is True
    assert kept["loaded"] is False
    saved = float(bare["seconds"]) - float(kept["seconds"])  # type: ignore[arg-type]
    assert saved > 0.2, (bare, kept)


def test_every_report_chart_validates_against_the_vega_lite_schema() -> None:
    from cmtime.analysis.scope import Scope
    from cmtime.outputs.share import build_report

    for lang in ("fr", "en"):
        scope = Scope.load(ROOT / "data" / "sample", client="Boulangerie Dupont", lang=lang, today=dt.date(2027, 1, 1))
        report = build_report(scope, with_descriptions=False)
        assert report.charts
        for c in report.charts:
            for chart in (c.chart, c.phone or c.chart):
                chart.to_dict(validate=True)  # raises a SchemaValidationError on a bad spec
