#!/usr/bin/env bash
# Sets up everything the course needs, once; run again it only redoes what changed.
#  - as root with apt: the Debian packages bubblewrap (the autograder's sandbox) and
#    chromium + chromium-driver (the book's browser test);
#  - .venv at the repository root, with requirements.txt (all pinned) and this
#    repository's own packages (dlcourse, autograder) installed in editable mode;
#  - axe-core (the browser test's accessibility checker), pinned in
#    tests/book/package-lock.json, installed with npm into .venv/axe (as root with apt,
#    Debian's nodejs and npm come first).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing=""
  command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap"
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
  command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
  if [ -n "$missing" ]; then
    echo "setup: installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      python=$candidate; break
    fi
  done
fi
[ -n "$python" ] || { echo "setup: Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

stamp=.venv/.requirements.sha256
want=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if ! [ -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing the pinned environment into .venv (a few minutes, once)"
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi

# axe-core: `npm ci` installs exactly what the lock file names (checked against its hash).
axe=.venv/axe
if ! cmp -s tests/book/package-lock.json "$axe/package-lock.json" ||
   ! [ -f "$axe/node_modules/axe-core/axe.min.js" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "setup: installing axe-core into $axe (npm)"
    mkdir -p "$axe"
    cp tests/book/package.json tests/book/package-lock.json "$axe/"
    npm ci --prefix "$axe" --silent --no-audit --no-fund --ignore-scripts
  else
    echo "setup: npm is missing, so the browser test's accessibility check cannot run (install nodejs and npm)" >&2
  fi
fi
