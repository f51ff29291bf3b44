//! Ingestion for fouille: reading documents, cutting them into passages,
//! French text analysis, and the index on disk.
//!
//! A file goes through these modules in turn:
//! - `corpus`: listing the files of a corpus directory;
//! - `document`: one reader per input format turns a file into a
//!   [`Document`] (title, metadata, blocks with their headings and their
//!   place in the source);
//! - `passage`: cutting a document's blocks into citable passages;
//! - [`analysis`]: the French analyzer, used alike to index and to query,
//!   and the rest of fouille's knowledge of French;
//! - `store`: the index on disk, every file of it and every version of its
//!   format ([`FormatVersions`]) in one place (`store/FORMAT.md`): generations replaced
//!   atomically ([`IndexDir`]), the passage table read for each hit
//!   ([`PassageTable`]), the corpus vocabulary ([`Vocabulary`]);
//! - `metadata`: documents' metadata made comparable (dates as ISO
//!   8601), and the corpus's `metadata.csv`;
//! - `builder`: [`build_index`] runs the above over a corpus.
//!
//! Other crates use what is re-exported here (the builder, the index and
//! its passage and document views, the analyzer), and the [`analysis`]
//! module.
#![warn(missing_docs)]

pub mod analysis;
mod builder;
mod corpus;
mod document;
mod error;
mod fast_hash;
mod metadata;
mod passage;
#[cfg(test)]
mod properties;
mod settings;
mod store;

pub use analysis::{AnalyzedWord, FrenchAnalyzer, Token};
pub use builder::{build_index, BuildOptions, BuildProgress, BuildReport};
pub use corpus::{Corpus, CorpusError, CorpusFile, DecodedFile, SkippedFile, SYNONYMS_FILE};
/// PDF files written from the tests' own text, for the end-to-end tests
/// (feature `fixtures`).
#[cfg(feature = "fixtures")]
#[doc(hidden)]
pub use document::pdf::fixture::{
    pdf as write_pdf, report as pdf_report, scan as scan_pdf, text as pdf_text,
};
pub use document::{
    in_page_ranges, read_document, read_document_with, Block, BlockKind, Document, Entry,
    Furniture, ReadError, ReadOptions, SourceMark, OCR_PAGES,
};
pub use error::{Damage, DamagedTable, DamagedVocabulary, IngestError, Result};
pub use fast_hash::{stable_hash, FastMap};
pub use metadata::{
    iso_date, year_of, MetadataFile, MetadataFileError, DATE_FIELDS, METADATA_FILE,
};
pub use passage::{PassageId, PassageKind};
pub use settings::{RecordFields, Settings, SettingsError, SETTINGS_FILE};
pub use store::index_dir::{IndexDir, OpenIndex};
pub use store::manifest::{AcronymDefinition, CorpusName, Manifest, Staleness};
pub use store::schema::{PassageSchema, FURNITURE_MARK};
pub use store::table::{DocRef, PassageInfo, PassageRef, PassageTable, SectionRef};
pub use store::tokens::{
    encode as encode_tokens, term_hash, StoredToken, StoredTokens, TokenFlags,
};
pub use store::vocabulary::Vocabulary;
pub use store::FormatVersions;
