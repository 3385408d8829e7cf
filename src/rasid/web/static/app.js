// rasid web page: a document list with filters, search, and a document view that shows
// every repair edit highlighted (hover for before, after, reason, confidence) with a toggle
// to the original text. Plain JavaScript, no framework, no CDN.
"use strict";

const $ = (selector) => document.querySelector(selector);
const REASONS = {
  restore_glyphs: "استعادة حروف سقطت",
  fold_presentation_forms: "تحويل أشكال العرض",
  reverse_visual_line: "قلب سطر مخزن بالترتيب البصري",
  move_stranded_punctuation: "نقل علامة ترقيم",
  reorder_runs: "إعادة ترتيب أجزاء سطر",
  rejoin_lines: "وصل أسطر الفقرة",
  fix_mojibake: "إصلاح ترميز خاطئ",
};
// Word restorations and run reorderings less sure than this are marked for checking: on held-out
// text, restorations between 0.7 and 0.9 were right about four times in five, and those below 0.7 a
// little over half the time (README, Figures). Other rules give one confidence per kind of edit, not
// a judgement of each edit.
const UNSURE_BELOW = 0.9;
const CALIBRATED = ["restore_glyphs", "reorder_runs"];
const isUnsure = (edit) =>
  edit.reason.split("+").some((reason) => CALIBRATED.includes(reason)) && edit.confidence < UNSURE_BELOW;
let current = null;
let showOriginal = false;
let docMap = null;
let docLayer = null;
let collectionMap = null;
let collectionLayer = null;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

function filterParams() {
  const params = new URLSearchParams();
  const form = new FormData($("#filters"));
  for (const [key, value] of form.entries()) {
    if (key === "repaired_only") params.set(key, "true");
    else if (value) params.set(key, value);
  }
  return params;
}

function renderList(items, total, searching) {
  $("#count").textContent = searching ? `${total} نتيجة` : `${total} وثيقة`;
  const list = $("#results");
  list.innerHTML = "";
  for (const item of items) {
    const summary = searching ? item.document : item;
    const li = document.createElement("li");
    li.dataset.id = summary.id;
    const title = summary.title || summary.source.split("/").pop();
    let html = `<div class="result-title" dir="auto">${escapeHtml(title)}</div>`;
    html += `<div class="muted">${escapeHtml(summary.published || "")} · ${summary.words} كلمة · ${summary.edit_count} تعديل</div>`;
    if (searching) {
      const snippet = escapeHtml(item.snippet).replace(/\[\[/g, "<mark>").replace(/\]\]/g, "</mark>");
      html += `<div class="snippet">${snippet}</div>`;
    }
    li.innerHTML = html;
    li.addEventListener("click", () => openDocument(summary.id));
    list.appendChild(li);
  }
}

async function refresh() {
  const query = $("#query").value.trim();
  const params = filterParams();
  try {
    if (query) {
      params.set("q", query);
      const body = await api(`/api/search?${params}`);
      renderList(body.items, body.total, true);
    } else {
      const body = await api(`/api/documents?${params}`);
      renderList(body.items, body.total, false);
    }
  } catch (error) {
    $("#count").textContent = `خطأ: ${error.message}`;
  }
}

// Build the text with every edit wrapped in a highlighted span, and (in the repaired text) every
// place name underlined. Edits are offsets into the original text; in the repaired text each one
// sits shifted by the edits before it. Place offsets are into the repaired text.
function renderText(doc) {
  const source = showOriginal ? doc.original_text : doc.text;
  const marks = [];
  let shift = 0;
  doc.edits.forEach((edit, index) => {
    const start = showOriginal ? edit.start : edit.start + shift;
    const shown = showOriginal ? edit.before : edit.after;
    marks.push({ start, end: start + shown.length, kind: "edit", index, shown });
    shift += edit.after.length - edit.before.length;
  });
  if (!showOriginal) {
    doc.places.forEach((mention, index) => {
      const overlaps = marks.some((m) => m.kind === "edit" && m.start < mention.end && mention.start < m.end);
      if (!overlaps) marks.push({ start: mention.start, end: mention.end, kind: "place", index });
    });
  }
  marks.sort((a, b) => a.start - b.start || a.end - b.end);
  let html = "";
  let position = 0;
  for (const mark of marks) {
    if (mark.start < position) continue;
    html += escapeHtml(source.slice(position, mark.start));
    if (mark.kind === "edit") {
      const visible = mark.shown.length ? mark.shown : "\u2009";
      const kind = isUnsure(doc.edits[mark.index]) ? "edit unsure" : "edit";
      html += `<span class="${kind}" data-edit="${mark.index}" tabindex="0">${escapeHtml(visible)}</span>`;
    } else {
      const place = doc.places[mark.index].place;
      html += `<span class="place" data-place="${mark.index}" title="${escapeHtml(place.name)} · ${escapeHtml(place.name_en)}">${escapeHtml(source.slice(mark.start, mark.end))}</span>`;
    }
    position = mark.end;
  }
  html += escapeHtml(source.slice(position));
  const box = $("#doc-text");
  box.className = showOriginal ? "text original" : "text repaired";
  box.innerHTML = html;
}

function mentionPopup(mention) {
  const place = mention.place;
  const alternatives = mention.alternatives.length
    ? `<div class="muted">بدائل: ${mention.alternatives.map((a) => `${escapeHtml(a.name)} (${escapeHtml(a.country || "")}) ${(a.probability * 100).toFixed(0)}٪`).join("، ")}</div>`
    : "";
  return `<b>${escapeHtml(place.name)}</b> <span class="ltr">${escapeHtml(place.name_en)}</span>` +
    `<div>${RasidMap.KIND_NAMES[place.kind] || escapeHtml(place.kind)} · ${escapeHtml(place.country || "")}` +
    ` · الثقة ${(mention.confidence * 100).toFixed(0)}٪</div>` +
    `<div class="muted">«${escapeHtml(mention.surface)}»</div>${alternatives}`;
}

async function renderPlaces(doc) {
  const section = $("#doc-places");
  section.hidden = doc.places.length === 0;
  $("#doc-places-count").textContent = doc.places.length ? `(${doc.places.length})` : "";
  const list = $("#doc-places-list");
  list.innerHTML = "";
  for (const [index, mention] of doc.places.entries()) {
    const li = document.createElement("li");
    li.dataset.place = index;
    li.innerHTML = `${escapeHtml(mention.surface)} <span class="muted">${escapeHtml(mention.place.name_en)}, ` +
      `${(mention.confidence * 100).toFixed(0)}٪</span>`;
    list.appendChild(li);
  }
  if (!doc.places.length) return;
  if (!docMap) docMap = await RasidMap.create($("#doc-map"));
  docMap.invalidateSize();
  if (docLayer) docMap.removeLayer(docLayer);
  // One marker per place, its popup listing how the text names it.
  const byPlace = new Map();
  for (const mention of doc.places) {
    const entry = byPlace.get(mention.place.id) || { place: mention.place, mentions: [] };
    entry.mentions.push(mention);
    byPlace.set(mention.place.id, entry);
  }
  docLayer = RasidMap.drawPlaces(docMap, [...byPlace.values()].map(({ place, mentions }) => ({
    place, weight: mentions.length,
    popup: mentionPopup(mentions[0]) + (mentions.length > 1 ? `<div class="muted">${mentions.length} مرات</div>` : ""),
  })));
}

async function showCollectionMap() {
  $("#welcome").hidden = true;
  $("#document").hidden = true;
  $("#collection").hidden = false;
  const params = filterParams();
  $("#geojson-link").href = `/api/places.geojson?${params}`;
  let body;
  try {
    body = await api(`/api/places?${params}`);
  } catch (error) {
    $("#collection-count").textContent = `خطأ: ${error.message}`;
    return;
  }
  $("#collection-count").textContent = `${body.total} مكان`;
  if (!collectionMap) collectionMap = await RasidMap.create($("#collection-map"));
  collectionMap.invalidateSize();
  if (collectionLayer) collectionMap.removeLayer(collectionLayer);
  collectionLayer = RasidMap.drawPlaces(collectionMap, body.items.map((item) => ({
    place: item.place, weight: item.mentions,
    popup: `<b>${escapeHtml(item.place.name)}</b> <span class="ltr">${escapeHtml(item.place.name_en)}</span>` +
      `<div>${item.mentions} ذكر في ${item.documents} وثيقة</div>` +
      `<button type="button" class="link" data-search="${escapeHtml(item.place.name)}">ابحث عنه</button>`,
  })));
}

function renderDiagnosis(diagnosis) {
  const loss = diagnosis.glyph_loss;
  const parts = [];
  if (loss && loss.lost_classes.length) {
    const classes = loss.lost_classes.map((c) => `${c.class} (متوقع ${c.expected}، موجود ${c.observed})`);
    parts.push(`حروف مفقودة: ${classes.join("، ")}`);
  }
  for (const finding of diagnosis.findings) {
    if (finding.kind !== "restore_glyphs") parts.push(finding.summary);
  }
  $("#doc-diagnosis").innerHTML = parts.map((p) => `<div dir="auto">${escapeHtml(p)}</div>`).join("");
}

async function openDocument(id) {
  try {
    current = await api(`/api/documents/${id}`);
  } catch (error) {
    $("#count").textContent = `خطأ: ${error.message}`;
    return;
  }
  document.querySelectorAll("#results li").forEach((li) => li.classList.toggle("active", li.dataset.id == id));
  $("#welcome").hidden = true;
  $("#collection").hidden = true;
  $("#document").hidden = false;
  $("#doc-title").textContent = current.title || current.source.split("/").pop();
  // Paths and URLs are left-to-right inside a right-to-left page: isolate each piece.
  $("#doc-meta").innerHTML = [current.source, current.published, current.author]
    .filter(Boolean)
    .map((part) => `<bdi>${escapeHtml(part)}</bdi>`)
    .join(" · ");
  const unsure = current.edits.filter(isUnsure).length;
  $("#doc-edits").textContent = `${current.edits.length} تعديل` + (unsure ? ` · ${unsure} غير مؤكد` : "");
  renderDiagnosis(current.diagnosis);
  showOriginal = false;
  $("#toggle").textContent = "عرض النص الأصلي";
  $("#toggle").setAttribute("aria-pressed", "false");
  renderText(current);
  await renderPlaces(current);
}

function showTooltip(target) {
  const edit = current.edits[Number(target.dataset.edit)];
  const tooltip = $("#tooltip");
  const reason = edit.reason.split("+").map((r) => REASONS[r] || r).join(" + ");
  tooltip.innerHTML =
    `<div>قبل: <b>${escapeHtml(edit.before || "∅")}</b></div>` +
    `<div>بعد: <b>${escapeHtml(edit.after || "∅")}</b></div>` +
    `<div>السبب: ${escapeHtml(reason)} <span class="ltr">${escapeHtml(edit.reason)}</span></div>` +
    `<div>الثقة: ${(edit.confidence * 100).toFixed(1)}٪</div>` +
    (isUnsure(edit) ? "<div>غير مؤكد: تحقق منه في المصدر</div>" : "");
  const box = target.getBoundingClientRect();
  tooltip.hidden = false;
  tooltip.style.top = `${Math.min(window.innerHeight - tooltip.offsetHeight - 8, box.bottom + 6)}px`;
  tooltip.style.left = `${Math.max(8, Math.min(window.innerWidth - tooltip.offsetWidth - 8, box.left))}px`;
}

$("#doc-text").addEventListener("mouseover", (event) => {
  const target = event.target.closest(".edit");
  if (target) showTooltip(target);
});
$("#doc-text").addEventListener("focusin", (event) => {
  const target = event.target.closest(".edit");
  if (target) showTooltip(target);
});
$("#doc-text").addEventListener("mouseout", () => { $("#tooltip").hidden = true; });
$("#doc-text").addEventListener("focusout", () => { $("#tooltip").hidden = true; });
$("#toggle").addEventListener("click", () => {
  showOriginal = !showOriginal;
  $("#toggle").textContent = showOriginal ? "عرض النص المصلح" : "عرض النص الأصلي";
  $("#toggle").setAttribute("aria-pressed", String(showOriginal));
  renderText(current);
});
$("#search-form").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
$("#show-map").addEventListener("click", showCollectionMap);
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-search]");
  if (!target) return;
  $("#query").value = `"${target.dataset.search}"`;
  refresh();
});
$("#filters").addEventListener("change", () => {
  refresh();
  if (!$("#collection").hidden) showCollectionMap();
});
refresh();
