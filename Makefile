# yindi — set-up and main jobs. Every target creates .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= yindi-out

.PHONY: demo test bench data lint clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[cluster]"
	touch $@

$(VENV)/.test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@ $(VENV)/.base

demo: $(VENV)/.base            ## main job on the embedded China data
	$(BIN)/yindi plan --cluster --out $(OUT)

browser:                       ## Debian chromium + CJK font for the report's browser test
	sh scripts/install_browser.sh

test: $(VENV)/.test browser    ## the test suite
	$(BIN)/python -m pytest -q

bench: $(VENV)/.test           ## yindi vs ecomplexity and economic-complexity, same process
	$(BIN)/python benchmarks/run.py

data: $(VENV)/.test            ## rebuild the embedded dataset from ../shared/data
	$(BIN)/python scripts/build_china_provinces.py

lint: $(VENV)/.test             ## ruff and mypy, as CI runs them
	$(BIN)/pip install --quiet "ruff>=0.5" "mypy>=1.10"
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info src/*.egg-info
