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
        if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
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

#[test]
fn the_page_searches_as_one_types_and_shows_cited_highlighted_hits() {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium and chromium-driver"
        );
        eprintln!("skipped: {CHROMIUM} or {CHROMEDRIVER} is not installed");
        return;
    }
    let fouille = Fouille::new();
    fouille.write_corpus(&[
        (
            "sante.txt",
            "L’interopérabilité en santé\nL’interopérabilité des systèmes de santé progresse.\n\
             Un texte piégé <script>window.pwned = 1</script> <img src=x onerror=\"window.pwned=2\"> interopérable.\n\
             Recevez notre newsletter sur l’interopérabilité\n"
                .as_bytes(),
        ),
        ("rapport.pdf", &fouille_ingest::pdf_report()),
    ]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let server = fouille.serve(&[]);
    let site = format!("http://127.0.0.1:{}", server.port);

    let driver_port = free_port();
    let _driver = Killed(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", driver_port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = fouille.dir.path().join("chromium-profile");
    let session = http(
        driver_port,
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
    let call = |method: &str, path: &str, body: Option<Value>| {
        http(
            driver_port,
            method,
            &format!("/session/{id}{path}"),
            body.as_ref(),
        )
    };
    let find = |selector: &str| {
        let found = call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": selector})),
        );
        found["value"][ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no {selector}: {found}"))
            .to_string()
    };
    // The elements `selector` finds once there are some, asked for every
    // 100 ms; fails saying `what` went wrong after 15 s.
    let wait_for = |selector: &str, what: &str| -> Vec<Value> {
        let started = Instant::now();
        loop {
            let found = call(
                "POST",
                "/elements",
                Some(json!({"using": "css selector", "value": selector})),
            );
            let found = found["value"].as_array().cloned().unwrap_or_default();
            if !found.is_empty() {
                return found;
            }
            assert!(started.elapsed() < Duration::from_secs(15), "{what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    call("POST", "/url", Some(json!({"url": format!("{site}/")})));
    let input = find("#q");
    call(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({"text": "interoperabilite"})),
    );

    // Exact words: no passage writes « interoperabilite » without its
    // accents, so the box empties the list; unticked, the hits come back.
    wait_for("#results .hit mark", "no highlighted result appeared");
    let exact = find("#exact");
    call("POST", &format!("/element/{exact}/click"), Some(json!({})));
    let started = Instant::now();
    loop {
        let status = find("#status");
        let status = call("GET", &format!("/element/{status}/text"), None);
        if status["value"]
            .as_str()
            .unwrap_or_default()
            .contains("Aucun passage")
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "exact words found something: {status}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    call("POST", &format!("/element/{exact}/click"), Some(json!({})));

    // Results appear as one types, with marks and citations.
    let marks = wait_for("#results .hit mark", "no highlighted result appeared");
    let first_mark = marks[0][ELEMENT].as_str().unwrap();
    let marked = call("GET", &format!("/element/{first_mark}/text"), None);
    assert!(
        marked["value"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("interop"),
        "{marked}"
    );
    let cite = find("#results .hit .cite");
    let cite = call("GET", &format!("/element/{cite}/text"), None);
    let cite = cite["value"].as_str().unwrap().to_string();
    assert!(cite.contains("sante.txt:"), "{cite}");
    assert!(cite.contains("L’interopérabilité en santé"), "{cite}");
    // The citation opens the source file, a PDF at the hit's page.
    let href = |selector: &str| {
        let link = find(selector);
        let href = call("GET", &format!("/element/{link}/property/href"), None);
        href["value"].as_str().unwrap_or_default().to_string()
    };
    assert!(
        href("#results .hit .cite a.source").ends_with("/files/sante.txt"),
        "{}",
        href("#results .hit .cite a.source")
    );

    // Markup in a passage is shown as text and never runs.
    let page = call("GET", "/source", None);
    let page = page["value"].as_str().unwrap_or_default().to_string();
    assert!(
        page.contains("&lt;script&gt;"),
        "the passage's markup shows as text"
    );
    let pwned = call(
        "POST",
        "/execute/sync",
        Some(json!({"script": "return window.pwned === undefined", "args": []})),
    );
    assert_eq!(pwned["value"], true, "markup from the corpus ran");

    // Each hit shows its id, and its passage in context on demand.
    let ids = call(
        "POST",
        "/elements",
        Some(json!({"using": "css selector", "value": "#results .hit .id"})),
    );
    assert!(
        ids["value"].as_array().is_some_and(|ids| !ids.is_empty()),
        "no hit id shown"
    );
    let context_button = find("#results .hit .context-button");
    call(
        "POST",
        &format!("/element/{context_button}/click"),
        Some(json!({})),
    );
    wait_for(
        "#results .hit .context .current",
        "the context never showed",
    );

    // Page furniture that matches is said in the notes, and shown, marked,
    // once asked for.
    let notes = find("#notes");
    let notes = call("GET", &format!("/element/{notes}/text"), None);
    assert!(
        notes["value"]
            .as_str()
            .unwrap_or_default()
            .contains("habillage"),
        "{notes}"
    );
    let checkbox = find("#furniture");
    call(
        "POST",
        &format!("/element/{checkbox}/click"),
        Some(json!({})),
    );
    wait_for("#results .hit .tag", "the furniture hit never showed");

    // Screenshots at desktop and phone width (artifacts for a look).
    for (name, width, height) in [
        ("search-page.png", 1000, 900),
        ("search-page-phone.png", 390, 844),
    ] {
        call(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
        let shot = call("GET", "/screenshot", None);
        let png = decode_base64(shot["value"].as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(artifact_dir().join(name), png).unwrap();
    }

    // A server that requires an API key: the page asks for it once, keeps
    // it for the tab, and searches with it.
    let key = "page-key-0123456789abcdef";
    let keyed = fouille.serve(&["--api-key", key]);
    call(
        "POST",
        "/url",
        Some(json!({"url": format!("http://127.0.0.1:{}/?q=interoperabilite", keyed.port)})),
    );
    let form = find("#key-form");
    let started = Instant::now();
    while call("GET", &format!("/element/{form}/displayed"), None)["value"] != true {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the page never asked for the key"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let key_input = find("#key");
    call(
        "POST",
        &format!("/element/{key_input}/value"),
        Some(json!({ "text": key })),
    );
    let submit = find("#key-form button");
    call("POST", &format!("/element/{submit}/click"), Some(json!({})));
    wait_for("#results .hit", "no result after the key was given");
    let kept = call(
        "POST",
        "/execute/sync",
        Some(json!({"script": "return sessionStorage.getItem('fouille-key')", "args": []})),
    );
    assert_eq!(kept["value"], key);

    // A PDF's hit links to its page.
    call(
        "POST",
        "/url",
        Some(json!({"url": format!("{site}/?q=captages")})),
    );
    wait_for("#results .hit .cite a.source", "no PDF hit");
    let link = href("#results .hit .cite a.source");
    assert!(link.ends_with("/files/rapport.pdf#page=1"), "{link}");
    let cite = find("#results .hit .cite");
    let cite = call("GET", &format!("/element/{cite}/text"), None);
    assert!(
        cite["value"]
            .as_str()
            .unwrap_or_default()
            .contains("rapport.pdf#page=1:"),
        "{cite}"
    );
    call("DELETE", "", None);
}
