//! Listing a corpus: the files under a directory.
//!
//! Every regular file under the corpus directory is a candidate document,
//! except hidden files and directories (names starting with `.`) and the
//! synonyms and metadata files at the corpus root ([`SYNONYMS_FILE`],
//! [`METADATA_FILE`]). What
//! cannot be listed (dangling links, unreadable directories, link loops) is
//! reported, never silently dropped; reading a file is its reader's job
//! (`crate::document`).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::metadata::METADATA_FILE;
use crate::settings::SETTINGS_FILE;

/// The synonyms file at the root of a corpus: groups of words that searches
/// of its index take for one another (read by `fouille_query`), not a
/// document.
pub const SYNONYMS_FILE: &str = "synonyms.txt";

/// Why a corpus directory cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The corpus directory does not exist.
    #[error("corpus directory {path} not found")]
    NotFound {
        /// The path given as corpus.
        path: PathBuf,
    },
    /// The corpus path exists but is not a directory.
    #[error("corpus {path} is not a directory (give the directory that holds the articles)")]
    NotADirectory {
        /// The path given as corpus.
        path: PathBuf,
    },
    /// A directory of the corpus cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

type Result<T> = std::result::Result<T, CorpusError>;

fn io(path: &Path, source: std::io::Error) -> CorpusError {
    CorpusError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A file of the corpus, as listed (not yet read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusFile {
    /// Path relative to the corpus directory, with `/` separators.
    pub rel: String,
    /// Document name, unique in the corpus: the relative path without its
    /// extension (`000_006640d4a8ac10f5.txt` → `000_006640d4a8ac10f5`), or
    /// with it when two files differ only by extension (`a.txt`, `a.md`).
    #[serde(default)]
    pub doc: String,
    /// Size in bytes when listed.
    pub bytes: u64,
    /// Modification time in nanoseconds since the Unix epoch when listed.
    pub mtime_ns: u64,
}

/// The relative path without its extension.
fn without_extension(rel: &str) -> &str {
    let name_start = rel.rfind('/').map_or(0, |i| i + 1);
    match rel[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &rel[..name_start + dot],
        _ => rel,
    }
}

/// A file of the corpus decoded from another encoding than UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodedFile {
    /// Path relative to the corpus directory.
    pub rel: String,
    /// The encoding it was decoded from (`windows-1252`, `UTF-16LE`…).
    pub encoding: String,
}

/// A file of the corpus that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedFile {
    /// Path relative to the corpus directory.
    pub rel: String,
    /// Why it was skipped, in a phrase.
    pub reason: String,
}

impl SkippedFile {
    /// True for a PDF skipped as a scan: pages without a text layer
    /// (`fouille index --ocr` reads them), as a build's summary counts it.
    pub fn is_scan(&self) -> bool {
        self.reason.starts_with(SCAN_REASON)
    }
}

/// How the reason a scan is skipped for starts (see
/// `ReadError::NoTextLayer`).
const SCAN_REASON: &str = "no text layer";

/// The files of a corpus directory, sorted by relative path.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The corpus directory, as given.
    pub root: PathBuf,
    /// The candidate files, sorted by relative path.
    pub files: Vec<CorpusFile>,
    /// Entries that could not even be listed (dangling links, unreadable
    /// directories, links leading out of the corpus), with the reason.
    pub unlisted: Vec<SkippedFile>,
    /// Whether symbolic links leading outside the corpus directory were
    /// followed (see [`Corpus::scan_with`]).
    pub follows_links: bool,
    /// The size and modification time of the corpus's settings
    /// ([`SETTINGS_FILE`]), when it has some: a change of them is a change
    /// of the corpus.
    pub settings: Option<(u64, u64)>,
}

impl Corpus {
    /// Lists the files under `root`, following symbolic links that stay
    /// inside it but never the same directory twice, and never entering
    /// `exclude` (the index directory, when it lies inside the corpus). A
    /// link that leads outside `root` is listed among
    /// [`Corpus::unlisted`], not followed: a link to `/etc` must not make
    /// `/etc/shadow` searchable.
    pub fn scan(root: &Path, exclude: Option<&Path>) -> Result<Corpus> {
        Self::scan_with(root, exclude, false)
    }

    /// [`Corpus::scan`], following links that lead outside `root` too when
    /// `follow_links` (`fouille index --follow-links`).
    pub fn scan_with(root: &Path, exclude: Option<&Path>, follow_links: bool) -> Result<Corpus> {
        let mut corpus = Self::list_with(root, exclude, follow_links)?;
        let files = &mut corpus.files;
        let mut stems: crate::FastMap<&str, usize> = Default::default();
        for file in files.iter() {
            *stems.entry(without_extension(&file.rel)).or_default() += 1;
        }
        let docs: Vec<String> = files
            .iter()
            .map(|f| {
                let stem = without_extension(&f.rel);
                if stems[stem] > 1 {
                    f.rel.clone()
                } else {
                    stem.to_string()
                }
            })
            .collect();
        for (file, doc) in files.iter_mut().zip(docs) {
            file.doc = doc;
        }
        Ok(corpus)
    }

    /// [`Corpus::scan_with`] without naming the documents (each file's
    /// `doc` is empty): what a check for changes needs, and no more.
    pub(crate) fn list_with(
        root: &Path,
        exclude: Option<&Path>,
        follow_links: bool,
    ) -> Result<Corpus> {
        let meta = fs::metadata(root).map_err(|_| CorpusError::NotFound {
            path: root.to_path_buf(),
        })?;
        if !meta.is_dir() {
            return Err(CorpusError::NotADirectory {
                path: root.to_path_buf(),
            });
        }
        let mut walk = Walk {
            root: fs::canonicalize(root).map_err(|e| io(root, e))?,
            follow_links,
            seen: HashSet::new(),
            exclude: exclude.and_then(|p| fs::canonicalize(p).ok()),
            files: Vec::new(),
            unlisted: Vec::new(),
        };
        walk.dir(root, "")?;
        let mut files = walk.files;
        files.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
        let settings = fs::metadata(root.join(SETTINGS_FILE))
            .ok()
            .filter(fs::Metadata::is_file)
            .map(|meta| {
                let mtime_ns = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as u64);
                (meta.len(), mtime_ns)
            });
        Ok(Corpus {
            root: root.to_path_buf(),
            files,
            unlisted: walk.unlisted,
            follows_links: follow_links,
            settings,
        })
    }

    /// The path of a corpus file.
    pub fn path_of(&self, file: &CorpusFile) -> PathBuf {
        self.root.join(&file.rel)
    }

    /// A fingerprint of the listing (names, sizes, modification times): it
    /// changes when a file is added, removed or modified.
    pub fn fingerprint(&self) -> String {
        let files = fingerprint(&self.files);
        match self.settings {
            // As the index read it before there were settings.
            None => files,
            Some((bytes, mtime_ns)) => fingerprint(&[CorpusFile {
                rel: format!("{SETTINGS_FILE}:{files}"),
                doc: String::new(),
                bytes,
                mtime_ns,
            }]),
        }
    }
}

/// The fingerprint of a listing; see [`Corpus::fingerprint`].
pub fn fingerprint(files: &[CorpusFile]) -> String {
    // Written in the manifest and compared by another build: a stable hash.
    let mut hash = crate::fast_hash::StableHasher::default();
    for file in files {
        hash.write(file.rel.as_bytes());
        hash.write(&[0]);
        hash.write(&file.bytes.to_le_bytes());
        hash.write(&file.mtime_ns.to_le_bytes());
    }
    format!("{:016x}", hash.finish())
}

/// Fewest entries of a directory whose metadata are read in parallel:
/// below, starting the threads costs more than it saves.
const PARALLEL_STAT: usize = 64;

/// What a walk keeps of a directory entry's metadata.
struct Stat {
    dir: bool,
    file: bool,
    bytes: u64,
    mtime_ns: u64,
}

/// State of a corpus walk.
struct Walk {
    /// The corpus directory, canonical.
    root: PathBuf,
    /// Follow links that lead outside `root`.
    follow_links: bool,
    seen: HashSet<PathBuf>,
    exclude: Option<PathBuf>,
    files: Vec<CorpusFile>,
    unlisted: Vec<SkippedFile>,
}

impl Walk {
    /// Walks `dir`, whose path in the corpus is `prefix`. Returns false,
    /// walking nothing, when `dir` is a directory already walked (reached
    /// again through a symbolic link).
    fn dir(&mut self, dir: &Path, prefix: &str) -> Result<bool> {
        let canonical = fs::canonicalize(dir).map_err(|e| io(dir, e))?;
        if self.exclude.as_ref() == Some(&canonical) {
            return Ok(true); // the index itself
        }
        if !self.seen.insert(canonical) {
            return Ok(false);
        }
        let entries = fs::read_dir(dir).map_err(|e| io(dir, e))?;
        // The directory's entries first, then what each is, found in
        // parallel (as git's preloaded index does: a check of a large
        // corpus is mostly a `stat` per file), then each in order.
        let mut listed = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io(dir, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                self.unlisted.push(SkippedFile {
                    rel: format!("{prefix}/{}", name.to_string_lossy()),
                    reason: "file name is not UTF-8".into(),
                });
                continue;
            };
            if name.starts_with('.')
                || (prefix.is_empty()
                    && (name == SYNONYMS_FILE || name == METADATA_FILE || name == SETTINGS_FILE))
            {
                continue;
            }
            let rel = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}/{name}")
            };
            let link = entry.file_type().is_ok_and(|t| t.is_symlink());
            if !self.follow_links && link {
                if let Ok(target) = fs::canonicalize(entry.path()) {
                    if !target.starts_with(&self.root) {
                        self.unlisted.push(SkippedFile {
                            rel,
                            reason: format!(
                                "a symbolic link to {}, outside the corpus: not followed \
                                 (`fouille index --follow-links` follows it)",
                                target.display()
                            ),
                        });
                        continue;
                    }
                }
            }
            listed.push((rel, entry, link));
        }
        // A link is followed to what it names; anything else is looked up
        // in the directory already open (no walk of the whole path). Only
        // what the listing needs is kept of each (a `Metadata` is 150
        // bytes, thousands of them for a large directory).
        let stat = |(_, entry, link): &(String, fs::DirEntry, bool)| {
            let meta = if *link {
                fs::metadata(entry.path())
            } else {
                entry.metadata()
            }?;
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64);
            Ok(Stat {
                dir: meta.is_dir(),
                file: meta.is_file(),
                bytes: meta.len(),
                mtime_ns,
            })
        };
        let stats: Vec<std::io::Result<Stat>> = if listed.len() >= PARALLEL_STAT {
            listed.par_iter().map(stat).collect()
        } else {
            listed.iter().map(stat).collect()
        };
        for ((rel, entry, _), stat) in listed.into_iter().zip(stats) {
            let stat = match stat {
                Ok(stat) => stat,
                Err(e) => {
                    self.unlisted.push(SkippedFile {
                        rel,
                        reason: format!("cannot be read ({e})"),
                    });
                    continue;
                }
            };
            if stat.dir {
                let reason = match self.dir(&entry.path(), &rel) {
                    Ok(true) => continue,
                    Ok(false) => {
                        "a link to a directory already indexed (a symbolic link loop?)".into()
                    }
                    Err(e) => format!("directory cannot be read ({e})"),
                };
                self.unlisted.push(SkippedFile { rel, reason });
            } else if !stat.file {
                self.unlisted.push(SkippedFile {
                    rel,
                    reason: "not a regular file (a pipe, socket or device)".into(),
                });
            } else {
                self.files.push(CorpusFile {
                    rel,
                    doc: String::new(),
                    bytes: stat.bytes,
                    mtime_ns: stat.mtime_ns,
                });
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_is_known_by_its_reason() {
        let skipped = |error: crate::document::ReadError| SkippedFile {
            rel: "a.pdf".into(),
            reason: error.to_string(),
        };
        for ocr in [false, true] {
            let scan = crate::document::ReadError::NoTextLayer { pages: 2, ocr };
            assert!(skipped(scan).is_scan());
        }
        assert!(!skipped(crate::document::ReadError::Encrypted).is_scan());
    }

    #[test]
    fn lists_files_sorted_and_skips_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.txt"), "B").unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        fs::write(dir.path().join(".hidden"), "H").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/c.md"), "C").unwrap();
        let corpus = Corpus::scan(dir.path(), None).unwrap();
        let rels: Vec<&str> = corpus.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "b.txt", "sub/c.md"]);
        assert_eq!(corpus.files[2].doc, "sub/c");
        assert_eq!(corpus.files[0].doc, "a");
    }

    #[test]
    fn the_synonyms_file_at_the_root_is_no_document() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        fs::write(dir.path().join(SYNONYMS_FILE), "voiture, automobile").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub").join(SYNONYMS_FILE), "a note").unwrap();
        let corpus = Corpus::scan(dir.path(), None).unwrap();
        let rels: Vec<&str> = corpus.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "sub/synonyms.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_corpus_are_listed_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("shadow"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/b.txt"), "B").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("etc-link")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("shadow"), dir.path().join("s.txt"))
            .unwrap();
        // A link that stays inside is followed.
        std::os::unix::fs::symlink(dir.path().join("sub/b.txt"), dir.path().join("inner.txt"))
            .unwrap();
        let corpus = Corpus::scan(dir.path(), None).unwrap();
        let rels: Vec<&str> = corpus.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "inner.txt", "sub/b.txt"]);
        let mut unlisted: Vec<&str> = corpus.unlisted.iter().map(|f| f.rel.as_str()).collect();
        unlisted.sort();
        assert_eq!(unlisted, ["etc-link", "s.txt"]);
        assert!(corpus
            .unlisted
            .iter()
            .all(|f| f.reason.contains("outside the corpus")));
        let followed = Corpus::scan_with(dir.path(), None, true).unwrap();
        let rels: Vec<&str> = followed.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "a.txt",
                "etc-link/shadow",
                "inner.txt",
                "s.txt",
                "sub/b.txt"
            ]
        );
    }

    #[test]
    fn fingerprint_changes_with_the_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        let before = Corpus::scan(dir.path(), None).unwrap().fingerprint();
        assert_eq!(
            before,
            Corpus::scan(dir.path(), None).unwrap().fingerprint()
        );
        fs::write(dir.path().join("a.txt"), "AB").unwrap();
        assert_ne!(
            before,
            Corpus::scan(dir.path(), None).unwrap().fingerprint()
        );
    }

    #[test]
    fn a_missing_corpus_is_named() {
        let err = Corpus::scan(Path::new("/no/such/dir"), None).unwrap_err();
        assert!(err.to_string().contains("/no/such/dir"), "{err}");
    }

    #[test]
    fn documents_differing_by_extension_keep_distinct_names() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        fs::write(dir.path().join("a.md"), "A").unwrap();
        fs::write(dir.path().join("b.txt"), "B").unwrap();
        let corpus = Corpus::scan(dir.path(), None).unwrap();
        let docs: Vec<&str> = corpus.files.iter().map(|f| f.doc.as_str()).collect();
        assert_eq!(docs, ["a.md", "a.txt", "b"]);
    }

    #[test]
    fn the_index_inside_the_corpus_is_not_listed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        fs::create_dir(dir.path().join("idx")).unwrap();
        fs::write(dir.path().join("idx/CURRENT"), "gen").unwrap();
        let corpus = Corpus::scan(dir.path(), Some(&dir.path().join("idx"))).unwrap();
        assert_eq!(corpus.files.len(), 1);
    }

    #[test]
    fn a_file_given_as_corpus_is_not_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        let err = Corpus::scan(&dir.path().join("a.txt"), None).unwrap_err();
        assert!(err.to_string().contains("not a directory"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn dangling_links_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("lost.txt"))
            .unwrap();
        let corpus = Corpus::scan(dir.path(), None).unwrap();
        assert!(corpus.files.is_empty());
        assert_eq!(corpus.unlisted.len(), 1);
        assert_eq!(corpus.unlisted[0].rel, "lost.txt");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/a.txt"), "A").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        let corpus = Corpus::scan(dir.path(), None).unwrap();
        assert_eq!(corpus.files.len(), 1);
        assert_eq!(corpus.unlisted.len(), 1, "{:?}", corpus.unlisted);
        assert_eq!(corpus.unlisted[0].rel, "sub/loop");
        assert!(corpus.unlisted[0].reason.contains("loop"));
    }
}
