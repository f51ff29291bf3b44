//! Who may ask what: API keys, and the host names the server answers to.
//!
//! - **API keys.** With keys configured, every API request carries
//!   `Authorization: Bearer KEY`. A search key (read-only) may use
//!   `/search`, `/export`, `/concord`, `/distribution`, `/fields`,
//!   `/passages`, `/files` and `/analyze` (every path but the open ones,
//!   unknown ones too); an admin key may also read `/stats`. `/health`,
//!   the page and its assets, and `/openapi.json` are open: a load
//!   balancer and a browser must reach them before any key is given. A server listening on anything but loopback refuses to
//!   start without a key unless told `--no-auth` (see
//!   [`crate::ServerConfig`]).
//! - **Host names.** A server on loopback answers only requests addressed
//!   to a loopback name (`localhost`, `127.0.0.1`, `[::1]`): a web page
//!   that rebinds its own domain to 127.0.0.1 (DNS rebinding) cannot read
//!   the corpus through the user's browser.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Search, read passages, analyse text.
    Search,
    /// All of the above, and the server's statistics.
    Admin,
}

/// An API key and what it may do.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    key: String,
    role: Role,
}

/// Characters an API key has at least: a short key can be guessed.
pub const MIN_KEY_CHARS: usize = 16;

impl ApiKey {
    /// A key with its role; `None` when it is shorter than
    /// [`MIN_KEY_CHARS`] or holds a character a header cannot carry.
    pub fn new(key: &str, role: Role) -> Option<ApiKey> {
        let key = key.trim();
        let printable = key.bytes().all(|b| b.is_ascii_graphic());
        (key.chars().count() >= MIN_KEY_CHARS && printable).then(|| ApiKey {
            key: key.to_string(),
            role,
        })
    }
}

impl std::fmt::Debug for ApiKey {
    /// Never the key itself: configurations get logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKey({:?}, …)", self.role)
    }
}

/// The access rules of a running server.
#[derive(Debug, Default)]
pub(crate) struct Access {
    keys: Vec<ApiKey>,
    /// Host names requests may be addressed to (lowercase, no port);
    /// `None`: any.
    hosts: Option<Vec<String>>,
}

/// What an endpoint asks for: nothing for the few that must be open, a
/// search key for every other (a new endpoint is closed until it is
/// listed here as open), an admin key for `/stats`.
fn required_role(path: &str) -> Option<Role> {
    match path {
        "/" | "/app.js" | "/app.css" | "/health" | "/openapi.json" => None,
        "/stats" => Some(Role::Admin),
        _ => Some(Role::Search),
    }
}

/// Compares without stopping at the first difference, so that the time a
/// comparison takes does not tell how much of a key was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The host name of a `Host` header, lowercase, without its port.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else if host.matches(':').count() > 1 {
        // A bare IPv6 address: its colons are not a port's.
        host
    } else {
        host.rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host, |(name, _)| name)
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// The names of this machine's loopback interface.
pub(crate) const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

impl Access {
    pub(crate) fn new(keys: Vec<ApiKey>, hosts: Option<Vec<String>>) -> Arc<Self> {
        let hosts = hosts.map(|hosts| hosts.iter().map(|h| host_name(h)).collect());
        Arc::new(Access { keys, hosts })
    }

    /// The role of the request's key; `Err` with the answer when the
    /// request may not go on.
    fn check(&self, request: &Request) -> Result<(), Refusal> {
        if let Some(hosts) = &self.hosts {
            // No Host header (HTTP/1.0 by hand): not a browser's request.
            if let Some(host) = request.headers().get(header::HOST) {
                let name = host.to_str().map(host_name).unwrap_or_default();
                if !hosts.contains(&name) {
                    return Err(Refusal::plain(ApiError::new(
                        StatusCode::MISDIRECTED_REQUEST,
                        format!(
                            "this server does not answer for the host `{name}` \
                             (allowed: {}; see --allowed-host)",
                            hosts.join(", ")
                        ),
                    )));
                }
            }
        }
        let Some(required) = required_role(request.uri().path()) else {
            return Ok(());
        };
        if self.keys.is_empty() {
            return Ok(());
        }
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            });
        let Some(given) = given else {
            return Err(unauthorized(
                "this server requires an API key: send `Authorization: Bearer KEY`",
            ));
        };
        let role = self
            .keys
            .iter()
            .filter(|k| same(k.key.as_bytes(), given.as_bytes()))
            .map(|k| k.role)
            .max();
        match role {
            None => Err(unauthorized("this API key is not valid")),
            Some(role) if role < required => Err(Refusal::plain(ApiError::new(
                StatusCode::FORBIDDEN,
                "this API key may search but not read the server's statistics: use an admin key",
            ))),
            Some(_) => Ok(()),
        }
    }
}

/// Why a request may not go on.
#[derive(Debug)]
struct Refusal {
    error: ApiError,
    /// A 401, which tells the client how to authenticate.
    challenge: bool,
}

impl Refusal {
    fn plain(error: ApiError) -> Self {
        Refusal {
            error,
            challenge: false,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = self.error.into_response();
        if self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"fouille\""),
            );
        }
        response
    }
}

fn unauthorized(message: &str) -> Refusal {
    Refusal {
        error: ApiError::new(StatusCode::UNAUTHORIZED, message),
        challenge: true,
    }
}

/// The middleware: answers 421, 401 or 403 when a request may not go on.
pub(crate) async fn check_access(
    State(access): State<Arc<Access>>,
    request: Request,
    next: Next,
) -> Response {
    match access.check(&request) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, host: &str, key: Option<&str>) -> Request {
        let mut builder = Request::builder().uri(path).header(header::HOST, host);
        if let Some(key) = key {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        builder.body(axum::body::Body::empty()).unwrap()
    }

    fn status(access: &Access, request: &Request) -> StatusCode {
        match access.check(request) {
            Ok(()) => StatusCode::OK,
            Err(refusal) => refusal.into_response().status(),
        }
    }

    const SEARCH_KEY: &str = "search-key-0123456789";
    const ADMIN_KEY: &str = "admin-key-0123456789ab";

    #[test]
    fn keys_open_what_their_role_allows() {
        let access = Access::new(
            vec![
                ApiKey::new(SEARCH_KEY, Role::Search).unwrap(),
                ApiKey::new(ADMIN_KEY, Role::Admin).unwrap(),
            ],
            None,
        );
        let cases = [
            ("/search?q=x", None, 401),
            ("/search?q=x", Some("wrong-key-0123456789"), 401),
            ("/search?q=x", Some(SEARCH_KEY), 200),
            ("/passages/a:1", Some(SEARCH_KEY), 200),
            ("/passages/a:1", None, 401),
            ("/analyze?text=x", None, 401),
            ("/stats", Some(SEARCH_KEY), 403),
            ("/stats", Some(ADMIN_KEY), 200),
            ("/search?q=x", Some(ADMIN_KEY), 200),
            ("/health", None, 200),
            ("/", None, 200),
            ("/app.js", None, 200),
            ("/openapi.json", None, 200),
        ];
        for (path, key, expected) in cases {
            let got = status(&access, &request(path, "example.org", key));
            assert_eq!(got.as_u16(), expected, "{path} {key:?}");
        }
        let response = access
            .check(&request("/search", "x", None))
            .unwrap_err()
            .into_response();
        assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));
    }

    #[test]
    fn without_keys_everything_is_open() {
        let access = Access::new(Vec::new(), None);
        assert_eq!(
            status(&access, &request("/stats", "x", None)),
            StatusCode::OK
        );
    }

    #[test]
    fn short_or_unprintable_keys_are_refused() {
        assert!(ApiKey::new("short", Role::Search).is_none());
        assert!(ApiKey::new("a key with spaces inside", Role::Search).is_none());
        assert!(ApiKey::new("ééééééééééééééééé", Role::Search).is_none());
        assert!(!format!("{:?}", ApiKey::new(SEARCH_KEY, Role::Search).unwrap()).contains("0123"));
    }

    #[test]
    fn only_the_allowed_host_names_are_answered() {
        let hosts = LOOPBACK_NAMES.iter().map(|h| h.to_string()).collect();
        let access = Access::new(Vec::new(), Some(hosts));
        for host in [
            "localhost:7700",
            "127.0.0.1",
            "[::1]:7700",
            "LOCALHOST",
            "localhost.",
        ] {
            assert_eq!(
                status(&access, &request("/search", host, None)),
                StatusCode::OK,
                "{host}"
            );
        }
        for host in [
            "evil.example:7700",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
        ] {
            assert_eq!(
                status(&access, &request("/search", host, None)),
                StatusCode::MISDIRECTED_REQUEST,
                "{host}"
            );
        }
    }

    #[test]
    fn host_names_lose_their_port_and_case() {
        assert_eq!(host_name("Example.ORG:80"), "example.org");
        assert_eq!(host_name("[::1]:7700"), "::1");
        assert_eq!(host_name("::1"), "::1");
        assert_eq!(host_name("[fe80::1]"), "fe80::1");
    }
}
