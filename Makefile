# Two commands do everything on a fresh machine with only Python: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo-reset test install lint messages bench clean backup restore loadtest scaleout

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt changes.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

# The local demo: DEBUG on (development key, static files from the source tree), SQLite unless DATABASE_URL says otherwise.
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
run: export DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --with-demo-users
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Put the demo back as seed_demo made it: deletes only the rows marked as demo data, then seeds again.
demo-reset: install
	$(BIN)/python manage.py seed_demo --reset --with-demo-users

# One worker per core (pytest-xdist); each builds its own test database and demo snapshot.
# worksteal lets an idle worker take queued tests from a busy one, so a few long browser tests do not leave a core idle.
# TEST_WORKERS=0 runs everything in this process (for pdb); TEST_SKIP_MARKERS="browser fuzz" skips those, saying so.
TEST_WORKERS ?= auto
# Where the environment sets PYTHONDONTWRITEBYTECODE, every worker would parse and assertion-rewrite
# hypothesis, schemathesis and Faker again (about 5 s of CPU each); the tests cache them under the ignored var/.
test: install
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/var/pycache \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the catalogues and fill Arabic from locale/fragments/*.po, then compile.
messages: install
	flock locale/.lock $(BIN)/python scripts/messages.py

# Operations (docs/deploy.md): a dated pg_dump -Fc of DATABASE_URL into var/backups/ (BACKUP_DIR=...),
# and the restore of one into a NEW database, never over one.
backup: install
	$(BIN)/python scripts/dbbackup.py backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/madinati-<db>-<time>.dump"; exit 2; }
	$(BIN)/python scripts/dbbackup.py restore "$(FILE)"

# Locust, headless, against gunicorn on loopback: 50 signed-in users for 60 s, then the capacity
# (docs/scaling.md). DATABASE_URL is the data; LOADTEST_ARGS="--no-seed --group 1 ..." for bench data.
loadtest: install
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

# A primary and its streaming replica, two app servers, Redis and nginx on loopback (docs/deploy.md, .ci/run).
scaleout: install
	$(BIN)/python scripts/scaleout_check.py

clean:
	rm -rf $(VENV) .pytest_cache
