#!/usr/bin/env bash
# Fetches junit-10.xsd (the Jenkins xunit JUnit schema, MIT) from the pytest sdist on PyPI, caches it
# under ${XDG_CACHE_HOME:-~/.cache}/ocppspec, and checks that the copy committed under
# Tests/ConformanceReportsTests/Fixtures/ is the same file. The sdist itself is never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST_VERSION=8.3.4
SHA256=a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6
cache="${XDG_CACHE_HOME:-$HOME/.cache}/ocppspec"
xsd="$cache/junit-10.xsd"
committed=Tests/ConformanceReportsTests/Fixtures/junit-10.xsd
mkdir -p "$cache"
if [ ! -f "$xsd" ] || ! echo "$SHA256  $xsd" | sha256sum --check --quiet 2>/dev/null; then
  PY=${PYTHON:-.venv/bin/python}
  [ -x "$PY" ] || PY=python3
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  "$PY" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
    "pytest==$PYTEST_VERSION" -d "$work"
  tar -xzf "$work/pytest-$PYTEST_VERSION.tar.gz" -C "$work" "pytest-$PYTEST_VERSION/testing/example_scripts/junit-10.xsd"
  cp "$work/pytest-$PYTEST_VERSION/testing/example_scripts/junit-10.xsd" "$xsd"
fi
echo "$SHA256  $xsd" | sha256sum --check --quiet
if ! cmp -s "$xsd" "$committed"; then
  echo "$committed differs from junit-10.xsd in pytest $PYTEST_VERSION ($xsd)" >&2
  exit 1
fi
echo "junit-10.xsd: $xsd (same as $committed)"
