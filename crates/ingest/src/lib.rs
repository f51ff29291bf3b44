//! Ingestion for fouille: French text analysis, passage segmentation, and
//! building the index of a corpus.
//!
//! - [`analysis`]: the French analyzer, used alike to index and to query;
//! - [`passage`]: cutting an article into citable passages;
//! - [`corpus`]: listing and reading the files of a corpus;
//! - [`schema`], [`table`], [`token_store`]: what the index holds for each
//!   passage: tantivy's fields, and the passage table read for each hit;
//! - [`index_dir`], [`manifest`]: generations of an index on disk, replaced
//!   atomically, and what each was built from;
//! - [`vocabulary`]: the corpus's words as typed, for typo tolerance;
//! - [`xref`]: cross-references to other sections, indexed apart;
//! - [`pre_analysed`]: the analyzer's tokens handed to tantivy as text;
//! - [`builder`]: building an index from a corpus.
#![warn(missing_docs)]

pub mod analysis;
pub mod builder;
pub mod corpus;
pub mod error;
pub mod fast_hash;
pub mod index_dir;
pub mod manifest;
pub mod passage;
pub mod pre_analysed;
#[cfg(test)]
mod properties;
pub mod read_only_dir;
pub mod schema;
pub mod table;
pub mod token_store;
pub mod vocabulary;
pub mod xref;

pub use analysis::{FrenchAnalyzer, Token};
pub use builder::{build_index, BuildOptions, BuildProgress, BuildReport};
pub use corpus::{Corpus, SkippedFile};
pub use error::{IngestError, Result};
pub use index_dir::{IndexDir, OpenIndex};
pub use manifest::{Manifest, Staleness};
pub use table::PassageTable;
