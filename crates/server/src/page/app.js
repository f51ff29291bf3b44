"use strict";
// The search page. Text from the corpus or the query is only ever inserted
// with textContent / text nodes, never as HTML.
const input = document.getElementById("q");
const list = document.getElementById("results");
const status = document.getElementById("status");
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const notesBox = document.getElementById("notes");
const furnitureBox = document.getElementById("furniture");
const exactBox = document.getElementById("exact");
const more = document.getElementById("more");
const keyForm = document.getElementById("key-form");
const keyInput = document.getElementById("key");
const filterBox = document.getElementById("filter-box");
const filterInput = document.getElementById("filter");
const fieldNames = document.getElementById("field-names");
const chipsBox = document.getElementById("chips");
const facetsBox = document.getElementById("facets-box");
const facetList = document.getElementById("facets");
const sortBox = document.getElementById("sort-box");
const sortSelect = document.getElementById("sort");
const concordSort = document.getElementById("concord-sort");
const concordStatus = document.getElementById("concord-status");
const concordTable = document.getElementById("concord");
const concordMore = document.getElementById("concord-more");
const bySelect = document.getElementById("by");
const measureSelect = document.getElementById("measure");
const distributionStatus = document.getElementById("distribution-status");
const chart = document.getElementById("chart");
const dispersion = document.getElementById("dispersion");
const exportCsv = document.getElementById("export-csv");
const exportJsonl = document.getElementById("export-jsonl");
let timer = null;
let inFlight = null;
// The API key, when the server asks for one: asked once, kept for the tab
// (sessionStorage), sent with every search.
let apiKey = sessionStorage.getItem("fouille-key") || "";

function askForKey(message) {
  keyForm.hidden = false;
  status.textContent = message;
  keyInput.focus();
}

keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  apiKey = keyInput.value.trim();
  sessionStorage.setItem("fouille-key", apiKey);
  keyInput.value = "";
  keyForm.hidden = true;
  status.textContent = "";
  input.focus();
  run(false);
});

// `text` with the UTF-8 byte ranges `ranges` wrapped in <mark>.
function marked(text, ranges) {
  const bytes = encoder.encode(text);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of ranges || []) {
    if (start < at || end > bytes.length || start >= end) continue;
    out.append(decoder.decode(bytes.subarray(at, start)));
    const mark = document.createElement("mark");
    mark.textContent = decoder.decode(bytes.subarray(start, end));
    out.append(mark);
    at = end;
  }
  out.append(decoder.decode(bytes.subarray(at)));
  return out;
}

// Where a hit is: `file:line`, or in a PDF `file#page=N:L` (its page and
// its line on that page), said to be OCR when its page is a scan read so.
function place(hit) {
  if (hit.page) {
    const ocr = hit.ocr ? " (OCR)" : "";
    return hit.file + "#page=" + hit.page + ":" + hit.line_on_page + ocr;
  }
  return hit.file + ":" + hit.line;
}

// The document's title, then the headings the passage stands under.
function headingPath(hit) {
  const headings = hit.headings || (hit.section ? [hit.section] : []);
  return [hit.title, ...headings].join(" › ");
}

function citation(hit) {
  const where = headingPath(hit);
  return where + " — " + place(hit);
}

// A link that opens the hit's source file where the hit is: a PDF at its
// page (`#page=N`), a web page at its anchor. With an API key, the file is
// fetched with it and opened from memory, at the same place.
function sourceLink(hit) {
  const fragment = hit.page ? "#page=" + hit.page : hit.anchor ? "#" + encodeURIComponent(hit.anchor) : "";
  return fileLink(hit.path, fragment, place(hit));
}

// A link reading `text` to the corpus's file at `path`, at `fragment`.
function fileLink(path, fragment, text) {
  const link = document.createElement("a");
  link.className = "source";
  link.textContent = text;
  link.href = "/files/" + path.split("/").map(encodeURIComponent).join("/") + fragment;
  link.target = "_blank";
  link.rel = "noopener";
  openWithKey(link, fragment);
  return link;
}

// With an API key, a link to a source file fetches it with the key and
// opens it from memory, at `fragment` (a plain link would not send the key).
function openWithKey(link, fragment) {
  link.addEventListener("click", async (event) => {
    if (!apiKey) return;
    event.preventDefault();
    const response = await fetch(link.href.split("#")[0], { headers: apiHeaders() });
    if (!response.ok) return;
    // With the file's type as served, its charset too: without it a
    // browser reads UTF-8 text as windows-1252.
    // Markup that could run script (HTML, SVG, XML) is shown as text: the
    // blob would lose the sandbox /files gives it.
    const served = response.headers.get("Content-Type") || "application/octet-stream";
    const type = /html|xml|svg/i.test(served) ? "text/plain; charset=utf-8" : served;
    const blob = new Blob([await response.arrayBuffer()], { type });
    window.open(URL.createObjectURL(blob) + fragment, "_blank", "noopener");
  });
}

async function copy(hit, button) {
  const quote = "« " + hit.text + " »\n" + citation(hit) + " [" + hit.id + "]";
  try {
    await navigator.clipboard.writeText(quote);
    button.textContent = "Copié ✓";
  } catch (e) {
    button.textContent = "Copie impossible";
  }
  setTimeout(() => { button.textContent = "Copier avec la citation"; }, 1500);
}

// What the engine says about how the query was searched, in French.
function noteText(note, body) {
  switch (note.note) {
    case "prefix_cut":
      return note.prefix + " commence plus de mots du corpus que n’en cherche la recherche : les " +
        note.searched + " plus fréquents ont été cherchés ; tapez plus de lettres pour préciser.";
    case "phrase_not_found":
      return "Aucun passage ne contient " + (body.parsed.phrases.length > 1 ? "toutes les expressions" : "l’expression") +
        " entre guillemets (ni dans son texte, ni dans son titre de section, ni dans le titre du document) ; " +
        "sans les guillemets, ses mots seraient cherchés séparément.";
    case "required_not_found":
      return "Aucun passage ne contient à la fois tous les mots exigés (+mot, AND) et expressions entre guillemets de la requête " +
        "(ni dans son texte, ni dans son titre de section, ni dans le titre du document) ; " +
        "sans + ni AND, les passages qui en contiennent une partie seraient classés.";
    case "nothing_to_search":
      return note.only_excludes
        ? "Cette requête ne fait qu’exclure : donnez au moins un mot à chercher."
        : "Cette requête ne contient aucun mot à chercher (seulement des opérateurs comme OR, de la ponctuation, des symboles ou des élisions).";
    case "prefix_too_short":
      return note.prefix + " : un début de mot demande au moins " + note.letters +
        " lettres avant son * ; il a été cherché comme un mot.";
    case "furniture_left_out":
      return note.passages + (note.passages > 1
        ? " passages d’habillage de page (navigation, lettres d’information, crédits) correspondent, écartés des résultats : cochez « Inclure l’habillage des pages » pour les voir."
        : " passage d’habillage de page (navigation, lettre d’information, crédit) correspond, écarté des résultats : cochez « Inclure l’habillage des pages » pour le voir.");
    default:
      return null;
  }
}

function apiHeaders() {
  return apiKey ? { Authorization: "Bearer " + apiKey } : {};
}

// A table row's passage is its cells separated by ` | `: shown as a row.
function passageText(hit) {
  if (hit.kind !== "table_row" || !hit.text.includes(" | ")) {
    const text = document.createElement("p");
    text.className = "text";
    text.append(marked(hit.text, hit.highlights));
    return text;
  }
  const table = document.createElement("table");
  table.className = "text row";
  const row = table.insertRow();
  const bytes = encoder.encode(hit.text);
  const separator = encoder.encode(" | ");
  let start = 0;
  const cells = [];
  for (let i = 0; i + separator.length <= bytes.length; i++) {
    if (separator.every((b, k) => bytes[i + k] === b)) {
      cells.push([start, i]);
      start = i + separator.length;
      i = start - 1;
    }
  }
  cells.push([start, bytes.length]);
  for (const [from, to] of cells) {
    const cell = row.insertCell();
    const text = decoder.decode(bytes.subarray(from, to)).replace(/\s*\|\s*$/, "");
    // Highlights within the cell, shifted to it.
    const ranges = (hit.highlights || [])
      .filter(([a, b]) => a >= from && b <= to)
      .map(([a, b]) => [a - from, b - from]);
    cell.append(marked(text, ranges));
  }
  return table;
}

async function showContext(hit, item, button) {
  const shown = item.querySelector(".context");
  if (shown) {
    shown.remove();
    button.textContent = "Voir le contexte";
    return;
  }
  button.textContent = "…";
  try {
    const response = await fetch("/passages/" + encodeURIComponent(hit.id) + "?context=3", { headers: apiHeaders() });
    const body = await response.json();
    if (!response.ok) {
      button.textContent = "Contexte indisponible";
      return;
    }
    const context = document.createElement("div");
    context.className = "context";
    const line = (passage, current) => {
      const p = document.createElement("p");
      p.className = (current ? "current" : "around") +
        (passage.kind === "heading" ? " heading" : "") + (passage.furniture ? " furniture" : "");
      if (passage.furniture) p.title = "Habillage de la page, écarté des résultats";
      const number = document.createElement("span");
      number.className = "line";
      number.textContent = passage.page ? "p." + passage.page + ":" + passage.line_on_page : passage.line;
      p.append(number, " ", passage.text);
      return p;
    };
    const heading = document.createElement("p");
    heading.className = "where";
    heading.textContent = headingPath(body.passage);
    context.append(heading);
    for (const p of body.before) context.append(line(p, false));
    context.append(line(body.passage, true));
    for (const p of body.after) context.append(line(p, false));
    item.append(context);
    button.textContent = "Masquer le contexte";
  } catch (e) {
    button.textContent = "Contexte indisponible";
  }
}

function hitItem(hit) {
  const item = document.createElement("li");
  item.className = "hit";
  const cite = document.createElement("div");
  cite.className = "cite";
  // (Not named `place`: the function of that name gives `also_at`'s.)
  const heading = document.createElement("span");
  heading.className = "place";
  heading.append(marked(hit.title, hit.title_highlights));
  if (hit.section) {
    for (const above of (hit.headings || []).slice(0, -1)) heading.append(" › " + above);
    heading.append(" › ", marked(hit.section, hit.section_highlights));
  }
  const where = document.createElement("span");
  where.className = "where";
  where.append(" — ", sourceLink(hit));
  const id = document.createElement("code");
  id.className = "id";
  id.textContent = hit.id;
  cite.append(heading, where, " ", id);
  if (hit.furniture) {
    const tag = document.createElement("span");
    tag.className = "tag";
    tag.textContent = " habillage de page (" + hit.furniture + ")";
    cite.append(tag);
  }
  item.append(cite, passageText(hit));
  if (hit.also_at && hit.also_at.length) {
    const also = document.createElement("p");
    also.className = "also";
    also.textContent = "Aussi dans : " + hit.also_at.map(place).join(", ");
    item.append(also);
  }
  const actions = document.createElement("div");
  actions.className = "actions";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Copier avec la citation";
  button.addEventListener("click", () => copy(hit, button));
  const contextButton = document.createElement("button");
  contextButton.type = "button";
  contextButton.className = "context-button";
  contextButton.textContent = "Voir le contexte";
  contextButton.addEventListener("click", () => showContext(hit, item, contextButton));
  actions.append(button, contextButton);
  item.append(actions);
  return item;
}

// ---- What is being looked at: the query, its filters and the view. ----

// Facet filters the reader clicked, each `field = "value"`; with the
// filter typed in the box, they make the filter every request sends.
let chips = [];
// The fields of the documents served (GET /fields), asked for once (and
// again after a failure), however many searches wait for them.
let fields = null;
let fieldsLoading = null;
// The `by` of the address the page was opened at, until the fields that
// make its choices are known.
let initialBy = new URLSearchParams(location.search).get("by");
let view = "passages";
// Views whose results no longer match the query: redrawn when shown.
const stale = new Set(["passages", "concord", "distribution"]);
// The query and filter the views were last drawn for.
let shownKey = "";

// A filter's value, quoted for the filter syntax.
function quoted(value) {
  return "\"" + value.replace(/\\/g, "\\\\").replace(/"/g, "\\\"") + "\"";
}

// Whether `text`'s parentheses and quotes close as they open: a typed
// filter stands in parentheses beside the chips' filters, and must not
// close them (`a) OR (b` would undo the chips).
function balanced(text) {
  let depth = 0;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === "\"" || c === "'") {
      quote = c;
    } else if (c === "(") {
      depth++;
    } else if (c === ")" && --depth < 0) {
      return false;
    }
  }
  return depth === 0 && quote === null;
}

function filterText() {
  const typed = filterInput.value.trim();
  const parts = chips.map((c) => c.filter);
  if (typed) parts.push(chips.length ? "(" + typed + ")" : typed);
  return parts.join(" AND ");
}

// The parameters every view sends for the current query.
function queryParams(q) {
  const params = new URLSearchParams({ q });
  const filter = filterText();
  if (filter) params.set("filter", filter);
  if (exactBox.checked) params.set("exact", "1");
  if (furnitureBox.checked) params.set("include_boilerplate", "1");
  return params;
}

function drawChips() {
  chipsBox.replaceChildren(...chips.map((chip, at) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "chip";
    button.textContent = chip.label + " ✕";
    button.title = "Retirer ce filtre";
    button.addEventListener("click", () => {
      chips.splice(at, 1);
      drawChips();
      refresh();
    });
    return button;
  }));
}

// Keeps only passages whose documents have `value` in `field` (or, for
// an empty value, have no such field).
function chip(field, value) {
  const filter = value === "" ? "NOT " + field + " EXISTS" : field + " = " + quoted(value);
  return { field, value, filter, label: fieldLabel(field) + " : " + (value === "" ? "(aucun)" : value) };
}

function addChip(field, value) {
  const added = chip(field, value);
  if (chips.some((c) => c.filter === added.filter)) return;
  chips.push(added);
  drawChips();
  refresh();
}

// A request to the API: its JSON answer, or null once the reader has been
// told what went wrong (in `where`).
async function api(path, where, signal) {
  const response = await fetch(path, { signal, headers: apiHeaders() });
  // A body cut short by a newer run is that run's business: not an empty
  // answer to draw.
  const body = await response.json().catch((e) => {
    if (e.name === "AbortError") throw e;
    return {};
  });
  if (response.status === 401) {
    askForKey(apiKey ? "Cette clé d'accès n'est pas valide : saisissez-en une autre." : "Ce serveur demande une clé d'accès.");
    return null;
  }
  if (!response.ok) {
    where.textContent = response.status === 429 || response.status === 503
      ? "Le serveur est occupé : réessayez dans un instant."
      : "La recherche a échoué (" + response.status + ") : " + (body.error || "");
    return null;
  }
  return body;
}

// Fields worth counting as facets: a few values, not one per document,
// in the order a reader looks for them.
const FACET_ORDER = ["source", "year", "author", "tags", "lang"];
const NOT_FACETS = ["doc", "file", "title", "url", "date", "id", "record_id", "record_line"];
const MAX_FACET_VALUES = 1000;
const SIMPLE_NAME = /^[\p{L}\p{N}_.-]+$/u;

// Fields that group documents (not one value per document, nor a name
// the filter syntax cannot write), those of at most `most` values, in
// the order a reader looks for them.
function groupingFields(most) {
  const rank = (name) => { const at = FACET_ORDER.indexOf(name); return at < 0 ? FACET_ORDER.length : at; };
  return (fields || [])
    .filter((f) => !NOT_FACETS.includes(f.name) && SIMPLE_NAME.test(f.name) &&
      f.documents > 0 && f.values >= 2 && f.values <= most && !namesEach(f))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
    .map((f) => f.name);
}

// Fields whose facets are asked for: more than are shown, since some
// have no value among a query's passages.
// A field with a value of its own for each of many documents (a city in
// a dataset of 560 records) names them apart rather than grouping them.
function namesEach(field) {
  return field.documents >= 50 && field.values >= field.documents;
}

function facetFields() {
  return groupingFields(MAX_FACET_VALUES).slice(0, 12);
}

const SHOWN_FACETS = 6;

function loadFieldsOnce() {
  if (!fieldsLoading) {
    fieldsLoading = loadFields().then((ok) => {
      if (!ok) fieldsLoading = null;
      return ok;
    });
  }
  return fieldsLoading;
}

async function loadFields() {
  const body = await api("/fields", status);
  if (!body) return false;
  fields = body.fields;
  const names = fields.map((f) => f.name).filter((n) => SIMPLE_NAME.test(n));
  fieldNames.textContent = names.join(", ");
  sortBox.hidden = !fields.some((f) => f.name === "date" && f.documents > 0);
  // Groups of the distribution: documents, sections, and fields that
  // group documents (years and sources first); the chart draws 40 bars.
  const groups = [["doc", "document"], ["section", "section"]];
  for (const name of groupingFields(Infinity).slice(0, 20)) groups.push([name, fieldLabel(name).toLowerCase()]);
  bySelect.replaceChildren(...groups.map(([value, label]) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = label;
    return option;
  }));
  const preferred = groups.find(([v]) => v === "year") || groups.find(([v]) => v === "source");
  bySelect.value = initialBy || (preferred ? preferred[0] : "doc");
  if (!bySelect.value) bySelect.value = "doc";
  initialBy = null;
  return true;
}

// ---- Passages ----

// Results of the current query, kept to page on, and what the status line
// says of them (in the passages view only).
let shown = 0;
let passagesStatus = "";

// A field's name as the page shows it.
const FIELD_LABELS = { source: "Source", year: "Année", author: "Auteur", tags: "Mots-clés", lang: "Langue",
  doc: "Document", section: "Section", date: "Date", title: "Titre" };

function fieldLabel(name) {
  // Own keys only: a field may be named `constructor` (a dataset's column).
  return Object.hasOwn(FIELD_LABELS, name) ? FIELD_LABELS[name] : name;
}

function drawFacets(facets) {
  const groups = facetFields().map((field) => [field, facets && Object.hasOwn(facets, field) ? facets[field] : {}])
    .filter(([, values]) => Object.keys(values).length > 0)
    .slice(0, SHOWN_FACETS);
  facetsBox.hidden = groups.length === 0;
  facetList.replaceChildren(...groups.map(([field, values]) => {
    const group = document.createElement("div");
    group.className = "facet";
    group.dataset.field = field;
    const title = document.createElement("h2");
    title.textContent = fieldLabel(field);
    const items = document.createElement("ul");
    let entries = Object.entries(values);
    entries.sort(field === "year"
      ? (a, b) => b[0].localeCompare(a[0])
      : (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const FIRST = 12;
    for (const [at, [value, count]] of entries.entries()) {
      const item = document.createElement("li");
      if (at >= FIRST) item.hidden = true;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "facet-value";
      button.dataset.value = value;
      const label = document.createElement("span");
      label.textContent = value === "" ? "(aucun)" : value;
      const number = document.createElement("span");
      number.className = "count";
      number.textContent = count.toLocaleString("fr-FR");
      button.append(label, number);
      button.addEventListener("click", () => addChip(field, value));
      item.append(button);
      items.append(item);
    }
    group.append(title, items);
    if (entries.length > FIRST) {
      const all = document.createElement("button");
      all.type = "button";
      all.className = "link";
      all.textContent = "Voir les " + entries.length + " valeurs";
      all.addEventListener("click", () => {
        for (const item of items.children) item.hidden = false;
        all.remove();
      });
      group.append(all);
    }
    return group;
  }));
}

function render(body, append) {
  const ms = (body.took_us / 1000).toFixed(1);
  if (!append) {
    list.replaceChildren();
    shown = 0;
    drawFacets(body.facets);
  }
  list.append(...body.hits.map(hitItem));
  shown += body.hits.length;
  const total = body.total_hits;
  passagesStatus = total === 0
    ? "Aucun passage ne correspond."
    : shown + " passage" + (shown > 1 ? "s" : "") + " affiché" + (shown > 1 ? "s" : "") +
      " sur " + total + " · " + ms + " ms";
  if (view === "passages") status.textContent = passagesStatus;
  const notes = (body.notes || []).map((n) => noteText(n, body)).filter(Boolean);
  notesBox.replaceChildren(...notes.map((n) => { const p = document.createElement("p"); p.textContent = n; return p; }));
  more.hidden = shown >= total || body.hits.length === 0 || shown >= MAX_OFFSET;
}

// Hits a page asks for at a time: as many as the command line and the API
// give by default.
const PAGE = 10;
// The API's limits, explained to the reader when reached.
const MAX_QUERY_CHARS = 1000;
const MAX_OFFSET = 10000;

async function searchPassages(q, append, signal) {
  const params = queryParams(q);
  params.set("limit", PAGE);
  params.set("offset", append ? shown : 0);
  if (sortSelect.value && !sortBox.hidden) params.set("sort", sortSelect.value);
  const facets = facetFields();
  if (!append && facets.length) params.set("facets", facets.join(","));
  const body = await api("/search?" + params, status, signal);
  if (!body) {
    if (!append) {
      list.replaceChildren();
      facetsBox.hidden = true;
      notesBox.replaceChildren();
    }
    passagesStatus = status.textContent;
    more.hidden = true;
    return false;
  }
  render(body, append);
  return true;
}

// ---- Concordance ----

let concordShown = 0;

function occurrencePlace(o) {
  return o.page ? o.file + "#page=" + o.page : o.file + ":" + o.line;
}

// A cell of the concordance, of class `className`, holding `content`
// (text or a node).
function cell(className, content) {
  const div = document.createElement("div");
  div.setAttribute("role", "cell");
  div.className = className;
  div.append(content);
  return div;
}

// One occurrence, a row of the concordance's grid: its left context
// (cut at its start when too long for the screen, so that the words next
// to the match show), the match, its right context, its place.
function occurrenceRow(o) {
  const row = document.createElement("div");
  row.setAttribute("role", "row");
  row.className = "occurrence";
  const left = document.createElement("span");
  left.dir = "ltr";
  left.textContent = o.left;
  const mark = document.createElement("mark");
  mark.textContent = o.match;
  const link = fileLink(o.path, o.page ? "#page=" + o.page : "", occurrencePlace(o));
  link.title = o.section ? o.doc + " › " + o.section : o.doc;
  link.dir = "ltr";
  row.append(cell("left", left), cell("match", mark), cell("right", o.right), cell("where", link));
  return row;
}

const CONCORD_PAGE = 200;

async function searchConcordance(q, append, signal) {
  const params = queryParams(q);
  params.set("sort", concordSort.value);
  params.set("limit", CONCORD_PAGE);
  params.set("offset", append ? concordShown : 0);
  // Context that fits the screen: fewer characters on a phone.
  params.set("width", window.innerWidth < 600 ? 25 : 50);
  const body = await api("/concord?" + params, concordStatus, signal);
  const rows = concordTable;
  if (!append) {
    rows.replaceChildren();
    concordShown = 0;
  }
  if (!body) {
    concordMore.hidden = true;
    return false;
  }
  rows.append(...body.occurrences.map(occurrenceRow));
  concordShown += body.occurrences.length;
  concordStatus.textContent = body.total === 0
    ? "Aucune occurrence."
    : body.total.toLocaleString("fr-FR") + " occurrence" + (body.total > 1 ? "s" : "") + " dans " +
      body.passages.toLocaleString("fr-FR") + " passage" + (body.passages > 1 ? "s" : "") + " de " +
      body.documents.toLocaleString("fr-FR") + " document" + (body.documents > 1 ? "s" : "") +
      (concordShown < body.total ? " · " + concordShown.toLocaleString("fr-FR") + " affichées" : "");
  concordMore.hidden = concordShown >= body.total || body.occurrences.length === 0;
  return true;
}

// ---- Distribution: a bar chart and a dispersion plot, drawn as SVG ----

const SVG = "http://www.w3.org/2000/svg";
let lastDistribution = null;

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

// `text` cut to `chars` characters, with an ellipsis when cut.
function cut(text, chars) {
  const letters = [...text];
  return letters.length > chars ? letters.slice(0, chars - 1).join("") + "…" : text;
}

const ROW = 26;

// An SVG as wide as `container`, a row of class `rowClass` for each of
// `items`: a tooltip (`tip`), a label cut to the space left of the plot
// (`label`), then what `draw(item, row, y, labelWidth, width)` adds.
function labelledRows(container, items, aria, rowClass, { label, tip, draw }) {
  const width = Math.max(280, container.clientWidth || 600);
  const labelWidth = Math.min(220, Math.round(width * 0.35));
  const height = items.length * ROW + 4;
  const plot = svgElement("svg", { width, height, viewBox: "0 0 " + width + " " + height, role: "img",
    "aria-label": aria });
  for (const [at, item] of items.entries()) {
    const y = at * ROW + 2;
    const row = svgElement("g", { class: rowClass });
    const title = svgElement("title", {});
    title.textContent = tip(item);
    const text = svgElement("text", { x: labelWidth - 6, y: y + ROW / 2 + 4, "text-anchor": "end", class: "label" });
    text.textContent = cut(label(item), Math.floor(labelWidth / 7.5));
    row.append(title, text);
    draw(item, row, y, labelWidth, width);
    plot.append(row);
  }
  return plot;
}
const MAX_BARS = 40;

function number(value, measure) {
  return measure === "per_10k_words"
    ? value.toLocaleString("fr-FR", { maximumFractionDigits: 2 })
    : value.toLocaleString("fr-FR");
}

function drawChart(body, by, measure) {
  let groups = body.groups.slice();
  // Years (and other numbers) read as a time line, in order; other
  // groups from the most to the least.
  const named = groups.filter((g) => g.value !== "");
  if (named.length && named.every((g) => /^\d+$/.test(g.value))) {
    // (Documents without the field last.)
    groups.sort((a, b) => (a.value === "") - (b.value === "") || Number(a.value) - Number(b.value));
  } else {
    groups.sort((a, b) => b[measure] - a[measure] || a.value.localeCompare(b.value));
  }
  const cutShort = groups.length > MAX_BARS;
  groups = groups.slice(0, MAX_BARS);
  const numberWidth = 90;
  const top = Math.max(...groups.map((g) => g[measure]), 0) || 1;
  const plot = labelledRows(chart, groups, "Répartition par " + by, "bar-row", {
    label: (group) => group.value || "(aucun)",
    tip: (group) => (group.value || "(aucun)") + " : " + group.occurrences + " occurrences, " +
      group.passages + " passages, " + group.words + " mots, " +
      number(group.per_10k_words, "per_10k_words") + " pour 10 000 mots",
    draw: (group, row, y, labelWidth, width) => {
      const barSpace = width - labelWidth - numberWidth;
      const length = Math.max(1, Math.round(barSpace * group[measure] / top));
      const bar = svgElement("rect", { x: labelWidth, y: y + 4, width: length, height: ROW - 8, rx: 2, class: "bar" });
      const value = svgElement("text", { x: labelWidth + length + 4, y: y + ROW / 2 + 4, class: "value" });
      value.textContent = number(group[measure], measure);
      row.append(bar, value);
      // A bar is a filter: its group's passages, in the passages view.
      if (by !== "section") {
        row.classList.add("clickable");
        row.addEventListener("click", () => { addChip(by, group.value); show("passages"); });
      }
    },
  });
  chart.replaceChildren(plot);
  if (cutShort) {
    const note = document.createElement("p");
    note.className = "muted";
    note.textContent = "Les " + MAX_BARS + " premiers groupes sur " + body.groups.length + ".";
    chart.append(note);
  }
}

const MAX_DOCUMENTS = 30;

function drawDispersion(body) {
  const docs = body.groups.filter((g) => g.positions && g.positions.length)
    .sort((a, b) => b.occurrences - a.occurrences || a.value.localeCompare(b.value))
    .slice(0, MAX_DOCUMENTS);
  if (docs.length === 0) {
    dispersion.replaceChildren();
    return;
  }
  const plot = labelledRows(dispersion, docs, "Dispersion des occurrences dans chaque document", "dispersion-row", {
    label: (doc) => doc.value,
    tip: (doc) => doc.value + " : " + doc.occurrences + " occurrences",
    draw: (doc, row, y, labelWidth, width) => {
      const track = width - labelWidth - 10;
      row.append(svgElement("rect", { x: labelWidth, y: y + 4, width: track, height: ROW - 8, class: "track" }));
      for (const position of doc.positions) {
        const x = labelWidth + Math.min(1, Math.max(0, position)) * track;
        row.append(svgElement("line", { x1: x, x2: x, y1: y + 4, y2: y + ROW - 4, class: "tick" }));
      }
    },
  });
  dispersion.replaceChildren(plot);
}

function drawDistribution() {
  if (!lastDistribution) return;
  const { grouped, byDoc, by } = lastDistribution;
  drawChart(grouped, by, measureSelect.value);
  drawDispersion(byDoc);
}

async function searchDistribution(q, signal) {
  const by = bySelect.value || "doc";
  const params = queryParams(q);
  params.set("by", by);
  const failed = () => {
    lastDistribution = null;
    chart.replaceChildren();
    dispersion.replaceChildren();
    return false;
  };
  const grouped = await api("/distribution?" + params, distributionStatus, signal);
  if (!grouped) return failed();
  let byDoc = grouped;
  if (by !== "doc") {
    params.set("by", "doc");
    byDoc = await api("/distribution?" + params, distributionStatus, signal);
    if (!byDoc) return failed();
  }
  const total = grouped.total;
  distributionStatus.textContent = total.occurrences === 0
    ? "Aucune occurrence."
    : total.occurrences.toLocaleString("fr-FR") + " occurrences dans " +
      total.passages.toLocaleString("fr-FR") + " passages, sur " +
      total.words.toLocaleString("fr-FR") + " mots cherchés.";
  lastDistribution = { grouped, byDoc, by };
  drawDistribution();
  return true;
}

// ---- Exports: the current query's every passage, with its citation ----

function updateExports(q) {
  for (const [link, format] of [[exportCsv, "csv"], [exportJsonl, "jsonl"]]) {
    if (!q) {
      link.hidden = true;
      continue;
    }
    const params = queryParams(q);
    params.set("format", format);
    if (sortSelect.value && !sortBox.hidden) params.set("sort", sortSelect.value);
    link.href = "/export?" + params;
    link.hidden = false;
  }
}

// With an API key a plain link would not send it: the file is fetched
// with it and saved from memory.
for (const link of [exportCsv, exportJsonl]) {
  link.addEventListener("click", async (event) => {
    if (!apiKey) return;
    event.preventDefault();
    const response = await fetch(link.href, { headers: apiHeaders() });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      status.textContent = "L’export a échoué (" + response.status + ")" + (body.error ? " : " + body.error : ".");
      return;
    }
    const saved = document.createElement("a");
    saved.href = URL.createObjectURL(await response.blob());
    saved.download = link.getAttribute("download");
    saved.click();
    setTimeout(() => URL.revokeObjectURL(saved.href), 10000);
  });
}

// ---- Views and the query ----

const tabs = { passages: "tab-passages", concord: "tab-concord", distribution: "tab-distribution" };

function show(name) {
  view = name;
  for (const [key, id] of Object.entries(tabs)) {
    const tab = document.getElementById(id);
    const selected = key === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  status.textContent = name === "passages" ? passagesStatus : "";
  remember();
  if (stale.has(name)) run(false);
}

// Tabs as the WAI-ARIA pattern has them: arrows to the next or previous,
// Home and End to the first and last.
for (const [key, id] of Object.entries(tabs)) {
  const tab = document.getElementById(id);
  tab.addEventListener("click", () => show(key));
  tab.addEventListener("keydown", (event) => {
    const names = Object.keys(tabs);
    const at = names.indexOf(key);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: names.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = names[(to + names.length) % names.length];
    show(next);
    document.getElementById(tabs[next]).focus();
  });
}

// The address says what is shown, so that it can be shared or kept.
function remember() {
  const q = input.value.trim();
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (view !== "passages") params.set("view", view);
  const typed = filterInput.value.trim();
  if (typed) params.set("filter", typed);
  for (const c of chips) params.append("facet", c.field + ":" + c.value);
  if (exactBox.checked) params.set("exact", "1");
  if (furnitureBox.checked) params.set("furniture", "1");
  if (sortSelect.value) params.set("sort", sortSelect.value);
  if (concordSort.value !== "doc") params.set("order", concordSort.value);
  const by = initialBy || bySelect.value;
  if (by) params.set("by", by);
  const search = params.toString();
  history.replaceState(null, "", search ? "?" + search : location.pathname);
}

// Every view emptied, as for no query.
function clearViews() {
  list.replaceChildren();
  notesBox.replaceChildren();
  concordTable.replaceChildren();
  concordStatus.textContent = "";
  chart.replaceChildren();
  dispersion.replaceChildren();
  distributionStatus.textContent = "";
  lastDistribution = null;
  facetsBox.hidden = true;
  more.hidden = true;
  concordMore.hidden = true;
}

// The status line of the view shown.
function viewStatus() {
  return { passages: status, concord: concordStatus, distribution: distributionStatus }[view];
}

// Runs counted, so that a run overtaken by a newer one (the reader typed
// on) shows nothing.
let runs = 0;

// Redraws the view shown for the current query (`append`: its next page);
// the other views are redrawn when shown.
async function run(append) {
  const ticket = ++runs;
  const q = input.value.trim();
  const key = queryParams(q).toString();
  // « Plus » continues the list shown only while it is the query's.
  if (append && key !== shownKey) append = false;
  if (!append) remember();
  if (inFlight) inFlight.abort();
  inFlight = null;
  if (!q) {
    clearViews();
    updateExports("");
    shownKey = "";
    for (const name of Object.keys(tabs)) stale.add(name);
    passagesStatus = "";
    status.textContent = "";
    return;
  }
  if (fields === null) {
    await loadFieldsOnce();
    if (ticket !== runs || fields === null) return;
    remember();
  }
  const unusable = [...q].length > MAX_QUERY_CHARS
    ? "La requête est trop longue : " + MAX_QUERY_CHARS + " caractères au plus (la ligne de commande accepte davantage)."
    : chips.length && !balanced(filterInput.value)
      ? "Le filtre tapé ouvre une parenthèse ou des guillemets sans les fermer (ou l’inverse) : corrigez-le pour chercher."
      : null;
  if (unusable) {
    clearViews();
    updateExports("");
    shownKey = "";
    if (view === "passages") passagesStatus = unusable;
    viewStatus().textContent = unusable;
    return;
  }
  // Another query or filter: every view is out of date.
  if (!append) {
    if (key !== shownKey) {
      for (const name of Object.keys(tabs)) stale.add(name);
      shownKey = key;
    }
    // Only the view redrawn loses its « Plus » (the others keep theirs),
    // and the exports wait for the new answer.
    if (view === "passages") more.hidden = true;
    if (view === "concord") concordMore.hidden = true;
    updateExports("");
  }
  inFlight = new AbortController();
  const signal = inFlight.signal;
  try {
    const ok = view === "passages"
      ? await searchPassages(q, append, signal)
      : view === "concord"
        ? await searchConcordance(q, append, signal)
        : await searchDistribution(q, signal);
    if (signal.aborted || ticket !== runs) return;
    stale.delete(view);
    // Exports of a query the server refused would save its error.
    updateExports(ok ? q : "");
  } catch (e) {
    if (e.name !== "AbortError" && ticket === runs) viewStatus().textContent = "La recherche a échoué : " + e.message;
  }
}

function refresh() {
  run(false);
}

more.addEventListener("click", () => run(true));
concordMore.addEventListener("click", () => run(true));
furnitureBox.addEventListener("change", refresh);
exactBox.addEventListener("change", refresh);
sortSelect.addEventListener("change", refresh);
concordSort.addEventListener("change", refresh);
bySelect.addEventListener("change", refresh);
measureSelect.addEventListener("change", drawDistribution);
filterInput.addEventListener("change", refresh);
let resized = null;
window.addEventListener("resize", () => {
  clearTimeout(resized);
  resized = setTimeout(drawDistribution, 150);
});

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(refresh, 150);
});

const initial = new URLSearchParams(location.search);
for (const facet of initial.getAll("facet")) {
  const at = facet.indexOf(":");
  if (at > 0 && SIMPLE_NAME.test(facet.slice(0, at))) chips.push(chip(facet.slice(0, at), facet.slice(at + 1)));
}
drawChips();
filterInput.value = initial.get("filter") || "";
if (filterInput.value) filterBox.open = true;
exactBox.checked = initial.get("exact") === "1";
furnitureBox.checked = initial.get("furniture") === "1";
sortSelect.value = initial.get("sort") || "";
if (!sortSelect.value) sortSelect.value = "";
concordSort.value = initial.get("order") || "doc";
if (!concordSort.value) concordSort.value = "doc";
facetsBox.open = window.matchMedia("(min-width: 50rem)").matches;
input.value = initial.get("q") || "";
const initialView = initial.get("view");
if (Object.hasOwn(tabs, initialView) && initialView !== "passages") show(initialView);
else if (input.value) refresh();
