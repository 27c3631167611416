"""The published JSON Schemas: generated from the typed documents, committed, and strict
enough that every ``--json`` output is checked against them."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tempfile
import types
import typing
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmtime.analysis.checks import client_names
from cmtime.analysis.classify import classify, explain, suggest_rules
from cmtime.analysis.documents import (
    DOCUMENTS,
    SCHEMAS,
    ClientName,
    ClientOffhours,
    ClientWaits,
    ExplainedDescription,
    OffhoursTotals,
    PricingRow,
    Rejection,
    RuleSuggestion,
    SkippedFile,
    StartTotals,
    frame_rows,
    json_schema,
    schema_text,
)
from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.analysis.pricing import PERIOD_COLUMNS, period_pricing, pricing_row
from cmtime.analysis.scope import Scope
from cmtime.analysis.waits import waits_by_client
from cmtime.interfaces.cli import main
from cmtime.schema import REJECTION_SCHEMA
from tests.conftest import CORPUS, FIXTURES, toggl_rows


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    try:
        main([*args, "--json"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr().out
    return code, json.loads(out) if out else None


def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator of the committed (published) schema, not of the generated one."""
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def assert_valid(name: str, doc: Any) -> None:
    errors = sorted(validator(name).iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def _resolve(schema: dict[str, Any], part: dict[str, Any], doc: Any) -> dict[str, Any]:
    """``part`` with its ``$ref`` followed; of a ``oneOf``, the branch with ``doc``'s keys."""
    if "$ref" in part:
        return _resolve(schema, schema["$defs"][part["$ref"].rsplit("/", 1)[-1]], doc)
    if "oneOf" in part:
        branches = [_resolve(schema, p, doc) for p in part["oneOf"]]
        return next(b for b in branches if set(b.get("properties", {})) == set(doc))
    return part


def assert_declared_order(schema: dict[str, Any], part: dict[str, Any], doc: Any) -> None:
    """Every object of ``doc`` has its keys in the order the type declares them: the
    TypedDicts, not the code that happens to fill them, fix the bytes of the output."""
    part = _resolve(schema, part, doc)
    if isinstance(doc, dict) and "properties" in part:
        assert list(doc) == list(part["properties"])
        for key, value in doc.items():
            assert_declared_order(schema, part["properties"][key], value)
    elif isinstance(doc, list) and "items" in part:
        for item in doc:
            assert_declared_order(schema, part["items"], item)


def check_document(name: str, doc: Any) -> None:
    assert_valid(name, doc)
    schema = json_schema(name)
    assert_declared_order(schema, schema, doc)


# -- the schema files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_committed_schema_is_the_generated_one(name):
    committed = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), f"run: make schemas ({name} changed)"


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_schema_is_a_valid_draft_2020_12_schema(name):
    jsonschema.Draft202012Validator.check_schema(json_schema(name))


def test_every_object_is_closed_and_requires_its_keys():
    for name in DOCUMENTS:
        schema = json_schema(name)
        objects = [d for d in [schema, *schema["$defs"].values()] if d.get("type") == "object"]  # type: ignore[attr-defined]
        assert objects
        for obj in objects:
            assert obj["additionalProperties"] is False
            assert obj["required"] == list(obj["properties"])


def test_schemas_are_package_data():
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schemas/*.json"' in pyproject


# -- the outputs on the sample --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("summary", ("summary", str(SAMPLE_DIR))),
        ("summary", ("summary", str(SAMPLE_DIR), "--client", "Boulangerie Dupont")),
        ("summary", ("summary", str(SAMPLE_DIR), "--from", "2026-03-01", "--to", "2026-06-30")),
        ("check", ("check", str(SAMPLE_DIR))),
        ("check", ("check", str(FIXTURES / "toggl_fr_excel.csv"))),  # a rejected row
        ("rules", ("rules", str(SAMPLE_DIR))),
        ("rules", ("rules", str(SAMPLE_DIR), "--kind", "hidden")),
        ("frame", ("frame", str(SAMPLE_DIR))),
        ("frame", ("frame", str(FIXTURES.parent / "data" / "frame_case"))),
        ("rules", ("rules", str(SAMPLE_DIR), "--suggest")),
        ("team", ("team", str(SAMPLE_DIR))),
        ("team", ("team", str(SAMPLE_DIR), "--min-group", "5")),
        ("team", ("team", str(Path(__file__).parent / "data" / "team"), "--from", "2026-11-01", "--to", "2026-11-30")),
    ],
    ids=lambda x: x if isinstance(x, str) else " ".join(a.rsplit("/", 1)[-1] for a in x),
)
def test_sample_outputs_match_their_schema(capsys, name, args):
    code, doc = run_json(capsys, *args)
    assert code == 0
    check_document(name, doc)


def test_the_sample_fills_every_kind_of_value(capsys):
    """The sample exercises nulls and numbers, so the schema's types are really checked."""
    _, doc = run_json(capsys, "summary", str(SAMPLE_DIR))
    fees = [c["fee"] for c in doc["clients"]]
    assert None in fees
    assert any(isinstance(f, float) for f in fees)
    _, learned = run_json(capsys, "rules", str(SAMPLE_DIR), "--suggest")
    assert learned["suggestions"]


# -- the outputs on the corpus -----------------------------------------------------------


def _corpus_targets() -> list[str]:
    """Each source folder (``corpus/<format>/<source>``) and each file in one, as in
    /work/baseline's comparison; one placeholder when the corpus is absent (then skipped)."""
    if not CORPUS.is_dir():
        return ["absent"]
    folders = sorted(p for p in CORPUS.glob("*/*") if p.is_dir())
    files = sorted(p for p in CORPUS.glob("*/*/*") if p.is_file() and p.suffix != ".md")
    return [str(p.relative_to(CORPUS)) for p in [*folders, *files]]


@pytest.mark.corpus
@pytest.mark.parametrize("target", _corpus_targets())
def test_corpus_outputs_match_their_schema(capsys, corpus, target):
    path = str(corpus / target)
    for name in ("summary", "check", "rules"):
        code, doc = run_json(capsys, name, path)
        if code == 2:  # a file of no known format, nothing readable: one line on stderr, no document
            assert doc is None
            continue
        assert code == 0, (name, code)
        check_document(name, doc)


@pytest.mark.corpus
def test_corpus_as_one_folder_matches_its_schema(capsys, corpus):
    for name in ("summary", "check"):
        code, doc = run_json(capsys, name, str(corpus))
        assert code == 0
        check_document(name, doc)


# -- the schemas can fail -----------------------------------------------------------------


def _sample(capsys: pytest.CaptureFixture[str], name: str) -> Any:
    _, doc = run_json(capsys, name, str(SAMPLE_DIR))
    check_document(name, doc)
    return doc


def _broken(doc: Any, change: Any) -> Any:
    out = copy.deepcopy(doc)
    change(out)
    return out


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a missing top-level key", lambda d: d.pop("warnings")),
        ("an extra top-level key", lambda d: d.update(extra=1)),
        ("a missing client key", lambda d: d["clients"][0].pop("hidden_share")),
        ("an extra client key", lambda d: d["clients"][0].update(offhours_weekend_h=0.0)),
        ("a text for a number", lambda d: d["clients"][0].update(effort_h="12.5")),
        ("a null for a number never null", lambda d: d["totals"].update(effort_h=None)),
        ("a fraction for a count", lambda d: d["clients"][0].update(waits=2.5)),
        ("a true for a count", lambda d: d["totals"].update(clients=True)),
        ("a period without its end", lambda d: d["period"].pop("to")),
    ],
)
def test_summary_schema_rejects(capsys, what, change):
    doc = _sample(capsys, "summary")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(doc, change), validator("summary").schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a file without its rows", lambda d: d["files"][0].pop("rows")),
        ("an extra file key", lambda d: d["files"][0].update(bytes=10)),
        ("a rejection without a reason", lambda d: d["files"][0]["rejected"].append({"line": 3})),
        ("a client match of no kind", lambda d: d["clients"][0].update(match="guess")),
        ("a warning that is no text", lambda d: d["warnings"].append(3)),
    ],
)
def test_check_schema_rejects(capsys, what, change):
    doc = _sample(capsys, "check")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(doc, change), validator("check").schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a kind that is none", lambda d: d["descriptions"][0].update(kind="invisible")),
        ("the explanation and the suggestions mixed", lambda d: d.update(toml="")),
        ("a description without its blocks", lambda d: d["descriptions"][0].pop("blocks")),
    ],
)
def test_rules_schema_rejects(capsys, what, change):
    doc = _sample(capsys, "rules")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(doc, change), validator("rules").schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a person without capacity", lambda d: d["people"][0].pop("capacity_h")),
        ("an extra person key", lambda d: d["people"][0].update(salary=3000.0)),
        ("a fraction for a run of days", lambda d: d["people"][0].update(longest_run_days=2.5)),
        ("a text for a floor fee", lambda d: d["clients"][0].update(floor_fee="715")),
        ("a client without its fair fee", lambda d: d["clients"][0].pop("fair_fee")),
        ("a week without its balance", lambda d: d["weeks"][0].pop("balance_h")),
    ],
)
def test_team_schema_rejects(capsys, what, change):
    doc = _sample(capsys, "team")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(doc, change), validator("team").schema, cls=jsonschema.Draft202012Validator)


# -- typed rows from frames ---------------------------------------------------------------


def test_frame_rows_refuse_a_frame_that_drifted_from_its_type():
    ok = pl.DataFrame({"path": ["a.csv"], "reason": ["not a time log"]})
    assert frame_rows(ok, SkippedFile) == [{"path": "a.csv", "reason": "not a time log"}]
    with pytest.raises(TypeError, match="SkippedFile"):
        frame_rows(ok.select("reason", "path"), SkippedFile)
    with pytest.raises(TypeError, match="SkippedFile"):
        frame_rows(ok.with_columns(line=pl.lit(1)), SkippedFile)


# -- frames behind typed rows have the declared types ----------------------------------------

_DTYPES: dict[type, tuple[type[pl.DataType], ...]] = {
    float: (pl.Float64, pl.Float32),
    int: (pl.Int64, pl.Int32, pl.UInt32, pl.UInt64),
    str: (pl.String,),
    bool: (pl.Boolean,),
    list: (pl.List,),
}


def assert_frame_fits(frame: pl.DataFrame, kind: type) -> None:
    """Each column has the dtype of its key's annotation, and nulls only where it allows None."""
    hints = typing.get_type_hints(kind)
    assert frame.columns == list(hints)
    for name, hint in hints.items():
        args = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        nullable = type(None) in args
        (python,) = [typing.get_origin(a) or a for a in args if a is not type(None)]
        if python is typing.Literal:
            python = str
        column = frame.get_column(name)
        assert isinstance(column.dtype, _DTYPES[python]), (name, column.dtype, hint)
        assert nullable or column.null_count() == 0, (name, "has nulls", hint)


def test_period_pricing_has_the_types_of_pricing_row():
    scope = Scope.load(SAMPLE_DIR)
    priced = period_pricing(scope.entries, config=scope.config, period=scope.period).collect()
    assert priced.height > 1
    assert_frame_fits(priced, PricingRow)
    row = pricing_row(priced, priced.item(0, "client"))
    assert row is not None
    assert list(row) == list(PERIOD_COLUMNS)
    assert pricing_row(priced, "nobody") is None


def test_check_and_rules_frames_have_the_types_of_their_rows():
    loaded = Scope.load(SAMPLE_DIR).loaded
    assert_frame_fits(client_names(loaded).with_columns(pl.col("effort_h", "wait_h").round(2)), ClientName)
    classified = classify(loaded.lazy(), rules=loaded.config.rules)
    assert_frame_fits(explain(classified).collect(), ExplainedDescription)
    assert_frame_fits(suggest_rules(classified), RuleSuggestion)
    assert_frame_fits(pl.DataFrame(schema=REJECTION_SCHEMA).select("line", "reason"), Rejection)


def test_notebook_rows_have_the_types_of_their_rows():
    """The rows the notebooks read (totals, the worst client, the slowest client)."""
    from cmtime.interfaces.notebook import load_offhours, load_start, load_waits

    scope = Scope.load(SAMPLE_DIR)
    off = load_offhours(scope)
    assert_frame_fits(off.by_client, ClientOffhours)
    assert off.worst_client is not None
    assert off.worst_client["client"] == off.by_client.drop_nulls("client").item(0, "client")
    assert list(off.totals) == list(OffhoursTotals.__annotations__)
    waits = load_waits(scope)
    assert_frame_fits(waits.by_client, ClientWaits)
    assert waits.slowest is not None
    assert waits.slowest["waits"] > 0
    assert list(load_start(SAMPLE_DIR).totals) == list(StartTotals.__annotations__)


def test_frame_rows_may_leave_out_a_key_that_is_not_required():
    waits = Scope.load(SAMPLE_DIR).waits()
    without_config = waits_by_client(waits.lazy()).collect()
    assert "days_lost" not in without_config.columns
    assert "days_lost" not in frame_rows(without_config.head(1), ClientWaits)[0]


# -- any log at all: generated exports ----------------------------------------------------

_CLIENTS = ("", "Dupont", "boulangerie dupont", "Studio Lumen")
_WORDS = ("stratégie éditoriale", "Publication Instagram", "relance client", "attente validation", "", "Divers")
_TAGS = ("", "hidden", "attente", "visible")


@st.composite
def _toggl_row(draw: st.DrawFn) -> str:
    start = dt.datetime(2026, 3, 1) + dt.timedelta(days=draw(st.integers(0, 90)), minutes=draw(st.integers(0, 1439)))
    minutes = draw(st.integers(-30, 600))  # a negative one ends before it starts: rejected
    end = start + dt.timedelta(minutes=minutes)
    length = dt.timedelta(minutes=max(minutes, 0))
    h, rest = divmod(int(length.total_seconds()), 3600)
    return ",".join(
        [
            draw(st.sampled_from(("Camille", "Hugo"))), "", draw(st.sampled_from(_CLIENTS)), "Réseaux", "",
            draw(st.sampled_from(_WORDS)), "Yes", f"{start:%Y-%m-%d}", f"{start:%H:%M:%S}",
            f"{end:%Y-%m-%d}", f"{end:%H:%M:%S}", f"{h:02d}:{rest // 60:02d}:00", draw(st.sampled_from(_TAGS)), "",
        ]
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_toggl_row(), min_size=1, max_size=25), contract=st.booleans())
def test_any_export_gives_documents_that_match_their_schema(capsys, rows, contract):
    """Nulls, zero hours, rejected rows, unknown names, waits or none: every document fits."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "log.csv").write_text(toggl_rows(*rows), encoding="utf-8")
        if contract:
            (base / "cmtime.toml").write_text(
                '[clients."Boulangerie Dupont"]\naliases = ["Dupont"]\nmonthly_fee = 800.0\nincluded_hours = 12.0\n',
                encoding="utf-8",
            )
        for name, extra in (("summary", ()), ("check", ()), ("rules", ()), ("rules", ("--suggest",))):
            code, doc = run_json(capsys, name, str(base), *extra)
            if code == 2 and name == "summary":  # nothing readable (every row rejected): one line, no document
                assert doc is None
                continue
            # check exits 2 when nothing is readable (issue #29), its document printed all the same
            assert code == 0 or (code == 2 and name == "check")
            check_document(name, doc)
