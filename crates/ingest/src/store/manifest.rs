//! The manifest of a built index: what it was built from, by which rules.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, CorpusError, CorpusFile, DecodedFile, SkippedFile};
use crate::error::{Damage, IngestError, Result};
use crate::store::{FormatVersions, IndexFile, FORMAT};

const MANIFEST_FILE: &str = IndexFile::Manifest.name();

/// What an index was built from and how; written beside the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct Manifest {
    /// The versions of the index format it was written with (see
    /// `FORMAT`).
    #[serde(flatten)]
    pub format: FormatVersions,
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
    /// Whether the build followed symbolic links leading outside the
    /// corpus (`--follow-links`): the staleness check lists it alike.
    #[serde(default)]
    pub follows_links: bool,
    /// Whether the build read scanned PDFs by OCR (`--ocr`): a rebuild
    /// reads them alike.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    /// Fingerprint of the corpus listing (see [`Corpus::fingerprint`]).
    pub fingerprint: String,
    /// The files listed at build time.
    pub files: Vec<CorpusFile>,
    /// Files listed but not indexed.
    pub skipped: Vec<SkippedFile>,
    /// Files decoded from another encoding than UTF-8 (left out of the
    /// manifest when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decoded: Vec<DecodedFile>,
    /// Files that are no documents, left aside: how many of each kind
    /// (`image`, `stylesheet`…); left out of the manifest when none.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub not_documents: std::collections::BTreeMap<String, u64>,
    /// Number of passages indexed.
    pub passages: u64,
    /// Blocks judged page furniture: indexed, marked, left out of results
    /// unless asked for.
    #[serde(default)]
    pub boilerplate_lines: u64,
    /// Bytes of text indexed.
    pub bytes: u64,
    /// The acronyms the corpus defines itself (« intelligence artificielle
    /// (IA) »), the most frequent definition of each, by acronym; left out
    /// of the manifest when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub definitions: Vec<AcronymDefinition>,
    /// The names of several words the corpus writes (`GNU/Linux`,
    /// `System V`), by terms; left out of the manifest when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<CorpusName>,
}

/// A name of several words the corpus writes (see
/// `crate::analysis::written_names`): a query that holds its words side
/// by side weighs it as one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusName {
    /// Its words' terms, stop words included (`["system", "v"]`).
    pub terms: Vec<String>,
    /// As first written (`System V`).
    pub text: String,
    /// For a glued name (`CD-ROM`), its parts written as one word, as
    /// indexed (`cdrom`); none for a spaced one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<String>,
    /// How many passages write it.
    pub count: u32,
}

/// An acronym the corpus defines, with the words it stands for (see
/// `crate::analysis::acronym_definitions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcronymDefinition {
    /// The acronym, as written (`RGPD`).
    pub acronym: String,
    /// The words it stands for, as first written (`règlement général sur
    /// la protection des données`).
    pub expansion: String,
    /// How many times the corpus gives this definition.
    pub count: u32,
}

/// A manifest as read: the format versions among the other fields rather
/// than flattened into them, since serde reads a flattened struct by
/// buffering every other field first (the listing of a large corpus, a
/// megabyte of JSON, read twice).
#[derive(Deserialize)]
struct Stored {
    schema_version: u32,
    analyzer_version: u32,
    #[serde(default = "super::first_version")]
    table_version: u32,
    #[serde(default = "super::first_version")]
    vocabulary_version: u32,
    fouille_version: String,
    built_unix: u64,
    corpus: PathBuf,
    #[serde(default)]
    corpus_abs: PathBuf,
    #[serde(default)]
    follows_links: bool,
    #[serde(default)]
    ocr: bool,
    fingerprint: String,
    files: Vec<CorpusFile>,
    skipped: Vec<SkippedFile>,
    #[serde(default)]
    decoded: Vec<DecodedFile>,
    #[serde(default)]
    not_documents: std::collections::BTreeMap<String, u64>,
    passages: u64,
    #[serde(default)]
    boilerplate_lines: u64,
    bytes: u64,
    #[serde(default)]
    definitions: Vec<AcronymDefinition>,
    #[serde(default)]
    names: Vec<CorpusName>,
}

impl From<Stored> for Manifest {
    fn from(s: Stored) -> Manifest {
        Manifest {
            format: FormatVersions {
                schema_version: s.schema_version,
                analyzer_version: s.analyzer_version,
                table_version: s.table_version,
                vocabulary_version: s.vocabulary_version,
            },
            fouille_version: s.fouille_version,
            built_unix: s.built_unix,
            corpus: s.corpus,
            corpus_abs: s.corpus_abs,
            follows_links: s.follows_links,
            ocr: s.ocr,
            fingerprint: s.fingerprint,
            files: s.files,
            skipped: s.skipped,
            decoded: s.decoded,
            not_documents: s.not_documents,
            passages: s.passages,
            boilerplate_lines: s.boilerplate_lines,
            bytes: s.bytes,
            definitions: s.definitions,
            names: s.names,
        }
    }
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
    /// The corpus's settings (`fouille.toml`) changed, came or went.
    pub settings: bool,
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
        if self.settings {
            parts.push(format!("{} changed", crate::settings::SETTINGS_FILE));
        }
        f.write_str(&parts.join(", "))
    }
}

impl Manifest {
    /// A manifest for an index of `corpus` built now by this version.
    pub fn new(corpus: &Corpus) -> Self {
        Manifest {
            format: FORMAT,
            fouille_version: env!("CARGO_PKG_VERSION").to_string(),
            built_unix: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            corpus: corpus.root.clone(),
            corpus_abs: std::fs::canonicalize(&corpus.root).unwrap_or_else(|_| corpus.root.clone()),
            follows_links: corpus.follows_links,
            ocr: false,
            fingerprint: corpus.fingerprint(),
            files: corpus.files.clone(),
            skipped: Vec::new(),
            decoded: Vec::new(),
            not_documents: Default::default(),
            passages: 0,
            boilerplate_lines: 0,
            bytes: 0,
            definitions: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Reads the manifest of the index generation in `dir`, refusing one
    /// written with any other version of the format (see `FORMAT`).
    pub fn read(dir: &Path, index_root: &Path) -> Result<Self> {
        let path = dir.join(MANIFEST_FILE);
        let damaged = |reason| IngestError::CorruptIndex {
            path: index_root.to_path_buf(),
            reason,
            corpus: None,
        };
        let text = fs::read_to_string(&path).map_err(|source| {
            damaged(Damage::Unreadable {
                path: path.clone(),
                source,
            })
        })?;
        // Read as it is, in one pass; a manifest that cannot be (damaged,
        // or of another format) is read again as JSON to say why.
        if let Ok(manifest) = serde_json::from_str::<Manifest>(&text) {
            if manifest.format == FORMAT {
                return Ok(manifest);
            }
        }
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| damaged(Damage::Manifest(e)))?;
        let found = serde_json::from_value::<FormatVersions>(value.clone()).ok();
        if found != Some(FORMAT) {
            let version = |key: &str| value.get(key).and_then(|v| v.as_u64()).unwrap_or(0);
            return Err(IngestError::IncompatibleIndex {
                path: index_root.to_path_buf(),
                found: found.map_or_else(
                    || {
                        format!(
                            "{}.{}",
                            version("schema_version"),
                            version("analyzer_version")
                        )
                    },
                    |f| f.to_string(),
                ),
                expected: FORMAT.to_string(),
                corpus: value
                    .get("corpus")
                    .and_then(|c| c.as_str())
                    .map(PathBuf::from),
            });
        }
        serde_json::from_value(value).map_err(|e| damaged(Damage::Manifest(e)))
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

    /// What changed in the corpus since the build: the corpus listed again
    /// as the build listed it (links followed or not, the index at
    /// `index_root` left out). `Err` when it cannot be listed (moved,
    /// deleted, unreadable).
    pub fn changes_since_build(
        &self,
        index_root: &Path,
    ) -> std::result::Result<Option<Staleness>, CorpusError> {
        let corpus = Corpus::list_with(&self.corpus_dir(), Some(index_root), self.follows_links)?;
        Ok(self.staleness(&corpus))
    }

    /// Compares the corpus as it is now with the listing the index was built
    /// from; `None` when nothing changed.
    pub fn staleness(&self, corpus: &Corpus) -> Option<Staleness> {
        // The manifest's own listing is checksummed with the generation:
        // its fingerprint is the listing's.
        if corpus.fingerprint() == self.fingerprint {
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
                    // Documents' names aside: a check lists without them.
                    if (before.bytes, before.mtime_ns) != (file.bytes, file.mtime_ns) {
                        staleness.modified += 1;
                    }
                }
            }
        }
        staleness.removed = self.files.len() - seen;
        // The listing's fingerprint differs, but no file does: the
        // settings, which it holds too.
        staleness.settings = staleness == Staleness::default();
        Some(staleness)
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
                modified: 1,
                settings: false
            }
        );
        assert_eq!(
            staleness.to_string(),
            "1 file added, 1 file removed, 1 file modified"
        );
        // The settings, which are no document, count too.
        let manifest = Manifest::new(&Corpus::scan(dir.path(), None).unwrap());
        fs::write(dir.path().join(crate::SETTINGS_FILE), "[records]\n").unwrap();
        let changed = manifest.staleness(&Corpus::scan(dir.path(), None).unwrap());
        assert_eq!(
            changed,
            Some(Staleness {
                settings: true,
                ..Staleness::default()
            })
        );
        assert_eq!(changed.unwrap().to_string(), "fouille.toml changed");
    }

    #[test]
    fn another_format_is_refused_with_what_to_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(MANIFEST_FILE),
            r#"{"schema_version": 0, "analyzer_version": 4}"#,
        )
        .unwrap();
        let err = Manifest::read(dir.path(), Path::new("idx")).unwrap_err();
        assert!(matches!(err, IngestError::IncompatibleIndex { .. }));
        assert_eq!(err.needs_rebuild(), Some((Path::new("idx"), None)));
    }

    #[test]
    fn every_version_is_checked_and_old_manifests_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = tempfile::tempdir().unwrap();
        fs::write(corpus.path().join("a.txt"), "A").unwrap();
        let manifest = Manifest::new(&Corpus::scan(corpus.path(), None).unwrap());
        manifest.write(dir.path()).unwrap();
        assert_eq!(
            Manifest::read(dir.path(), Path::new("idx")).unwrap(),
            manifest
        );
        let written: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.path().join(MANIFEST_FILE)).unwrap())
                .unwrap();
        for key in [
            "schema_version",
            "analyzer_version",
            "table_version",
            "vocabulary_version",
        ] {
            let mut changed = written.clone();
            changed[key] = 999.into();
            fs::write(dir.path().join(MANIFEST_FILE), changed.to_string()).unwrap();
            let err = Manifest::read(dir.path(), Path::new("idx")).unwrap_err();
            assert!(
                matches!(err, IngestError::IncompatibleIndex { .. }),
                "{key}: {err}"
            );
            assert!(err.to_string().contains("999"), "{err}");
        }
        // Manifests written before the table and vocabulary versions were
        // recorded hold version 1 of both: read as such, and so refused now
        // that the table is at version 2.
        let mut old = written.clone();
        let object = old.as_object_mut().unwrap();
        object.remove("table_version");
        object.remove("vocabulary_version");
        fs::write(dir.path().join(MANIFEST_FILE), old.to_string()).unwrap();
        let err = Manifest::read(dir.path(), Path::new("idx")).unwrap_err();
        let expected = format!(
            "format {}.{}.1.1",
            FORMAT.schema_version, FORMAT.analyzer_version
        );
        assert!(err.to_string().contains(&expected), "{err}");
        assert_ne!(FORMAT.table_version, 1);
        old["table_version"] = FORMAT.table_version.into();
        fs::write(dir.path().join(MANIFEST_FILE), old.to_string()).unwrap();
        assert_eq!(
            Manifest::read(dir.path(), Path::new("idx")).unwrap(),
            manifest
        );
    }
}
