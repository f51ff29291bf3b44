"use strict";
// The search page. Text from the corpus or the query is only ever inserted
// with textContent / text nodes, never as HTML.
const input = document.getElementById("q");
const list = document.getElementById("results");
const status = document.getElementById("status");
const encoder = new TextEncoder();
const decoder = new TextDecoder();
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
  search();
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

function citation(hit) {
  const place = hit.section ? hit.title + " › " + hit.section : hit.title;
  return place + " — " + hit.file + ":" + hit.line;
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

function render(body) {
  const ms = (body.took_us / 1000).toFixed(1);
  status.textContent = body.total_hits + (body.total_hits === 1 ? " passage" : " passages") + " · " + ms + " ms";
  const items = body.hits.map((hit) => {
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
    where.textContent = " — " + hit.file + ":" + hit.line;
    cite.append(place, where);
    const text = document.createElement("p");
    text.className = "text";
    text.append(marked(hit.text, hit.highlights));
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Copier avec la citation";
    button.addEventListener("click", () => copy(hit, button));
    item.append(cite, text, button);
    return item;
  });
  list.replaceChildren(...items);
}

async function search() {
  const q = input.value.trim();
  history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
  if (inFlight) inFlight.abort();
  if (!q) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  inFlight = new AbortController();
  try {
    const headers = apiKey ? { Authorization: "Bearer " + apiKey } : {};
    const response = await fetch("/search?limit=20&q=" + encodeURIComponent(q), { signal: inFlight.signal, headers });
    const body = await response.json();
    if (response.status === 401) {
      list.replaceChildren();
      askForKey(apiKey ? "Cette clé d'accès n'est pas valide : saisissez-en une autre." : "Ce serveur demande une clé d'accès.");
      return;
    }
    if (!response.ok) {
      list.replaceChildren();
      status.textContent = body.error || "erreur " + response.status;
      return;
    }
    render(body);
  } catch (e) {
    if (e.name !== "AbortError") status.textContent = "la recherche a échoué : " + e.message;
  }
}

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(search, 150);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  search();
}
