#!/usr/bin/env bash
# Everything the tests need besides Swift: Debian tools (xmllint, chromium) and the Python oracle
# environment in .venv. Idempotent; safe to run before every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/setup-python.sh
