//! The search page in a real browser: headless Chromium driven through
//! ChromeDriver's WebDriver protocol. `.ci/run` installs both (Debian's
//! `chromium` and `chromium-driver`); on a machine without them the test
//! says it is skipped, and fails under CI.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::http::encode;
use super::Fouille;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// WebDriver's key for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request with an optional JSON body; the JSON answer.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read the head, then exactly Content-Length bytes: ChromeDriver may
    // keep the connection open.
    let mut reader = BufReader::new(stream);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        let read = reader
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("{method} {path} on port {port}: {e}"));
        if read == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap_or(Value::Null)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|c| !matches!(c, b'=' | b'\n' | b'\r'))
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .fold(0u32, |n, &c| (n << 6) | u32::from(value(c)))
            << (6 * (4 - chunk.len()));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

fn artifact_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A headless Chromium session driven through ChromeDriver, closed when
/// dropped.
struct Browser {
    port: u16,
    id: String,
    _driver: Killed,
}

impl Browser {
    /// A session at desktop size, or None (after saying so) on a machine
    /// without Chromium, which fails under CI.
    fn start(profile: &Path) -> Option<Browser> {
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install chromium and chromium-driver"
            );
            eprintln!("skipped: {CHROMIUM} or {CHROMEDRIVER} is not installed");
            return None;
        }
        let port = free_port();
        let driver = Killed(
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let session = http(
            port,
            "POST",
            "/session",
            Some(&json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update",
                             "--disable-sync", "--disable-quic", "--window-size=1000,900",
                             format!("--user-data-dir={}", profile.display())]
                }
            }}})),
        );
        let id = session["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {session}"))
            .to_string();
        Some(Browser {
            port,
            id,
            _driver: driver,
        })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        http(
            self.port,
            method,
            &format!("/session/{}{path}", self.id),
            body.as_ref(),
        )
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// The first element `selector` finds now.
    fn find(&self, selector: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": selector})),
        );
        found["value"][ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no {selector}: {found}"))
            .to_string()
    }

    /// The elements `selector` finds now (maybe none).
    fn all(&self, selector: &str) -> Vec<String> {
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": selector})),
        );
        found["value"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
            .collect()
    }

    /// The elements `selector` finds once there are some, asked for every
    /// 100 ms; fails saying `what` went wrong after 15 s.
    fn wait_for(&self, selector: &str, what: &str) -> Vec<String> {
        self.wait_until(what, || {
            let found = self.all(selector);
            (!found.is_empty()).then_some(found)
        })
    }

    /// What `check` gives once it gives something, asked every 100 ms;
    /// fails saying `what` went wrong after 15 s.
    fn wait_until<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let started = Instant::now();
        loop {
            if let Some(found) = check() {
                return found;
            }
            assert!(started.elapsed() < Duration::from_secs(15), "{what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn text(&self, element: &str) -> String {
        let text = self.call("GET", &format!("/element/{element}/text"), None);
        text["value"].as_str().unwrap_or_default().to_string()
    }

    fn property(&self, element: &str, name: &str) -> Value {
        self.call("GET", &format!("/element/{element}/property/{name}"), None)["value"].clone()
    }

    /// Whether the element is shown (laid out, not hidden by a rule).
    fn displayed(&self, element: &str) -> bool {
        self.call("GET", &format!("/element/{element}/displayed"), None)["value"] == true
    }

    fn click(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// The value a script returns.
    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )["value"]
            .clone()
    }

    /// The value an asynchronous script gives its last argument.
    fn script_async(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        )["value"]
            .clone()
    }

    fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// A screenshot saved as an artifact for a look.
    fn screenshot(&self, name: &str) {
        let shot = self.call("GET", "/screenshot", None);
        let png = decode_base64(shot["value"].as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(artifact_dir().join(name), png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.call("DELETE", "", None);
    }
}

#[test]
fn the_page_searches_as_one_types_and_shows_cited_highlighted_hits() {
    let fouille = Fouille::new();
    let Some(browser) = Browser::start(&fouille.dir.path().join("chromium-profile")) else {
        return;
    };
    fouille.write_corpus(&[
        (
            "sante.txt",
            "L’interopérabilité en santé\nL’interopérabilité des systèmes de santé progresse.\n\
             Un texte piégé <script>window.pwned = 1</script> <img src=x onerror=\"window.pwned=2\"> interopérable.\n\
             Recevez notre newsletter sur l’interopérabilité\n\
             L’interopérabilité des dossiers médicaux partagés entre hôpitaux et médecins de ville reste lente.\n"
                .as_bytes(),
        ),
        (
            "copie.txt",
            "Une copie\nL’interopérabilité des dossiers médicaux partagés entre hôpitaux et médecins de ville reste lente.\n"
                .as_bytes(),
        ),
        ("rapport.pdf", &fouille_ingest::pdf_report()),
    ]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let server = fouille.serve(&[]);
    let site = format!("http://127.0.0.1:{}", server.port);

    browser.open(&format!("{site}/"));
    let input = browser.find("#q");
    browser.type_into(&input, "interoperabilite");

    // Exact words: no passage writes « interoperabilite » without its
    // accents, so the box empties the list; unticked, the hits come back.
    browser.wait_for("#results .hit mark", "no highlighted result appeared");
    let exact = browser.find("#exact");
    browser.click(&exact);
    browser.wait_until("exact words found something", || {
        let status = browser.text(&browser.find("#status"));
        status.contains("Aucun passage").then_some(())
    });
    browser.click(&exact);

    // Results appear as one types, with marks and citations.
    let marks = browser.wait_for("#results .hit mark", "no highlighted result appeared");
    let marked = browser.text(&marks[0]);
    assert!(marked.to_lowercase().starts_with("interop"), "{marked}");
    let cite = browser.text(&browser.find("#results .hit .cite"));
    assert!(cite.contains("sante.txt:"), "{cite}");
    assert!(cite.contains("L’interopérabilité en santé"), "{cite}");
    // The citation opens the source file, a PDF at the hit's page.
    let href = |selector: &str| {
        let link = browser.find(selector);
        browser
            .property(&link, "href")
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        href("#results .hit .cite a.source").ends_with("/files/sante.txt"),
        "{}",
        href("#results .hit .cite a.source")
    );

    // Markup in a passage is shown as text and never runs.
    let page = browser.call("GET", "/source", None);
    let page = page["value"].as_str().unwrap_or_default().to_string();
    assert!(
        page.contains("&lt;script&gt;"),
        "the passage's markup shows as text"
    );
    assert_eq!(
        browser.script("return window.pwned === undefined"),
        true,
        "markup from the corpus ran"
    );

    // Each hit shows its id, and its passage in context on demand.
    assert!(
        !browser.all("#results .hit .id").is_empty(),
        "no hit id shown"
    );
    browser.click(&browser.find("#results .hit .context-button"));
    browser.wait_for(
        "#results .hit .context .current",
        "the context never showed",
    );

    // A passage found again elsewhere in the corpus is one hit, which says
    // where else.
    let also = browser.wait_for("#results .hit .also", "no « Aussi dans »");
    let also = browser.text(&also[0]);
    assert!(also.starts_with("Aussi dans : "), "{also}");
    assert!(also.contains(".txt:2"), "{also}");

    // Page furniture that matches is said in the notes, and shown, marked,
    // once asked for.
    let notes = browser.text(&browser.find("#notes"));
    assert!(notes.contains("habillage"), "{notes}");
    browser.click(&browser.find("#furniture"));
    browser.wait_for("#results .hit .tag", "the furniture hit never showed");

    // Screenshots at desktop and phone width (artifacts for a look).
    for (name, width, height) in [
        ("search-page.png", 1000, 900),
        ("search-page-phone.png", 390, 844),
    ] {
        browser.resize(width, height);
        browser.screenshot(name);
    }

    // A server that requires an API key: the page asks for it once, keeps
    // it for the tab, and searches with it.
    let key = "page-key-0123456789abcdef";
    let keyed = fouille.serve(&["--api-key", key]);
    browser.open(&format!(
        "http://127.0.0.1:{}/?q=interoperabilite",
        keyed.port
    ));
    let form = browser.find("#key-form");
    browser.wait_until("the page never asked for the key", || {
        browser.displayed(&form).then_some(())
    });
    browser.type_into(&browser.find("#key"), key);
    browser.click(&browser.find("#key-form button"));
    browser.wait_for("#results .hit", "no result after the key was given");
    assert_eq!(
        browser.script("return sessionStorage.getItem('fouille-key')"),
        key
    );
    // A source file opens with the key, its accents read as UTF-8.
    let page = browser.call("GET", "/window", None)["value"].clone();
    let links = browser.all("#results .hit .cite a.source");
    let text_link = links
        .iter()
        .find(|l| browser.text(l).contains(".txt:"))
        .expect("a hit in a text file");
    browser.click(text_link);
    let opened = browser.wait_until("the file did not open", || {
        let handles = browser.call("GET", "/window/handles", None)["value"].clone();
        handles
            .as_array()
            .and_then(|h| h.iter().find(|h| **h != page).cloned())
    });
    browser.call("POST", "/window", Some(json!({ "handle": opened })));
    let text = browser.wait_until("the opened file is empty", || {
        let text = browser.script("return document.body ? document.body.innerText : ''");
        let text = text.as_str().unwrap_or_default().to_string();
        (!text.is_empty()).then_some(text)
    });
    assert!(text.contains("L’interopérabilité"), "{text}");
    browser.call("DELETE", "/window", None);
    browser.call("POST", "/window", Some(json!({ "handle": page })));

    // A PDF's hit links to its page.
    browser.open(&format!("{site}/?q=captages"));
    browser.wait_for("#results .hit .cite a.source", "no PDF hit");
    let link = href("#results .hit .cite a.source");
    assert!(link.ends_with("/files/rapport.pdf#page=1"), "{link}");
    let cite = browser.text(&browser.find("#results .hit .cite"));
    assert!(cite.contains("rapport.pdf#page=1:"), "{cite}");
}

#[test]
fn the_page_studies_a_subject_with_facets_a_concordance_charts_and_exports() {
    let fouille = Fouille::new();
    let Some(browser) = Browser::start(&fouille.dir.path().join("chromium-profile")) else {
        return;
    };
    let corpus = fouille.write_corpus(super::export::SOURCES);
    // A document without date or author, and a dataset with a field named
    // as a JavaScript object's property.
    std::fs::create_dir_all(corpus.join("divers")).unwrap();
    std::fs::write(
        corpus.join("divers/sans-date.md"),
        "---\ntitle: Sans date\n---\n\nLa santé, sans date ni auteur.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("courses.jsonl"),
        "{\"title\": \"Monaco\", \"constructor\": \"Ferrari\", \"text\": \"Une écurie italienne gagne la course de Monaco sous la pluie.\"}\n\
         {\"title\": \"Reims\", \"constructor\": \"Renault\", \"text\": \"Une écurie française gagne la course de Reims en été.\"}\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("hcl/rapport.md"),
        "---\ntitle: Rapport annuel\ndate: 2023-06-30\nauthor: Le Gall\n---\n\n\
         La santé au travail ouvre le rapport.\n\n\
         Les effectifs, les budgets et les locaux ont peu changé cette année.\n\n\
         Les urgences ont reçu davantage de patients en hiver.\n\n\
         La Santé publique et la santé mentale le ferment.\n",
    )
    .unwrap();
    let index = fouille.index();
    let (corpus, index) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    assert_eq!(
        fouille
            .run(&["index", "--corpus", corpus, "--index", index])
            .code,
        0
    );
    let server = fouille.serve(&["--corpus", corpus, "--index", index]);
    let site = format!("http://127.0.0.1:{}", server.port);
    let api = |path: &str| http(server.port, "GET", path, None);
    let q = encode("santé");

    browser.open(&format!("{site}/?q={q}"));
    // Every violation of the page's Content-Security-Policy from now on.
    browser.script(
        "window.violations = []; document.addEventListener('securitypolicyviolation', \
         (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI)); return 0",
    );

    // Facets: the count of each value over every match, as the API gives.
    browser.wait_for(
        "#facets .facet[data-field=source] .facet-value",
        "no facet shown",
    );
    let expected = api(&format!(
        "/search?q={q}&limit=0&facets=source,year,author,tags"
    ));
    for field in ["source", "year", "author", "tags"] {
        let shown = browser.script(&format!(
            "const out = {{}}; for (const b of document.querySelectorAll(\
             '#facets .facet[data-field={field}] .facet-value')) \
             out[b.dataset.value] = Number(b.querySelector('.count').textContent); return out"
        ));
        assert_eq!(shown, expected["facets"][field], "{field}");
    }
    assert_eq!(expected["total_hits"], 7, "{expected}");

    // A value clicked is a filter: its passages only, and the count its
    // facet said; the exports follow it.
    browser
        .click(&browser.find("#facets .facet[data-field=source] .facet-value[data-value=lemonde]"));
    browser.wait_until("the facet did not filter", || {
        let status = browser.text(&browser.find("#status"));
        status.contains("sur 2 ").then_some(())
    });
    assert_eq!(
        browser.text(&browser.find("#chips .chip")),
        "Source : lemonde ✕"
    );
    let links = browser.all("#results .hit .cite a.source");
    assert_eq!(links.len(), 2);
    for link in links {
        let href = browser.property(&link, "href");
        assert!(href.as_str().unwrap().contains("/files/lemonde/"), "{href}");
    }
    let fetched = |selector: &str| {
        let script = format!(
            "const done = arguments[arguments.length - 1]; \
             fetch(document.querySelector('{selector}').href).then((r) => r.text()).then(done)"
        );
        browser
            .script_async(&script)
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let csv = fetched("#export-csv");
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default();
    assert!(header.starts_with("id,doc,file,line"), "{csv}");
    assert_eq!(lines.count(), 2, "{csv}");
    let jsonl = fetched("#export-jsonl");
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{jsonl}");
    assert!(rows.iter().all(|r| r["source"] == "lemonde"), "{jsonl}");
    browser.screenshot("study-passages.png");
    // The chip removed, every passage is back.
    browser.click(&browser.find("#chips .chip"));
    browser.wait_until("the filter was not removed", || {
        let status = browser.text(&browser.find("#status"));
        status.contains("sur 7 ").then_some(())
    });

    // The concordance: every occurrence, the match as written, its
    // contexts as the API gives them.
    browser.click(&browser.find("#tab-concord"));
    browser.wait_for("#concord .occurrence", "no concordance shown");
    assert!(!browser.displayed(&browser.find("#panel-passages")));
    assert!(!browser.all("#facets .facet-value").is_empty());
    let expected = api(&format!("/concord?q={q}&width=50&limit=100"));
    let shown = browser.script(
        "return [...document.querySelectorAll('#concord .occurrence')].map((r) => \
         [r.querySelector('.left').textContent, r.querySelector('.match').textContent, \
          r.querySelector('.right').textContent])",
    );
    let expected_rows: Vec<Value> = expected["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| json!([o["left"], o["match"], o["right"]]))
        .collect();
    assert_eq!(shown, json!(expected_rows));
    assert_eq!(expected["total"], 8, "{expected}");
    let matches: Vec<String> = expected_rows
        .iter()
        .map(|r| r[1].as_str().unwrap().to_string())
        .collect();
    assert!(matches.contains(&"Santé".to_string()), "{matches:?}");
    let status = browser.text(&browser.find("#concord-status"));
    assert!(
        status.starts_with("8 occurrences dans 7 passages"),
        "{status}"
    );
    browser.screenshot("study-concordance.png");
    // Sorted by the match and its right context, as the API sorts.
    browser.click(&browser.find("#concord-sort option[value=right]"));
    let expected = api(&format!("/concord?q={q}&width=50&limit=100&sort=right"));
    let expected_rows: Vec<Value> = expected["occurrences"]
        .as_array()
        .unwrap_or_else(|| panic!("{expected}"))
        .iter()
        .map(|o| json!([o["left"], o["match"], o["right"]]))
        .collect();
    browser.wait_until("the concordance was not sorted", || {
        let shown = browser.script(
            "return [...document.querySelectorAll('#concord .occurrence')].map((r) => \
             [r.querySelector('.left').textContent, r.querySelector('.match').textContent, \
              r.querySelector('.right').textContent])",
        );
        (shown == json!(expected_rows)).then_some(())
    });
    // The query emptied and typed again, the concordance is drawn again.
    let retype = |text: &str| {
        browser.script(&format!(
            "const q = document.getElementById('q'); q.value = {}; \
             q.dispatchEvent(new Event('input')); return 0",
            json!(text)
        ));
    };
    retype("");
    browser.wait_until("the concordance was not emptied", || {
        browser.all("#concord .occurrence").is_empty().then_some(())
    });
    browser.click(&browser.find("#tab-passages"));
    retype("santé");
    browser.wait_for("#results .hit", "no hit after typing again");
    browser.click(&browser.find("#tab-concord"));
    browser.wait_for("#concord .occurrence", "the concordance stayed empty");

    // The distribution: a bar a year, in order, and a dispersion plot
    // with a mark an occurrence.
    browser.click(&browser.find("#tab-distribution"));
    browser.wait_for("#chart svg .bar-row", "no chart drawn");
    let labels = browser.script(
        "return [...document.querySelectorAll('#chart .bar-row .label')].map((t) => t.textContent)",
    );
    // Years in order, documents without one last.
    assert_eq!(labels, json!(["2022", "2023", "2024", "2025", "(aucun)"]));
    browser.wait_for("#dispersion svg .tick", "no dispersion plot");
    assert_eq!(browser.all("#dispersion .tick").len(), 8);
    assert_eq!(browser.all("#dispersion .dispersion-row").len(), 5);
    browser.screenshot("study-distribution.png");
    // By source, the bars are the sources; one clicked filters the
    // passages by it.
    browser.click(&browser.find("#by option[value=source]"));
    browser.wait_until("the chart did not change to sources", || {
        let labels = browser.script(
            "return [...document.querySelectorAll('#chart .bar-row .label')].map((t) => t.textContent).sort()",
        );
        (labels == json!(["archives", "divers", "hcl", "lemonde"])).then_some(())
    });
    let bar = browser.script(
        "return [...document.querySelectorAll('#chart .bar-row')].findIndex((r) => \
         r.querySelector('.label').textContent === 'hcl')",
    );
    let bars = browser.all("#chart .bar-row .bar");
    browser.click(&bars[bar.as_u64().unwrap() as usize]);
    browser.wait_until("the bar did not filter the passages", || {
        let status = browser.text(&browser.find("#status"));
        status.contains("sur 3 ").then_some(())
    });
    assert!(browser.displayed(&browser.find("#panel-passages")));
    assert!(!browser.displayed(&browser.find("#panel-distribution")));
    assert!(browser
        .script("return location.search")
        .as_str()
        .unwrap()
        .contains("facet=source%3Ahcl"));

    // At phone width every view fits the screen, and nothing broke the
    // Content-Security-Policy or came from elsewhere.
    browser.resize(390, 844);
    for (tab, name) in [
        ("#tab-passages", "study-passages-phone.png"),
        ("#tab-concord", "study-concordance-phone.png"),
        ("#tab-distribution", "study-distribution-phone.png"),
    ] {
        browser.click(&browser.find(tab));
        std::thread::sleep(Duration::from_millis(500));
        let overflow = browser.script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
        );
        assert_eq!(overflow, 0, "{tab} is wider than a phone");
        browser.screenshot(name);
    }
    browser.resize(1000, 900);

    // A filter the server refuses leaves nothing of the last answer: no
    // facets, hits or exports that are not the filter's.
    let set_filter = |filter: &str| {
        browser.script(&format!(
            "const f = document.getElementById('filter'); f.value = {}; \
             f.dispatchEvent(new Event('change')); return 0",
            json!(filter)
        ));
    };
    browser.click(&browser.find("#tab-passages"));
    set_filter("dte = 2024");
    browser.wait_until("the bad filter was not said", || {
        let status = browser.text(&browser.find("#status"));
        status.contains("unknown field").then_some(())
    });
    assert!(browser.all("#results .hit").is_empty());
    assert!(!browser.displayed(&browser.find("#facets-box")));
    assert!(!browser.displayed(&browser.find("#export-csv")));
    // Typed beside a chip, a filter that would close the chips'
    // parentheses is refused, not sent.
    set_filter("");
    browser.wait_for("#facets .facet-value", "no facets after the filter went");
    browser.click(&browser.find("#facets .facet[data-field=source] .facet-value[data-value=hcl]"));
    browser.wait_until("the facet did not filter", || {
        browser
            .text(&browser.find("#status"))
            .contains("sur 3 ")
            .then_some(())
    });
    set_filter("year = 2020) OR (year >= 2015");
    browser.wait_until("the unbalanced filter was sent", || {
        let status = browser.text(&browser.find("#status"));
        status.contains("parenthèse").then_some(())
    });
    assert!(browser.all("#results .hit").is_empty());
    set_filter("");
    browser.click(&browser.find("#chips .chip"));

    // Nothing so far broke the Content-Security-Policy.
    assert_eq!(browser.script("return window.violations"), json!([]));

    // A shared address opens the view it names, grouped as it says.
    browser.open(&format!("{site}/?q={q}&view=distribution&by=source"));
    browser.wait_until("the shared address lost its grouping", || {
        let labels = browser.script(
            "return [...document.querySelectorAll('#chart .bar-row .label')].map((t) => t.textContent).sort()",
        );
        (labels == json!(["archives", "divers", "hcl", "lemonde"])).then_some(())
    });
    let address = browser.script("return location.search");
    assert!(address.as_str().unwrap().contains("by=source"), "{address}");

    // A field named `constructor` is a field like any other.
    browser.open(&format!("{site}/?q={}", encode("écurie")));
    browser.wait_for(
        "#facets .facet[data-field=constructor] .facet-value",
        "no constructor facet",
    );
    let heading = browser.script(
        "return document.querySelector('#facets .facet[data-field=constructor] h2').textContent",
    );
    assert_eq!(heading, "constructor");
    let grouped =
        browser.script("return [...document.querySelectorAll('#by option')].map((o) => o.value)");
    assert!(
        grouped.as_array().unwrap().contains(&json!("constructor")),
        "{grouped}"
    );

    let elsewhere = browser.script(
        "return performance.getEntriesByType('resource').map((r) => r.name)\
         .filter((n) => !n.startsWith(location.origin))",
    );
    assert_eq!(elsewhere, json!([]));

    // A long phrase's concordance on a phone leaves room for its context.
    browser.resize(390, 844);
    browser.open(&format!(
        "{site}/?q={}&view=concord",
        encode("\"santé publique et la santé mentale\"")
    ));
    browser.wait_for("#concord .occurrence", "no phrase occurrence");
    let right = browser.script("return document.querySelector('#concord .right').clientWidth");
    assert!(
        right.as_u64().unwrap_or(0) >= 60,
        "right context {right} px wide"
    );
}
