//! Errors of searching.

use fouille_ingest::IngestError;

/// Everything that can go wrong while searching or fetching passages.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query holds nothing but white space.
    #[error("empty query: give at least one word to search for")]
    EmptyQuery,
    /// The query is longer than anyone types.
    #[error("query too long ({bytes} bytes; at most {max})")]
    QueryTooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// No passage has this id.
    #[error("no passage with id `{id}` in the index")]
    UnknownPassage {
        /// The id asked for.
        id: String,
    },
    /// The index could not be opened.
    #[error(transparent)]
    Index(#[from] IngestError),
    /// A synonyms file cannot be read.
    #[error("cannot read the synonyms file {}: {source}", path.display())]
    SynonymsUnreadable {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A synonyms file is larger than fouille reads.
    #[error("synonyms file {}: {bytes} bytes, over the {max} read at most", path.display())]
    SynonymsTooLarge {
        /// The file.
        path: std::path::PathBuf,
        /// Its length.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// A synonyms file holds a line fouille cannot read.
    #[error("synonyms file {}, line {line}: {reason}", path.display())]
    BadSynonyms {
        /// The file.
        path: std::path::PathBuf,
        /// The line, from 1.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A filter (`--filter`, `filter=`) that cannot be read.
    #[error("filter: {0}")]
    BadFilter(crate::filter::FilterError),
    /// A sort (`--sort`) that cannot be read.
    #[error("sort \"{sort}\": {reason}")]
    BadSort {
        /// The sort as given.
        sort: String,
        /// What is wrong.
        reason: String,
    },
    /// A facet that is no field of the corpus's documents.
    #[error("facet \"{facet}\": {reason}")]
    BadFacet {
        /// The facet as given.
        facet: String,
        /// What is wrong.
        reason: String,
    },
    /// A grouping of `fouille stats --by` that is no field of documents.
    #[error("--by \"{by}\": {reason}")]
    BadGroup {
        /// The grouping as given.
        by: String,
        /// What is wrong.
        reason: String,
    },
    /// The corpus's `metadata.csv` cannot be used.
    #[error(transparent)]
    Metadata(#[from] fouille_ingest::MetadataFileError),
    /// tantivy failed while searching.
    #[error("index engine: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl QueryError {
    /// True when the error comes from what the user typed, not from the
    /// index or the machine (a command line reports these as usage errors).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            QueryError::EmptyQuery
                | QueryError::QueryTooLong { .. }
                | QueryError::BadFilter(_)
                | QueryError::BadSort { .. }
                | QueryError::BadFacet { .. }
                | QueryError::BadGroup { .. }
        )
    }
}
