#!/usr/bin/env bash
# Gate a release on an ocppspec suite: run the selected cases against the DUT described by a
# profile, keep the reports, and fail the pipeline when a case fails or the harness errs.
#
#   ci/gate.sh dut.yaml --ocpp 2.0.1 --profile Core          # any `ocppspec run` selection options
#
# Exit status: 0 every case passed or does not apply; 1 a case failed; 2 a usage or profile
# error; 3 a harness error. Reports: $OCPPSPEC_REPORTS (default Reports/)/<run>/junit.xml etc.
set -euo pipefail
profile=${1:?usage: ci/gate.sh dut.yaml [selection options]}
shift
reports=${OCPPSPEC_REPORTS:-Reports}
ocppspec=${OCPPSPEC:-ocppspec}
command -v "$ocppspec" >/dev/null 2>&1 || ocppspec="swift run -c release ocppspec"
set +e
$ocppspec run --dut "$profile" --report "$reports" --quiet "$@"
status=$?
set -e
echo "ocppspec exit status: $status (reports under $reports/)"
exit $status
