//! Citations: where a passage is (id, file, line, byte offsets), its
//! title and section, and its text, as hits and `show` give them.

use std::path::{Path, PathBuf};

use fouille_ingest::{Damage, DocRef, IngestError, Manifest, PassageId, PassageRef};

use crate::error::QueryError;
use crate::fields::DocFields;
use crate::hit::{Citation, Location};

/// Makes the citations of one index's passages.
pub(crate) struct Citer {
    /// Where cited files are, as printed before their path in the corpus:
    /// the corpus directory relative to the working directory when it lies
    /// below it, absolute otherwise, with a trailing separator.
    corpus_shown: String,
    /// The index directory and the corpus it was built from, for the error
    /// on a damaged passage.
    root: PathBuf,
    corpus: PathBuf,
    /// Documents' fields (the corpus's `metadata.csv` over what readers
    /// found).
    fields: std::sync::Arc<DocFields>,
}

impl Citer {
    /// Cites the passages of the index at `root`, built as `manifest` says.
    pub(crate) fn new(
        root: &Path,
        manifest: &Manifest,
        fields: std::sync::Arc<DocFields>,
    ) -> Citer {
        let mut corpus_shown = shown_path(manifest).display().to_string();
        if !corpus_shown.is_empty() && !corpus_shown.ends_with(std::path::MAIN_SEPARATOR) {
            corpus_shown.push(std::path::MAIN_SEPARATOR);
        }
        Citer {
            corpus_shown,
            root: root.to_path_buf(),
            corpus: manifest.corpus.clone(),
            fields,
        }
    }

    /// Cites files by their path inside the corpus, without the corpus
    /// directory before it (a server shown to others names no path of
    /// its disk).
    pub(crate) fn cite_from_corpus_root(&mut self) {
        self.corpus_shown.clear();
    }

    /// Where a passage is: id, file, line and byte offsets.
    pub(crate) fn location(&self, passage: &PassageRef) -> Location {
        self.location_in(passage, &passage.doc().unwrap_or_default())
    }

    /// [`Citer::location`] of a passage of `doc`.
    fn location_in(&self, passage: &PassageRef, doc: &DocRef) -> Location {
        let info = passage.info;
        let id = PassageId {
            doc: doc.name,
            line: info.line,
            part: info.part,
        };
        Location {
            id: id.to_string(),
            file: [self.corpus_shown.as_str(), doc.file].concat(),
            line: u64::from(info.line),
            start: info.start,
            end: info.end,
            exact: info.exact,
            anchor: passage.anchor().map(str::to_string),
            part: Some(doc.part).filter(|p| !p.is_empty()).map(str::to_string),
            page: info.page.map(|p| p.0),
            line_on_page: info.page.map(|p| p.1),
        }
    }

    /// The citation of a passage, with its text.
    pub(crate) fn citation(&self, passage: &PassageRef) -> Result<Citation, QueryError> {
        let doc = passage.doc().unwrap_or_default();
        let text = passage
            .text()
            .ok_or_else(|| self.damaged(format!("passage {} is not UTF-8", passage.ord)))?;
        let Location {
            id,
            file,
            line,
            start,
            end,
            exact,
            anchor,
            part,
            page,
            line_on_page,
        } = self.location_in(passage, &doc);
        let field = |name: &str| {
            self.fields
                .first(passage.doc_index(), name)
                .map(str::to_string)
        };
        let section = passage
            .section()
            .ok_or_else(|| self.damaged(format!("passage {} has no section", passage.ord)))?;
        let not_utf8 = || self.damaged(format!("passage {} heading is not UTF-8", passage.ord));
        Ok(Citation {
            id,
            doc: doc.name.to_string(),
            title: doc.title.to_string(),
            section: section.heading().ok_or_else(not_utf8)?.to_string(),
            headings: section
                .path()
                .ok_or_else(not_utf8)?
                .into_iter()
                .map(str::to_string)
                .collect(),
            file,
            path: doc.file.to_string(),
            line,
            start,
            end,
            exact,
            kind: passage.info.kind.name().to_string(),
            text: text.to_string(),
            anchor,
            part,
            page,
            line_on_page,
            ocr: page.is_some_and(|page| doc.read_by_ocr(page)),
            furniture: passage.info.furniture.map(|f| f.name().to_string()),
            url: field("url"),
            date: field("date"),
            // Every author, as a bibliography lists them (a name may hold a
            // comma: `Martin, Claire`).
            author: Some(
                self.fields
                    .values(passage.doc_index(), "author")
                    .collect::<Vec<_>>()
                    .join("; "),
            )
            .filter(|a| !a.is_empty()),
            lang: field("lang"),
            source: field("source"),
            fields: self.fields.others(passage.doc_index()),
        })
    }

    /// The error for a damaged index.
    pub(crate) fn damaged(&self, reason: String) -> QueryError {
        QueryError::Index(IngestError::CorruptIndex {
            path: self.root.clone(),
            reason: Damage::Passage(reason),
            corpus: Some(self.corpus.clone()),
        })
    }
}

/// The corpus directory as citations show it: relative to the working
/// directory when it lies below it (`corpus/…`), absolute otherwise, so that
/// the path works from where the user is.
fn shown_path(manifest: &Manifest) -> PathBuf {
    let absolute = manifest.corpus_dir();
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    match cwd.and_then(|cwd| absolute.strip_prefix(&cwd).ok().map(Path::to_path_buf)) {
        Some(relative) => relative,
        None => absolute,
    }
}
