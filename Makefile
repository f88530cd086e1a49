# The two commands of the README: `make run` (demo site) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup lint

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "newsdesk needs Python 3.11 or newer (set PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core for the browser tests' accessibility checks (package-lock.json pins it).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py rebuild_search_index --missing
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint node_modules/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(BIN)/pytest
