"""Rules learned from the user's own kind tags (`suggest_rules`) and the `cmtime rules` command."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from cmtime.analysis.classify import (
    as_config_rules,
    classify,
    suggest_rules,
    suggestions_toml,
)


def _year_half_tagged() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The sample year with its true kinds: every other block tagged with its kind, the
    rest untagged (and its truth kept aside)."""
    from cmtime.sample.synthetic import _demo

    truth = (
        _demo(7, 2026)
        .with_columns(pl.col("project").fill_null(""), pl.col("task").fill_null(""))
        .with_row_index("i")
    )
    tagged = pl.col("i") % 2 == 0
    learn = truth.with_columns(
        tags=pl.when(tagged).then(pl.concat_list("kind")).otherwise(pl.lit([], dtype=pl.List(pl.String)))
    )
    return learn.drop("kind", "activity", "i"), truth.filter(~tagged)


def test_suggestions_learned_on_a_tagged_half_classify_the_other_half():
    learn, other = _year_half_tagged()
    found = suggest_rules(classify(learn.lazy()).collect().lazy())
    assert found.height >= 5
    assert (found["precision"] >= 0.95).all()
    assert (found["support"] >= 3).all()
    got = classify(
        other.drop("kind", "activity", "i").with_columns(tags=pl.lit([], dtype=pl.List(pl.String))).lazy(),
        rules=as_config_rules(found),
    ).collect()
    decided = got.with_columns(truth=other["kind"]).filter(pl.col("rule").str.starts_with("config:"))
    precision = (decided["kind"].cast(pl.String) == decided["truth"]).mean()
    print(f"\n{found.height} suggestions classify {decided.height} of {got.height} untagged blocks at {precision:.1%}")  # noqa: T201
    assert decided.height >= got.height / 3
    assert precision is not None
    assert precision >= 0.95


def test_suggestions_print_as_config_rules_that_load():
    import tomllib

    from cmtime.config import config_from_dict

    learn, _ = _year_half_tagged()
    found = suggest_rules(classify(learn.lazy()).collect().lazy(), limit=3)
    text = suggestions_toml(found)
    assert text.count("[[rules]]") == 3
    assert re.search(r"^# \".+\": \d+% (visible|hidden|wait) in \d+ tagged blocks", text, re.M)
    cfg = config_from_dict(tomllib.loads(text))
    assert [r.kind for r in cfg.rules] == found["kind"].to_list()


def test_no_tags_no_suggestions():
    learn, _ = _year_half_tagged()
    untagged = learn.with_columns(tags=pl.lit([], dtype=pl.List(pl.String)))
    assert suggest_rules(classify(untagged.lazy())).is_empty()


@pytest.fixture
def cli_run(capsys):
    from cmtime.interfaces.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        got = capsys.readouterr()
        return code, got.out, got.err

    return run


def test_rules_command_explains_every_block_of_the_sample(cli_run):
    code, out, _ = cli_run("rules", "data/sample", "--json")
    assert code == 0
    doc = json.loads(out)
    rows = doc["descriptions"]
    assert rows == sorted(rows, key=lambda r: -r["hours"])
    assert all(r["rule"] for r in rows if r["kind"] != "unclassified")
    assert {r["rule"].split(":")[0] for r in rows} >= {"builtin", "tag", "config"}
    code, out, _ = cli_run("rules", "data/sample", "--json", "--kind", "hidden")
    assert {r["kind"] for r in json.loads(out)["descriptions"]} == {"hidden"}


def test_rules_command_suggests_and_rejects_a_bad_kind(cli_run):
    code, out, _ = cli_run("rules", "data/sample", "--suggest")
    assert code == 0
    assert "[[rules]]" in out
    assert "Rien n'est appliqué" in out  # the sample is French
    code, out, _ = cli_run("rules", "data/sample", "--suggest", "--lang", "en")
    assert "Nothing is applied" in out
    code, _, err = cli_run("rules", "data/sample", "--kind", "nope")
    assert code == 2
    assert "nope" in err


def test_rules_command_prints_descriptions_as_text_not_markup(cli_run, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(
        "start,end,client,project,description,tags\n"
        "2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,Dupont,,[bold]Misc[/bold],\n",
        encoding="utf-8",
    )
    code, out, _ = cli_run("rules", str(log), "--kind", "unclassified")
    assert code == 0
    assert "[bold]Misc[/bold]" in out
