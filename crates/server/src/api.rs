//! The JSON endpoints.
//!
//! | endpoint | answer |
//! | --- | --- |
//! | `GET /search?q=…&limit=…&offset=…&explain=…` | what `fouille search --json` prints |
//! | `GET /export?q=…&format=csv\|tsv\|jsonl` | every match, as `fouille search --all` writes it, streamed |
//! | `GET /passages/{id}?context=N` | what `fouille show --json` prints |
//! | `GET /analyze?text=…` | what `fouille analyze --json` prints |
//! | `GET /files/{file}` | a document of the index, as its file (`#page=N` of a PDF opens at its page) |
//! | `GET /health` | `{"status": "ok", "generation": …}` once the index is open |
//! | `GET /stats` | documents, passages, index size, uptime, queries, latency percentiles |
//!
//! Errors are `{"error": "…"}` with the status that says whose fault it is:
//! 400 for a bad parameter, 404 for an unknown passage or path, 405 for a
//! method other than GET, 429 when a client asks too often, 503 when the
//! server is overloaded, 500 otherwise.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fouille_ingest::FrenchAnalyzer;
use fouille_query::{ConcordOrder, QueryError, RowFormat, RowWriter, Scope, SearchOptions};
use serde_json::json;

use crate::state::AppState;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest page one request may ask for.
pub const MAX_OFFSET: usize = 10_000;
/// Most passages of context around a passage.
pub const MAX_CONTEXT: usize = 50;
/// Longest text `/analyze` accepts, in characters: 5,000 characters of
/// four bytes each, percent-encoded, make a request line of 60 KB, under
/// the 64 KB hyper accepts (at 10,000 the limit could not be reached:
/// hyper answered 414 first).
pub const MAX_ANALYZE_CHARS: usize = 5_000;
/// Seconds a client told the server is busy (503) should wait.
pub const RETRY_AFTER_SECONDS: u32 = 1;

/// An error answered as `{"error": "…"}` with its status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// A 400 Bad Request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// A 500: what went wrong is logged, never sent (it may name files
    /// and internals).
    pub fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the search failed inside the server (the index may be damaged: see the server's log)",
        )
    }

    /// An error with any status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let response = (self.status, Json(json!({ "error": self.message }))).into_response();
        if matches!(
            self.status,
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS
        ) {
            return come_back_later(response);
        }
        response
    }
}

/// A 503 or 429 answer, told when to come back.
fn come_back_later(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    response
}

impl From<QueryError> for ApiError {
    fn from(error: QueryError) -> Self {
        let status = match &error {
            e if e.is_usage() => StatusCode::BAD_REQUEST,
            QueryError::UnknownPassage { .. } => StatusCode::NOT_FOUND,
            _ => {
                tracing::error!(%error, "a request failed");
                return ApiError::internal();
            }
        };
        ApiError::new(status, error.to_string())
    }
}

type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

/// The query string's parameters, refused when one is not among `known`:
/// a misspelt `lmit=` was silently ignored, and the default answered.
fn params(params: Params, known: &[&str]) -> Result<HashMap<String, String>, ApiError> {
    let params = params
        .map(|Query(p)| p)
        .map_err(|e| ApiError::bad_request(format!("bad query string: {e}")))?;
    if let Some(unknown) = params.keys().find(|k| !known.contains(&k.as_str())) {
        let unknown: String = unknown.chars().take(40).collect();
        let takes = if known.is_empty() {
            "this endpoint takes none".to_string()
        } else {
            format!("this endpoint takes: {}", known.join(", "))
        };
        return Err(ApiError::bad_request(format!(
            "unknown parameter `{unknown}` ({takes})"
        )));
    }
    Ok(params)
}

/// A whole-number parameter in `0..=max`, `default` when absent.
fn number(
    params: &HashMap<String, String>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    let Some(raw) = params.get(name) else {
        return Ok(default);
    };
    match raw.trim().parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "{name} must be a whole number from 0 to {max}, not `{raw}`"
        ))),
    }
}

/// A yes-or-no parameter, false when absent: `1`, `true`, `yes` or `on`,
/// `0`, `false`, `no` or `off`, in any case; anything else is refused
/// rather than read as no (`explain=oui` would silently explain nothing).
fn flag(params: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    let Some(raw) = params.get(name) else {
        return Ok(false);
    };
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ApiError::bad_request(format!(
            "{name} must be 1, true, yes or on (or 0, false, no, off), not `{}`",
            raw.chars().take(40).collect::<String>()
        ))),
    }
}

/// Runs blocking work (a search) off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        // A panic's text is for the log, not for the client: it may name
        // files and internals.
        tracing::error!(error = %e, "a search failed");
        ApiError::internal()
    })?
}

/// `GET /search`.
pub async fn search(
    State(state): State<Arc<AppState>>,
    query: Params,
) -> Result<Response, ApiError> {
    let params = params(
        query,
        &[
            "q",
            "limit",
            "offset",
            "explain",
            "include_boilerplate",
            "exact",
            "filter",
            "sort",
            "facets",
        ],
    )?;

    let q = query_text(&params)?;
    let scope = scope(&params)?;
    let options = SearchOptions {
        limit: number(&params, "limit", 10, MAX_LIMIT)?,
        offset: number(&params, "offset", 0, MAX_OFFSET)?,
        explain: flag(&params, "explain")?,
        include_furniture: flag(&params, "include_boilerplate")?,
        exact: flag(&params, "exact")?,
    };
    let stale = state.stale();
    let results = blocking(move || {
        let started = Instant::now();
        let results = state.engine().search_in(&q, options, &scope)?;
        state.record(started.elapsed());
        Ok(results)
    })
    .await?;
    // The results, flagged when the index is stale and could not be
    // rebuilt.
    Ok(Json(fouille_query::Flagged {
        answer: &results,
        stale: stale.as_deref(),
    })
    .into_response())
}

/// The options of parameters `include_boilerplate` and `exact`: which
/// passages match, for the endpoints that take every match.
fn matching(params: &HashMap<String, String>) -> Result<SearchOptions, ApiError> {
    Ok(SearchOptions {
        include_furniture: flag(params, "include_boilerplate")?,
        exact: flag(params, "exact")?,
        ..SearchOptions::default()
    })
}

/// Longest `filter`, `sort` or `facets` parameter, in characters.
const MAX_SCOPE_CHARS: usize = fouille_query::filter::MAX_FILTER_BYTES;

/// The scope of parameters `filter`, `sort` and `facets` (fields,
/// comma-separated).
fn scope(params: &HashMap<String, String>) -> Result<Scope, ApiError> {
    let text = |name: &str| -> Result<Option<String>, ApiError> {
        match params.get(name).map(|v| v.trim()) {
            None | Some("") => Ok(None),
            Some(v) if v.chars().count() > MAX_SCOPE_CHARS => Err(ApiError::bad_request(format!(
                "{name} is too long (at most {MAX_SCOPE_CHARS} characters)"
            ))),
            Some(v) => Ok(Some(v.to_string())),
        }
    };
    Ok(Scope {
        filter: text("filter")?,
        sort: text("sort")?,
        facets: text("facets")?
            .map(|f| {
                f.split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// The query of parameter `q`: given, not blank, not too long.
fn query_text(params: &HashMap<String, String>) -> Result<String, ApiError> {
    let q = params.get("q").map(|q| q.trim()).unwrap_or_default();
    if q.is_empty() {
        return Err(ApiError::bad_request("missing or empty parameter q"));
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(format!(
            "q is too long (at most {MAX_QUERY_CHARS} characters)"
        )));
    }
    Ok(q.to_string())
}

/// Bytes of rows `/export` sends at a time.
const EXPORT_CHUNK: usize = 64 << 10;

/// `GET /export?q=…&format=csv|tsv|jsonl`: every passage that matches, as
/// `fouille search --all` writes them, streamed as they are cited (the
/// count in `X-Total-Count`). Errors of the query come before the first
/// row, as JSON with their status.
pub async fn export(
    State(state): State<Arc<AppState>>,
    query: Params,
) -> Result<Response, ApiError> {
    let params = params(
        query,
        &[
            "q",
            "format",
            "include_boilerplate",
            "exact",
            "filter",
            "sort",
        ],
    )?;
    let q = query_text(&params)?;
    let scope = scope(&params)?;
    let format = match params.get("format").map(String::as_str) {
        None => RowFormat::Csv,
        Some(name) => RowFormat::named(name).ok_or_else(|| {
            ApiError::bad_request(format!("format must be csv, tsv or jsonl, not {name:?}"))
        })?,
    };
    let options = matching(&params)?;
    // A thread cites the matches and sends the rows a chunk at a time; it
    // says first whether the query could be run, and how many match.
    let (started, ready) = tokio::sync::oneshot::channel::<Result<usize, ApiError>>();
    let (sender, chunks) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(4);
    tokio::task::spawn_blocking(move || {
        let engine = state.engine();
        let matches = match engine.matches_in(&q, options, &scope) {
            Ok(matches) => matches,
            Err(e) => {
                let _ = started.send(Err(e.into()));
                return;
            }
        };
        if started.send(Ok(matches.len())).is_err() {
            return;
        }
        let send = |chunk| sender.blocking_send(chunk).is_ok();
        let extra = engine.fields().other_names();
        let Ok(mut rows) = RowWriter::with_fields(Vec::with_capacity(EXPORT_CHUNK), format, extra)
        else {
            return;
        };
        for citation in matches {
            let written = match citation {
                Ok(citation) => rows.row(&citation),
                Err(e) => Err(std::io::Error::other(e.to_string())),
            };
            if let Err(e) = written {
                // The body ends in error: the client sees it cut short.
                tracing::error!(error = %e, "an export failed");
                send(Err(e));
                return;
            }
            if rows.get_mut().len() >= EXPORT_CHUNK {
                let chunk = std::mem::replace(rows.get_mut(), Vec::with_capacity(EXPORT_CHUNK));
                // The client went away: stop.
                if !send(Ok(chunk)) {
                    return;
                }
            }
        }
        if let Ok(last) = rows.finish() {
            send(Ok(last));
        }
    });
    let total = ready.await.map_err(|_| ApiError::internal())??;
    let body = axum::body::Body::from_stream(futures_util::stream::unfold(
        chunks,
        |mut chunks| async move { chunks.recv().await.map(|chunk| (chunk, chunks)) },
    ));
    let disposition = format!("attachment; filename=\"fouille.{}\"", format.extension());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert("x-total-count", HeaderValue::from(total));
    Ok(response)
}

/// `GET /passages/{id}`.
pub async fn passage(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    query: Params,
) -> Result<Response, ApiError> {
    let Path(id) =
        id.map_err(|e| ApiError::bad_request(format!("bad passage id in the path: {e}")))?;
    let params = params(query, &["context"])?;
    let context = number(&params, "context", 0, MAX_CONTEXT)?;
    let shown = blocking(move || Ok(state.engine().passage(&id, context)?)).await?;
    Ok(Json(shown).into_response())
}

/// Largest file `/files` sends.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// `GET /files/{file}`: a document of the index, as its file, so that a
/// hit's citation opens its source (`rapport.pdf#page=12`). Only the
/// documents the index holds are served, by their path in the corpus;
/// HTML is sandboxed (its scripts cannot run as this site), and no type
/// is sniffed.
pub async fn file(
    State(state): State<Arc<AppState>>,
    file: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(file) =
        file.map_err(|e| ApiError::bad_request(format!("bad file path in the path: {e}")))?;
    let engine = state.engine();
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no document of the index is the file {file:?}"),
        )
    };
    let Some(path) = engine.source_file(&file) else {
        return Err(not_found());
    };
    let bytes =
        blocking(move || {
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            if size > MAX_FILE_BYTES {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the file is larger than {} MB", MAX_FILE_BYTES >> 20),
                ));
            }
            std::fs::read(&path).map_err(|e| {
            tracing::warn!(error = %e, path = %path.display(), "a document's file cannot be read");
            ApiError::new(StatusCode::NOT_FOUND, "the document's file cannot be read any more")
        })
        })
        .await?;
    let extension = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = match extension.as_str() {
        "pdf" => "application/pdf",
        "html" | "htm" | "xhtml" => "text/html; charset=utf-8",
        "epub" => "application/epub+zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt" => "application/vnd.oasis.opendocument.text",
        _ if std::str::from_utf8(&bytes).is_ok() => "text/plain; charset=utf-8",
        // Text in a legacy encoding: the browser's detector reads it.
        "txt" | "text" | "md" | "markdown" => "text/plain",
        _ => "application/octet-stream",
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if kind != "application/pdf" {
        // A page of the corpus is the corpus's, not this site's: no script
        // of it runs with this origin.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
    }
    Ok(response)
}

/// `GET /analyze`: the text's tokens, and the synonyms it would be
/// searched with in the index served.
pub async fn analyze(
    State(state): State<Arc<AppState>>,
    query: Params,
) -> Result<Response, ApiError> {
    let params = params(query, &["text"])?;
    let Some(text) = params.get("text") else {
        return Err(ApiError::bad_request("missing parameter text"));
    };
    if text.chars().count() > MAX_ANALYZE_CHARS {
        return Err(ApiError::bad_request(format!(
            "text is too long (at most {MAX_ANALYZE_CHARS} characters)"
        )));
    }
    let tokens = FrenchAnalyzer::new().words(text);
    let mut synonyms = state.engine().synonyms().in_text(text);
    // A text that is no query (only punctuation) meets no name.
    synonyms.extend(state.engine().names_in(text).unwrap_or_default());
    Ok(Json(json!({ "text": text, "tokens": tokens, "synonyms": synonyms })).into_response())
}

/// Most occurrences `/concord` gives in one answer.
const MAX_OCCURRENCES: usize = 10_000;

/// `GET /concord?q=…&width=…&sort=doc|left|right&filter=…`: the
/// occurrences of a query in context, as `fouille concord --format json`
/// gives them, a page at a time (`limit`, `offset`; `total` counts all).
pub async fn concord(
    State(state): State<Arc<AppState>>,
    query: Params,
) -> Result<Response, ApiError> {
    let params = params(
        query,
        &[
            "q",
            "width",
            "sort",
            "limit",
            "offset",
            "filter",
            "exact",
            "include_boilerplate",
        ],
    )?;
    let q = query_text(&params)?;
    // `sort` is the concordance's order (below), not a sort of documents.
    let scope = Scope {
        sort: None,
        ..scope(&params)?
    };
    let width = number(
        &params,
        "width",
        fouille_query::DEFAULT_WIDTH,
        fouille_query::MAX_WIDTH,
    )?;
    let limit = number(&params, "limit", 100, MAX_OCCURRENCES)?;
    let offset = number(&params, "offset", 0, 100_000_000)?;
    if width == 0 {
        return Err(ApiError::bad_request("width must be from 1 to 500, not 0"));
    }
    let order = match params.get("sort").map(String::as_str) {
        None | Some("doc") => ConcordOrder::Doc,
        Some("left") => ConcordOrder::Left,
        Some("right") => ConcordOrder::Right,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "sort must be doc, left or right, not {:?}",
                other.chars().take(40).collect::<String>()
            )))
        }
    };
    let options = matching(&params)?;
    let answer = blocking(move || {
        let found = state
            .engine()
            .concordance(&q, options, &scope, width, order)?;
        let total = found.occurrences.len();
        let page: Vec<_> = found
            .occurrences
            .into_iter()
            .skip(offset)
            .take(limit)
            .collect();
        Ok(json!({
            "query": q,
            "total": total,
            "passages": found.passages,
            "documents": found.documents,
            "occurrences": page,
        }))
    })
    .await?;
    Ok(Json(answer).into_response())
}

/// `GET /distribution?q=…&by=…&filter=…`: how a query is spread over
/// documents, sections or a field's values, as `fouille stats --json`.
pub async fn distribution(
    State(state): State<Arc<AppState>>,
    query: Params,
) -> Result<Response, ApiError> {
    let params = params(
        query,
        &["q", "by", "filter", "exact", "include_boilerplate"],
    )?;
    let q = query_text(&params)?;
    let scope = scope(&params)?;
    let by = params.get("by").cloned().unwrap_or_else(|| "doc".into());
    if by.chars().count() > 100 {
        return Err(ApiError::bad_request(
            "by is too long (at most 100 characters)",
        ));
    }
    let options = matching(&params)?;
    let answer =
        blocking(move || Ok(state.engine().distribution(&q, options, &scope, &by)?)).await?;
    Ok(Json(answer).into_response())
}

/// `GET /fields`: the fields of the documents served, each with how many
/// documents have it and how many values it takes: what `filter`,
/// `facets`, `sort` and `by` can name. The search page offers as facets
/// the fields of a few values.
pub async fn fields(
    State(state): State<Arc<AppState>>,
    query: Params,
) -> Result<Response, ApiError> {
    params(query, &[])?;
    let engine = state.engine();
    Ok(Json(json!({ "fields": engine.fields().summary() })).into_response())
}

/// `GET /health`: 200 `{"status": "ok"}` while the generation served is
/// on disk, 503 with the reason once it is gone (deleted under the
/// server) and no rebuilt one has replaced it.
pub async fn health(State(state): State<Arc<AppState>>) -> Response {
    // A rebuild deletes the generation it replaces: open the new one now
    // rather than at the watcher's next look. The answer rests on one look
    // at the generation: looked at twice, a deletion between the looks
    // (while the new one is served) said the index was gone.
    let mut engine = state.engine();
    let mut present = engine.generation().is_dir();
    if !present {
        let reloading = Arc::clone(&state);
        let _ = blocking(move || Ok(reloading.reload_if_changed().ok())).await;
        engine = state.engine();
        present = engine.generation().is_dir();
    }
    let generation = engine
        .generation()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let unhealthy = |status: &str, error: String| {
        let body = json!({ "status": status, "generation": generation, "error": error });
        come_back_later((StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response())
    };
    if let Some(failed) = state.failed_reload() {
        return unhealthy(
            "damaged",
            format!(
                "the index's current generation ({}) cannot be opened: {}; \
                 searches are answered from the previous one ({}) until the index is rebuilt",
                failed
                    .generation
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                failed.reason,
                generation.as_deref().unwrap_or("?"),
            ),
        );
    }
    if !present {
        return unhealthy(
            "unavailable",
            "the index generation being served was deleted; rebuild the index with `fouille index`"
                .into(),
        );
    }
    if let Some(stale) = state.stale() {
        return Json(json!({ "status": "stale", "generation": generation, "stale": stale }))
            .into_response();
    }
    Json(json!({ "status": "ok", "generation": generation })).into_response()
}

/// `GET /stats`.
pub async fn stats(State(state): State<Arc<AppState>>) -> Response {
    let snapshot = blocking(move || Ok(state.snapshot())).await;
    match snapshot {
        Ok(snapshot) => Json(snapshot).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The OpenAPI description of this API (kept true by the tests).
pub const OPENAPI: &str = include_str!("openapi.json");

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// Any path that is not an endpoint.
pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such endpoint: {}", uri.path()),
    )
}

/// A method other than GET on an endpoint.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed: use GET",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_search_is_a_500_without_its_text() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let error = runtime
            .block_on(blocking::<()>(|| {
                panic!("index out of bounds in /srv/secret/index/gen-1/x.idx")
            }))
            .unwrap_err();
        assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.message.contains("secret"), "{}", error.message);
        assert!(!error.message.contains("panicked"), "{}", error.message);
    }

    #[test]
    fn an_index_failure_is_a_500_that_names_no_host_path() {
        use fouille_ingest::{Damage, IngestError};
        let damaged = QueryError::Index(IngestError::CorruptIndex {
            path: "/srv/secret/index".into(),
            reason: Damage::Passage("passage 3 is not UTF-8".into()),
            corpus: Some("/srv/secret/corpus".into()),
        });
        let error = ApiError::from(damaged);
        assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.message.contains("secret"), "{}", error.message);
        let usage = ApiError::from(QueryError::UnknownPassage { id: "x:1".into() });
        assert_eq!(usage.status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn busy_answers_say_when_to_come_back() {
        let response =
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is busy").into_response();
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
        let response = ApiError::bad_request("no").into_response();
        assert!(response.headers().get(header::RETRY_AFTER).is_none());
    }
}
