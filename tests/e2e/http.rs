//! The HTTP server, driven over real HTTP on an ephemeral port.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use super::{current_generation, hit_ids, repo_corpus, Fouille, Served};

/// The server under test, with the corpus of the repository.
type Server = Served;

fn start(fouille: &Fouille) -> Server {
    start_with(fouille, &[])
}

/// [`start`] with more arguments.
fn start_with(fouille: &Fouille, more: &[&str]) -> Server {
    start_on(fouille, &repo_corpus(), more)
}

/// A server of `corpus`, with more arguments.
fn start_on(fouille: &Fouille, corpus: &std::path::Path, more: &[&str]) -> Server {
    let index = fouille.index();
    let mut args = vec![
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    fouille.serve(&args)
}

impl Served {
    /// The first synonym `/analyze` lists for `text`.
    fn first_synonym(&self, text: &str) -> String {
        let (status, analysed) = self.get_json(&format!("/analyze?text={}", encode(text)));
        assert_eq!(status, 200, "{analysed}");
        analysed["synonyms"][0]["synonym"]
            .as_str()
            .unwrap_or_else(|| panic!("no synonym: {analysed}"))
            .to_string()
    }

    /// Sends one request and returns the status, the headers and the body.
    fn request(&self, method: &str, target: &str) -> (u16, String, String) {
        self.request_with(method, target, "Host: localhost\r\n")
    }

    /// [`Served::request`] with more header lines (`Name: value\r\n` each).
    fn request_with(&self, method: &str, target: &str, headers: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    /// True once a search for `query` finds `hits` passages, asking for
    /// 10 s at most; every answer must be a 200.
    fn finds_soon(&self, query: &str, hits: u64) -> bool {
        soon(|| {
            let (status, found) = self.get_json(&format!("/search?q={}", encode(query)));
            assert_eq!(status, 200, "{found}");
            (found["total_hits"] == hits).then_some(())
        })
        .is_some()
    }

    fn get_json(&self, target: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = self.request("GET", target);
        let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{target}: {e}: {body}"));
        (status, json)
    }
}

/// The first `Some` that `look` gives, asking every 50 ms for 10 s at
/// most; `None` if it never does.
fn soon<T>(mut look: impl FnMut() -> Option<T>) -> Option<T> {
    for _ in 0..200 {
        if let Some(found) = look() {
            return Some(found);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// `text` percent-encoded for a URL's query.
pub(crate) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn every_endpoint_answers() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let (status, health) = server.get_json("/health");
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));

    let (status, results) =
        server.get_json(&format!("/search?q={}&limit=3", encode("interopérabilité")));
    assert_eq!(status, 200);
    assert_eq!(results["hits"].as_array().unwrap().len(), 3);
    // The same JSON as the command line.
    let cli = fouille.search_json("interopérabilité");
    assert_eq!(results["hits"][0]["id"], cli["hits"][0]["id"]);
    assert_eq!(
        results["hits"][0]["highlights"],
        cli["hits"][0]["highlights"]
    );

    let id = results["hits"][0]["id"].as_str().unwrap().to_string();
    let (status, shown) = server.get_json(&format!("/passages/{}?context=1", encode(&id)));
    assert_eq!(status, 200);
    assert_eq!(shown["passage"]["id"], id.as_str());

    let (status, analysed) =
        server.get_json(&format!("/analyze?text={}", encode("L’interopérabilité")));
    assert_eq!(status, 200);
    assert_eq!(analysed["tokens"][0]["term"], "interoper");
    // The bundled corpus defines « intelligence artificielle (IA) ».
    assert_eq!(server.first_synonym("l’IA"), "intelligence artificielle");

    let (status, stats) = server.get_json("/stats");
    assert_eq!(status, 200);
    assert_eq!(stats["documents"], 5);
    assert!(stats["passages"].as_u64().unwrap() > 50);
    assert!(stats["queries"].as_u64().unwrap() >= 1);
    assert!(stats["index_bytes"].as_u64().unwrap() > 0);
    assert!(stats["latency_us"]["p99"].as_u64().unwrap() > 0);
}

#[test]
fn bad_requests_get_json_errors_with_the_right_status() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let long = "a".repeat(1001);
    for (target, status) in [
        ("/search".to_string(), 400),
        ("/search?q=".to_string(), 400),
        ("/search?q=%20%20".to_string(), 400),
        (format!("/search?q={long}"), 400),
        ("/search?q=sant%C3%A9&limit=101".to_string(), 400),
        ("/search?q=sant%C3%A9&limit=ten".to_string(), 400),
        ("/search?q=sant%C3%A9&offset=-1".to_string(), 400),
        // A misspelt parameter was ignored, and the default answered.
        ("/search?q=sant%C3%A9&lmit=5".to_string(), 400),
        ("/search?q=sant%C3%A9&exact=oui".to_string(), 400),
        ("/analyze?text=x&txt=y".to_string(), 400),
        ("/passages/nope:1".to_string(), 404),
        ("/passages/x?context=many".to_string(), 400),
        ("/analyze".to_string(), 400),
        ("/no/such/path".to_string(), 404),
        // A path that is no UTF-8 once decoded: JSON too, not text/plain.
        ("/passages/%FF".to_string(), 400),
        // The documented limit of /analyze can be reached with characters
        // of four bytes, and one more is refused by /analyze itself.
        (
            format!("/analyze?text={}", encode(&"😀".repeat(5_001))),
            400,
        ),
    ] {
        let (got, json) = server.get_json(&target);
        assert_eq!(got, status, "{target}: {json}");
        assert!(
            json["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{target}: {json}"
        );
    }
    let (status, analysed) =
        server.get_json(&format!("/analyze?text={}", encode(&"😀".repeat(5_000))));
    assert_eq!(status, 200, "{analysed}");
    let (status, _, body) = server.request("POST", "/search?q=x");
    assert_eq!(status, 405, "{body}");
    assert!(body.contains("\"error\""));
    let (status, _, _) = server.request("DELETE", "/health");
    assert_eq!(status, 405);
}

#[test]
fn request_logs_are_short_and_queries_can_be_left_out() {
    let fouille = Fouille::new();
    let log = || std::fs::read_to_string(fouille.dir.path().join("serve.log")).unwrap_or_default();
    let server = start(&fouille);
    let long = encode(&"confidentialité ".repeat(400));
    let (status, _, _) = server.request("GET", &format!("/search?q={long}"));
    assert_eq!(status, 400);
    drop(server);
    let logged = log();
    let line = logged
        .lines()
        .find(|l| l.contains("path=/search"))
        .unwrap_or_else(|| panic!("no request line in {logged}"));
    // Method, path, status, latency and client, and the query cut short.
    for field in [
        "method=GET",
        "status=400",
        "latency=",
        "client=127.0.0.1:",
        "…",
    ] {
        assert!(line.contains(field), "{field} not in {line}");
    }
    assert!(line.len() < 600, "{} bytes: {line}", line.len());

    let server = start_with(&fouille, &["--log-queries", "false"]);
    let (status, _, _) = server.request("GET", "/search?q=dossier%20secret");
    assert_eq!(status, 200);
    drop(server);
    let logged = log();
    assert!(logged.contains("path=/search"), "{logged}");
    assert!(!logged.contains("secret"), "{logged}");
}

#[test]
fn files_truncated_under_the_server_do_not_kill_it() {
    // A mapped file cut short under a reader killed the server with
    // SIGBUS at the next search; the server reads its files into memory.
    let fouille = Fouille::new();
    let server = start(&fouille);
    let (status, before) = server.get_json(&format!("/search?q={}", encode("santé")));
    assert_eq!(status, 200);
    let generation = current_generation(&fouille.index());
    for entry in std::fs::read_dir(&generation).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| {
            ["table", "idx", "term", "pos", "fieldnorm"]
                .iter()
                .any(|x| e == *x)
        }) {
            let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            file.set_len(100).unwrap();
        }
    }
    for _ in 0..20 {
        let (status, after) = server.get_json(&format!("/search?q={}", encode("santé")));
        assert_eq!(status, 200, "{after}");
        assert_eq!(after["hits"], before["hits"]);
    }
    let (status, health) = server.get_json("/health");
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
}

#[test]
fn health_says_when_the_index_served_is_gone() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let index = fouille.index();
    let current = std::fs::read_to_string(index.join("CURRENT")).unwrap();
    std::fs::remove_dir_all(index.join(current.trim())).unwrap();
    for _ in 0..100 {
        let (status, head, body) = server.request("GET", "/health");
        if status == 503 {
            assert!(
                head.to_ascii_lowercase().contains("retry-after: 1"),
                "{head}"
            );
            let json: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(json["status"], "unavailable");
            assert!(json["error"].as_str().unwrap().contains("fouille index"));
            return;
        }
        assert_eq!(status, 200, "{body}");
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("/health still says ok with its index deleted");
}

#[test]
fn a_damaged_rebuild_is_refused_reported_and_the_previous_index_served() {
    // A generation whose file changed after its build (a copy gone wrong,
    // a disk error) was served as it was: answers and citations silently
    // wrong. Now it is refused, /health says why, and the previous
    // generation goes on answering until a rebuild repairs the index.
    let fouille = Fouille::new();
    let server = start(&fouille);
    let (status, before) = server.get_json(&format!("/search?q={}", encode("santé")));
    assert_eq!(status, 200);
    let index = fouille.index();
    let served = current_generation(&index);
    let damaged = index.join("gen-zz-damaged-copy");
    std::fs::create_dir(&damaged).unwrap();
    for entry in std::fs::read_dir(&served).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, damaged.join(path.file_name().unwrap())).unwrap();
    }
    let table = damaged.join("passages.table");
    let mut bytes = std::fs::read(&table).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&table, bytes).unwrap();
    std::fs::write(index.join("CURRENT"), "gen-zz-damaged-copy\n").unwrap();
    let body = soon(|| {
        let (status, head, body) = server.request("GET", "/health");
        if status == 503 {
            assert!(head.to_ascii_lowercase().contains("retry-after"), "{head}");
            return Some(body);
        }
        assert_eq!(status, 200, "{body}");
        None
    })
    .expect("/health never reported the damaged generation");
    let health: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["status"], "damaged", "{body}");
    let error = health["error"].as_str().unwrap();
    assert!(error.contains("passages.table"), "{error}");
    assert!(
        !error.contains(index.to_str().unwrap()),
        "a host path: {error}"
    );
    for _ in 0..5 {
        let (status, after) = server.get_json(&format!("/search?q={}", encode("santé")));
        assert_eq!(status, 200, "{after}");
        assert_eq!(after["hits"], before["hits"]);
    }
    let rebuilt = fouille.on_repo("index", &[]);
    assert_eq!(rebuilt.code, 0, "{}", rebuilt.stderr);
    let health = soon(|| {
        let (status, health) = server.get_json("/health");
        (status == 200).then_some(health)
    })
    .expect("/health still reports damage after a rebuild");
    assert_eq!(health["status"], "ok");
}

#[test]
fn the_page_is_self_contained_and_locked_down() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let (status, head, body) = server.request("GET", "/");
    assert_eq!(status, 200);
    let head = head.to_lowercase();
    assert!(
        head.contains("content-security-policy: default-src 'none'"),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(body.contains("<input id=\"q\""));
    assert!(
        !body.contains("http://") && !body.contains("https://"),
        "no external asset"
    );
    let (status, _, script) = server.request("GET", "/app.js");
    assert_eq!(status, 200);
    assert!(
        !script.contains("innerHTML"),
        "corpus text is never inserted as HTML"
    );
    assert!(script.contains("textContent"));
}

#[test]
fn markup_in_a_query_comes_back_as_data() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let query = "<script>alert(1)</script> <img src=x onerror=alert(1)> santé";
    let (status, head, body) = server.request("GET", &format!("/search?q={}", encode(query)));
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["query"], query);
}

#[test]
fn a_rebuilt_index_is_served_without_a_restart() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let server = fouille.serve(&[]);
    let (_, before) = server.get_json("/search?q=cardiologie");
    assert_eq!(before["total_hits"], 0);
    std::fs::write(corpus.join("b.txt"), "Titre\nLa cardiologie numérique.\n").unwrap();
    assert_eq!(fouille.run(&["index"]).code, 0);
    // Searches keep being answered while the new index is picked up.
    assert!(
        server.finds_soon("cardiologie", 1),
        "the rebuilt index was not picked up"
    );
}

/// Sets its flag when dropped.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[test]
fn a_rebuild_under_load_fails_no_request_and_is_served() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[(
        "a.txt",
        "Titre\nLa santé numérique progresse.\nLes données de santé.\n".as_bytes(),
    )]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let server = fouille.serve(&[]);
    let rss_before = server.rss_kib();
    let stop = AtomicBool::new(false);
    let (served, failed) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|scope| {
        for client in 0..8 {
            let (server, stop, served, failed) = (&server, &stop, &served, &failed);
            scope.spawn(move || {
                let targets = ["/search?q=sante", "/search?q=donnees&limit=5", "/health"];
                let mut i = client;
                while !stop.load(Ordering::Relaxed) {
                    let (status, _, body) = server.request("GET", targets[i % targets.len()]);
                    if status == 200 {
                        served.fetch_add(1, Ordering::Relaxed);
                    } else {
                        failed.fetch_add(1, Ordering::Relaxed);
                        eprintln!("{status}: {body}");
                    }
                    i += 1;
                }
            });
        }
        // The clients stop when this ends, by failing assertion or not.
        let _stop_clients = StopOnDrop(&stop);
        // Waits (60 s at most) until `n` requests were served.
        let served_reaches = |n: usize| {
            let started = std::time::Instant::now();
            while served.load(Ordering::Relaxed) < n {
                assert!(started.elapsed() < Duration::from_secs(60), "load stalled");
                std::thread::sleep(Duration::from_millis(10));
            }
        };
        // Under that load, the corpus grows and the index is rebuilt; the
        // new passage is then found, without a restart.
        served_reaches(50);
        std::fs::write(corpus.join("b.txt"), "Titre\nLa cardiologie numérique.\n").unwrap();
        let rebuilt = fouille.run(&["index"]);
        assert_eq!(rebuilt.code, 0, "{}", rebuilt.stderr);
        let before_switch = served.load(Ordering::Relaxed);
        assert!(
            server.finds_soon("cardiologie", 1),
            "the rebuilt index was not picked up"
        );
        // Some more requests on the new index, then the load stops.
        served_reaches(before_switch + 50);
    });
    assert_eq!(failed.load(Ordering::Relaxed), 0, "failed requests");
    // Memory stays bounded (the README reports a 60 s run).
    if let (Some(before), Some(after)) = (rss_before, server.rss_kib()) {
        assert!(after < before + 200 * 1024, "{before} KiB -> {after} KiB");
    }
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off_and_others_are_served() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    // Two slow clients: one sends part of its headers and stops, the other
    // sends them a byte a second. The header timeout (10 s) counts from the
    // first byte, however the bytes trickle in.
    let mut stalled = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stalled
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    stalled
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let trickling = std::thread::spawn({
        let port = server.port;
        move || {
            let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let header = format!("GET /health HTTP/1.1\r\nX-Slow: {}\r\n\r\n", "z".repeat(60));
            // Bytes sent before the server hung up; all of them if it never did.
            for (sent, byte) in header.bytes().enumerate() {
                if slow.write_all(&[byte]).is_err() {
                    return sent;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
            header.len()
        }
    });
    // Meanwhile, others are answered.
    for _ in 0..3 {
        assert_eq!(server.get_json("/health").0, 200);
        assert_eq!(server.get_json("/search?q=sante").0, 200);
    }
    // The server closes the stalled connection (after its header timeout)
    // without answering it: the read ends with nothing.
    let mut rest = Vec::new();
    let read = stalled.read_to_end(&mut rest);
    assert!(read.is_ok_and(|n| n == 0) || rest.is_empty(), "{rest:?}");
    // The trickling one is cut off long before its 80-odd bytes are sent
    // (a write fails once the server has closed; the first may still pass).
    let sent = trickling.join().unwrap();
    assert!(sent < 40, "the server took {sent} bytes at one a second");
}

#[test]
fn a_passage_of_a_subdirectory_is_found_by_its_id() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[(
        "revue/a.txt",
        "Titre\nLa santé numérique progresse.\n".as_bytes(),
    )]);
    let index = fouille.index();
    let server = fouille.serve(&[
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    let (status, results) = server.get_json("/search?q=sante");
    assert_eq!(status, 200);
    let id = results["hits"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(id, "revue/a:2");
    let (status, passage) = server.get_json(&format!("/passages/{id}"));
    assert_eq!(status, 200, "{passage}");
    assert_eq!(passage["passage"]["id"], "revue/a:2");
}

/// A connection to the server on `port` from the loopback address
/// `source` (127.0.0.0/8 is all loopback): another client, as the server
/// counts them.
fn connect_from(source: [u8; 4], port: u16) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket
            .bind((std::net::Ipv4Addr::from(source), 0).into())
            .unwrap();
        let stream = socket.connect(([127, 0, 0, 1], port).into()).await;
        stream.unwrap().into_std().unwrap()
    });
    stream.set_nonblocking(false).unwrap();
    stream
}

/// Sends a keep-alive GET and reads its answer; `None` when no answer
/// comes within `wait`.
fn exchange(stream: &mut TcpStream, target: &str, wait: Duration) -> Option<(u16, String, String)> {
    stream.set_read_timeout(Some(wait)).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => raw.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&raw).into_owned();
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_string())
        })
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, head, String::from_utf8_lossy(&body).into_owned()))
}

#[test]
fn clients_holding_many_idle_connections_cannot_starve_another() {
    // 1,100 keep-alive connections from one client sending a request now
    // and then made every other client wait: they held every connection
    // slot. A client now holds at most its share, the others are turned
    // away with 429, and a connection left idle is closed.
    let fouille = Fouille::new();
    let server = start_with(
        &fouille,
        &[
            "--max-connections",
            "40",
            "--client-connections",
            "10",
            "--idle-timeout",
            "3",
        ],
    );
    let (mut held, mut turned_away) = (Vec::new(), 0);
    for _ in 0..60 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        match exchange(&mut stream, "/health", Duration::from_secs(2)) {
            Some((200, _, _)) => held.push(stream),
            Some((429, head, body)) => {
                assert!(head.to_ascii_lowercase().contains("retry-after"), "{head}");
                let json: serde_json::Value = serde_json::from_str(&body).unwrap();
                assert!(json["error"]
                    .as_str()
                    .unwrap()
                    .contains("too many connections"));
                turned_away += 1;
            }
            other => panic!("no answer, or an unexpected one: {other:?}"),
        }
    }
    assert_eq!((held.len(), turned_away), (10, 50));
    let started = std::time::Instant::now();
    let mut other = connect_from([127, 0, 0, 2], server.port);
    let answer = exchange(&mut other, "/search?q=sante", Duration::from_secs(5));
    assert_eq!(answer.map(|a| a.0), Some(200));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Silent past the idle timeout: closed by the server.
    std::thread::sleep(Duration::from_millis(4500));
    for mut stream in held {
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let mut byte = [0u8; 1];
        assert!(
            matches!(stream.read(&mut byte), Ok(0) | Err(_)),
            "an idle connection is still open"
        );
    }
}

#[test]
fn a_client_that_never_reads_its_answers_is_cut_off() {
    // A client that pipelines requests and never reads the answers held
    // its connection for ever (no write timeout).
    let fouille = Fouille::new();
    let server = start_with(
        &fouille,
        &["--client-connections", "1", "--write-timeout", "2"],
    );
    let mut greedy = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    greedy
        .set_write_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let request = "GET /search?q=sante+donnees+numerique&limit=100&explain=1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
    for _ in 0..2000 {
        if greedy.write_all(request.as_bytes()).is_err() {
            break;
        }
    }
    // Its one connection is its share; once the server gives up writing
    // to it, the slot is free again.
    let started = std::time::Instant::now();
    loop {
        let mut next = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        match exchange(&mut next, "/health", Duration::from_secs(5)) {
            Some((200, _, _)) => break,
            Some((429, _, _)) => {}
            other => panic!("unexpected: {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the client that never reads still holds its connection"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(greedy);
}

#[test]
fn a_client_over_its_request_rate_gets_429_and_others_do_not() {
    let fouille = Fouille::new();
    let server = start_with(&fouille, &["--client-rate", "5"]);
    let mut statuses = Vec::new();
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    for _ in 0..30 {
        let (status, head, body) =
            exchange(&mut stream, "/health", Duration::from_secs(5)).unwrap();
        if status == 429 {
            assert!(
                head.to_ascii_lowercase().contains("retry-after: 1"),
                "{head}"
            );
            assert!(body.contains("too many requests"), "{body}");
        }
        statuses.push(status);
    }
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!((10..=20).contains(&limited), "{statuses:?}");
    assert!(statuses[..10].iter().all(|s| *s == 200), "{statuses:?}");
    let mut other = connect_from([127, 0, 0, 3], server.port);
    let answer = exchange(&mut other, "/health", Duration::from_secs(5));
    assert_eq!(answer.map(|a| a.0), Some(200));
}

#[test]
fn requests_hyper_refuses_get_json_errors_too() {
    // hyper answers these before any handler runs, with an empty body.
    let fouille = Fouille::new();
    let server = start(&fouille);
    let long_line = format!(
        "GET /analyze?text={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(70_000)
    );
    let many_headers = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..200)
            .map(|i| format!("X-{i}: y\r\n"))
            .collect::<String>()
    );
    let huge_header = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "y".repeat(200_000)
    );
    for (raw, status) in [
        ("GARBAGE\r\n\r\n".to_string(), 400),
        (long_line, 414),
        (many_headers, 431),
        (huge_header, 431),
    ] {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let _ = stream.write_all(raw.as_bytes());
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{head}");
        assert!(head.contains("content-type: application/json"), "{head}");
        let json: serde_json::Value =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{status}: {e}: {body:?}"));
        assert!(
            json["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{json}"
        );
    }
}

#[test]
fn a_network_server_refuses_to_start_without_a_key() {
    let fouille = Fouille::new();
    let corpus = repo_corpus();
    let run = fouille.run(&[
        "serve",
        "--addr",
        "0.0.0.0:0",
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("--api-key") && run.stderr.contains("--no-auth"),
        "{}",
        run.stderr
    );
    let short = fouille.run(&["serve", "--api-key", "short"]);
    assert_eq!(short.code, 1);
    assert!(short.stderr.contains("16"), "{}", short.stderr);
    // With a key, on every address: a request without it is refused, and
    // hits name files from the corpus root, no path of the server's disk.
    let key = "network-key-0123456789";
    let server = fouille.serve_at(
        "0.0.0.0:0",
        &["--corpus", corpus.to_str().unwrap(), "--api-key", key],
    );
    let (status, _, body) = server.request_with("GET", "/search?q=sante", "Host: localhost\r\n");
    assert_eq!(status, 401, "{body}");
    let (status, _, body) = server.request_with(
        "GET",
        "/search?q=sante",
        &format!("Host: fouille.example\r\nAuthorization: Bearer {key}\r\n"),
    );
    assert_eq!(
        status, 200,
        "any host name is answered on a network address: {body}"
    );
    assert!(!body.contains(corpus.to_str().unwrap()), "{body}");
}

#[test]
fn keys_open_what_their_role_allows_and_nothing_else() {
    let fouille = Fouille::new();
    let (search_key, admin_key) = ("search-key-0123456789", "admin-key-0123456789ab");
    let server = start_with(
        &fouille,
        &["--api-key", search_key, "--admin-key", admin_key],
    );
    let bearer = |key: &str| format!("Host: localhost\r\nAuthorization: Bearer {key}\r\n");
    let cases = [
        ("/search?q=sante", String::from("Host: localhost\r\n"), 401),
        ("/search?q=sante", bearer("wrong-key-0123456789"), 401),
        ("/search?q=sante", bearer(search_key), 200),
        (
            "/analyze?text=sante",
            String::from("Host: localhost\r\n"),
            401,
        ),
        ("/stats", bearer(search_key), 403),
        ("/stats", bearer(admin_key), 200),
        ("/search?q=sante", bearer(admin_key), 200),
        ("/health", String::from("Host: localhost\r\n"), 200),
        ("/", String::from("Host: localhost\r\n"), 200),
        // Every match, and the corpus's own files, are the corpus too.
        ("/export?q=sante", String::from("Host: localhost\r\n"), 401),
        ("/export?q=sante", bearer(search_key), 200),
        (
            "/files/001_a58ccc61bfa5b1e8.txt",
            String::from("Host: localhost\r\n"),
            401,
        ),
        ("/files/001_a58ccc61bfa5b1e8.txt", bearer(search_key), 200),
        // The fields of the documents tell of the corpus too; an endpoint
        // that does not exist tells nothing without a key.
        ("/fields", String::from("Host: localhost\r\n"), 401),
        ("/fields?x=1", String::from("Host: localhost\r\n"), 401),
        ("/fields", bearer("wrong-key-0123456789"), 401),
        ("/fields", bearer(search_key), 200),
        ("/nowhere", String::from("Host: localhost\r\n"), 401),
        ("/nowhere", bearer(search_key), 404),
        ("/app.js", String::from("Host: localhost\r\n"), 200),
        ("/openapi.json", String::from("Host: localhost\r\n"), 200),
    ];
    for (target, headers, expected) in cases {
        let (status, head, body) = server.request_with("GET", target, &headers);
        assert_eq!(status, expected, "{target} {headers:?}: {body}");
        if status == 401 {
            assert!(
                head.to_ascii_lowercase()
                    .contains("www-authenticate: bearer"),
                "{head}"
            );
        }
        if status != 200 {
            let json: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(json["error"].is_string(), "{body}");
        }
    }
}

#[test]
fn a_loopback_server_answers_loopback_names_only_and_no_other_origin() {
    // DNS rebinding: a page of evil.example whose name now points to
    // 127.0.0.1 sends requests with `Host: evil.example`.
    let fouille = Fouille::new();
    let server = start(&fouille);
    for host in ["localhost", "127.0.0.1:7700", "[::1]:7700"] {
        let (status, _, body) =
            server.request_with("GET", "/search?q=sante", &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "{host}: {body}");
    }
    let (status, _, body) = server.request_with("GET", "/search?q=sante", "Host: evil.example\r\n");
    assert_eq!(status, 421, "{body}");
    // No CORS unless configured: a page of another origin cannot read.
    let origin = "Host: localhost\r\nOrigin: https://notes.example\r\n";
    let (_, head, _) = server.request_with("GET", "/search?q=sante", origin);
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin"),
        "{head}"
    );
    let open = start_with(&Fouille::new(), &["--cors-origin", "https://notes.example"]);
    let (status, head, _) = open.request_with("GET", "/search?q=sante", origin);
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("access-control-allow-origin: https://notes.example"),
        "{head}"
    );
    let preflight = format!("{origin}Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization\r\n");
    let (status, head, _) = open.request_with("OPTIONS", "/search?q=sante", &preflight);
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("access-control-allow-headers: authorization"),
        "{head}"
    );
}

#[test]
fn hits_can_name_files_from_the_corpus_root() {
    let fouille = Fouille::new();
    let corpus = repo_corpus();
    let default = start(&fouille);
    let (_, found) = default.get_json("/search?q=sante");
    let file = found["hits"][0]["file"].as_str().unwrap().to_string();
    assert!(file.contains("corpus/"), "{file}");
    let relative = start_with(&fouille, &["--paths", "relative"]);
    let (_, found) = relative.get_json("/search?q=sante");
    let file = found["hits"][0]["file"].as_str().unwrap();
    assert!(!file.contains('/') && file.ends_with(".txt"), "{file}");
    assert!(
        !found.to_string().contains(corpus.to_str().unwrap()),
        "{found}"
    );
}

/// `schema`, or the schema its `$ref` points to in `spec`.
fn resolve<'a>(
    spec: &'a serde_json::Value,
    schema: &'a serde_json::Value,
) -> &'a serde_json::Value {
    match schema["$ref"].as_str() {
        Some(pointer) => {
            let target = spec
                .pointer(pointer.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("no {pointer}"));
            resolve(spec, target)
        }
        None => schema,
    }
}

/// Where `value` breaks `schema` (the part of JSON Schema the description
/// uses: type, nullable, enum, required, properties, items, allOf, anyOf,
/// minimum, maximum, minItems, maxItems), as paths into the value.
fn violations(
    spec: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
) -> Vec<String> {
    use serde_json::Value;
    let schema = resolve(spec, schema);
    let mut found = Vec::new();
    if value.is_null() && schema["nullable"] == true {
        return found;
    }
    if let Some(all) = schema["allOf"].as_array() {
        for part in all {
            found.extend(violations(spec, part, value, at));
        }
    }
    if let Some(any) = schema["anyOf"].as_array().or(schema["oneOf"].as_array()) {
        if any
            .iter()
            .all(|part| !violations(spec, part, value, at).is_empty())
        {
            found.push(format!("{at}: matches none of anyOf/oneOf"));
        }
    }
    if let Some(kind) = schema["type"].as_str() {
        let ok = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !ok {
            found.push(format!("{at}: {value} is not {kind}"));
            return found;
        }
    }
    if let Some(options) = schema["enum"].as_array() {
        if !options.contains(value) {
            found.push(format!("{at}: {value} not in {options:?}"));
        }
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), value.as_f64()) {
        if n < min {
            found.push(format!("{at}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), value.as_f64()) {
        if n > max {
            found.push(format!("{at}: {n} > {max}"));
        }
    }
    if let Value::Object(object) = value {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap();
            if !object.contains_key(name) {
                found.push(format!("{at}: `{name}` is missing"));
            }
        }
        if let Some(properties) = schema["properties"].as_object() {
            for (name, property) in properties {
                if let Some(inner) = object.get(name) {
                    found.extend(violations(spec, property, inner, &format!("{at}.{name}")));
                }
            }
        }
    }
    if let Value::Array(items) = value {
        if let Some(n) = schema["minItems"].as_u64() {
            if (items.len() as u64) < n {
                found.push(format!("{at}: fewer than {n} items"));
            }
        }
        if let Some(n) = schema["maxItems"].as_u64() {
            if (items.len() as u64) > n {
                found.push(format!("{at}: more than {n} items"));
            }
        }
        if schema.get("items").is_some() {
            for (i, item) in items.iter().enumerate() {
                found.extend(violations(
                    spec,
                    &schema["items"],
                    item,
                    &format!("{at}[{i}]"),
                ));
            }
        }
    }
    found
}

#[test]
fn the_openapi_description_is_served_and_true_to_every_answer() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let (status, spec) = server.get_json("/openapi.json");
    assert_eq!(status, 200);
    assert_eq!(spec["openapi"], "3.0.3");
    let (_, found) = server.get_json("/search?q=sant%C3%A9+%22donn%C3%A9es%22&explain=1&limit=5");
    let id = hit_ids(&found)[0].clone();
    let cases = [
        (
            "/search",
            "/search?q=sant%C3%A9+%22donn%C3%A9es%22&explain=1&limit=5".to_string(),
        ),
        ("/search", "/search?q=zzzzqqq".to_string()),
        ("/search", "/search?limit=abc&q=x".to_string()),
        ("/search", "/search?q=%20".to_string()),
        ("/export", "/export?q=%20".to_string()),
        ("/export", "/export?q=x&format=xml".to_string()),
        (
            "/concord",
            "/concord?q=sant%C3%A9&width=20&sort=right&limit=5".to_string(),
        ),
        ("/concord", "/concord?q=sant%C3%A9&sort=up".to_string()),
        ("/distribution", "/distribution?q=IA&by=doc".to_string()),
        ("/distribution", "/distribution?q=IA&by=sourse".to_string()),
        ("/passages/{id}", format!("/passages/{id}?context=2")),
        ("/passages/{id}", "/passages/nope:1".to_string()),
        ("/passages/{id}", "/passages/%FF".to_string()),
        (
            "/analyze",
            "/analyze?text=L%E2%80%99%C3%A9t%C3%A9%20d%27aujourd%27hui".to_string(),
        ),
        ("/analyze", "/analyze".to_string()),
        ("/fields", "/fields".to_string()),
        ("/fields", "/fields?q=x".to_string()),
        ("/health", "/health".to_string()),
        ("/stats", "/stats".to_string()),
        ("/openapi.json", "/openapi.json".to_string()),
    ];
    for (path, target) in cases {
        let (status, _, body) = server.request("GET", &target);
        let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
        let response = &spec["paths"][path]["get"]["responses"][status.to_string()];
        assert!(
            !response.is_null(),
            "{target}: status {status} is not described"
        );
        let response = resolve(&spec, response);
        let schema = &response["content"]["application/json"]["schema"];
        assert!(!schema.is_null(), "{target}: {status} has no schema");
        let wrong = violations(&spec, schema, &answer, "$");
        assert!(wrong.is_empty(), "{target} ({status}): {wrong:#?}");
    }
    // Every endpoint of the router is described, and nothing else.
    let described: Vec<&str> = spec["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for path in [
        "/search",
        "/export",
        "/concord",
        "/distribution",
        "/passages/{id}",
        "/files/{path}",
        "/fields",
        "/analyze",
        "/health",
        "/stats",
        "/openapi.json",
    ] {
        assert!(described.contains(&path), "{path} is not described");
    }
    assert_eq!(described.len(), 11, "{described:?}");
}

#[test]
fn the_server_speaks_https_with_a_given_certificate() {
    let tools = ["openssl", "curl"];
    if tools
        .iter()
        .any(|t| Command::new(t).arg("--version").output().is_err())
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install openssl and curl"
        );
        eprintln!("skipped: openssl or curl is not installed");
        return;
    }
    let fouille = Fouille::new();
    let dir = fouille.dir.path();
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args([
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let server = start_with(
        &fouille,
        &["--tls-cert", "cert.pem", "--tls-key", "key.pem"],
    );
    let url = format!(
        "https://localhost:{}/search?q=sant%C3%A9&limit=1",
        server.port
    );
    let fetched = Command::new("curl")
        .args(["-sS", "--cacert", "cert.pem", &url])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        fetched.status.success(),
        "{}",
        String::from_utf8_lossy(&fetched.stderr)
    );
    let found: serde_json::Value = serde_json::from_slice(&fetched.stdout).unwrap();
    assert_eq!(hit_ids(&found).len(), 1, "{found}");
    // Plain HTTP on the HTTPS port gets nothing.
    let plain = Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "5",
            &format!("http://localhost:{}/health", server.port),
        ])
        .output()
        .unwrap();
    assert!(!plain.status.success() || !String::from_utf8_lossy(&plain.stdout).contains("ok"));
    // A key given as the certificate is refused at start, with the file;
    // a device is not read for ever.
    let wrong = fouille.run(&["serve", "--tls-cert", "key.pem", "--tls-key", "key.pem"]);
    assert_eq!(wrong.code, 1);
    assert!(wrong.stderr.contains("key.pem"), "{}", wrong.stderr);
    let device = fouille.run(&["serve", "--tls-cert", "/dev/zero", "--tls-key", "key.pem"]);
    assert_eq!(device.code, 1);
    assert!(device.stderr.contains("/dev/zero"), "{}", device.stderr);
}

#[test]
fn a_server_re_indexes_when_its_corpus_changes() {
    // The server answered from a stale index, and never said so.
    let fouille = Fouille::new();
    let corpus =
        fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique progresse.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let server = fouille.serve(&["--rescan", "1"]);
    assert!(server.finds_soon("cardiologie", 0));
    std::fs::write(corpus.join("b.txt"), "Titre\nLa cardiologie numérique.\n").unwrap();
    assert!(
        server.finds_soon("cardiologie", 1),
        "the added file was not indexed"
    );
    std::fs::remove_file(corpus.join("b.txt")).unwrap();
    assert!(
        server.finds_soon("cardiologie", 0),
        "the removed file is still found"
    );
    let (status, health) = server.get_json("/health");
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    // Its index deleted: the server rebuilds it from the corpus it knows.
    std::fs::remove_dir_all(fouille.index()).unwrap();
    let healthy = soon(|| {
        let (status, health) = server.get_json("/health");
        let rebuilt = fouille.index().join("CURRENT").exists();
        (status == 200 && health["status"] == "ok" && rebuilt).then_some(())
    });
    assert!(healthy.is_some(), "the deleted index was not rebuilt");
    // Its corpus gone: still answering, and saying the index is stale.
    std::fs::rename(&corpus, fouille.dir.path().join("moved")).unwrap();
    let stale = soon(|| {
        let (_, health) = server.get_json("/health");
        (health["status"] == "stale").then_some(health)
    })
    .expect("/health never said the corpus is gone");
    assert!(
        stale["stale"]
            .as_str()
            .unwrap()
            .contains("cannot be listed"),
        "{stale}"
    );
    let (status, found) = server.get_json("/search?q=sante");
    assert_eq!(status, 200);
    assert!(found["stale"].is_string(), "{found}");
}

#[test]
fn page_furniture_is_searched_when_asked_and_said_when_not() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let phrase = encode("\"rapport complet\"");
    let (status, json) = server.get_json(&format!("/search?q={phrase}"));
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["total_hits"], 0, "{json}");
    assert_eq!(json["notes"][0]["note"], "furniture_left_out", "{json}");
    let (status, json) = server.get_json(&format!("/search?q={phrase}&include_boilerplate=1"));
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["total_hits"], 1, "{json}");
    assert_eq!(json["hits"][0]["furniture"], "web_cue", "{json}");
    assert_eq!(json["hits"][0]["id"], "001_a58ccc61bfa5b1e8:41", "{json}");
    // Yes or no, in the words people use; anything else is refused.
    for (value, hits) in [("yes", 1), ("ON", 1), ("true", 1), ("0", 0), ("no", 0)] {
        let (status, json) =
            server.get_json(&format!("/search?q={phrase}&include_boilerplate={value}"));
        assert_eq!(
            (status, json["total_hits"].as_u64()),
            (200, Some(hits)),
            "{value}: {json}"
        );
    }
    for value in ["", "oui", "2"] {
        let (status, json) =
            server.get_json(&format!("/search?q={phrase}&include_boilerplate={value}"));
        assert_eq!(status, 400, "{value}: {json}");
        assert!(
            json["error"]
                .as_str()
                .unwrap()
                .contains("include_boilerplate"),
            "{json}"
        );
        let (status, _) = server.get_json(&format!("/search?q={phrase}&explain={value}"));
        assert_eq!(status, 400, "explain={value}");
    }
}

#[test]
fn exact_words_over_http() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[("patrimoine.txt", super::HERITAGE.as_bytes())]);
    let server = start_on(&fouille, &corpus, &[]);
    let (status, json) = server.get_json("/search?q=tour");
    assert_eq!(
        (status, json["total_hits"].clone()),
        (200, 2.into()),
        "{json}"
    );
    let (status, json) = server.get_json("/search?q=tour&exact=1");
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["total_hits"], 1);
    assert_eq!(json["hits"][0]["id"], "patrimoine:5");
    let (status, json) = server.get_json(&format!("/search?q={}", encode("=tours")));
    assert_eq!(
        (status, json["hits"][0]["id"].clone()),
        (200, "patrimoine:3".into())
    );
}

#[test]
fn the_server_searches_with_a_synonyms_file_given_to_it() {
    let fouille = Fouille::new();
    let synonyms = fouille.dir.path().join("synonymes.txt");
    std::fs::write(&synonyms, "radiologue, praticien\n").unwrap();
    let server = start_with(&fouille, &["--synonyms", synonyms.to_str().unwrap()]);
    assert_eq!(server.first_synonym("radiologues"), "praticien");
    // The bundled corpus writes « praticiens » in two passages that never
    // say « radiologue »: found through the synonym.
    let (status, json) = server.get_json("/search?q=radiologue&explain=1&limit=100");
    assert_eq!(status, 200, "{json}");
    let through_synonym: Vec<&serde_json::Value> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            let matches = h["explain"]["matches"].as_array().unwrap();
            !matches.is_empty()
                && matches
                    .iter()
                    .all(|m| m["synonym"] == true && m["term"] == "praticien")
        })
        .collect();
    assert_eq!(through_synonym.len(), 2, "{json}");
    assert!(through_synonym
        .iter()
        .all(|h| h["text"].as_str().unwrap().contains("praticiens")));
}

#[test]
fn a_hit_opens_its_source_file_and_no_other_file_is_sent() {
    let fouille = Fouille::new();
    let report = fouille_ingest::pdf_report();
    let corpus = fouille.write_corpus(&[
        ("rapports/eau.pdf", &report),
        ("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("notes.txt", "Les nappes baissent encore.\n".as_bytes()),
    ]);
    std::fs::write(corpus.parent().unwrap().join("secret.txt"), "secret").unwrap();
    let server = start_on(&fouille, &corpus, &[]);
    let (status, found) = server.get_json(&format!("/search?q={}", encode("interopérabilité")));
    assert_eq!(status, 200, "{found}");
    let hit = &found["hits"][0];
    assert_eq!(hit["path"], "rapports/eau.pdf");
    assert_eq!(hit["page"], 1);
    let (status, head, body) = server.request("GET", "/files/rapports/eau.pdf");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_lowercase()
            .contains("content-type: application/pdf"),
        "{head}"
    );
    assert!(body.starts_with("%PDF-"));
    let (status, head, body) = server.request("GET", "/files/notes.txt");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_lowercase()
            .contains("content-security-policy: sandbox"),
        "{head}"
    );
    assert_eq!(body, "Les nappes baissent encore.\n");
    for other in [
        "/files/logo.png",
        "/files/../secret.txt",
        "/files/%2E%2E/secret.txt",
        "/files/rapports/../notes.txt",
        "/files/nope.pdf",
    ] {
        let (status, _, body) = server.request("GET", other);
        assert_eq!(status, 404, "{other}: {body}");
        assert!(!body.contains("secret\""), "{other}: {body}");
    }
}

/// The body of a chunked HTTP/1.1 answer, its chunks joined.
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

#[test]
fn every_match_is_exported_as_the_command_line_writes_it() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let (status, head, body) = server.request("GET", "/export?q=IA&exact=1&include_boilerplate=1");
    assert_eq!(status, 200, "{head}{body}");
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("content-type: text/csv; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("x-total-count: 61"), "{head}");
    assert!(
        head.contains("attachment; filename=\"fouille.csv\""),
        "{head}"
    );
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(&body)
    } else {
        body
    };
    let cli = fouille.on_repo(
        "search",
        &["--all", "--exact", "--include-boilerplate", "IA"],
    );
    assert_eq!(body, cli.stdout);
    let (status, _, jsonl) = server.request(
        "GET",
        &format!("/export?q={}&format=jsonl", encode("santé")),
    );
    assert_eq!(status, 200);
    let (_, found) = server.get_json(&format!("/search?q={}&limit=0", encode("santé")));
    let rows = dechunk(&jsonl).lines().count() as u64;
    assert_eq!(
        Some(rows),
        found["total_hits"].as_u64(),
        "every match, not a page"
    );
    for (target, status) in [
        ("/export", 400),
        ("/export?q=sant%C3%A9&format=xls", 400),
        ("/export?q=sant%C3%A9&limit=5", 400),
        ("/export?q=sant%C3%A9&exact=peut-%C3%AAtre", 400),
    ] {
        let (got, _, body) = server.request("GET", target);
        assert_eq!(got, status, "{target}: {body}");
        assert!(body.contains("\"error\""), "{target}: {body}");
    }
}

#[test]
fn filters_and_facets_over_http() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(super::export::SOURCES);
    let server = start_on(&fouille, &corpus, &[]);
    let (status, json) = server.get_json("/search?q=sant%C3%A9&facets=source,author");
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["facets"]["source"]["lemonde"], 2, "{json}");
    assert_eq!(json["facets"]["author"]["Le Gall"], 1, "{json}");
    // The facet count of a value is the count under its filter, in
    // /search and /export alike.
    for (value, count) in json["facets"]["source"].as_object().unwrap() {
        let filter = encode(&format!("source = \"{value}\""));
        let (status, filtered) = server.get_json(&format!("/search?q=sant%C3%A9&filter={filter}"));
        assert_eq!(
            (status, &filtered["total_hits"]),
            (200, count),
            "{filtered}"
        );
        let (status, headers, body) = server.request(
            "GET",
            &format!("/export?q=sant%C3%A9&format=jsonl&filter={filter}"),
        );
        assert_eq!(status, 200, "{body}");
        // The body is chunked: its rows are the lines of JSON.
        let rows = body.lines().filter(|l| l.starts_with('{')).count();
        assert_eq!(Some(rows as u64), count.as_u64(), "{body}");
        assert!(headers
            .to_lowercase()
            .contains(&format!("x-total-count: {count}")));
    }
    let (status, json) = server.get_json(&format!(
        "/search?q=sant%C3%A9&filter={}",
        encode("date >= 2024 AND dte = 1")
    ));
    assert_eq!(status, 400, "{json}");
    assert_eq!(
        json["error"], "filter: unknown field \"dte\" at 1:18",
        "{json}"
    );
    // The fields a filter or a facet can name, each with its documents
    // and its values: a tag list gives a value per tag.
    let (status, json) = server.get_json("/fields");
    assert_eq!(status, 200, "{json}");
    let field = |name: &str| {
        json["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}: {json}"))
    };
    for (name, documents, values) in [
        ("source", 3, 3),
        ("author", 2, 2),
        ("tags", 1, 2),
        ("year", 3, 3),
        ("doc", 3, 3),
    ] {
        let found = field(name);
        assert_eq!(
            (found["documents"].as_u64(), found["values"].as_u64()),
            (Some(documents), Some(values)),
            "{name}: {found}"
        );
    }
    let (status, json) = server.get_json("/fields?name=source");
    assert_eq!(status, 400, "{json}");
    assert!(
        json["error"].as_str().unwrap().contains("takes none"),
        "{json}"
    );
    for bad in ["sort=date:down", "facets=sourse", "filter=(source"] {
        let (status, json) = server.get_json(&format!("/search?q=sant%C3%A9&{bad}"));
        assert_eq!(status, 400, "{bad}: {json}");
        let (status, _, body) = server.request("GET", &format!("/export?q=sant%C3%A9&{bad}"));
        // /export takes no facets: an unknown parameter, 400 too.
        assert_eq!(status, 400, "{bad}: {body}");
    }
}

#[test]
fn concordance_and_distribution_over_http_agree_with_the_command_line() {
    let fouille = Fouille::new();
    let server = start(&fouille);
    let (status, json) =
        server.get_json("/concord?q=IA&exact=1&include_boilerplate=1&limit=3&offset=2");
    assert_eq!(status, 200, "{json}");
    let run = fouille.search_repo(&["--all", "--exact", "--include-boilerplate", "IA"]);
    assert_eq!(run.code, 0);
    let cli = fouille.on_repo(
        "concord",
        &["--exact", "--include-boilerplate", "--format", "json", "IA"],
    );
    let cli = cli.json();
    assert_eq!(
        json["total"],
        cli["occurrences"].as_array().unwrap().len(),
        "{json}"
    );
    assert_eq!(json["occurrences"].as_array().unwrap().len(), 3);
    assert_eq!(json["occurrences"][0], cli["occurrences"][2]);
    // Sorted by their contexts, as the command line sorts them (`sort`
    // here is the concordance's order, not a sort of documents).
    for order in ["left", "right"] {
        let (status, json) = server.get_json(&format!(
            "/concord?q=IA&exact=1&include_boilerplate=1&sort={order}&limit=10000"
        ));
        assert_eq!(status, 200, "{order}: {json}");
        let cli = fouille.on_repo(
            "concord",
            &[
                "--exact",
                "--include-boilerplate",
                "--sort",
                order,
                "--format",
                "json",
                "IA",
            ],
        );
        assert_eq!(json["occurrences"], cli.json()["occurrences"], "{order}");
    }
    let (status, json) = server.get_json("/distribution?q=IA&by=doc&exact=1&include_boilerplate=1");
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["total"]["occurrences"], json["total"]["occurrences"]);
    assert_eq!(
        json["total"]["occurrences"].as_u64(),
        Some(cli["occurrences"].as_array().unwrap().len() as u64)
    );
    for bad in [
        "/concord?q=IA&width=0",
        "/concord?q=IA&limit=10001",
        "/distribution?q=IA&by=sourse",
        "/concord?q=IA&filter=dte%3D1",
    ] {
        let (status, json) = server.get_json(bad);
        assert_eq!(status, 400, "{bad}: {json}");
    }
}
