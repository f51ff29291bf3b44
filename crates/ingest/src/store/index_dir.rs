//! The index directory: generations of the index and the pointer to the
//! current one (the files are listed in [`crate::store`]).
//!
//! A build writes a new generation beside the current one and only then
//! points `CURRENT` at it (write to a temporary file, then rename), so a
//! build that is interrupted at any point leaves the previous index whole and
//! in use. Readers read `CURRENT` once when they open the index.

use std::fs;
use std::path::{Path, PathBuf};

use tantivy::directory::Directory;
use tantivy::Index;

use crate::analysis::{FrenchTokenizer, TOKENIZER_NAME};
use crate::error::{Damage, IngestError, Result};
use crate::store::checksums::{CheckedStamp, Checksums, FileSum};
use crate::store::manifest::Manifest;
use crate::store::pre_analysed::{PreAnalysedTokenizer, PRE_ANALYSED};
use crate::store::read_only_dir::ReadOnlyDirectory;
use crate::store::schema::PassageSchema;
use crate::store::table::PassageTable;
use crate::store::vocabulary::Vocabulary;
use crate::store::{IndexFile, BUILD_PREFIX, FORMAT, GENERATION_PREFIX};

const CURRENT_FILE: &str = IndexFile::Current.name();
const LOCK_FILE: &str = IndexFile::Lock.name();

/// An index directory, which may not exist yet.
#[derive(Debug, Clone)]
pub struct IndexDir {
    root: PathBuf,
    /// Generations are opened with their files read into memory rather
    /// than mapped (see [`IndexDir::read_into_memory`]).
    in_memory: bool,
    /// Every byte of a generation is checked on opening, even when its
    /// files stand as they did at the last check
    /// ([`IndexDir::checking_every_byte`]).
    every_byte: bool,
}

/// An opened index generation, ready to search.
pub struct OpenIndex {
    /// The tantivy index, with the French tokenizer registered.
    pub index: Index,
    /// Its fields.
    pub schema: PassageSchema,
    /// What it was built from.
    pub manifest: Manifest,
    /// The generation directory.
    pub generation: PathBuf,
    /// The passage table of the generation, memory-mapped.
    pub table: PassageTable,
    /// The corpus vocabulary of the generation, memory-mapped.
    pub vocabulary: Vocabulary,
    /// Bytes whose checksum was checked on opening (every file's).
    pub checked_bytes: u64,
    /// Files whose checksum was checked on opening.
    pub checked_files: usize,
}

/// A generation being written; see [`IndexDir::begin_build`]. It holds the
/// build lock of the index directory until it is committed or dropped.
pub(crate) struct PendingGeneration {
    path: PathBuf,
    committed: bool,
    _lock: fs::File,
}

impl PendingGeneration {
    /// The directory to write the new index into.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for PendingGeneration {
    fn drop(&mut self) {
        // Not committed (an error happened): leave no half-built index behind.
        if !self.committed && self.path.exists() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

impl IndexDir {
    /// The index directory at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        IndexDir {
            root: root.into(),
            in_memory: false,
            every_byte: false,
        }
    }

    /// The same index directory, whose generations are checked byte for
    /// byte on every opening (`fouille index --verify`): without it, a
    /// generation whose files stand as they stood at the last full check
    /// (same length, times and inode) is not hashed again.
    pub fn checking_every_byte(mut self) -> Self {
        self.every_byte = true;
        self
    }

    /// The same index directory, whose generations are opened with their
    /// files read into memory instead of mapped: a server keeps a
    /// generation open for long, and a mapped file truncated under it
    /// (by a full disk, a careless `truncate`, a damaged copy) would kill
    /// it with SIGBUS at the next search. It costs the index's size in
    /// memory.
    pub fn read_into_memory(mut self) -> Self {
        self.in_memory = true;
        self
    }

    /// The directory's path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Fails when the index path is an existing file, not a directory.
    fn refuse_a_file(&self) -> Result<()> {
        if self.root.exists() && !self.root.is_dir() {
            return Err(IngestError::IndexNotADirectory {
                path: self.root.clone(),
            });
        }
        Ok(())
    }

    /// The current generation's directory, or `None` when no index was ever
    /// committed here.
    pub fn current(&self) -> Result<Option<PathBuf>> {
        self.refuse_a_file()?;
        let pointer = self.root.join(CURRENT_FILE);
        let name = match fs::read_to_string(&pointer) {
            Ok(name) => name.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(IngestError::io(pointer, e)),
        };
        let valid = name.starts_with(GENERATION_PREFIX) && !name.contains(['/', '\\']);
        let path = self.root.join(&name);
        if !valid || !path.is_dir() {
            return Err(IngestError::CorruptIndex {
                path: self.root.clone(),
                reason: Damage::MissingGeneration(name),
                corpus: None,
            });
        }
        Ok(Some(path))
    }

    /// Opens the current generation, checking that this version can read it.
    pub fn open(&self) -> Result<OpenIndex> {
        let generation = self.current()?.ok_or_else(|| IngestError::IndexNotFound {
            path: self.root.clone(),
        })?;
        let damaged_before_manifest = |reason: Damage| IngestError::CorruptIndex {
            path: self.root.clone(),
            reason,
            corpus: None,
        };
        let Some(sums) = Checksums::read(&generation).map_err(damaged_before_manifest)? else {
            // Built by a fouille that wrote no checksums: its manifest
            // (unchecked) names the corpus to rebuild it from.
            let manifest = Manifest::read(&generation, &self.root)?;
            return Err(IngestError::IncompatibleIndex {
                path: self.root.clone(),
                found: format!("{} without checksums", manifest.format),
                expected: format!("{FORMAT} with checksums"),
                corpus: Some(manifest.corpus),
            });
        };
        let directory = if self.in_memory {
            ReadOnlyDirectory::open_in_memory(&generation)
        } else {
            ReadOnlyDirectory::open(&generation)
        }
        .map_err(|e| damaged_before_manifest(Damage::Engine(e)))?;
        // Every byte of every file is checked before any is used: a file
        // truncated, replaced or damaged since the build would otherwise
        // change answers and citations without a word. The manifest first,
        // so that the corpus named in later errors is the one written. A
        // generation whose files stand as they stood at the last full
        // check is not hashed again, unless every byte must be read
        // (the server, `--verify`): see `CheckedStamp`.
        let check_bytes = self.in_memory
            || self.every_byte
            || !CheckedStamp::vouches(&self.root, &generation, &sums);
        let manifest_name = IndexFile::Manifest.name();
        if check_bytes {
            verify_file(
                &directory,
                &generation,
                manifest_name,
                &sums.files[manifest_name],
            )
            .map_err(damaged_before_manifest)?;
        }
        let manifest = Manifest::read(&generation, &self.root)?;
        let damaged = |reason: Damage| IngestError::CorruptIndex {
            path: self.root.clone(),
            reason,
            corpus: Some(manifest.corpus.clone()),
        };
        if check_bytes {
            for (name, sum) in &sums.files {
                if name != manifest_name {
                    verify_file(&directory, &generation, name, sum).map_err(damaged)?;
                }
            }
            CheckedStamp::record(&self.root, &generation, &sums);
        }
        let corrupt = |e: tantivy::TantivyError| damaged(Damage::Engine(e));
        // Read through the generation's own directory, not the index's: the
        // table is not a tantivy file (tantivy would look for its footer).
        let read = |file: IndexFile| {
            directory
                .open_read(Path::new(file.name()))
                .map_err(|e| damaged(Damage::Open(e)))?
                .read_bytes()
                .map_err(|source| {
                    damaged(Damage::Unreadable {
                        path: generation.join(file.name()),
                        source,
                    })
                })
        };
        let table = read(IndexFile::Table)
            .and_then(|bytes| PassageTable::open(bytes).map_err(|e| damaged(Damage::Table(e))));
        let vocabulary = read(IndexFile::Vocabulary)
            .and_then(|bytes| Vocabulary::open(bytes).map_err(|e| damaged(Damage::Vocabulary(e))));
        let index = Index::open(directory).map_err(corrupt)?;
        register_analyzer(&index);
        let schema = PassageSchema::from_schema(&index.schema()).map_err(|_| {
            IngestError::IncompatibleIndex {
                path: self.root.clone(),
                found: "an unknown schema".into(),
                expected: FORMAT.to_string(),
                corpus: Some(manifest.corpus.clone()),
            }
        })?;
        let (table, vocabulary) = (table?, vocabulary?);
        Ok(OpenIndex {
            index,
            schema,
            manifest,
            generation,
            table,
            vocabulary,
            checked_bytes: if check_bytes { sums.total_bytes() } else { 0 },
            checked_files: if check_bytes { sums.files.len() } else { 0 },
        })
    }

    /// Takes the build lock and creates a fresh directory for a new
    /// generation. Fails with [`IngestError::BuildInProgress`] while another
    /// build holds the lock. Builds left behind by processes that are gone are
    /// removed first.
    pub(crate) fn begin_build(&self) -> Result<PendingGeneration> {
        self.refuse_a_file()?;
        fs::create_dir_all(&self.root).map_err(|e| IngestError::io(&self.root, e))?;
        let lock_path = self.root.join(LOCK_FILE);
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| IngestError::io(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(IngestError::BuildInProgress {
                    path: self.root.clone(),
                })
            }
            Err(fs::TryLockError::Error(e)) => return Err(IngestError::io(&lock_path, e)),
        }
        self.remove_abandoned_builds();
        let path = self.root.join(format!(
            "{BUILD_PREFIX}{}-{}",
            std::process::id(),
            unique_stamp()
        ));
        fs::create_dir(&path).map_err(|e| IngestError::io(&path, e))?;
        Ok(PendingGeneration {
            path,
            committed: false,
            _lock: lock,
        })
    }

    /// Blocks until no build of this directory is running (returns at once
    /// when none is).
    pub fn wait_for_build(&self) -> Result<()> {
        let lock_path = self.root.join(LOCK_FILE);
        match fs::OpenOptions::new().write(true).open(&lock_path) {
            Ok(lock) => lock.lock().map_err(|e| IngestError::io(&lock_path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(IngestError::io(&lock_path, e)),
        }
    }

    /// Makes a finished build the current generation, atomically, and removes
    /// the generations it replaces. Returns the new generation's directory.
    pub(crate) fn commit(&self, mut pending: PendingGeneration) -> Result<PathBuf> {
        // Last of the generation's files: it sums all the others.
        Checksums::write(&pending.path)?;
        let name = format!("{GENERATION_PREFIX}{}", unique_stamp());
        let generation = self.root.join(&name);
        fs::rename(&pending.path, &generation).map_err(|e| IngestError::io(&generation, e))?;
        pending.committed = true;
        sync_dir(&generation);
        let pointer = self.root.join(CURRENT_FILE);
        let staged = self.root.join(format!(
            "{BUILD_PREFIX}{}-{CURRENT_FILE}",
            std::process::id()
        ));
        fs::write(&staged, format!("{name}\n")).map_err(|e| IngestError::io(&staged, e))?;
        if let Ok(file) = fs::File::open(&staged) {
            let _ = file.sync_all();
        }
        fs::rename(&staged, &pointer).map_err(|e| IngestError::io(&pointer, e))?;
        sync_dir(&self.root);
        self.remove_old_generations(&name);
        Ok(generation)
    }

    fn remove_old_generations(&self, keep: &str) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(GENERATION_PREFIX) && name != keep {
                // A reader that still has it open keeps its files alive
                // (open files survive unlinking).
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }

    fn remove_abandoned_builds(&self) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Some(rest) = name.strip_prefix(BUILD_PREFIX) else {
                continue;
            };
            let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|pid| !process_alive(pid)) {
                let path = entry.path();
                if path.is_dir() {
                    let _ = fs::remove_dir_all(path);
                } else {
                    let _ = fs::remove_file(path);
                }
            }
        }
    }
}

/// Checks one file of the generation against its sum, reading it the way
/// searches will (mapped, or copied into memory).
fn verify_file(
    directory: &ReadOnlyDirectory,
    generation: &Path,
    name: &str,
    sum: &FileSum,
) -> std::result::Result<(), Damage> {
    let bytes = directory
        .open_read(Path::new(name))
        .map_err(|e| match e {
            tantivy::directory::error::OpenReadError::FileDoesNotExist(_) => {
                Damage::Checksum(format!("{name} is missing"))
            }
            e => Damage::Open(e),
        })?
        .read_bytes()
        .map_err(|source| Damage::Unreadable {
            path: generation.join(name),
            source,
        })?;
    sum.check(name, &bytes)
}

/// Registers fouille's analyzer on an index (tantivy does not store
/// analyzers: this must happen every time an index is opened or created).
pub(crate) fn register_analyzer(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(TOKENIZER_NAME, FrenchTokenizer::default());
    tokenizers.register(PRE_ANALYSED, PreAnalysedTokenizer::default());
}

fn unique_stamp() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:x}")
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true // cannot tell: keep it
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(file) = fs::File::open(dir) {
        let _ = file.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_directory_has_no_index() {
        let dir = tempfile::tempdir().unwrap();
        let index_dir = IndexDir::new(dir.path().join("index"));
        assert!(index_dir.current().unwrap().is_none());
        assert!(matches!(
            index_dir.open(),
            Err(IngestError::IndexNotFound { .. })
        ));
    }

    #[test]
    fn an_uncommitted_build_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let index_dir = IndexDir::new(dir.path());
        let pending = index_dir.begin_build().unwrap();
        let path = pending.path().to_path_buf();
        assert!(path.is_dir());
        drop(pending);
        assert!(!path.exists());
        assert!(index_dir.current().unwrap().is_none());
    }

    #[test]
    fn one_build_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let index_dir = IndexDir::new(dir.path());
        let first = index_dir.begin_build().unwrap();
        let err = index_dir.begin_build().err().unwrap();
        assert!(matches!(err, IngestError::BuildInProgress { .. }), "{err}");
        drop(first);
        assert!(index_dir.begin_build().is_ok());
    }

    #[test]
    fn a_dangling_pointer_is_reported_as_damage() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(CURRENT_FILE), "gen-missing\n").unwrap();
        let err = IndexDir::new(dir.path()).current().unwrap_err();
        assert!(matches!(err, IngestError::CorruptIndex { .. }), "{err}");
    }

    #[test]
    fn a_file_in_place_of_the_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index");
        fs::write(&file, "not an index").unwrap();
        assert!(IndexDir::new(&file).current().is_err());
        assert!(IndexDir::new(&file).begin_build().is_err());
    }
}
