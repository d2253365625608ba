# The front door. A newcomer needs two commands: `make run` and `make test`.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local runs are in debug mode unless told otherwise (production sets DJANGO_DEBUG=0).
export DJANGO_DEBUG ?= 1

.PHONY: install system-packages run serve data test test-sqlite test-postgres lint typecheck format check messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable . --group dev
	touch $@

install: $(VENV)/.installed

data: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_initial_data --demo-accounts

run: data
	@echo ""
	@echo "Cẩm nang is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/quan-tri/)"
	@echo "Demo logins, password camnang-demo-2025 (roles in README.md):"
	@echo "  quantri (superuser), canbo.bo (Cán bộ Bộ, publishes), bientap.bo (Biên tập viên Bộ),"
	@echo "  canbo.so.hanoi, canbo.so.danang (Cán bộ Sở), canbo.xa.hanoi, canbo.xa.danang,"
	@echo "  canbo.xa.nghean (Cán bộ cấp xã; sign in at /dang-nhap/ to ask questions)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production server (deploy/README.md): gunicorn, debug off. It refuses to start without
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; the schema, the reference data (a no-op once
# loaded) and the static files are brought up to date first. Configuration: deploy/env.example.
serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py load_initial_data
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 $(BIN)/gunicorn --config deploy/gunicorn.conf.py config.wsgi

# Chromium, Pango, gettext, faketime and npm from Debian (apt-get when root; see the script).
system-packages:
	@scripts/system-packages

# The browser tests run axe-core (pinned in package-lock.json) in Debian's Chromium.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package-lock.json | system-packages
	@command -v npm >/dev/null || { echo "The browser tests need npm for axe-core: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: install system-packages $(AXE)
	$(BIN)/pytest

test-sqlite: install system-packages $(AXE)
	DATABASE_URL= $(BIN)/pytest

test-postgres: install system-packages $(AXE)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/camnang} $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djhtml --check --tabwidth 2 templates

# mypy with django-stubs over every app (configuration in pyproject.toml).
typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: install
	$(BIN)/python manage.py makemessages --locale en --no-obsolete --ignore "$(VENV)/*" --ignore "node_modules/*"
	$(BIN)/python manage.py compilemessages --locale en --locale vi --ignore "$(VENV)/*"

# Benchmarks print their figures; they build their own databases (see each script's docstring).
# BENCH_SIZES=1000 10000 100000 is what the closing notes quote; smaller sizes run faster.
BENCH_SIZES ?= 1000 10000 100000
bench: install
	$(BIN)/python bench/import.py
	$(BIN)/python bench/search.py --sizes $(BENCH_SIZES)
	dropdb --if-exists -h 127.0.0.1 -U postgres camnang_bench_pages
	createdb -h 127.0.0.1 -U postgres camnang_bench_pages
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/camnang_bench_pages $(BIN)/python manage.py migrate -v0
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/camnang_bench_pages $(BIN)/python manage.py load_initial_data -v0
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/camnang_bench_pages $(BIN)/python bench/pages.py --size $(lastword $(BENCH_SIZES))

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
