# The two commands a fresh machine needs: `make demo` and `make test`.
# Everything else here is what those two depend on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo-output/demo.db

.PHONY: demo test setup system bench clean

## demo: set up, build the demo articles into $(DEMO_DB), and show what was found
demo: $(BIN)/backchannel
	$(BIN)/backchannel build demo/articles --db $(DEMO_DB) --replace
	$(BIN)/backchannel stats --db $(DEMO_DB)
	$(BIN)/backchannel actors --db $(DEMO_DB) --limit 12
	$(BIN)/backchannel timeline --db $(DEMO_DB) --min-sources 2 --no-undated
	@echo
	@echo "Open the web app:   $(BIN)/backchannel serve --db $(DEMO_DB)   (then http://127.0.0.1:8765/)"
	@echo "Search:             $(BIN)/backchannel search 'ديميترييف' --db $(DEMO_DB)"

## test: set up (Python packages and the Debian packages in system-packages.txt) and run every test
test: $(BIN)/backchannel system
	$(BIN)/pytest -q -n auto -p no:cacheprovider

## setup: the virtual environment with the pinned dependencies
setup: $(BIN)/backchannel

$(BIN)/backchannel: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

system:
	./scripts/install-system-packages.sh

## bench: the build benchmark on a synthetic corpus (N articles)
bench: $(BIN)/backchannel
	$(BIN)/python benchmarks/bench_build.py --articles $${N:-2000}

clean:
	rm -rf $(VENV) demo-output test-output *.egg-info
