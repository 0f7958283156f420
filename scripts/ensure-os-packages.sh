#!/usr/bin/env bash
# Install the Debian packages the test suite needs, or say exactly which command to run.
# Never skips silently: the browser tests fail without Chromium, by design.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi dejavu || missing+=(fonts-dejavu-core)

[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "backstride: the browser tests need: ${missing[*]}" >&2
    echo "Install them once with:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

echo "backstride: the browser tests need Chromium at /usr/bin/chromium (or set BACKSTRIDE_CHROMIUM)." >&2
echo "On Debian/Ubuntu: sudo apt-get install -y ${missing[*]}" >&2
exit 1
