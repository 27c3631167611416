# cmtime: two commands set everything up. `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lab lint bench clean sample dashboard schemas messages

# (Re)create the venv when it is missing, or install again when pyproject.toml or the pinned
# versions (constraints.txt) changed since the last install.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip -c constraints.txt
	# once more, saying why, when the first try fails (a registry that did not answer)
	$(BIN)/python -m pip install --quiet -e ".[dev]" -c constraints.txt || $(BIN)/python -m pip install -e ".[dev]" -c constraints.txt
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cmtime demo --out out

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check cmtime tests notebooks benchmarks
	$(BIN)/mypy

# The message catalogs (cmtime/locale, README "Messages and languages"): check that every
# message id the code writes is in the English catalog and write the template from it,
# then Babel brings every language's .po to its ids and compiles the .mo files.
messages: $(STAMP)
	$(BIN)/python -m cmtime.text.catalogs
	$(BIN)/pybabel update -i cmtime/locale/cmtime.pot -d cmtime/locale -D cmtime --no-fuzzy-matching
	$(BIN)/pybabel compile -d cmtime/locale -D cmtime --statistics
	$(BIN)/pybabel compile -d cmtime/locale -D click --statistics

# JupyterLab on loopback, no browser, with its token; .py notebooks open as notebooks
# (see .jupyter/). Containers and CI run as root, which Jupyter refuses without --allow-root.
lab: $(STAMP)
	$(BIN)/jupyter lab --config=.jupyter/jupyter_lab_config.py --ip=127.0.0.1 --no-browser \
		$$(test "$$(id -u)" = 0 && echo --allow-root)

# The pricing and off-hours dashboard with Voilà (outputs only, no code), on loopback,
# with a token printed in the URL to open and a Host check (.jupyter/voila.py).
# Voilà needs an .ipynb: jupytext writes it into the git-ignored build/ (../data/sample
# resolves from build/ as from notebooks/). .jupyter/voila.py gives Voilà's executor a
# kernel client that never loses a cell's reply (the hang of 1 load in 10 that the cell
# timeout used to end: cmtime/interfaces/kernel_client.py) and culls closed pages' kernels.
# The cell timeout stays for a cell that really runs long; 120 s leaves room for big exports.
dashboard: $(STAMP)
	@mkdir -p build
	$(BIN)/jupytext --to ipynb --output build/dashboard.ipynb notebooks/dashboard.py
	$(BIN)/voila build/dashboard.ipynb --Voila.config_file_paths=.jupyter --Voila.ip=127.0.0.1 --no-browser --VoilaExecutor.timeout=120

# The JSON Schemas of the --json documents, written from cmtime/analysis/documents.py
# (tests/test_documents.py fails while the committed ones differ).
schemas: $(STAMP)
	$(BIN)/python -m cmtime.analysis.documents

sample: $(STAMP)
	$(BIN)/cmtime sample --out data/sample --seed 7 --year 2026

# Benchmark-only tools: pandas for the peer (row d), Debian's timewarrior for row (e);
# without apt (or root) row (e) is skipped with a note.
bench: $(STAMP)
	# byte-compile cmtime as an installed package is (an editable install is not, and
	# with PYTHONDONTWRITEBYTECODE every command would compile its modules again: ~70 ms)
	$(BIN)/python -m compileall -q cmtime
	$(BIN)/python -m pip install --quiet pandas -c constraints.txt
	command -v timew >/dev/null || (apt-get install -y -qq timewarrior || (apt-get update -qq && apt-get install -y -qq timewarrior)) >/dev/null 2>&1 || echo "timewarrior not installed: row (e) will be skipped"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/floor.py
	# Issue #19's goals, one table at the end: the 30 cold loads of the Voilà dashboard (the
	# browser test, p50/p95; about 3 minutes, so here rather than in `make test`), each
	# notebook's Run All, summary and share whole process, the 1M-row summary and its peak.
	$(BIN)/python benchmarks/goals.py

clean:
	rm -rf out reports .pytest_cache .mypy_cache .ruff_cache
