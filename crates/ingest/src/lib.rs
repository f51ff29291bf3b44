//! Ingestion for fouille: reading documents, cutting them into passages,
//! French text analysis, and the index on disk.
//!
//! A file goes through these modules in turn:
//! - `corpus`: listing the files of a corpus directory;
//! - `document`: one [`Reader`] per input format turns a file into a
//!   [`Document`] (title, metadata, blocks with their headings and their
//!   place in the text);
//! - `passage`: cutting a document's blocks into citable [`Passage`]s;
//! - [`analysis`]: the French analyzer, used alike to index and to query,
//!   and the rest of fouille's knowledge of French;
//! - `store`: the index on disk, every file of it and every version of its
//!   format in one place (`store/FORMAT.md`): generations replaced
//!   atomically ([`IndexDir`]), the passage table read for each hit
//!   ([`PassageTable`]), the corpus vocabulary ([`Vocabulary`]);
//! - `builder`: [`build_index`] runs the above over a corpus.
//!
//! Other crates use what is re-exported here, and the [`analysis`] module.
#![warn(missing_docs)]

pub mod analysis;
mod builder;
mod corpus;
mod document;
mod error;
mod fast_hash;
mod passage;
#[cfg(test)]
mod properties;
mod store;

pub use analysis::{AnalyzedWord, FrenchAnalyzer, Token};
pub use builder::{build_index, BuildOptions, BuildProgress, BuildReport};
pub use corpus::{Corpus, CorpusError, CorpusFile, SkippedFile};
pub use document::{
    reader_for, Block, BlockKind, Document, PlainTextReader, ReadError, Reader, READERS,
};
pub use error::{Damage, DamagedTable, DamagedVocabulary, IngestError, Result};
pub use fast_hash::{FastMap, FastSet};
pub use passage::{cut, Passage, PassageId, PassageKind, MAX_PASSAGE_CHARS};
pub use store::index_dir::{IndexDir, OpenIndex, PendingGeneration};
pub use store::manifest::{Manifest, Staleness};
pub use store::schema::PassageSchema;
pub use store::table::{DocRef, PassageInfo, PassageRef, PassageTable, SectionRef};
pub use store::tokens::{
    encode as encode_tokens, term_hash, StoredToken, StoredTokens, TokenFlags,
};
pub use store::vocabulary::Vocabulary;
pub use store::{FormatVersions, IndexFile, FORMAT};
