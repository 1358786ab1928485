# The course's single entry point. `make build` sets everything up and builds the
# course; `make test` runs every check (what CI runs). See README.md.
SHELL := /bin/bash
# nbgrader runs alembic (its database migrations) from PATH.
export PATH := $(abspath .venv/bin):$(PATH)
VENV := .venv
BIN := $(VENV)/bin
ASSIGNMENTS := $(sort $(notdir $(wildcard solutions/*)))
export PYTHONHASHSEED := 0
# Small matrices: BLAS threads only contend with the parallel test workers.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1

.PHONY: build test env release book book-strict lint grade-example clean

build: env release book  ## set up .venv, regenerate the releases, build the website

env:  ## create .venv and install the pinned environment (once)
	@bash scripts/setup.sh

# Each old release is deleted first, so nbgrader needs no --force (with it, nbgrader warns
# "Removing existing assignment" for every one); its real warnings still show.
release: env  ## regenerate assignments/ from solutions/ with nbgrader
	@for a in $(ASSIGNMENTS); do rm -rf assignments/$$a && $(BIN)/nbgrader generate_assignment $$a --log-level=WARN || exit 1; done

book: env  ## build the website into _build/html
	$(BIN)/jupyter-book build .

book-strict: env  ## build the website with every warning an error
	$(BIN)/jupyter-book build . -W -n --keep-going

test: env book-strict  ## every test: project tests, nbval on every notebook, release sync, browser
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env \
	  --nbval-cell-timeout=300 tests autograder/hidden solutions book

# What ships or runs the course, linted and format-checked alike. The fixtures of the grader's
# tests are students' code as they wrote it (the corpus, the hostile submissions): left alone.
LINT_PATHS := autograder dlcourse book/_ext benchmarks scripts tests $(wildcard solutions/*/*.py)

lint: env  ## ruff check and ruff format --check over the code that ships
	$(BIN)/ruff check $(LINT_PATHS) --extend-exclude tests/autograder/fixtures
	$(BIN)/ruff format --check $(LINT_PATHS) --extend-exclude tests/autograder/fixtures

clean:
	rm -rf _build autograded feedback gradebook.db grading
