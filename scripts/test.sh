#!/usr/bin/env bash
# Install what the tests need on a fresh Debian machine with Python 3.11, then run every test.
#   bash scripts/test.sh [extra pytest arguments]
# Debian's chromium (never a Playwright browser download) and a CJK font for Chinese text.
# The browser tests leave a screenshot of every page in test-artifacts/screens/ (CI keeps the folder).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk

python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -r requirements-dev.txt

# No cache dir in the checkout; a hung test fails after 10 minutes instead of eating CI's 90.
# pytest's exit code 5 ("no tests collected") fails this script like any other failure.
python3 -m pytest -p no:cacheprovider --timeout=600 -q "$@"
