//! Errors of corpus reading and index building.

use std::path::PathBuf;

/// Everything that can go wrong while reading a corpus or building, opening
/// or replacing an index.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The corpus directory cannot be listed.
    #[error(transparent)]
    Corpus(#[from] crate::corpus::CorpusError),
    /// The corpus's settings cannot be read.
    #[error(transparent)]
    Settings(#[from] crate::settings::SettingsError),
    /// A file of the corpus cannot be read as a document of its format.
    #[error("{path}: {reason}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: crate::document::ReadError,
    },
    /// A file could be read only in part (a PDF's pages without text, a
    /// record file's malformed records): with `--strict`, an error.
    #[error("{path}: indexed only in part: {}", .unread.join("; "))]
    PartlyRead {
        /// The file.
        path: PathBuf,
        /// What of it was not read.
        unread: Vec<String>,
    },
    /// The corpus holds no file with text in it.
    #[error("no text file to index in corpus directory {path}{}", skipped_list(.skipped))]
    EmptyCorpus {
        /// The corpus directory.
        path: PathBuf,
        /// The files found but skipped, with the reason.
        skipped: Vec<crate::corpus::SkippedFile>,
    },
    /// The index path is a file.
    #[error("{path}: the index path is a file, not a directory")]
    IndexNotADirectory {
        /// The index path.
        path: PathBuf,
    },
    /// There is no index at the given place.
    #[error("no index at {path}")]
    IndexNotFound {
        /// The index directory.
        path: PathBuf,
    },
    /// Another build of the same index directory is running.
    #[error("another build of the index at {path} is running; wait for it to finish")]
    BuildInProgress {
        /// The index directory.
        path: PathBuf,
    },
    /// The index was built by another version of fouille. `corpus` says
    /// what to rebuild it from: a front end words the command.
    #[error(
        "the index at {path} was built with format {found}, this fouille reads format {expected}"
    )]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
        /// Format found in the index.
        found: String,
        /// Format this build reads.
        expected: String,
        /// The corpus the index was built from, when known.
        corpus: Option<PathBuf>,
    },
    /// The index is damaged: a file is missing or unreadable. `corpus`
    /// says what to rebuild it from: a front end words the command.
    #[error("the index at {path} is damaged ({reason})")]
    CorruptIndex {
        /// The index directory.
        path: PathBuf,
        /// What was found wrong.
        reason: Damage,
        /// The corpus the index was built from, when known.
        corpus: Option<PathBuf>,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error("index engine: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

fn skipped_list(skipped: &[crate::corpus::SkippedFile]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let files: Vec<String> = skipped
        .iter()
        .take(5)
        .map(|s| format!("{} ({})", s.rel, s.reason))
        .collect();
    let more = skipped.len().saturating_sub(5);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!(": skipped {}{more}", files.join(", "))
}

impl IngestError {
    /// The index to rebuild and the corpus to rebuild it from (when
    /// known), for an index that cannot be read as it is.
    pub fn needs_rebuild(&self) -> Option<(&std::path::Path, Option<&std::path::Path>)> {
        match self {
            IngestError::IncompatibleIndex { path, corpus, .. }
            | IngestError::CorruptIndex { path, corpus, .. } => {
                Some((path.as_path(), corpus.as_deref()))
            }
            _ => None,
        }
    }

    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        IngestError::Io {
            path: path.into(),
            source,
        }
    }
}

/// What is wrong with a damaged index.
#[derive(Debug, thiserror::Error)]
pub enum Damage {
    /// `CURRENT` names a generation that is not there.
    #[error("CURRENT names a missing generation `{0}`")]
    MissingGeneration(String),
    /// A file of the generation cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The manifest is not one this fouille can read.
    #[error("bad manifest: {0}")]
    Manifest(#[source] serde_json::Error),
    /// The passage table is truncated or damaged.
    #[error(transparent)]
    Table(#[from] DamagedTable),
    /// The vocabulary is truncated or damaged.
    #[error(transparent)]
    Vocabulary(#[from] DamagedVocabulary),
    /// tantivy's files are damaged.
    #[error(transparent)]
    Engine(#[from] tantivy::TantivyError),
    /// One of tantivy's files cannot be opened.
    #[error(transparent)]
    Open(#[from] tantivy::directory::error::OpenReadError),
    /// A file's length or checksum is not the one written.
    #[error("{0}")]
    Checksum(String),
    /// A passage read for a hit is damaged.
    #[error("{0}")]
    Passage(String),
}

/// Why a passage table could not be read: it is truncated or damaged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("damaged passage table: {0}")]
pub struct DamagedTable(pub String);

/// Why a vocabulary could not be read: it is truncated or damaged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("damaged vocabulary: {0}")]
pub struct DamagedVocabulary(pub String);

/// Result of the ingest crate.
pub type Result<T, E = IngestError> = std::result::Result<T, E>;
