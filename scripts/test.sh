#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine (Python 3.11, root): installs what the tests need,
# then runs ruff and pytest (unit, AppTest, PostgreSQL and real-browser tests). Re-runs skip what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(chromium fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core postgresql nginx libreoffice-impress
              poppler-utils)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt

python3 -m ruff check .
python3 -m pytest -q "$@"
