//! The HTTP front end of fouille: a JSON API and a search page over the same
//! query library as the command line, so the two cannot disagree.
//!
//! - `api`: the endpoints (`/search`, `/passages/{id}`, `/analyze`,
//!   `/health`, `/stats`) and their JSON errors;
//! - `page`: the search page (`/`), its script and style, served from the
//!   binary;
//! - `state`: the index being served, swapped for a new one when
//!   `fouille index` rebuilds it, and the statistics of the queries served;
//! - `server`: the router with its safety layers (timeouts, body limit,
//!   bounded concurrency with load shedding) and the server's life cycle;
//! - `raw_errors`: JSON bodies for the errors hyper answers before any
//!   handler runs (400, 414, 431, 505);
//! - `access`: API keys and the host names the server answers to;
//! - `limits`: what one client may hold (connections) and ask (requests
//!   a second), and the process's open-file limit.
//!
//! ```no_run
//! use fouille_server::{serve, ServerConfig};
//!
//! # async fn run() -> Result<(), fouille_server::ServerError> {
//! let config = ServerConfig::new("127.0.0.1:7700".parse().unwrap(), "index".into());
//! serve(config, |addr| println!("listening on http://{addr}")).await
//! # }
//! ```
#![warn(missing_docs)]

mod access;
mod api;
mod limits;
mod page;
mod raw_errors;
mod server;
mod state;

pub use access::{ApiKey, Role, MIN_KEY_CHARS};
pub use server::{router, serve, ServerConfig, ServerError, TlsFiles, NETWORK_CLIENT_RATE};
pub use state::CitedPaths;
