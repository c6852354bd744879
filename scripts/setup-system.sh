#!/usr/bin/env bash
# Installs the Debian packages that the report tests use as independent checkers:
# xmllint (libxml2-utils) validates junit.xml against the JUnit XSD, headless Chromium renders
# report.html, openssl computes the OCSP CertID that CertificateHashData is checked against. Idempotent and quiet: does nothing when both are already there.
set -euo pipefail
# fonts-dejavu-core: so that screenshots of report.html have real glyphs on a minimal machine.
packages=(libxml2-utils chromium fonts-dejavu-core openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "system tools ready: $(xmllint --version 2>&1 | head -1), $(chromium --version 2>/dev/null || echo 'chromium missing')"
