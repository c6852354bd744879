#!/usr/bin/env bash
# Gate a release on an ocppspec suite: run the selected cases against the DUT described by a
# profile, keep the reports, and fail the pipeline when a case fails or the harness errs.
#
#   OCPPSPEC=/path/to/ocppspec ci/gate.sh dut.yaml --ocpp 2.0.1 --profile Core
#   ci/gate.sh dut.yaml --ocpp 2.0.1 --shard 2/4      # any `ocppspec run` options
#
# The ocppspec binary: $OCPPSPEC (a path to the executable), else `ocppspec` on PATH. Build it
# once (`swift build -c release` in an ocppspec checkout: .build/release/ocppspec) and point
# OCPPSPEC at it; the gate never builds anything in the caller's repository.
#
# Exit status: 0 every case passed or does not apply; 1 a case failed; 2 a usage or profile
# error (also: no ocppspec binary); 3 a harness error. Reports: $OCPPSPEC_REPORTS (default
# Reports/)/<run>/junit.xml, report.html, results.json, trace.jsonl.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: ci/gate.sh dut.yaml [ocppspec run options]" >&2
  exit 2
fi
profile=$1
shift
reports=${OCPPSPEC_REPORTS:-Reports}
if [ -n "${OCPPSPEC:-}" ]; then
  if [ ! -x "$OCPPSPEC" ] || [ -d "$OCPPSPEC" ]; then
    echo "ci/gate.sh: OCPPSPEC is \"$OCPPSPEC\", which is not an executable file; set it to the ocppspec binary (e.g. .build/release/ocppspec of an ocppspec checkout)." >&2
    exit 2
  fi
  ocppspec=$OCPPSPEC
elif command -v ocppspec >/dev/null 2>&1; then
  ocppspec=$(command -v ocppspec)
else
  echo "ci/gate.sh: no ocppspec binary: OCPPSPEC is not set and there is no ocppspec on PATH. Build it (swift build -c release in an ocppspec checkout) and set OCPPSPEC=/path/to/.build/release/ocppspec, or put ocppspec on PATH." >&2
  exit 2
fi
echo "ocppspec: $ocppspec ($("$ocppspec" --version 2>/dev/null || echo "version unknown"))"
set +e
"$ocppspec" run --dut "$profile" --report "$reports" --quiet "$@"
status=$?
set -e
echo "ocppspec exit status: $status (reports under $reports/)"
exit $status
