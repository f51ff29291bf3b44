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
  input.focus();
  search(false);
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

function citation(hit) {
  const where = hit.section ? hit.title + " › " + hit.section : hit.title;
  return where + " — " + place(hit);
}

// A link that opens the hit's source file where the hit is: a PDF at its
// page (`#page=N`), a web page at its anchor. With an API key, the file is
// fetched with it and opened from memory, at the same place.
function sourceLink(hit) {
  const link = document.createElement("a");
  link.className = "source";
  link.textContent = place(hit);
  const fragment = hit.page ? "#page=" + hit.page : hit.anchor ? "#" + encodeURIComponent(hit.anchor) : "";
  link.href = "/files/" + hit.path.split("/").map(encodeURIComponent).join("/") + fragment;
  link.target = "_blank";
  link.rel = "noopener";
  link.addEventListener("click", async (event) => {
    if (!apiKey) return;
    event.preventDefault();
    const response = await fetch(link.href.split("#")[0], { headers: apiHeaders() });
    if (!response.ok) return;
    const blob = await response.blob();
    window.open(URL.createObjectURL(blob) + fragment, "_blank", "noopener");
  });
  return link;
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
    heading.textContent = body.passage.section ? body.passage.title + " › " + body.passage.section : body.passage.title;
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
  const place = document.createElement("span");
  place.className = "place";
  place.append(hit.title);
  if (hit.section) {
    place.append(" › ", marked(hit.section, hit.section_highlights));
  }
  const where = document.createElement("span");
  where.className = "where";
  where.append(" — ", sourceLink(hit));
  const id = document.createElement("code");
  id.className = "id";
  id.textContent = hit.id;
  cite.append(place, where, " ", id);
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

// Results of the current query, kept to page on.
let shown = 0;
let currentQuery = "";

function render(body, append) {
  const ms = (body.took_us / 1000).toFixed(1);
  if (!append) {
    list.replaceChildren();
    shown = 0;
  }
  list.append(...body.hits.map(hitItem));
  shown += body.hits.length;
  const total = body.total_hits;
  status.textContent = total === 0
    ? "Aucun passage ne correspond."
    : shown + " passage" + (shown > 1 ? "s" : "") + " affiché" + (shown > 1 ? "s" : "") +
      " sur " + total + " · " + ms + " ms";
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

async function search(append) {
  const q = append ? currentQuery : input.value.trim();
  if (!append) history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
  if (inFlight) inFlight.abort();
  if (!q) {
    list.replaceChildren();
    notesBox.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    return;
  }
  if ([...q].length > MAX_QUERY_CHARS) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "La requête est trop longue : " + MAX_QUERY_CHARS +
      " caractères au plus (la ligne de commande accepte davantage).";
    return;
  }
  currentQuery = q;
  inFlight = new AbortController();
  const offset = append ? shown : 0;
  try {
    const furniture = furnitureBox.checked ? "&include_boilerplate=1" : "";
    const exact = exactBox.checked ? "&exact=1" : "";
    const response = await fetch("/search?limit=" + PAGE + "&offset=" + offset + furniture + exact + "&q=" + encodeURIComponent(q),
      { signal: inFlight.signal, headers: apiHeaders() });
    const body = await response.json();
    if (response.status === 401) {
      list.replaceChildren();
      askForKey(apiKey ? "Cette clé d'accès n'est pas valide : saisissez-en une autre." : "Ce serveur demande une clé d'accès.");
      return;
    }
    if (!response.ok) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = response.status === 429 || response.status === 503
        ? "Le serveur est occupé : réessayez dans un instant."
        : "La recherche a échoué (" + response.status + ") : " + (body.error || "");
      return;
    }
    render(body, append);
  } catch (e) {
    if (e.name !== "AbortError") status.textContent = "La recherche a échoué : " + e.message;
  }
}

more.addEventListener("click", () => search(true));
furnitureBox.addEventListener("change", () => search(false));
exactBox.addEventListener("change", () => search(false));

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => search(false), 150);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  search(false);
}
