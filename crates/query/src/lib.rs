//! Querying for fouille: reading queries, retrieving and ranking passages,
//! highlights and citations.
//!
//! A query's path through the modules: `parse` (the query as typed) →
//! `plan` (its words resolved against the index, misspelt words through
//! `fuzzy`, statistics from `statistics`) → `retrieval` (tantivy's BM25
//! candidates) → `ranking` (re-ranking, duplicates folded, every weight
//! in [`weights`]) → `highlight` and `citation` → a
//! [`SearchResults`]. `engine` runs it; `context` serves `show`; [`eval`]
//! scores the engine on judgements and `sample` draws benchmark queries
//! from an index.
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

mod citation;
mod concord;
mod context;
mod cooc;
mod engine;
mod error;
pub mod eval;
mod exact;
mod export;
pub mod fields;
pub mod filter;
mod fuzzy;
mod highlight;
mod hit;
mod latency;
mod names;
mod parse;
mod passage_filter;
mod plan;
#[cfg(test)]
mod properties;
mod ranking;
mod retrieval;
pub mod sample;
mod scope;
mod statistics;
mod stats;
mod synonyms;
pub mod weights;

pub use concord::{ConcordOrder, Concordance, Occurrence, DEFAULT_WIDTH, MAX_WIDTH};
pub use cooc::{Collocate, Cooccurrences, DEFAULT_WINDOW, MAX_WINDOW as MAX_COOC_WINDOW};
pub use engine::{Checked, Engine, Matches, SearchOptions};
pub use error::QueryError;
pub use export::{RowFormat, RowWriter, COLUMNS};
pub use hit::{Citation, Flagged, Location, Note, PassageContext, SearchHit, SearchResults};
pub use latency::{LatencyHistogram, Percentiles};
pub use parse::{ParsedQuery, Phrase, QueryTerm, MAX_QUERY_BYTES};
pub use ranking::explain::{Explanation, TermMatch};
pub use ranking::rerank::RankSignals;
pub use scope::{Facets, Scope};
pub use stats::{Distribution, Group, Totals};
pub use synonyms::{
    Found, Member, SynonymSource, Synonyms, TextSynonym, MAX_SYNONYMS_BYTES, SYNONYMS_FILE,
};
