#!/usr/bin/env bash
# Debian packages the tests need: Arabic fonts to typeset test PDFs, Tesseract for OCR,
# Chromium for the end-to-end test of the web page.
# Installs only what is missing; without root (or apt) it says what is missing and exits 0,
# and the tests that need the packages report themselves as skipped.
set -u
packages=(fonts-hosny-amiri fonts-noto-core fonts-kacst tesseract-ocr tesseract-ocr-ara chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "rasid: missing Debian packages (tests that need them will be skipped): ${missing[*]}" >&2
  exit 0
fi
echo "rasid: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/rasid-apt.log 2>&1; then
  apt-get update >>/tmp/rasid-apt.log 2>&1 && apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/rasid-apt.log 2>&1 \
    || echo "rasid: could not install ${missing[*]} (see /tmp/rasid-apt.log); tests that need them will be skipped" >&2
fi
exit 0
