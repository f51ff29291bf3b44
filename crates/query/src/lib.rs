//! Querying for fouille: reading queries, retrieving and ranking passages,
//! highlights and citations.
//!
//! ```no_run
//! use fouille_ingest::IndexDir;
//! use fouille_query::{Engine, SearchOptions};
//!
//! let engine = Engine::open(&IndexDir::new("index"))?;
//! let results = engine.search("interopérabilité", SearchOptions::default())?;
//! for hit in &results.hits {
//!     println!("{}:{} {}", hit.citation.file, hit.citation.line, hit.citation.text);
//! }
//! # Ok::<(), fouille_query::QueryError>(())
//! ```
#![warn(missing_docs)]

pub mod dedup;
pub mod engine;
pub mod error;
pub mod eval;
pub mod explain;
pub mod fuzzy;
pub mod highlight;
pub mod hit;
pub mod parse;
pub mod plan;
#[cfg(test)]
mod properties;
pub mod rerank;
pub mod sample;
pub mod statistics;

pub use engine::{Engine, SearchOptions};
pub use error::QueryError;
pub use hit::{Citation, PassageContext, SearchHit, SearchResults};
pub use parse::ParsedQuery;
