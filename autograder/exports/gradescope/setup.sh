#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: it
# installs the course's environment exactly as scripts/setup.sh pins it (Python 3.11,
# every package of requirements.txt, the course's own packages) and bubblewrap, the
# sandbox the grader uses where the container allows it (see the README).
set -euo pipefail
cd "$(dirname "$0")"   # /autograder/source: the bundle, the course's files at its root

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv bubblewrap >/dev/null

python3.11 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
# fail the image build, not the first student's submission, if the grader cannot start
.venv/bin/python -m autograder list
chmod +x run_autograder
