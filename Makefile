# The two set-up commands: `make run` (the main job on samples/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
OUT := out

.PHONY: run report test test-under-load install check-install lint typecheck docs docs-serve dist-check checks toy-model extracted-corpus fuzz clean

# The review page of samples/ and a screenshot of it (out/report.png; needs Debian's chromium).
report: run
	chromium --headless --no-sandbox --hide-scrollbars --window-size=1280,1400 \
	  --screenshot=$(OUT)/report.png file://$(CURDIR)/$(OUT)/report.html
	@echo "Screenshot: $(OUT)/report.png"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip setuptools wheel

# Reinstall when the package metadata or the pins change.
$(VENV)/.installed: setup.cfg pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[test,scrapy,dask,train,parquet]'
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/tweetx annotate samples/ -o $(OUT)/samples.jsonl --html-out $(OUT)/html
	$(BIN)/tweetx report $(OUT)/samples.jsonl -o $(OUT)/report.html
	@echo "Output: $(OUT)/samples.jsonl (one JSON object per article), $(OUT)/html/ and the review page $(OUT)/report.html"
	@$(BIN)/tweetx models list >/dev/null 2>&1; \
	if [ -z "$$($(BIN)/tweetx models list 2>/dev/null)" ]; then \
	  echo "No Argos package is installed, so tweets were found and identified but not translated."; \
	  echo "To translate: tweetx models install FILE.argosmodel (from the Argos package index),"; \
	  echo "or on a machine with a network: $(BIN)/tweetx models install fa:en"; \
	fi

# Run as a user's shell runs it: this machine and CI set PYTHONUNBUFFERED, which hides any
# buffering a pipe's reader would wait on.
test: $(VENV)/.installed
	env -u PYTHONUNBUFFERED $(BIN)/python -m pytest -q

# The suite three times while two processes keep every core of a 2-core machine busy: a test
# that passes only on a quiet machine fails here (.ci/under-load reports each run).
test-under-load: $(VENV)/.installed
	bash .ci/under-load 3

# The checks CI runs beside the tests: lint and format, types, the documentation, the package.
$(VENV)/.checks-installed: setup.cfg pyproject.toml constraints.txt $(VENV)/.installed
	$(PIP) -e '.[test,scrapy,dask,train,parquet,check,docs]'
	touch $@

check-install: $(VENV)/.checks-installed

lint: $(VENV)/.checks-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.checks-installed
	$(BIN)/mypy

# The CLI reference is generated from the click commands; --check fails when it is stale
# (python docs/gen_cli_reference.py rewrites it). The site goes to site/.
docs: $(VENV)/.checks-installed
	$(BIN)/python docs/gen_cli_reference.py --check
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet -d site

docs-serve: $(VENV)/.checks-installed
	$(BIN)/mkdocs serve

# sdist and wheel built, twine check, the wheel installed in a fresh venv and run.
dist-check: $(VENV)/.checks-installed
	PY=$(BIN)/python bash .ci/dist-check

checks: lint typecheck docs dist-check

# Rebuild the toy test packages, Persian→English and English→German (needs transformers and
# torch; about two CPU minutes each).
toy-model: $(VENV)/.installed
	$(PIP) -e '.[test,toy]'
	$(BIN)/python tests/fixtures/toy_model/build.py --pair fa_en
	$(BIN)/python tests/fixtures/toy_model/build.py --pair en_de --steps 4000
	$(BIN)/python tests/fixtures/toy_model/build_multilingual.py

# Rebuild the extracted-text corpus: write the pages, run the eight real extractors on them.
EXTRACTED := tests/fixtures/extracted
extracted-corpus: $(VENV)/.installed
	test -x .venv-extractors/bin/python || $(PYTHON) -m venv .venv-extractors
	test -x .venv-newspaper3k/bin/python || $(PYTHON) -m venv .venv-newspaper3k
	.venv-extractors/bin/pip install --quiet -e '.[extractors]'
	.venv-newspaper3k/bin/pip install --quiet 'newspaper3k>=0.2.8,<0.3' 'lxml_html_clean>=0.1,<1'
	.venv-extractors/bin/python $(EXTRACTED)/make_pages.py
	.venv-extractors/bin/python $(EXTRACTED)/build.py --newspaper3k-python .venv-newspaper3k/bin/python

clean:
	rm -rf $(OUT) .pytest_cache site dist

# The dedicated property-based pass: 10,000 random inputs per property (a few minutes).
fuzz: $(VENV)/.installed
	TWEETX_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q tests/test_robustness.py tests/test_entities.py \
	  tests/test_tree.py
