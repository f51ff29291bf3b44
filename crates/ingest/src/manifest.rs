//! The manifest of a built index: what it was built from, by which rules.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::ANALYZER_VERSION;
use crate::corpus::{fingerprint, Corpus, CorpusFile, SkippedFile};
use crate::error::{IngestError, Result};
use crate::schema::SCHEMA_VERSION;

/// File name of the manifest inside an index generation.
pub const MANIFEST_FILE: &str = "fouille-manifest.json";

/// What an index was built from and how; written beside the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Index layout version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Analysis rules version ([`ANALYZER_VERSION`]).
    pub analyzer_version: u32,
    /// Version of fouille that built the index.
    pub fouille_version: String,
    /// When the build finished, in seconds since the Unix epoch.
    pub built_unix: u64,
    /// The corpus directory, as given to the build.
    pub corpus: PathBuf,
    /// The corpus directory as an absolute path, so that the index can be
    /// used from any working directory.
    #[serde(default)]
    pub corpus_abs: PathBuf,
    /// Fingerprint of the corpus listing (see [`Corpus::fingerprint`]).
    pub fingerprint: String,
    /// The files listed at build time.
    pub files: Vec<CorpusFile>,
    /// Files listed but not indexed.
    pub skipped: Vec<SkippedFile>,
    /// Number of passages indexed.
    pub passages: u64,
    /// Lines left out as boilerplate.
    #[serde(default)]
    pub boilerplate_lines: u64,
    /// Bytes of text indexed.
    pub bytes: u64,
}

/// How a corpus differs from the one an index was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Staleness {
    /// Files in the corpus that the index does not know.
    pub added: usize,
    /// Files the index knows that are gone from the corpus.
    pub removed: usize,
    /// Files whose size or modification time changed.
    pub modified: usize,
}

impl std::fmt::Display for Staleness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        for (n, what) in [
            (self.added, "added"),
            (self.removed, "removed"),
            (self.modified, "modified"),
        ] {
            if n > 0 {
                parts.push(format!("{n} file{} {what}", if n == 1 { "" } else { "s" }));
            }
        }
        f.write_str(&parts.join(", "))
    }
}

impl Manifest {
    /// A manifest for an index of `corpus` built now by this version.
    pub fn new(corpus: &Corpus) -> Self {
        Manifest {
            schema_version: SCHEMA_VERSION,
            analyzer_version: ANALYZER_VERSION,
            fouille_version: env!("CARGO_PKG_VERSION").to_string(),
            built_unix: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            corpus: corpus.root.clone(),
            corpus_abs: std::fs::canonicalize(&corpus.root).unwrap_or_else(|_| corpus.root.clone()),
            fingerprint: corpus.fingerprint(),
            files: corpus.files.clone(),
            skipped: Vec::new(),
            passages: 0,
            boilerplate_lines: 0,
            bytes: 0,
        }
    }

    /// Reads the manifest of the index generation in `dir`, refusing one
    /// written with other layout or analysis rules.
    pub fn read(dir: &Path, index_root: &Path) -> Result<Self> {
        let path = dir.join(MANIFEST_FILE);
        let text = fs::read_to_string(&path).map_err(|e| IngestError::CorruptIndex {
            path: index_root.to_path_buf(),
            reason: format!("cannot read {}: {e}", path.display()),
            corpus: None,
        })?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| IngestError::CorruptIndex {
                path: index_root.to_path_buf(),
                reason: format!("bad manifest: {e}"),
                corpus: None,
            })?;
        let version = |key: &str| value.get(key).and_then(|v| v.as_u64()).unwrap_or(0);
        let (schema, analyzer) = (version("schema_version"), version("analyzer_version"));
        if schema != u64::from(SCHEMA_VERSION) || analyzer != u64::from(ANALYZER_VERSION) {
            return Err(IngestError::IncompatibleIndex {
                path: index_root.to_path_buf(),
                found: format!("{schema}.{analyzer}"),
                expected: format!("{SCHEMA_VERSION}.{ANALYZER_VERSION}"),
                corpus: value
                    .get("corpus")
                    .and_then(|c| c.as_str())
                    .map(PathBuf::from),
            });
        }
        serde_json::from_value(value).map_err(|e| IngestError::CorruptIndex {
            path: index_root.to_path_buf(),
            reason: format!("bad manifest: {e}"),
            corpus: None,
        })
    }

    /// Writes the manifest into the index generation in `dir`.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(MANIFEST_FILE);
        let text = serde_json::to_string_pretty(self).expect("a manifest always serialises");
        fs::write(&path, text).map_err(|e| IngestError::io(path, e))
    }

    /// The corpus directory as an absolute path: the one recorded, or the
    /// path as given made absolute for a manifest that recorded none.
    pub fn corpus_dir(&self) -> PathBuf {
        if self.corpus_abs.as_os_str().is_empty() {
            fs::canonicalize(&self.corpus).unwrap_or_else(|_| self.corpus.clone())
        } else {
            self.corpus_abs.clone()
        }
    }

    /// Compares the corpus as it is now with the listing the index was built
    /// from; `None` when nothing changed.
    pub fn staleness(&self, corpus: &Corpus) -> Option<Staleness> {
        if corpus.fingerprint() == self.fingerprint && fingerprint(&self.files) == self.fingerprint
        {
            return None;
        }
        let old: std::collections::HashMap<&str, &CorpusFile> =
            self.files.iter().map(|f| (f.rel.as_str(), f)).collect();
        let mut staleness = Staleness::default();
        let mut seen = 0;
        for file in &corpus.files {
            match old.get(file.rel.as_str()) {
                None => staleness.added += 1,
                Some(before) => {
                    seen += 1;
                    if *before != file {
                        staleness.modified += 1;
                    }
                }
            }
        }
        staleness.removed = self.files.len() - seen;
        (staleness != Staleness::default()).then_some(staleness)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staleness_counts_changes() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        fs::write(dir.path().join("b.txt"), "B").unwrap();
        let manifest = Manifest::new(&Corpus::scan(dir.path(), None).unwrap());
        assert_eq!(
            manifest.staleness(&Corpus::scan(dir.path(), None).unwrap()),
            None
        );
        fs::remove_file(dir.path().join("a.txt")).unwrap();
        fs::write(dir.path().join("b.txt"), "BB").unwrap();
        fs::write(dir.path().join("c.txt"), "C").unwrap();
        let staleness = manifest
            .staleness(&Corpus::scan(dir.path(), None).unwrap())
            .unwrap();
        assert_eq!(
            staleness,
            Staleness {
                added: 1,
                removed: 1,
                modified: 1
            }
        );
        assert_eq!(
            staleness.to_string(),
            "1 file added, 1 file removed, 1 file modified"
        );
    }

    #[test]
    fn another_format_is_refused_with_a_rebuild_hint() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(MANIFEST_FILE),
            r#"{"schema_version": 0, "analyzer_version": 4}"#,
        )
        .unwrap();
        let err = Manifest::read(dir.path(), Path::new("idx")).unwrap_err();
        assert!(matches!(err, IngestError::IncompatibleIndex { .. }));
        assert!(
            err.to_string()
                .contains("fouille index --corpus DIR --index idx"),
            "{err}"
        );
    }
}
