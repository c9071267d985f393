#!/usr/bin/env bash
# Installs the Debian packages the tests need: Chromium for the browser tests,
# Noto CJK so pages and PDFs render 汉字, hledger and ledger for journal checks,
# unzip to follow the audit bundle's own README in a shell.
# Does nothing when they are all present; uses sudo when not run as root.
set -euo pipefail
packages=(chromium fonts-noto-cjk hledger ledger unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test packages present: ${packages[*]}"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
