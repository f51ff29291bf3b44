//! The router, its safety layers, and the server's life cycle.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{BoxError, Router};
use fouille_ingest::IndexDir;
use fouille_query::QueryError;
use tower::ServiceBuilder;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::access::{check_access, Access, ApiKey, LOOPBACK_NAMES};
use crate::api::{self, ApiError};
use crate::limits::{raise_open_files_limit, ClientConnections, RequestRates};
use crate::page;
use crate::raw_errors::JsonParseErrors;
use crate::state::{AppState, CitedPaths};

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on (`127.0.0.1:7700` unless told otherwise).
    pub addr: SocketAddr,
    /// The index directory to serve.
    pub index_dir: PathBuf,
    /// Requests handled at once; beyond that, requests are refused with 503
    /// at once rather than queued without bound.
    pub max_concurrency: usize,
    /// Longest a request may take before it is answered 408.
    pub request_timeout: Duration,
    /// How often to look for a rebuilt index.
    pub reload_interval: Duration,
    /// How often to compare the corpus with the index and re-index it
    /// when files were added, changed or removed (zero: never).
    pub rescan_interval: Duration,
    /// Longest a client may take to send a request's headers; a slower
    /// client's connection is closed.
    pub header_timeout: Duration,
    /// Connections open at once, at most; more wait to be accepted.
    pub max_connections: usize,
    /// Longest the server waits, once asked to stop, for the requests
    /// under way to finish.
    pub shutdown_grace: Duration,
    /// Threads that run searches (one per core by default). Searches are
    /// CPU-bound: more threads than cores only add context switches and
    /// lengthen the tail; requests beyond them wait their turn, up to
    /// `max_concurrency`.
    pub search_threads: usize,
    /// Whether request log lines hold the query string (truncated to
    /// [`LOGGED_QUERY_CHARS`]); method, path, status, latency and client
    /// address are logged either way.
    pub log_queries: bool,
    /// Synonyms to search with besides the corpus's own (the acronyms it
    /// defines, its `synonyms.txt`): `fouille serve --synonyms FILE`.
    pub synonyms: fouille_query::Synonyms,
    /// Connections one client address may hold at once (0: no limit);
    /// more are answered 429 and closed. A few clients holding every
    /// connection open made every other client wait.
    pub client_connections: usize,
    /// Requests a second one client address may make, sustained, with
    /// bursts of twice as many (0: no limit); more are answered 429. By
    /// default [`NETWORK_CLIENT_RATE`] when listening on a network
    /// address, no limit on loopback (the clients are this machine's own
    /// scripts and benchmarks).
    pub client_rate: u32,
    /// Longest a connection may stay silent (no request, or a request
    /// body that stops coming) before it is closed.
    pub idle_timeout: Duration,
    /// Longest an answer may wait for a client to read it before the
    /// connection is closed: a client that sends requests and never reads
    /// its answers holds nothing for longer.
    pub write_timeout: Duration,
    /// API keys; with any, API requests must carry one (see
    /// [`crate::ApiKey`]).
    pub api_keys: Vec<ApiKey>,
    /// Serve on a non-loopback address without API keys: anyone who can
    /// reach the address reads the corpus. Without it, such a server
    /// refuses to start ([`ServerError::Unprotected`]).
    pub no_auth: bool,
    /// Host names requests may be addressed to (`None`: any). By default
    /// the loopback names when listening on loopback, so that a web page
    /// cannot reach the server through DNS rebinding.
    pub allowed_hosts: Option<Vec<String>>,
    /// Origins whose pages may call the API from a browser (CORS); none
    /// by default.
    pub cors_origins: Vec<String>,
    /// Serve HTTPS with this certificate and key (PEM files) instead of
    /// plain HTTP.
    pub tls: Option<TlsFiles>,
    /// How hits name files: by default with the corpus directory on
    /// loopback (as the command line does), from the corpus root on a
    /// network address.
    pub cited_paths: CitedPaths,
}

/// The certificate chain and private key of a server that speaks HTTPS.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// The certificate chain, PEM (the server's certificate first).
    pub cert: PathBuf,
    /// Its private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Requests a second per client by default when listening on a network
/// address.
pub const NETWORK_CLIENT_RATE: u32 = 100;

/// File descriptors kept for the index and the log when the connection
/// limit is fitted under the process's open-file limit.
const RESERVED_FILES: u64 = 64;

/// Characters of a request's query string (and of its path) kept in its
/// log line: a 64 KB query logged whole, for every request, wrote 265 MB
/// of log in 6 s.
pub const LOGGED_QUERY_CHARS: usize = 120;

/// The address of the client of a connection, put in each of its
/// requests' extensions for the log.
#[derive(Debug, Clone, Copy)]
struct ClientAddr(SocketAddr);

/// `text` cut to `max` characters, with `…` when cut.
fn truncated(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl ServerConfig {
    /// The defaults, listening on `addr` and serving `index_dir`.
    pub fn new(addr: SocketAddr, index_dir: PathBuf) -> Self {
        // On loopback, the clients are this machine's own: no rate limit,
        // citations as the command line gives them, and only loopback
        // names answered (against DNS rebinding).
        let loopback = addr.ip().is_loopback();
        ServerConfig {
            addr,
            index_dir,
            max_concurrency: 256,
            request_timeout: Duration::from_secs(10),
            reload_interval: Duration::from_millis(250),
            rescan_interval: Duration::from_secs(2),
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
            search_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            log_queries: true,
            synonyms: fouille_query::Synonyms::default(),
            client_connections: 64,
            client_rate: if loopback { 0 } else { NETWORK_CLIENT_RATE },
            idle_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(10),
            api_keys: Vec::new(),
            no_auth: false,
            allowed_hosts: loopback.then(|| {
                // The loopback names, and the address the server listens
                // on (127.0.0.2 is loopback too).
                let mut names: Vec<String> = LOOPBACK_NAMES.iter().map(|h| h.to_string()).collect();
                names.push(addr.ip().to_string());
                names
            }),
            cors_origins: Vec::new(),
            tls: None,
            cited_paths: if loopback {
                CitedPaths::WithCorpus
            } else {
                CitedPaths::FromCorpusRoot
            },
        }
    }

    /// Fails when the server would listen on a non-loopback address
    /// with no API key and without `no_auth`.
    pub fn check_protected(&self) -> Result<(), ServerError> {
        if !self.addr.ip().is_loopback() && self.api_keys.is_empty() && !self.no_auth {
            return Err(ServerError::Unprotected { addr: self.addr });
        }
        Ok(())
    }

    /// The runtime to [`serve`] on: async workers for the connections, and
    /// `search_threads` threads for searches and other blocking work.
    pub fn runtime(&self) -> std::io::Result<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_multi_thread()
            .max_blocking_threads(self.search_threads.max(1))
            .enable_all()
            .build()
    }
}

/// What can stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The index could not be opened.
    #[error(transparent)]
    Index(#[from] QueryError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
    /// A non-loopback address without API keys nor `no_auth`.
    #[error(
        "listening on {addr} without an API key would let anyone who can reach it read the \
         whole corpus: give a key (--api-key, or FOUILLE_API_KEY), or --no-auth to serve it \
         to everyone"
    )]
    Unprotected {
        /// The address.
        addr: SocketAddr,
    },
    /// The TLS certificate or key cannot be used.
    #[error("TLS: {0}")]
    Tls(String),
    /// A CORS origin that is not a valid header value.
    #[error("--cors-origin `{0}` is not a valid origin (scheme://host[:port])")]
    BadOrigin(String),
}

/// Bytes of a request's head (request line and headers) read at most:
/// the request line may take hyper's 64 KB, and a connection cannot hold
/// more than this much of the server's memory in headers (hyper's default,
/// about 400 KB, let 1,024 connections hold 400 MB).
const MAX_HEAD_BYTES: usize = 96 * 1024;

/// The Bytes of a request body accepted at most: the API takes no bodies.
const MAX_BODY_BYTES: usize = 16 * 1024;

/// The application: endpoints, page, and their safety layers.
pub fn router(state: Arc<AppState>, config: &ServerConfig) -> Result<Router, ServerError> {
    let overload = |error: BoxError| async move { layer_error(error) };
    let log_queries = config.log_queries;
    let make_span = move |request: &axum::http::Request<axum::body::Body>| {
        let uri = request.uri();
        let query = match uri.query() {
            Some(query) if log_queries => truncated(query, LOGGED_QUERY_CHARS),
            Some(_) => "(not logged)".to_string(),
            None => String::new(),
        };
        let client = request
            .extensions()
            .get::<ClientAddr>()
            .map(|c| c.0.to_string())
            .unwrap_or_default();
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %truncated(uri.path(), LOGGED_QUERY_CHARS),
            query = %query,
            client = %client,
        )
    };
    let rates = Arc::new(RequestRates::new(config.client_rate));
    let access = Access::new(config.api_keys.clone(), config.allowed_hosts.clone());
    let cors = cors_layer(&config.cors_origins)?;
    let router = Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/search", get(api::search))
        .route("/export", get(api::export))
        .route("/concord", get(api::concord))
        .route("/distribution", get(api::distribution))
        .route("/passages/{*id}", get(api::passage))
        .route("/files/{*file}", get(api::file))
        .route("/fields", get(api::fields))
        .route("/analyze", get(api::analyze))
        .route("/health", get(api::health))
        .route("/stats", get(api::stats))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(make_span)
                        .on_request(())
                        .on_response(
                            DefaultOnResponse::new()
                                .level(Level::INFO)
                                .latency_unit(tower_http::LatencyUnit::Micros),
                        ),
                )
                .layer(axum::middleware::from_fn_with_state(rates, limit_rate))
                .layer(axum::middleware::from_fn_with_state(access, check_access))
                .layer(HandleErrorLayer::new(overload))
                .load_shed()
                .concurrency_limit(config.max_concurrency)
                .timeout(config.request_timeout),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    Ok(match cors {
        Some(cors) => router.layer(cors),
        None => router,
    })
}

/// The CORS layer for `origins`; none (browsers keep other origins out)
/// when there are none.
fn cors_layer(origins: &[String]) -> Result<Option<tower_http::cors::CorsLayer>, ServerError> {
    use axum::http::{header, HeaderValue, Method};
    if origins.is_empty() {
        return Ok(None);
    }
    let origins = origins
        .iter()
        .map(|o| {
            let o = o.trim().trim_end_matches('/');
            let valid = (o.starts_with("http://") || o.starts_with("https://"))
                && !o["https://".len().min(o.len())..].contains('/');
            HeaderValue::from_str(o)
                .ok()
                .filter(|_| valid)
                .ok_or_else(|| ServerError::BadOrigin(o.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(
        tower_http::cors::CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([header::AUTHORIZATION])
            .max_age(Duration::from_secs(600)),
    ))
}

/// The answer to an error of the safety layers: busy (503), too slow
/// (408), or anything else (500, its text logged only). Every one is JSON
/// (tower-http's timeout answered 408 with an empty body).
fn layer_error(error: BoxError) -> ApiError {
    if error.is::<tower::load_shed::error::Overloaded>() {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy: try again shortly",
        )
    } else if error.is::<tower::timeout::error::Elapsed>() {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "the request took too long and was stopped",
        )
    } else {
        tracing::error!(%error, "a request failed");
        ApiError::internal()
    }
}

/// Answers 429 to a client over its request rate.
async fn limit_rate(
    axum::extract::State(rates): axum::extract::State<Arc<RequestRates>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let client = request.extensions().get::<ClientAddr>().map(|c| c.0.ip());
    if client.is_some_and(|client| !rates.allow(client)) {
        return ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests from your address: slow down",
        )
        .into_response();
    }
    next.run(request).await
}

/// Runs the server until Ctrl-C or SIGTERM, then lets requests under way
/// finish. `on_ready` is called with the bound address once the index is
/// open and the server accepts connections.
pub async fn serve(
    config: ServerConfig,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    // Files read into memory: a file of the generation truncated under the
    // server must not kill it (SIGBUS on a mapped page past the end).
    config.check_protected()?;
    let tls = config.tls.as_ref().map(tls_acceptor).transpose()?;
    let index_dir = IndexDir::new(&config.index_dir).read_into_memory();
    let paths = config.cited_paths;
    let synonyms = config.synonyms.clone();
    let state = Arc::new(
        tokio::task::spawn_blocking(move || AppState::open(index_dir, paths, synonyms))
            .await
            .map_err(std::io::Error::other)??,
    );
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr()?;
    tokio::spawn(watch_index(Arc::clone(&state), config.reload_interval));
    if !config.rescan_interval.is_zero() {
        tokio::spawn(watch_corpus(Arc::clone(&state), config.rescan_interval));
    }
    let app = router(state, &config)?;
    if config.api_keys.is_empty() {
        if !addr.ip().is_loopback() {
            tracing::warn!(
                "no API key (--no-auth): anyone who can reach {addr} can read the whole corpus"
            );
        }
    } else {
        tracing::info!(
            keys = config.api_keys.len(),
            "API requests must carry a key (Authorization: Bearer …)"
        );
    }
    on_ready(addr);
    accept_loop(listener, app, &config, tls).await;
    tracing::info!("stopped");
    Ok(())
}

/// Serves connections until Ctrl-C or SIGTERM, then lets the requests
/// under way finish (for at most `shutdown_grace`).
///
/// hyper serves each connection itself rather than through `axum::serve`,
/// which has no header timeout: a client that sends its headers a byte at
/// a time would hold its connection for ever. At most `max_connections`
/// are open at once, so that such clients cannot use up the process's
/// file descriptors either.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: Router,
    config: &ServerConfig,
    tls: Option<tokio_rustls::TlsAcceptor>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let max_connections = fit_connections(config.max_connections);
    let slots = Arc::new(tokio::sync::Semaphore::new(max_connections));
    let per_client = ClientConnections::new(config.client_connections);
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, client) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a little rather than spin.
                tracing::warn!(%error, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let Some(client_slot) = per_client.open(client.ip()) else {
            tokio::spawn(turn_away(stream, config.client_connections));
            continue;
        };
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_read_timeout(Some(config.idle_timeout));
        stream.set_write_timeout(Some(config.write_timeout));
        let stream = Box::pin(stream);
        let connection = Connection {
            app: app.clone(),
            client,
            header_timeout: config.header_timeout,
            watcher: graceful.watcher(),
        };
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => connection.serve(stream).await,
                Some(acceptor) => {
                    // The handshake gets the time the headers get.
                    let handshake =
                        tokio::time::timeout(connection.header_timeout, acceptor.accept(stream));
                    if let Ok(Ok(stream)) = handshake.await {
                        connection.serve(stream).await;
                    }
                }
            }
            drop((slot, client_slot));
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(config.shutdown_grace) => {
            tracing::warn!("requests still under way after the grace period; stopping anyway");
        }
    }
}

/// One accepted connection, to be served once its TLS handshake (if any)
/// is done.
struct Connection {
    app: Router,
    client: SocketAddr,
    header_timeout: Duration,
    watcher: hyper_util::server::graceful::Watcher,
}

impl Connection {
    /// Serves HTTP/1.1 on `io` until the client or the server closes it.
    async fn serve<I>(self, io: I)
    where
        I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        use hyper::server::conn::http1;
        use hyper_util::rt::{TokioIo, TokioTimer};
        use hyper_util::service::TowerToHyperService;

        let client = self.client;
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_timeout)
            .max_buf_size(MAX_HEAD_BYTES)
            .serve_connection(
                TokioIo::new(JsonParseErrors::new(io)),
                TowerToHyperService::new(tower::ServiceExt::map_request(
                    self.app,
                    move |mut request: axum::http::Request<hyper::body::Incoming>| {
                        request.extensions_mut().insert(ClientAddr(client));
                        request
                    },
                )),
            );
        let _ = self.watcher.watch(connection).await;
    }
}

/// Largest certificate chain or key file read, in bytes.
const MAX_PEM_BYTES: u64 = 1 << 20;

/// The TLS acceptor for a certificate chain and its private key, both PEM.
fn tls_acceptor(files: &TlsFiles) -> Result<tokio_rustls::TlsAcceptor, ServerError> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};

    let failed = |what: &Path, error: &dyn std::fmt::Display| {
        ServerError::Tls(format!("{}: {error}", what.display()))
    };
    // A certificate chain or a key is a few kilobytes: a device or a huge
    // file given by mistake (`/dev/zero`) is refused, not read for ever.
    for file in [&files.cert, &files.key] {
        let meta = std::fs::metadata(file).map_err(|e| failed(file, &e))?;
        if !meta.is_file() || meta.len() > MAX_PEM_BYTES {
            return Err(failed(
                file,
                &format!("not a PEM file (a regular file of at most {MAX_PEM_BYTES} bytes)"),
            ));
        }
    }
    let certs = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| failed(&files.cert, &e))?;
    if certs.is_empty() {
        return Err(failed(&files.cert, &"no PEM certificate in it"));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| failed(&files.key, &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ServerError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| failed(&files.key, &e))?;
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(tls)))
}

/// The connections to allow at once: `wanted`, or fewer when the
/// process's open-file limit (raised to its hard limit first) could not
/// hold them and the files the server needs.
fn fit_connections(wanted: usize) -> usize {
    let wanted = wanted.max(1);
    let Some(files) = raise_open_files_limit() else {
        return wanted;
    };
    let fits = usize::try_from(files.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX);
    if fits < wanted {
        tracing::warn!(
            "the open-file limit ({files}) allows {} connections at once, not {wanted}: raise it (ulimit -n) for more",
            fits.max(1)
        );
    }
    wanted.min(fits).max(1)
}

/// Answers 429 to a connection over its client's share, and closes it.
async fn turn_away(mut stream: tokio::net::TcpStream, max: usize) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = serde_json::json!({
        "error": format!("too many connections from your address (at most {max} at once)")
    })
    .to_string();
    let answer = format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: {}\r\nconnection: close\r\n\r\n{body}",
        body.len(),
        api::RETRY_AFTER_SECONDS,
    );
    let write = async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
        // Closing with the request unread would reset the connection, and
        // the client could lose the answer: read until the client closes.
        let mut sink = [0u8; 4096];
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), write).await;
}

/// Re-indexes the corpus when its files change (see
/// [`AppState::check_corpus`]).
async fn watch_corpus(state: Arc<AppState>, every: Duration) {
    use crate::state::CorpusCheck;
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last = CorpusCheck::Fresh;
    loop {
        ticks.tick().await;
        let checking = Arc::clone(&state);
        let Ok(check) = tokio::task::spawn_blocking(move || checking.check_corpus()).await else {
            continue;
        };
        match &check {
            CorpusCheck::Rebuilt(changes) => {
                tracing::info!("the corpus changed ({changes}): re-indexed");
            }
            CorpusCheck::Stale(reason) if check != last => {
                tracing::warn!("the index is stale: {reason}");
            }
            CorpusCheck::Unlisted if check != last => {
                tracing::warn!("the corpus of the index cannot be listed (gone?)");
            }
            _ => {}
        }
        last = check;
    }
}

/// Swaps in a rebuilt index when `fouille index` commits one.
async fn watch_index(state: Arc<AppState>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // A failure is logged when it starts or changes, not at every tick (a
    // deleted index gave a warning every 250 ms).
    let mut failing: Option<String> = None;
    loop {
        ticks.tick().await;
        let state_of_failure = Arc::clone(&state);
        let state = Arc::clone(&state);
        let failure = match tokio::task::spawn_blocking(move || state.reload_if_changed()).await {
            Ok(Ok(Some(generation))) => {
                tracing::info!(generation = %generation.display(), "serving the rebuilt index");
                None
            }
            // Not tried again yet: still failing as it was.
            Ok(Ok(None)) => failing
                .clone()
                .filter(|_| state_of_failure.failed_reload().is_some()),
            Ok(Err(error)) => Some(format!(
                "cannot open the rebuilt index ({error}); still serving the previous one"
            )),
            Err(error) => Some(format!("index watcher failed: {error}")),
        };
        if failure != failing {
            match &failure {
                Some(message) => tracing::warn!("{message}"),
                None if failing.is_some() => tracing::info!("the index can be opened again"),
                None => {}
            }
            failing = failure;
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests under way");
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    fn answer(error: BoxError) -> (StatusCode, serde_json::Value) {
        let response = layer_error(error).into_response();
        let status = response.status();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let body = runtime
            .block_on(axum::body::to_bytes(response.into_body(), 1 << 20))
            .unwrap();
        (status, serde_json::from_slice(&body).unwrap())
    }

    #[test]
    fn a_loopback_server_answers_to_its_own_address() {
        let config = ServerConfig::new("127.0.0.2:7700".parse().unwrap(), "index".into());
        let hosts = config.allowed_hosts.unwrap();
        assert!(hosts.iter().any(|h| h == "127.0.0.2"), "{hosts:?}");
        assert!(hosts.iter().any(|h| h == "localhost"), "{hosts:?}");
        let network = ServerConfig::new("0.0.0.0:7700".parse().unwrap(), "index".into());
        assert!(network.allowed_hosts.is_none());
    }

    #[test]
    fn errors_of_the_safety_layers_are_json_and_say_no_internals() {
        let (status, json) = answer(Box::new(tower::timeout::error::Elapsed::new()));
        assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
        assert!(json["error"].as_str().unwrap().contains("too long"));
        let (status, json) = answer(Box::new(tower::load_shed::error::Overloaded::new()));
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(json["error"].as_str().unwrap().contains("busy"));
        let (status, json) = answer("cannot read /srv/secret/index/gen-1/x.idx".into());
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!json.to_string().contains("secret"), "{json}");
    }
}
