# The commands people type. `make run` and `make test` set up everything on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint seed check-data fuzz load bench

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

seed: install
	DEBUG=1 $(PY) manage.py seed

check-data: install
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py seed
	DEBUG=1 $(PY) manage.py check_data

fuzz: install
	$(PY) -m bench.fuzz

load: install
	$(PY) -m bench.load

# Both benchmarks run even when the first misses its target; the exit status says whether either did.
bench: install
	$(PY) -m bench.api; api=$$?; $(PY) -m bench.briefs && exit $$api
