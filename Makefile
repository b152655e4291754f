# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Debian packages the browser tests need: Chromium (Playwright drives it; its own browser
# download cannot work here) and CJK fonts so that Chinese renders in screenshots.
BROWSER_PACKAGES := chromium fonts-noto-cjk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser-deps run serve test test-fast messages clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

browser-deps:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then :; else \
		echo "installing $(BROWSER_PACKAGES) with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(BROWSER_PACKAGES); \
	fi

# venv, install, migrate, rebuild an index an older version wrote, ingest the seed stories, bring
# the index up to date, serve.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py check_index --repair
	$(PY) manage.py ingest seeds/
	$(PY) manage.py check_index --repair
	$(PY) manage.py runserver $(HOST)

# Production: gunicorn, DEBUG off, compressed static files, on HOST as `make run` (put a reverse
# proxy with TLS in front: README, "A production server"). DJANGO_SECRET_KEY must be set;
# WEB_CONCURRENCY workers (default: one per core).
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: set DJANGO_SECRET_KEY (a long random string kept secret)"; exit 1; }
	DJANGO_DEBUG=false $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=false $(PY) manage.py check_index --repair
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=false $(PY) manage.py check --deploy
	DJANGO_DEBUG=false DATABASE_CONN_MAX_AGE=$${DATABASE_CONN_MAX_AGE:-600} WEB_CONCURRENCY=$${WEB_CONCURRENCY:-$$(nproc)} $(VENV)/bin/gunicorn archive.wsgi --bind $(HOST) --preload --access-logfile -

# The whole suite on SQLite with the Whoosh engine (browser tests included), then again on
# PostgreSQL with the PostgreSQL engine (with the tests that need a PostgreSQL server of their
# own: the streaming replica, the engine's long stories), but for Whoosh's own lock and layout.
test: install browser-deps
	$(PY) -m pytest -m "not postgres"
	SEARCH_ENGINE=postgres tests/with-postgres $(PY) -m pytest -m "not browser and not whoosh" -p no:cacheprovider

# Everything but the browser tests and PostgreSQL, for a quick loop.
test-fast: install
	$(PY) -m pytest -m "not browser and not postgres"

# Regenerate the interface translations after changing strings (needs Debian's gettext).
messages: install
	$(PY) manage.py makemessages --locale zh_Hans --locale zh_Hant --ignore '.venv/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf var tests/artifacts
