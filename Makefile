# Caring City: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test install migrate serve browser-test lint messages clean bench lock bench-networks bench-stories bench-evaluation

# requirements.lock is what production installs; requirements-dev.lock adds the test tools.

$(STAMP): requirements-dev.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

## demo: install, migrate, load the fictional neighbourhood and serve on 127.0.0.1:$(PORT)
demo: migrate
	PORT=$(PORT) $(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite (browser tests skip with a clear message where no Chromium is installed)
test: install
	$(PY) -m pytest -n 2 -q

## browser-test: only the Playwright + axe tests, in Chromium
browser-test: install
	$(PY) -m pytest -q -m browser -p no:xdist

## messages: refresh the translation catalogues after adding strings, then compile them
messages: install
	cd caringcity && ../$(PY) ../manage.py makemessages -l tr -l bn --no-location --no-obsolete
	cd caringcity && ../$(PY) ../manage.py compilemessages

## lock: re-pin every dependency after changing pyproject.toml
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml -o requirements.lock --python-version 3.11 -q
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -o requirements-dev.lock --python-version 3.11 -q

bench: install
	$(PY) -m bench.run

## bench-networks: the neighbourhood-map analysis at city scale (50,000 actors), igraph against networkx
bench-networks: install
	$(PY) -m bench.networks

## bench-stories: speech to text on this machine, real-time factor of each engine that can run here
bench-stories: install
	$(PY) -m bench.stories_stt

## bench-evaluation: a full indicator refresh for 200 teams and a year of visits (target under 10 s), against a naive per-team baseline
bench-evaluation: install
	$(PY) -m bench.evaluation

clean:
	rm -rf $(VENV) db.sqlite3*
