#!/usr/bin/env bash
# Creates .venv with the Python packages ocppspec's tests use as independent oracles and peers:
# the official OCA schemas (ocpp), a reference JSON Schema validator, a WebSocket peer, a JUnit reader.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  # Anything else at .venv (a dangling or looping symlink, a half-made directory) is replaced:
  # a clean clone once carried a self-referencing .venv link and venv creation failed on it.
  if [ -e .venv ] || [ -L .venv ]; then
    echo "replacing unusable .venv ($(ls -ld .venv 2>&1))"
    rm -rf .venv
  fi
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  "ocpp==2.1.0" "jsonschema==4.26.0" "rfc3339-validator==0.1.4" "websockets>=13,<16" "junitparser>=3,<5"
.venv/bin/python -c "import ocpp, jsonschema, websockets, junitparser; print('python oracle ready:', ocpp.__file__)"
