//! The on-disk index: every file it holds, every version of its format,
//! and the code that writes and reads each one (see `FORMAT.md` beside
//! this file for the layout of each file).
//!
//! An index directory holds generations; a search opens the current one:
//!
//! ```text
//! index/
//!   CURRENT                 name of the current generation (IndexFile::Current)
//!   .lock                   held by the one build allowed at a time (IndexFile::Lock)
//!   .build-<pid>-<stamp>/   a build in progress, removed when its process is gone
//!   gen-<stamp>/            one complete generation:
//!     fouille-manifest.json   what it was built from, and the format versions
//!     fouille-checksums.json  length and CRC-32 of every other file (checksums)
//!     passages.table          what hits show and cite (table)
//!     vocabulary.fst          the corpus's words, for typo tolerance (vocabulary)
//!     meta.json, *.term, …    tantivy's index of the passages (schema)
//! ```
//!
//! - [`index_dir`]: generations, the build lock and the atomic switch;
//! - [`manifest`]: what a generation was built from, and its versions;
//! - [`schema`]: tantivy's fields, and [`pre_analysed`] the analyzer's
//!   tokens handed to tantivy;
//! - [`table`]: the passage table, with [`tokens`] the stored tokens of
//!   each passage and heading;
//! - [`vocabulary`]: the corpus words for typo tolerance;
//! - [`checksums`]: the length and CRC-32 of every file of a generation,
//!   checked when it is opened;
//! - [`read_only_dir`]: tantivy's directory opened without writing;
//! - [`sync`]: writing a file to disk while the build goes on.
//!
//! Every version lives in [`FORMAT`]: a generation records all of them in
//! its manifest and is refused when any differs from this build's.

pub(crate) mod checksums;
pub(crate) mod index_dir;
pub(crate) mod manifest;
pub(crate) mod pre_analysed;
pub(crate) mod read_only_dir;
pub(crate) mod schema;
pub(crate) mod sync;
pub(crate) mod table;
pub(crate) mod tokens;
pub(crate) mod vocabulary;

use serde::{Deserialize, Serialize};

/// The files fouille names in an index directory and its generations
/// (tantivy names its own files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexFile {
    /// `CURRENT`, in the index directory: the name of the current
    /// generation, replaced atomically by each build.
    Current,
    /// `.lock`, in the index directory: locked by the build in progress.
    Lock,
    /// `fouille-manifest.json`, in a generation: what it was built from,
    /// by which format versions.
    Manifest,
    /// `passages.table`, in a generation: each passage's text, tokens,
    /// section and citation.
    Table,
    /// `vocabulary.fst`, in a generation: the corpus words, checksummed.
    Vocabulary,
    /// `fouille-checksums.json`, in a generation: the length and CRC-32 of
    /// every other file, written last, checked on opening.
    Checksums,
}

impl IndexFile {
    /// The file's name.
    pub const fn name(self) -> &'static str {
        match self {
            IndexFile::Current => "CURRENT",
            IndexFile::Lock => ".lock",
            IndexFile::Manifest => "fouille-manifest.json",
            IndexFile::Table => "passages.table",
            IndexFile::Vocabulary => "vocabulary.fst",
            IndexFile::Checksums => "fouille-checksums.json",
        }
    }
}

/// Prefix of a generation's directory name.
pub(crate) const GENERATION_PREFIX: &str = "gen-";
/// Prefix of a build in progress (directory, or staged `CURRENT`).
pub(crate) const BUILD_PREFIX: &str = ".build-";

/// The versions of the index format. A generation written with any other
/// version is refused with [`crate::IngestError::IncompatibleIndex`]: bump
/// the one whose meaning changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatVersions {
    /// tantivy's fields (`schema`): bump when a field is added, removed
    /// or indexed otherwise.
    pub schema_version: u32,
    /// The analysis rules (`crate::analysis`): bump whenever a rule
    /// changes what terms a text gives.
    pub analyzer_version: u32,
    /// The passage table's layout (`table`, `tokens`), also written in
    /// its footer.
    #[serde(default = "first_version")]
    pub table_version: u32,
    /// The vocabulary file's layout (`vocabulary`), also written in its
    /// footer.
    #[serde(default = "first_version")]
    pub vocabulary_version: u32,
}

/// Manifests written before the table and vocabulary versions were
/// recorded hold version 1 of both, the only one there was.
fn first_version() -> u32 {
    1
}

/// The format this build writes and reads.
pub const FORMAT: FormatVersions = FormatVersions {
    schema_version: 9,
    analyzer_version: 5,
    table_version: 6,
    vocabulary_version: 1,
};

impl std::fmt::Display for FormatVersions {
    /// `schema.analyzer.table.vocabulary`, as error messages show it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}.{}.{}.{}",
            self.schema_version, self.analyzer_version, self.table_version, self.vocabulary_version
        )
    }
}
