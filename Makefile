# yindi — set-up and main jobs. Every target creates its virtual environment itself.
#   .venv        what users get: today's releases of every dependency (+ test tools for `make test`)
#   .venv-peers  the complexity peers, which need pandas < 3 (peer tests and the benchmark)
#   .venv-min    the oldest versions pyproject.toml declares (ci/min-versions.txt)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PEERS  := .venv-peers
MIN    := .venv-min
OUT    ?= yindi-out
PYTEST := python -m pytest -q -p no:cacheprovider

.PHONY: demo test test-main test-peers test-min bench data lint clean browser

%/bin/python:
	$(PYTHON) -m venv $*
	$*/bin/python -m pip install --quiet --upgrade pip

$(VENV)/.base: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[cluster]"
	touch $@

$(VENV)/.test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade -e ".[cluster,test]"
	touch $@ $(VENV)/.base

$(PEERS)/.ok: $(PEERS)/bin/python pyproject.toml
	$(PEERS)/bin/pip install --quiet -e ".[peers,scale]" "pytest>=8"  # the peers, pytest, the firm-table engines
	touch $@

$(MIN)/.ok: $(MIN)/bin/python pyproject.toml ci/min-versions.txt
	$(MIN)/bin/pip install --quiet -c ci/min-versions.txt -e ".[test]"
	touch $@

demo: $(VENV)/.base            ## main job on the embedded China data
	$(BIN)/yindi plan --cluster --out $(OUT)

browser:                       ## Debian chromium + CJK font for the report's browser test
	sh scripts/install_browser.sh

test: test-main test-peers     ## the test suite: users' environment, then the peers' own

test-main: $(VENV)/.test browser
	$(BIN)/$(PYTEST) --ignore=tests/peers

test-peers: $(PEERS)/.ok
	$(PEERS)/bin/$(PYTEST) tests/peers

test-min: $(MIN)/.ok           ## the suite on the oldest declared versions
	$(MIN)/bin/$(PYTEST) --ignore=tests/peers --deselect \
	  tests/datasets/test_china_provinces.py::test_rebuild_is_byte_identical

bench: $(PEERS)/.ok $(VENV)/.test  ## yindi vs the complexity peers; the allocation at three scales; the stress stage
	$(PEERS)/bin/python benchmarks/run.py
	$(PEERS)/bin/python benchmarks/coordinate.py
	$(BIN)/python benchmarks/stress.py --big

data: $(VENV)/.test            ## rebuild the embedded dataset from ../shared/data
	$(BIN)/python scripts/build_china_provinces.py

lint: $(VENV)/.test            ## ruff, mypy and the import layers, as CI runs them
	$(BIN)/pip install --quiet "ruff>=0.5" "mypy>=1.10" "import-linter>=2.1"
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(PEERS) $(MIN) $(OUT) build *.egg-info src/*.egg-info
