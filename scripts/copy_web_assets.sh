#!/usr/bin/env bash
# Copy the front-end assets installed by npm into the package's static folder (served by the app).
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=src/rasid/web/static/vendor
rm -rf "$vendor.partial" && mkdir -p "$vendor.partial/fonts"
cp node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-{400,700}-normal.woff2 "$vendor.partial/fonts/"
cp node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-latin-{400,700}-normal.woff2 "$vendor.partial/fonts/"
cp node_modules/@fontsource/noto-naskh-arabic/LICENSE "$vendor.partial/fonts/LICENSE-noto-naskh-arabic.txt" 2>/dev/null || true
rm -rf "$vendor" && mv "$vendor.partial" "$vendor"
